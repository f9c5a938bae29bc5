using NetGen;

namespace NetGen.Tests.Networks;

// Issue 25's convolutional networks, each checked against libtorch (tests/NetGen.Integration.Tests/ConvTorchTests.cs)
// and by its algebra (tests/NetGen.Behaviour.Tests/ImageTests.cs).

/// <summary>One channel, one convolution (stride 1, no padding), then a dense layer.</summary>
[Network(1, 6, 6)]
[Conv2D(2, 3, Activation.ReLU)]
[Dense(2)]
public partial class ConvSmall { }

/// <summary>Several channels, stride 2 and padding 1, max pooling, softmax.</summary>
[Network(2, 7, 7, Loss = Loss.SoftmaxCrossEntropy)]
[Conv2D(3, 3, Activation.Tanh, Stride = 2, Padding = 1)]
[MaxPool2D(2)]
[Dense(3)]
public partial class ConvStride { }

/// <summary>Two convolutions, max and average pooling, two dense layers; ReLU before the max pool makes ties at 0.</summary>
[Network(3, 10, 9, Loss = Loss.SoftmaxCrossEntropy)]
[Conv2D(4, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(5, 2, Activation.GELU, Stride = 2)]
[AvgPool2D(2)]
[Dense(4, Activation.SiLU)]
[Dense(3)]
public partial class ConvTwo { }

/// <summary>Pooling first (on the channel-first input), a pool of 1, and an image as the output (flattened channel-first).</summary>
[Network(2, 8, 8, Loss = Loss.Huber)]
[AvgPool2D(2)]
[Conv2D(3, 2, Activation.ELU)]
[MaxPool2D(1)]
public partial class PoolFirst { }

/// <summary>Max pooling of the input itself, for exact ties.</summary>
[Network(1, 4, 4)]
[MaxPool2D(2)]
[Dense(2)]
public partial class MaxTies { }

/// <summary>The network of issue 25, 1 × 28 × 28.</summary>
[Network(1, 28, 28, Loss = Loss.SoftmaxCrossEntropy)]
[Conv2D(8, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(16, 3, Activation.ReLU, Padding = 1)]
[AvgPool2D(2)]
[Dense(10)]
public partial class Cnn28 { }

/// <summary><see cref="ConvTwo"/> in float.</summary>
[Network(3, 10, 9, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Conv2D(4, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(5, 2, Activation.GELU, Stride = 2)]
[AvgPool2D(2)]
[Dense(4, Activation.SiLU)]
[Dense(3)]
public partial class ConvTwoFloat { }

/// <summary><see cref="PoolFirst"/> in float.</summary>
[Network(2, 8, 8, Loss = Loss.Huber, Precision = Precision.Single)]
[AvgPool2D(2)]
[Conv2D(3, 2, Activation.ELU)]
[MaxPool2D(1)]
public partial class PoolFirstFloat { }

// Tiny image networks are written straight-line (every pixel a local, one image per vector lane in the batch
// members) by Emit = Auto, larger ones over blocks of images; these twins of the ones above pin each form, so
// that both stay checked whatever Auto chooses.

/// <summary><see cref="ConvSmall"/> over blocks of images (Auto writes it straight-line).</summary>
[Network(1, 6, 6, Emit = EmitStyle.Loops)]
[Conv2D(2, 3, Activation.ReLU)]
[Dense(2)]
public partial class ConvSmallBlocks { }

/// <summary><see cref="ConvStride"/> over blocks of images.</summary>
[Network(2, 7, 7, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Conv2D(3, 3, Activation.Tanh, Stride = 2, Padding = 1)]
[MaxPool2D(2)]
[Dense(3)]
public partial class ConvStrideBlocks { }

/// <summary><see cref="ConvStride"/> straight-line.</summary>
[Network(2, 7, 7, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.StraightLine)]
[Conv2D(3, 3, Activation.Tanh, Stride = 2, Padding = 1)]
[MaxPool2D(2)]
[Dense(3)]
public partial class ConvStrideStraight { }

/// <summary><see cref="PoolFirst"/> straight-line.</summary>
[Network(2, 8, 8, Loss = Loss.Huber, Emit = EmitStyle.StraightLine)]
[AvgPool2D(2)]
[Conv2D(3, 2, Activation.ELU)]
[MaxPool2D(1)]
public partial class PoolFirstStraight { }

/// <summary><see cref="PoolFirst"/> over blocks of images.</summary>
[Network(2, 8, 8, Loss = Loss.Huber, Emit = EmitStyle.Loops)]
[AvgPool2D(2)]
[Conv2D(3, 2, Activation.ELU)]
[MaxPool2D(1)]
public partial class PoolFirstBlocks { }

/// <summary><see cref="MaxTies"/> over blocks of images (Auto writes it straight-line).</summary>
[Network(1, 4, 4, Emit = EmitStyle.Loops)]
[MaxPool2D(2)]
[Dense(2)]
public partial class MaxTiesBlocks { }

/// <summary>
/// Two convolutions straight-line: several channels, padding, a max pool with an odd edge (6 × 5 → 3 × 2, the last
/// column skipped), a 2 × 2 kernel with padding (3 × 3 → 4 × 4), an average pool, two dense layers.
/// </summary>
[Network(2, 6, 5, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.StraightLine)]
[Conv2D(3, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(4, 2, Activation.GELU, Padding = 1)]
[AvgPool2D(2)]
[Dense(4, Activation.SiLU)]
[Dense(3)]
public partial class ConvTwoTiny { }

/// <summary><see cref="ConvTwoTiny"/> in float.</summary>
[Network(2, 6, 5, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Single, Emit = EmitStyle.StraightLine)]
[Conv2D(3, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(4, 2, Activation.GELU, Padding = 1)]
[AvgPool2D(2)]
[Dense(4, Activation.SiLU)]
[Dense(3)]
public partial class ConvTwoTinyFloat { }

/// <summary><see cref="ConvTwoTiny"/> over blocks of images.</summary>
[Network(2, 6, 5, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Conv2D(3, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(4, 2, Activation.GELU, Padding = 1)]
[AvgPool2D(2)]
[Dense(4, Activation.SiLU)]
[Dense(3)]
public partial class ConvTwoTinyBlocks { }
