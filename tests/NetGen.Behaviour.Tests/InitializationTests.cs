using System;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>Initializers: their statistics over large layers, and bit-for-bit determinism.</summary>
public class InitializationTests
{
    /// <summary>The published first outputs of SplitMix64 from state 0 (Vigna's splitmix64.c).</summary>
    [Fact]
    public void SplitMix64MatchesItsReferenceOutputs()
    {
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
        Assert.Equal(0xF88BB8A8724C81ECUL, random.NextUInt64());
    }

    [Fact]
    public void ThePortableLogarithmAgreesWithMathLog()
    {
        var random = new SplitMix64(7);
        for (int i = 0; i < 10_000; i++)
        {
            double x = random.NextDouble() + 1e-300;
            double expected = Math.Log(x);
            Assert.True(Math.Abs(SplitMix64.PortableLog(x) - expected) <= 4e-16 * Math.Max(1.0, Math.Abs(expected)), $"log({x:R})");
        }

        Assert.True(Math.Abs(SplitMix64.PortableLog(1e-300) - Math.Log(1e-300)) <= 1e-15 * 690.8);
    }

    public static TheoryData<Initializer, Activation, double, bool> Schemes => new()
    {
        // scheme, activation of the layer, expected variance of W for fan_in = 400, fan_out = 300, normal?
        { Initializer.HeUniform, Activation.Identity, 6.0 / 400 / 3, false },
        { Initializer.HeNormal, Activation.Identity, 2.0 / 400, true },
        { Initializer.GlorotUniform, Activation.ReLU, 6.0 / 700 / 3, false },
        { Initializer.GlorotNormal, Activation.ReLU, 2.0 / 700, true },
        { Initializer.PyTorchLinear, Activation.Tanh, 1.0 / 400 / 3, false },
        { Initializer.Default, Activation.ReLU, 6.0 / 400 / 3, false },     // He uniform for ReLU
        { Initializer.Default, Activation.Sigmoid, 6.0 / 700 / 3, false },  // Glorot uniform otherwise
        { Initializer.Default, Activation.Tanh, 6.0 / 700 / 3, false },
        { Initializer.Default, Activation.Identity, 6.0 / 700 / 3, false },
    };

    /// <summary>
    /// Over a 400 × 300 layer (120,000 weights): the mean within 5 standard errors of 0, the variance
    /// within 2 % of the scheme's (uniform U(±a): a²/3; normal: σ²), uniform values inside their
    /// bound, normal ones with kurtosis 3 ± 0.1 (uniform: 1.8), biases zero (U(±1/√fan_in) for PyTorchLinear).
    /// </summary>
    [Theory]
    [MemberData(nameof(Schemes))]
    public void WeightsHaveTheSchemesMeanAndVariance(Initializer scheme, Activation activation, double variance, bool normal)
    {
        var description = new NetworkDescription(400, new[] { new LayerDescription(400, 300, activation) }, Loss.HalfSquaredError);
        var parameters = new double[description.ParameterCount];
        parameters.AsSpan().Fill(double.NaN);
        Initialization.Apply<double>(description, parameters, 123, scheme);

        double[] w = parameters.AsSpan(0, 400 * 300).ToArray();
        double mean = w.Average();
        double var = w.Select(v => (v - mean) * (v - mean)).Average();
        double kurtosis = w.Select(v => Math.Pow(v - mean, 4)).Average() / (var * var);
        Assert.True(Math.Abs(mean) < 5 * Math.Sqrt(variance / w.Length), $"mean {mean}");
        Assert.True(Math.Abs(var / variance - 1) < 0.02, $"variance {var}, expected {variance}");
        if (normal)
        {
            Assert.True(Math.Abs(kurtosis - 3) < 0.1, $"kurtosis {kurtosis}");
        }
        else
        {
            Assert.True(Math.Abs(kurtosis - 1.8) < 0.05, $"kurtosis {kurtosis}");
            double bound = Math.Sqrt(3 * variance);
            Assert.All(w, v => Assert.InRange(v, -bound, bound));
        }

        double[] b = parameters.AsSpan(400 * 300).ToArray();
        if (scheme == Initializer.PyTorchLinear)
        {
            Assert.All(b, v => Assert.InRange(v, -1 / 20.0, 1 / 20.0));
            Assert.True(b.Distinct().Count() > 250);
        }
        else
        {
            Assert.All(b, v => Assert.Equal(0.0, v));
        }
    }

    /// <summary>Golden bits: these values are the contract of Initialize(42) and must never change.</summary>
    [Fact]
    public void TheSameSeedGivesTheSameBits()
    {
        var net = new AssignmentNet();
        net.Initialize(42);
        ulong[] bits = net.Parameters.ToArray().Select(v => (ulong)BitConverter.DoubleToInt64Bits(v)).ToArray();
        Assert.True(Golden.SequenceEqual(bits), "Initialize(42) changed: " + string.Join(", ", bits.Select(b => "0x" + b.ToString("X16") + "UL")));

        var again = new AssignmentNet();
        again.Initialize(42);
        Assert.Equal(net.Parameters.ToArray(), again.Parameters.ToArray());
        again.Initialize(43);
        Assert.NotEqual(net.Parameters.ToArray(), again.Parameters.ToArray());

        // Layer 1 is ReLU (He uniform, bound √(6/2)); layer 2 identity (Glorot uniform, bound √(6/4)); biases zero.
        Assert.All(net.W1.ToArray(), v => Assert.InRange(Math.Abs(v), 1e-6, Math.Sqrt(3.0)));
        Assert.All(net.W2.ToArray(), v => Assert.InRange(Math.Abs(v), 1e-6, Math.Sqrt(1.5)));
        Assert.All(net.B1.ToArray(), v => Assert.Equal(0.0, v));
        Assert.Equal(0.0, net.B2[0]);
    }

    private static readonly ulong[] Golden = GoldenValues.AssignmentSeed42;

    [Fact]
    public void AnUndefinedInitializerThrowsAndChangesNothing()
    {
        var net = new AssignmentNet();
        net.Parameters.Fill(0.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Initialize(1, (Initializer)17));
        Assert.All(net.Parameters.ToArray(), v => Assert.Equal(0.5, v));
    }
}
