using System;
using System.ComponentModel;
using System.Numerics;

namespace NetGen.CompilerServices;

/// <summary>
/// The image kernels of convolutional networks, over blocks of rows (images), allocation-free. A block
/// of images is read either channel-first (the network's input: value (c, y, x) of image r at
/// r·C·H·W + c·H·W + y·W + x) or channel-last (every image layer's output: at r·C·H·W + (y·W + x)·C + c),
/// so that a convolution over a block is one matrix product of its patches (<see cref="Patches{T}"/>,
/// one row per output pixel, columns in PyTorch's weight order (c, i, j)) with Wᵀ, and its output is
/// already channel-last. Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Convolution
{
    /// <summary>⌊(n + 2p − k)/s⌋ + 1: the output side of a kernel k with stride s and padding p over n.</summary>
    public static int OutputSide(int n, int kernel, int stride, int padding) => ((n + (2 * padding) - kernel) / stride) + 1;

    /// <summary>
    /// The patches (im2col) of a block: for image r and output pixel (y, x), row (r·OH + y)·OW + x of
    /// <paramref name="patches"/> holds in[c, y·s + i − p, x·s + j − p] at column (c·k + i)·k + j, 0 outside the image.
    /// </summary>
    public static void Patches<T>(ReadOnlySpan<T> x, int rows, bool channelsFirst, int channels, int height, int width, int kernel, int stride, int padding, Span<T> patches)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outHeight = OutputSide(height, kernel, stride, padding), outWidth = OutputSide(width, kernel, stride, padding);
        int depth = channels * kernel * kernel, image = channels * height * width;
        Check(x.Length, rows, image, patches.Length, outHeight * outWidth * depth);
        (int cs, int ys, int xs) = Strides(channelsFirst, channels, height, width);
        int row = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> source = x.Slice(r * image, image);
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++, row++)
                {
                    Span<T> patch = patches.Slice(row * depth, depth);
                    int y0 = (oy * stride) - padding, x0 = (ox * stride) - padding;
                    bool inside = x0 >= 0 && x0 + kernel <= width;
                    for (int c = 0; c < channels; c++)
                    {
                        for (int i = 0; i < kernel; i++)
                        {
                            Span<T> to = patch.Slice(((c * kernel) + i) * kernel, kernel);
                            int iy = y0 + i;
                            if ((uint)iy >= (uint)height)
                            {
                                to.Clear();
                                continue;
                            }

                            int from = (c * cs) + (iy * ys);
                            if (inside && xs == 1)
                            {
                                source.Slice(from + x0, kernel).CopyTo(to);
                                continue;
                            }

                            for (int j = 0; j < kernel; j++)
                            {
                                int ix = x0 + j;
                                to[j] = (uint)ix < (uint)width ? source[from + (ix * xs)] : T.Zero;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Patches{T}"/> (col2im): overwrites <paramref name="dx"/> with the sum, over every
    /// patch entry that read a pixel, of that entry's adjoint in <paramref name="patches"/>.
    /// </summary>
    public static void AddPatches<T>(ReadOnlySpan<T> patches, int rows, bool channelsFirst, int channels, int height, int width, int kernel, int stride, int padding, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outHeight = OutputSide(height, kernel, stride, padding), outWidth = OutputSide(width, kernel, stride, padding);
        int depth = channels * kernel * kernel, image = channels * height * width;
        Check(dx.Length, rows, image, patches.Length, outHeight * outWidth * depth);
        (int cs, int ys, int xs) = Strides(channelsFirst, channels, height, width);
        dx.Clear();
        int row = 0;
        for (int r = 0; r < rows; r++)
        {
            Span<T> target = dx.Slice(r * image, image);
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++, row++)
                {
                    ReadOnlySpan<T> patch = patches.Slice(row * depth, depth);
                    int y0 = (oy * stride) - padding, x0 = (ox * stride) - padding;
                    for (int c = 0; c < channels; c++)
                    {
                        for (int i = 0; i < kernel; i++)
                        {
                            int iy = y0 + i;
                            if ((uint)iy >= (uint)height)
                            {
                                continue;
                            }

                            ReadOnlySpan<T> from = patch.Slice(((c * kernel) + i) * kernel, kernel);
                            int to = (c * cs) + (iy * ys);
                            for (int j = 0; j < kernel; j++)
                            {
                                int ix = x0 + j;
                                if ((uint)ix < (uint)width)
                                {
                                    target[to + (ix * xs)] += from[j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Max pooling over size × size windows with stride size, into a channel-last block. As PyTorch's CPU
    /// kernel: a value replaces the running maximum when it is greater or NaN, so ties keep the first maximum
    /// in row-major window order and a NaN wins.
    /// </summary>
    public static void MaxPool<T>(ReadOnlySpan<T> x, int rows, bool channelsFirst, int channels, int height, int width, int size, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outHeight = height / size, outWidth = width / size, image = channels * height * width;
        Check(x.Length, rows, image, output.Length, outHeight * outWidth * channels);
        (int cs, int ys, int xs) = Strides(channelsFirst, channels, height, width);
        int o = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> source = x.Slice(r * image, image);
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    for (int c = 0; c < channels; c++, o++)
                    {
                        output[o] = source[ArgMax(source, c * cs, oy * size, ox * size, size, ys, xs)];
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="MaxPool{T}"/>: overwrites <paramref name="dx"/>, each window's adjoint going to the maximum the forward pass chose.</summary>
    public static void MaxPoolBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> doutput, int rows, bool channelsFirst, int channels, int height, int width, int size, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outHeight = height / size, outWidth = width / size, image = channels * height * width;
        Check(x.Length, rows, image, doutput.Length, outHeight * outWidth * channels);
        Check(dx.Length, rows, image, doutput.Length, outHeight * outWidth * channels);
        (int cs, int ys, int xs) = Strides(channelsFirst, channels, height, width);
        dx.Clear();
        int o = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> source = x.Slice(r * image, image);
            Span<T> target = dx.Slice(r * image, image);
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    for (int c = 0; c < channels; c++, o++)
                    {
                        target[ArgMax(source, c * cs, oy * size, ox * size, size, ys, xs)] += doutput[o];
                    }
                }
            }
        }
    }

    /// <summary>Average pooling over size × size windows with stride size, into a channel-last block: the window's sum in row-major order, divided by size².</summary>
    public static void AvgPool<T>(ReadOnlySpan<T> x, int rows, bool channelsFirst, int channels, int height, int width, int size, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outHeight = height / size, outWidth = width / size, image = channels * height * width;
        Check(x.Length, rows, image, output.Length, outHeight * outWidth * channels);
        (int cs, int ys, int xs) = Strides(channelsFirst, channels, height, width);
        T area = T.CreateTruncating(size * size);
        int o = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> source = x.Slice(r * image, image);
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    for (int c = 0; c < channels; c++, o++)
                    {
                        T sum = T.Zero;
                        for (int i = 0; i < size; i++)
                        {
                            int from = (c * cs) + (((oy * size) + i) * ys) + (ox * size * xs);
                            for (int j = 0; j < size; j++)
                            {
                                sum += source[from + (j * xs)];
                            }
                        }

                        output[o] = sum / area;
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="AvgPool{T}"/>: overwrites <paramref name="dx"/>, each pixel of a window getting its adjoint / size² (pixels outside every window get 0).</summary>
    public static void AvgPoolBackward<T>(ReadOnlySpan<T> doutput, int rows, bool channelsFirst, int channels, int height, int width, int size, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outHeight = height / size, outWidth = width / size, image = channels * height * width;
        Check(dx.Length, rows, image, doutput.Length, outHeight * outWidth * channels);
        (int cs, int ys, int xs) = Strides(channelsFirst, channels, height, width);
        T area = T.CreateTruncating(size * size);
        dx.Clear();
        int o = 0;
        for (int r = 0; r < rows; r++)
        {
            Span<T> target = dx.Slice(r * image, image);
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    for (int c = 0; c < channels; c++, o++)
                    {
                        T share = doutput[o] / area;
                        for (int i = 0; i < size; i++)
                        {
                            int to = (c * cs) + (((oy * size) + i) * ys) + (ox * size * xs);
                            for (int j = 0; j < size; j++)
                            {
                                target[to + (j * xs)] += share;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Reorders a block of channel-last images (pixels × channels each) channel-first (channels × pixels each), as
    /// <c>torch.flatten</c> reads them; or back when <paramref name="toChannelsFirst"/> is false.
    /// </summary>
    public static void Reorder<T>(ReadOnlySpan<T> source, int rows, int pixels, int channels, bool toChannelsFirst, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int image = pixels * channels;
        Check(source.Length, rows, image, destination.Length, image);
        if (pixels == 1 || channels == 1)
        {
            source.CopyTo(destination);
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> from = source.Slice(r * image, image);
            Span<T> to = destination.Slice(r * image, image);
            if (toChannelsFirst)
            {
                Gemm.Transpose(pixels, channels, from, channels, to, pixels);
            }
            else
            {
                Gemm.Transpose(channels, pixels, from, pixels, to, channels);
            }
        }
    }

    /// <summary>The index in the image of the window's maximum: greater or NaN replaces, from −∞ at the window's first pixel.</summary>
    private static int ArgMax<T>(ReadOnlySpan<T> source, int channelStart, int y0, int x0, int size, int ys, int xs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = channelStart + (y0 * ys) + (x0 * xs);
        T max = T.NegativeInfinity;
        for (int i = 0; i < size; i++)
        {
            int from = channelStart + ((y0 + i) * ys) + (x0 * xs);
            for (int j = 0; j < size; j++)
            {
                T value = source[from + (j * xs)];
                if (value > max || T.IsNaN(value))
                {
                    max = value;
                    best = from + (j * xs);
                }
            }
        }

        return best;
    }

    /// <summary>(channel, row, column) strides of an image read channel-first or channel-last.</summary>
    private static (int Channel, int Row, int Column) Strides(bool channelsFirst, int channels, int height, int width) =>
        channelsFirst ? (height * width, width, 1) : (1, width * channels, channels);

    /// <summary>Both blocks hold <paramref name="rows"/> items of their sizes (the generated callers pass exact spans).</summary>
    private static void Check(int firstLength, int rows, int firstSize, int secondLength, int secondSize)
    {
        if ((long)rows * firstSize != firstLength)
        {
            Guard.ThrowLength("x", firstLength, rows * firstSize);
        }

        if ((long)rows * secondSize != secondLength)
        {
            Guard.ThrowLength("output", secondLength, rows * secondSize);
        }
    }
}
