using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests;

/// <summary>Checks of a generated network that do not trust its backward pass: central differences of its own loss, and the per-sample members against the batch ones.</summary>
internal static class NetworkChecks
{
    /// <summary>Gradient(x, t) against central differences of Evaluate's total loss, every parameter; returns the gradient.</summary>
    public static double[] GradientMatchesDifferences(string what, INetwork<double> net, double[] x, double[] t, double tolerance = 2e-6)
    {
        int rows = x.Length / net.InputCount;
        var gradient = new double[net.ParameterCount];
        double total = net.Gradient(x, t, gradient);
        Assert.Equal(net.Evaluate(x, t).MeanLoss * rows, total, 10);
        double[] theta = net.Parameters.ToArray();
        try
        {
            for (int p = 0; p < theta.Length; p++)
            {
                const double H = 1e-6;
                theta.CopyTo(net.Parameters);
                net.Parameters[p] = theta[p] + H;
                double up = net.Evaluate(x, t).MeanLoss * rows;
                net.Parameters[p] = theta[p] - H;
                double down = net.Evaluate(x, t).MeanLoss * rows;
                double expected = (up - down) / (2 * H);
                Assert.True(Math.Abs(expected - gradient[p]) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{what} ∂L/∂θ{p}: {gradient[p]:R}, differences {expected:R}");
            }
        }
        finally
        {
            theta.CopyTo(net.Parameters);
        }

        return gradient;
    }

    /// <summary>AccumulateGradient row by row sums to the batch Gradient (the lanes and blocks against the scalar members).</summary>
    public static void PerSampleMatchesBatch(string what, INetwork<double> net, double[] x, double[] t)
    {
        int rows = x.Length / net.InputCount;
        var gradient = new double[net.ParameterCount];
        double total = net.Gradient(x, t, gradient);
        var summed = new double[net.ParameterCount];
        dynamic d = net;
        double perSample = 0;
        for (int r = 0; r < rows; r++)
        {
            perSample += d.AccumulateGradient(new ReadOnlySpan<double>(x, r * net.InputCount, net.InputCount).ToArray(), new ReadOnlySpan<double>(t, r * net.OutputCount, net.OutputCount).ToArray(), summed);
        }

        Assert.True(Math.Abs(perSample - total) <= 1e-12 * Math.Max(1, Math.Abs(total)), $"{what}: per sample {perSample:R}, batch {total:R}");
        for (int p = 0; p < summed.Length; p++)
        {
            Assert.True(Math.Abs(summed[p] - gradient[p]) <= 1e-12 * Math.Max(1, Math.Abs(summed[p])), $"{what} θ{p}: per sample {summed[p]:R}, batch {gradient[p]:R}");
        }
    }

    /// <summary>A float network's gradient against its double twin with the same parameters, to a relative 1e-4.</summary>
    public static void FloatMatchesDouble(string what, INetwork<float> f, INetwork<double> d, double[] x, double[] t)
    {
        for (int i = 0; i < f.ParameterCount; i++)
        {
            d.Parameters[i] = f.Parameters[i];
        }

        float[] xf = x.Select(v => (float)v).ToArray(), tf = t.Select(v => (float)v).ToArray();
        var gf = new float[f.ParameterCount];
        var gd = new double[d.ParameterCount];
        float lf = f.Gradient(xf, tf, gf);
        double ld = d.Gradient(xf.Select(v => (double)v).ToArray(), tf.Select(v => (double)v).ToArray(), gd);
        Assert.True(Math.Abs(lf - ld) <= 1e-4 * Math.Max(1, Math.Abs(ld)), $"{what}: loss {lf} vs {ld}");
        double scale = gd.Max(Math.Abs);
        for (int p = 0; p < gf.Length; p++)
        {
            Assert.True(Math.Abs(gf[p] - gd[p]) <= 1e-4 * Math.Max(1, scale), $"{what} θ{p}: float {gf[p]}, double {gd[p]}");
        }
    }
}
