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
    /// erf(x): below |x| = 1 as x·P(x²), above as 1 − erfc(|x|), with the sign of x. P and the
    /// polynomials of <see cref="ErfcAbove1"/> are Chebyshev fits made for NetGen with mpmath at 60 digits
    /// (docs/scripts/erf_fit.py); each fit is within 3e-17 of the function
    /// relative to its value, so the results are within a few units in the last place (tested against
    /// 30-digit values). A fixed number of fused multiply-adds, one division and one exp per call: the
    /// same bits on every machine.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        double a = Math.Abs(x);
        double r = a < 1.0 ? a * Horner(ErfSmall, a * a) : 1.0 - ErfcAbove1(a);
        return Math.CopySign(r, x);
    }

    /// <summary>erfc(x) = 1 − erf(x), with its relative accuracy kept where it is tiny (large x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x >= 1.0)
        {
            return ErfcAbove1(x);
        }

        return x > -1.0 ? 1.0 - (x * Horner(ErfSmall, x * x)) : 2.0 - ErfcAbove1(-x);
    }

    /// <summary>
    /// erfc(x) for x ≥ 1 as g(v)·v·e^(−x²) with v = 1/x, where g(v) = erfc(x)·e^(x²)·x (smooth, from 0.47 at
    /// x = 1 to 1/√π as x → ∞) is a polynomial per interval of v: [1/2, 1], [1/4, 1/2], [1/8, 1/4],
    /// [1/28, 1/8]. x² is split exactly (hi + lo by a fused multiply-add) so that e^(−x²) keeps its relative
    /// accuracy at large x; past x = 28 erfc is below the smallest double.
    /// </summary>
    private static double ErfcAbove1(double x)
    {
        if (x >= 28.0)
        {
            return 0.0;
        }

        double v = 1.0 / x;
        double g = v >= 0.5 ? Horner(ErfcNear, (v - 0.75) * 4.0)
            : v >= 0.25 ? Horner(ErfcMid, (v - 0.375) * 8.0)
            : v >= 0.125 ? Horner(ErfcOut, (v - 0.1875) * 16.0)
            : Horner(ErfcFar, (v - FarMiddle) / FarHalfWidth);
        double hi = x * x, lo = Math.FusedMultiplyAdd(x, x, -hi);
        return g * v * (Math.Exp(-hi) * (1.0 - lo));
    }

    /// <summary>c[0]·sⁿ + … + c[n], by fused multiply-adds.</summary>
    private static double Horner(ReadOnlySpan<double> c, double s)
    {
        double r = c[0];
        for (int i = 1; i < c.Length; i++)
        {
            r = Math.FusedMultiplyAdd(r, s, c[i]);
        }

        return r;
    }

    // The fits (highest power first), arrays made once (a ReadOnlySpan property of a double[] literal is
    // allocated on every read by some compilations: net8.0 Debug measured 18 KB per 256 values). ErfSmall: erf(√t)/√t on t ∈ [0, 1]; the others: g(v) on their
    // interval, in s = (v − middle)/half-width ∈ [−1, 1].
    private const double FarMiddle = (1.0 / 28.0 + 0.125) / 2.0;
    private const double FarHalfWidth = (0.125 - 1.0 / 28.0) / 2.0;

    private static readonly double[] ErfSmall = { 5.957176147748911e-11, -1.1372848856791674e-09, 1.4659775274047436e-08, -1.6350312701054695e-07, 1.6461000484121368e-06, -1.4925595266831182e-05, 0.0001205533111164271, -0.000854832698083379, 0.0052239776248180145, -0.026866170645076792, 0.11283791670954879, -0.3761263890318375, 1.1283791670955126 };

    private static readonly double[] ErfcNear = { 4.947897561712426e-13, -2.4579470920665083e-12, 7.575804874862482e-12, -1.877813101665173e-11, 5.572263495365052e-12, 3.3553168901791334e-10, -2.7628490704637522e-09, 1.504147608385912e-08, -6.19028298036171e-08, 1.6981364124490542e-07, 3.422918934635712e-08, -4.4230805061953e-06, 3.680539063606941e-05, -0.00019713177833111703, 0.00062958124597706, 0.0012092420392932266, -0.042270244446368704, 0.46817959203854037 };

    private static readonly double[] ErfcMid = { -1.0401185200140691e-13, 5.147355149218051e-13, -7.773072162907057e-13, -7.864163953139374e-12, 9.092879014995101e-11, -5.16892190223923e-10, 1.2687193480500954e-09, 8.113102992864511e-09, -1.2191986836057954e-07, 7.486050999705257e-07, -1.1538108984145074e-06, -2.8389142314310586e-05, 0.0003462266291524069, -0.0014381248079935534, -0.018948191196769486, 0.530860349316975 };

    private static readonly double[] ErfcOut = { -5.028752354145749e-13, 2.4805537241609696e-12, 1.8015507782290927e-11, -3.6765859483795025e-10, 1.7813544753482125e-09, 2.0514155824698893e-08, -4.027017264399833e-07, 1.237995783781025e-06, 5.2213305759156475e-05, -0.0008157912375091989, -0.005993561956300757, 0.5547541131463941 };

    private static readonly double[] ErfcFar = { 2.999781427817e-14, 1.440439307120139e-13, -4.246490035813573e-12, 5.611027381889155e-12, 5.470154957557159e-10, -4.071077569669067e-09, -7.360586886666674e-08, 1.3132051579960635e-06, 1.1182593708552245e-05, -0.0005308029494608758, -0.001985672226114853, 0.5623853861121489 };

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
