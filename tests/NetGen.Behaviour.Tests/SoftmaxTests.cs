using System;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>The fused softmax + cross-entropy: extreme logits, soft and one-hot targets, the layer alone.</summary>
public class SoftmaxTests
{
    [Theory]
    [InlineData(new[] { 1000.0, -1000.0, 0.0 }, new[] { 0.0, 1.0, 0.0 }, 2000.0, new[] { 1.0, -1.0, 0.0 })]
    [InlineData(new[] { 1000.0, -1000.0, 0.0 }, new[] { 1.0, 0.0, 0.0 }, 0.0, new[] { 0.0, 0.0, 0.0 })]
    [InlineData(new[] { 1000.0, -1000.0, 0.0 }, new[] { 0.5, 0.25, 0.5 }, 1000.0, new[] { 0.75, -0.25, -0.5 })]
    [InlineData(new[] { -1000.0, -1000.0, -1000.0 }, new[] { 0.0, 0.0, 1.0 }, 1.0986122886681098, new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 - 1 })]
    [InlineData(new[] { 1000.0, 1000.0, -1000.0 }, new[] { 0.0, 0.0, 2.0 }, 4000 + 1.3862943611198906, new[] { 1.0, 1.0, -2.0 })]
    public void ExtremeLogitsGiveFiniteLossAndTheLimitingGradient(double[] y, double[] t, double loss, double[] gradient)
    {
        var layer = new SoftmaxAlone();
        var dy = new double[3];
        double l = layer.AccumulateGradient(y, t, Span<double>.Empty, dy);
        Assert.True(double.IsFinite(l));
        Assert.Equal(loss, l, 9);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(gradient[i], dy[i], 12);
        }

        var p = new double[3];
        layer.Probabilities(y, p);
        Assert.All(p, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(1.0, p.Sum(), 12);
    }

    [Theory]
    [MemberData(nameof(NetworkCase.SoftmaxData), MemberType = typeof(NetworkCase))]
    public void OneHotTargetsGiveSoftmaxMinusTarget(NetworkCase shape)
    {
        var random = new Random(17);
        var net = (ISoftmaxNetwork)shape.CreateRandom(random);
        for (int h = 0; h < shape.Outputs; h++)
        {
            (double[] x, _) = shape.Sample(random);
            double[] t = new double[shape.Outputs];
            t[h] = 1;
            var logits = new double[shape.Outputs];
            net.Forward(x, logits);
            double[] softmax = logits.Select(Math.Exp).Select(e => e / logits.Sum(Math.Exp)).ToArray();
            var p = new double[shape.Outputs];
            net.Probabilities(x, p);

            // Through the whole network, ∂l/∂b of the last layer is ∂l/∂y; for the layer alone ∂l/∂x is.
            var g = new double[shape.ParameterCount];
            var gx = new double[shape.Inputs];
            net.AccumulateGradient(x, t, g, gx);
            ReadOnlySpan<double> dy = shape.Layers.Length == 0 ? gx : g.AsSpan(shape.ParameterCount - shape.Outputs);
            for (int i = 0; i < shape.Outputs; i++)
            {
                Assert.Equal(softmax[i], p[i], 12);
                Assert.Equal(i == h ? softmax[i] - 1 : softmax[i], dy[i], 12);
            }
        }
    }

    [Fact]
    public void TheLayerAloneHasNoParametersAndItsInputGradientIsDlDy()
    {
        Assert.Equal(0, SoftmaxAlone.ParameterCount);
        Assert.Equal(3, SoftmaxAlone.InputCount);
        var layer = new SoftmaxAlone();
        Assert.Equal(0, layer.Parameters.Length);
        double[] y = { 0.3, -1.2, 2.0 }, t = { 0.2, 0.7, 0.4 };
        var dy = new double[3];
        layer.AccumulateGradient(y, t, Span<double>.Empty, dy);
        double z = y.Sum(Math.Exp);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Math.Exp(y[i]) / z * t.Sum() - t[i], dy[i], 14);
        }

        var output = new double[3];
        layer.Forward(y, output);
        Assert.Equal(y, output);
        Assert.Equal(layer.ComputeLoss(y, t), layer.Gradient(y, t, Span<double>.Empty), 14);
    }

    [Fact]
    public void A453ReLUClassifierOverABatchMatchesTheReference()
    {
        NetworkCase shape = NetworkCase.All.Single(c => c.Name == "Softmax2");
        var random = new Random(2024);
        IGeneratedNetwork net = shape.CreateRandom(random);
        const int n = 32;
        var xs = new double[n * 4];
        var ts = new double[n * 3];
        var expected = new double[shape.ParameterCount];
        double expectedLoss = 0;
        for (int k = 0; k < n; k++)
        {
            (double[] x, _) = shape.Sample(random);
            double[] t = new double[3];
            t[k % 3] = 1;
            x.CopyTo(xs, k * 4);
            t.CopyTo(ts, k * 3);
            (double l, double[] g, _) = ReferenceNetwork.Evaluate(shape, net.Parameters.ToArray(), x, t);
            expectedLoss += l;
            for (int i = 0; i < g.Length; i++)
            {
                expected[i] += g[i];
            }
        }

        var gradient = new double[shape.ParameterCount];
        GradientTests.AssertClose(expectedLoss, net.Gradient(xs, ts, gradient), 1e-12, "L");
        for (int i = 0; i < gradient.Length; i++)
        {
            GradientTests.AssertClose(expected[i], gradient[i], 1e-12, $"∂L/∂θ[{i}]");
        }
    }
}
