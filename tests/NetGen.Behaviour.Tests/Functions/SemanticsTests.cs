using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Issue 21: the generated members follow C#'s semantics exactly (int typing, overflow, division by
/// zero, casts), an untaken branch never leaks, Hessians are right where adjoints vanish, and
/// written spans that alias are refused before anything is written.
/// </summary>
public class SemanticsTests
{
    private static readonly int[] Ints = { 1, 2, 3, 5, 7, 8, 9, -1, -2, -7, -8, 100, 12345, int.MaxValue, int.MinValue + 1, int.MinValue };

    [Fact]
    public void IntDivisionModuloAndShiftsAreCsharpsBitForBit()
    {
        var random = new Random(21);
        foreach (int n in Ints)
        {
            double a = random.NextDouble() * 4 - 2;
            double value = Semantics.IntDivisionGradient(a, n, out double dA);
            Check.Same(Semantics.IntDivision(a, n), value, $"IntDivision({a}, {n})");
            Check.Same(7 / n + (n - 1) / 2, dA, $"∂IntDivision/∂a at n = {n}"); // int coefficients, by hand
            Check.Same(Semantics.IntDivision(a, n), Semantics.IntDivisionJvp(a, n, 1.0, out double tResult), "IntDivisionJvp value");
            Check.Same(dA, tResult, "IntDivisionJvp tangent");
        }

        for (int trial = 0; trial < 2000; trial++)
        {
            int n = random.Next(int.MinValue, int.MaxValue), m = trial % 5 == 0 ? random.Next(-9, 10) : random.Next(int.MinValue, int.MaxValue);
            if (m == 0 || (n == int.MinValue && m == -1))
            {
                continue;
            }

            double a = random.NextDouble() * 2 - 1;
            double value = Semantics.IntMixGradient(a, n, m, out double dA);
            Check.Same(Semantics.IntMix(a, n, m), value, $"IntMix({a}, {n}, {m})");
            int q = n / m, s = (n << 2) ^ (m >> 1), wrapped = unchecked(n * m + int.MaxValue);
            double expected = q - 2.0 * s * a + wrapped * 1e-9; // the int coefficients by hand; summed in another order
            Assert.True(Math.Abs(expected - dA) <= 1e-15 * (Math.Abs(q) + Math.Abs(2.0 * s * a) + Math.Abs(wrapped * 1e-9)), $"∂IntMix/∂a at ({n}, {m}): {dA:R}, by hand {expected:R}");
        }
    }

    [Fact]
    public void DivisionByZeroAndCheckedOverflowThrowWhereTheMethodThrows()
    {
        Assert.Throws<DivideByZeroException>(() => Semantics.IntDivision(1.5, 0));
        Assert.Throws<DivideByZeroException>(() => Semantics.IntDivisionGradient(1.5, 0, out _));
        Assert.Throws<DivideByZeroException>(() => Semantics.IntDivisionJvp(1.5, 0, 1, out _));
        Assert.Throws<DivideByZeroException>(() => Semantics.IntMixGradient(1.5, 3, 0, out _));
        Assert.Throws<OverflowException>(() => Semantics.IntMix(1.5, int.MinValue, -1));
        Assert.Throws<OverflowException>(() => Semantics.IntMixGradient(1.5, int.MinValue, -1, out _));

        Assert.Throws<OverflowException>(() => Semantics.CheckedProduct(2, 3_000_000));
        Assert.Throws<OverflowException>(() => Semantics.CheckedProductGradient(2, 3_000_000, out _));
        Assert.Throws<OverflowException>(() => Semantics.CheckedProductJvp(2, 3_000_000, 1, out _));
        Check.Same(2 * 3_000_000.0, Semantics.CheckedProductGradient(2, 3_000, out double dA), "CheckedProduct value");
        Check.Same(3_000_000, dA, "∂CheckedProduct/∂a");
    }

    [Fact]
    public void CheckedAndUncheckedNestAsWritten()
    {
        var random = new Random(5);
        int thrown = 0, returned = 0;
        for (int trial = 0; trial < 4000; trial++)
        {
            int n = random.Next(int.MinValue, int.MaxValue) >> random.Next(0, 31), m = random.Next(-3000, 3000);
            double a = (random.NextDouble() * 2 - 1) * (trial % 3 == 0 ? 5 : 1);
            Exception? primal = null, generated = null, forward = null;
            double value = 0, gradientValue = 0, dA = 0, jvpValue = 0;
            try { value = Semantics.CheckedNesting(a, n, m); } catch (OverflowException e) { primal = e; }
            try { gradientValue = Semantics.CheckedNestingGradient(a, n, m, out dA); } catch (OverflowException e) { generated = e; }
            try { jvpValue = Semantics.CheckedNestingJvp(a, n, m, 1, out _); } catch (OverflowException e) { forward = e; }
            Assert.True((primal is null) == (generated is null) && (primal is null) == (forward is null), $"({a}, {n}, {m}): the method {(primal is null ? "returns" : "throws")}, its gradient {(generated is null ? "returns" : "throws")}, its JVP {(forward is null ? "returns" : "throws")}");
            if (primal is null)
            {
                Check.Same(value, gradientValue, $"CheckedNesting({a}, {n}, {m})");
                Check.Same(value, jvpValue, $"CheckedNestingJvp({a}, {n}, {m})");
                Check.Same(checked(n + unchecked(m * 1000000)), dA, "∂CheckedNesting/∂a");
                returned++;
            }
            else
            {
                thrown++;
            }
        }

        Assert.True(thrown > 100 && returned > 100, $"{thrown} thrown, {returned} returned: the cases do not reach both outcomes");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(10_000)]
    public void IntCountersDecideTheTripCountAsInTheMethod(int n)
    {
        double a = 1.7;
        double value = Semantics.CounterGradient(a, n, out double dA);
        Check.Same(Semantics.Counter(a, n), value, $"Counter({a}, {n})");
        int k = 0;
        double sum = 0;
        while (k * k < n)
        {
            sum += 1.0 / (k + 1);
            k++;
        }

        Assert.Equal(sum * k, dA, 12);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-2.7)]
    [InlineData(5.5)]
    [InlineData(1e-300)]
    public void CastsTruncateAndRoundAsCsharpDoes(double a)
    {
        double value = Semantics.CastsGradient(a, out double dA);
        Check.Same(Semantics.Casts(a), value, $"Casts({a})");
        Assert.Equal((int)a + 1.0, dA); // (int)(3a) is a step: 0; a·(int)a: (int)a; (float)a: 1
    }

    [Fact]
    public void AnUntakenBranchNeverLeaksIntoTheDerivativeOrThrows()
    {
        Check.Same(0, Semantics.LogGuardGradient(-1, out double d), "LogGuard(-1)");
        Check.Same(0, d, "∂LogGuard at -1 (Log(-1) is NaN on the untaken branch)");
        Check.Same(0, Semantics.LogGuardGradient(0, out d), "LogGuard(0)");
        Check.Same(0, d, "∂LogGuard at 0 (1/0 = ∞ on the untaken branch)");
        Semantics.LogGuardJvp(-1, 1, out double t);
        Check.Same(0, t, "LogGuardJvp at -1");
        Semantics.LogGuardGradient(4, out d);
        Check.Same(0.25, d, "∂LogGuard at 4");

        // The untaken branch divides by zero: the method does not throw at n = 0, nor may its derivatives.
        Check.Same(Semantics.DivideGuard(2.5, 0), Semantics.DivideGuardGradient(2.5, 0, out double dA), "DivideGuard(2.5, 0)");
        Check.Same(1, dA, "∂DivideGuard at n = 0");
        Semantics.DivideGuardJvp(2.5, 0, 1, out t);
        Check.Same(1, t, "DivideGuardJvp at n = 0");
        Semantics.DivideGuardGradient(2.5, 3, out dA);
        Check.Same(3, dA, "∂DivideGuard at n = 3");

        Semantics.SqrtGuardGradient(2, -1, out double dX, out double dY);
        Check.Same(1, dX, "∂SqrtGuard/∂x at y = -1");
        Check.Same(0, dY, "∂SqrtGuard/∂y at y = -1 (√ of a negative on the untaken branch)");
        Semantics.SqrtGuardGradient(2, 0, out dX, out dY);
        Check.Same(0, dY, "∂SqrtGuard/∂y at y = 0 (√'(0) = ∞ on the untaken branch)");
    }

    [Fact]
    public void GuardsAreHonouredAsCsharpHonoursThem()
    {
        // An empty span: the method returns before reading xs[0], and so do its derivatives.
        Check.Same(0, Semantics.FirstSquaredGradient(ReadOnlySpan<double>.Empty, Span<double>.Empty), "FirstSquared(empty)");
        Semantics.FirstSquaredJvp(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, out double t);
        Check.Same(0, t, "FirstSquaredJvp(empty)");
        var d = new double[1];
        Semantics.FirstSquaredGradient(new[] { 3.0 }, d);
        Check.Same(6, d[0], "∂FirstSquared at 3");

        // lo > hi: Math.Clamp would throw, and the method never calls it.
        Assert.Throws<ArgumentException>(() => Math.Clamp(0.5, 2.0, 1.0));
        Check.Same(0.5, Semantics.ClampGuardGradient(0.5, 2, 1, out double dX, out double dLo, out double dHi), "ClampGuard(0.5, 2, 1)");
        Assert.Equal((1.0, 0.0, 0.0), (dX, dLo, dHi));
        Semantics.ClampGuardJvp(0.5, 2, 1, 1, 1, 1, out t);
        Check.Same(1, t, "ClampGuardJvp");

        // A read guarded inside a loop: xs[i + 1] only where it exists; s = x[n−1] − x[0].
        for (int n = 0; n <= 5; n++)
        {
            double[] xs = Enumerable.Range(0, n).Select(i => 0.3 * i * i).ToArray();
            var dxs = new double[n];
            double value = Semantics.NextDifferencesGradient(xs, dxs);
            Check.Same(Semantics.NextDifferences(xs), value, $"NextDifferences of {n}");
            double[] expected = new double[n];
            if (n >= 2)
            {
                expected[0] = -1;
                expected[n - 1] = 1;
            }

            Assert.Equal(expected, dxs);
        }

        // A [GradientOf] function outside its domain is never called on the untaken branch.
        Check.Same(2, Semantics.GuardedCallGradient(-2, out dX), "GuardedCall(-2)");
        Check.Same(-1, dX, "∂GuardedCall at -2");
        Semantics.GuardedCallJvp(-2, 1, out t);
        Check.Same(-1, t, "GuardedCallJvp at -2");
        Semantics.GuardedCallGradient(4, out dX);
        Check.Same(0.5, dX, "∂GuardedCall at 4");
    }

    [Fact]
    public void AnOperandMaxOrMinDidNotChooseGetsNothingNotEvenAnInfiniteAdjoint()
    {
        // √(max(v, 0)) at v = −1: the max chose 0, so v gets no derivative through it; ∞·0 must not make NaN.
        double value = Semantics.TruncatedRootGradient(-1, 3, out double dV, out double dK);
        Check.Same(Semantics.TruncatedRoot(-1, 3), value, "TruncatedRoot(-1, 3)");
        Assert.Equal(3 - 3 * 0.5 / (2 * 1), dV, 15); // v·k, and k·√(−min(v, 0))/2 = k·√(−v)/2
        Assert.Equal(-1 + 0.5, dK, 15);
        Semantics.TruncatedRootJvp(-1, 3, 1, 0, out double t);
        Assert.Equal(dV, t, 15);
        // At v = 4 the min chose 0: the same for the other operand.
        Semantics.TruncatedRootGradient(4, 3, out dV, out dK);
        Assert.Equal(3 * 0.5 / 2 + 3, dV, 15);
        Assert.Equal(2 + 4, dK, 15);
        var g = new double[2];
        var h = new double[4];
        Semantics.TruncatedRootHessian(-1, 3, g, h);
        Assert.All(h, x => Assert.False(double.IsNaN(x)));
        Check.Hessian("TruncatedRoot", p => { Semantics.TruncatedRootGradient(p[0], p[1], out double a, out double b); return new[] { a, b }; }, h, new[] { -1.0, 3.0 });
    }

    /// <summary>The shape of a generated Hessian of two doubles (a delegate of its own: spans cannot be generic arguments on .NET 8).</summary>
    internal delegate double Hessian2Member(double x, double y, Span<double> gradient, Span<double> hessian);

    private static (double[] Gradient, double[] Hessian) Hessian2(Hessian2Member hessian, double x, double y)
    {
        var g = new double[2];
        var h = new double[4];
        hessian(x, y, g, h);
        return (g, h);
    }

    [Fact]
    public void HessiansAreRightWhereAnAdjointIsZeroByValue()
    {
        // x > 0 ? x²y : 0 at (1, 0): the adjoint of x²y's x-branch is 2xy = 0 by value, not structurally.
        (double[] g, double[] h) = Hessian2(Semantics.GateHessian, 1, 0);
        Assert.Equal(new[] { 0.0, 1.0 }, g);
        Assert.Equal(new[] { 0.0, 2.0, 2.0, 0.0 }, h);
        (_, h) = Hessian2(Semantics.GateHessian, -1, 3);
        Assert.Equal(new double[4], h);

        // Huber''(0) = 1 (a residual of zero at the optimum); Early''(0) = 1 and at 1e-200.
        var g1 = new double[1];
        var h1 = new double[1];
        Semantics.HuberHessian(0, 1, g1, h1);
        Check.Same(1, h1[0], "Huber''(0)");
        Semantics.HuberHessian(3, 1, g1, h1);
        Check.Same(0, h1[0], "Huber''(3)");
        foreach (double r in new[] { 0.0, 1e-200, -2.0 })
        {
            Semantics.EarlyHessian(r, g1, h1);
            Check.Same(1, h1[0], $"Early''({r})");
        }

        Semantics.EarlyHessian(6, g1, h1);
        Check.Same(0, h1[0], "Early''(6)");

        // Pow(a, b) at b = 0: ∂²/∂a∂b = a^(b−1)(1 + b ln a) = 1/a; the halves agree (nothing averaged).
        (g, h) = Hessian2(Semantics.PowerHessian, 2, 0);
        Check.Same(0, h[0], "∂²Pow/∂a² at b = 0");
        Assert.Equal(0.5, h[1], 15);
        Check.Same(h[1], h[2], "∂²Pow/∂a∂b = ∂²Pow/∂b∂a at b = 0");
        Assert.Equal(Math.Log(2) * Math.Log(2), h[3], 15);

        // x·y + √y at y = 0: ∂²/∂x∂y = 1 (the ∞ of √' must not meet a zero tangent as NaN).
        (_, h) = Hessian2(Semantics.SqrtMixHessian, 3, 0);
        Check.Same(0, h[0], "∂²/∂x² of x·y + √y");
        Check.Same(1, h[1], "∂²/∂x∂y of x·y + √y at y = 0");
        Check.Same(1, h[2], "∂²/∂y∂x of x·y + √y at y = 0");

        // After returns inside nested ifs: x > 0, y ≤ 0 returns x·y².
        (_, h) = Hessian2(Semantics.NestedReturnHessian, 1, 0);
        Assert.Equal(new[] { 0.0, 0.0, 0.0, 2.0 }, h);
        (_, h) = Hessian2(Semantics.NestedReturnHessian, 1, 1);
        Assert.Equal(new[] { 2.0, 2.0, 2.0, 0.0 }, h);
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-0.4, 2.2)]
    [InlineData(1.9, 0.6)]
    public void HessiansMatchDifferencesOfTheGradientAndTheirHalvesAgree(double x, double y)
    {
        (Hessian2Member Hessian, Func<double[], double[]> Gradient)[] cases =
        {
            (Semantics.GateHessian, p => { Semantics.GateGradient(p[0], p[1], out double a, out double b); return new[] { a, b }; }),
            (Semantics.PowerHessian, p => { Semantics.PowerGradient(p[0], p[1], out double a, out double b); return new[] { a, b }; }),
            (Semantics.SqrtMixHessian, p => { Semantics.SqrtMixGradient(p[0], p[1], out double a, out double b); return new[] { a, b }; }),
            (Semantics.NestedReturnHessian, p => { Semantics.NestedReturnGradient(p[0], p[1], out double a, out double b); return new[] { a, b }; }),
        };
        for (int c = 0; c < cases.Length; c++)
        {
            double[] point = c == 1 ? new[] { Math.Abs(x) + 0.5, y } : new[] { x, y }; // Pow of a positive base
            (double[] g, double[] h) = Hessian2(cases[c].Hessian, point[0], point[1]);
            Assert.Equal(cases[c].Gradient(point), g);
            Check.Hessian("case " + c, cases[c].Gradient, h, point);
        }
    }

    [Fact]
    public void WrittenSpansThatAliasAreRefusedBeforeAnythingIsWritten()
    {
        double[] a = { 1, 2 }, b = { 3, 4 };
        double[] shared = { -7, -7, -7 };
        var same = Assert.Throws<ArgumentException>(() => Semantics.PairGradient(a, b, shared.AsSpan(0, 2), shared.AsSpan(0, 2)));
        Assert.Contains("dA", same.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Semantics.PairGradient(a, b, shared.AsSpan(0, 2), shared.AsSpan(1, 2)));
        Assert.Throws<ArgumentException>(() => Semantics.PairGradient(a, b, a, new double[2])); // a derivative over its own input
        Assert.All(shared, v => Assert.Equal(-7, v));
        Assert.Equal(new double[] { 1, 2 }, a);

        double[] outputs = new double[4];
        Array.Fill(outputs, -7);
        Assert.Throws<ArgumentException>(() => Semantics.PolarJvp(1, 0.5, outputs.AsSpan(0, 2), outputs.AsSpan(2, 1), 1, 0, outputs.AsSpan(1, 2), new double[1]));
        Assert.Throws<ArgumentException>(() => Semantics.PolarVjp(1, 0.5, outputs.AsSpan(0, 2), outputs.AsSpan(1, 1), new double[2], new double[1], out _, out _));
        Assert.Throws<ArgumentException>(() => Semantics.PolarJacobian(1, 0.5, new double[2], new double[1], outputs.AsSpan(0, 2))); // 3 × 2 needs 6
        Assert.All(outputs, v => Assert.Equal(-7, v));
        double[] jacobian = new double[8];
        Array.Fill(jacobian, -7);
        Assert.Throws<ArgumentException>(() => Semantics.PolarJacobian(1, 0.5, jacobian.AsSpan(0, 2), jacobian.AsSpan(6, 1), jacobian.AsSpan(2, 6)));
        Assert.All(jacobian, v => Assert.Equal(-7, v));

        // Distinct spans of one array are fine.
        double[] both = new double[4];
        Semantics.PairGradient(a, b, both.AsSpan(0, 2), both.AsSpan(2, 2));
        Assert.Equal(new double[] { 3, 4, 1, 2 }, both);
    }
}
