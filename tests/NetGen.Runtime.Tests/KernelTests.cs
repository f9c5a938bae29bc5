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

    /// <summary>
    /// The block path's tanh and sigmoid give each element the same bits wherever it lies in the buffer
    /// (TensorPrimitives' result moved with the address), within a few ulp of the exact value.
    /// </summary>
    [Fact]
    public void TanhAndSigmoidOfABlockDependOnlyOnTheValue()
    {
        var random = new Random(11);
        double[] values = new double[37];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextDouble() - 0.5) * (i % 3 == 0 ? 1e-4 : 6);
        }

        double[] reference = new double[values.Length], sigmoid = new double[values.Length];
        NetGen.CompilerServices.Activations.Tanh<double>(values, reference);
        NetGen.CompilerServices.Activations.Sigmoid<double>(values, sigmoid);
        for (int offset = 1; offset < 9; offset++)
        {
            double[] buffer = new double[values.Length + offset + 3];
            values.CopyTo(buffer, offset);
            NetGen.CompilerServices.Activations.Tanh(buffer.AsSpan(offset, values.Length), buffer.AsSpan(offset, values.Length));
            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(reference[i]), BitConverter.DoubleToInt64Bits(buffer[offset + i]));
            }

            values.CopyTo(buffer, offset);
            NetGen.CompilerServices.Activations.Sigmoid(buffer.AsSpan(offset, values.Length), buffer.AsSpan(offset, values.Length));
            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(sigmoid[i]), BitConverter.DoubleToInt64Bits(buffer[offset + i]));
            }
        }

        for (int i = 0; i < values.Length; i++)
        {
            double exact = Math.Tanh(values[i]);
            Assert.True(Math.Abs(reference[i] - exact) <= 4 * Math.BitIncrement(Math.Abs(exact)) - 4 * Math.Abs(exact) + 1e-300, $"tanh({values[i]:R}) = {reference[i]:R}, Math.Tanh {exact:R}");
            double logistic = 1 / (1 + Math.Exp(-values[i]));
            Assert.True(Math.Abs(sigmoid[i] - logistic) <= 4e-16 * logistic, $"sigmoid({values[i]:R}) = {sigmoid[i]:R}, 1/(1 + e^−x) {logistic:R}");
        }
    }
}
