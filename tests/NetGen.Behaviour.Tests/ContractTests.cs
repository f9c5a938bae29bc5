using System;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>The behaviour DESIGN.md promises of every generated member.</summary>
public class ContractTests
{
    [Theory]
    [MemberData(nameof(NetworkCase.Data), MemberType = typeof(NetworkCase))]
    public void AccumulateGradientAddsAndGradientOverwrites(NetworkCase shape)
    {
        var random = new Random(5);
        IGeneratedNetwork net = shape.CreateRandom(random);
        (double[] x, double[] t) = shape.Sample(random);
        var fresh = new double[shape.ParameterCount];
        net.AccumulateGradient(x, t, fresh);

        double[] start = Enumerable.Range(0, shape.ParameterCount).Select(i => 0.5 * i - 3).ToArray();
        double[] accumulated = (double[])start.Clone();
        net.AccumulateGradient(x, t, accumulated);
        for (int i = 0; i < start.Length; i++)
        {
            Assert.Equal(start[i] + fresh[i], accumulated[i], 12);
        }

        double[] overwritten = (double[])start.Clone();
        net.Gradient(x, t, overwritten);
        for (int i = 0; i < start.Length; i++)
        {
            Assert.Equal(fresh[i], overwritten[i], 12);
        }
    }

    [Theory]
    [MemberData(nameof(NetworkCase.Data), MemberType = typeof(NetworkCase))]
    public void ForwardComputeLossAndGradientAgree(NetworkCase shape)
    {
        var random = new Random(11);
        IGeneratedNetwork net = shape.CreateRandom(random);
        (double[] x, double[] t) = shape.Sample(random);
        var y = new double[shape.Outputs];
        net.Forward(x, y);

        double expected = shape.Loss == Loss.HalfSquaredError
            ? y.Zip(t, (a, b) => 0.5 * (a - b) * (a - b)).Sum()
            : -t.Select((tk, k) => tk * Math.Log(Math.Exp(y[k]) / y.Sum(Math.Exp))).Sum();
        double computed = net.ComputeLoss(x, t);
        Assert.Equal(expected, computed, 12);
        Assert.Equal(computed, net.AccumulateGradient(x, t, new double[shape.ParameterCount]), 14);
        Assert.Equal(computed, net.AccumulateGradient(x, t, new double[shape.ParameterCount], new double[shape.Inputs]), 14);
        Assert.Equal(computed, net.Gradient(x, t, new double[shape.ParameterCount]), 12); // the loop form's block products round differently
    }

    [Theory]
    [MemberData(nameof(NetworkCase.Data), MemberType = typeof(NetworkCase))]
    public void StepIsThetaMinusEtaTimesGradient(NetworkCase shape)
    {
        var random = new Random(3);
        IGeneratedNetwork net = shape.CreateRandom(random);
        double[] before = net.Parameters.ToArray();
        double[] g = Enumerable.Range(0, shape.ParameterCount).Select(_ => random.NextDouble() - 0.5).ToArray();
        net.Step(g, 0.125);
        double[] after = net.Parameters.ToArray();
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i] - 0.125 * g[i], after[i], 15);
        }
    }

    [Fact]
    public void ParameterViewsFollowTheDocumentedLayout()
    {
        var net = new Mixed4(); // 2-3-4-3-2
        Assert.Equal(2 * 3 + 3 + 3 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2, Mixed4.ParameterCount);
        Assert.Equal(2, Mixed4.InputCount);
        Assert.Equal(2, Mixed4.OutputCount);
        for (int i = 0; i < Mixed4.ParameterCount; i++)
        {
            net.Parameters[i] = i;
        }

        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5 }, net.W1.ToArray());
        Assert.Equal(new double[] { 6, 7, 8 }, net.B1.ToArray());
        Assert.Equal(9, net.W2[0]);
        Assert.Equal(21, net.B2[0]);
        Assert.Equal(25, net.W3[0]);
        Assert.Equal(37, net.B3[0]);
        Assert.Equal(new double[] { 40, 41, 42, 43, 44, 45 }, net.W4.ToArray());
        Assert.Equal(new double[] { 46, 47 }, net.B4.ToArray());
        Assert.Equal(0, SoftmaxAlone.ParameterCount);
        Assert.Equal(3, SoftmaxAlone.OutputCount);
        Assert.Equal(3, NoLayers.OutputCount);
    }

    [Fact]
    public void NewNetworksStartAtZeroAndAUserConstructorIsKept()
    {
        Assert.All(new Mixed4().Parameters.ToArray(), p => Assert.Equal(0.0, p));
        Assert.All(new Outer.Middle.NestedNet().Parameters.ToArray(), p => Assert.Equal(0.25, p));
    }

    [Theory]
    [MemberData(nameof(NetworkCase.Data), MemberType = typeof(NetworkCase))]
    public void NonFiniteInputsPropagateWithoutExceptions(NetworkCase shape)
    {
        IGeneratedNetwork net = shape.CreateRandom(new Random(8));
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            double[] x = Enumerable.Repeat(0.5, shape.Inputs).ToArray();
            x[0] = bad;
            double[] t = Enumerable.Repeat(0.25, shape.Outputs).ToArray();
            var y = new double[shape.Outputs];
            var g = new double[shape.ParameterCount];
            var gx = new double[shape.Inputs];
            net.Forward(x, y);
            double l = net.AccumulateGradient(x, t, g, gx);
            if (double.IsNaN(bad))
            {
                Assert.True(double.IsNaN(l), $"NaN input should give a NaN loss, got {l}");
                Assert.True(y.Any(double.IsNaN), "NaN input should give a NaN output");
            }
            else if (shape.ParameterCount > 0)
            {
                // ±∞ in x₀ reaches ∂l/∂W1[0, ·] = x₀·∂l/∂u1 as ±∞, or as NaN where ∂l/∂u1 is 0 (saturated units).
                Assert.True(g.Any(v => !double.IsFinite(v)), $"an infinite input should give a non-finite weight gradient, got {string.Join(", ", g)}");
            }
            else
            {
                Assert.False(double.IsFinite(l), $"an infinite input of a network without layers should give a non-finite loss, got {l}");
            }

            // The same loss from ComputeLoss, bit for bit (NaN must be NaN there too, not any number).
            double c = net.ComputeLoss(x, t);
            Assert.Equal(double.IsNaN(l), double.IsNaN(c));
            Assert.Equal(BitConverter.DoubleToInt64Bits(l) & (double.IsNaN(l) ? 0 : -1L), BitConverter.DoubleToInt64Bits(c) & (double.IsNaN(c) ? 0 : -1L));
        }
    }

    [Fact]
    public void StepRejectsANonFiniteLearningRate()
    {
        var net = new Mixed4();
        var g = new double[Mixed4.ParameterCount];
        foreach (double rate in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => net.Step(g, rate));
            Assert.Equal("learningRate", ex.ParamName);
        }
    }

    [Theory]
    [InlineData(499, false)] // 500 parameters: the largest straight-line network
    [InlineData(500, true)]  // 501 parameters: the smallest loop-form network
    public void AutoWritesStraightLineUpTo500ParametersAndLoopsAbove(int inputs, bool loops)
    {
        GeneratorHarness.Run run = GeneratorHarness.Generate($"using NetGen; namespace Demo; [Network({inputs})] [Dense(1)] public partial class Net {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        string source = run.Source("Demo.Net");
        Assert.Equal(loops, source.Contains("stackalloc", StringComparison.Ordinal));
        Assert.Equal(!loops, source.Contains("double w1_0_0 = p[0];", StringComparison.Ordinal));
    }
}
