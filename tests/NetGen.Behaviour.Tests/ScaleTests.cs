using System;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>A 784-128-10 network (loop form) builds, matches the reference, and trains.</summary>
public class ScaleTests
{
    private static readonly NetworkCase Shape = new("Mnist", () => new Mnist(), 784, new[] { (128, Activation.ReLU), (10, Activation.Identity) }, Loss.SoftmaxCrossEntropy);

    [Fact]
    public void A784x128x10NetworkMatchesTheReferenceAndTrainsAStep()
    {
        Assert.Equal(784 * 128 + 128 + 128 * 10 + 10, Mnist.ParameterCount);
        var random = new Random(784);
        var net = new Mnist();
        Span<double> p = net.Parameters;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = (random.NextDouble() * 2 - 1) * 0.05;
        }

        const int n = 16;
        var xs = new double[n * 784];
        var ts = new double[n * 10];
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < 784; i++)
            {
                xs[k * 784 + i] = random.NextDouble();
            }

            ts[k * 10 + k % 10] = 1;
        }

        var gradient = new double[Mnist.ParameterCount];
        double before = net.Gradient(xs, ts, gradient);

        var expected = new double[Mnist.ParameterCount];
        double expectedLoss = 0;
        for (int k = 0; k < n; k++)
        {
            (double l, double[] g, _) = ReferenceNetwork.Evaluate(Shape, net.Parameters.ToArray(), xs.AsSpan(k * 784, 784).ToArray(), ts.AsSpan(k * 10, 10).ToArray());
            expectedLoss += l;
            for (int i = 0; i < g.Length; i++)
            {
                expected[i] += g[i];
            }
        }

        GradientTests.AssertClose(expectedLoss, before, 1e-11, "L");
        for (int i = 0; i < gradient.Length; i++)
        {
            GradientTests.AssertClose(expected[i], gradient[i], 1e-11, $"∂L/∂θ[{i}]");
        }

        net.Step(gradient, 0.01);
        double after = net.Gradient(xs, ts, gradient);
        Assert.True(after < before, $"one step of gradient descent should lower the loss: {before} → {after}");
    }
}
