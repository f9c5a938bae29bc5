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

/// <summary>One <c>[Dense]</c> layer.</summary>
internal sealed record LayerSpec(int Inputs, int Units, ActivationKind Activation);

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
                count += (layer.Inputs * layer.Units) + layer.Units;
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
            offset += (Layers[i].Inputs * Layers[i].Units) + Layers[i].Units;
        }

        return offset;
    }

    /// <summary>Offset of B{l} (1-based) in the flat parameter vector.</summary>
    public int BiasOffset(int layer) => WeightOffset(layer) + (Layers[layer - 1].Inputs * Layers[layer - 1].Units);
}
