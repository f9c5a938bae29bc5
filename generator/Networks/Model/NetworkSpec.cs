using NetGen.Generator.Common;

namespace NetGen.Generator.Networks.Model;

/// <summary>Activation of a layer; mirrors <c>NetGen.Activation</c>.</summary>
internal enum ActivationKind
{
    Identity = 0,
    ReLU = 1,
    Sigmoid = 2,
    Tanh = 3,
    LeakyReLU = 4,
    ELU = 5,
    GELU = 6,
    SiLU = 7,
    Softplus = 8,
}

/// <summary>Loss of a network; mirrors <c>NetGen.Loss</c>.</summary>
internal enum LossKind
{
    HalfSquaredError = 0,
    SoftmaxCrossEntropy = 1,
    SigmoidCrossEntropy = 2,
    AbsoluteError = 3,
    Huber = 4,
}

/// <summary>How the network's forward and backward code is written.</summary>
internal enum EmitForm
{
    /// <summary>Every unit and weight its own statement: fastest for small networks.</summary>
    StraightLine,

    /// <summary>Loops over rows of W with vector kernels: for networks too large to unroll.</summary>
    Loops,
}

/// <summary>The number type of a network; mirrors <c>NetGen.Precision</c>.</summary>
internal enum PrecisionKind
{
    Double = 0,
    Single = 1,
}

/// <summary>What a layer is; mirrors <c>NetGen.LayerKind</c>.</summary>
internal enum LayerType
{
    Dense = 0,
    Conv2D = 1,
    MaxPool2D = 2,
    AvgPool2D = 3,
}

/// <summary>An image shape: channels × height × width values, channel-major in the network's input.</summary>
internal readonly record struct ImageSpec(int Channels, int Height, int Width)
{
    public int Pixels => Height * Width;

    public int Count => Channels * Height * Width;

    /// <summary>"1 × 28 × 28", for messages and comments.</summary>
    public override string ToString() => System.FormattableString.Invariant($"{Channels} × {Height} × {Width}");
}

/// <summary>
/// One <c>[Dense]</c> layer with its extras, applied in this order after the activation z = f(u):
/// the residual r = x + z, the <c>[LayerNorm]</c> that follows it, the <c>[Dropout]</c> that follows it.
/// </summary>
internal sealed record LayerSpec(int Inputs, int Units, ActivationKind Activation)
{
    /// <summary><c>Residual = true</c>: the output is the input plus the activation.</summary>
    public bool Residual { get; init; }

    /// <summary>A <c>[LayerNorm]</c> follows: γ and β after W and B.</summary>
    public bool Norm { get; init; }

    /// <summary>The probability of the <c>[Dropout(p)]</c> that follows, or 0.</summary>
    public double Dropout { get; init; }

    /// <summary>Whether anything follows the activation (then the layer's output is a{l}, not z{l}).</summary>
    public bool HasExtras => Residual || Norm || Dropout > 0;

    /// <summary>Dense (the default), a convolution or a pooling.</summary>
    public LayerType Kind { get; init; }

    /// <summary>The input image of a convolution or pooling.</summary>
    public ImageSpec In { get; init; }

    /// <summary>The output image of a convolution or pooling.</summary>
    public ImageSpec Out { get; init; }

    /// <summary>A convolution's kernel side or a pooling's window side.</summary>
    public int Kernel { get; init; }

    /// <summary>A convolution's stride (a pooling's is its window side).</summary>
    public int Stride { get; init; }

    /// <summary>A convolution's zero padding on each side.</summary>
    public int Padding { get; init; }

    /// <summary>Whether this is a convolution or a pooling (its input and output are images).</summary>
    public bool IsImage => Kind != LayerType.Dense;

    /// <summary>A convolution's patch length: channels·kernel², the inner dimension of its product.</summary>
    public int Depth => In.Channels * Kernel * Kernel;

    /// <summary>in·out (dense), filters·channels·kernel² (convolution), 0 (pooling).</summary>
    public int WeightCount => Kind switch
    {
        LayerType.Dense => Inputs * Units,
        LayerType.Conv2D => Out.Channels * Depth,
        _ => 0,
    };

    /// <summary>out (dense), filters (convolution), 0 (pooling).</summary>
    public int BiasCount => Kind switch
    {
        LayerType.Dense => Units,
        LayerType.Conv2D => Out.Channels,
        _ => 0,
    };

    /// <summary>Weights and biases, and 2·out for a layer norm.</summary>
    public int ParameterCount => WeightCount + BiasCount + (Norm ? 2 * Units : 0);
}

/// <summary>Everything the network emitter needs, as plain values.</summary>
internal sealed record NetworkSpec(
    TypeSpec Type,
    int Inputs,
    LossKind Loss,
    EquatableArray<LayerSpec> Layers,
    EmitForm Form)
{
    /// <summary>double or float.</summary>
    public PrecisionKind Precision { get; init; } = PrecisionKind.Double;

    /// <summary>The input image of <c>[Network(channels, height, width)]</c>, or null for a flat input.</summary>
    public ImageSpec? Image { get; init; }

    /// <summary>Whether any layer is a convolution or pooling (the first one then is).</summary>
    public bool HasImageLayers => Layers.Count > 0 && Layers[0].IsImage;

    public int Outputs => Layers.Count == 0 ? Inputs : Layers[Layers.Count - 1].Units;

    public int ParameterCount
    {
        get
        {
            int count = 0;
            foreach (LayerSpec layer in Layers)
            {
                count += layer.ParameterCount;
            }

            return count;
        }
    }

    /// <summary>Offset of W{l} (1-based) in the flat parameter vector.</summary>
    public int WeightOffset(int layer)
    {
        int offset = 0;
        for (int i = 0; i < layer - 1; i++)
        {
            offset += Layers[i].ParameterCount;
        }

        return offset;
    }

    /// <summary>Offset of γ{l} (1-based; β{l} follows it) of a layer with a norm: right after B{l}.</summary>
    public int NormOffset(int layer) => BiasOffset(layer) + Layers[layer - 1].Units;

    /// <summary>Whether any layer has dropout (the gradient members then draw masks).</summary>
    public bool HasDropout
    {
        get
        {
            foreach (LayerSpec layer in Layers)
            {
                if (layer.Dropout > 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The number of units before layer l (1-based): dropout numbers the units of the network from 0.</summary>
    public int FirstUnit(int layer)
    {
        int units = 0;
        for (int i = 0; i < layer - 1; i++)
        {
            units += Layers[i].Units;
        }

        return units;
    }

    /// <summary>Offset of B{l} (1-based) in the flat parameter vector.</summary>
    public int BiasOffset(int layer) => WeightOffset(layer) + Layers[layer - 1].WeightCount;
}
