using System;

namespace NetGen.Tests.Networks;

/// <summary>The per-sample members every generated network has, for tests over both precisions.</summary>
public interface ISampleMembers<T>
{
    T AccumulateGradient(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> gradient, Span<T> inputGradient);

    T ComputeLoss(ReadOnlySpan<T> input, ReadOnlySpan<T> target);
}

/// <summary>The members of softmax networks.</summary>
public interface ISoftmaxMembers<T> : ISampleMembers<T>
{
    void Probabilities(ReadOnlySpan<T> input, Span<T> probabilities);

    int Predict(ReadOnlySpan<T> input);
}

// Each float network has a double twin of the same shape: the float gradients are checked against it.

/// <summary>Straight-line, softmax cross-entropy, tanh: float.</summary>
[Network(3, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Dense(4, Activation.Tanh)]
[Dense(3)]
public partial class FloatSoftmaxNet : ISoftmaxMembers<float> { }

/// <summary>The double twin of <see cref="FloatSoftmaxNet"/>.</summary>
[Network(3, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(4, Activation.Tanh)]
[Dense(3)]
public partial class DoubleSoftmaxNet : ISoftmaxMembers<double> { }

/// <summary>Straight-line, half squared error, ReLU and sigmoid: float.</summary>
[Network(2, Precision = Precision.Single)]
[Dense(3, Activation.ReLU)]
[Dense(2, Activation.Sigmoid)]
[Dense(1)]
public partial class FloatRegressionNet : ISampleMembers<float> { }

/// <summary>The double twin of <see cref="FloatRegressionNet"/>.</summary>
[Network(2)]
[Dense(3, Activation.ReLU)]
[Dense(2, Activation.Sigmoid)]
[Dense(1)]
public partial class DoubleRegressionNet : ISampleMembers<double> { }

/// <summary>Loop form, softmax cross-entropy, every activation: float.</summary>
[Network(5, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(6, Activation.ReLU)]
[Dense(4, Activation.Sigmoid)]
[Dense(5, Activation.Tanh)]
[Dense(3)]
public partial class FloatLoopSoftmaxNet : ISoftmaxMembers<float> { }

/// <summary>The double twin of <see cref="FloatLoopSoftmaxNet"/>.</summary>
[Network(5, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(6, Activation.ReLU)]
[Dense(4, Activation.Sigmoid)]
[Dense(5, Activation.Tanh)]
[Dense(3)]
public partial class DoubleLoopSoftmaxNet : ISoftmaxMembers<double> { }

/// <summary>Loop form, half squared error: float.</summary>
[Network(4, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(7, Activation.Tanh)]
[Dense(2)]
public partial class FloatLoopRegressionNet : ISampleMembers<float> { }

/// <summary>The double twin of <see cref="FloatLoopRegressionNet"/>.</summary>
[Network(4, Emit = EmitStyle.Loops)]
[Dense(7, Activation.Tanh)]
[Dense(2)]
public partial class DoubleLoopRegressionNet : ISampleMembers<double> { }

/// <summary>Straight-line per-sample members (67 parameters, Auto) with block batch members.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(8, Activation.Tanh)]
[Dense(3)]
public partial class HybridNet : ISoftmaxMembers<double> { }
