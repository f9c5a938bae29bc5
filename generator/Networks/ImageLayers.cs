using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Common;
using NetGen.Generator.Networks.Model;

namespace NetGen.Generator.Networks;

/// <summary>
/// Reads <c>[Conv2D]</c>, <c>[MaxPool2D]</c> and <c>[AvgPool2D]</c> into <see cref="LayerSpec"/>s and checks their
/// shapes against the image before them, in 64-bit arithmetic so that no size can wrap: every misfit is a
/// NETGEN019 (with the computed shapes) or NETGEN039 (a layer in the wrong place) at the argument to change.
/// </summary>
internal static class ImageLayers
{
    /// <summary>The reason NETGEN039 gives for a dense layer's extras in an image network.</summary>
    public const string NoExtras = "residual connections, [LayerNorm] and [Dropout] are not supported yet in a network with convolution or pooling layers; remove it";

    /// <summary>
    /// Reads one image layer. False when the attribute is malformed (the compiler reports it); otherwise
    /// <paramref name="layer"/> is the layer, or null when a diagnostic was reported.
    /// </summary>
    public static bool TryRead(AttributeData attribute, AttributeSyntax? syntax, int index, ImageSpec? shape, bool imageInput, List<DiagnosticInfo> diagnostics, out LayerSpec? layer)
    {
        layer = null;
        if (!TryReadArguments(attribute, out LayerType kind, out int filters, out int kernel, out int activation))
        {
            return false;
        }

        bool conv = kind == LayerType.Conv2D;
        int stride = conv ? Named(attribute, "Stride", 1) : kernel;
        int padding = conv ? Named(attribute, "Padding", 0) : 0;
        string text = conv
            ? Invariant($"[Conv2D({filters}, {kernel}{(stride != 1 ? Invariant($", Stride = {stride}") : string.Empty)}{(padding != 0 ? Invariant($", Padding = {padding}") : string.Empty)})]")
            : Invariant($"[{kind}({kernel})]");
        int before = diagnostics.Count;
        if (shape is not { } input)
        {
            Report(DiagnosticDescriptors.MisplacedImageLayer, syntax, index, text, imageInput
                ? "comes after a [Dense] layer, whose output is flat; put every convolution and pooling before the first [Dense]"
                : "needs an image input; declare the network's input as [Network(channels, height, width)]");
            return true;
        }

        if (conv && filters <= 0)
        {
            Report(DiagnosticDescriptors.ImageLayerShape, NetworkParser.Argument(syntax, 0, "filters") ?? (SyntaxNode?)syntax, index, text, Invariant($"a convolution needs at least 1 filter, not {filters}"));
        }

        if (kernel <= 0)
        {
            Report(DiagnosticDescriptors.ImageLayerShape, NetworkParser.Argument(syntax, conv ? 1 : 0, conv ? "kernel" : "size") ?? (SyntaxNode?)syntax, index, text, Invariant($"the {(conv ? "kernel" : "window")} must be at least 1 × 1, not {kernel} × {kernel}"));
        }

        if (conv && activation is < 0 or > (int)ActivationKind.Softplus)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedActivation, NetworkParser.Argument(syntax, 2, "activation") ?? (SyntaxNode?)syntax, "(Activation)" + Invariant($"{activation}")));
        }

        if (conv && stride <= 0)
        {
            Report(DiagnosticDescriptors.ImageLayerShape, NetworkParser.NamedArgument(syntax, "Stride") ?? (SyntaxNode?)syntax, index, text, Invariant($"the stride must be at least 1, not {stride}"));
        }

        if (padding < 0)
        {
            Report(DiagnosticDescriptors.ImageLayerShape, NetworkParser.NamedArgument(syntax, "Padding") ?? (SyntaxNode?)syntax, index, text, Invariant($"the padding must be at least 0, not {padding}"));
        }

        if (diagnostics.Count > before)
        {
            return true;
        }

        long paddedHeight = (long)input.Height + (2L * padding), paddedWidth = (long)input.Width + (2L * padding);
        if (kernel > paddedHeight || kernel > paddedWidth)
        {
            long largest = System.Math.Min(paddedHeight, paddedWidth);
            Report(DiagnosticDescriptors.ImageLayerShape, NetworkParser.Argument(syntax, conv ? 1 : 0, conv ? "kernel" : "size") ?? (SyntaxNode?)syntax, index, text, conv
                ? Invariant($"a {kernel} × {kernel} kernel does not fit its input of {input}{(padding > 0 ? Invariant($", padded to {paddedHeight} × {paddedWidth}") : string.Empty)}; use a kernel of at most {largest}, or more padding")
                : Invariant($"a {kernel} × {kernel} window does not fit its input of {input}; use a size of at most {largest}"));
            return true;
        }

        long outHeight = ((paddedHeight - kernel) / stride) + 1, outWidth = ((paddedWidth - kernel) / stride) + 1;
        long channels = conv ? filters : input.Channels;
        double count = (double)channels * outHeight * outWidth; // in double: the product of three factors near 2^32 would wrap a long
        double weights = conv ? (double)filters * input.Channels * kernel * kernel : 0;
        if (count > int.MaxValue || weights > NetworkParser.MaxParameters)
        {
            Report(DiagnosticDescriptors.ImageLayerShape, syntax, index, text, count > int.MaxValue
                ? Invariant($"its output of {channels} × {outHeight} × {outWidth} values is more than int.MaxValue; use a larger stride, less padding, or a smaller input")
                : Invariant($"its {filters} × {input.Channels} × {kernel} × {kernel} weights are more than the limit of {NetworkParser.MaxParameters}; use fewer filters or a smaller kernel"));
            return true;
        }

        var output = new ImageSpec((int)channels, (int)outHeight, (int)outWidth);
        layer = new LayerSpec(input.Count, output.Count, (ActivationKind)activation)
        {
            Kind = kind,
            In = input,
            Out = output,
            Kernel = kernel,
            Stride = stride,
            Padding = padding,
        };
        return true;

        void Report(DiagnosticDescriptor descriptor, SyntaxNode? at, int layerIndex, string what, string why) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, at, Invariant($"{layerIndex}"), what, why));
    }

    /// <summary>The layer's kind and constructor arguments (a pooling's size is its kernel); false when the attribute is malformed.</summary>
    private static bool TryReadArguments(AttributeData attribute, out LayerType kind, out int filters, out int kernel, out int activation)
    {
        string? name = attribute.AttributeClass?.ToDisplayString();
        kind = name == NetworkParser.Conv2DAttribute ? LayerType.Conv2D : name == NetworkParser.MaxPool2DAttribute ? LayerType.MaxPool2D : LayerType.AvgPool2D;
        (filters, kernel, activation) = (0, 0, 0);
        if (attribute.AttributeConstructor is null)
        {
            return false;
        }

        if (kind == LayerType.Conv2D)
        {
            if (attribute.ConstructorArguments.Length != 3 || attribute.ConstructorArguments[0].Value is not int f ||
                attribute.ConstructorArguments[1].Value is not int k || attribute.ConstructorArguments[2].Value is not int a)
            {
                return false;
            }

            (filters, kernel, activation) = (f, k, a);
            return true;
        }

        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int size)
        {
            return false;
        }

        kernel = size;
        return true;
    }

    /// <summary>
    /// The batch scratch of one row of an image network, in numbers: per convolution its patches and u, z, d (and a
    /// channel-last copy of a several-channel input);
    /// per pooling z and d; per dense layer u, z, d and, after an image layer, the flattened input and its adjoint.
    /// </summary>
    public static long ScratchPerRow(IReadOnlyList<LayerSpec> layers)
    {
        long total = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            LayerSpec layer = layers[l];
            total += layer.Kind switch
            {
                LayerType.Conv2D => ((long)layer.Out.Pixels * layer.Depth) + (3L * layer.Units) + (l == 0 && layer.In.Channels > 1 ? layer.Inputs : 0),
                LayerType.Dense => (3L * layer.Units) + (l > 0 && layers[l - 1].IsImage ? 2L * layer.Inputs : 0),
                _ => 2L * layer.Units,
            };
        }

        return layers.Count > 0 && layers[layers.Count - 1].IsImage ? total + (2L * layers[layers.Count - 1].Units) : total;
    }

    private static int Named(AttributeData attribute, string name, int fallback) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value is int value ? value : fallback;

    private static string Invariant(System.FormattableString text) => System.FormattableString.Invariant(text);
}
