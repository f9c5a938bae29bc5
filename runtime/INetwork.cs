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

/// <summary>One dense layer of a <see cref="NetworkDescription"/>.</summary>
/// <param name="Inputs">The layer's inputs (the previous layer's units, or the network's inputs).</param>
/// <param name="Units">The layer's units (outputs).</param>
/// <param name="Activation">Its activation.</param>
public readonly record struct LayerDescription(int Inputs, int Units, Activation Activation)
{
    /// <summary>Whether the layer's output is its input plus its activation (<c>[Dense(…, Residual = true)]</c>); needs <see cref="Inputs"/> = <see cref="Units"/>.</summary>
    public bool Residual { get; init; }

    /// <summary>Whether a <c>[LayerNorm]</c> follows the layer: its γ and β (each <see cref="Units"/> values) come right after the layer's W and B.</summary>
    public bool LayerNorm { get; init; }

    /// <summary>The probability of the <c>[Dropout(p)]</c> that follows the layer (after its norm), or 0 for none.</summary>
    public double Dropout { get; init; }

    /// <summary>The layer's parameters: in·out + out, plus 2·out for a layer norm.</summary>
    internal long ParameterCount => ((long)Inputs * Units) + Units + (LayerNorm ? 2L * Units : 0);
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
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        _layers = new LayerDescription[layers.Count];
        _weightOffsets = new int[layers.Count];
        long offset = 0;
        int width = inputs;
        for (int l = 0; l < layers.Count; l++)
        {
            LayerDescription layer = layers[l];
            if (layer.Inputs != width || layer.Units <= 0)
            {
                throw new ArgumentException($"Layer {l + 1} has {layer.Inputs} inputs and {layer.Units} units; expected {width} inputs and at least 1 unit.", nameof(layers));
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
        OutputCount = width;
        ParameterCount = checked((int)offset);
        Loss = loss;
        Precision = precision;
    }

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

    /// <summary>The offset of W{layer} (1-based) in the flat parameter vector; it is in × out, row-major.</summary>
    public int WeightOffset(int layer) => _weightOffsets[layer - 1];

    /// <summary>The offset of B{layer} (1-based) in the flat parameter vector.</summary>
    public int BiasOffset(int layer) => _weightOffsets[layer - 1] + (_layers[layer - 1].Inputs * _layers[layer - 1].Units);

    /// <summary>The offset of the layer norm's γ of layer <paramref name="layer"/> (1-based; β follows it), right after B{layer}.</summary>
    /// <exception cref="InvalidOperationException">The layer has no layer norm.</exception>
    public int NormOffset(int layer) => _layers[layer - 1].LayerNorm
        ? BiasOffset(layer) + _layers[layer - 1].Units
        : throw new InvalidOperationException($"Layer {layer} has no layer norm.");

    /// <summary>
    /// The architecture as text, e.g. <c>2-3(ReLU)-1;HalfSquaredError</c>: inputs, each layer's units
    /// with its non-identity activation and its extras (<c>4-4(GELU,Residual,LayerNorm,Dropout=0.1)-1;…</c>), the loss.
    /// </summary>
    public string Architecture
    {
        get
        {
            var text = new System.Text.StringBuilder(InputCount.ToString(CultureInfo.InvariantCulture));
            foreach (LayerDescription layer in _layers)
            {
                text.Append('-').Append(layer.Units.ToString(CultureInfo.InvariantCulture));
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
