using System;

namespace NetGen.Tests.Networks;

/// <summary>The same ReLU net in both emit forms, to put pre-activations exactly at the kink.</summary>
[Network(2)]
[Dense(3, Activation.ReLU)]
[Dense(1)]
public partial class KinkStraight : IGeneratedNetwork
{
}

/// <inheritdoc cref="KinkStraight"/>
[Network(2, Emit = EmitStyle.Loops)]
[Dense(3, Activation.ReLU)]
[Dense(1)]
public partial class KinkLoops : IGeneratedNetwork
{
}

/// <summary>Functions with kinks, ties and domain edges.</summary>
public static partial class Kinks
{
    [Differentiable]
    public static double Abs(double x) => Math.Abs(x);

    [Differentiable]
    public static double MaxWithZero(double x) => Math.Max(x, 0.0);

    [Differentiable]
    public static double ZeroWithMax(double x) => Math.Max(0.0, x);

    [Differentiable]
    public static double Max(double x, double y) => Math.Max(x, y);

    [Differentiable]
    public static double Min(double x, double y) => Math.Min(x, y);

    [Differentiable]
    public static double Pow(double x, double y) => Math.Pow(x, y);

    [Differentiable]
    public static double PowZero(double x) => Math.Pow(x, 0.0);

    [Differentiable]
    public static double Clamp(double x) => Math.Clamp(x, 0.0, 1.0);

    [Differentiable]
    public static double Sqrt(double x) => Math.Sqrt(x);
}

/// <summary>Conditionals: the derivative of the branch taken.</summary>
public static partial class Branches
{
    /// <summary>The Huber loss of a residual r with threshold d.</summary>
    [Differentiable]
    public static double Huber(double r, double d) => Math.Abs(r) <= d ? 0.5 * r * r : d * (Math.Abs(r) - (0.5 * d));

    /// <summary>A band: x² inside (−1, 2), 3x outside; nested conditions on both operands.</summary>
    [Differentiable]
    public static double Band(double x, double y) => x > -1 && !(x >= 2) ? x * x * y : (y > 0 || x < -5 ? 3 * x : y);
}

/// <summary>Branches whose untaken side is infinite or NaN in value or derivative.</summary>
public static partial class SafeBranches
{
    [Differentiable]
    public static double SafeSqrt(double x) => x > 0 ? Math.Sqrt(x) : 0;

    [Differentiable]
    public static double SafeLog(double x) => x > 0 ? Math.Log(x) * x : -x;
}
