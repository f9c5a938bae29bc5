using System;
using System.Diagnostics;
using System.Linq;
using NetGen.CompilerServices;
using Xunit;

namespace NetGen.Tests;



/// <summary>Runtime kernels and argument checks on their own.</summary>
public class KernelTests
{
    [Fact]
    public void LogOnePlusIsAccurateWhereOnePlusXRoundsAway()
    {
        foreach (double x in new[] { 1e-300, 3e-17, 1e-12, 2.8e-10, 1e-5, 0.5, 1.0, 2.0, 1e300 })
        {
            double value = Kernels.LogOnePlus(x);
            double expected = x < 1e-20 ? x : x <= 2.0 ? (double)HighPrecision.Log(1m + (decimal)x) : Math.Log(x); // log(1 + 1e300) = log(1e300) in double
            Assert.True(Math.Abs(value - expected) <= 2e-16 * Math.Abs(expected), $"log1p({x:R}) = {value:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void BatchLengthsCannotOverflowPastTheCheck()
    {
        // N = 1,073,741,824 rows would need N·3 targets: more than int.MaxValue, so no targets span matches.
        var ex = Assert.Throws<ArgumentException>(() => Guard.Batch(int.MaxValue - 1, 2, unchecked(1073741823 * 3), 3));
        Assert.Equal("targets", ex.ParamName);
        Assert.Equal(5, Guard.Batch(10, 2, 15, 3));
        Assert.Throws<ArgumentException>(() => Guard.Batch(11, 2, 15, 3));
        Assert.Throws<ArgumentException>(() => Guard.Batch(10, 2, 14, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Guard.Batch(10, 0, 14, 3));
    }
}
