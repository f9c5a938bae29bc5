using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using NetGen.CompilerServices;

namespace NetGen.Benchmarks;

/// <summary>
/// A probe for issue 25's "lanes across rows where images are tiny", not wired into the generator: the first
/// convolution of a tiny-image network (1 × 8 × 8, 3 × 3, padding 1) over one block of 36 images, forward
/// (u, channel-last as the generated code keeps it) and ∂W, computed as the generated code does (im2col
/// <see cref="Convolution.Patches"/> + <see cref="Gemm.Multiply{T}"/>) and directly with one image per
/// <see cref="Vector512{T}"/> lane (the block transposed to pixel × image once, no patches; ∂W as lane dot
/// products over a transposed ∂u). Both are checked against each other in setup.
/// </summary>
[MemoryDiagnoser]
public class LanesConvolutionProbe
{
    private const int Rows = 36, Side = 8, Pixels = Side * Side, Kernel = 3, Taps = Kernel * Kernel;
    private const int Lanes = 40; // rows rounded up to whole 512-bit vectors of doubles; the extra lanes stay zero
    private double[] _x = Array.Empty<double>(), _w = Array.Empty<double>(), _wt = Array.Empty<double>();
    private double[] _patches = Array.Empty<double>(), _u = Array.Empty<double>(), _du = Array.Empty<double>(), _dw = Array.Empty<double>();
    private double[] _xt = Array.Empty<double>(), _dut = Array.Empty<double>();

    [Params(4, 16)]
    public int Filters { get; set; } = 4;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        double[] Fill(int n)
        {
            var a = new double[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = random.NextDouble() - 0.5;
            }

            return a;
        }

        _x = Fill(Rows * Pixels);
        _w = Fill(Filters * Taps);   // PyTorch's [F, 1, 3, 3]
        _wt = new double[Taps * Filters];
        Gemm.Transpose<double>(Filters, Taps, _w, Taps, _wt, Filters);
        _du = Fill(Rows * Pixels * Filters);
        _patches = new double[Rows * Pixels * Taps];
        _u = new double[Rows * Pixels * Filters];
        _dw = new double[Filters * Taps];
        _xt = new double[Pixels * Lanes];
        _dut = new double[Pixels * Filters * Lanes];

        Im2Col();
        double[] u = (double[])_u.Clone(), dw = (double[])_dw.Clone();
        Array.Clear(_dw);
        LanesDirect();
        for (int i = 0; i < u.Length; i++)
        {
            Check(u[i], _u[i], "u", i);
        }

        for (int i = 0; i < dw.Length; i++)
        {
            Check(dw[i], _dw[i], "∂W", i);
        }

        Array.Clear(_u);
        LanesTuned();
        for (int i = 0; i < u.Length; i++)
        {
            Check(u[i], _u[i], "u (tuned)", i);
        }

        for (int i = 0; i < dw.Length; i++)
        {
            Check(dw[i], _dw[i], "∂W (tuned)", i);
        }
    }

    private static void Check(double expected, double actual, string what, int i)
    {
        if (Math.Abs(expected - actual) > 1e-12 * Math.Max(1, Math.Abs(expected)))
        {
            throw new InvalidOperationException($"{what}[{i}]: im2col {expected}, lanes {actual}");
        }
    }

    [Benchmark(Baseline = true, Description = "im2col + Gemm (as generated): u and ∂W of one block")]
    public double Im2Col()
    {
        Convolution.Patches<double>(_x, Rows, 1, Side, Side, Kernel, 1, 1, _patches);
        Gemm.Multiply<double>(Rows * Pixels, Filters, Taps, _patches, Taps, false, _wt, Filters, _u, Filters, false);
        Array.Clear(_dw);
        Gemm.Multiply<double>(Filters, Taps, Rows * Pixels, _du, Filters, true, _patches, Taps, _dw, Taps, true);
        return _u[0] + _dw[0];
    }

    [Benchmark(Description = "lanes across images, direct: u and ∂W of one block")]
    public double LanesDirect()
    {
        Gemm.Transpose<double>(Rows, Pixels, _x, Pixels, _xt, Lanes);
        int w = Vector512<double>.Count;
        for (int oy = 0; oy < Side; oy++)
        {
            for (int ox = 0; ox < Side; ox++)
            {
                int p = (oy * Side) + ox;
                for (int f = 0; f < Filters; f++)
                {
                    for (int chunk = 0; chunk < Lanes; chunk += w)
                    {
                        Vector512<double> acc = Vector512<double>.Zero;
                        for (int di = 0; di < Kernel; di++)
                        {
                            int iy = oy + di - 1;
                            if ((uint)iy >= Side)
                            {
                                continue;
                            }

                            for (int dj = 0; dj < Kernel; dj++)
                            {
                                int ix = ox + dj - 1;
                                if ((uint)ix < Side)
                                {
                                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(_w[(f * Taps) + (di * Kernel) + dj]), Vector512.Create(_xt, (((iy * Side) + ix) * Lanes) + chunk), acc);
                                }
                            }
                        }

                        for (int lane = 0; lane < w && chunk + lane < Rows; lane++)
                        {
                            _u[(((chunk + lane) * Pixels) + p) * Filters + f] = acc[lane];
                        }
                    }
                }
            }
        }

        // ∂W: ∂u transposed to (pixel, filter) × image, then one lane dot product per weight.
        Gemm.Transpose<double>(Rows, Pixels * Filters, _du, Pixels * Filters, _dut, Lanes);
        Array.Clear(_dw);
        for (int f = 0; f < Filters; f++)
        {
            for (int di = 0; di < Kernel; di++)
            {
                for (int dj = 0; dj < Kernel; dj++)
                {
                    Vector512<double> acc = Vector512<double>.Zero;
                    for (int oy = 0; oy < Side; oy++)
                    {
                        int iy = oy + di - 1;
                        if ((uint)iy >= Side)
                        {
                            continue;
                        }

                        for (int ox = 0; ox < Side; ox++)
                        {
                            int ix = ox + dj - 1;
                            if ((uint)ix >= Side)
                            {
                                continue;
                            }

                            int d = ((((oy * Side) + ox) * Filters) + f) * Lanes, s = ((iy * Side) + ix) * Lanes;
                            for (int chunk = 0; chunk < Lanes; chunk += w)
                            {
                                acc = Vector512.FusedMultiplyAdd(Vector512.Create(_dut, d + chunk), Vector512.Create(_xt, s + chunk), acc);
                            }
                        }
                    }

                    _dw[(f * Taps) + (di * Kernel) + dj] += Vector512.Sum(acc);
                }
            }
        }

        return _u[0] + _dw[0];
    }

    /// <summary>The same, tuned: four filters per pass in registers, each image vector loaded once per tap, unchecked loads.</summary>
    [Benchmark(Description = "lanes across images, direct, 4 filters per pass")]
    public double LanesTuned()
    {
        Gemm.Transpose<double>(Rows, Pixels, _x, Pixels, _xt, Lanes);
        ref double xt = ref MemoryMarshal.GetArrayDataReference(_xt);
        ref double wr = ref MemoryMarshal.GetArrayDataReference(_w);
        int w = Vector512<double>.Count;
        for (int f = 0; f < Filters; f += 4)
        {
            for (int oy = 0; oy < Side; oy++)
            {
                for (int ox = 0; ox < Side; ox++)
                {
                    int p = (oy * Side) + ox;
                    for (int chunk = 0; chunk < Lanes; chunk += w)
                    {
                        Vector512<double> a0 = Vector512<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
                        for (int di = 0; di < Kernel; di++)
                        {
                            int iy = oy + di - 1;
                            if ((uint)iy >= Side)
                            {
                                continue;
                            }

                            for (int dj = 0; dj < Kernel; dj++)
                            {
                                int ix = ox + dj - 1;
                                if ((uint)ix >= Side)
                                {
                                    continue;
                                }

                                Vector512<double> v = Vector512.LoadUnsafe(ref xt, (nuint)((((iy * Side) + ix) * Lanes) + chunk));
                                int tap = (di * Kernel) + dj;
                                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref wr, (f * Taps) + tap)), v, a0);
                                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref wr, ((f + 1) * Taps) + tap)), v, a1);
                                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref wr, ((f + 2) * Taps) + tap)), v, a2);
                                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref wr, ((f + 3) * Taps) + tap)), v, a3);
                            }
                        }

                        int lanes = Math.Min(w, Rows - chunk);
                        for (int lane = 0; lane < lanes; lane++)
                        {
                            int at = ((((chunk + lane) * Pixels) + p) * Filters) + f;
                            _u[at] = a0[lane];
                            _u[at + 1] = a1[lane];
                            _u[at + 2] = a2[lane];
                            _u[at + 3] = a3[lane];
                        }
                    }
                }
            }
        }

        Gemm.Transpose<double>(Rows, Pixels * Filters, _du, Pixels * Filters, _dut, Lanes);
        ref double dut = ref MemoryMarshal.GetArrayDataReference(_dut);
        Array.Clear(_dw);
        for (int f = 0; f < Filters; f += 4)
        {
            for (int tap = 0; tap < Taps; tap++)
            {
                int di = tap / Kernel, dj = tap % Kernel;
                Vector512<double> a0 = Vector512<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int oy = 0; oy < Side; oy++)
                {
                    int iy = oy + di - 1;
                    if ((uint)iy >= Side)
                    {
                        continue;
                    }

                    for (int ox = 0; ox < Side; ox++)
                    {
                        int ix = ox + dj - 1;
                        if ((uint)ix >= Side)
                        {
                            continue;
                        }

                        int d = ((((oy * Side) + ox) * Filters) + f) * Lanes, s = ((iy * Side) + ix) * Lanes;
                        for (int chunk = 0; chunk < Lanes; chunk += w)
                        {
                            Vector512<double> v = Vector512.LoadUnsafe(ref xt, (nuint)(s + chunk));
                            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dut, (nuint)(d + chunk)), v, a0);
                            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dut, (nuint)(d + Lanes + chunk)), v, a1);
                            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dut, (nuint)(d + (2 * Lanes) + chunk)), v, a2);
                            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dut, (nuint)(d + (3 * Lanes) + chunk)), v, a3);
                        }
                    }
                }

                _dw[(f * Taps) + tap] += Vector512.Sum(a0);
                _dw[((f + 1) * Taps) + tap] += Vector512.Sum(a1);
                _dw[((f + 2) * Taps) + tap] += Vector512.Sum(a2);
                _dw[((f + 3) * Taps) + tap] += Vector512.Sum(a3);
            }
        }

        return _u[0] + _dw[0];
    }
}
