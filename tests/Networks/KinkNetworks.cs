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
