using System;

namespace NetGen.Tests.Networks;

/// <summary>[Differentiable] functions that between them use every supported construct.</summary>
public static partial class Functions
{
    public const double Scale = 2.5;

    [Differentiable]
    public static double Literals(double x) => 5 * x + 0.5 * x - 1e-3 * x + 2.25d * x + 3f + 0x10;

    [Differentiable]
    public static double Arithmetic(double x, double y) => (x + y) * (x - y) / (1 + y * y) - -x + +y;

    [Differentiable]
    public static double WithLocals(double x, double y)
    {
        double a = x * y;
        double b = a + Scale;
        var c = Math.Exp(-a);
        const double unused = 7;
        return b * c / y + unused * 0;
    }

    [Differentiable]
    public static double Transcendental(double x) =>
        Math.Exp(x) + Math.Log(x) + Math.Sqrt(x) + Math.Sin(x) + Math.Cos(x) + Math.Tan(x) + System.Math.Tanh(x);

    [Differentiable]
    public static double Power(double x, double y) => Math.Pow(x, y) + Math.Pow(x, 3);

    [Differentiable]
    public static double AbsMaxMin(double x, double y) => Math.Abs(x - y) + Math.Max(x, y * y) + Math.Min(x, 2 * y);

    [Differentiable]
    public static double Constant(double x) => 42 + Math.PI;

    [Differentiable]
    public static double Identity(double x) => x;

    [Differentiable]
    public static double Inner(double u, double v) => u * Math.Sin(v);

    [Differentiable]
    public static double Outer(double x, double y) => Inner(x * x, y) + Inner(v: x, u: y) * 2;

    [Differentiable]
    public static double Deep(double x) => Outer(Math.Exp(x), x);

    [Differentiable]
    internal static double IntDivision(double x) => 1 / 2 * x + x / 2;

    [Differentiable]
    public static double Unused(double x, double y) => x * x;

    /// <summary>Shared subexpressions are computed once: (x·y) appears three times.</summary>
    [Differentiable]
    public static double Shared(double x, double y) => x * y + Math.Sin(x * y) * (x * y);
}

public static partial class Quadratic
{
    [Differentiable]
    public static double F(double x) => 5 * x * x + 2;
}
