using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Common;
using NetGen.Generator.Networks.Model;

namespace NetGen.Generator.Networks;

/// <summary>Reads a <c>[Network]</c> class and its <c>[Dense]</c> layers into a <see cref="NetworkSpec"/>.</summary>
internal static class NetworkParser
{
    public const string NetworkAttribute = "NetGen.NetworkAttribute";
    public const string DenseAttribute = "NetGen.DenseAttribute";
    public const string LayerNormAttribute = "NetGen.LayerNormAttribute";
    public const string DropoutAttribute = "NetGen.DropoutAttribute";
    public const string Conv2DAttribute = "NetGen.Conv2DAttribute";
    public const string MaxPool2DAttribute = "NetGen.MaxPool2DAttribute";
    public const string AvgPool2DAttribute = "NetGen.AvgPool2DAttribute";

    /// <summary>
    /// An image network's batch scratch per row (patches, pre-activations, outputs and adjoints of every layer)
    /// is at most this many numbers: 4 Mi numbers is 32 MB of doubles for one row, allocated with the instance.
    /// </summary>
    public const int MaxImageScratchPerRow = 4 * 1024 * 1024;

    /// <summary>
    /// Networks with at most this many parameters are written straight-line; larger ones with loops.
    /// Straight-line code keeps every parameter, activation and gradient in a local; past a few
    /// hundred parameters the JIT runs out of registers and tracked locals, and the loop form wins
    /// (see the scale figures in README.md).
    /// </summary>
    public const int StraightLineMaxParameters = 500;

    /// <summary>The loop form keeps u, z and ∂l/∂z of every layer on the stack: at most this many doubles.</summary>
    public const int MaxScratch = 32 * 1024;

    /// <summary>
    /// At most this much straight-line code: parameters plus inputs plus units (each a local or
    /// two). Measured on the 2-core CI machine kind (dotnet build, generate + compile): 4,810
    /// parameters 16 s and 1.0 GB; 8,260 parameters 32 s and 2.1 GB; 16,001 parameters 86 s and
    /// 4 GB. Below this ceiling every straight-line network compiles in well under 30 s and 2 GB.
    /// </summary>
    public const int MaxStraightLineSize = 4096;

    /// <summary>
    /// <c>Auto</c> writes an image network straight-line (every pixel a local, one image per vector lane in the batch
    /// members) when its parameters, inputs, units and convolution and pooling taps are at most this many; larger
    /// ones over blocks of images as matrix products. Measured (docs/benchmarks/TinyImageBenchmarks.md, batch 256):
    /// at 368 the straight-line gradient is 2.2× faster and one image's forward pass 7.3×; at 444 the gradient ties
    /// (1.06× slower) and one image is 5.8× faster; at 1,848 both are slower (1.9× and 1.3×): the unrolled
    /// code outgrows the instruction cache.
    /// </summary>
    public const int ImageStraightLineMaxSize = 450;

    /// <summary><c>Auto</c> writes a network without layers straight-line up to this many inputs.</summary>
    public const int StraightLineMaxInputs = 500;

    /// <summary>At most this many parameters (the flat array's length).</summary>
    public const int MaxParameters = 64 * 1024 * 1024;

    public static ParseResult<NetworkSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        if (context.Attributes.Length != 1 || type.GetAttributes().Count(a => a.AttributeClass?.ToDisplayString() == NetworkAttribute) != 1)
        {
            // [Network] twice (on one declaration or on two parts of a partial class): the compiler
            // already reports CS0579, and generating once per part would clash.
            return Result(null, diagnostics);
        }

        NetworkSpec? spec = null;
        try
        {
            spec = ParseCore(type, declaration, context.Attributes[0], context.SemanticModel.Compilation, diagnostics, cancellationToken);
        }
        catch (System.Exception ex) when (ex is not System.OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(declaration.Identifier), type.Name, ex.GetType().Name + ": " + ex.Message));
        }

        return Result(spec, diagnostics);
    }

    /// <summary>NETGEN002 for a class that has <c>[Dense]</c>, <c>[LayerNorm]</c> or <c>[Dropout]</c> but no <c>[Network]</c>.</summary>
    public static EquatableArray<DiagnosticInfo> ParseOrphanLayers(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkAttribute))
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        // The type's first layer attribute reports it (once, whichever kinds it has).
        AttributeData? first = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() is DenseAttribute or LayerNormAttribute or DropoutAttribute or Conv2DAttribute or MaxPool2DAttribute or AvgPool2DAttribute);
        if (first is null || !SymbolEqualityComparer.Default.Equals(first.AttributeClass, context.Attributes[0].AttributeClass))
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        SyntaxNode? attribute = first.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        return new[] { DiagnosticInfo.Create(DiagnosticDescriptors.DenseWithoutNetwork, attribute ?? context.TargetNode, type.Name) }.ToEquatableArray();
    }

    private static NetworkSpec? ParseCore(INamedTypeSymbol type, TypeDeclarationSyntax declaration, AttributeData network, Compilation compilation, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        int before = diagnostics.Count;
        if (type.TypeKind != TypeKind.Class || type.IsRecord || type.IsStatic)
        {
            string what = type.IsStatic ? "a static class" : type.IsRecord ? "a record" : "not a class";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNetworkType, LocationInfo.From(declaration.Identifier), type.Name, what));
        }

        if (TypeSpecParser.IsGeneric(type))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNetwork, LocationInfo.From(declaration.Identifier), type.Name));
        }

        TypeSpec? typeSpec = TypeSpecParser.Parse(type, "the network", diagnostics);

        // [Network(inputs, Loss = …)] or [Network(channels, height, width, Loss = …)]
        var networkSyntax = network.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        ImageSpec? image = null;
        int inputs;
        if (network.AttributeConstructor is not null && network.ConstructorArguments.Length == 3 &&
            network.ConstructorArguments[0].Value is int channels && network.ConstructorArguments[1].Value is int height && network.ConstructorArguments[2].Value is int width)
        {
            image = new ImageSpec(channels, height, width);
            long count = (long)channels * height * width;
            inputs = channels > 0 && height > 0 && width > 0 && count <= int.MaxValue ? (int)count : 0;
            string[] names = { "channels", "height", "width" };
            int[] values = { channels, height, width };
            for (int i = 0; i < 3; i++)
            {
                if (values[i] <= 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInputs, Argument(networkSyntax, i, names[i]) ?? (SyntaxNode?)networkSyntax, Invariant($"{channels} × {height} × {width} (the {names[i]} is {values[i]})")));
                }
            }

            if (channels > 0 && height > 0 && width > 0 && count > int.MaxValue)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, (SyntaxNode?)networkSyntax ?? declaration, type.Name, Invariant($"its input image of {channels} × {height} × {width} = {count} values is more than int.MaxValue; make it smaller")));
            }
        }
        else if (network.AttributeConstructor is not null && network.ConstructorArguments.Length == 1 && network.ConstructorArguments[0].Value is int flat)
        {
            inputs = flat;
            if (inputs <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInputs, Argument(networkSyntax, 0, "inputs") ?? (SyntaxNode?)networkSyntax, Int(inputs)));
            }
        }
        else
        {
            return null; // the compiler reports the malformed attribute
        }

        (LossKind loss, PrecisionKind precision, int style) = ReadOptions(network, networkSyntax, diagnostics);
        if (diagnostics.Count > before)
        {
            return null; // no layer can be checked against an invalid input
        }

        List<LayerSpec>? layers = ReadLayers(type, inputs, image, diagnostics, cancellationToken);
        if (layers is null || diagnostics.Count > before || typeSpec is null)
        {
            return null;
        }

        int outputs = layers.Count > 0 ? layers[layers.Count - 1].Units : inputs;
        if (loss == LossKind.SoftmaxCrossEntropy && outputs == 1)
        {
            SyntaxNode? at = NamedArgument(networkSyntax, "Loss") ?? (SyntaxNode?)networkSyntax;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SingleSoftmaxOutput, at ?? declaration, type.Name));
            return null;
        }

        EmitForm? form = CheckSize(type, declaration, networkSyntax, inputs, layers, style, diagnostics);
        if (form is null)
        {
            return null;
        }

        CheckConflicts(type, declaration, compilation, GeneratedMemberNames(layers, loss), diagnostics);
        if (diagnostics.Count > before)
        {
            return null;
        }

        return new NetworkSpec(typeSpec, inputs, loss, layers.ToEquatableArray(), form.Value) { Precision = precision, Image = image };
    }

    /// <summary>The named arguments of [Network]: Loss, Precision and Emit (the raw style number).</summary>
    private static (LossKind Loss, PrecisionKind Precision, int Style) ReadOptions(AttributeData network, AttributeSyntax? networkSyntax, List<DiagnosticInfo> diagnostics)
    {
        LossKind loss = LossKind.HalfSquaredError;
        PrecisionKind precision = PrecisionKind.Double;
        int style = 0;
        foreach (KeyValuePair<string, TypedConstant> named in network.NamedArguments)
        {
            if (named.Key == "Emit" && named.Value.Value is int styleValue)
            {
                if (styleValue is < 0 or > 2)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedEmitStyle, NamedArgument(networkSyntax, "Emit") ?? (SyntaxNode?)networkSyntax, "(EmitStyle)" + Int(styleValue)));
                }

                style = styleValue;
            }

            if (named.Key == "Precision" && named.Value.Value is int precisionValue)
            {
                if (precisionValue is < 0 or > (int)PrecisionKind.Single)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedPrecision, NamedArgument(networkSyntax, "Precision") ?? (SyntaxNode?)networkSyntax, "(Precision)" + Int(precisionValue)));
                }
                else
                {
                    precision = (PrecisionKind)precisionValue;
                }
            }

            if (named.Key == "Loss" && named.Value.Value is int lossValue)
            {
                if (lossValue is < 0 or > (int)LossKind.Huber)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedLoss, NamedArgument(networkSyntax, "Loss") ?? (SyntaxNode?)networkSyntax, "(Loss)" + Int(lossValue)));
                }
                else
                {
                    loss = (LossKind)lossValue;
                }
            }
        }

        return (loss, precision, style);
    }

    /// <summary>
    /// The [Dense(units, activation, Residual = …)] layers in source order, each with the [LayerNorm] and
    /// [Dropout(p)] that follow it; null when an attribute is malformed (the compiler reports it).
    /// </summary>
    private static List<LayerSpec>? ReadLayers(INamedTypeSymbol type, int inputs, ImageSpec? image, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var layers = new List<LayerSpec>();
        int width = inputs;
        ImageSpec? shape = image; // the image the next layer takes, while the layers so far are image layers
        foreach (AttributeData attribute in type.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            if (name is Conv2DAttribute or MaxPool2DAttribute or AvgPool2DAttribute)
            {
                var imageSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                if (!ImageLayers.TryRead(attribute, imageSyntax, layers.Count + 1, shape, image is not null, diagnostics, out LayerSpec? layer))
                {
                    return null; // malformed: the compiler reports it
                }

                if (layer is null)
                {
                    return layers; // reported; later layers cannot be checked against a shape that does not exist
                }

                layers.Add(layer);
                shape = layer.Out;
                width = layer.Units;
                continue;
            }

            if (name == DenseAttribute)
            {
                shape = null;
            }

            if (name == LayerNormAttribute || name == DropoutAttribute)
            {
                if (!ReadExtra(attribute, name == LayerNormAttribute, layers, type, diagnostics, cancellationToken))
                {
                    return null; // malformed: the compiler reports it
                }

                continue;
            }

            if (name != DenseAttribute)
            {
                continue;
            }

            AttributeData dense = attribute;
            if (dense.AttributeConstructor is null || dense.ConstructorArguments.Length != 2 ||
                dense.ConstructorArguments[0].Value is not int units || dense.ConstructorArguments[1].Value is not int activation)
            {
                return null;
            }

            var denseSyntax = dense.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            if (units <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidUnits, Argument(denseSyntax, 0, "units") ?? (SyntaxNode?)denseSyntax, Int(units)));
            }

            if (activation is < 0 or > (int)ActivationKind.Softplus)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedActivation, Argument(denseSyntax, 1, "activation") ?? (SyntaxNode?)denseSyntax, "(Activation)" + Int(activation)));
            }

            bool residual = dense.NamedArguments.Any(a => a.Key == "Residual" && a.Value.Value is true);
            if (residual && units != width && units > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ResidualSize, NamedArgument(denseSyntax, "Residual") ?? (SyntaxNode?)denseSyntax, Int(layers.Count + 1), Int(width), Int(units)));
            }

            if (residual && layers.Count > 0 && layers[0].IsImage)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MisplacedImageLayer, NamedArgument(denseSyntax, "Residual") ?? (SyntaxNode?)denseSyntax, Int(layers.Count + 1), "[Dense(…, Residual = true)]", ImageLayers.NoExtras));
            }

            layers.Add(new LayerSpec(width, units, (ActivationKind)activation) { Residual = residual });
            width = units;
        }

        return layers;
    }

    /// <summary>
    /// A <c>[LayerNorm]</c> or <c>[Dropout(p)]</c>, applied to the layer before it, or reported where it cannot be;
    /// false when the attribute is malformed (the compiler reports it).
    /// </summary>
    private static bool ReadExtra(AttributeData attribute, bool norm, List<LayerSpec> layers, INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var extraSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        SyntaxNode at = (SyntaxNode?)extraSyntax ?? type.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (layers.Count > 0 && layers[layers.Count - 1].IsImage)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MisplacedImageLayer, at, Int(layers.Count), Invariant($"[{(norm ? "LayerNorm" : "Dropout")}]"), "follows a convolution or pooling layer; [LayerNorm] and [Dropout] take the output of a [Dense] layer"));
            return true;
        }

        double p = 0;
        if (!norm)
        {
            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not double rate)
            {
                return false;
            }

            p = rate;
            if (!(p >= 0 && p < 1))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDropout, Argument(extraSyntax, 0, "p") ?? at, p.ToString("R", CultureInfo.InvariantCulture)));
                return true;
            }
        }

        string? misplaced = layers.Count == 0 ? Invariant($"[{(norm ? "LayerNorm" : "Dropout")}] comes before any [Dense] layer, so it has no layer output to take")
            : norm && layers[layers.Count - 1].Norm ? "a second [LayerNorm] follows the same [Dense] layer"
            : norm && layers[layers.Count - 1].Dropout > 0 ? "[LayerNorm] follows the [Dropout] of its layer; NetGen applies a layer's norm before its dropout"
            : !norm && layers[layers.Count - 1].Dropout > 0 ? "a second [Dropout] follows the same [Dense] layer"
            : null;
        if (misplaced is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MisplacedLayerExtra, at, misplaced));
            return true;
        }

        if (layers[0].IsImage)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MisplacedImageLayer, at, Int(layers.Count), Invariant($"[{(norm ? "LayerNorm" : "Dropout")}]"), ImageLayers.NoExtras));
            return true;
        }

        LayerSpec previous = layers[layers.Count - 1];
        layers[layers.Count - 1] = norm ? previous with { Norm = true } : previous with { Dropout = p };
        return true;
    }

    private static string Invariant(System.FormattableString text) => System.FormattableString.Invariant(text);

    /// <summary>
    /// The form the network is written in, or null (reported) when it is too large for it. Sizes are
    /// computed in saturating arithmetic so that no int.MaxValue-sized layer can wrap: parameters, the
    /// straight-line form's statements, and the loop form's stack scratch.
    /// </summary>
    private static EmitForm? CheckSize(INamedTypeSymbol type, TypeDeclarationSyntax declaration, AttributeSyntax? networkSyntax, int inputs, List<LayerSpec> layers, int style, List<DiagnosticInfo> diagnostics)
    {
        long parameters = 0;
        long scratch = 0;
        long unitCount = 0;
        long taps = 0; // a straight-line convolution or pooling writes one term per tap
        bool images = layers.Count > 0 && layers[0].IsImage;
        foreach (LayerSpec layer in layers)
        {
            parameters = layer.IsImage
                ? Add(parameters, layer.ParameterCount) // bounded when it was read
                : Add(parameters, Add(Multiply(layer.Inputs, layer.Units), Multiply(layer.Norm ? 3 : 1, layer.Units)));
            scratch = Add(scratch, Add(Multiply(Rules.LayerRules.MatricesPerUnit(layer), layer.Units), 1));
            unitCount = Add(unitCount, Multiply(layer.HasExtras ? 2 : 1, layer.Units));
            taps = Add(taps, Lowering.ImageWiring.MostTaps(layer));
        }

        long straightSize = Add(Add(Add(parameters, inputs), unitCount), taps);
        EmitForm form = style switch
        {
            1 => EmitForm.StraightLine,
            2 => EmitForm.Loops,
            _ when images => straightSize <= ImageStraightLineMaxSize ? EmitForm.StraightLine : EmitForm.Loops,
            _ => parameters <= StraightLineMaxParameters && inputs <= StraightLineMaxInputs ? EmitForm.StraightLine : EmitForm.Loops,
        };
        string? tooLarge = null;
        SyntaxNode? where = networkSyntax;
        if (parameters > MaxParameters)
        {
            tooLarge = string.Format(CultureInfo.InvariantCulture, "{0} parameters, more than the limit of {1}; make its layers smaller", Count(parameters), MaxParameters);
        }
        else if (form == EmitForm.StraightLine && straightSize > MaxStraightLineSize)
        {
            tooLarge = string.Format(CultureInfo.InvariantCulture, "{0} parameters, inputs{2}, more than the straight-line form's limit of {1} (beyond it the compiler needs more than 30 s and 2 GB); use Emit = EmitStyle.Loops, or EmitStyle.Auto, which chooses loops for it", straightSize, MaxStraightLineSize, images ? ", units and convolution and pooling taps" : " and units");
            where = NamedArgument(networkSyntax, "Emit") ?? (SyntaxNode?)networkSyntax;
        }
        else if (images && form == EmitForm.Loops && ImageLayers.ScratchPerRow(layers) > MaxImageScratchPerRow)
        {
            tooLarge = string.Format(CultureInfo.InvariantCulture, "its image layers need {0} numbers of scratch per image (patches, outputs and adjoints), more than the limit of {1}; use a smaller input, fewer filters, or a stride", Count(ImageLayers.ScratchPerRow(layers)), MaxImageScratchPerRow);
        }
        else if (!images && form == EmitForm.Loops && scratch > MaxScratch)
        {
            tooLarge = string.Format(CultureInfo.InvariantCulture, "its layers need {0} doubles of stack scratch per sample (3 to 7 per unit), more than the limit of {1}; make its layers smaller", Count(scratch), MaxScratch);
        }

        if (tooLarge is null)
        {
            return form;
        }

        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, where ?? declaration, type.Name, tooLarge));
        return null;
    }

    /// <summary>Members the user wrote, or inherits, that the generated code would also declare or hide.</summary>
    private static void CheckConflicts(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation, HashSet<string> generated, List<DiagnosticInfo> diagnostics)
    {
        foreach (ISymbol member in type.GetMembers().OrderBy(m => m.Name, System.StringComparer.Ordinal))
        {
            if (!member.IsImplicitlyDeclared && generated.Contains(member.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberConflict, LocationInfo.From(member.Locations.FirstOrDefault()), type.Name, member.Name));
            }
        }

        // A type named like a member it would get (CS0542: member names cannot be the same as their enclosing type).
        if (generated.Contains(type.Name))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberConflict, LocationInfo.From(declaration.Identifier), type.Name, type.Name));
        }

        // Accessible members of base classes that a generated member would hide (CS0108/CS0114).
        for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
        {
            foreach (ISymbol member in baseType.GetMembers().OrderBy(m => m.Name, System.StringComparer.Ordinal))
            {
                if (!member.IsImplicitlyDeclared && generated.Contains(member.Name) && member.DeclaredAccessibility != Accessibility.Private &&
                    compilation.IsSymbolAccessibleWithin(member, type))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InheritedMemberConflict, LocationInfo.From(declaration.Identifier), type.Name, member.Name, baseType.Name));
                }
            }
        }
    }

    /// <summary>a + b, saturating at <see cref="long.MaxValue"/> (both are non-negative here).</summary>
    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    /// <summary>a · b, saturating at <see cref="long.MaxValue"/> (both are non-negative here).</summary>
    private static long Multiply(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;

    /// <summary>A count for a message: "more than 9223372036854775806" where it saturated.</summary>
    private static string Count(long value) => value == long.MaxValue ? "more than " + Int(long.MaxValue - 1) : Int(value);

    /// <summary>The names a network's generated code declares.</summary>
    public static HashSet<string> GeneratedMemberNames(IReadOnlyList<LayerSpec> layers, LossKind loss)
    {
        var names = new HashSet<string>
        {
            "InputCount", "OutputCount", "ParameterCount", "Parameters", "_parameters",
            "Forward", "ComputeLoss", "AccumulateGradient", "Gradient", "Step",
            "AccumulateCore", "Propagate", "Backpropagate", "LossAndAdjoint",
            "Description", "_description", "Initialize", "ForwardBatch", "Evaluate", "Save", "Load",
            "BlockRows", "_scratch", "ForwardBlock", "GradientRows", "_split", "_rows", "GradientLanes", "GradientLanes512", "GradientLanes256", "GradientLanesRest", "ForwardBatchLanes", "EvaluateLanes",
        };
        if (loss == LossKind.SoftmaxCrossEntropy)
        {
            names.Add("Probabilities");
            names.Add("Predict");
        }

        if (loss == LossKind.SigmoidCrossEntropy)
        {
            names.Add("Predict");
        }

        for (int l = 1; l <= layers.Count; l++)
        {
            if (layers[l - 1].Kind is LayerType.MaxPool2D or LayerType.AvgPool2D)
            {
                continue; // no parameters, no views
            }

            names.Add("W" + Int(l));
            names.Add("B" + Int(l));
            if (layers[l - 1].Norm)
            {
                names.Add("Gamma" + Int(l));
                names.Add("Beta" + Int(l));
            }
        }

        if (layers.Any(l => l.Dropout > 0))
        {
            names.Add("_dropoutSeed");
            names.Add("_dropoutCalls");
            names.Add("_dropoutKey");
            names.Add("NextDropoutKey");
        }

        return names;
    }

    private static ParseResult<NetworkSpec> Result(NetworkSpec? spec, List<DiagnosticInfo> diagnostics) =>
        new(spec, diagnostics.ToEquatableArray());

    /// <summary>The syntax of a constructor argument, by position or by name (<c>units: 3</c>).</summary>
    internal static SyntaxNode? Argument(AttributeSyntax? attribute, int position, string name)
    {
        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = attribute?.ArgumentList?.Arguments ?? default;
        foreach (AttributeArgumentSyntax argument in arguments)
        {
            if (argument.NameColon?.Name.Identifier.ValueText == name)
            {
                return argument.Expression;
            }
        }

        int index = 0;
        foreach (AttributeArgumentSyntax argument in arguments)
        {
            if (argument.NameColon is null && argument.NameEquals is null)
            {
                if (index == position)
                {
                    return argument.Expression;
                }

                index++;
            }
        }

        return null;
    }

    internal static SyntaxNode? NamedArgument(AttributeSyntax? attribute, string name) =>
        attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.Expression;

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
