using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace NetGen;

/// <summary>
/// What every generated network offers the runtime (the trainer, the optimizers, saving and
/// export), over its number type <typeparamref name="T"/>. Generated double networks implement
/// <see cref="INetwork"/>, which is this interface over <see cref="double"/>.
/// </summary>
/// <typeparam name="T">The number type of parameters, inputs and outputs.</typeparam>
public interface INetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of inputs of one sample.</summary>
    int InputCount { get; }

    /// <summary>The number of outputs of one sample (logits, for softmax networks).</summary>
    int OutputCount { get; }

    /// <summary>The number of parameters.</summary>
    int ParameterCount { get; }

    /// <summary>All parameters, flat, layer by layer: W1 (row-major, in × out), B1, W2, B2, …</summary>
    Span<T> Parameters { get; }

    /// <summary>The network's shape, activations and loss.</summary>
    NetworkDescription Description { get; }

    /// <summary>Overwrites <paramref name="gradient"/> with Σₖ ∂lₖ/∂θ over the N rows and returns L = Σₖ lₖ.</summary>
    /// <param name="inputs">N × <see cref="InputCount"/> values, row-major.</param>
    /// <param name="targets">N × <see cref="OutputCount"/> values, row-major.</param>
    /// <param name="gradient"><see cref="ParameterCount"/> values.</param>
    T Gradient(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient);

    /// <summary>Computes the outputs of N rows.</summary>
    /// <param name="inputs">N × <see cref="InputCount"/> values, row-major.</param>
    /// <param name="outputs">Receives N × <see cref="OutputCount"/> values, row-major.</param>
    void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>The mean loss over N rows, and for softmax networks the share of rows whose arg-max output is the arg-max target.</summary>
    Evaluation Evaluate(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);
}

/// <summary>A generated network of <see cref="double"/> parameters (the default precision).</summary>
public interface INetwork : INetwork<double>
{
}

/// <summary>What <c>Evaluate</c> measures over a set of rows.</summary>
/// <param name="MeanLoss">The mean per-row loss, (1/N) Σₖ lₖ; NaN for no rows.</param>
/// <param name="Accuracy">For softmax networks, the share of rows whose arg-max output equals the arg-max target (first index on ties); NaN otherwise and for no rows.</param>
/// <param name="Count">The number of rows N.</param>
public readonly record struct Evaluation(double MeanLoss, double Accuracy, int Count);

/// <summary>The kind of a <see cref="LayerDescription"/>.</summary>
public enum LayerKind
{
    /// <summary>A fully connected layer (<c>[Dense]</c>): W is inputs × units, row-major.</summary>
    Dense = 0,

    /// <summary>A convolution (<c>[Conv2D]</c>): W is filters × channels × kernel × kernel, as PyTorch's.</summary>
    Conv2D = 1,

    /// <summary>Max pooling (<c>[MaxPool2D]</c>): no parameters.</summary>
    MaxPool2D = 2,

    /// <summary>Average pooling (<c>[AvgPool2D]</c>): no parameters.</summary>
    AvgPool2D = 3,
}

/// <summary>The shape of an image: channels × height × width values, channel-major (NCHW without the N).</summary>
/// <param name="Channels">The number of channels.</param>
/// <param name="Height">The number of rows of pixels.</param>
/// <param name="Width">The number of columns of pixels.</param>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>channels × height × width, or -1 when that is not a positive int.</summary>
    public int Count
    {
        get
        {
            long count = (long)Channels * Height * Width;
            return Channels > 0 && Height > 0 && Width > 0 && count <= int.MaxValue ? (int)count : -1;
        }
    }

    /// <summary>"1x28x28".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Channels}x{Height}x{Width}");
}

/// <summary>One layer of a <see cref="NetworkDescription"/>: dense (the constructor), or a convolution or pooling (<see cref="Conv2D"/>, <see cref="MaxPool2D"/>, <see cref="AvgPool2D"/>).</summary>
/// <param name="Inputs">The layer's inputs (the previous layer's units, or the network's inputs).</param>
/// <param name="Units">The layer's units (outputs); for an image layer, the values of its output image.</param>
/// <param name="Activation">Its activation.</param>
public readonly record struct LayerDescription(int Inputs, int Units, Activation Activation)
{
    /// <summary>Whether the layer's output is its input plus its activation (<c>[Dense(…, Residual = true)]</c>); needs <see cref="Inputs"/> = <see cref="Units"/>.</summary>
    public bool Residual { get; init; }

    /// <summary>Whether a <c>[LayerNorm]</c> follows the layer: its γ and β (each <see cref="Units"/> values) come right after the layer's W and B.</summary>
    public bool LayerNorm { get; init; }

    /// <summary>The probability of the <c>[Dropout(p)]</c> that follows the layer (after its norm), or 0 for none.</summary>
    public double Dropout { get; init; }

    /// <summary>Dense, convolution or pooling.</summary>
    public LayerKind Kind { get; init; }

    /// <summary>The input image of a convolution or pooling layer (default for a dense layer).</summary>
    public ImageShape InputShape { get; init; }

    /// <summary>A convolution's filters (its output channels); 0 for other layers.</summary>
    public int Filters { get; init; }

    /// <summary>A convolution's kernel side, or a pooling window's side; 0 for a dense layer.</summary>
    public int Kernel { get; init; }

    /// <summary>A convolution's or pooling's stride (a pooling's is its window side); 0 for a dense layer.</summary>
    public int Stride { get; init; }

    /// <summary>A convolution's zero padding on each side; 0 for other layers.</summary>
    public int Padding { get; init; }

    /// <summary>The output image of a convolution or pooling layer (default for a dense layer).</summary>
    public ImageShape OutputShape => Kind switch
    {
        LayerKind.Conv2D => new(Filters, Side(InputShape.Height, Kernel, Stride, Padding), Side(InputShape.Width, Kernel, Stride, Padding)),
        LayerKind.MaxPool2D or LayerKind.AvgPool2D => new(InputShape.Channels, Side(InputShape.Height, Kernel, Stride, 0), Side(InputShape.Width, Kernel, Stride, 0)),
        _ => default,
    };

    /// <summary>The number of weights: inputs·units (dense), filters·channels·kernel² (convolution), 0 (pooling).</summary>
    public int WeightCount => (int)Math.Min(int.MaxValue, Weights);

    private long Weights => Kind switch
    {
        LayerKind.Dense => (long)Inputs * Units,
        LayerKind.Conv2D => (long)Filters * InputShape.Channels * Kernel * Kernel,
        _ => 0,
    };

    /// <summary>The number of biases: units (dense), filters (convolution), 0 (pooling).</summary>
    public int BiasCount => Kind switch
    {
        LayerKind.Dense => Units,
        LayerKind.Conv2D => Filters,
        _ => 0,
    };

    /// <summary>Describes a convolution of <paramref name="filters"/> filters over <paramref name="input"/>, as <c>[Conv2D]</c>.</summary>
    /// <exception cref="ArgumentException">A size is not positive, the padding is negative, or the kernel does not fit the padded input.</exception>
    public static LayerDescription Conv2D(ImageShape input, int filters, int kernel, Activation activation = Activation.Identity, int stride = 1, int padding = 0)
    {
        if (input.Count <= 0 || filters <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || Side(input.Height, kernel, stride, padding) <= 0 || Side(input.Width, kernel, stride, padding) <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A convolution of {filters} filters of {kernel} × {kernel}, stride {stride}, padding {padding} does not fit an input of {input}: every size must be positive, the padding non-negative, and the kernel at most the padded input."));
        }

        var layer = new LayerDescription(input.Count, 0, activation) { Kind = LayerKind.Conv2D, InputShape = input, Filters = filters, Kernel = kernel, Stride = stride, Padding = padding };
        return layer with { Units = Count(layer.OutputShape) };
    }

    /// <summary>Describes max pooling of <paramref name="input"/> over <paramref name="size"/> × <paramref name="size"/> windows, as <c>[MaxPool2D]</c>.</summary>
    /// <exception cref="ArgumentException">The size is not positive or larger than the input.</exception>
    public static LayerDescription MaxPool2D(ImageShape input, int size) => Pool(LayerKind.MaxPool2D, input, size);

    /// <summary>Describes average pooling of <paramref name="input"/> over <paramref name="size"/> × <paramref name="size"/> windows, as <c>[AvgPool2D]</c>.</summary>
    /// <exception cref="ArgumentException">The size is not positive or larger than the input.</exception>
    public static LayerDescription AvgPool2D(ImageShape input, int size) => Pool(LayerKind.AvgPool2D, input, size);

    private static LayerDescription Pool(LayerKind kind, ImageShape input, int size)
    {
        if (input.Count <= 0 || size <= 0 || size > input.Height || size > input.Width)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A pooling window of {size} × {size} does not fit an input of {input}: the size must be positive and at most the input's height and width."));
        }

        var layer = new LayerDescription(input.Count, 0, Activation.Identity) { Kind = kind, InputShape = input, Kernel = size, Stride = size };
        return layer with { Units = Count(layer.OutputShape) };
    }

    /// <summary>⌊(n + 2p − k)/s⌋ + 1, or 0 when the kernel does not fit.</summary>
    private static int Side(int n, int kernel, int stride, int padding)
    {
        long span = (long)n + (2L * padding) - kernel;
        return span < 0 || stride <= 0 ? 0 : (int)Math.Min(int.MaxValue, (span / stride) + 1);
    }

    private static int Count(ImageShape shape) => shape.Count > 0 ? shape.Count
        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The layer's output of {shape} values is empty or larger than int.MaxValue."));

    /// <summary>The layer's parameters: weights and biases, plus 2·out for a layer norm.</summary>
    internal long ParameterCount => Weights + BiasCount + (LayerNorm ? 2L * Units : 0);
}

/// <summary>
/// A network's architecture as plain values: inputs, layers and loss, with the layout of its flat
/// parameter vector. Generated networks carry one (<c>Description</c>); the initializers, the
/// safetensors format and the ONNX exporter read it.
/// </summary>
public sealed class NetworkDescription
{
    private readonly LayerDescription[] _layers;
    private readonly int[] _weightOffsets;

    /// <summary>Describes a network of <paramref name="inputs"/> inputs and the given layers and loss.</summary>
    /// <exception cref="ArgumentException">The layers do not chain (a layer's inputs differ from the previous layer's units) or a size is not positive.</exception>
    public NetworkDescription(int inputs, IReadOnlyList<LayerDescription> layers, Loss loss, Precision precision = Precision.Double)
        : this(inputs, null, layers, loss, precision)
    {
    }

    /// <summary>Describes a network whose input is an image of <paramref name="input"/>'s shape, with the given layers and loss.</summary>
    /// <exception cref="ArgumentException">The layers do not chain (a convolution or pooling layer's input shape differs from the image before it, or follows a dense layer) or a size is not positive.</exception>
    public NetworkDescription(ImageShape input, IReadOnlyList<LayerDescription> layers, Loss loss, Precision precision = Precision.Double)
        : this(input.Count > 0 ? input.Count : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The input image {input} is empty or larger than int.MaxValue values."), nameof(input)), input, layers, loss, precision)
    {
    }

    private NetworkDescription(int inputs, ImageShape? image, IReadOnlyList<LayerDescription> layers, Loss loss, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        _layers = new LayerDescription[layers.Count];
        _weightOffsets = new int[layers.Count];
        long offset = 0;
        int width = inputs;
        ImageShape? shape = image;
        for (int l = 0; l < layers.Count; l++)
        {
            LayerDescription layer = layers[l];
            if (layer.Inputs != width || layer.Units <= 0)
            {
                throw new ArgumentException($"Layer {l + 1} has {layer.Inputs} inputs and {layer.Units} units; expected {width} inputs and at least 1 unit.", nameof(layers));
            }

            if (layer.Kind != LayerKind.Dense)
            {
                if (shape is null || layer.InputShape != shape.Value || layer.OutputShape.Count != layer.Units)
                {
                    throw new ArgumentException(shape is null
                        ? $"Layer {l + 1} is a {layer.Kind} layer, but its input is not an image: image layers come first, on a network declared with an ImageShape input."
                        : $"Layer {l + 1} is a {layer.Kind} layer over {layer.InputShape}, but its input is {shape.Value}; create it with LayerDescription.{layer.Kind}.", nameof(layers));
                }

                if (layer.Residual || layer.LayerNorm || layer.Dropout != 0)
                {
                    throw new ArgumentException($"Layer {l + 1} is a {layer.Kind} layer with a residual, layer norm or dropout; only dense layers have them.", nameof(layers));
                }

                shape = layer.OutputShape;
            }
            else
            {
                shape = null;
            }

            if (layer.Residual && layer.Inputs != layer.Units)
            {
                throw new ArgumentException($"Layer {l + 1} is residual but has {layer.Inputs} inputs and {layer.Units} units; a residual layer needs as many units as inputs.", nameof(layers));
            }

            if (!(layer.Dropout >= 0.0 && layer.Dropout < 1.0))
            {
                throw new ArgumentException($"Layer {l + 1} has dropout {layer.Dropout.ToString(CultureInfo.InvariantCulture)}; a dropout probability is in [0, 1).", nameof(layers));
            }

            _layers[l] = layer;
            _weightOffsets[l] = checked((int)offset);
            offset += layer.ParameterCount;
            width = layer.Units;
        }

        InputCount = inputs;
        InputShape = image;
        OutputCount = width;
        ParameterCount = checked((int)offset);
        Loss = loss;
        Precision = precision;
    }

    /// <summary>The input image's shape, or null for a flat input.</summary>
    public ImageShape? InputShape { get; }

    /// <summary>The number of inputs of one sample.</summary>
    public int InputCount { get; }

    /// <summary>The number of outputs of one sample.</summary>
    public int OutputCount { get; }

    /// <summary>The number of parameters.</summary>
    public int ParameterCount { get; }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<LayerDescription> Layers => _layers;

    /// <summary>The loss.</summary>
    public Loss Loss { get; }

    /// <summary>The number type of the parameters.</summary>
    public Precision Precision { get; }

    /// <summary>The offset of W{layer} (1-based) in the flat parameter vector: in × out, row-major, for a dense layer; filters × channels × kernel × kernel for a convolution.</summary>
    public int WeightOffset(int layer) => _weightOffsets[layer - 1];

    /// <summary>The offset of B{layer} (1-based) in the flat parameter vector.</summary>
    public int BiasOffset(int layer) => _weightOffsets[layer - 1] + _layers[layer - 1].WeightCount;

    /// <summary>The offset of the layer norm's γ of layer <paramref name="layer"/> (1-based; β follows it), right after B{layer}.</summary>
    /// <exception cref="InvalidOperationException">The layer has no layer norm.</exception>
    public int NormOffset(int layer) => _layers[layer - 1].LayerNorm
        ? BiasOffset(layer) + _layers[layer - 1].Units
        : throw new InvalidOperationException($"Layer {layer} has no layer norm.");

    /// <summary>
    /// The architecture as text, e.g. <c>2-3(ReLU)-1;HalfSquaredError</c>: inputs (an image as <c>1x28x28</c>), each layer's units (a convolution as <c>conv8k3s2p1</c>: filters, kernel, stride, padding; a pooling as <c>maxpool2</c>)
    /// with its non-identity activation and its extras (<c>4-4(GELU,Residual,LayerNorm,Dropout=0.1)-1;…</c>), the loss.
    /// </summary>
    public string Architecture
    {
        get
        {
            var text = new System.Text.StringBuilder(InputShape?.ToString() ?? InputCount.ToString(CultureInfo.InvariantCulture));
            foreach (LayerDescription layer in _layers)
            {
                text.Append('-').Append(layer.Kind switch
                {
                    LayerKind.Conv2D => string.Create(CultureInfo.InvariantCulture, $"conv{layer.Filters}k{layer.Kernel}{(layer.Stride != 1 ? "s" + layer.Stride.ToString(CultureInfo.InvariantCulture) : "")}{(layer.Padding != 0 ? "p" + layer.Padding.ToString(CultureInfo.InvariantCulture) : "")}"),
                    LayerKind.MaxPool2D => "maxpool" + layer.Kernel.ToString(CultureInfo.InvariantCulture),
                    LayerKind.AvgPool2D => "avgpool" + layer.Kernel.ToString(CultureInfo.InvariantCulture),
                    _ => layer.Units.ToString(CultureInfo.InvariantCulture),
                });
                var parts = new List<string>(4);
                if (layer.Activation != Activation.Identity)
                {
                    parts.Add(layer.Activation.ToString());
                }

                if (layer.Residual)
                {
                    parts.Add("Residual");
                }

                if (layer.LayerNorm)
                {
                    parts.Add("LayerNorm");
                }

                if (layer.Dropout > 0.0)
                {
                    parts.Add("Dropout=" + layer.Dropout.ToString("R", CultureInfo.InvariantCulture));
                }

                if (parts.Count > 0)
                {
                    text.Append('(').Append(string.Join(",", parts)).Append(')');
                }
            }

            return text.Append(';').Append(Loss.ToString()).ToString();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Architecture;
}
