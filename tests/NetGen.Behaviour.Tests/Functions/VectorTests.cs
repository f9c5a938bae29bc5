using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Issue 23: Jvp, Vjp and Jacobian of span-output methods against hand derivations and five-point
/// differences of the user's method; JVP = J·t and VJP = Jᵀu to rounding; checks before anything is
/// written; 0 B per call.
/// </summary>
public class VectorTests
{
    private static double[] Random(int n, int seed, double scale = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
    }

    /// <summary>The Jacobian of f: ℝⁿ → ℝᵐ by five-point differences, row-major m × n.</summary>
    private static double[] Differences(Func<double[], double[]> f, double[] x, int m)
    {
        var jacobian = new double[m * x.Length];
        for (int j = 0; j < x.Length; j++)
        {
            double h = 1e-3 * Math.Max(1, Math.Abs(x[j]));
            double[] At(double d)
            {
                double[] y = (double[])x.Clone();
                y[j] += d;
                return f(y);
            }

            double[] p2 = At(2 * h), p1 = At(h), m1 = At(-h), m2 = At(-2 * h);
            for (int i = 0; i < m; i++)
            {
                jacobian[i * x.Length + j] = (-p2[i] + 8 * p1[i] - 8 * m1[i] + m2[i]) / (12 * h);
            }
        }

        return jacobian;
    }

    private static void Close(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]:R}, expected {expected[i]:R}");
        }
    }

    /// <summary>J·t and Jᵀ·u from the Jacobian, to compare with the JVP and the VJP.</summary>
    private static (double[] Jt, double[] JTu) Products(double[] j, int m, int n, double[] t, double[] u) =>
        (Enumerable.Range(0, m).Select(i => Enumerable.Range(0, n).Sum(k => j[i * n + k] * t[k])).ToArray(),
         Enumerable.Range(0, n).Select(k => Enumerable.Range(0, m).Sum(i => j[i * n + k] * u[i])).ToArray());

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    public void ArmJacobianIsTheHandDerivation(int n)
    {
        double[] angle = Random(n, n, 1.2), length = Random(n, n + 1).Select(v => 1 + Math.Abs(v)).ToArray();
        var position = new double[2];
        var jacobian = new double[2 * n];
        Vectors.ArmJacobian(angle, length, position, jacobian);
        // ∂x/∂θₖ = −Σ_{i≥k} lᵢ sin(Σ_{j≤i} θⱼ), ∂y/∂θₖ = Σ_{i≥k} lᵢ cos(Σ_{j≤i} θⱼ).
        double[] cumulative = new double[n];
        for (int i = 0; i < n; i++)
        {
            cumulative[i] = (i > 0 ? cumulative[i - 1] : 0) + angle[i];
        }

        for (int k = 0; k < n; k++)
        {
            double dx = 0, dy = 0;
            for (int i = k; i < n; i++)
            {
                dx -= length[i] * Math.Sin(cumulative[i]);
                dy += length[i] * Math.Cos(cumulative[i]);
            }

            Assert.Equal(dx, jacobian[k], 12);
            Assert.Equal(dy, jacobian[n + k], 12);
        }

        var expected = new double[2];
        Vectors.Arm(angle, length, expected);
        Assert.Equal(expected, position);

        double[] t = Random(n, 40), u = Random(2, 41);
        (double[] jt, double[] jtu) = Products(jacobian, 2, n, t, u);
        var tangent = new double[2];
        Vectors.ArmJvp(angle, length, position, t, tangent);
        Close(jt, tangent, 1e-13, "ArmJvp");
        var gradient = new double[n];
        Vectors.ArmVjp(angle, length, position, u, gradient);
        Close(jtu, gradient, 1e-13, "ArmVjp");
    }

    [Fact]
    public void Rk4StepOfLorenzMatchesDifferences()
    {
        double[] point = { 1.0, 2.0, 20.0, 10, 28, 8.0 / 3 }; // u, σ, ρ, β
        const double dt = 0.01;
        double[] F(double[] p)
        {
            var next = new double[3];
            Vectors.Rk4(p.AsSpan(0, 3), p[3], p[4], p[5], dt, next);
            return next;
        }

        var output = new double[3];
        var jacobian = new double[3 * 6];
        Vectors.Rk4Jacobian(point.AsSpan(0, 3), point[3], point[4], point[5], dt, output, jacobian);
        Assert.Equal(F(point), output);
        Close(Differences(F, point, 3), jacobian, 1e-8, "Rk4 Jacobian");

        double[] t = Random(6, 3), u = Random(3, 4);
        (double[] jt, double[] jtu) = Products(jacobian, 3, 6, t, u);
        var tNext = new double[3];
        Vectors.Rk4Jvp(point.AsSpan(0, 3), point[3], point[4], point[5], dt, output, t.AsSpan(0, 3), t[3], t[4], t[5], tNext);
        Close(jt, tNext, 1e-12, "Rk4Jvp");
        var dU = new double[3];
        Vectors.Rk4Vjp(point.AsSpan(0, 3), point[3], point[4], point[5], dt, output, u, dU, out double dSigma, out double dRho, out double dBeta);
        Close(jtu, dU.Concat(new[] { dSigma, dRho, dBeta }).ToArray(), 1e-12, "Rk4Vjp");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    public void SoftmaxJacobianIsDiagPMinusPPTransposed(int n)
    {
        double[] z = Random(n, n, 3);
        var p = new double[n];
        var jacobian = new double[n * n];
        Vectors.SoftmaxJacobian(z, p, jacobian);
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                double expected = (i == k ? p[i] : 0) - p[i] * p[k];
                Assert.True(Math.Abs(expected - jacobian[i * n + k]) <= 1e-15, $"J[{i},{k}] = {jacobian[i * n + k]:R}, diag(p) − ppᵀ = {expected:R}");
            }
        }
    }

    [Fact]
    public void TwoOutputsOfDifferentLengthsAreRowsInParameterOrder()
    {
        double r = 1.5, theta = 0.7;
        var xy = new double[2];
        var area = new double[1];
        var jacobian = new double[6];
        Vectors.PolarJacobian(r, theta, xy, area, jacobian);
        double[] expected =
        {
            Math.Cos(theta), -r * Math.Sin(theta),
            Math.Sin(theta), r * Math.Cos(theta),
            r * theta, 0.5 * r * r,
        };
        Close(expected, jacobian, 1e-15, "Polar Jacobian");

        var tXy = new double[2];
        var tArea = new double[1];
        Vectors.PolarJvp(r, theta, xy, area, 1, 0, tXy, tArea);
        Close(new[] { expected[0], expected[2], expected[4] }, tXy.Concat(tArea).ToArray(), 1e-15, "PolarJvp along r");
        Vectors.PolarVjp(r, theta, xy, area, new[] { 0.0, 1.0 }, new[] { 2.0 }, out double dR, out double dTheta);
        Assert.Equal(expected[2] + 2 * expected[4], dR, 14);
        Assert.Equal(expected[3] + 2 * expected[5], dTheta, 14);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void ACarriedLoopAndAnElementNeverWritten(int n)
    {
        double x = 1.3;
        var output = new double[3];
        output[1] = 42; // never written by the method: keeps its value, zero derivative
        var jacobian = new double[3];
        Vectors.PowersJacobian(x, n, output, jacobian);
        Assert.Equal(new[] { n * Math.Pow(x, n - 1), 0, (n + 1) * Math.Pow(x, n) }, jacobian.Select(v => Math.Round(v, 12)).ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(42, output[1]);
        var dX = 0.0;
        Vectors.PowersVjp(x, n, output, new[] { 1.0, 5.0, 1.0 }, out dX);
        Assert.Equal(n * Math.Pow(x, n - 1) + (n + 1) * Math.Pow(x, n), dX, 12);
    }

    [Fact]
    public void AScalarMethodThroughASpanOutputCallMatchesDifferences()
    {
        double[] angle = { 0.3, -0.4, 0.9 }, length = { 1, 0.8, 0.5 };
        double F(double[] a) => Vectors.Reach(a, length, 1.2, 0.7);
        Check.Gradient("Reach", F, a =>
        {
            var d = new double[3];
            double v = Vectors.ReachGradient(a, length, 1.2, 0.7, d);
            return (v, d);
        }, angle);
        Check.Directional("Reach", a => { var d = new double[3]; Vectors.ReachGradient(a, length, 1.2, 0.7, d); return d; },
            (a, t) => { Vectors.ReachJvp(a, length, 1.2, 0.7, t, out double tr); return tr; }, angle);
    }

    [Fact]
    public void NewtonsMethodOnATwoLinkArmReachesTheTarget()
    {
        // The README's example: θ ← θ − J⁻¹ (tip(θ) − target), with J from ArmJacobian.
        double[] theta = { 0.3, 0.3 }, length = { 1, 1 }, target = { 1.2, 0.9 };
        var tip = new double[2];
        var j = new double[4];
        for (int step = 0; step < 20; step++)
        {
            Vectors.ArmJacobian(theta, length, tip, j);
            double ex = tip[0] - target[0], ey = tip[1] - target[1];
            double det = j[0] * j[3] - j[1] * j[2];
            theta[0] -= (j[3] * ex - j[1] * ey) / det;
            theta[1] -= (-j[2] * ex + j[0] * ey) / det;
        }

        Vectors.Arm(theta, length, tip);
        Assert.Equal(target[0], tip[0], 12);
        Assert.Equal(target[1], tip[1], 12);
    }

    [Fact]
    public void LengthsAndOverlapsAreCheckedBeforeAnythingIsWritten()
    {
        double[] angle = { 0.1, 0.2, 0.3 }, length = { 1, 1, 1 };
        double[] sentinel = Enumerable.Repeat(-7.0, 8).ToArray();
        Assert.Throws<ArgumentException>(() => Vectors.ArmJacobian(angle, length, new double[2], sentinel.AsSpan(0, 5)));
        Assert.Throws<ArgumentException>(() => Vectors.ArmJacobian(angle, length, sentinel.AsSpan(0, 2), sentinel.AsSpan(1, 6)));
        Assert.Throws<ArgumentException>(() => Vectors.ArmVjp(angle, length, sentinel.AsSpan(0, 2), new double[1], new double[3]));
        Assert.Throws<ArgumentException>(() => Vectors.ArmVjp(angle, length, new double[2], new double[2], sentinel.AsSpan(0, 2)));
        Assert.Throws<ArgumentException>(() => Vectors.ArmJvp(angle, length, sentinel.AsSpan(0, 2), new double[3], sentinel.AsSpan(1, 2)));
        Assert.Throws<ArgumentException>(() => Vectors.ArmJvp(angle, length, new double[2], new double[2], new double[2]));
        Assert.Throws<ArgumentException>(() => ThrowIfOverlapAccepted(angle, length));
        Assert.All(sentinel, v => Assert.Equal(-7, v));
    }

    private static int ThrowIfOverlapAccepted(double[] angle, double[] length)
    {
        // The tangent of the output may not overlap an input either.
        Vectors.ArmJvp(angle, length, new double[2], new double[3], angle.AsSpan(0, 2));
        return 0;
    }

    [Fact]
    public void NothingIsAllocatedPerCall()
    {
        double[] angle = Random(50, 1), length = Random(50, 2), position = new double[2], jacobian = new double[100], t = Random(50, 3), dAngle = new double[50];
        Assertions.NoAllocation(() => Vectors.ArmJacobian(angle, length, position, jacobian), 200);
        Assertions.NoAllocation(() => Vectors.ArmJvp(angle, length, position, t, new Span<double>(jacobian, 0, 2)), 1000);
        Assertions.NoAllocation(() => Vectors.ArmVjp(angle, length, position, new ReadOnlySpan<double>(t, 0, 2), dAngle), 1000);
        double[] u = { 1, 2, 20 }, next = new double[3], j = new double[18];
        Assertions.NoAllocation(() => Vectors.Rk4Jacobian(u, 10, 28, 2.5, 0.01, next, j), 1000);
    }

    private sealed class ToleranceComparer : System.Collections.Generic.IEqualityComparer<double>
    {
        private readonly double _tolerance;

        public ToleranceComparer(double tolerance) => _tolerance = tolerance;

        public bool Equals(double x, double y) => Math.Abs(x - y) <= _tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
