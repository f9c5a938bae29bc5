using System;
using System.Linq;
using NetGen.CompilerServices;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The image kernels against independent element-by-element references: im2col and col2im by their definitions,
/// and channel-last max pooling (vectors, the forward output reused) against the channel-first path (one window
/// scan per channel), on data with ties, −∞ and NaN.
/// </summary>
public class ConvolutionTests
{
    [Theory]
    [InlineData(1, 5, 6, 3, 1, 1)]
    [InlineData(3, 7, 5, 2, 2, 0)]
    [InlineData(2, 4, 4, 3, 3, 2)]
    public void PatchesAndTheirAdjointFollowTheirDefinitions(int channels, int height, int width, int kernel, int stride, int padding)
    {
        const int rows = 2;
        int oh = Convolution.OutputSide(height, kernel, stride, padding), ow = Convolution.OutputSide(width, kernel, stride, padding);
        int depth = channels * kernel * kernel, image = channels * height * width;
        double[] x = Enumerable.Range(0, rows * image).Select(i => (double)(i + 1)).ToArray(); // channel-last
        var patches = new double[rows * oh * ow * depth];
        Convolution.Patches<double>(x, rows, channels, height, width, kernel, stride, padding, patches);
        double Pixel(int r, int y, int xx, int c) => y < 0 || y >= height || xx < 0 || xx >= width ? 0 : x[(r * image) + (((y * width) + xx) * channels) + c];
        var adjoint = new double[patches.Length];
        var random = new Random(3);
        var expectedDx = new double[x.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int y = 0; y < oh; y++)
            {
                for (int xx = 0; xx < ow; xx++)
                {
                    for (int i = 0; i < kernel; i++)
                    {
                        for (int j = 0; j < kernel; j++)
                        {
                            for (int c = 0; c < channels; c++)
                            {
                                int at = (((((r * oh) + y) * ow) + xx) * depth) + (((i * kernel) + j) * channels) + c;
                                int iy = (y * stride) + i - padding, ix = (xx * stride) + j - padding;
                                Assert.Equal(Pixel(r, iy, ix, c), patches[at]);
                                adjoint[at] = random.NextDouble();
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                                {
                                    expectedDx[(r * image) + (((iy * width) + ix) * channels) + c] += adjoint[at];
                                }
                            }
                        }
                    }
                }
            }
        }

        double[] dx = Enumerable.Repeat(double.NaN, x.Length).ToArray(); // overwritten, not added to
        Convolution.AddPatches<double>(adjoint, rows, channels, height, width, kernel, stride, padding, dx);
        for (int i = 0; i < dx.Length; i++)
        {
            Assert.Equal(expectedDx[i], dx[i], 1e-12);
        }
    }

    [Theory]
    [InlineData(8, 2)]
    [InlineData(5, 3)]
    [InlineData(16, 2)]
    public void ChannelLastPoolingIsTheScalarPathsWithTiesInfinitiesAndNaN(int channels, int size)
    {
        const int rows = 3, height = 7, width = 6;
        int image = channels * height * width, oh = height / size, ow = width / size;
        var random = new Random(channels);
        double[] first = Enumerable.Range(0, rows * image).Select(_ => random.Next(8) switch
        {
            0 => double.NaN,
            1 => double.NegativeInfinity,
            _ => random.Next(3) - 1.0, // few values: many ties
        }).ToArray();
        var last = new double[first.Length];
        Convolution.Reorder<double>(first, rows, height * width, channels, false, last);
        var expected = new double[rows * oh * ow * channels];
        var actual = new double[expected.Length];
        Convolution.MaxPool<double>(first, rows, true, channels, height, width, size, expected);
        Convolution.MaxPool<double>(last, rows, false, channels, height, width, size, actual);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));

        double[] d = Enumerable.Range(0, expected.Length).Select(i => (double)(i + 1)).ToArray();
        var dxFirst = new double[first.Length];
        var dxLast = new double[first.Length];
        Convolution.MaxPoolBackward<double>(first, expected, d, rows, true, channels, height, width, size, dxFirst);
        Convolution.MaxPoolBackward<double>(last, actual, d, rows, false, channels, height, width, size, dxLast);
        var reordered = new double[first.Length];
        Convolution.Reorder<double>(dxLast, rows, height * width, channels, true, reordered);
        Assert.Equal(dxFirst, reordered);
        Assert.Equal(d.Sum(), dxFirst.Sum()); // every window's adjoint lands once

        // Average pooling: the vector path sums each lane in the scalar path's order, so the bits agree.
        double[] finite = first.Select(v => double.IsFinite(v) ? v : 0.5).ToArray();
        var finiteLast = new double[finite.Length];
        Convolution.Reorder<double>(finite, rows, height * width, channels, false, finiteLast);
        Convolution.AvgPool<double>(finite, rows, true, channels, height, width, size, expected);
        Convolution.AvgPool<double>(finiteLast, rows, false, channels, height, width, size, actual);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
        Convolution.AvgPoolBackward<double>(d, rows, true, channels, height, width, size, dxFirst);
        Convolution.AvgPoolBackward<double>(d, rows, false, channels, height, width, size, dxLast);
        Convolution.Reorder<double>(dxLast, rows, height * width, channels, true, reordered);
        Assert.Equal(dxFirst, reordered);
    }
}
