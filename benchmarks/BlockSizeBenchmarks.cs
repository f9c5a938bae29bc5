using System;
using BenchmarkDotNet.Attributes;
using NetGen.CompilerServices;

namespace NetGen.Benchmarks;

/// <summary>
/// How many rows a block should have: the matrix products of one 784-128-10 batch gradient
/// (forward x·W1 and z1·W2, backward z1ᵀ·d2, d2·W2ᵀ and xᵀ·d1) over 1,024 rows, taken in blocks of
/// each size. The generated code's <c>BlockRows</c> (<c>PreferredBlockRows</c>) comes from this run: the
/// products' register tiles are 6 rows high, so sizes that are multiples of 6 are measured beside the
/// powers of two.
/// </summary>
[MemoryDiagnoser]
public class BlockSizeBenchmarks
{
    private const int Rows = 1024;
    private double[] _x = Array.Empty<double>();
    private double[] _w1 = Array.Empty<double>();
    private double[] _w2 = Array.Empty<double>();
    private double[] _w2t = Array.Empty<double>();
    private double[] _g1 = Array.Empty<double>();
    private double[] _g2 = Array.Empty<double>();
    private double[] _u1 = Array.Empty<double>();
    private double[] _u2 = Array.Empty<double>();
    private double[] _d1 = Array.Empty<double>();

    [Params(24, 30, 32, 36, 42, 48, 60, 64, 128, 256)]
    public int Block { get; set; } = 256;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        double[] Fill(int n)
        {
            var a = new double[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = random.NextDouble() - 0.5;
            }

            return a;
        }

        _x = Fill(Rows * 784);
        _w1 = Fill(784 * 128);
        _w2 = Fill(128 * 10);
        _w2t = Fill(10 * 128);
        _g1 = new double[784 * 128];
        _g2 = new double[128 * 10];
        _u1 = new double[Block * 128];
        _u2 = new double[Block * 10];
        _d1 = new double[Block * 128];
    }

    [Benchmark(Description = "products of a 784-128-10 gradient, 1,024 rows")]
    public double Products()
    {
        for (int start = 0; start < Rows; start += Block)
        {
            int rows = Math.Min(Block, Rows - start);
            ReadOnlySpan<double> x = _x.AsSpan(start * 784, rows * 784);
            Gemm.Multiply<double>(rows, 128, 784, x, 784, false, _w1, 128, _u1.AsSpan(0, rows * 128), 128, false);
            Gemm.Multiply<double>(rows, 10, 128, _u1.AsSpan(0, rows * 128), 128, false, _w2, 10, _u2.AsSpan(0, rows * 10), 10, false);
            Gemm.Multiply<double>(128, 10, rows, _u1.AsSpan(0, rows * 128), 128, true, _u2.AsSpan(0, rows * 10), 10, _g2, 10, true);
            Gemm.Multiply<double>(rows, 128, 10, _u2.AsSpan(0, rows * 10), 10, false, _w2t, 128, _d1.AsSpan(0, rows * 128), 128, false);
            Gemm.Multiply<double>(784, 128, rows, x, 784, true, _d1.AsSpan(0, rows * 128), 128, _g1, 128, true);
        }

        return _g1[0];
    }
}
