using System;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>Gradient(inputs, targets, gradient, threads): the batch split over threads, deterministic, allocation-free after the first call.</summary>
public class ThreadedGradientTests
{
    private static (double[] X, double[] T) Rows(int rows, int inputs, int outputs, int seed)
    {
        var random = new Random(seed);
        double[] x = Enumerable.Range(0, rows * inputs).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] t = new double[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            t[(r * outputs) + random.Next(outputs)] = 1;
        }

        return (x, t);
    }

    [Theory]
    [InlineData(2, 1000)]
    [InlineData(3, 1000)]
    [InlineData(2, 257)]
    [InlineData(4, 100)] // too few rows per thread: the calling thread alone
    public void TheLoopFormSplitMatchesOneThreadAndRepeatsBitForBit(int threads, int rows)
    {
        var net = new DoubleLoopSoftmaxNet();
        net.Initialize(threads + rows);
        (double[] x, double[] t) = Rows(rows, 5, 3, rows);
        double[] one = new double[net.Parameters.Length];
        double oneLoss = net.Gradient(x, t, one);
        double[] split = Enumerable.Repeat(double.NaN, one.Length).ToArray();
        double splitLoss = net.Gradient(x, t, split, threads);
        GradientTests.AssertClose(oneLoss, splitLoss, 1e-12, "loss");
        double scale = one.Max(Math.Abs);
        for (int i = 0; i < one.Length; i++)
        {
            GradientTests.AssertClose(one[i] / scale, split[i] / scale, 1e-12, $"∂L/∂θ{i}");
        }

        for (int repeat = 0; repeat < 20; repeat++)
        {
            double[] again = new double[one.Length];
            Assert.Equal(splitLoss, net.Gradient(x, t, again, threads));
            Assert.Equal(split, again); // the same thread count gives the same bits, whatever the scheduling
        }
    }

    [Fact]
    public void TheStraightLineFormSplitsToo()
    {
        var net = new DoubleSoftmaxNet();
        net.Initialize(2);
        (double[] x, double[] t) = Rows(700, 3, 3, 7);
        double[] one = new double[net.Parameters.Length], two = new double[one.Length];
        double l1 = net.Gradient(x, t, one);
        double l2 = net.Gradient(x, t, two, 2);
        GradientTests.AssertClose(l1, l2, 1e-12, "loss");
        for (int i = 0; i < one.Length; i++)
        {
            GradientTests.AssertClose(one[i], two[i], 1e-12, $"∂L/∂θ{i}");
        }
    }

    [Fact]
    public void FloatNetworksSplitToo()
    {
        var net = new FloatLoopSoftmaxNet();
        net.Initialize(3);
        (double[] xd, double[] td) = Rows(600, 5, 3, 9);
        float[] x = xd.Select(v => (float)v).ToArray(), t = td.Select(v => (float)v).ToArray();
        float[] one = new float[net.Parameters.Length], two = new float[one.Length];
        float l1 = net.Gradient(x, t, one);
        float l2 = net.Gradient(x, t, two, 2);
        Assert.True(Math.Abs(l1 - l2) <= 1e-4 * Math.Abs(l1));
        float scale = one.Max(Math.Abs);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.True(Math.Abs(one[i] - two[i]) <= 1e-4 * scale, $"∂L/∂θ{i}: {two[i]} vs {one[i]}");
        }
    }

    [Theory]
    [InlineData(16_777_217)] // threads · 128 overflows int
    [InlineData(int.MaxValue)]
    public void AHugeThreadCountRunsOnTheCallingThreadAsDocumented(int threads)
    {
        // Fewer than 128 rows per thread: the one-thread path, bit for bit, without buffers per thread.
        var net = new DoubleLoopSoftmaxNet();
        net.Initialize(5);
        (double[] x, double[] t) = Rows(1000, 5, 3, 2);
        double[] one = new double[net.Parameters.Length], huge = new double[net.Parameters.Length];
        double loss = net.Gradient(x, t, one);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(loss, net.Gradient(x, t, huge, threads));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 1 << 16, "buffers were made for the requested threads");
        Assert.Equal(one, huge);
    }

    [Fact]
    public void BadArgumentsAreRefusedBeforeAnythingIsWritten()
    {
        var net = new DoubleLoopSoftmaxNet();
        (double[] x, double[] t) = Rows(300, 5, 3, 1);
        double[] g = Enumerable.Repeat(7.0, net.Parameters.Length).ToArray();
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Gradient(x, t, g, 0));
        Assert.Throws<ArgumentException>(() => net.Gradient(x, t.AsSpan(1).ToArray(), g, 2));
        Assert.Throws<ArgumentException>(() => net.Gradient(x, t, new double[3], 2));
        Assert.All(g, v => Assert.Equal(7.0, v));
    }

    [Fact]
    public void AfterTheFirstCallASplitAllocatesNothingOnTheCallingThread()
    {
        var net = new DoubleLoopSoftmaxNet();
        net.Initialize(5);
        (double[] x, double[] t) = Rows(512, 5, 3, 2);
        double[] g = new double[net.Parameters.Length];
        void Once() => net.Gradient(x, t, g, 2);
        for (int i = 0; i < 50; i++)
        {
            Once();
        }

        AllocationTests.AssertNoAllocation(Once, calls: 200);
    }
}
