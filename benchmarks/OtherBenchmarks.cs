using System;
using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace NetGen.Benchmarks;

/// <summary>The softmax layer alone (question 2): ∂E/∂y of 10 logits, generated vs loops.</summary>
[MemoryDiagnoser]
public class SoftmaxBenchmarks
{
    private readonly SoftmaxLayer _generated = new();
    private readonly LoopNetwork _loops = new(10, Array.Empty<(int, Activation)>(), Loss.SoftmaxCrossEntropy);
    private readonly double[] _y = Data.RandomParameters(10, 3, 4);
    private readonly double[] _t = { 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 };
    private readonly double[] _dy = new double[10];

    [Benchmark(Baseline = true, Description = "NetGen generated")]
    public double Generated() => _generated.AccumulateGradient(_y, _t, Span<double>.Empty, _dy);

    [Benchmark(Description = "idiomatic loops (loss + ∂E/∂y)")]
    public double Loops() => _loops.Gradient(_y, _t, Span<double>.Empty);

    [GlobalSetup(Target = nameof(TorchOneThread))]
    public void SetupTorch()
    {
        TorchNetwork.UseOneThread();
        double[] expected = new double[10];
        double loss = _generated.AccumulateGradient(_y, _t, Span<double>.Empty, expected);
        Data.Check("TorchSharp", loss, expected, TorchOneThread(), _dy);
    }

    [Benchmark(Description = "TorchSharp, 1 thread")]
    public double TorchOneThread() =>
        TorchNetwork.InputGradient(y => -(torch.tensor(_t, new long[] { _t.Length }, torch.float64) * torch.nn.functional.log_softmax(y, 0)).sum(), _y, _dy);
}

/// <summary>f(x) = 5x² + 2 and f'(x) (question 3): generated FGradient vs the derivative written by hand.</summary>
[MemoryDiagnoser]
public class QuadraticBenchmarks
{
    private readonly double[] _torchX = new double[1];
    private readonly double[] _torchD = new double[1];
    private double _x = 0.37;

    [Benchmark(Baseline = true, Description = "hand-written f and f' = 10x")]
    public double HandWritten()
    {
        double x = _x;
        double f = 5 * x * x + 2;
        double d = 10 * x;
        return f + d;
    }

    [Benchmark(Description = "NetGen generated FGradient")]
    public double Generated()
    {
        double f = Quadratic.FGradient(_x, out double d);
        return f + d;
    }

    [GlobalSetup(Target = nameof(TorchOneThread))]
    public void SetupTorch()
    {
        TorchNetwork.UseOneThread();
        double f = Quadratic.FGradient(_x, out double d);
        double[] torchD = new double[1];
        double torchF = TorchNetwork.InputGradient(F, new[] { _x }, torchD);
        Data.Check("TorchSharp", f, new[] { d }, torchF, torchD);
    }

    [Benchmark(Description = "TorchSharp autograd, 1 thread")]
    public double TorchOneThread()
    {
        _torchX[0] = _x;
        return TorchNetwork.InputGradient(F, _torchX, _torchD) + _torchD[0];
    }

    private static torch.Tensor F(torch.Tensor x) => (5 * x * x + 2).sum();
}

/// <summary>A wider net, 16-32-32-4 tanh (1,732 parameters), batch 32: generated vs loops vs TorchSharp.</summary>
[MemoryDiagnoser]
public class WideBenchmarks
{
    private static readonly (int, Activation)[] Shape = { (32, Activation.Tanh), (32, Activation.Tanh), (4, Activation.Identity) };
    private readonly WideNet _generated = new();
    private readonly LoopNetwork _loops = new(16, Shape, Loss.HalfSquaredError);
    private readonly double[] _gradient = new double[WideNet.ParameterCount];
    private readonly double[] _parameters = Data.RandomParameters(WideNet.ParameterCount, 5, 0.3);
    private readonly (double[] X, double[] T) _batch = Data.Random(32, 16, 4, softmax: false, seed: 6);
    private TorchNetwork? _torch;

    [GlobalSetup]
    public void Setup()
    {
        _parameters.CopyTo(_generated.Parameters);
        _parameters.CopyTo(_loops.Parameters, 0);
        double[] expected = new double[WideNet.ParameterCount];
        double loss = _generated.Gradient(_batch.X, _batch.T, expected);
        Data.Check("loops", loss, expected, _loops.Gradient(_batch.X, _batch.T, _gradient), _gradient);
    }

    [GlobalSetup(Target = nameof(TorchOneThread))]
    public void SetupTorchOneThread() => SetupTorch(threads: 1);

    [GlobalSetup(Target = nameof(TorchDefaultThreads))]
    public void SetupTorchDefaultThreads() => SetupTorch(threads: 0);

    private void SetupTorch(int threads)
    {
        Setup();
        _torch = TorchNetwork.CreateChecked(threads, 16, Shape, Loss.HalfSquaredError, _generated, _batch.X, _batch.T);
    }

    [GlobalCleanup]
    public void Cleanup() => _torch?.Dispose();

    [Benchmark(Baseline = true, Description = "NetGen generated")]
    public double Generated() => _generated.Gradient(_batch.X, _batch.T, _gradient);

    [Benchmark(Description = "idiomatic loops")]
    public double Loops() => _loops.Gradient(_batch.X, _batch.T, _gradient);

    [Benchmark(Description = "TorchSharp, 1 thread")]
    public double TorchOneThread() => _torch!.Gradient(_batch.X, _batch.T, _gradient);

    [Benchmark(Description = "TorchSharp, default threads")]
    public double TorchDefaultThreads() => _torch!.Gradient(_batch.X, _batch.T, _gradient);
}
