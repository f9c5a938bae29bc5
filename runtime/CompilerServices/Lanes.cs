using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.CompilerServices;

/// <summary>
/// What the straight-line batch members need when one vector holds one sample per lane: loads of a
/// column of consecutive rows, fused multiply-add, and exp, tanh and log(1 + x) per lane, for
/// <see cref="Vector512{T}"/> and <see cref="Vector256{T}"/> of double or float. The same functions
/// as the scalar code's <see cref="Math"/> calls, to rounding. Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Lanes
{
    /// <summary>
    /// One value of each of <c>Vector512&lt;T&gt;.Count</c> consecutive rows: lane j holds
    /// <c>span[start + j·stride + column]</c>, where a row is <paramref name="stride"/> values long.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rows are not all inside the span.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load512<T>(ReadOnlySpan<T> span, int start, int stride, int column)
        where T : unmanaged
    {
        ref T row = ref Rows(span, start, stride, column, Vector512<T>.Count);
        if (stride == 1)
        {
            return Vector512.LoadUnsafe(ref row);
        }

        if (stride == 2 && Avx512F.IsSupported && typeof(T) == typeof(double))
        {
            // Two loads cover the 8 rows; one two-source permute picks every other value.
            Vector512<long> pick = column == 0 ? Vector512.Create(0L, 2, 4, 6, 8, 10, 12, 14) : Vector512.Create(1L, 3, 5, 7, 9, 11, 13, 15);
            return Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref row).AsDouble(), pick, Vector512.LoadUnsafe(ref row, 8).AsDouble()).As<double, T>();
        }

        if (stride == 2 && Avx512F.IsSupported && typeof(T) == typeof(float))
        {
            Vector512<int> pick = column == 0
                ? Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30)
                : Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
            return Avx512F.PermuteVar16x32x2(Vector512.LoadUnsafe(ref row).AsSingle(), pick, Vector512.LoadUnsafe(ref row, 16).AsSingle()).As<float, T>();
        }

        return Strided512(ref Unsafe.Add(ref row, column), stride);
    }

    /// <summary>
    /// One value of each of <c>Vector256&lt;T&gt;.Count</c> consecutive rows: lane j holds
    /// <c>span[start + j·stride + column]</c>, where a row is <paramref name="stride"/> values long.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rows are not all inside the span.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load256<T>(ReadOnlySpan<T> span, int start, int stride, int column)
        where T : unmanaged
    {
        ref T row = ref Rows(span, start, stride, column, Vector256<T>.Count);
        if (stride == 1)
        {
            return Vector256.LoadUnsafe(ref row);
        }

        if (stride == 2 && Avx2.IsSupported && typeof(T) == typeof(double))
        {
            // [a0 b0 a1 b1], [a2 b2 a3 b3] → unpack → [a0 a2 a1 a3] → permute → [a0 a1 a2 a3].
            Vector256<double> lo = Vector256.LoadUnsafe(ref row).AsDouble(), hi = Vector256.LoadUnsafe(ref row, 4).AsDouble();
            Vector256<double> half = column == 0 ? Avx.UnpackLow(lo, hi) : Avx.UnpackHigh(lo, hi);
            return Avx2.Permute4x64(half, 0b11_01_10_00).As<double, T>();
        }

        if (stride == 2 && Avx2.IsSupported && typeof(T) == typeof(float))
        {
            // Per 128-bit half: every other value of lo then of hi; then the 64-bit quarters put in order.
            Vector256<float> lo = Vector256.LoadUnsafe(ref row).AsSingle(), hi = Vector256.LoadUnsafe(ref row, 8).AsSingle();
            Vector256<float> half = column == 0 ? Avx.Shuffle(lo, hi, 0b10_00_10_00) : Avx.Shuffle(lo, hi, 0b11_01_11_01);
            return Avx2.Permute4x64(half.AsDouble(), 0b11_01_10_00).As<double, T>();
        }

        return Strided256(ref Unsafe.Add(ref row, column), stride);
    }

    /// <summary>
    /// Writes lane j of <paramref name="value"/> to <c>span[start + j·stride + column]</c>, for each of
    /// <c>Vector512&lt;T&gt;.Count</c> consecutive rows of <paramref name="stride"/> values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rows are not all inside the span.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Vector512<T> value, Span<T> span, int start, int stride, int column)
        where T : unmanaged
    {
        ref T row = ref Rows(span, start, stride, column, Vector512<T>.Count);
        if (stride == 1)
        {
            value.StoreUnsafe(ref row);
            return;
        }

        for (int j = 0; j < Vector512<T>.Count; j++)
        {
            Unsafe.Add(ref row, (j * stride) + column) = value.GetElement(j);
        }
    }

    /// <summary>
    /// Writes lane j of <paramref name="value"/> to <c>span[start + j·stride + column]</c>, for each of
    /// <c>Vector256&lt;T&gt;.Count</c> consecutive rows of <paramref name="stride"/> values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rows are not all inside the span.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Vector256<T> value, Span<T> span, int start, int stride, int column)
        where T : unmanaged
    {
        ref T row = ref Rows(span, start, stride, column, Vector256<T>.Count);
        if (stride == 1)
        {
            value.StoreUnsafe(ref row);
            return;
        }

        for (int j = 0; j < Vector256<T>.Count; j++)
        {
            Unsafe.Add(ref row, (j * stride) + column) = value.GetElement(j);
        }
    }

    /// <summary>The running maximum of a max pooling's window, per lane: <paramref name="value"/> where it is greater than <paramref name="best"/> or NaN (PyTorch's rule).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> PoolMax<T>(Vector512<T> best, Vector512<T> value)
        where T : unmanaged => Vector512.ConditionalSelect(Vector512.GreaterThan(value, best) | ~Vector512.Equals(value, value), value, best);

    /// <inheritdoc cref="PoolMax{T}(Vector512{T}, Vector512{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> PoolMax<T>(Vector256<T> best, Vector256<T> value)
        where T : unmanaged => Vector256.ConditionalSelect(Vector256.GreaterThan(value, best) | ~Vector256.Equals(value, value), value, best);

    /// <summary>
    /// One step of a max pooling's window, per lane: where <paramref name="value"/> (the window's value number
    /// <paramref name="position"/>) is greater than <paramref name="best"/>, or NaN, it and its position replace them.
    /// As PyTorch's CPU kernel: ties keep the first maximum, and the last NaN wins.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PoolMaxStep<T>(ref Vector512<T> best, ref Vector512<T> bestPosition, Vector512<T> value, int position)
        where T : unmanaged
    {
        Vector512<T> take = Vector512.GreaterThan(value, best) | ~Vector512.Equals(value, value);
        best = Vector512.ConditionalSelect(take, value, best);
        bestPosition = Vector512.ConditionalSelect(take, Vector512.Create(Scalar<T>.From(position)), bestPosition);
    }

    /// <inheritdoc cref="PoolMaxStep{T}(ref Vector512{T}, ref Vector512{T}, Vector512{T}, int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PoolMaxStep<T>(ref Vector256<T> best, ref Vector256<T> bestPosition, Vector256<T> value, int position)
        where T : unmanaged
    {
        Vector256<T> take = Vector256.GreaterThan(value, best) | ~Vector256.Equals(value, value);
        best = Vector256.ConditionalSelect(take, value, best);
        bestPosition = Vector256.ConditionalSelect(take, Vector256.Create(Scalar<T>.From(position)), bestPosition);
    }

    /// <summary>
    /// One step of a per-lane arg-max over values 0, 1, …: where <paramref name="value"/> (value number
    /// <paramref name="index"/>) beats <paramref name="best"/>, it and its index replace them. As
    /// <see cref="Kernels.ArgMax{T}(ReadOnlySpan{T})"/>: the first on a tie, a NaN counts as largest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ArgMaxStep<T>(ref Vector512<T> best, ref Vector512<T> bestIndex, Vector512<T> value, int index)
        where T : unmanaged
    {
        Vector512<T> take = (Vector512.GreaterThan(value, best) | ~Vector512.Equals(value, value)) & Vector512.Equals(best, best);
        best = Vector512.ConditionalSelect(take, value, best);
        bestIndex = Vector512.ConditionalSelect(take, Vector512.Create(Scalar<T>.From(index)), bestIndex);
    }

    /// <summary>
    /// One step of a per-lane arg-max over values 0, 1, …: where <paramref name="value"/> (value number
    /// <paramref name="index"/>) beats <paramref name="best"/>, it and its index replace them. As
    /// <see cref="Kernels.ArgMax{T}(ReadOnlySpan{T})"/>: the first on a tie, a NaN counts as largest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ArgMaxStep<T>(ref Vector256<T> best, ref Vector256<T> bestIndex, Vector256<T> value, int index)
        where T : unmanaged
    {
        Vector256<T> take = (Vector256.GreaterThan(value, best) | ~Vector256.Equals(value, value)) & Vector256.Equals(best, best);
        best = Vector256.ConditionalSelect(take, value, best);
        bestIndex = Vector256.ConditionalSelect(take, Vector256.Create(Scalar<T>.From(index)), bestIndex);
    }

    /// <summary>The number of lanes in which <paramref name="a"/> equals <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountEqual<T>(Vector512<T> a, Vector512<T> b)
        where T : unmanaged => System.Numerics.BitOperations.PopCount(Vector512.ExtractMostSignificantBits(Vector512.Equals(a, b)));

    /// <summary>The number of lanes in which <paramref name="a"/> equals <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountEqual<T>(Vector256<T> a, Vector256<T> b)
        where T : unmanaged => System.Numerics.BitOperations.PopCount(Vector256.ExtractMostSignificantBits(Vector256.Equals(a, b)));

    /// <summary>
    /// max(0, u) in each lane as the scalar <c>u &lt; 0 ? 0 : u</c> computes it (NaN stays NaN, −0 stays
    /// −0): the x86 max instruction with u second, which it returns when either is NaN or both are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ReLU<T>(Vector512<T> u)
        where T : unmanaged
    {
        if (Avx512F.IsSupported && typeof(T) == typeof(double))
        {
            return Avx512F.Max(Vector512<double>.Zero, u.AsDouble()).As<double, T>();
        }

        if (Avx512F.IsSupported && typeof(T) == typeof(float))
        {
            return Avx512F.Max(Vector512<float>.Zero, u.AsSingle()).As<float, T>();
        }

        return Vector512.ConditionalSelect(Vector512.LessThan(u, Vector512<T>.Zero), Vector512<T>.Zero, u);
    }

    /// <summary>
    /// max(0, u) in each lane as the scalar <c>u &lt; 0 ? 0 : u</c> computes it (NaN stays NaN, −0 stays
    /// −0): the x86 max instruction with u second, which it returns when either is NaN or both are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ReLU<T>(Vector256<T> u)
        where T : unmanaged
    {
        if (Avx.IsSupported && typeof(T) == typeof(double))
        {
            return Avx.Max(Vector256<double>.Zero, u.AsDouble()).As<double, T>();
        }

        if (Avx.IsSupported && typeof(T) == typeof(float))
        {
            return Avx.Max(Vector256<float>.Zero, u.AsSingle()).As<float, T>();
        }

        return Vector256.ConditionalSelect(Vector256.LessThan(u, Vector256<T>.Zero), Vector256<T>.Zero, u);
    }

    /// <summary>a·b + c, fused (one rounding) where the hardware has it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
#else
        if (Avx512F.IsSupported && typeof(T) == typeof(double))
        {
            return Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        if (Avx512F.IsSupported && typeof(T) == typeof(float))
        {
            return Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
#endif
        return (a * b) + c;
    }

    /// <summary>a·b + c, fused (one rounding) where the hardware has it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        where T : unmanaged
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
#else
        if (Fma.IsSupported && typeof(T) == typeof(double))
        {
            return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        if (Fma.IsSupported && typeof(T) == typeof(float))
        {
            return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
#endif
        return (a * b) + c;
    }

    /// <summary>e^x in each lane (float lanes are computed in double and rounded once, so e^0 is exactly 1, as the softmax loss needs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp<T>(Vector512<T> x)
        where T : unmanaged
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(double))
        {
            return Vector512.Exp(x.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(x.AsSingle());
            return Vector512.Narrow(Vector512.Exp(lo), Vector512.Exp(hi)).As<float, T>();
        }
#endif
        return PerLane512<T, ExpRule>(x);
    }

    /// <summary>e^x in each lane (float lanes are computed in double and rounded once, so e^0 is exactly 1, as the softmax loss needs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x)
        where T : unmanaged
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(double))
        {
            return Vector256.Exp(x.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(x.AsSingle());
            return Vector256.Narrow(Vector256.Exp(lo), Vector256.Exp(hi)).As<float, T>();
        }
#endif
        return PerLane256<T, ExpRule>(x);
    }

    /// <summary>
    /// tanh(x) in each lane, to a few units in the last place also near 0 (Cephes' rational form
    /// below |x| = 0.625, 1 − 2/(e^(2|x|) + 1) above; float lanes in double, rounded once).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh<T>(Vector512<T> x)
        where T : unmanaged
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(double))
        {
            return Tanh(x.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(x.AsSingle());
            return Vector512.Narrow(Tanh(lo), Tanh(hi)).As<float, T>();
        }
#endif
        return PerLane512<T, TanhRule>(x);
    }

    /// <summary>tanh(x) in each lane, as the 512-bit overload computes it (per lane where 512-bit vectors are not accelerated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Tanh<T>(Vector256<T> x)
        where T : unmanaged
    {
#if NET9_0_OR_GREATER
        if (Vector512.IsHardwareAccelerated && typeof(T) == typeof(double))
        {
            return Tanh(Vector512.Create(x.AsDouble(), x.AsDouble())).GetLower().As<double, T>();
        }

        if (Vector512.IsHardwareAccelerated && typeof(T) == typeof(float))
        {
            (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(x.AsSingle());
            Vector512<double> t = Tanh(Vector512.Create(lo, hi));
            return Vector256.Narrow(t.GetLower(), t.GetUpper()).As<float, T>();
        }
#endif
        return PerLane256<T, TanhRule>(x);
    }

#if NET9_0_OR_GREATER
    /// <summary>Cephes tanh: x + x·z·P(z)/Q(z), z = x², up to |x| = 0.625; above, 1 − 2/(e^(2|x|) + 1) with the sign of x.</summary>
    private static Vector512<double> Tanh(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x);
        Vector512<double> one = Vector512.Create(1.0);
        Vector512<double> large = one - (Vector512.Create(2.0) / (Vector512.Exp(a + a) + one));
        large = Vector512.ConditionalSelect(Vector512.Create(-0.0), x, large); // the sign bit of x
        Vector512<double> z = x * x;
        Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(-9.64399179425052238628E-1), z, Vector512.Create(-9.92877231001918586564E1)), z, Vector512.Create(-1.61468768441708447952E3));
        Vector512<double> q = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(z + Vector512.Create(1.12811678491632931402E2), z, Vector512.Create(2.23548839060100448583E3)), z, Vector512.Create(4.84406305325125486048E3));
        Vector512<double> small = Vector512.FusedMultiplyAdd(x * z, p / q, x);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512.Create(0.625)), large, small);
    }
#endif

    /// <summary>log(1 + x) in each lane, as <see cref="Kernels.LogOnePlus(double)"/> computes it.</summary>
    public static Vector512<T> LogOnePlus<T>(Vector512<T> x)
        where T : unmanaged => PerLane512<T, LogOnePlusRule>(x);

    /// <summary>log(1 + x) in each lane, as <see cref="Kernels.LogOnePlus(double)"/> computes it.</summary>
    public static Vector256<T> LogOnePlus<T>(Vector256<T> x)
        where T : unmanaged => PerLane256<T, LogOnePlusRule>(x);

    /// <summary>ELU (α = 1) in each lane, as <see cref="Special.Elu(double)"/> computes it (one lane at a time).</summary>
    public static Vector512<T> Elu<T>(Vector512<T> x)
        where T : unmanaged => PerLane512<T, EluRule>(x);

    /// <summary>ELU (α = 1) in each lane, as <see cref="Special.Elu(double)"/> computes it (one lane at a time).</summary>
    public static Vector256<T> Elu<T>(Vector256<T> x)
        where T : unmanaged => PerLane256<T, EluRule>(x);

    /// <summary>GELU, exact form in each lane, as <see cref="Special.Gelu(double)"/> computes it (one lane at a time).</summary>
    public static Vector512<T> Gelu<T>(Vector512<T> x)
        where T : unmanaged => PerLane512<T, GeluRule>(x);

    /// <summary>GELU, exact form in each lane, as <see cref="Special.Gelu(double)"/> computes it (one lane at a time).</summary>
    public static Vector256<T> Gelu<T>(Vector256<T> x)
        where T : unmanaged => PerLane256<T, GeluRule>(x);

    /// <summary>GELU' in each lane, as <see cref="Special.GeluDerivative(double)"/> computes it (one lane at a time).</summary>
    public static Vector512<T> GeluDerivative<T>(Vector512<T> x)
        where T : unmanaged => PerLane512<T, GeluDerivativeRule>(x);

    /// <summary>GELU' in each lane, as <see cref="Special.GeluDerivative(double)"/> computes it (one lane at a time).</summary>
    public static Vector256<T> GeluDerivative<T>(Vector256<T> x)
        where T : unmanaged => PerLane256<T, GeluDerivativeRule>(x);

    /// <summary>SiLU in each lane, as <see cref="Special.Silu(double)"/> computes it (one lane at a time).</summary>
    public static Vector512<T> Silu<T>(Vector512<T> x)
        where T : unmanaged => PerLane512<T, SiluRule>(x);

    /// <summary>SiLU in each lane, as <see cref="Special.Silu(double)"/> computes it (one lane at a time).</summary>
    public static Vector256<T> Silu<T>(Vector256<T> x)
        where T : unmanaged => PerLane256<T, SiluRule>(x);

    /// <summary>SiLU' in each lane, as <see cref="Special.SiluDerivative(double)"/> computes it (one lane at a time).</summary>
    public static Vector512<T> SiluDerivative<T>(Vector512<T> x)
        where T : unmanaged => PerLane512<T, SiluDerivativeRule>(x);

    /// <summary>SiLU' in each lane, as <see cref="Special.SiluDerivative(double)"/> computes it (one lane at a time).</summary>
    public static Vector256<T> SiluDerivative<T>(Vector256<T> x)
        where T : unmanaged => PerLane256<T, SiluDerivativeRule>(x);

    /// <summary>softplus in each lane, as <see cref="Special.Softplus(double)"/> computes it (one lane at a time).</summary>
    public static Vector512<T> Softplus<T>(Vector512<T> x)
        where T : unmanaged => PerLane512<T, SoftplusRule>(x);

    /// <summary>softplus in each lane, as <see cref="Special.Softplus(double)"/> computes it (one lane at a time).</summary>
    public static Vector256<T> Softplus<T>(Vector256<T> x)
        where T : unmanaged => PerLane256<T, SoftplusRule>(x);

    /// <summary>the logistic function, without overflow in each lane, as <see cref="Special.Sigmoid(double)"/> computes it (one lane at a time).</summary>
    public static Vector512<T> Sigmoid<T>(Vector512<T> x)
        where T : unmanaged => PerLane512<T, SigmoidRule>(x);

    /// <summary>the logistic function, without overflow in each lane, as <see cref="Special.Sigmoid(double)"/> computes it (one lane at a time).</summary>
    public static Vector256<T> Sigmoid<T>(Vector256<T> x)
        where T : unmanaged => PerLane256<T, SigmoidRule>(x);

    /// <summary>The first of the rows, after checking that all of them are inside the span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Rows<T>(ReadOnlySpan<T> span, int start, int stride, int column, int rows)
    {
        if (start < 0 || stride < 1 || (uint)column >= (uint)stride || (long)start + ((long)rows * stride) > span.Length)
        {
            ThrowRows(span.Length, start, stride, rows);
        }

        return ref Unsafe.Add(ref MemoryMarshal.GetReference(span), start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Rows<T>(Span<T> span, int start, int stride, int column, int rows) =>
        ref Rows((ReadOnlySpan<T>)span, start, stride, column, rows);

    /// <summary>A small int as T (double or float).</summary>
    private static class Scalar<T>
        where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T From(int value)
        {
            if (typeof(T) == typeof(double))
            {
                double d = value;
                return Unsafe.As<double, T>(ref d);
            }

            if (typeof(T) == typeof(float))
            {
                float f = value;
                return Unsafe.As<float, T>(ref f);
            }

            throw new NotSupportedException(typeof(T).Name);
        }
    }

    private static void ThrowRows(int length, int start, int stride, int rows) =>
        throw new ArgumentOutOfRangeException(nameof(start), $"{rows} rows of {stride} from {start} do not fit in {length} values.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<T> Strided512<T>(ref T first, int stride)
        where T : unmanaged
    {
        Span<T> v = stackalloc T[Vector512<T>.Count];
        for (int j = 0; j < v.Length; j++)
        {
            v[j] = Unsafe.Add(ref first, j * stride);
        }

        return Vector512.Create<T>(v);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<T> Strided256<T>(ref T first, int stride)
        where T : unmanaged
    {
        Span<T> v = stackalloc T[Vector256<T>.Count];
        for (int j = 0; j < v.Length; j++)
        {
            v[j] = Unsafe.Add(ref first, j * stride);
        }

        return Vector256.Create<T>(v);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<T> PerLane512<T, TRule>(Vector512<T> x)
        where T : unmanaged
        where TRule : struct, ILaneRule
    {
        Span<T> v = stackalloc T[Vector512<T>.Count];
        x.CopyTo(v);
        PerLane<T, TRule>(v);
        return Vector512.Create<T>(v);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<T> PerLane256<T, TRule>(Vector256<T> x)
        where T : unmanaged
        where TRule : struct, ILaneRule
    {
        Span<T> v = stackalloc T[Vector256<T>.Count];
        x.CopyTo(v);
        PerLane<T, TRule>(v);
        return Vector256.Create<T>(v);
    }

    private static void PerLane<T, TRule>(Span<T> v)
        where T : unmanaged
        where TRule : struct, ILaneRule
    {
        if (typeof(T) == typeof(double))
        {
            Span<double> d = MemoryMarshal.Cast<T, double>(v);
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = TRule.Of(d[i]);
            }
        }
        else if (typeof(T) == typeof(float))
        {
            Span<float> f = MemoryMarshal.Cast<T, float>(v);
            for (int i = 0; i < f.Length; i++)
            {
                f[i] = TRule.Of(f[i]);
            }
        }
        else
        {
            throw new NotSupportedException(typeof(T).Name);
        }
    }

    private interface ILaneRule
    {
        static abstract double Of(double x);

        static abstract float Of(float x);
    }

    private readonly struct ExpRule : ILaneRule
    {
        public static double Of(double x) => Math.Exp(x);

        public static float Of(float x) => MathF.Exp(x);
    }

    private readonly struct TanhRule : ILaneRule
    {
        public static double Of(double x) => Math.Tanh(x);

        public static float Of(float x) => MathF.Tanh(x);
    }

    private readonly struct LogOnePlusRule : ILaneRule
    {
        public static double Of(double x) => Kernels.LogOnePlus(x);

        public static float Of(float x) => Kernels.LogOnePlus(x);
    }

    private readonly struct EluRule : ILaneRule
    {
        public static double Of(double x) => Special.Elu(x);

        public static float Of(float x) => Special.Elu(x);
    }

    private readonly struct GeluRule : ILaneRule
    {
        public static double Of(double x) => Special.Gelu(x);

        public static float Of(float x) => Special.Gelu(x);
    }

    private readonly struct GeluDerivativeRule : ILaneRule
    {
        public static double Of(double x) => Special.GeluDerivative(x);

        public static float Of(float x) => Special.GeluDerivative(x);
    }

    private readonly struct SiluRule : ILaneRule
    {
        public static double Of(double x) => Special.Silu(x);

        public static float Of(float x) => Special.Silu(x);
    }

    private readonly struct SiluDerivativeRule : ILaneRule
    {
        public static double Of(double x) => Special.SiluDerivative(x);

        public static float Of(float x) => Special.SiluDerivative(x);
    }

    private readonly struct SoftplusRule : ILaneRule
    {
        public static double Of(double x) => Special.Softplus(x);

        public static float Of(float x) => Special.Softplus(x);
    }

    private readonly struct SigmoidRule : ILaneRule
    {
        public static double Of(double x) => Special.Sigmoid(x);

        public static float Of(float x) => Special.Sigmoid(x);
    }
}
