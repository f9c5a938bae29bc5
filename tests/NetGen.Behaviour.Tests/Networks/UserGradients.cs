using System;

namespace NetGen.Tests.Networks;

/// <summary>Functions whose derivatives the user supplies with [GradientOf], and a [Differentiable] method that calls them.</summary>
public static partial class UserGradients
{
    /// <summary>softplus(x) = log(1 + eˣ), written for range (NetGen could not differentiate the branch).</summary>
    public static double Softplus(double x) => x > 30 ? x : Math.Log(1 + Math.Exp(x));

    /// <summary>softplus' = the logistic function, by hand.</summary>
    [GradientOf(nameof(Softplus))]
    public static double SoftplusGradient(double x, out double dX)
    {
        dX = 1 / (1 + Math.Exp(-x));
        return Softplus(x);
    }

    public static double Hypot(double a, double b) => Math.Sqrt((a * a) + (b * b));

    [GradientOf(nameof(Hypot))]
    public static double HypotByHand(double a, double b, out double dA, out double dB)
    {
        double r = Hypot(a, b);
        dA = a / r;
        dB = b / r;
        return r;
    }

    [Differentiable]
    public static double F(double x, double y) => (Softplus(2 * x) * y) + Hypot(x, y);
}
