using System;
using BenchmarkDotNet.Attributes;
using NetGen.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>Issue 25's network: 1 × 28 × 28, two 3 × 3 convolutions with padding, max and average pooling, 10 logits.</summary>
[Network(1, 28, 28, Loss = Loss.SoftmaxCrossEntropy)]
[Conv2D(8, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(16, 3, Activation.ReLU, Padding = 1)]
[AvgPool2D(2)]
[Dense(10)]
public partial class Cnn : IBenchmarkNetwork
{
}

/// <summary><see cref="Cnn"/> in float.</summary>
[Network(1, 28, 28, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Conv2D(8, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(16, 3, Activation.ReLU, Padding = 1)]
[AvgPool2D(2)]
[Dense(10)]
public partial class CnnFloat
{
}

/// <summary>
/// The gradient and forward pass of <see cref="Cnn"/> on a batch of 256 images, next to TorchSharp-cpu
/// autograd (conv2d, max_pool2d, avg_pool2d, linear) on one thread, in float64 and float32. Every peer is
/// checked against NetGen's gradient in setup. "conv products" runs the convolutions' matrix products alone,
/// with the shapes the generated gradient uses, for their share of the FMA peak (<see cref="PeakBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
public class CnnBenchmarks
{
    public const int Batch = 256;

    /// <summary>Images per block in the generated code: its scratch budget over one image's scratch (asserted in setup).</summary>
    public const int BlockRows = 4;

    private readonly Cnn _net = new();
    private readonly CnnFloat _float = new();
    private double[] _x = Array.Empty<double>();
    private double[] _t = Array.Empty<double>();
    private float[] _xf = Array.Empty<float>();
    private float[] _tf = Array.Empty<float>();
    private double[] _gradient = Array.Empty<double>();
    private float[] _gradientF = Array.Empty<float>();
    private double[] _outputs = Array.Empty<double>();
    private TorchCnn? _torch64;
    private TorchCnn? _torch32;
    private double[] _a = Array.Empty<double>(), _b = Array.Empty<double>(), _c = Array.Empty<double>();

    /// <summary>Floating-point operations of the convolution products of one batch gradient: 2 per multiply-add, forward (patches·Wᵀ), ∂W (∂Uᵀ·patches) and, for the second convolution, ∂patches (∂U·W).</summary>
    public static double ConvFlops => 2.0 * Batch * ((784.0 * 8 * 9 * 2) + (196.0 * 16 * 72 * 3));

    [GlobalSetup]
    public void Setup()
    {
        _net.Initialize(11);
        for (int i = 0; i < Cnn.ParameterCount; i++)
        {
            _float.Parameters[i] = (float)_net.Parameters[i];
        }

        var random = new Random(12);
        _x = new double[Batch * Cnn.InputCount];
        _t = new double[Batch * Cnn.OutputCount];
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = random.NextDouble();
        }

        for (int r = 0; r < Batch; r++)
        {
            _t[(r * 10) + random.Next(10)] = 1;
        }

        _xf = Array.ConvertAll(_x, v => (float)v);
        _tf = Array.ConvertAll(_t, v => (float)v);
        _gradient = new double[Cnn.ParameterCount];
        _gradientF = new float[Cnn.ParameterCount];
        _outputs = new double[Batch * Cnn.OutputCount];
        _a = new double[BlockRows * 784 * 72];
        _b = new double[72 * 16];
        _c = new double[BlockRows * 784 * 72];
        if (BlockRows != Math.Max(1, 262_144 / ((784 * 9) + (3 * 6272) + (2 * 1568) + (196 * 72) + (3 * 3136) + (2 * 784) + 30 + (2 * 784))))
        {
            throw new InvalidOperationException("BlockRows no longer matches the generated code's.");
        }
    }

    [GlobalSetup(Targets = new[] { nameof(TorchSharp64), nameof(TorchSharp32), nameof(TorchSharpForward64) })]
    public void SetupTorch()
    {
        Setup();
        TorchNetwork.UseOneThread();
        double[] expected = new double[Cnn.ParameterCount];
        double loss = _net.Gradient(_x, _t, expected);
        _torch64 = new TorchCnn(_net.Parameters.ToArray(), float64);
        var actual = new double[expected.Length];
        Data.Check("TorchSharp float64", loss, expected, _torch64.Gradient(_x, _t, actual), actual);
        _torch32 = new TorchCnn(_net.Parameters.ToArray(), float32);
        double loss32 = _torch32.Gradient(_x, _t, actual);
        for (int i = 0; i < actual.Length; i++)
        {
            if (Math.Abs(actual[i] - expected[i]) > 1e-3 * Math.Max(1, Math.Abs(expected[i])) || Math.Abs(loss32 - loss) > 1e-3 * loss)
            {
                throw new InvalidOperationException($"TorchSharp float32 disagrees at {i}: {actual[i]} vs {expected[i]}.");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "NetGen gradient")]
    public double Gradient() => _net.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "NetGen gradient, float")]
    public float GradientFloat() => _float.Gradient(_xf, _tf, _gradientF);

    [Benchmark(Description = "NetGen forward")]
    public double Forward()
    {
        _net.ForwardBatch(_x, _outputs);
        return _outputs[0];
    }

    [Benchmark(Description = "NetGen conv products only")]
    public double ConvProducts()
    {
        // The convolution products of one batch gradient, block by block, with the generated code's shapes.
        for (int start = 0; start < Batch; start += BlockRows)
        {
            Gemm.Multiply<double>(BlockRows * 784, 8, 9, _a, 9, false, _b, 8, _c, 8, false);
            Gemm.Multiply<double>(8, 9, BlockRows * 784, _c, 8, true, _a, 9, _b, 9, true);
            Gemm.Multiply<double>(BlockRows * 196, 16, 72, _a, 72, false, _b, 16, _c, 16, false);
            Gemm.Multiply<double>(16, 72, BlockRows * 196, _c, 16, true, _a, 72, _b, 72, true);
            Gemm.Multiply<double>(BlockRows * 196, 72, 16, _c, 16, false, _b, 72, _a, 72, false);
        }

        return _c[0];
    }

    [Benchmark(Description = "TorchSharp gradient, float64, 1 thread")]
    public double TorchSharp64() => _torch64!.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "TorchSharp gradient, float32, 1 thread")]
    public double TorchSharp32() => _torch32!.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "TorchSharp forward, float64, 1 thread")]
    public double TorchSharpForward64() => _torch64!.Forward(_x);
}

/// <summary><see cref="Cnn"/> in TorchSharp autograd: leaf tensors W [F, C, K, K] and the dense W [in, out], made once.</summary>
public sealed class TorchCnn
{
    private readonly Tensor _w1, _b1, _w3, _b3, _w5, _b5;
    private readonly ScalarType _type;

    public TorchCnn(double[] theta, ScalarType type)
    {
        TorchSharpFix.Apply();
        _type = type;
        Tensor Leaf(int offset, params long[] shape)
        {
            long count = 1;
            foreach (long d in shape)
            {
                count *= d;
            }

            return tensor(theta.AsSpan(offset, (int)count).ToArray(), shape, float64).to_type(type).requires_grad_(true);
        }

        _w1 = Leaf(0, 8, 1, 3, 3);
        _b1 = Leaf(72, 8);
        _w3 = Leaf(80, 16, 8, 3, 3);
        _b3 = Leaf(80 + 1152, 16);
        _w5 = Leaf(80 + 1152 + 16, 784, 10);
        _b5 = Leaf(80 + 1152 + 16 + 7840, 10);
    }

    private Tensor Logits(Tensor x)
    {
        Tensor a = nn.functional.conv2d(x, _w1, _b1, padding: new long[] { 1, 1 }).relu();
        a = nn.functional.max_pool2d(a, 2, 2);
        a = nn.functional.conv2d(a, _w3, _b3, padding: new long[] { 1, 1 }).relu();
        a = nn.functional.avg_pool2d(a, 2, 2);
        return a.flatten(1).matmul(_w5) + _b5;
    }

    public double Gradient(double[] inputs, double[] targets, Span<double> gradient)
    {
        using DisposeScope scope = NewDisposeScope();
        int n = inputs.Length / 784;
        foreach (Tensor p in new[] { _w1, _b1, _w3, _b3, _w5, _b5 })
        {
            p.grad?.zero_();
        }

        Tensor x = tensor(inputs, new long[] { n, 1, 28, 28 }, float64).to_type(_type);
        Tensor t = tensor(targets, new long[] { n, 10 }, float64).to_type(_type);
        Tensor loss = -(t * nn.functional.log_softmax(Logits(x), 1)).sum();
        loss.backward();
        int offset = 0;
        foreach (Tensor p in new[] { _w1, _b1, _w3, _b3, _w5, _b5 })
        {
            double[] g = p.grad!.to_type(float64).data<double>().ToArray();
            g.CopyTo(gradient.Slice(offset));
            offset += g.Length;
        }

        return loss.to_type(float64).item<double>();
    }

    public double Forward(double[] inputs)
    {
        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGrad = torch.no_grad();
        Tensor y = Logits(tensor(inputs, new long[] { inputs.Length / 784, 1, 28, 28 }, float64).to_type(_type));
        return y.to_type(float64).data<double>()[0];
    }
}
