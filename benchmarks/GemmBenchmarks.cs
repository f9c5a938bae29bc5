using System;
using BenchmarkDotNet.Attributes;
using NetGen.CompilerServices;

namespace NetGen.Benchmarks;

/// <summary>
/// The matrix products alone (<c>Gemm.Multiply</c>, float64), on the loop form's and the convolutions' main
/// shapes, for their share of the FMA peak measured in the same run (<see cref="PeakBenchmarks"/>). Each
/// description gives m × n × k; GFLOP/s = 2mnk / time.
/// </summary>
public class GemmBenchmarks
{
    private double[] _a = Array.Empty<double>(), _b = Array.Empty<double>(), _c = Array.Empty<double>();

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _a = new double[3136 * 784];
        _b = new double[784 * 128];
        _c = new double[3136 * 128];
        for (int i = 0; i < _a.Length; i++)
        {
            _a[i] = random.NextDouble();
        }

        for (int i = 0; i < _b.Length; i++)
        {
            _b[i] = random.NextDouble();
        }
    }

    [Benchmark(Description = "X·W 256×128×784 (784-128's forward, batch 256)")]
    public double Forward256()
    {
        Gemm.Multiply<double>(256, 128, 784, _a, 784, false, _b, 128, _c, 128, false);
        return _c[0];
    }

    [Benchmark(Description = "X·W 32×128×784 (one block of 32 rows)")]
    public double ForwardBlock()
    {
        Gemm.Multiply<double>(32, 128, 784, _a, 784, false, _b, 128, _c, 128, false);
        return _c[0];
    }

    [Benchmark(Description = "X·W 36×128×784 (one block of 36 rows: six 6-row tiles)")]
    public double ForwardBlock36()
    {
        Gemm.Multiply<double>(36, 128, 784, _a, 784, false, _b, 128, _c, 128, false);
        return _c[0];
    }

    [Benchmark(Description = "Xᵀ·D 784×128×256 (784-128's ∂W, batch 256)")]
    public double WeightGradient()
    {
        Gemm.Multiply<double>(784, 128, 256, _a, 784, true, _b, 128, _c, 128, true);
        return _c[0];
    }

    [Benchmark(Description = "patches·Wᵀ 784×16×72 (the 28 × 28 CNN's second convolution, 4 images)")]
    public double ConvForward()
    {
        Gemm.Multiply<double>(784, 16, 72, _a, 72, false, _b, 16, _c, 16, false);
        return _c[0];
    }

    [Benchmark(Description = "∂Uᵀ·patches 16×72×784 (its ∂W)")]
    public double ConvWeightGradient()
    {
        Gemm.Multiply<double>(16, 72, 784, _a, 16, true, _b, 72, _c, 72, false);
        return _c[0];
    }

    [Benchmark(Description = "∂U·W 784×72×16 (its ∂patches)")]
    public double ConvPatchGradient()
    {
        Gemm.Multiply<double>(784, 72, 16, _a, 16, false, _b, 72, _c, 72, false);
        return _c[0];
    }

    [Benchmark(Description = "patches·Wᵀ 3136×8×9 (the first convolution, 4 images)")]
    public double FirstConvForward()
    {
        Gemm.Multiply<double>(3136, 8, 9, _a, 9, false, _b, 8, _c, 8, false);
        return _c[0];
    }
}
