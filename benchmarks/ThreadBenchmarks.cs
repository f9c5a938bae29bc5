using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// The opt-in threaded batch gradient, <c>Gradient(inputs, targets, gradient, threads: 2)</c>,
/// against the one-thread call on the same network and rows (checked equal to rounding in setup).
/// </summary>
[MemoryDiagnoser]
public class ThreadBenchmarks
{
    private Net16x32x32x4Loops _small = new();
    private Net784x128x10 _large = new();
    private double[] _x = Array.Empty<double>();
    private double[] _t = Array.Empty<double>();
    private double[] _gradient = Array.Empty<double>();

    [Params("16-32-32-4 @256", "16-32-32-4 @1024", "16-32-32-4 @4096", "784-128-10 @256", "784-128-10 @1024")]
    public string Case { get; set; } = "16-32-32-4 @1024";

    private bool Small => Case.StartsWith("16-", StringComparison.Ordinal);

    [GlobalSetup]
    public void Setup()
    {
        int batch = int.Parse(Case[(Case.IndexOf('@') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        _small = new Net16x32x32x4Loops();
        _large = new Net784x128x10();
        Span<double> parameters = Small ? _small.Parameters : _large.Parameters;
        Data.RandomParameters(parameters.Length, 8, 0.2).CopyTo(parameters);
        (_x, _t) = Small ? Data.Random(batch, 16, 4, false, seed: 3) : Data.Random(batch, 784, 10, true, seed: 3);
        _gradient = new double[parameters.Length];
        double[] split = new double[parameters.Length];
        double loss = Small ? _small.Gradient(_x, _t, _gradient) : _large.Gradient(_x, _t, _gradient);
        double splitLoss = Small ? _small.Gradient(_x, _t, split, 2) : _large.Gradient(_x, _t, split, 2);
        Data.Check("two threads", loss, _gradient, splitLoss, split);
    }

    [Benchmark(Baseline = true, Description = "1 thread")]
    public double OneThread() => Small ? _small.Gradient(_x, _t, _gradient) : _large.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "2 threads")]
    public double TwoThreads() => Small ? _small.Gradient(_x, _t, _gradient, 2) : _large.Gradient(_x, _t, _gradient, 2);
}
