using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Issue 22: loops of every usual shape, stack arrays written in place, calls with spans in loops and
/// float methods, each against five-point differences of the user's own method, forward against
/// reverse mode, Hessians against differences of the gradient, at random points, at switching
/// points and at trip counts 0, 1 and large; 0 B per call.
/// </summary>
public class LoopTests
{
    private static double[] Random(int n, int seed, double scale = 1, double shift = 0)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2 - 1) * scale + shift).ToArray();
    }

    /// <summary>p = [doubles…, span…] ↔ the method's arguments.</summary>
    private static double[] Join(double[] scalars, double[] span) => scalars.Concat(span).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    public void NestedLoopsOverRowsAndFeatures(int rows)
    {
        const int d = 4;
        double[] x = Random(Math.Max(rows, 1) * d, rows + 1, 2);
        double[] w0 = Random(d, 3);
        double F(double[] w) => Loops.LogisticLoss(w, x, rows);
        (double, double[]) G(double[] w)
        {
            var dw = new double[d];
            double v = Loops.LogisticLossGradient(w, x, rows, dw);
            return (v, dw);
        }

        Check.Gradient("LogisticLoss", F, G, w0);
        Check.Directional("LogisticLoss", w => G(w).Item2, (w, t) => { Loops.LogisticLossJvp(w, x, rows, t, out double tr); return tr; }, w0);
        var gradient = new double[d];
        var hessian = new double[d * d];
        Check.Same(F(w0), Loops.LogisticLossHessian(w0, x, rows, gradient, hessian), "LogisticLossHessian value");
        Assert.Equal(G(w0).Item2, gradient);
        Check.Hessian("LogisticLoss", w => G(w).Item2, hessian, w0);
        if (rows == 0)
        {
            Assert.All(hessian, h => Assert.Equal(0, h));
        }
    }

    /// <summary>
    /// A value that reaches the result only iterations after it is read: the derivative against the hand derivation
    /// d/dx 3x²(n − 2) = 6x(n − 2) (0 below two iterations), finite differences, forward mode and the Hessian, at trip
    /// counts 0 to 10 and at x = 0, where every adjoint of x's chain is 0.
    /// </summary>
    [Theory]
    [MemberData(nameof(TripCounts))]
    public void AValueCarriedAcrossIterationsGetsItsDerivative(int n) =>
        CarriedChain(n, "Carried", Loops.Carried, Loops.CarriedGradient, Loops.CarriedJvp, Loops.CarriedHessian);

    [Theory]
    [MemberData(nameof(TripCounts))]
    public void AValueCarriedThroughSpansAcrossIterationsGetsItsDerivative(int n) =>
        // Usefulness walks the body backwards and passes again only when a span becomes useful after one of its
        // element assignments was passed: this chain needs a pass per link, as Carried's does with locals.
        CarriedChain(n, "CarriedThroughSpans", Loops.CarriedThroughSpans, Loops.CarriedThroughSpansGradient, Loops.CarriedThroughSpansJvp, Loops.CarriedThroughSpansHessian);

    /// <summary>
    /// The replay of a recomputed loop drops its dead values by counting reads; a value it needs (u, read by the
    /// term's partial and by the branch) must stay. Hand derivation: d/da Σ = Σ 2a·x² where a·x &gt; 0, else −x; at
    /// a = 0 every term takes the else branch (u = 0 is not &gt; 0): −Σx. Also against finite differences away from the
    /// kink, and for an empty span.
    /// </summary>
    [Theory]
    [InlineData(0.8)]
    [InlineData(-1.7)]
    [InlineData(0.0)]
    public void ARecomputedLoopKeepsWhatItsReverseNeedsAndDropsDeadChains(double a)
    {
        double[] xs = { 0.5, -2, 3, 0, -0.25 };
        double exact = xs.Sum(x => a * x > 0 ? 2 * a * x * x : -x);
        double value = Loops.RecomputedWithDeadChainGradient(a, xs, out double dA);
        Check.Same(Loops.RecomputedWithDeadChain(a, xs), value, "RecomputedWithDeadChain value");
        Assert.True(Math.Abs(dA - exact) <= 1e-12 * Math.Max(1, Math.Abs(exact)), $"d/da at a = {a}: {dA:R}, exact {exact:R}");
        if (a != 0)
        {
            Check.Gradient("RecomputedWithDeadChain", p => Loops.RecomputedWithDeadChain(p[0], xs), p => (Loops.RecomputedWithDeadChainGradient(p[0], xs, out double d), new[] { d }), new[] { a });
        }

        Assert.Equal(0, Loops.RecomputedWithDeadChainGradient(a, ReadOnlySpan<double>.Empty, out double none));
        Assert.Equal(0, none);
    }

    /// <summary>No iteration, one, the first that carries a value to the result, and more.</summary>
    public static TheoryData<int> TripCounts => new() { 0, 1, 2, 3, 10 };

    private delegate double Primal(double x, int n);

    private delegate double GradientOf(double x, int n, out double dX);

    private delegate double JvpOf(double x, int n, double tX, out double tResult);

    private delegate double HessianOf(double x, int n, Span<double> gradient, Span<double> hessian);

    /// <summary>A chain worth 3x²·(n − 2) for n ≥ 2 (else 0) at x = 0, 0.7 and −1.3: value, gradient, JVP and Hessian.</summary>
    private static void CarriedChain(int n, string name, Primal f, GradientOf gradient, JvpOf jvp, HessianOf hessian)
    {
        foreach (double x in new[] { 0.0, 0.7, -1.3 })
        {
            double exact = n >= 2 ? 6 * x * (n - 2) : 0;
            double value = gradient(x, n, out double dX);
            Check.Same(f(x, n), value, name + " value");
            Assert.True(Math.Abs(dX - exact) <= 1e-12 * Math.Max(1, Math.Abs(exact)), $"d/dx {name} at x = {x}, n = {n}: {dX:R}, exact {exact:R}");
            Check.Gradient(name, p => f(p[0], n), p => (gradient(p[0], n, out double d), new[] { d }), new[] { x });
            jvp(x, n, 1, out double t);
            Assert.True(Math.Abs(t - dX) <= 1e-14 * Math.Max(1, Math.Abs(dX)), $"{name}Jvp {t:R}, gradient {dX:R}"); // the two modes sum in different orders
            var g = new double[1];
            var h = new double[1];
            hessian(x, n, g, h);
            Assert.True(Math.Abs(g[0] - dX) <= 1e-14 * Math.Max(1, Math.Abs(dX)), $"{name}Hessian's gradient {g[0]:R}, gradient {dX:R}");
            Assert.True(Math.Abs(h[0] - (n >= 2 ? 6.0 * (n - 2) : 0)) <= 1e-12 * Math.Max(1, 6.0 * n), $"d²/dx² {name} at n = {n}: {h[0]:R}");
        }
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.25)]
    [InlineData(1e6)]
    public void WhileLoopNewtonIterationGivesTheDerivativeOfTheRoot(double a)
    {
        double value = Loops.NewtonRootGradient(a, out double dA);
        Check.Same(Loops.NewtonRoot(a), value, "NewtonRoot value");
        Assert.True(Math.Abs(value - Math.Sqrt(a)) <= 1e-12 * Math.Sqrt(a));
        // The derivative of the iterations the method executes: converged, it is 1/(2√a) to the iteration's accuracy.
        Assert.True(Math.Abs(dA - 0.5 / Math.Sqrt(a)) <= 1e-9 / Math.Sqrt(a), $"d√a/da at {a}: {dA}, exact {0.5 / Math.Sqrt(a)}");
        var g = new double[1];
        var h = new double[1];
        Loops.NewtonRootHessian(a, g, h);
        Assert.True(Math.Abs(h[0] + 0.25 * Math.Pow(a, -1.5)) <= 1e-7 * Math.Pow(a, -1.5), $"d²√a/da² at {a}: {h[0]}, exact {-0.25 * Math.Pow(a, -1.5)}");
        Loops.NewtonRootJvp(a, 1, out double t);
        Assert.True(Math.Abs(dA - t) <= 1e-14 * Math.Abs(dA), $"NewtonRootJvp {t:R}, gradient {dA:R}");
    }

    [Fact]
    public void AWhileLoopThatRunsNoIterationGivesTheDerivativeOfWhatRan()
    {
        // At a = 1 the first guess is the constant 1 and already converged: the method executes no
        // iteration, its value does not depend on a along that path, and the derivative is 0 (as in
        // any adjoint tool: the trip count is part of the primal).
        Assert.Equal(1, Loops.NewtonRootGradient(1, out double dA));
        Assert.Equal(0, dA);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(3.0)]
    [InlineData(40.0)]
    public void DoWhileRunsItsBodyAtLeastOnce(double x)
    {
        Check.Gradient("DoWhileHalving", p => Loops.DoWhileHalving(p[0]), p => (Loops.DoWhileHalvingGradient(p[0], out double d), new[] { d }), new[] { x });
    }

    [Theory]
    [InlineData(11, 0.9)]
    [InlineData(12, 0.05)] // no break: every element adds
    [InlineData(13, 30.0)] // the first element breaks
    public void BreakAndContinueInACountdownLoop(int seed, double c)
    {
        double[] xs = Random(9, seed, 2);
        double F(double[] p) => Loops.BreakContinue(p.AsSpan(1), p[0]);
        (double, double[]) G(double[] p)
        {
            var dx = new double[p.Length - 1];
            double v = Loops.BreakContinueGradient(p.AsSpan(1), p[0], dx, out double dc);
            return (v, Join(new[] { dc }, dx));
        }

        double[] point = Join(new[] { c }, xs);
        Check.Gradient("BreakContinue", F, G, point);
        Check.Directional("BreakContinue", p => G(p).Item2, (p, t) => { Loops.BreakContinueJvp(p.AsSpan(1), p[0], t.AsSpan(1), t[0], out double tr); return tr; }, point);
        var g = new double[point.Length];
        var h = new double[point.Length * point.Length];
        Loops.BreakContinueHessian(xs, c, g, h);
        Assert.Equal(G(point).Item2, g);
        Check.Hessian("BreakContinue", p => G(p).Item2, h, point);
    }

    [Fact]
    public void AReturnInsideALoopAndTheLoopThatFinishes()
    {
        double[] xs = { 0.2, 0.4, 1.5, 3.0 };
        foreach (double t in new[] { 0.5, 0.9, 2.0 }) // returns at element 2, at element 3 (t = 0.5: 1.5·0.5 ≤ 1), or at element 2
        {
            double[] point = Join(new[] { t }, xs);
            Check.Gradient("FirstAbove", p => Loops.FirstAbove(p.AsSpan(1), p[0]), p =>
            {
                var dx = new double[4];
                double v = Loops.FirstAboveGradient(p.AsSpan(1), p[0], dx, out double dt);
                return (v, Join(new[] { dt }, dx));
            }, point);
        }

        // No element passes: the loop finishes and the value is t (derivative 1, none for xs).
        double value = Loops.FirstAboveGradient(new[] { 0.1, 0.2 }, 0.5, new double[2], out double dT);
        Assert.Equal(0.5, value);
        Assert.Equal(1, dT);
        Assert.Equal(0.5, Loops.FirstAboveGradient(ReadOnlySpan<double>.Empty, 0.5, Span<double>.Empty, out dT));
        Assert.Equal(1, dT);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(40)]
    public void AStackArrayRewrittenInPlaceAcrossPasses(int n)
    {
        double[] xs = Random(n, n, 1.5);
        double[] point = Join(new[] { 1.3 }, xs);
        double F(double[] p) => Loops.Smooth(p.AsSpan(1), p[0]);
        (double, double[]) G(double[] p)
        {
            var dx = new double[p.Length - 1];
            double v = Loops.SmoothGradient(p.AsSpan(1), p[0], dx, out double dk);
            return (v, Join(new[] { dk }, dx));
        }

        Check.Gradient("Smooth", F, G, point);
        Check.Directional("Smooth", p => G(p).Item2, (p, t) => { Loops.SmoothJvp(p.AsSpan(1), p[0], t.AsSpan(1), t[0], out double tr); return tr; }, point);
        var g = new double[point.Length];
        var h = new double[point.Length * point.Length];
        Loops.SmoothHessian(xs, 1.3, g, h);
        Check.Hessian("Smooth", p => G(p).Item2, h, point);
    }

    [Fact]
    public void CallsWithSpansInsideALoop()
    {
        const int d = 5, rows = 40;
        double[] x = Random(rows * d, 9, 1.5);
        double[] y = Random(rows, 10).Select(v => v > 0 ? 1.0 : 0.0).ToArray();
        double[] w = Random(d, 11, 0.5);
        (double, double[]) G(double[] p)
        {
            var dw = new double[d];
            double v = Loops.LogisticRegressionGradient(p, x, y, dw);
            return (v, dw);
        }

        Check.Gradient("LogisticRegression", p => Loops.LogisticRegression(p, x, y), G, w);
        Check.Directional("LogisticRegression", p => G(p).Item2, (p, t) => { Loops.LogisticRegressionJvp(p, x, y, t, out double tr); return tr; }, w);
        var g = new double[d];
        var h = new double[d * d];
        Loops.LogisticRegressionHessian(w, x, y, g, h);
        Check.Hessian("LogisticRegression", p => G(p).Item2, h, w);
        // By hand: H = Σᵢ pᵢ(1 − pᵢ) xᵢxᵢᵀ.
        for (int a = 0; a < d; a++)
        {
            for (int b = 0; b < d; b++)
            {
                double expected = 0;
                for (int i = 0; i < rows; i++)
                {
                    double z = 0;
                    for (int j = 0; j < d; j++)
                    {
                        z += w[j] * x[i * d + j];
                    }

                    double p = 1 / (1 + Math.Exp(-z));
                    expected += p * (1 - p) * x[i * d + a] * x[i * d + b];
                }

                Assert.Equal(expected, h[a * d + b], 12);
            }
        }
    }

    [Fact]
    public void MonteCarloGreeksMatchBumpAndRepriceWithTheSameNormals()
    {
        const int paths = 2000, steps = 12;
        var random = new Random(22);
        double[] z = new double[paths * steps];
        for (int i = 0; i < z.Length; i += 2)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            double radius = Math.Sqrt(-2 * Math.Log(u1));
            z[i] = radius * Math.Cos(2 * Math.PI * u2);
            z[i + 1] = radius * Math.Sin(2 * Math.PI * u2);
        }

        double[] point = { 100, 0.2, 0.03, 1.0 }; // s0, σ, r, T
        double F(double[] p) => Loops.EuropeanCall(p[0], p[1], p[2], p[3], 105, z, paths);
        (double, double[]) G(double[] p)
        {
            double v = Loops.EuropeanCallGradient(p[0], p[1], p[2], p[3], 105, z, paths, out double delta, out double vega, out double rho, out double theta);
            return (v, new[] { delta, vega, rho, theta });
        }

        // A payoff with kinks: bumps of 1e-5 relative rarely cross one with 2,000 paths; 1e-6 relative holds.
        Check.Gradient("EuropeanCall", F, G, point, tolerance: 1e-6, step: 1e-5);
        (double price, double[] greeks) = G(point);
        // Black–Scholes for orientation (a Monte Carlo estimate: a few standard errors).
        Assert.InRange(price, 6.0, 10.0);
        Assert.InRange(greeks[0], 0.45, 0.6);
        // Gamma (∂²/∂s0²) of a pathwise estimator of a kinked payoff is 0 almost everywhere: the Hessian says so.
        var g = new double[4];
        var h = new double[16];
        Loops.EuropeanCallHessian(point[0], point[1], point[2], point[3], 105, z, paths, g, h);
        Assert.Equal(greeks, g);
        Assert.Equal(0, h[0], 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(2000)]
    public void AStateVectorIntegratedInPlaceWithACallPerStep(int steps)
    {
        double[] point = { 1.2, 28 };
        double F(double[] p) => Loops.LorenzEuler(p[0], p[1], 0.001, steps);
        (double, double[]) G(double[] p)
        {
            double v = Loops.LorenzEulerGradient(p[0], p[1], 0.001, steps, out double dx, out double drho);
            return (v, new[] { dx, drho });
        }

        Check.Gradient("LorenzEuler", F, G, point, tolerance: 1e-6);
        Check.Directional("LorenzEuler", p => G(p).Item2, (p, t) => { Loops.LorenzEulerJvp(p[0], p[1], 0.001, steps, t[0], t[1], out double tr); return tr; }, point);
        var g = new double[2];
        var h = new double[4];
        Loops.LorenzEulerHessian(point[0], point[1], 0.001, steps, g, h);
        Check.Hessian("LorenzEuler", p => G(p).Item2, h, point, tolerance: 1e-5);
    }

    [Fact]
    public void AFloatMethodAgreesWithDifferencesOfItsDoubleTwin()
    {
        float[] xs = Random(33, 4, 2).Select(v => (float)v).ToArray();
        float k = 0.7f;
        var dx = new float[xs.Length];
        float value = Loops.SoftPlusSumGradient(xs, k, dx, out float dk);
        Assert.Equal(Loops.SoftPlusSum(xs, k), value);
        double Twin(double[] p)
        {
            double s = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                s += Math.Log(1 + Math.Exp(p[0] * p[i + 1]));
            }

            return s / xs.Length;
        }

        double[] point = Join(new double[] { k }, xs.Select(v => (double)v).ToArray());
        double[] expected = Check.Differences(Twin, point);
        Assert.True(Math.Abs(expected[0] - dk) <= 1e-5 * Math.Max(1, Math.Abs(expected[0])), $"∂/∂k {dk} vs {expected[0]}");
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.True(Math.Abs(expected[i + 1] - dx[i]) <= 1e-5, $"∂/∂x{i} {dx[i]} vs {expected[i + 1]}");
        }

        Loops.SoftPlusSumJvp(xs, k, new float[xs.Length], 1f, out float tk);
        Assert.Equal(dk, tk, 5);
    }

    [Fact]
    public void LoopsAllocateNothingPerCall()
    {
        double[] x = Random(200 * 4, 1), w = Random(4, 2), dw = new double[4], h = new double[16];
        double[] xs = Random(50, 3), dx = new double[50];
        double[] z = Random(100 * 10, 4);
        Assertions.NoAllocation(() => Loops.LogisticLossGradient(w, x, 200, dw), 200);
        Assertions.NoAllocation(() => Loops.LogisticLossHessian(w, x, 200, dw, h), 50);
        Assertions.NoAllocation(() => Loops.NewtonRootGradient(2, out _), 1000);
        Assertions.NoAllocation(() => Loops.SmoothGradient(xs, 1.1, dx, out _), 500);
        Assertions.NoAllocation(() => Loops.BreakContinueGradient(xs, 0.5, dx, out _), 500);
        Assertions.NoAllocation(() => Loops.EuropeanCallGradient(100, 0.2, 0.03, 1, 105, z, 100, out _, out _, out _, out _), 200);
        Assertions.NoAllocation(() => Loops.LorenzEulerGradient(1, 28, 0.001, 5000, out _, out _), 20); // a tape past the stack: pooled
    }
}
