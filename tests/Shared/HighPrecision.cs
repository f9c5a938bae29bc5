using System;
using System.Linq;

namespace NetGen.Tests;

/// <summary>
/// Reference values in 28-digit decimal arithmetic, independent of the code under test. Inputs are
/// converted exactly (use values with short binary fractions, multiples of 1/1024).
/// </summary>
internal static class HighPrecision
{
    /// <summary>The exact decimal of a double whose binary fraction needs at most 20 bits.</summary>
    public static decimal Exact(double value)
    {
        decimal result = (decimal)Math.Truncate(value);
        double fraction = value - Math.Truncate(value);
        decimal unit = 1m;
        for (int bit = 0; bit < 40 && fraction != 0; bit++)
        {
            fraction *= 2;
            unit /= 2;
            if (Math.Abs(fraction) >= 1)
            {
                result += Math.Sign(fraction) * unit;
                fraction -= Math.Sign(fraction);
            }
        }

        if (fraction != 0)
        {
            throw new ArgumentException("not a short binary fraction", nameof(value));
        }

        return result;
    }

    /// <summary>e^x for x ≤ 0, as 1/e^(−x) by its Taylor series (all terms positive).</summary>
    public static decimal ExpNegative(decimal x)
    {
        if (x > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x));
        }

        decimal a = -x;
        if (a > 60)
        {
            return 0m;
        }

        decimal sum = 1m, term = 1m;
        for (int k = 1; k < 400 && term > 1e-27m * sum; k++)
        {
            term = term * a / k;
            sum += term;
        }

        return 1m / sum;
    }

    /// <summary>log(s) for s in [1, 64], as 2·atanh((s − 1)/(s + 1)).</summary>
    public static decimal Log(decimal s)
    {
        decimal z = (s - 1) / (s + 1);
        decimal z2 = z * z, power = z, sum = 0m;
        for (int k = 1; k < 2000 && power != 0; k += 2)
        {
            sum += power / k;
            power *= z2;
        }

        return 2 * sum;
    }

    /// <summary>−Σₖ tₖ log softmax(y)ₖ = Σₖ tₖ (m − yₖ) + (Σ t) log Σⱼ e^(yⱼ − m).</summary>
    public static double SoftmaxCrossEntropy(double[] y, double[] t)
    {
        decimal[] ye = y.Select(Exact).ToArray();
        decimal[] te = t.Select(Exact).ToArray();
        decimal m = ye.Max();
        decimal s = ye.Sum(v => ExpNegative(v - m));
        decimal loss = ye.Select((v, k) => te[k] * (m - v)).Sum() + te.Sum() * Log(s);
        return (double)loss;
    }
}
