using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Independent checks of generated derivatives: five-point finite differences of the user's own
/// method (error O(h⁴), so 1e-7 relative holds where the function is smooth), directional
/// consistency of forward and reverse mode, and Hessians against differences of the gradient.
/// The reference is never the generated code under test.
/// </summary>
internal static class Check
{
    /// <summary>∂f/∂x_k by the five-point stencil with a step scaled to |x_k|.</summary>
    public static double Difference(Func<double[], double> f, double[] x, int k, double step = 1e-3)
    {
        double h = step * Math.Max(1.0, Math.Abs(x[k]));
        double At(double delta)
        {
            double[] y = (double[])x.Clone();
            y[k] += delta;
            return f(y);
        }

        return (-At(2 * h) + 8 * At(h) - 8 * At(-h) + At(-2 * h)) / (12 * h);
    }

    /// <summary>The gradient of f at x by five-point differences.</summary>
    public static double[] Differences(Func<double[], double> f, double[] x, double step = 1e-3) =>
        Enumerable.Range(0, x.Length).Select(k => Difference(f, x, k, step)).ToArray();

    /// <summary>
    /// The generated gradient at x: its value equals the method's bit for bit, and each partial
    /// derivative agrees with finite differences of the method to <paramref name="tolerance"/>
    /// (relative to max(1, |∂f/∂x_k|, |f|·1e-3)).
    /// </summary>
    public static void Gradient(string what, Func<double[], double> f, Func<double[], (double Value, double[] Gradient)> generated, double[] x, double tolerance = 1e-7, double step = 1e-3)
    {
        (double value, double[] gradient) = generated(x);
        double primal = f(x);
        Assert.True(BitConverter.DoubleToInt64Bits(primal) == BitConverter.DoubleToInt64Bits(value) || (double.IsNaN(primal) && double.IsNaN(value)),
            $"{what}: the gradient member's value {value:R} is not the method's {primal:R}");
        Assert.Equal(x.Length, gradient.Length);
        for (int k = 0; k < x.Length; k++)
        {
            double expected = Difference(f, x, k, step);
            double scale = Math.Max(1.0, Math.Max(Math.Abs(expected), Math.Abs(primal) * 1e-3));
            Assert.True(Math.Abs(expected - gradient[k]) <= tolerance * scale,
                $"{what}: ∂/∂x{k} = {gradient[k]:R}, finite differences {expected:R} (at {string.Join(", ", x)})");
        }
    }

    /// <summary>Forward mode agrees with reverse mode along random directions: J·t = ∇f·t to rounding.</summary>
    public static void Directional(string what, Func<double[], double[]> gradient, Func<double[], double[], double> jvp, double[] x, int seed = 7)
    {
        var random = new Random(seed);
        double[] g = gradient(x);
        for (int trial = 0; trial < 3; trial++)
        {
            double[] t = x.Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double expected = g.Zip(t, (a, b) => a * b).Sum();
            double scale = Math.Max(1.0, g.Zip(t, (a, b) => Math.Abs(a * b)).Sum());
            double actual = jvp(x, t);
            Assert.True(Math.Abs(expected - actual) <= 1e-12 * scale, $"{what}: JVP {actual:R} but ∇f·t = {expected:R}");
        }
    }

    /// <summary>
    /// A generated Hessian: its two halves agree to rounding before anything is averaged (forward over
    /// reverse needs no symmetrizing), and each row matches differences of the independent gradient.
    /// </summary>
    public static void Hessian(string what, Func<double[], double[]> gradient, double[] hessian, double[] x, double tolerance = 1e-6, double step = 1e-4)
    {
        int n = x.Length;
        Assert.Equal(n * n, hessian.Length);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double a = hessian[i * n + j], b = hessian[j * n + i];
                Assert.True(Math.Abs(a - b) <= 1e-12 * Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b))), $"{what}: H[{i},{j}] = {a:R} but H[{j},{i}] = {b:R}");
            }
        }

        for (int j = 0; j < n; j++)
        {
            double h = step * Math.Max(1.0, Math.Abs(x[j]));
            double[] Shifted(double delta)
            {
                double[] y = (double[])x.Clone();
                y[j] += delta;
                return gradient(y);
            }

            double[] p2 = Shifted(2 * h), p1 = Shifted(h), m1 = Shifted(-h), m2 = Shifted(-2 * h);
            for (int i = 0; i < n; i++)
            {
                double expected = (-p2[i] + 8 * p1[i] - 8 * m1[i] + m2[i]) / (12 * h);
                double scale = Math.Max(1.0, Math.Abs(expected));
                Assert.True(Math.Abs(expected - hessian[i * n + j]) <= tolerance * scale,
                    $"{what}: H[{i},{j}] = {hessian[i * n + j]:R}, differences of the gradient {expected:R} (at {string.Join(", ", x)})");
            }
        }
    }

    /// <summary>The same double, bit for bit (NaN payloads aside), with a message.</summary>
    public static void Same(double expected, double actual, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual) || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{what}: expected {expected:R}, got {actual:R}");
}
