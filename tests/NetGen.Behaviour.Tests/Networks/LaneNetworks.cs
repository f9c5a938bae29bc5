using System;
using System.Numerics;

namespace NetGen.Tests.Networks;

/// <summary>The members the lane checks compare: the batch members against the per-sample ones.</summary>
/// <typeparam name="T">double or float.</typeparam>
public interface ILaneNetwork<T> : INetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T AccumulateGradient(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> gradient);

    T ComputeLoss(ReadOnlySpan<T> input, ReadOnlySpan<T> target);

    void Forward(ReadOnlySpan<T> input, Span<T> output);

    void Initialize(int seed);
}

// Straight-line networks below the block size, whose batch members (Gradient, ForwardBatch, Evaluate)
// run whole vectors of rows, one row per lane: every activation, both losses, a gate after another
// activation, rows of 1 to 4 values (contiguous, two-source permute and strided loads), double and float.

/// <summary>3-4(ReLU)-2, squared error: 26 parameters.</summary>
[Network(3)]
[Dense(4, Activation.ReLU)]
[Dense(2)]
public partial class LaneReluNet : ILaneNetwork<double> { }

/// <summary>2-3(Sigmoid)-3, softmax: 21 parameters.</summary>
[Network(2, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(3, Activation.Sigmoid)]
[Dense(3)]
public partial class LaneSigmoidNet : ILaneNetwork<double> { }

/// <summary>2-3(Tanh)-2(ReLU)-1, squared error: 20 parameters.</summary>
[Network(2)]
[Dense(3, Activation.Tanh)]
[Dense(2, Activation.ReLU)]
[Dense(1)]
public partial class LaneTanhNet : ILaneNetwork<double> { }

/// <summary>4-2-3, identity hidden layer, softmax: 19 parameters.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(2)]
[Dense(3)]
public partial class LaneIdentityNet : ILaneNetwork<double> { }

/// <summary><see cref="LaneReluNet"/> in float.</summary>
[Network(3, Precision = Precision.Single)]
[Dense(4, Activation.ReLU)]
[Dense(2)]
public partial class LaneReluNetF : ILaneNetwork<float> { }

/// <summary><see cref="LaneSigmoidNet"/> in float.</summary>
[Network(2, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Dense(3, Activation.Sigmoid)]
[Dense(3)]
public partial class LaneSigmoidNetF : ILaneNetwork<float> { }

/// <summary><see cref="LaneTanhNet"/> in float.</summary>
[Network(2, Precision = Precision.Single)]
[Dense(3, Activation.Tanh)]
[Dense(2, Activation.ReLU)]
[Dense(1)]
public partial class LaneTanhNetF : ILaneNetwork<float> { }

/// <summary><see cref="LaneIdentityNet"/> in float.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Dense(2)]
[Dense(3)]
public partial class LaneIdentityNetF : ILaneNetwork<float> { }
