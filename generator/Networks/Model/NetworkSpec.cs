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

    /// <summary>in·out + out, and 2·out for a layer norm.</summary>
    public int ParameterCount => (Inputs * Units) + Units + (Norm ? 2 * Units : 0);
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
    public int BiasOffset(int layer) => WeightOffset(layer) + (Layers[layer - 1].Inputs * Layers[layer - 1].Units);
}
