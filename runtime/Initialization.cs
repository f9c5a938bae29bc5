using System;
using System.Numerics;
using NetGen.CompilerServices;

namespace NetGen;

/// <summary>How <c>Initialize</c> draws a network's parameters.</summary>
public enum Initializer
{
    /// <summary>Per layer from its activation: <see cref="HeUniform"/> for the ReLU family (ReLU, LeakyReLU, ELU, GELU, SiLU, Softplus), <see cref="GlorotUniform"/> for Sigmoid, Tanh and Identity; biases zero.</summary>
    Default = 0,

    /// <summary>He (Kaiming) uniform: W ~ U(±√(6 / fan_in)), biases zero (PyTorch's <c>kaiming_uniform_</c> with ReLU gain).</summary>
    HeUniform = 1,

    /// <summary>He (Kaiming) normal: W ~ N(0, 2 / fan_in), biases zero.</summary>
    HeNormal = 2,

    /// <summary>Glorot (Xavier) uniform: W ~ U(±√(6 / (fan_in + fan_out))), biases zero.</summary>
    GlorotUniform = 3,

    /// <summary>Glorot (Xavier) normal: W ~ N(0, 2 / (fan_in + fan_out)), biases zero.</summary>
    GlorotNormal = 4,

    /// <summary>As PyTorch's <c>nn.Linear</c>: W and b ~ U(±1/√fan_in).</summary>
    PyTorchLinear = 5,
}

/// <summary>
/// A small random number generator with a fixed, documented algorithm, so that the same seed gives
/// the same bits on every OS, processor and .NET version (<see cref="Random"/>'s algorithm is not
/// specified). SplitMix64 (Steele, Lea and Flood, 2014): the state advances by 0x9E3779B97F4A7C15
/// and each output is the state mixed by two xor-shift-multiply rounds. Uniform doubles take the
/// top 53 bits; normal deviates use Marsaglia's polar method with a logarithm computed from + − × ÷
/// and √ only (all correctly rounded in IEEE 754), not the platform's <c>Math.Log</c>.
/// </summary>
public struct SplitMix64
{
    private ulong _state;

    /// <summary>Starts the generator at <paramref name="seed"/> (the 64-bit state is the seed, sign-extended).</summary>
    public SplitMix64(long seed) => _state = unchecked((ulong)seed);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1): the top 53 bits times 2⁻⁵³.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>), by Lemire's multiply-shift with rejection (no modulo bias).</summary>
    public int NextInt32(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        ulong range = (ulong)exclusiveMax;
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            ulong product = Math.BigMul(NextUInt64(), range, out ulong low);
            if (low >= threshold)
            {
                return (int)product;
            }
        }
    }

    /// <summary>A standard normal deviate by Marsaglia's polar method.</summary>
    public double NextNormal()
    {
        while (true)
        {
            double u = (2.0 * NextDouble()) - 1.0;
            double v = (2.0 * NextDouble()) - 1.0;
            double s = (u * u) + (v * v);
            if (s > 0.0 && s < 1.0)
            {
                return u * Math.Sqrt(-2.0 * PortableLog(s) / s);
            }
        }
    }

    /// <summary>
    /// ln x for 0 &lt; x &lt; 1 from + − × ÷ only: x = m·2ᵏ with m in [√½, √2), ln m = 2·atanh(r),
    /// r = (m − 1)/(m + 1), summed to r²¹ (|r| &lt; 0.172, so the next term is below 1e-18).
    /// </summary>
    internal static double PortableLog(double x)
    {
        int k = 0;
        while (x < 0.7071067811865476)
        {
            x *= 2.0;
            k--;
        }

        double r = (x - 1.0) / (x + 1.0);
        double r2 = r * r;
        double sum = 0.0;
        for (int n = 21; n >= 1; n -= 2)
        {
            sum = (sum * r2) + (1.0 / n);
        }

        return (2.0 * r * sum) + (k * 0.6931471805599453);
    }
}

/// <summary>Draws a network's parameters by an <see cref="Initializer"/>. Called by the generated <c>Initialize</c>.</summary>
public static class Initialization
{
    /// <summary>
    /// Overwrites <paramref name="parameters"/> by <paramref name="initializer"/>, layer by layer in
    /// order (W row-major, then b), from a <see cref="SplitMix64"/> seeded with <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> does not have the description's length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initializer"/> is not defined.</exception>
    public static void Apply<T>(NetworkDescription description, Span<T> parameters, int seed, Initializer initializer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(description);
        Guard.Length(nameof(parameters), parameters.Length, description.ParameterCount);
        if (!Enum.IsDefined(initializer))
        {
            throw new ArgumentOutOfRangeException(nameof(initializer), initializer, "Not a defined Initializer.");
        }

        var random = new SplitMix64(seed);
        for (int l = 1; l <= description.Layers.Count; l++)
        {
            LayerDescription layer = description.Layers[l - 1];
            Initializer scheme = initializer != Initializer.Default ? initializer
                : layer.Activation is Activation.ReLU or Activation.LeakyReLU or Activation.ELU or Activation.GELU or Activation.SiLU or Activation.Softplus ? Initializer.HeUniform : Initializer.GlorotUniform;
            if (layer.WeightCount == 0)
            {
                continue; // pooling: no parameters, draws nothing
            }

            Span<T> weights = parameters.Slice(description.WeightOffset(l), layer.WeightCount);
            Span<T> biases = parameters.Slice(description.BiasOffset(l), layer.BiasCount);

            // A convolution's fans are as PyTorch's: channels·kernel² in, filters·kernel² out.
            int field = layer.Kernel * layer.Kernel;
            double fanIn = layer.Kind == LayerKind.Conv2D ? (double)layer.InputShape.Channels * field : layer.Inputs;
            double fanOut = layer.Kind == LayerKind.Conv2D ? (double)layer.Filters * field : layer.Units;
            switch (scheme)
            {
                case Initializer.HeUniform:
                    Uniform(ref random, weights, Math.Sqrt(6.0 / fanIn));
                    biases.Clear();
                    break;
                case Initializer.HeNormal:
                    Normal(ref random, weights, Math.Sqrt(2.0 / fanIn));
                    biases.Clear();
                    break;
                case Initializer.GlorotUniform:
                    Uniform(ref random, weights, Math.Sqrt(6.0 / (fanIn + fanOut)));
                    biases.Clear();
                    break;
                case Initializer.GlorotNormal:
                    Normal(ref random, weights, Math.Sqrt(2.0 / (fanIn + fanOut)));
                    biases.Clear();
                    break;
                default: // PyTorchLinear
                    Uniform(ref random, weights, 1.0 / Math.Sqrt(fanIn));
                    Uniform(ref random, biases, 1.0 / Math.Sqrt(fanIn));
                    break;
            }

            if (layer.LayerNorm)
            {
                // γ = 1, β = 0, as nn.LayerNorm; they draw nothing from the generator.
                parameters.Slice(description.NormOffset(l), layer.Units).Fill(T.One);
                parameters.Slice(description.NormOffset(l) + layer.Units, layer.Units).Clear();
            }
        }
    }

    private static void Uniform<T>(ref SplitMix64 random, Span<T> values, double bound)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating(bound * ((2.0 * random.NextDouble()) - 1.0));
        }
    }

    private static void Normal<T>(ref SplitMix64 random, Span<T> values, double deviation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating(deviation * random.NextNormal());
        }
    }
}
