using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>[Differentiable] functions with loops over spans, as the README's performance table measures them.</summary>
public static partial class LoopFunctions
{
    /// <summary>The mean squared error of the line a·x + b through data points.</summary>
    [Differentiable]
    public static double Loss(double a, double b, [NoGradient] ReadOnlySpan<double> xs, [NoGradient] ReadOnlySpan<double> ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = a * xs[i] + b - ys[i];
            sum += r * r;
        }

        return sum / xs.Length;
    }

    /// <summary>The N-dimensional Rosenbrock function.</summary>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i];
            double u = 1 - x[i];
            s += 100 * t * t + u * u;
        }

        return s;
    }
}

/// <summary>
/// The gradient of a least-squares loss over 1,000,000 points: the generated LossGradient, the loop
/// a person writes (one pass: residual, its square and both partial sums), and TorchSharp autograd
/// (float64 tensors, one thread).
/// </summary>
[MemoryDiagnoser]
public class LeastSquaresBenchmarks
{
    private const int N = 1_000_000;
    private double[] _xs = Array.Empty<double>();
    private double[] _ys = Array.Empty<double>();
    private Tensor? _tx, _ty, _ta, _tb;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2026);
        _xs = Enumerable.Range(0, N).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        _ys = _xs.Select(x => 1.5 * x - 0.25 + 0.1 * (random.NextDouble() - 0.5)).ToArray();
        double generated = LoopFunctions.LossGradient(0.7, 0.2, _xs, _ys, out double ga, out double gb);
        double hand = HandWrittenGradient(0.7, 0.2, _xs, _ys, out double ha, out double hb);
        Data.Check("hand-written", generated, new[] { ga, gb }, hand, new[] { ha, hb });
    }

    [GlobalSetup(Target = nameof(TorchSharpAutograd))]
    public void SetupTorch()
    {
        Setup();
        TorchNetwork.UseOneThread();
        _tx = tensor(_xs, float64);
        _ty = tensor(_ys, float64);
        _ta = tensor(0.7, float64, requires_grad: true);
        _tb = tensor(0.2, float64, requires_grad: true);
        double generated = LoopFunctions.LossGradient(0.7, 0.2, _xs, _ys, out double ga, out double gb);
        double torchLoss = TorchSharpAutograd();
        Data.Check("TorchSharp", generated, new[] { ga, gb }, torchLoss, new[] { _ta.grad!.item<double>(), _tb.grad!.item<double>() });
    }

    [Benchmark(Baseline = true, Description = "generated LossGradient")]
    public double Generated() => LoopFunctions.LossGradient(0.7, 0.2, _xs, _ys, out double a, out double b) + a + b;

    [Benchmark(Description = "hand-written one-pass loop")]
    public double HandWritten() => HandWrittenGradient(0.7, 0.2, _xs, _ys, out double a, out double b) + a + b;

    [Benchmark(Description = "TorchSharp autograd, 1 thread")]
    public double TorchSharpAutograd()
    {
        using DisposeScope scope = NewDisposeScope();
        _ta!.grad?.zero_();
        _tb!.grad?.zero_();
        Tensor r = _ta * _tx! + _tb - _ty!;
        Tensor loss = (r * r).mean();
        loss.backward();
        return loss.item<double>();
    }

    /// <summary>What a person writes: one pass, the residual once, the factor 2/n applied at the end.</summary>
    public static double HandWrittenGradient(double a, double b, ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, out double dA, out double dB)
    {
        double sum = 0, sa = 0, sb = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = a * xs[i] + b - ys[i];
            sum += r * r;
            sa += r * xs[i];
            sb += r;
        }

        double scale = 2.0 / xs.Length;
        dA = scale * sa;
        dB = scale * sb;
        return sum / xs.Length;
    }
}

/// <summary>The gradient of the N-dimensional Rosenbrock function (N = 1,000): generated against hand-written.</summary>
[MemoryDiagnoser]
public class RosenbrockBenchmarks
{
    private const int N = 1_000;
    private double[] _x = Array.Empty<double>();
    private double[] _gradient = new double[N];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2026);
        _x = Enumerable.Range(0, N).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] hand = new double[N];
        double generated = LoopFunctions.RosenbrockGradient(_x, _gradient);
        Data.Check("hand-written", generated, _gradient, HandWrittenGradient(_x, hand), hand);
    }

    [Benchmark(Baseline = true, Description = "generated RosenbrockGradient")]
    public double Generated() => LoopFunctions.RosenbrockGradient(_x, _gradient);

    [Benchmark(Description = "hand-written one-pass loop")]
    public double HandWritten() => HandWrittenGradient(_x, _gradient);

    /// <summary>One pass: each term's value and its two partial derivatives.</summary>
    public static double HandWrittenGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        gradient.Clear();
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i];
            double u = 1 - x[i];
            s += 100 * t * t + u * u;
            gradient[i] += -400 * x[i] * t - 2 * u;
            gradient[i + 1] += 200 * t;
        }

        return s;
    }
}
