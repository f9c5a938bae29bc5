using System;

namespace NetGen.Benchmarks;

/// <summary>The generated members the benchmarks call, so that one harness serves every network.</summary>
public interface IBenchmarkNetwork
{
    Span<double> Parameters { get; }

    double Gradient(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient);
}

/// <summary>The assignment's 2-3-1 ReLU network.</summary>
[Network(2, Loss = Loss.HalfSquaredError)]
[Dense(3, Activation.ReLU)]
[Dense(1)]
public partial class AssignmentNet : IBenchmarkNetwork
{
}

/// <summary>The assignment's 2-3-1 ReLU network in float.</summary>
[Network(2, Loss = Loss.HalfSquaredError, Precision = Precision.Single)]
[Dense(3, Activation.ReLU)]
[Dense(1)]
public partial class FloatAssignmentNet
{
}

/// <summary>The softmax layer alone (question 2).</summary>
[Network(10, Loss = Loss.SoftmaxCrossEntropy)]
public partial class SoftmaxLayer
{
}

/// <summary>A wider regression net: 16-32-32-4 tanh (1,732 parameters; loop form by default).</summary>
[Network(16)]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(4)]
public partial class WideNet : IBenchmarkNetwork
{
}

/// <summary>f(x) = 5x² + 2 (question 3).</summary>
public static partial class Quadratic
{
    [Differentiable]
    public static double F(double x) => 5 * x * x + 2;
}

// Scale: the same shapes in both forms, to find where loops overtake straight-line code.
// 31 parameters, the largest that gets lanes: tanh (the slowest activation in lanes) and ReLU.
[Network(4, Emit = EmitStyle.StraightLine)]
[Dense(5, Activation.Tanh)]
[Dense(1)]
public partial class Net4x5x1Straight : IBenchmarkNetwork
{
}

[Network(4, Emit = EmitStyle.Loops)]
[Dense(5, Activation.Tanh)]
[Dense(1)]
public partial class Net4x5x1Loops : IBenchmarkNetwork
{
}

[Network(4, Emit = EmitStyle.StraightLine)]
[Dense(5, Activation.ReLU)]
[Dense(1)]
public partial class Net4x5x1ReluStraight : IBenchmarkNetwork
{
}

[Network(4, Emit = EmitStyle.Loops)]
[Dense(5, Activation.ReLU)]
[Dense(1)]
public partial class Net4x5x1ReluLoops : IBenchmarkNetwork
{
}

[Network(4, Emit = EmitStyle.StraightLine)]
[Dense(8, Activation.Tanh)]
[Dense(2)]
public partial class Net4x8x2Straight : IBenchmarkNetwork
{
}

[Network(4, Emit = EmitStyle.Loops)]
[Dense(8, Activation.Tanh)]
[Dense(2)]
public partial class Net4x8x2Loops : IBenchmarkNetwork
{
}

[Network(6, Emit = EmitStyle.StraightLine)]
[Dense(12, Activation.Tanh)]
[Dense(3)]
public partial class Net6x12x3Straight : IBenchmarkNetwork
{
}

[Network(6, Emit = EmitStyle.Loops)]
[Dense(12, Activation.Tanh)]
[Dense(3)]
public partial class Net6x12x3Loops : IBenchmarkNetwork
{
}

[Network(8, Emit = EmitStyle.StraightLine)]
[Dense(16, Activation.Tanh)]
[Dense(4)]
public partial class Net8x16x4Straight : IBenchmarkNetwork
{
}

[Network(8, Emit = EmitStyle.Loops)]
[Dense(16, Activation.Tanh)]
[Dense(4)]
public partial class Net8x16x4Loops : IBenchmarkNetwork
{
}

[Network(12, Emit = EmitStyle.StraightLine)]
[Dense(24, Activation.Tanh)]
[Dense(6)]
public partial class Net12x24x6Straight : IBenchmarkNetwork
{
}

[Network(12, Emit = EmitStyle.Loops)]
[Dense(24, Activation.Tanh)]
[Dense(6)]
public partial class Net12x24x6Loops : IBenchmarkNetwork
{
}

[Network(16, Emit = EmitStyle.StraightLine)]
[Dense(32, Activation.Tanh)]
[Dense(8)]
public partial class Net16x32x8Straight : IBenchmarkNetwork
{
}

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.Tanh)]
[Dense(8)]
public partial class Net16x32x8Loops : IBenchmarkNetwork
{
}

[Network(24, Emit = EmitStyle.StraightLine)]
[Dense(48, Activation.Tanh)]
[Dense(8)]
public partial class Net24x48x8Straight : IBenchmarkNetwork
{
}

[Network(24, Emit = EmitStyle.Loops)]
[Dense(48, Activation.Tanh)]
[Dense(8)]
public partial class Net24x48x8Loops : IBenchmarkNetwork
{
}

[Network(32, Emit = EmitStyle.StraightLine)]
[Dense(64, Activation.Tanh)]
[Dense(10)]
public partial class Net32x64x10Straight : IBenchmarkNetwork
{
}

[Network(32, Emit = EmitStyle.Loops)]
[Dense(64, Activation.Tanh)]
[Dense(10)]
public partial class Net32x64x10Loops : IBenchmarkNetwork
{
}

[Network(64, Emit = EmitStyle.Loops)]
[Dense(128, Activation.Tanh)]
[Dense(10)]
public partial class Net64x128x10Loops : IBenchmarkNetwork
{
}

[Network(2, Emit = EmitStyle.Loops)]
[Dense(3, Activation.ReLU)]
[Dense(1)]
public partial class Net2x3x1Loops : IBenchmarkNetwork
{
}

/// <summary>An MNIST-sized classifier: 101,770 parameters, loop form.</summary>
[Network(784, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(128, Activation.ReLU)]
[Dense(10)]
public partial class Net784x128x10 : IBenchmarkNetwork
{
}
