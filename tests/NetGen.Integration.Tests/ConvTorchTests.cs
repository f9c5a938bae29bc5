using System;
using System.Linq;
using NetGen.Benchmarks;
using NetGen.Tests.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetGen.Tests;

/// <summary>
/// Issue 25's convolutional networks against libtorch autograd (float64): <c>conv2d</c> with PyTorch's weight
/// layout, <c>max_pool2d</c>, <c>avg_pool2d</c>, <c>flatten</c> and <c>linear</c>, for stride 1 and 2, padding 0 and 1,
/// one and several channels, one and two convolutions, pooling first and an image output, at 1, 11 and 40 rows, each tiny
/// network both straight-line (one image per vector lane from 8 rows) and over blocks of images.
/// Outputs, losses, every parameter's gradient and the input gradient are compared: double to 1e-11 relative,
/// float to 1e-4.
/// </summary>
public class ConvTorchTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[]
        {
            "ConvSmall", "ConvStride", "ConvTwo", "PoolFirst", "MaxTies", "Cnn28", "ConvTwoFloat", "PoolFirstFloat",
            "ConvSmallBlocks", "ConvStrideBlocks", "ConvStrideStraight", "PoolFirstBlocks", "PoolFirstStraight", "MaxTiesBlocks", "ConvTwoTiny", "ConvTwoTinyFloat", "ConvTwoTinyBlocks",
        })
        {
            foreach (int rows in new[] { 1, 11, 40 })
            {
                data.Add(name, rows);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputsLossAndGradientsAreLibtorchs(string name, int rows)
    {
        object net = Activator.CreateInstance(typeof(ConvSmall).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;
        if (net is INetwork<float> single)
        {
            Initialization.Apply<float>(single.Description, single.Parameters, 5, Initializer.PyTorchLinear);
            (double[] x, double[] t) = Data(single.Description, rows, name.StartsWith("MaxTies", StringComparison.Ordinal));
            float[] xf = x.Select(v => (float)v).ToArray(), tf = t.Select(v => (float)v).ToArray();
            var outputs = new float[rows * single.OutputCount];
            single.ForwardBatch(xf, outputs);
            var gradient = new float[single.ParameterCount];
            float loss = single.Gradient(xf, tf, gradient);
            Twin twin = Run(single.Description, single.Parameters.ToArray().Select(v => (double)v).ToArray(), xf.Select(v => (double)v).ToArray(), t);
            Same(name + " outputs", outputs.Select(v => (double)v).ToArray(), twin.Outputs, 1e-4);
            Same(name + " loss", new double[] { loss }, new[] { twin.Loss }, 1e-4);
            Same(name + " gradient", gradient.Select(v => (double)v).ToArray(), twin.Gradient, 1e-4);
            return;
        }

        var network = (INetwork)net;
        Initialization.Apply<double>(network.Description, network.Parameters, 5, Initializer.PyTorchLinear);
        (double[] xs, double[] ts) = Data(network.Description, rows, name.StartsWith("MaxTies", StringComparison.Ordinal));
        var outs = new double[rows * network.OutputCount];
        network.ForwardBatch(xs, outs);
        var grad = new double[network.ParameterCount];
        double l = network.Gradient(xs, ts, grad);
        Twin torch = Run(network.Description, network.Parameters.ToArray(), xs, ts);
        Same(name + " outputs", outs, torch.Outputs, 1e-11);
        Same(name + " loss", new[] { l }, new[] { torch.Loss }, 1e-11);
        Same(name + " gradient", grad, torch.Gradient, 1e-11);

        // the per-sample members, and ∂l/∂x, of the first row
        int n = network.InputCount, m = network.OutputCount;
        Twin first = Run(network.Description, network.Parameters.ToArray(), xs.AsSpan(0, n).ToArray(), ts.AsSpan(0, m).ToArray());
        (Accumulate accumulate, LossOf computeLoss, ForwardOf forward) = Members(network);
        var sample = new double[network.ParameterCount];
        var inputGradient = new double[n];
        double sampleLoss = accumulate(xs.AsSpan(0, n), ts.AsSpan(0, m), sample, inputGradient);
        Same(name + " sample loss", new[] { sampleLoss, computeLoss(xs.AsSpan(0, n), ts.AsSpan(0, m)) }, new[] { first.Loss, first.Loss }, 1e-11);
        Same(name + " sample gradient", sample, first.Gradient, 1e-11);
        Same(name + " ∂l/∂x", inputGradient, first.InputGradient, 1e-11);
        var output = new double[m];
        forward(xs.AsSpan(0, n), output);
        Same(name + " forward", output, first.Outputs, 1e-11);
    }

    [Fact]
    public void TheMaximumOfATieIsTheFirstAsInLibtorch()
    {
        // Every 2 × 2 window of the input holds its maximum twice (and one window all four times): the
        // gradient goes to the first in row-major order, in NetGen and in libtorch.
        var net = new MaxTies();
        net.Initialize(1, Initializer.PyTorchLinear);
        double[] x = { 1, 3, 0, 0, 3, 2, 0, 0, -1, -1, 5, 1, -1, -2, 2, 5 };
        double[] t = { 0.5, -0.5 };
        var gradient = new double[MaxTies.ParameterCount];
        var dx = new double[16];
        net.AccumulateGradient(x, t, gradient, dx);
        Twin torch = Run(net.Description, net.Parameters.ToArray(), x, t);
        Same("ties ∂l/∂x", dx, torch.InputGradient, 1e-15);
        Assert.NotEqual(0.0, dx[1]); // the first 3 of window (0, 0), at (0, 1)
        Assert.Equal(0.0, dx[4]);    // not the second, at (1, 0)
        Assert.NotEqual(0.0, dx[2]); // window (0, 1) is all 0: its first pixel
        Assert.Equal(0.0, dx[3]);
    }

    [Theory]
    [InlineData("MaxTies")]
    [InlineData("MaxTiesBlocks")]
    public void ANaNInAWindowTakesTheAdjointWhereLibtorchSendsIt(string name)
    {
        // Window (0, 0) holds two NaNs (PyTorch keeps the last, at (1, 1)); window (0, 1) a NaN first and larger
        // values after it; the other two windows tie. Every output is NaN, so ∂l/∂x is NaN exactly at the pixel each
        // window chose and 0 elsewhere: its NaN pattern is the routing, compared with libtorch's pixel by pixel.
        var net = (INetwork)Activator.CreateInstance(typeof(ConvSmall).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;
        Initialization.Apply<double>(net.Description, net.Parameters, 1, Initializer.PyTorchLinear);
        double[] x = { 1, double.NaN, double.NaN, 7, 3, double.NaN, 8, 9, -1, -1, 5, 1, -1, -2, 2, 5 };
        double[] t = { 0.5, -0.5 };
        var gradient = new double[net.ParameterCount];
        var dx = new double[16];
        double loss = Members(net).Item1(x, t, gradient, dx);
        Twin torch = Run(net.Description, net.Parameters.ToArray(), x, t);
        Assert.True(double.IsNaN(loss) && double.IsNaN(torch.Loss));
        for (int i = 0; i < 16; i++)
        {
            Assert.True(double.IsNaN(dx[i]) == double.IsNaN(torch.InputGradient[i]), $"∂l/∂x[{i}]: NetGen {dx[i]:R}, libtorch {torch.InputGradient[i]:R}");
            Assert.True(double.IsNaN(dx[i]) || (dx[i] == 0 && torch.InputGradient[i] == 0), $"∂l/∂x[{i}]: NetGen {dx[i]:R}, libtorch {torch.InputGradient[i]:R}");
        }

        Assert.True(double.IsNaN(dx[5]) && !double.IsNaN(dx[1])); // the last NaN of window (0, 0)
        Assert.True(double.IsNaN(dx[2])); // window (0, 1): its NaN, not the 9 after it
    }

    /// <summary>Rows in [−2, 2] (integers in [−2, 2] for <paramref name="ties"/>, so that max windows tie); targets fitting the loss.</summary>
    private static (double[] X, double[] T) Data(NetworkDescription description, int rows, bool ties)
    {
        (double[] x, double[] t) = NetworkData.Rows(description, rows, 17 + rows);
        return ties ? (x.Select(v => Math.Round(v)).ToArray(), t) : (x, t);
    }

    private delegate double Accumulate(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> gradient, Span<double> inputGradient);

    private delegate double LossOf(ReadOnlySpan<double> input, ReadOnlySpan<double> target);

    private delegate void ForwardOf(ReadOnlySpan<double> input, Span<double> output);

    /// <summary>The per-sample members of a double network (they are not on <see cref="INetwork"/>).</summary>
    private static (Accumulate, LossOf, ForwardOf) Members(INetwork net) => net switch
    {
        ConvSmall n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        ConvStride n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        ConvTwo n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        PoolFirst n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        MaxTies n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        Cnn28 n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        ConvSmallBlocks n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        ConvStrideBlocks n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        PoolFirstBlocks n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        ConvStrideStraight n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        PoolFirstStraight n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        MaxTiesBlocks n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        ConvTwoTiny n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        ConvTwoTinyBlocks n => (n.AccumulateGradient, n.ComputeLoss, n.Forward),
        _ => throw new ArgumentOutOfRangeException(nameof(net)),
    };

    private sealed record Twin(double[] Outputs, double Loss, double[] Gradient, double[] InputGradient);

    /// <summary>The network in libtorch: conv2d (W [F, C, K, K]), pooling, flatten, linear (W [in, out]), the activation and the loss.</summary>
    private static Twin Run(NetworkDescription description, double[] theta, double[] xs, double[] ts)
    {
        TorchSharpFix.Apply();
        using DisposeScope scope = NewDisposeScope();
        int rows = xs.Length / description.InputCount;
        var leaves = new (Tensor? W, Tensor? B)[description.Layers.Count];
        Tensor x = tensor(xs, new long[] { rows, description.InputCount }, float64, requires_grad: true);
        ImageShape input = description.InputShape!.Value;
        Tensor a = x.reshape(rows, input.Channels, input.Height, input.Width);
        for (int l = 0; l < leaves.Length; l++)
        {
            LayerDescription layer = description.Layers[l];
            switch (layer.Kind)
            {
                case LayerKind.Conv2D:
                    leaves[l] = (Leaf(theta, description.WeightOffset(l + 1), new long[] { layer.Filters, layer.InputShape.Channels, layer.Kernel, layer.Kernel }),
                        Leaf(theta, description.BiasOffset(l + 1), new long[] { layer.Filters }));
                    a = nn.functional.conv2d(a, leaves[l].W!, leaves[l].B!, strides: new long[] { layer.Stride, layer.Stride }, padding: new long[] { layer.Padding, layer.Padding });
                    break;
                case LayerKind.MaxPool2D:
                    a = nn.functional.max_pool2d(a, layer.Kernel, layer.Kernel);
                    break;
                case LayerKind.AvgPool2D:
                    a = nn.functional.avg_pool2d(a, layer.Kernel, layer.Kernel);
                    break;
                default:
                    leaves[l] = (Leaf(theta, description.WeightOffset(l + 1), new long[] { layer.Inputs, layer.Units }), Leaf(theta, description.BiasOffset(l + 1), new long[] { layer.Units }));
                    a = a.flatten(1).matmul(leaves[l].W!) + leaves[l].B!;
                    break;
            }

            a = layer.Activation switch
            {
                Activation.Identity => a,
                Activation.ReLU => a.relu(),
                Activation.Tanh => a.tanh(),
                Activation.GELU => nn.functional.gelu(a),
                Activation.SiLU => nn.functional.silu(a),
                Activation.ELU => nn.functional.elu(a, 1.0),
                _ => throw new ArgumentOutOfRangeException(nameof(description)),
            };
        }

        a = a.flatten(1);
        Tensor t = tensor(ts, new long[] { rows, description.OutputCount }, float64);
        Tensor loss = description.Loss switch
        {
            Loss.HalfSquaredError => 0.5 * (a - t).pow(2).sum(),
            Loss.SoftmaxCrossEntropy => -(t * nn.functional.log_softmax(a, 1)).sum(),
            Loss.Huber => nn.functional.huber_loss(a, t, delta: 1.0, reduction: nn.Reduction.Sum),
            _ => throw new ArgumentOutOfRangeException(nameof(description)),
        };
        loss.backward();
        var gradient = new double[description.ParameterCount];
        for (int l = 0; l < leaves.Length; l++)
        {
            if (leaves[l].W is { } w && leaves[l].B is { } b)
            {
                w.grad!.data<double>().ToArray().CopyTo(gradient, description.WeightOffset(l + 1));
                b.grad!.data<double>().ToArray().CopyTo(gradient, description.BiasOffset(l + 1));
            }
        }

        return new Twin(a.detach().data<double>().ToArray(), loss.item<double>(), gradient, x.grad!.data<double>().ToArray());
    }

    private static Tensor Leaf(double[] theta, int offset, long[] shape)
    {
        long count = shape.Aggregate(1L, (p, d) => p * d);
        return tensor(theta.AsSpan(offset, (int)count).ToArray(), shape, float64, requires_grad: true);
    }

    private static void Same(string what, double[] mine, double[] torch, double tolerance)
    {
        Assert.Equal(torch.Length, mine.Length);
        for (int i = 0; i < torch.Length; i++)
        {
            Assert.True(Math.Abs(mine[i] - torch[i]) <= tolerance * Math.Max(1, Math.Abs(torch[i])), $"{what}[{i}]: NetGen {mine[i]:R}, libtorch {torch[i]:R}");
        }
    }
}
