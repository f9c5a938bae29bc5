using System;
using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// The patches (im2col) of a block of channel-last images: for image r and output pixel (y, x), row
    /// (r·OH + y)·OW + x of <paramref name="patches"/> holds in[y·s + i − p, x·s + j − p, c] at column (i·k + j)·C + c,
    /// 0 outside the image. In this order each kernel row of a patch is one contiguous run of k·C values of the image.
    /// </summary>
    public static void Patches<T>(ReadOnlySpan<T> x, int rows, int channels, int height, int width, int kernel, int stride, int padding, Span<T> patches)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outHeight = OutputSide(height, kernel, stride, padding), outWidth = OutputSide(width, kernel, stride, padding);
        int run = kernel * channels, depth = kernel * run, image = channels * height * width;
        Check(x.Length, rows, image, patches.Length, outHeight * outWidth * depth);
        // Element loops over refs (the lengths were checked above): a kernel row is often only a few values, where
        // a span copy's call costs more than the copy.
        // A run wholly inside the image is copied a vector at a time; its last vector may spill past the run into
        // the next entries of the patches, which are written after it (everything is written in ascending order),
        // so only where a vector would leave either span is the copy element by element.
        ref T to = ref MemoryMarshal.GetReference(patches);
        ref T from = ref MemoryMarshal.GetReference(x);
        int w = Vector256<T>.Count;
        bool vectors = Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported;
        long written = 0;
        for (int r = 0; r < rows; r++)
        {
            ref T source = ref Unsafe.Add(ref from, r * image);
            for (int oy = 0; oy < outHeight; oy++)
            {
                int y0 = (oy * stride) - padding;
                for (int ox = 0; ox < outWidth; ox++)
                {
                    int x0 = (ox * stride) - padding;
                    int first = Math.Max(0, -x0) * channels, last = Math.Max(0, Math.Min(kernel, width - x0)) * channels; // the run inside the image
                    for (int i = 0; i < kernel; i++, to = ref Unsafe.Add(ref to, run), written += run)
                    {
                        int iy = y0 + i, t = 0;
                        if (vectors && first == 0 && last == run && (uint)iy < (uint)height)
                        {
                            long at = ((long)r * image) + (((iy * width) + x0) * channels);
                            int copies = (run + w - 1) / w;
                            if (written + ((long)copies * w) <= patches.Length && at + ((long)copies * w) <= x.Length)
                            {
                                ref T pixels = ref Unsafe.Add(ref from, (nint)at);
                                for (int v = 0; v < copies; v++)
                                {
                                    Vector256.LoadUnsafe(ref pixels, (nuint)(v * w)).StoreUnsafe(ref to, (nuint)(v * w));
                                }

                                continue;
                            }
                        }

                        if ((uint)iy < (uint)height && first < last)
                        {
                            for (; t < first; t++)
                            {
                                Unsafe.Add(ref to, t) = T.Zero;
                            }

                            // from pixel (iy, x0 + first): inside the image, so every read is
                            ref T pixels = ref Unsafe.Add(ref source, (((iy * width) + x0) * channels) + first);
                            for (; t < last; t++)
                            {
                                Unsafe.Add(ref to, t) = Unsafe.Add(ref pixels, t - first);
                            }
                        }

                        for (; t < run; t++)
                        {
                            Unsafe.Add(ref to, t) = T.Zero;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Patches{T}"/> (col2im): overwrites <paramref name="dx"/> (channel-last) with the sum,
    /// over every patch entry that read a pixel, of that entry's adjoint in <paramref name="patches"/>.
    /// </summary>
    public static void AddPatches<T>(ReadOnlySpan<T> patches, int rows, int channels, int height, int width, int kernel, int stride, int padding, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outHeight = OutputSide(height, kernel, stride, padding), outWidth = OutputSide(width, kernel, stride, padding);
        int run = kernel * channels, depth = kernel * run, image = channels * height * width;
        Check(dx.Length, rows, image, patches.Length, outHeight * outWidth * depth);
        dx.Clear();
        int row = 0;
        for (int r = 0; r < rows; r++)
        {
            Span<T> target = dx.Slice(r * image, image);
            for (int oy = 0; oy < outHeight; oy++)
            {
                int y0 = (oy * stride) - padding;
                for (int ox = 0; ox < outWidth; ox++, row++)
                {
                    ReadOnlySpan<T> patch = patches.Slice(row * depth, depth);
                    int x0 = (ox * stride) - padding;
                    int first = Math.Max(0, -x0), last = Math.Min(kernel, width - x0);
                    if (first >= last)
                    {
                        continue;
                    }

                    for (int i = 0; i < kernel; i++)
                    {
                        int iy = y0 + i;
                        if ((uint)iy < (uint)height)
                        {
                            Span<T> to = target.Slice(((iy * width) + x0 + first) * channels, (last - first) * channels);
                            TensorPrimitives.Add(to, patch.Slice((i * run) + (first * channels), to.Length), to);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// A convolution's weights W [F, C, k, k] (PyTorch's order) in the order of <see cref="Patches{T}"/>' columns:
    /// <paramref name="transposed"/> (depth × F, for u = patches·Wᵀ) and <paramref name="permuted"/> (F × depth, for ∂patches = ∂u·W).
    /// </summary>
    public static void PermuteWeights<T>(ReadOnlySpan<T> w, int filters, int channels, int kernel, Span<T> transposed, Span<T> permuted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int area = kernel * kernel, depth = channels * area;
        Check(w.Length, 1, filters * depth, transposed.Length, filters * depth);
        Check(w.Length, 1, filters * depth, permuted.Length, filters * depth);
        for (int f = 0; f < filters; f++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int ij = 0; ij < area; ij++)
                {
                    T value = w[(f * depth) + (c * area) + ij];
                    int column = (ij * channels) + c;
                    permuted[(f * depth) + column] = value;
                    transposed[(column * filters) + f] = value;
                }
            }
        }
    }

    /// <summary>Adds ∂L/∂W of the patch order (F × depth, from ∂uᵀ·patches) into <paramref name="gradient"/> in PyTorch's order [F, C, k, k].</summary>
    public static void AddWeightGradient<T>(ReadOnlySpan<T> permuted, int filters, int channels, int kernel, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int area = kernel * kernel, depth = channels * area;
        Check(permuted.Length, 1, filters * depth, gradient.Length, filters * depth);
        for (int f = 0; f < filters; f++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int ij = 0; ij < area; ij++)
                {
                    gradient[(f * depth) + (c * area) + ij] += permuted[(f * depth) + (ij * channels) + c];
                }
            }
        }
    }

    /// <summary>
    /// Adds the bias b to each of the rows of u (rows × b.Length): for the narrow rows of a convolution (one per
    /// output pixel) several rows at a time, against a tile of the bias repeated.
    /// </summary>
    public static void AddBias<T>(Span<T> u, ReadOnlySpan<T> b, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = b.Length;
        Check(u.Length, rows, n, 0, 0);
        int per = Math.Max(1, TileLength / Math.Max(1, n));
        Span<T> tile = stackalloc T[per * n];
        for (int r = 0; r < per; r++)
        {
            b.CopyTo(tile.Slice(r * n, n));
        }

        int row = 0;
        for (; row + per <= rows; row += per)
        {
            Span<T> chunk = u.Slice(row * n, per * n);
            TensorPrimitives.Add(chunk, tile, chunk);
        }

        Span<T> rest = u.Slice(row * n);
        TensorPrimitives.Add(rest, tile.Slice(0, rest.Length), rest);
    }

    /// <summary>g ← g + Σ rows of d (rows × g.Length): a convolution's bias gradient, summed a tile of rows at a time.</summary>
    public static void AddBiasGradient<T>(ReadOnlySpan<T> d, Span<T> g, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length;
        Check(d.Length, rows, n, 0, 0);
        int per = Math.Max(1, TileLength / Math.Max(1, n));
        Span<T> sum = stackalloc T[per * n];
        sum.Clear();
        int row = 0;
        for (; row + per <= rows; row += per)
        {
            TensorPrimitives.Add(sum, d.Slice(row * n, per * n), sum);
        }

        ReadOnlySpan<T> rest = d.Slice(row * n);
        TensorPrimitives.Add(sum.Slice(0, rest.Length), rest, sum.Slice(0, rest.Length));
        for (int r = 0; r < per; r++)
        {
            TensorPrimitives.Add(g, sum.Slice(r * n, n), g);
        }
    }

    /// <summary>The numbers in a tile of bias rows: large enough that a tile is several vectors, small enough for the stack.</summary>
    private const int TileLength = 256;

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
                    if (channelsFirst)
                    {
                        for (int c = 0; c < channels; c++, o++)
                        {
                            output[o] = source[ArgMax(source, c * cs, oy * size, ox * size, size, ys, xs)];
                        }

                        continue;
                    }

                    // channel-last: the window's pixels in row-major order, each a run of the channels, a vector at a time
                    Span<T> max = output.Slice(o, channels);
                    int c0 = 0;
                    for (; c0 + Vector<T>.Count <= channels; c0 += Vector<T>.Count)
                    {
                        var m = new Vector<T>(T.NegativeInfinity);
                        for (int i = 0; i < size; i++)
                        {
                            for (int j = 0; j < size; j++)
                            {
                                var v = new Vector<T>(source.Slice((((((oy * size) + i) * width) + (ox * size) + j) * channels) + c0, Vector<T>.Count));
                                m = Vector.ConditionalSelect(Vector.GreaterThan(v, m) | ~Vector.Equals(v, v), v, m);
                            }
                        }

                        m.CopyTo(max.Slice(c0));
                    }

                    for (int c = c0; c < channels; c++)
                    {
                        T m = T.NegativeInfinity;
                        for (int i = 0; i < size; i++)
                        {
                            for (int j = 0; j < size; j++)
                            {
                                T value = source[(((((oy * size) + i) * width) + (ox * size) + j) * channels) + c];
                                if (value > m || T.IsNaN(value))
                                {
                                    m = value;
                                }
                            }
                        }

                        max[c] = m;
                    }

                    o += channels;
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="MaxPool{T}"/>: overwrites <paramref name="dx"/>, each window's adjoint going to the maximum
    /// the forward pass chose. Given the forward pass's <paramref name="output"/>, that is the window's first pixel equal to
    /// it (the windows do not overlap, so each pixel gets at most one adjoint), or its last NaN where the maximum is NaN.
    /// </summary>
    public static void MaxPoolBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> output, ReadOnlySpan<T> doutput, int rows, bool channelsFirst, int channels, int height, int width, int size, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outHeight = height / size, outWidth = width / size, image = channels * height * width;
        Check(x.Length, rows, image, doutput.Length, outHeight * outWidth * channels);
        Check(dx.Length, rows, image, output.Length, outHeight * outWidth * channels);
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
                    int c0 = 0;
                    if (!channelsFirst)
                    {
                        for (; c0 + Vector<T>.Count <= channels; c0 += Vector<T>.Count)
                        {
                            var m = new Vector<T>(output.Slice(o + c0, Vector<T>.Count));
                            if (!Vector.EqualsAll(m, m))
                            {
                                break; // a NaN maximum: the channels from here one at a time
                            }

                            var d = new Vector<T>(doutput.Slice(o + c0, Vector<T>.Count));
                            Vector<T> found = Vector<T>.Zero;
                            for (int i = 0; i < size; i++)
                            {
                                for (int j = 0; j < size; j++)
                                {
                                    int at = (((((oy * size) + i) * width) + (ox * size) + j) * channels) + c0;
                                    Vector<T> first = Vector.Equals(new Vector<T>(source.Slice(at, Vector<T>.Count)), m) & ~found;
                                    Vector.ConditionalSelect(first, d, Vector<T>.Zero).CopyTo(target.Slice(at));
                                    found |= first;
                                }
                            }
                        }
                    }

                    for (int c = c0; c < channels; c++)
                    {
                        target[ArgMax(source, c * cs, oy * size, ox * size, size, ys, xs)] += doutput[o + c];
                    }

                    o += channels;
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
                    int c0 = 0;
                    if (!channelsFirst)
                    {
                        // channel-last: a vector of channels at a time, each lane summed in the same order as one channel alone
                        for (; c0 + Vector<T>.Count <= channels; c0 += Vector<T>.Count, o += Vector<T>.Count)
                        {
                            Vector<T> sum = Vector<T>.Zero;
                            for (int i = 0; i < size; i++)
                            {
                                for (int j = 0; j < size; j++)
                                {
                                    sum += new Vector<T>(source.Slice((((((oy * size) + i) * width) + (ox * size) + j) * channels) + c0, Vector<T>.Count));
                                }
                            }

                            (sum / new Vector<T>(area)).CopyTo(output.Slice(o));
                        }
                    }

                    for (int c = c0; c < channels; c++, o++)
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
                    int c0 = 0;
                    if (!channelsFirst)
                    {
                        for (; c0 + Vector<T>.Count <= channels; c0 += Vector<T>.Count, o += Vector<T>.Count)
                        {
                            Vector<T> share = new Vector<T>(doutput.Slice(o, Vector<T>.Count)) / new Vector<T>(area);
                            for (int i = 0; i < size; i++)
                            {
                                for (int j = 0; j < size; j++)
                                {
                                    share.CopyTo(target.Slice((((((oy * size) + i) * width) + (ox * size) + j) * channels) + c0)); // the windows do not overlap
                                }
                            }
                        }
                    }

                    for (int c = c0; c < channels; c++, o++)
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
