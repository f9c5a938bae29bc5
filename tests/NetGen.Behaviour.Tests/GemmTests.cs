using System;
using System.Linq;
using NetGen.CompilerServices;
using Xunit;

namespace NetGen.Tests;

/// <summary>The loop form's matrix kernels against the triple loop, for every tile and tail shape.</summary>
public class GemmTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        int[] sizes = { 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 31, 33 };
        var random = new Random(5);
        foreach (int m in sizes)
        {
            foreach (int n in sizes)
            {
                data.Add(m, n, sizes[random.Next(sizes.Length)]);
            }
        }

        data.Add(37, 128, 70);

        // The 6-row tiles and how rows are shared between 6- and 4-row tiles (m % 6 = 2 takes two 4-row tiles).
        foreach (int m in new[] { 6, 10, 12, 13, 14, 18, 20, 26, 32, 38, 44 })
        {
            data.Add(m, m % 2 == 0 ? 32 : 72, 3 + (m % 7));
        }

        // Past one block of rows (32) and of depth (128), with partial blocks of each and a column tail.
        data.Add(70, 72, 300);
        data.Add(36, 64, 129);
        data.Add(64, 33, 256);
        data.Add(0, 5, 3);
        data.Add(3, 4, 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DoubleProductsMatchTheTripleLoopWithEveryTail(int m, int n, int k)
    {
        var random = new Random((m * 1000) + (n * 10) + k);
        foreach (bool transpose in new[] { false, true })
        {
            foreach (bool accumulate in new[] { false, true })
            {
                int lda = (transpose ? m : k) + 2, ldb = n + 1, ldc = n + 3;
                double[] a = Fill(random, ((transpose ? k : m) * lda) + 1);
                double[] b = Fill(random, (k * ldb) + 1);
                double[] c = Fill(random, (m * ldc) + 1);
                double[] expected = (double[])c.Clone();
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        double sum = 0, scale = 0;
                        for (int p = 0; p < k; p++)
                        {
                            double x = transpose ? a[(p * lda) + i] : a[(i * lda) + p];
                            sum += x * b[(p * ldb) + j];
                            scale += Math.Abs(x * b[(p * ldb) + j]);
                        }

                        expected[(i * ldc) + j] = (accumulate ? expected[(i * ldc) + j] : 0) + sum;
                    }
                }

                double[] actual = (double[])c.Clone();
                Gemm.Multiply<double>(m, n, k, a, lda, transpose, b, ldb, actual, ldc, accumulate);
                for (int i = 0; i < actual.Length; i++)
                {
                    bool inside = i < m * ldc && i % ldc < n;
                    if (!inside)
                    {
                        Assert.Equal(c[i], actual[i]); // padding and the rest are untouched
                    }
                    else
                    {
                        Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-13 * (k + 2), $"C[{i / ldc}, {i % ldc}] (transpose {transpose}, accumulate {accumulate}): {actual[i]} vs {expected[i]}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(5, 19, 7)]
    [InlineData(16, 40, 33)]
    [InlineData(1, 3, 1)]
    [InlineData(14, 72, 20)]   // float's 6-row tiles (a panel is 64 floats)
    [InlineData(38, 130, 140)] // blocks of rows and of depth, a column tail
    [InlineData(8, 9, 300)]    // a tail column (of a transposed A: a convolution's ∂W)
    [InlineData(20, 17, 500)]
    public void FloatProductsMatchTheTripleLoopInDouble(int m, int n, int k)
    {
        var random = new Random(m + n + k);
        foreach (bool transpose in new[] { false, true })
        {
            int lda = transpose ? m : k;
            float[] a = Fill(random, m * k).Select(v => (float)v).ToArray();
            float[] b = Fill(random, k * n).Select(v => (float)v).ToArray();
            float[] c = new float[m * n];
            Gemm.Multiply<float>(m, n, k, a, lda, transpose, b, n, c, n, false);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < k; p++)
                    {
                        sum += (double)(transpose ? a[(p * lda) + i] : a[(i * lda) + p]) * b[(p * n) + j];
                    }

                    Assert.True(Math.Abs(sum - c[(i * n) + j]) <= 1e-6 * k, $"C[{i}, {j}] (transpose {transpose}): {c[(i * n) + j]} vs {sum}");
                }
            }
        }
    }

    [Fact]
    public void TransposeMovesEveryElementAndShortSpansAreRefusedBeforeWriting()
    {
        double[] a = Enumerable.Range(0, 7 * 5).Select(i => (double)i).ToArray();
        double[] b = new double[5 * 9];
        Gemm.Transpose<double>(7, 5, a, 5, b, 9);
        for (int i = 0; i < 7; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(a[(i * 5) + j], b[(j * 9) + i]);
            }
        }

        double[] c = { 4, 4, 4 };
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<double>(2, 2, 2, new double[4], 2, false, new double[4], 2, c, 2, false));
        Assert.Equal(new double[] { 4, 4, 4 }, c);
    }

    [Fact]
    public void TheKernelAllocatesNothing()
    {
        double[] a = new double[64 * 70], b = new double[70 * 40], c = new double[64 * 40];
        void Once() => Gemm.Multiply<double>(64, 40, 70, a, 70, false, b, 40, c, 40, true);
        for (int i = 0; i < 100; i++)
        {
            Once();
        }

        AllocationTests.AssertNoAllocation(Once, calls: 200);
    }

    private static double[] Fill(Random random, int length) => Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();
}

/// <summary>
/// The loop form's batch members over blocks of rows: every partial block against the per-row members.
/// Blocks are 36 rows (six 6-row tiles): 35, 36 and 37 rows sit on the first block's edge, 38 leaves a
/// last block of 2 rows (two 4-row tiles cover 6q + 2), 72 is exactly two blocks.
/// </summary>
public class BlockTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(35)]
    [InlineData(36)]
    [InlineData(37)]
    [InlineData(38)]
    [InlineData(72)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(600)]
    public void BlockGradientsEqualTheSumOfPerRowGradientsForEveryPartialBlock(int rows)
    {
        var net = new NetGen.Tests.Networks.DoubleLoopSoftmaxNet();
        net.Initialize(rows);
        var random = new Random(rows);
        double[] x = Enumerable.Range(0, rows * 5).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] t = new double[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            t[(r * 3) + random.Next(3)] = 1;
        }

        double[] expected = new double[net.Parameters.Length];
        double expectedLoss = 0;
        for (int r = 0; r < rows; r++)
        {
            expectedLoss += net.AccumulateGradient(x.AsSpan(r * 5, 5), t.AsSpan(r * 3, 3), expected);
        }

        double[] actual = Enumerable.Repeat(double.NaN, net.Parameters.Length).ToArray();
        double loss = net.Gradient(x, t, actual);
        GradientTests.AssertClose(expectedLoss, loss, 1e-12, "loss");
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < actual.Length; i++)
        {
            GradientTests.AssertClose(expected[i] / scale, actual[i] / scale, 1e-12, $"∂L/∂θ{i}");
        }

        double[] outputs = new double[rows * 3];
        net.ForwardBatch(x, outputs);
        double[] y = new double[3];
        net.Forward(x.AsSpan((rows - 1) * 5, 5), y);
        for (int k = 0; k < 3; k++)
        {
            GradientTests.AssertClose(y[k], outputs[((rows - 1) * 3) + k], 1e-13, "last row's output");
        }

        Evaluation evaluation = net.Evaluate(x, t);
        GradientTests.AssertClose(expectedLoss / rows, evaluation.MeanLoss, 1e-12, "mean loss");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(300)]
    public void AStraightLineNetworkAboveTheBlockSizeRunsItsBatchMembersOverBlocks(int rows)
    {
        var net = new NetGen.Tests.Networks.HybridNet();
        net.Initialize(1);
        var random = new Random(rows);
        double[] x = Enumerable.Range(0, rows * 4).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] t = new double[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            t[(r * 3) + random.Next(3)] = 1;
        }

        double[] expected = new double[net.Parameters.Length];
        double expectedLoss = 0;
        for (int r = 0; r < rows; r++)
        {
            expectedLoss += net.AccumulateGradient(x.AsSpan(r * 4, 4), t.AsSpan(r * 3, 3), expected);
        }

        double[] actual = new double[expected.Length];
        GradientTests.AssertClose(expectedLoss, net.Gradient(x, t, actual), 1e-12, "loss");
        for (int i = 0; i < actual.Length; i++)
        {
            GradientTests.AssertClose(expected[i], actual[i], 1e-12, $"∂L/∂θ{i}");
        }

        string source = System.IO.File.ReadAllText(System.IO.Directory.GetFiles(System.IO.Path.Combine(Assertions.Directory(typeof(BlockTests).Assembly, "TestProjectDirectory"), "obj"), "NetGen.Tests.Networks.HybridNet.*.g.cs", System.IO.SearchOption.AllDirectories)[0]);
        Assert.Contains("global::NetGen.CompilerServices.Gemm.Multiply<double>", source, StringComparison.Ordinal); // batch members over blocks
        Assert.Contains("double u1_0 = x_0 * w1_0_0", source, StringComparison.Ordinal); // per-sample members unrolled
    }

    [Fact]
    public void DifferentInstancesRunTheirBatchMembersOnDifferentThreadsAtOnce()
    {
        var random = new Random(3);
        double[] x = Enumerable.Range(0, 300 * 5).Select(_ => random.NextDouble()).ToArray();
        double[] t = new double[300 * 3];
        for (int r = 0; r < 300; r++)
        {
            t[r * 3] = 1;
        }

        var reference = new NetGen.Tests.Networks.DoubleLoopSoftmaxNet();
        reference.Initialize(9);
        double[] expected = new double[reference.Parameters.Length];
        reference.Gradient(x, t, expected);
        System.Threading.Tasks.Parallel.For(0, 8, _ =>
        {
            var net = new NetGen.Tests.Networks.DoubleLoopSoftmaxNet();
            net.Initialize(9);
            double[] g = new double[net.Parameters.Length];
            for (int i = 0; i < 20; i++)
            {
                net.Gradient(x, t, g);
                Assert.Equal(expected, g);
            }
        });
    }
}
