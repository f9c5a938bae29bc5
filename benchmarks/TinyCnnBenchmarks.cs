using System;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>The sample's digits CNN: 1 × 8 × 8 images, 16 and 32 filters, two max pools, 10 logits.</summary>
[Network(1, 8, 8, Loss = Loss.SoftmaxCrossEntropy)]
[Conv2D(16, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(32, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(10)]
public partial class DigitsCnnBench
{
}

/// <summary>A narrow one: 1 × 8 × 8 images, 4 filters (half a 512-bit vector of doubles), a max pool, 10 logits.</summary>
[Network(1, 8, 8, Loss = Loss.SoftmaxCrossEntropy)]
[Conv2D(4, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(10)]
public partial class NarrowCnnBench
{
}

/// <summary>
/// Tiny images, where issue 25 asks whether lanes across rows (one image per vector lane) should
/// replace the blocks × GEMM form: the gradient of a batch of 256 8 × 8 images for the sample's CNN and
/// for a 4-filter one, next to TorchSharp-cpu autograd on one thread (checked against NetGen in setup).
/// </summary>
[MemoryDiagnoser]
public class TinyCnnBenchmarks
{
    private const int Batch = 256;
    private double[] _x = Array.Empty<double>();
    private double[] _t = Array.Empty<double>();
    private double[] _gradient = Array.Empty<double>();
    private INetwork? _net;
    private TorchTinyCnn? _torch;

    [Params("digits 16-32", "narrow 4")]
    public string Network { get; set; } = "digits 16-32";

    [GlobalSetup]
    public void Setup()
    {
        if (Network == "digits 16-32")
        {
            var net = new DigitsCnnBench();
            net.Initialize(5);
            _net = net;
        }
        else
        {
            var net = new NarrowCnnBench();
            net.Initialize(5);
            _net = net;
        }

        var random = new Random(6);
        _x = new double[Batch * 64];
        _t = new double[Batch * 10];
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = random.NextDouble() * 16;
        }

        for (int r = 0; r < Batch; r++)
        {
            _t[(r * 10) + random.Next(10)] = 1;
        }

        _gradient = new double[_net.Parameters.Length];
    }

    [GlobalSetup(Target = nameof(TorchSharp64))]
    public void SetupTorch()
    {
        Setup();
        TorchNetwork.UseOneThread();
        double[] expected = new double[_gradient.Length];
        double loss = _net!.Gradient(_x, _t, expected);
        _torch = new TorchTinyCnn(_net.Parameters.ToArray(), Network == "digits 16-32" ? 32 : 0, Network == "digits 16-32" ? 16 : 4);
        var actual = new double[expected.Length];
        Data.Check("TorchSharp float64", loss, expected, _torch.Gradient(_x, _t, actual), actual);
    }

    [Benchmark(Baseline = true, Description = "NetGen gradient (blocks × Gemm)")]
    public double Gradient() => _net!.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "TorchSharp gradient, float64, 1 thread")]
    public double TorchSharp64() => _torch!.Gradient(_x, _t, _gradient);
}

/// <summary>The two tiny CNNs in TorchSharp autograd: conv 3 × 3 padding 1, ReLU, max pool 2 (twice when a second convolution is given), linear.</summary>
public sealed class TorchTinyCnn
{
    private readonly Tensor[] _parameters;
    private readonly int _second;

    public TorchTinyCnn(double[] theta, int second, int first)
    {
        TorchSharpFix.Apply();
        _second = second;
        int offset = 0;
        Tensor Leaf(params long[] shape)
        {
            long count = 1;
            foreach (long d in shape)
            {
                count *= d;
            }

            Tensor leaf = tensor(theta.AsSpan(offset, (int)count).ToArray(), shape, float64).requires_grad_(true);
            offset += (int)count;
            return leaf;
        }

        _parameters = second > 0
            ? new[] { Leaf(first, 1, 3, 3), Leaf(first), Leaf(second, first, 3, 3), Leaf(second), Leaf(second * 4, 10), Leaf(10) }
            : new[] { Leaf(first, 1, 3, 3), Leaf(first), Leaf(first * 16, 10), Leaf(10) };
    }

    public double Gradient(double[] inputs, double[] targets, Span<double> gradient)
    {
        using DisposeScope scope = NewDisposeScope();
        int n = inputs.Length / 64;
        foreach (Tensor p in _parameters)
        {
            p.grad?.zero_();
        }

        Tensor a = tensor(inputs, new long[] { n, 1, 8, 8 }, float64);
        a = nn.functional.max_pool2d(nn.functional.conv2d(a, _parameters[0], _parameters[1], padding: new long[] { 1, 1 }).relu(), 2, 2);
        if (_second > 0)
        {
            a = nn.functional.max_pool2d(nn.functional.conv2d(a, _parameters[2], _parameters[3], padding: new long[] { 1, 1 }).relu(), 2, 2);
        }

        Tensor logits = a.flatten(1).matmul(_parameters[^2]) + _parameters[^1];
        Tensor t = tensor(targets, new long[] { n, 10 }, float64);
        Tensor loss = -(t * nn.functional.log_softmax(logits, 1)).sum();
        loss.backward();
        int at = 0;
        foreach (Tensor p in _parameters)
        {
            double[] g = p.grad!.data<double>().ToArray();
            g.CopyTo(gradient.Slice(at));
            at += g.Length;
        }

        return loss.item<double>();
    }
}
