using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>A 6 × 6 grid, 4 filters, a max pool, 4 classes: 188 parameters, 1,440 taps (size 1,848).</summary>
[Network(1, 6, 6, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.StraightLine)]
[Conv2D(4, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(4)]
public partial class Grid6Straight
{
}

/// <summary><see cref="Grid6Straight"/> over blocks of images.</summary>
[Network(1, 6, 6, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Conv2D(4, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(4)]
public partial class Grid6Blocks
{
}

/// <summary>An 8 × 8 image, 4 filters, a max pool, 4 classes: 300 parameters, 2,560 taps.</summary>
[Network(1, 8, 8, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.StraightLine)]
[Conv2D(4, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(4)]
public partial class Image8Straight
{
}

/// <summary><see cref="Image8Straight"/> over blocks of images.</summary>
[Network(1, 8, 8, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Conv2D(4, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(4)]
public partial class Image8Blocks
{
}

/// <summary>A value network of a 5 × 5 board with two planes: 6 filters, tanh, one output (265 parameters, 2,700 taps).</summary>
[Network(2, 5, 5, Emit = EmitStyle.StraightLine)]
[Conv2D(6, 3, Activation.Tanh, Padding = 1)]
[Dense(1)]
public partial class BoardStraight
{
}

/// <summary><see cref="BoardStraight"/> over blocks of images.</summary>
[Network(2, 5, 5, Emit = EmitStyle.Loops)]
[Conv2D(6, 3, Activation.Tanh, Padding = 1)]
[Dense(1)]
public partial class BoardBlocks
{
}

/// <summary>A 6 × 6 image, 2 filters, 2 outputs (as the tests' ConvSmall): 86 parameters, 288 taps (size 444: straight-line under Emit = Auto).</summary>
[Network(1, 6, 6, Emit = EmitStyle.StraightLine)]
[Conv2D(2, 3, Activation.ReLU)]
[Dense(2)]
public partial class Micro6Straight
{
}

/// <summary><see cref="Micro6Straight"/> over blocks of images.</summary>
[Network(1, 6, 6, Emit = EmitStyle.Loops)]
[Conv2D(2, 3, Activation.ReLU)]
[Dense(2)]
public partial class Micro6Blocks
{
}

/// <summary>A 5 × 5 board, 3 filters of 2 × 2, a max pool, 2 classes: 41 parameters, 192 + 48 taps (size 368).</summary>
[Network(1, 5, 5, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.StraightLine)]
[Conv2D(3, 2, Activation.ReLU)]
[MaxPool2D(2)]
[Dense(2)]
public partial class Micro5Straight
{
}

/// <summary><see cref="Micro5Straight"/> over blocks of images.</summary>
[Network(1, 5, 5, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Conv2D(3, 2, Activation.ReLU)]
[MaxPool2D(2)]
[Dense(2)]
public partial class Micro5Blocks
{
}

/// <summary>
/// Issue 25's lanes across rows for tiny images: the straight-line form of an image network (every pixel a local,
/// one image per vector lane) against the blocks × GEMM form of the same network, for the batch gradient and
/// forward pass of 256 images and the forward pass of one (as a game or controller calls it). Both forms' gradients
/// are checked against each other in setup.
/// </summary>
[MemoryDiagnoser]
public class TinyImageBenchmarks
{
    private const int Batch = 256;
    private double[] _x = Array.Empty<double>();
    private double[] _t = Array.Empty<double>();
    private double[] _gradient = Array.Empty<double>();
    private double[] _outputs = Array.Empty<double>();
    private INetwork _straight = null!;
    private INetwork _blocks = null!;

    [Params("micro 1x5x5 conv3", "micro 1x6x6 conv2", "grid 1x6x6 conv4")]
    public string Network { get; set; } = "grid 1x6x6 conv4";

    [GlobalSetup]
    public void Setup()
    {
        (_straight, _blocks) = Network switch
        {
            "micro 1x5x5 conv3" => ((INetwork)new Micro5Straight(), (INetwork)new Micro5Blocks()),
            "micro 1x6x6 conv2" => (new Micro6Straight(), new Micro6Blocks()),
            "grid 1x6x6 conv4" => (new Grid6Straight(), new Grid6Blocks()),
            "image 1x8x8 conv4" => (new Image8Straight(), new Image8Blocks()),
            _ => (new BoardStraight(), new BoardBlocks()),
        };
        Initialization.Apply<double>(_straight.Description, _straight.Parameters, 5, Initializer.Default);
        _straight.Parameters.CopyTo(_blocks.Parameters);
        bool softmax = _straight.Description.Loss == Loss.SoftmaxCrossEntropy;
        (_x, _t) = Data.Random(Batch, _straight.InputCount, _straight.OutputCount, softmax, 6);
        _gradient = new double[_straight.ParameterCount];
        _outputs = new double[Batch * _straight.OutputCount];
        var expected = new double[_gradient.Length];
        double loss = _blocks.Gradient(_x, _t, expected);
        Data.Check("the straight-line form", loss, expected, _straight.Gradient(_x, _t, _gradient), _gradient);
    }

    [Benchmark(Baseline = true, Description = "gradient @256, blocks x Gemm")]
    public double GradientBlocks() => _blocks.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "gradient @256, straight-line lanes")]
    public double GradientStraight() => _straight.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "forward @256, blocks x Gemm")]
    public void ForwardBlocks() => _blocks.ForwardBatch(_x, _outputs);

    [Benchmark(Description = "forward @256, straight-line lanes")]
    public void ForwardStraight() => _straight.ForwardBatch(_x, _outputs);

    [Benchmark(Description = "forward @1, blocks x Gemm")]
    public void ForwardOneBlocks() => _blocks.ForwardBatch(_x.AsSpan(0, _blocks.InputCount), _outputs.AsSpan(0, _blocks.OutputCount));

    [Benchmark(Description = "forward @1, straight-line")]
    public void ForwardOneStraight() => _straight.ForwardBatch(_x.AsSpan(0, _straight.InputCount), _outputs.AsSpan(0, _straight.OutputCount));
}
