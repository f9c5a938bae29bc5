using System;
using NetGen;

namespace NetGen.Tests;

/// <summary>[Differentiable] methods whose C# semantics a derivative tool gets silently wrong: int typing, guards, Hessians at zero adjoints, aliasing.</summary>
public static partial class Semantics
{
    // ── Integer arithmetic stays C#'s ────────────────────────────────────────────────────────────
    [Differentiable]
    public static double IntDivision(double a, int n) => n / 2 + a * (7 / n) + (n - 1) / 2 * a + n % 3;

    [Differentiable]
    public static double IntMix(double a, int n, int m)
    {
        int q = n / m;
        int r = n % m;
        int s = (n << 2) ^ (m >> 1);
        int wrapped = n * m + int.MaxValue; // unchecked by default: wraps as C# does
        return a * q + r - s * a * a + wrapped * 1e-9 * a;
    }

    [Differentiable]
    public static double CheckedProduct(double a, int n)
    {
        int big = checked(n * 1000);
        return a * big;
    }

    [Differentiable]
    public static double CheckedNesting(double a, int n, int m)
    {
        int x = checked(n + unchecked(m * 1000000));
        int y = unchecked(checked(n * 2) + m * 1000000);
        int z = checked((int)(a * 1e9)) + unchecked((int)(a * 1e10));
        return a * x + y + z;
    }

    [Differentiable]
    public static double Counter(double a, int n)
    {
        int k = 0;
        double s = 0;
        while (k * k < n)
        {
            s += a / (k + 1);
            k++;
        }

        return s * k;
    }

    [Differentiable]
    public static double Casts(double a) => (int)(a * 3) + a * (int)a + (float)a;

    // ── Guards: the untaken branch must not leak ───────────────────────────────────────────────
    [Differentiable]
    public static double LogGuard(double x) => x > 0 ? Math.Log(x) : 0;

    [Differentiable]
    public static double DivideGuard(double a, int n)
    {
        if (n != 0)
        {
            return a * (10 / n);
        }

        return a;
    }

    [Differentiable]
    public static double SqrtGuard(double x, double y)
    {
        if (y <= 0)
        {
            return x;
        }

        return x * Math.Sqrt(y);
    }

    [Differentiable]
    public static double FirstSquared(ReadOnlySpan<double> xs)
    {
        if (xs.Length == 0)
        {
            return 0;
        }

        return xs[0] * xs[0];
    }

    [Differentiable]
    public static double ClampGuard(double x, double lo, double hi) => lo <= hi ? Math.Clamp(x, lo, hi) : x;

    /// <summary>A read guarded by the condition around it: xs[i + 1] exists only where i + 1 &lt; xs.Length.</summary>
    [Differentiable]
    public static double NextDifferences(ReadOnlySpan<double> xs)
    {
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            s += i + 1 < xs.Length ? xs[i + 1] - xs[i] : 0;
        }

        return s;
    }

    /// <summary>A function defined only for x &gt; 0, with its derivative by hand; both throw outside.</summary>
    public static double SafeLog(double x) => x > 0 ? Math.Log(x) : throw new ArgumentOutOfRangeException(nameof(x));

    [GradientOf(nameof(SafeLog))]
    public static double SafeLogByHand(double x, out double dX)
    {
        if (x <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x));
        }

        dX = 1 / x;
        return Math.Log(x);
    }

    [Differentiable]
    public static double GuardedCall(double x) => x > 0 ? 2 * SafeLog(x) : -x;

    /// <summary>Full truncation, as Heston's variance is written: √(max(v, 0)) is constant 0 for v &lt; 0.</summary>
    [Differentiable(Order = 2)]
    public static double TruncatedRoot(double v, double k) => k * Math.Sqrt(Math.Max(v, 0)) + k * Math.Sqrt(-Math.Min(v, 0)) * 0.5 + v * k;

    // ── Hessians where an adjoint or tangent is zero by value ──────────────────────────────────
    [Differentiable(Order = 2)]
    public static double Gate(double x, double y) => x > 0 ? x * x * y : 0;

    [Differentiable(Order = 2)]
    public static double Huber(double r, [NoGradient] double delta)
    {
        double a = Math.Abs(r);
        if (a <= delta)
        {
            return 0.5 * r * r;
        }

        return delta * (a - 0.5 * delta);
    }

    [Differentiable(Order = 2)]
    public static double Early(double r)
    {
        if (r > 5)
        {
            return r;
        }

        return 0.5 * r * r;
    }

    [Differentiable(Order = 2)]
    public static double Power(double a, double b) => Math.Pow(a, b);

    [Differentiable(Order = 2)]
    public static double SqrtMix(double x, double y) => x * y + Math.Sqrt(y);

    [Differentiable(Order = 2)]
    public static double NestedReturn(double x, double y)
    {
        if (x > 0)
        {
            if (y > 0)
            {
                return x * x * y;
            }

            return x * y * y;
        }

        return 0;
    }

    // ── Aliasing of written spans ──────────────────────────────────────────────────────────────
    [Differentiable]
    public static double Pair(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => a[0] * b[0] + a[1] * b[1];

    [Differentiable]
    public static void Polar(double r, double theta, Span<double> xy, Span<double> area)
    {
        xy[0] = r * Math.Cos(theta);
        xy[1] = r * Math.Sin(theta);
        area[0] = 0.5 * r * r * theta;
    }
}
