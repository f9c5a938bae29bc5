using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.CompilerServices;

/// <summary>
/// The matrix kernels of the loop form's batch members: a register-tiled matrix product and a
/// transpose, over double or float, allocation-free. Matrices are row-major spans with a row stride.
/// Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Gemm
{
    /// <summary>Rows of C per register tile.</summary>
    private const int TileRows = 4;

    /// <summary>
    /// C ← op(A)·B, or C ← C + op(A)·B when <paramref name="accumulate"/>: C is m×n, op(A) is m×k
    /// (A itself when <paramref name="transposeA"/> is false, else A is k×m and op(A) = Aᵀ), B is k×n.
    /// </summary>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="a">A, row-major with row stride <paramref name="lda"/>.</param>
    /// <param name="lda">A's row stride.</param>
    /// <param name="transposeA">Whether op(A) is Aᵀ.</param>
    /// <param name="b">B, row-major with row stride <paramref name="ldb"/>.</param>
    /// <param name="ldb">B's row stride.</param>
    /// <param name="c">C, row-major with row stride <paramref name="ldc"/>.</param>
    /// <param name="ldc">C's row stride.</param>
    /// <param name="accumulate">Add to C rather than overwrite it.</param>
    public static void Multiply<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, bool transposeA, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), "Matrix dimensions must not be negative.");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        Check(nameof(a), a.Length, transposeA ? k : m, transposeA ? m : k, lda);
        Check(nameof(b), b.Length, k, n, ldb);
        Check(nameof(c), c.Length, m, n, ldc);
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        nint sa = transposeA ? 1 : lda; // step between rows of op(A)
        nint sp = transposeA ? lda : 1; // step along k in op(A)
        int panel = 4 * Vector512<T>.Count;
        if (m >= TileRows && Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= panel)
        {
            // By blocks of BlockRows rows and BlockDepth of k: each 4-vector column panel runs all the
            // block's row tiles over the same k-block of B, which stays in L1 for them instead of being
            // streamed from L2 once per row tile. A is read in place (measured: packing its rows cost more
            // than it saved). Partial sums of later k-blocks are added to C.
            int rows = m - (m % TileRows), columns = n - (n % panel);
            for (int i0 = 0; i0 < rows; i0 += BlockRows)
            {
                int blockRows = Math.Min(BlockRows, rows - i0);
                for (int p0 = 0; p0 < k; p0 += BlockDepth)
                {
                    int depth = Math.Min(BlockDepth, k - p0);
                    bool add = accumulate || p0 > 0;
                    for (int j = 0; j < columns; j += panel)
                    {
                        Panel512x4(blockRows, depth, ref Unsafe.Add(ref ra, (i0 * sa) + (p0 * sp)), sa, sp, ref Unsafe.Add(ref rb, (p0 * ldb) + j), ldb, ref Unsafe.Add(ref rc, (i0 * ldc) + j), ldc, add);
                    }
                }
            }

            if (columns < n)
            {
                Multiply(m, n - columns, k, ref ra, sa, sp, ref Unsafe.Add(ref rb, columns), ldb, ref Unsafe.Add(ref rc, columns), ldc, accumulate);
            }

            if (rows < m)
            {
                Multiply(m - rows, columns, k, ref Unsafe.Add(ref ra, rows * sa), sa, sp, ref rb, ldb, ref Unsafe.Add(ref rc, rows * ldc), ldc, accumulate);
            }

            return;
        }

        Multiply(m, n, k, ref ra, sa, sp, ref rb, ldb, ref rc, ldc, accumulate);
    }

    /// <summary>Rows of C per block (a multiple of <see cref="TileRows"/>).</summary>
    private const int BlockRows = 36;

    /// <summary>
    /// Depth of a k-block: a k-block of a column panel of B (128 × 32 doubles, 32 KB) is what a row tile
    /// streams; the block's 8 row tiles reuse it from L1. Measured on 784-128-10's products (one process,
    /// best of 7): 64, 128 and 256 within 3 % of each other, all 8–10 % above no blocking.
    /// </summary>
    private const int BlockDepth = 128;

    private static void Multiply<T>(int m, int n, int k, ref T ra, nint sa, nint sp, ref T rb, int ldb, ref T rc, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            int width = Vector512<T>.Count;
            for (; j + (4 * width) <= n; j += 4 * width)
            {
                Panel512x4(m, k, ref ra, sa, sp, ref Unsafe.Add(ref rb, j), ldb, ref Unsafe.Add(ref rc, j), ldc, accumulate);
            }

            for (; j + width <= n; j += width)
            {
                Panel512x1(m, k, ref ra, sa, sp, ref Unsafe.Add(ref rb, j), ldb, ref Unsafe.Add(ref rc, j), ldc, accumulate);
            }
        }

        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            int width = Vector256<T>.Count;
            for (; j + (2 * width) <= n; j += 2 * width)
            {
                Panel256x2(m, k, ref ra, sa, sp, ref Unsafe.Add(ref rb, j), ldb, ref Unsafe.Add(ref rc, j), ldc, accumulate);
            }

            for (; j + width <= n; j += width)
            {
                Panel256x1(m, k, ref ra, sa, sp, ref Unsafe.Add(ref rb, j), ldb, ref Unsafe.Add(ref rc, j), ldc, accumulate);
            }
        }

        for (; j < n; j++)
        {
            ScalarColumn(m, k, ref ra, sa, sp, ref Unsafe.Add(ref rb, j), ldb, ref Unsafe.Add(ref rc, j), ldc, accumulate);
        }
    }

    /// <summary>B ← Aᵀ: A is rows×columns with row stride <paramref name="lda"/>, B is columns×rows with row stride <paramref name="ldb"/>.</summary>
    public static void Transpose<T>(int rows, int columns, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
        where T : unmanaged
    {
        if (rows == 0 || columns == 0)
        {
            return;
        }

        Check(nameof(a), a.Length, rows, columns, lda);
        Check(nameof(b), b.Length, columns, rows, ldb);
        const int Block = 16; // tiles that stay in L1 on both sides
        for (int i0 = 0; i0 < rows; i0 += Block)
        {
            int i1 = Math.Min(rows, i0 + Block);
            for (int j0 = 0; j0 < columns; j0 += Block)
            {
                int j1 = Math.Min(columns, j0 + Block);
                for (int i = i0; i < i1; i++)
                {
                    for (int jj = j0; jj < j1; jj++)
                    {
                        b[(jj * ldb) + i] = a[(i * lda) + jj];
                    }
                }
            }
        }
    }

    private static void Check(string name, int length, int rows, int columns, int stride)
    {
        if (rows == 0 || columns == 0)
        {
            return;
        }

        if (stride < columns || (((long)(rows - 1) * stride) + columns) > length)
        {
            throw new ArgumentException($"'{name}' holds {length} values; a {rows}×{columns} matrix with row stride {stride} needs {((long)(rows - 1) * stride) + columns}.", name);
        }
    }

    /// <summary>
    /// Four vectors' worth of columns of C, all rows: tiles of 4 rows × 4 vectors, 16 accumulators in
    /// registers; each step of k loads 4 vectors of B and broadcasts 4 values of A for 16 FMAs. A's
    /// rows are reached from one reference by offsets, so that no address leaves a register.
    /// </summary>
    private static void Panel512x4<T>(int m, int k, ref T a, nint sa, nint sp, ref T b, nint ldb, ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint w = (nuint)Vector512<T>.Count;
        nint sa2 = 2 * sa, sa3 = 3 * sa;
        int i = 0;

        // Tiles of 6 rows, then of 4, so that as few rows as possible are left single: 32 rows are 4 × 6 + 2 × 4.
        int wide = m / WideTileRows;
        if (m % WideTileRows == 2 && wide > 0)
        {
            wide--;
        }

        for (; i < wide * WideTileRows; i += WideTileRows)
        {
            Tile6x4(k, ref Unsafe.Add(ref a, i * sa), sa, sp, ref b, ldb, ref Unsafe.Add(ref c, i * ldc), ldc, accumulate);
        }

        for (; i + TileRows <= m; i += TileRows)
        {
            ref T ai = ref Unsafe.Add(ref a, i * sa);
            Vector512<T> c00 = Vector512<T>.Zero, c01 = Vector512<T>.Zero, c02 = Vector512<T>.Zero, c03 = Vector512<T>.Zero;
            Vector512<T> c10 = Vector512<T>.Zero, c11 = Vector512<T>.Zero, c12 = Vector512<T>.Zero, c13 = Vector512<T>.Zero;
            Vector512<T> c20 = Vector512<T>.Zero, c21 = Vector512<T>.Zero, c22 = Vector512<T>.Zero, c23 = Vector512<T>.Zero;
            Vector512<T> c30 = Vector512<T>.Zero, c31 = Vector512<T>.Zero, c32 = Vector512<T>.Zero, c33 = Vector512<T>.Zero;
            ref T bp = ref b;
            ref T ap = ref ai;
            for (int p = k; p != 0; p--)
            {
                Vector512<T> b0 = Vector512.LoadUnsafe(ref bp);
                Vector512<T> b1 = Vector512.LoadUnsafe(ref bp, (nuint)Vector512<T>.Count);
                Vector512<T> b2 = Vector512.LoadUnsafe(ref bp, (nuint)(2 * Vector512<T>.Count));
                Vector512<T> b3 = Vector512.LoadUnsafe(ref bp, (nuint)(3 * Vector512<T>.Count));
                Vector512<T> x = Vector512.Create(ap);
                c00 = Lanes.MultiplyAdd(x, b0, c00);
                c01 = Lanes.MultiplyAdd(x, b1, c01);
                c02 = Lanes.MultiplyAdd(x, b2, c02);
                c03 = Lanes.MultiplyAdd(x, b3, c03);
                x = Vector512.Create(Unsafe.Add(ref ap, sa));
                c10 = Lanes.MultiplyAdd(x, b0, c10);
                c11 = Lanes.MultiplyAdd(x, b1, c11);
                c12 = Lanes.MultiplyAdd(x, b2, c12);
                c13 = Lanes.MultiplyAdd(x, b3, c13);
                x = Vector512.Create(Unsafe.Add(ref ap, sa2));
                c20 = Lanes.MultiplyAdd(x, b0, c20);
                c21 = Lanes.MultiplyAdd(x, b1, c21);
                c22 = Lanes.MultiplyAdd(x, b2, c22);
                c23 = Lanes.MultiplyAdd(x, b3, c23);
                x = Vector512.Create(Unsafe.Add(ref ap, sa3));
                c30 = Lanes.MultiplyAdd(x, b0, c30);
                c31 = Lanes.MultiplyAdd(x, b1, c31);
                c32 = Lanes.MultiplyAdd(x, b2, c32);
                c33 = Lanes.MultiplyAdd(x, b3, c33);
                bp = ref Unsafe.Add(ref bp, ldb);
                ap = ref Unsafe.Add(ref ap, sp);
            }

            ref T r = ref Unsafe.Add(ref c, i * ldc);
            Store4(ref r, c00, c01, c02, c03, accumulate);
            Store4(ref Unsafe.Add(ref r, ldc), c10, c11, c12, c13, accumulate);
            Store4(ref Unsafe.Add(ref r, 2 * ldc), c20, c21, c22, c23, accumulate);
            Store4(ref Unsafe.Add(ref r, 3 * ldc), c30, c31, c32, c33, accumulate);
        }

        for (; i < m; i++)
        {
            ref T ai = ref Unsafe.Add(ref a, i * sa);
            Vector512<T> c00 = Vector512<T>.Zero, c01 = Vector512<T>.Zero, c02 = Vector512<T>.Zero, c03 = Vector512<T>.Zero;
            ref T bp = ref b;
            nint ap = 0;
            for (int p = 0; p < k; p++)
            {
                Vector512<T> x = Vector512.Create(Unsafe.Add(ref ai, ap));
                c00 = Lanes.MultiplyAdd(x, Vector512.LoadUnsafe(ref bp), c00);
                c01 = Lanes.MultiplyAdd(x, Vector512.LoadUnsafe(ref bp, w), c01);
                c02 = Lanes.MultiplyAdd(x, Vector512.LoadUnsafe(ref bp, 2 * w), c02);
                c03 = Lanes.MultiplyAdd(x, Vector512.LoadUnsafe(ref bp, 3 * w), c03);
                bp = ref Unsafe.Add(ref bp, ldb);
                ap += sp;
            }

            Store4(ref Unsafe.Add(ref c, i * ldc), c00, c01, c02, c03, accumulate);
        }
    }

    /// <summary>Rows of C per tile of <see cref="Tile6x4{T}"/>: 24 accumulators, 4 of B and a broadcast fill 29 of the 32 vector registers.</summary>
    private const int WideTileRows = 6;

    /// <summary>
    /// One tile of 6 rows × 4 vectors of C over all of k: 24 fused multiply-adds per step for 4 loads of B and 6
    /// broadcasts of A (the 4-row tile does 16 for 4 and 4), so B is read from the caches 1.5 times less per flop.
    /// </summary>
    private static void Tile6x4<T>(int k, ref T ap, nint sa, nint sp, ref T bp, nint ldb, ref T r, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint w = (nuint)Vector512<T>.Count;
        nint sa2 = 2 * sa, sa3 = 3 * sa, sa4 = 4 * sa, sa5 = 5 * sa;
        Vector512<T> c00 = Vector512<T>.Zero, c01 = Vector512<T>.Zero, c02 = Vector512<T>.Zero, c03 = Vector512<T>.Zero;
        Vector512<T> c10 = Vector512<T>.Zero, c11 = Vector512<T>.Zero, c12 = Vector512<T>.Zero, c13 = Vector512<T>.Zero;
        Vector512<T> c20 = Vector512<T>.Zero, c21 = Vector512<T>.Zero, c22 = Vector512<T>.Zero, c23 = Vector512<T>.Zero;
        Vector512<T> c30 = Vector512<T>.Zero, c31 = Vector512<T>.Zero, c32 = Vector512<T>.Zero, c33 = Vector512<T>.Zero;
        Vector512<T> c40 = Vector512<T>.Zero, c41 = Vector512<T>.Zero, c42 = Vector512<T>.Zero, c43 = Vector512<T>.Zero;
        Vector512<T> c50 = Vector512<T>.Zero, c51 = Vector512<T>.Zero, c52 = Vector512<T>.Zero, c53 = Vector512<T>.Zero;
        for (int p = k; p != 0; p--)
        {
            Vector512<T> b0 = Vector512.LoadUnsafe(ref bp);
            Vector512<T> b1 = Vector512.LoadUnsafe(ref bp, w);
            Vector512<T> b2 = Vector512.LoadUnsafe(ref bp, 2 * w);
            Vector512<T> b3 = Vector512.LoadUnsafe(ref bp, 3 * w);
            Vector512<T> x = Vector512.Create(ap);
            c00 = Lanes.MultiplyAdd(x, b0, c00);
            c01 = Lanes.MultiplyAdd(x, b1, c01);
            c02 = Lanes.MultiplyAdd(x, b2, c02);
            c03 = Lanes.MultiplyAdd(x, b3, c03);
            x = Vector512.Create(Unsafe.Add(ref ap, sa));
            c10 = Lanes.MultiplyAdd(x, b0, c10);
            c11 = Lanes.MultiplyAdd(x, b1, c11);
            c12 = Lanes.MultiplyAdd(x, b2, c12);
            c13 = Lanes.MultiplyAdd(x, b3, c13);
            x = Vector512.Create(Unsafe.Add(ref ap, sa2));
            c20 = Lanes.MultiplyAdd(x, b0, c20);
            c21 = Lanes.MultiplyAdd(x, b1, c21);
            c22 = Lanes.MultiplyAdd(x, b2, c22);
            c23 = Lanes.MultiplyAdd(x, b3, c23);
            x = Vector512.Create(Unsafe.Add(ref ap, sa3));
            c30 = Lanes.MultiplyAdd(x, b0, c30);
            c31 = Lanes.MultiplyAdd(x, b1, c31);
            c32 = Lanes.MultiplyAdd(x, b2, c32);
            c33 = Lanes.MultiplyAdd(x, b3, c33);
            x = Vector512.Create(Unsafe.Add(ref ap, sa4));
            c40 = Lanes.MultiplyAdd(x, b0, c40);
            c41 = Lanes.MultiplyAdd(x, b1, c41);
            c42 = Lanes.MultiplyAdd(x, b2, c42);
            c43 = Lanes.MultiplyAdd(x, b3, c43);
            x = Vector512.Create(Unsafe.Add(ref ap, sa5));
            c50 = Lanes.MultiplyAdd(x, b0, c50);
            c51 = Lanes.MultiplyAdd(x, b1, c51);
            c52 = Lanes.MultiplyAdd(x, b2, c52);
            c53 = Lanes.MultiplyAdd(x, b3, c53);
            bp = ref Unsafe.Add(ref bp, ldb);
            ap = ref Unsafe.Add(ref ap, sp);
        }

        Store4(ref r, c00, c01, c02, c03, accumulate);
        Store4(ref Unsafe.Add(ref r, ldc), c10, c11, c12, c13, accumulate);
        Store4(ref Unsafe.Add(ref r, 2 * ldc), c20, c21, c22, c23, accumulate);
        Store4(ref Unsafe.Add(ref r, 3 * ldc), c30, c31, c32, c33, accumulate);
        Store4(ref Unsafe.Add(ref r, 4 * ldc), c40, c41, c42, c43, accumulate);
        Store4(ref Unsafe.Add(ref r, 5 * ldc), c50, c51, c52, c53, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4<T>(ref T row, Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, Vector512<T> v3, bool accumulate)
        where T : unmanaged
    {
        int w = Vector512<T>.Count;
        Store(ref row, v0, 0, accumulate);
        Store(ref row, v1, w, accumulate);
        Store(ref row, v2, 2 * w, accumulate);
        Store(ref row, v3, 3 * w, accumulate);
    }

    /// <summary>One vector's worth of columns of C, all rows: tiles of 4 rows × 1 vector.</summary>
    private static void Panel512x1<T>(int m, int k, ref T a, nint sa, nint sp, ref T b, nint ldb, ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint sa2 = 2 * sa, sa3 = 3 * sa;
        int i = 0;
        for (; i + TileRows <= m; i += TileRows)
        {
            ref T ai = ref Unsafe.Add(ref a, i * sa);
            Vector512<T> c0 = Vector512<T>.Zero, c1 = Vector512<T>.Zero, c2 = Vector512<T>.Zero, c3 = Vector512<T>.Zero;
            ref T bp = ref b;
            nint ap = 0;
            for (int p = 0; p < k; p++)
            {
                Vector512<T> b0 = Vector512.LoadUnsafe(ref bp);
                c0 = Lanes.MultiplyAdd(Vector512.Create(Unsafe.Add(ref ai, ap)), b0, c0);
                c1 = Lanes.MultiplyAdd(Vector512.Create(Unsafe.Add(ref ai, ap + sa)), b0, c1);
                c2 = Lanes.MultiplyAdd(Vector512.Create(Unsafe.Add(ref ai, ap + sa2)), b0, c2);
                c3 = Lanes.MultiplyAdd(Vector512.Create(Unsafe.Add(ref ai, ap + sa3)), b0, c3);
                bp = ref Unsafe.Add(ref bp, ldb);
                ap += sp;
            }

            ref T r = ref Unsafe.Add(ref c, i * ldc);
            Store(ref r, c0, 0, accumulate);
            Store(ref Unsafe.Add(ref r, ldc), c1, 0, accumulate);
            Store(ref Unsafe.Add(ref r, 2 * ldc), c2, 0, accumulate);
            Store(ref Unsafe.Add(ref r, 3 * ldc), c3, 0, accumulate);
        }

        for (; i < m; i++)
        {
            ref T a0 = ref Unsafe.Add(ref a, i * sa);
            Vector512<T> c0 = Vector512<T>.Zero;
            ref T bp = ref b;
            nint ap = 0;
            for (int p = 0; p < k; p++)
            {
                c0 = Lanes.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a0, ap)), Vector512.LoadUnsafe(ref bp), c0);
                bp = ref Unsafe.Add(ref bp, ldb);
                ap += sp;
            }

            Store(ref Unsafe.Add(ref c, i * ldc), c0, 0, accumulate);
        }
    }

    /// <summary>Two 256-bit vectors of columns of C, all rows: tiles of 4 rows × 2 vectors.</summary>
    private static void Panel256x2<T>(int m, int k, ref T a, nint sa, nint sp, ref T b, nint ldb, ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        nint sa2 = 2 * sa, sa3 = 3 * sa;
        int i = 0;
        for (; i + TileRows <= m; i += TileRows)
        {
            ref T ai = ref Unsafe.Add(ref a, i * sa);
            Vector256<T> c00 = Vector256<T>.Zero, c01 = Vector256<T>.Zero, c10 = Vector256<T>.Zero, c11 = Vector256<T>.Zero;
            Vector256<T> c20 = Vector256<T>.Zero, c21 = Vector256<T>.Zero, c30 = Vector256<T>.Zero, c31 = Vector256<T>.Zero;
            ref T bp = ref b;
            nint ap = 0;
            for (int p = 0; p < k; p++)
            {
                Vector256<T> b0 = Vector256.LoadUnsafe(ref bp);
                Vector256<T> b1 = Vector256.LoadUnsafe(ref bp, (nuint)w);
                Vector256<T> x = Vector256.Create(Unsafe.Add(ref ai, ap));
                c00 = Lanes.MultiplyAdd(x, b0, c00);
                c01 = Lanes.MultiplyAdd(x, b1, c01);
                x = Vector256.Create(Unsafe.Add(ref ai, ap + sa));
                c10 = Lanes.MultiplyAdd(x, b0, c10);
                c11 = Lanes.MultiplyAdd(x, b1, c11);
                x = Vector256.Create(Unsafe.Add(ref ai, ap + sa2));
                c20 = Lanes.MultiplyAdd(x, b0, c20);
                c21 = Lanes.MultiplyAdd(x, b1, c21);
                x = Vector256.Create(Unsafe.Add(ref ai, ap + sa3));
                c30 = Lanes.MultiplyAdd(x, b0, c30);
                c31 = Lanes.MultiplyAdd(x, b1, c31);
                bp = ref Unsafe.Add(ref bp, ldb);
                ap += sp;
            }

            ref T r = ref Unsafe.Add(ref c, i * ldc);
            Store(ref r, c00, 0, accumulate);
            Store(ref r, c01, w, accumulate);
            r = ref Unsafe.Add(ref r, ldc);
            Store(ref r, c10, 0, accumulate);
            Store(ref r, c11, w, accumulate);
            r = ref Unsafe.Add(ref r, ldc);
            Store(ref r, c20, 0, accumulate);
            Store(ref r, c21, w, accumulate);
            r = ref Unsafe.Add(ref r, ldc);
            Store(ref r, c30, 0, accumulate);
            Store(ref r, c31, w, accumulate);
        }

        for (; i < m; i++)
        {
            ref T a0 = ref Unsafe.Add(ref a, i * sa);
            Vector256<T> c00 = Vector256<T>.Zero, c01 = Vector256<T>.Zero;
            ref T bp = ref b;
            nint ap = 0;
            for (int p = 0; p < k; p++)
            {
                Vector256<T> x = Vector256.Create(Unsafe.Add(ref a0, ap));
                c00 = Lanes.MultiplyAdd(x, Vector256.LoadUnsafe(ref bp), c00);
                c01 = Lanes.MultiplyAdd(x, Vector256.LoadUnsafe(ref bp, (nuint)w), c01);
                bp = ref Unsafe.Add(ref bp, ldb);
                ap += sp;
            }

            ref T r = ref Unsafe.Add(ref c, i * ldc);
            Store(ref r, c00, 0, accumulate);
            Store(ref r, c01, w, accumulate);
        }
    }

    /// <summary>As <see cref="Panel512x1"/> with 256-bit vectors.</summary>
    private static void Panel256x1<T>(int m, int k, ref T a, nint sa, nint sp, ref T b, nint ldb, ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            ref T a0 = ref Unsafe.Add(ref a, i * sa);
            Vector256<T> c0 = Vector256<T>.Zero;
            ref T bp = ref b;
            nint ap = 0;
            for (int p = 0; p < k; p++)
            {
                c0 = Lanes.MultiplyAdd(Vector256.Create(Unsafe.Add(ref a0, ap)), Vector256.LoadUnsafe(ref bp), c0);
                bp = ref Unsafe.Add(ref bp, ldb);
                ap += sp;
            }

            Store(ref Unsafe.Add(ref c, i * ldc), c0, 0, accumulate);
        }
    }

    /// <summary>One column of C: a dot product per row (the last columns, fewer than a vector).</summary>
    private static void ScalarColumn<T>(int m, int k, ref T a, nint sa, nint sp, ref T b, nint ldb, ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (sa == 1 && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            // op(A) = Aᵀ: its column p is contiguous, so a vector of rows of C gathers B[p, j]·Aᵀ[rows, p] over p
            // (a convolution's ∂W with a tail of columns: k is every output pixel of a block, thousands).
            int w = Vector256<T>.Count;
            for (; i + w <= m; i += w)
            {
                Vector256<T> even = Vector256<T>.Zero, odd = Vector256<T>.Zero;
                ref T ap = ref Unsafe.Add(ref a, i);
                ref T bp = ref b;
                int p = 0;
                for (; p + 1 < k; p += 2)
                {
                    even = Lanes.MultiplyAdd(Vector256.LoadUnsafe(ref ap), Vector256.Create(bp), even);
                    odd = Lanes.MultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref ap, sp)), Vector256.Create(Unsafe.Add(ref bp, ldb)), odd);
                    ap = ref Unsafe.Add(ref ap, 2 * sp);
                    bp = ref Unsafe.Add(ref bp, 2 * ldb);
                }

                if (p < k)
                {
                    even = Lanes.MultiplyAdd(Vector256.LoadUnsafe(ref ap), Vector256.Create(bp), even);
                }

                Vector256<T> sum = even + odd;
                for (int t = 0; t < w; t++)
                {
                    ref T r = ref Unsafe.Add(ref c, (i + t) * ldc);
                    r = accumulate ? r + sum.GetElement(t) : sum.GetElement(t);
                }
            }
        }

        for (; i < m; i++)
        {
            ref T a0 = ref Unsafe.Add(ref a, i * sa);
            T sum = T.Zero;
            ref T bp = ref b;
            nint ap = 0;
            for (int p = 0; p < k; p++)
            {
                sum = T.FusedMultiplyAdd(Unsafe.Add(ref a0, ap), bp, sum);
                bp = ref Unsafe.Add(ref bp, ldb);
                ap += sp;
            }

            ref T r = ref Unsafe.Add(ref c, i * ldc);
            r = accumulate ? r + sum : sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(ref T row, Vector512<T> value, int offset, bool accumulate)
        where T : unmanaged
    {
        if (accumulate)
        {
            value += Vector512.LoadUnsafe(ref row, (nuint)offset);
        }

        value.StoreUnsafe(ref row, (nuint)offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(ref T row, Vector256<T> value, int offset, bool accumulate)
        where T : unmanaged
    {
        if (accumulate)
        {
            value += Vector256.LoadUnsafe(ref row, (nuint)offset);
        }

        value.StoreUnsafe(ref row, (nuint)offset);
    }
}
