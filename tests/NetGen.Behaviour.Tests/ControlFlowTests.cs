using System;
using System.IO;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// [Differentiable] bodies with statements, branches, loops over spans, int and [NoGradient]
/// parameters, Math.ScaleB and Hessians: each against a hand derivation, finite differences, or the
/// same function unrolled by hand; the switching points of each branch; 0 B per call.
/// </summary>
public class ControlFlowTests
{
    private static double Central(Func<double, double> f, double x, double h = 1e-6) => (f(x + h) - f(x - h)) / (2 * h);

    private static void Close(double expected, double actual, double tolerance, string what) =>
        GradientTests.AssertClose(expected, actual, tolerance, what);

    [Fact]
    public void HuberIsTheDerivativeOfTheBranchTakenAndContinuousAtTheSwitch()
    {
        foreach (double r in new[] { -3.0, -1.0, -0.4, 0.0, 0.7, 1.0, 2.5 })
        {
            double value = ControlFlow.HuberGradient(r, 1.0, out double dR);
            double expected = Math.Abs(r) <= 1 ? 0.5 * r * r : Math.Abs(r) - 0.5;
            Close(expected, value, 1e-15, $"Huber({r})");
            Close(Math.Abs(r) <= 1 ? r : Math.Sign(r), dR, 1e-15, $"Huber'({r}) by hand");
            if (Math.Abs(Math.Abs(r) - 1) > 1e-3)
            {
                Close(Central(t => ControlFlow.Huber(t, 1.0), r), dR, 1e-8, $"Huber'({r}) vs finite differences");
            }
        }
    }

    [Theory]
    [InlineData(2.0, 0.5)]
    [InlineData(1.0, 0.5)] // the switch: x > 1 is false, so the middle branch
    [InlineData(1.0000001, -0.3)]
    [InlineData(-1.0, 2.0)] // the other switch: x < -1 is false
    [InlineData(-2.0, 2.0)]
    [InlineData(0.3, -0.7)]
    public void AssignmentsAndElseIfChainsMatchTheHandDerivationOfEachBranch(double x, double y)
    {
        double value = ControlFlow.PiecewiseGradient(x, y, out double dX, out double dY);
        (double f, double fx, double fy) = x > 1 ? (2 * (x * y + Math.Sin(x)) + 1, 2 * (y + Math.Cos(x)), 2 * x)
            : x < -1 ? (x * y - y * y + 1, y, x - 2 * y)
            : (x * y / (1 + y * y) + 1, y / (1 + y * y), x * (1 - y * y) / ((1 + y * y) * (1 + y * y)));
        Close(f, value, 1e-14, "value");
        Close(fx, dX, 1e-14, "∂/∂x");
        Close(fy, dY, 1e-14, "∂/∂y");
        Assert.Equal(ControlFlow.Piecewise(x, y), value);
    }

    [Theory]
    [InlineData(0.5, 0.25)]
    [InlineData(0.5, -0.25)]
    [InlineData(0.5, 0.0)]
    [InlineData(-0.5, -2.0)]
    [InlineData(-0.5, 0.4)]
    [InlineData(0.0, 1.0)]
    public void ReturnsFromNestedBranchesMatchTheHandDerivation(double x, double y)
    {
        double value = ControlFlow.NestedReturnsGradient(x, y, out double dX, out double dY);
        (double f, double fx, double fy) = x > 0
            ? y > 0 ? (x * y, y, x) : (Math.Exp(y) * x, Math.Exp(y), Math.Exp(y) * x)
            : (x * x - (y < -1 ? y : 0) + Math.Sqrt(y * y + 1), 2 * x, (y < -1 ? -1 : 0) + y / Math.Sqrt(y * y + 1));
        Close(f, value, 1e-15, "value");
        Close(fx, dX, 1e-15, "∂/∂x");
        Close(fy, dY, 1e-15, "∂/∂y");
        if (Math.Abs(x) > 1e-3 && Math.Abs(y) > 1e-3 && Math.Abs(y + 1) > 1e-3)
        {
            Close(Central(t => ControlFlow.NestedReturns(t, y), x), dX, 1e-8, "∂/∂x vs finite differences");
            Close(Central(t => ControlFlow.NestedReturns(x, t), y), dY, 1e-8, "∂/∂y vs finite differences");
        }
    }

    private static (double[] Xs, double[] Ys) Line(int n, int seed)
    {
        var random = new Random(seed);
        double[] xs = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        double[] ys = xs.Select(x => 1.5 * x - 0.25 + 0.1 * (random.NextDouble() - 0.5)).ToArray();
        return (xs, ys);
    }

    [Fact]
    public void LeastSquaresOverALoopMatchesTheNormalEquationsGradient()
    {
        (double[] xs, double[] ys) = Line(1000, 4);
        double a = 0.7, b = 0.2;
        double value = ControlFlow.LeastSquaresGradient(a, b, xs, ys, out double dA, out double dB);
        double sum = 0, sa = 0, sb = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = a * xs[i] + b - ys[i];
            sum += r * r;
            sa += 2 * r * xs[i];
            sb += 2 * r;
        }

        Close(sum / xs.Length, value, 1e-13, "mean squared error");
        Close(sa / xs.Length, dA, 1e-13, "∂/∂a");
        Close(sb / xs.Length, dB, 1e-13, "∂/∂b");
        Close(Central(t => ControlFlow.LeastSquares(t, b, xs, ys), a), dA, 1e-8, "∂/∂a vs finite differences");

        double byCall = ControlFlow.LeastSquaresByCallGradient(a, b, xs, ys, out double cA, out double cB);
        Close(sum, byCall, 1e-13, "through a call with [NoGradient] parameters");
        Close(sa, cA, 1e-13, "∂/∂a through the call");
        Close(sb, cB, 1e-13, "∂/∂b through the call");
    }

    [Fact]
    public void TwoSumsInOneLoopAndASecondLoopMatchTheHandDerivation()
    {
        double[] xs = { 0.5, -1.25, 2, 3.5, 0.75 };
        double m = 0.4;
        double value = ControlFlow.MomentsGradient(m, xs, out double dM);
        int n = xs.Length;
        double s1 = xs.Sum(x => x - m), s2 = xs.Sum(x => (x - m) * (x - m));
        Close(s1 * s1 + s2 / n + n * m, value, 1e-14, "value");
        Close(2 * s1 * -n - 2 * s1 / n + n, dM, 1e-13, "∂/∂m by hand");
        Close(Central(t => ControlFlow.Moments(t, xs), m), dM, 1e-8, "∂/∂m vs finite differences");
    }

    [Fact]
    public void OnePassAndTwoPassSumsOverDifferentiatedSpansMatchTheHandDerivation()
    {
        double[] x = { 0.5, -1.5, 2, 0.25, 3 };
        int n = x.Length;
        double[] d = Enumerable.Repeat(double.NaN, n).ToArray();
        double value = ControlFlow.MeanSquareGradient(x, d);
        Close(x.Sum(v => v * v) / n, value, 1e-15, "mean square");
        for (int j = 0; j < n; j++)
        {
            Close(2 * x[j] / n, d[j], 1e-15, $"∂/∂x{j} of the mean square (scaled after the pass)");
        }

        double s = Enumerable.Range(0, n).Sum(i => (i + 1) * x[n - 1 - i] * x[n - 1 - i]);
        value = ControlFlow.ReversedGradient(x, d);
        Close(Math.Sqrt(s), value, 1e-15, "reversed sum");
        for (int j = 0; j < n; j++)
        {
            Close(2 * (n - j) * x[j] / (2 * Math.Sqrt(s)), d[j], 1e-14, $"∂/∂x{j} of the reversed sum (two passes)");
        }
    }

    [Fact]
    public void AOnePassLoopThatReadsPastTheEndThrowsAsTheMethodDoesBeforeWritingAnything()
    {
        double[] x = { 1, 2, 3 };
        double[] d = { 7, 7, 7 };
        Assert.Throws<IndexOutOfRangeException>(() => ControlFlow.Overrun(x));
        Assert.Throws<IndexOutOfRangeException>(() => ControlFlow.OverrunGradient(x, d));
        Assert.Equal(new double[] { 7, 7, 7 }, d);
        Assert.Equal(0.0, ControlFlow.OverrunGradient(ReadOnlySpan<double>.Empty, Span<double>.Empty));
    }

    [Fact]
    public void EmptyDataGivesTheFunctionsOwnValueAndDerivativesOfZeroOrNaN()
    {
        double value = ControlFlow.LeastSquaresGradient(1, 2, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, out double dA, out double dB);
        Assert.True(double.IsNaN(value)); // 0 / 0, as the method itself
        Assert.Equal(ControlFlow.LeastSquares(1, 2, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty), value);
        // 0/0: the derivatives are those of a NaN, 0 or NaN by the order the chain rule is applied in.
        Assert.True(double.IsNaN(dA) || dA == 0.0);
        Assert.True(double.IsNaN(dB) || dB == 0.0);
    }

    [Fact]
    public void RosenbrockOverASpanEqualsTheUnrolledFunctionAndTheHandGradient()
    {
        double[] x = { -1.2, 1.0, 0.4, -0.3 };
        double[] g = new double[4];
        double value = ControlFlow.RosenbrockGradient(x, g);
        double unrolled = ControlFlow.Rosenbrock4Gradient(x[0], x[1], x[2], x[3], out double d0, out double d1, out double d2, out double d3);
        Assert.Equal(unrolled, value, 12);
        double[] expected = { d0, d1, d2, d3 };
        for (int i = 0; i < 4; i++)
        {
            Close(expected[i], g[i], 1e-14, $"∂/∂x{i} vs the unrolled function");
        }

        var random = new Random(8);
        double[] big = Enumerable.Range(0, 1000).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] gradient = Enumerable.Repeat(double.NaN, 1000).ToArray(); // overwritten, not added to
        ControlFlow.RosenbrockGradient(big, gradient);
        for (int i = 0; i < big.Length; i++)
        {
            double hand = (i < big.Length - 1 ? -400 * big[i] * (big[i + 1] - big[i] * big[i]) - 2 * (1 - big[i]) : 0) +
                          (i > 0 ? 200 * (big[i] - big[i - 1] * big[i - 1]) : 0);
            Close(hand, gradient[i], 1e-12, $"∂/∂x{i} by hand (N = 1000)");
        }
    }

    [Fact]
    public void ABranchInsideAForeachStaysAReductionAndMatchesTheHandDerivation()
    {
        double[] xs = { -3, -1, -0.5, 0, 0.25, 1, 2.5, 4 };
        foreach (double c in new[] { 0.0, 0.5, -2.0, 3.0 })
        {
            ControlFlow.HuberSumGradient(c, xs, out double dC);
            double hand = xs.Sum(v => Math.Abs(v - c) <= 1 ? -(v - c) : -Math.Sign(v - c));
            Close(hand, dC, 1e-14, $"∂/∂c at c = {c} (points on the switch included)");
        }

        Close(Central(t => ControlFlow.HuberSum(t, xs), 0.3), Grad(0.3), 1e-8, "vs finite differences");
        static double Grad(double c)
        {
            double[] xs = { -3, -1, -0.5, 0, 0.25, 1, 2.5, 4 };
            ControlFlow.HuberSumGradient(c, xs, out double d);
            return d;
        }
    }

    [Theory]
    [InlineData(5)]    // the kept values fit on the stack
    [InlineData(400)]  // they come from the array pool
    public void HornerKeepsItsCarriedValueAndMatchesThePolynomialsDerivatives(int n)
    {
        var random = new Random(n);
        double[] c = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        double x = 0.99;
        double[] dC = new double[n];
        double value = ControlFlow.HornerGradient(c, x, dC, out double dX);
        double p = 0, dp = 0;
        for (int j = 0; j < n; j++)
        {
            p += c[j] * Math.Pow(x, j);
            dp += j * c[j] * Math.Pow(x, j - 1);
            Close(Math.Pow(x, j), dC[j], 1e-13, $"∂p/∂c{j}");
        }

        Close(p, value, 1e-12, "p(x)");
        Close(dp, dX, 1e-11, "p'(x)");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    [InlineData(0)]
    public void EulerStepsOfASpringMatchFiniteDifferences(int steps)
    {
        const double dt = 0.01, x0 = 1.0, v0 = -0.5, k = 4.0;
        double value = ControlFlow.OscillatorGradient(x0, v0, k, steps, dt, out double dX0, out double dV0, out double dK);
        Assert.Equal(ControlFlow.Oscillator(x0, v0, k, steps, dt), value);
        Close(Central(t => ControlFlow.Oscillator(t, v0, k, steps, dt), x0), dX0, 1e-8, "∂/∂x0");
        Close(Central(t => ControlFlow.Oscillator(x0, t, k, steps, dt), v0), dV0, 1e-8, "∂/∂v0");
        Close(Central(t => ControlFlow.Oscillator(x0, v0, t, steps, dt), k), dK, 1e-8, "∂/∂k");
    }

    [Fact]
    public void AnInclusiveStridedLoopWithIntParametersTouchesOnlyItsElements()
    {
        double[] xs = { 0.5, -1, 2, 3, -0.25, 1.5, 4 };
        double[] dXs = new double[xs.Length];
        double value = ControlFlow.EverySecondGradient(xs, 1, 5, dXs);
        double expected = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            bool used = i >= 1 && i <= 5 && (i - 1) % 2 == 0;
            expected += used ? xs[i] * xs[i] * (i + 1) : 0;
            Close(used ? 2 * xs[i] * (i + 1) : 0, dXs[i], 1e-15, $"∂/∂xs[{i}]");
        }

        Close(expected, value, 1e-15, "value");
    }

    [Fact]
    public void AProductKeepsItsRunningValueAndGivesEveryOtherFactor()
    {
        double[] xs = { 1.5, -2, 0.5, 3, 0.25 };
        double[] d = new double[xs.Length];
        double value = ControlFlow.ProductGradient(xs, d);
        Close(xs.Aggregate(1.0, (p, v) => p * v), value, 1e-15, "product");
        for (int i = 0; i < xs.Length; i++)
        {
            Close(xs.Where((_, j) => j != i).Aggregate(1.0, (p, v) => p * v), d[i], 1e-15, $"∂/∂x{i}");
        }
    }

    [Fact]
    public void SpanDerivativesOfTheWrongLengthOrOverlappingTheInputAreRefusedBeforeAnythingIsWritten()
    {
        double[] xs = { 1, 2, 3 };
        double[] shortGradient = { 7, 7 };
        Assert.Throws<ArgumentException>(() => ControlFlow.RosenbrockGradient(xs, shortGradient));
        Assert.Equal(new double[] { 7, 7 }, shortGradient);
        double[] shared = { 1, 2, 3 };
        Assert.Throws<ArgumentException>(() => ControlFlow.RosenbrockGradient(shared, shared));
        Assert.Equal(new double[] { 1, 2, 3 }, shared);
        Assert.Throws<IndexOutOfRangeException>(() => ControlFlow.EverySecondGradient(xs, 0, 6, new double[3]));
    }

    [Theory]
    [InlineData(1.5, 4)]
    [InlineData(-0.75, -2)]
    public void ScaleBIsExactScalingByAPowerOfTwo(double x, int n)
    {
        double value = ControlFlow.ScaledGradient(x, n, out double dX);
        Assert.Equal(8 * x * x + Math.Pow(2, n) * x * x, value);
        Assert.Equal(16 * x + Math.Pow(2, n) * 2 * x, dX);
    }

    [Theory]
    [InlineData(-1.2, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(0.3, -0.8)]
    public void RosenbrocksHessianMatchesTheHandDerivation(double x, double y)
    {
        double[] g = new double[2], h = new double[4];
        double value = ControlFlow.Rosen2Hessian(x, y, g, h);
        Assert.Equal(ControlFlow.Rosen2(x, y), value);
        Close(-2 * (1 - x) - 400 * x * (y - x * x), g[0], 1e-13, "∂f/∂x");
        Close(200 * (y - x * x), g[1], 1e-13, "∂f/∂y");
        Close(2 - 400 * (y - x * x) + 800 * x * x, h[0], 1e-13, "∂²f/∂x²");
        Close(-400 * x, h[1], 1e-13, "∂²f/∂x∂y");
        Close(-400 * x, h[2], 1e-13, "∂²f/∂y∂x");
        Close(200, h[3], 1e-13, "∂²f/∂y²");
    }

    [Fact]
    public void QuestionThreesSecondDerivativeIsTen()
    {
        double[] g = new double[1], h = new double[1];
        Assert.Equal(2 + 5 * 0.3 * 0.3, ControlFlow.BowlHessian(0.3, g, h), 15);
        Assert.Equal(10 * 0.3, g[0], 15);
        Assert.Equal(10.0, h[0]);
    }

    [Theory]
    [InlineData(0.8, 0.3)]   // x > y
    [InlineData(-0.4, 0.6)]  // x < y
    [InlineData(1.3, -0.9)]
    public void AHessianThroughBranchesAndFunctionsMatchesFiniteDifferencesOfTheGradientAndIsSymmetric(double x, double y)
    {
        const double c = 0.35;
        double[] g = new double[2], h = new double[4];
        double value = ControlFlow.MixedHessian(x, y, c, g, h);
        double gx0 = ControlFlow.MixedGradient(x, y, c, out double gx, out double gy);
        Assert.Equal(gx0, value);
        Close(gx, g[0], 1e-14, "gradient x as in MixedGradient");
        Close(gy, g[1], 1e-14, "gradient y as in MixedGradient");
        const double e = 1e-6;
        ControlFlow.MixedGradient(x + e, y, c, out double xpx, out double xpy);
        ControlFlow.MixedGradient(x - e, y, c, out double xmx, out double xmy);
        ControlFlow.MixedGradient(x, y + e, c, out double ypx, out double ypy);
        ControlFlow.MixedGradient(x, y - e, c, out double ymx, out double ymy);
        Close((xpx - xmx) / (2 * e), h[0], 1e-6, "∂²/∂x²");
        Close((xpy - xmy) / (2 * e), h[1], 1e-6, "∂²/∂x∂y");
        Close((ypx - ymx) / (2 * e), h[2], 1e-6, "∂²/∂y∂x");
        Close((ypy - ymy) / (2 * e), h[3], 1e-6, "∂²/∂y²");
        Close(h[1], h[2], 1e-14, "the two halves agree to rounding (nothing is averaged)");
    }

    [Fact]
    public void HessianOutputsOfTheWrongLengthAreRefusedBeforeAnythingIsWritten()
    {
        double[] g = { 9, 9 }, h = { 9, 9, 9 };
        Assert.Throws<ArgumentException>(() => ControlFlow.Rosen2Hessian(1, 2, g, h));
        Assert.Equal(new double[] { 9, 9 }, g);
        Assert.Equal(new double[] { 9, 9, 9 }, h);
    }

    [Fact]
    public void EveryFormAllocatesNothingPerCallIncludingLoopsOverAMillionElements()
    {
        (double[] xs, double[] ys) = Line(1_000_000, 5);
        double[] coefficients = Enumerable.Range(0, 300).Select(i => 1.0 / (i + 1)).ToArray();
        double[] dCoefficients = new double[300];
        double[] small = { 1, 2, 3, 4, 5 };
        double[] dSmall = new double[5];
        double[] g = new double[2], h = new double[4];
        double sink = 0;

        void Large()
        {
            sink += ControlFlow.LeastSquaresGradient(0.5, 0.1, xs, ys, out double a, out double b) + a + b;
            sink += ControlFlow.OscillatorGradient(1, 0, 1, 1_000_000, 1e-6, out double x0, out double v0, out double k) + x0 + v0 + k;
        }

        void Small()
        {
            sink += ControlFlow.HornerGradient(small, 0.5, dSmall, out double d1);
            sink += ControlFlow.HornerGradient(coefficients, 0.5, dCoefficients, out double d2) + d1 + d2;
            sink += ControlFlow.HuberSumGradient(0.5, small, out double d3) + d3;
            sink += ControlFlow.PiecewiseGradient(0.5, 0.25, out double d4, out double d5) + d4 + d5;
            sink += ControlFlow.MixedHessian(0.8, 0.3, 0.35, g, h) + ControlFlow.Rosen2Hessian(0.1, 0.2, g, h);
        }

        for (int i = 0; i < 3; i++)
        {
            Large();
        }

        for (int i = 0; i < 200; i++)
        {
            Small();
        }

        AllocationTests.AssertNoAllocation(Large, calls: 2);
        AllocationTests.AssertNoAllocation(Small);
        Assert.True(double.IsFinite(sink));
    }
}
