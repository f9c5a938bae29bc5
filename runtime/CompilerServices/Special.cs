using System;
using System.ComponentModel;

namespace NetGen.CompilerServices;

/// <summary>
/// The scalar functions of the activations beyond ReLU, sigmoid and tanh, each accurate to a few units
/// in the last place and finite wherever its value is: e^x − 1 near 0 (ELU), the error function and
/// its complement (GELU's exact form, as PyTorch's default), log(1 + e^x) for large |x| (softplus),
/// and the logistic function without overflow. float overloads compute in double and round once.
/// Generated code calls them per element; <see cref="Lanes"/> and <see cref="Activations"/> apply
/// them to vectors and blocks. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Special
{
    private const double TwoOverSqrtPi = 1.1283791670955125738961589031215452;
    private const double OneOverSqrtPi = 0.56418958354775628694807945156077259;
    private const double OneOverSqrtTwo = 0.70710678118654752440084436210484904;
    private const double OneOverSqrtTwoPi = 0.39894228040143267793994605993438187;

    /// <summary>e^x − 1, also where it is tiny (Kahan: with u = e^x rounded, (u − 1)·x / log u corrects the rounding of u).</summary>
    public static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        if (um1 == -1.0)
        {
            return -1.0;
        }

        return double.IsPositiveInfinity(u) ? u : um1 * x / Math.Log(u);
    }

    /// <summary>
    /// erf(x). Below |x| = 2.5 by the series 2/√π · e^(−x²) · Σ (2x²)ⁿ·x / (1·3·…·(2n+1)), whose terms
    /// are all positive (no cancellation); above, 1 − erfc(|x|) with the sign of x.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        double a = Math.Abs(x);
        double r = a < 2.5 ? Series(a) : 1.0 - ErfcContinuedFraction(a);
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) = 1 − erf(x), with its relative accuracy kept where it is tiny (large x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x < 0)
        {
            return 2.0 - Erfc(-x);
        }

        return x < 2.0 ? 1.0 - Series(x) : ErfcContinuedFraction(x);
    }

    private static double Series(double a)
    {
        double twoSquare = 2.0 * a * a;
        double term = a, sum = a;
        for (int n = 1; n < 200 && term > sum * 1e-18; n++)
        {
            term *= twoSquare / (2 * n + 1);
            sum += term;
        }

        return TwoOverSqrtPi * Math.Exp(-a * a) * sum;
    }

    /// <summary>erfc(x) for x ≥ 2: e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), by the modified Lentz method.</summary>
    private static double ErfcContinuedFraction(double x)
    {
        if (x > 27)
        {
            return 0.0; // e^(−x²) underflows
        }

        const double Tiny = 1e-300;
        double f = x, c = x, d = 0.0;
        for (int k = 1; k < 500; k++)
        {
            double ak = 0.5 * k;
            d = x + ak * d;
            d = d == 0 ? Tiny : d;
            c = x + ak / c;
            c = c == 0 ? Tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-17)
            {
                break;
            }
        }

        return OneOverSqrtPi * Math.Exp(-x * x) / f;
    }

    /// <summary>Φ(x), the standard normal distribution function, as ½·erfc(−x/√2).</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x * OneOverSqrtTwo);

    /// <summary>σ(x) = 1 / (1 + e^(−x)), written so that neither form overflows.</summary>
    public static double Sigmoid(double x)
    {
        if (x >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-x));
        }

        double e = Math.Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>ELU (α = 1): x for x &gt; 0, e^x − 1 otherwise.</summary>
    public static double Elu(double x) => x > 0 ? x : ExpMinusOne(x);

    /// <summary>GELU, exact form: x·Φ(x).</summary>
    public static double Gelu(double x) => double.IsNegativeInfinity(x) ? -0.0 : x * NormalCdf(x);

    /// <summary>GELU'(x) = Φ(x) + x·φ(x).</summary>
    public static double GeluDerivative(double x) =>
        double.IsInfinity(x) ? (x > 0 ? 1.0 : 0.0) : NormalCdf(x) + x * OneOverSqrtTwoPi * Math.Exp(-0.5 * x * x);

    /// <summary>SiLU: x·σ(x).</summary>
    public static double Silu(double x) => double.IsNegativeInfinity(x) ? 0.0 : x * Sigmoid(x);

    /// <summary>SiLU'(x) = σ(x)·(1 + x·(1 − σ(x))).</summary>
    public static double SiluDerivative(double x)
    {
        if (double.IsInfinity(x))
        {
            return x > 0 ? 1.0 : 0.0;
        }

        double s = Sigmoid(x);
        return s * (1.0 + x * (1.0 - s));
    }

    /// <summary>softplus(x) = log(1 + e^x) = max(x, 0) + log(1 + e^(−|x|)): finite and exact for large |x|.</summary>
    public static double Softplus(double x) => Math.Max(x, 0.0) + Kernels.LogOnePlus(Math.Exp(-Math.Abs(x)));

    /// <inheritdoc cref="ExpMinusOne(double)"/>
    public static float ExpMinusOne(float x) => (float)ExpMinusOne((double)x);

    /// <inheritdoc cref="Erf(double)"/>
    public static float Erf(float x) => (float)Erf((double)x);

    /// <inheritdoc cref="Erfc(double)"/>
    public static float Erfc(float x) => (float)Erfc((double)x);

    /// <inheritdoc cref="Sigmoid(double)"/>
    public static float Sigmoid(float x) => (float)Sigmoid((double)x);

    /// <inheritdoc cref="Elu(double)"/>
    public static float Elu(float x) => (float)Elu((double)x);

    /// <inheritdoc cref="Gelu(double)"/>
    public static float Gelu(float x) => (float)Gelu((double)x);

    /// <inheritdoc cref="GeluDerivative(double)"/>
    public static float GeluDerivative(float x) => (float)GeluDerivative((double)x);

    /// <inheritdoc cref="Silu(double)"/>
    public static float Silu(float x) => (float)Silu((double)x);

    /// <inheritdoc cref="SiluDerivative(double)"/>
    public static float SiluDerivative(float x) => (float)SiluDerivative((double)x);

    /// <inheritdoc cref="Softplus(double)"/>
    public static float Softplus(float x) => (float)Softplus((double)x);
}
