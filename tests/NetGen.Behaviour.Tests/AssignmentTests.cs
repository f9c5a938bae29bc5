using System;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>Question 1 of the assignment: its data, and its printed answers (rounded to 5 decimals).</summary>
public class AssignmentTests
{
    internal static AssignmentNet CreateAssignmentNet()
    {
        var net = new AssignmentNet();
        new double[] { -0.8, -0.7, 0.6, -1.0, 0.5, -1.0 }.CopyTo(net.W1);
        new double[] { -0.2, -1.0, -0.7 }.CopyTo(net.B1);
        new double[] { 0.1, -1.0, 0.5 }.CopyTo(net.W2);
        new double[] { -0.7 }.CopyTo(net.B2);
        return net;
    }

    internal static readonly double[] X = { 0.6, -1.0, 0.8, -1.0, -0.4, 0.9, 0.2, 0.0 };
    internal static readonly double[] T = { -0.8, -0.1, 0.9, 0.7 };

    [Fact]
    public void GradientReproducesTheAssignmentsPrintedAnswers()
    {
        AssignmentNet net = CreateAssignmentNet();
        var g = new double[AssignmentNet.ParameterCount];
        double loss = net.Gradient(X, T, g);

        // The assignment prints values rounded to 5 decimals.
        Near(2.38554, loss);
        Near(-2.732, g[12]);                                       // ∂L/∂b2
        Near(new[] { 0.0268, 0, 0.134 }, g.AsSpan(6, 3));          // ∂L/∂b1
        Near(new[] { 0.1168, 0, 0.1536 }, g.AsSpan(9, 3));         // ∂L/∂w2
        Near(new[] { 0.0122, 0, 0.061, -0.0268, 0, -0.134 }, g.AsSpan(0, 6)); // ∂L/∂W1
    }

    [Fact]
    public void GradientMatchesTheHandDerivedValues()
    {
        // The assignment's derivation, spelled out with plain arrays: y = w2·ReLU(x·W1 + b1) + b2,
        // L = ½ Σ (y − t)², ∂L/∂b2 = Σ (y − t).
        double[] y = new double[4];
        double[,] z = new double[4, 3];
        double[,] w1 = { { -0.8, -0.7, 0.6 }, { -1.0, 0.5, -1.0 } };
        double[] b1 = { -0.2, -1.0, -0.7 }, w2 = { 0.1, -1.0, 0.5 };
        for (int k = 0; k < 4; k++)
        {
            y[k] = -0.7;
            for (int n = 0; n < 3; n++)
            {
                z[k, n] = Math.Max(0, X[2 * k] * w1[0, n] + X[2 * k + 1] * w1[1, n] + b1[n]);
                y[k] += w2[n] * z[k, n];
            }
        }

        double loss = 0, db2 = 0;
        for (int k = 0; k < 4; k++)
        {
            loss += 0.5 * (y[k] - T[k]) * (y[k] - T[k]);
            db2 += y[k] - T[k];
        }

        var g = new double[AssignmentNet.ParameterCount];
        double generated = CreateAssignmentNet().Gradient(X, T, g);
        Assert.Equal(loss, generated, 12);
        Assert.Equal(db2, g[12], 12);
    }

    private static void Near(double printed, double actual) =>
        Assert.True(Math.Abs(Math.Round(actual, 5) - printed) < 1e-12, $"expected {printed} (rounded to 5 decimals), got {actual:R}");

    private static void Near(double[] printed, ReadOnlySpan<double> actual)
    {
        Assert.Equal(printed.Length, actual.Length);
        for (int i = 0; i < printed.Length; i++)
        {
            Near(printed[i], actual[i]);
        }
    }
}
