using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.CompilerServices;

/// <summary>
/// Allocation-free vector kernels used by the loop form of generated networks (large layers)
/// and by <c>Step</c>. Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Kernels
{
    /// <summary>y ← y + a·x, element by element. The spans must have the same length.</summary>
    public static void MultiplyAdd(ReadOnlySpan<double> x, double a, Span<double> y) => MultiplyAddCore(x, a, y);

    /// <summary>y ← y + a·x, element by element, in float. The spans must have the same length.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, float a, Span<float> y) => MultiplyAddCore(x, a, y);

    /// <summary>Σᵢ xᵢ·yᵢ. The spans must have the same length.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => DotCore(x, y);

    /// <summary>Σᵢ xᵢ·yᵢ in float. The spans must have the same length.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => DotCore(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAddCore<T>(ReadOnlySpan<T> x, T a, Span<T> y)
        where T : unmanaged, INumber<T>
    {
        if (x.Length != y.Length)
        {
            Guard.ThrowLength(nameof(x), x.Length, y.Length);
        }

        int i = 0;
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var va = new Vector<T>(a);
            int last = x.Length - Vector<T>.Count;
            for (; i <= last; i += Vector<T>.Count)
            {
                var vy = Vector.LoadUnsafe(ref ry, (nuint)i);
                var vx = Vector.LoadUnsafe(ref rx, (nuint)i);
                (vy + (va * vx)).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref ry, i) += a * Unsafe.Add(ref rx, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T DotCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, INumber<T>
    {
        if (x.Length != y.Length)
        {
            Guard.ThrowLength(nameof(y), y.Length, x.Length);
        }

        int i = 0;
        T sum = T.Zero;
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var acc = Vector<T>.Zero;
            int last = x.Length - Vector<T>.Count;
            for (; i <= last; i += Vector<T>.Count)
            {
                acc += Vector.LoadUnsafe(ref rx, (nuint)i) * Vector.LoadUnsafe(ref ry, (nuint)i);
            }

            sum = Vector.Sum(acc);
        }

        for (; i < x.Length; i++)
        {
            sum += Unsafe.Add(ref rx, i) * Unsafe.Add(ref ry, i);
        }

        return sum;
    }


    /// <summary>a·b, except that an exact zero factor gives 0 even where the other is infinite or NaN (second derivatives at points where a partial is infinite).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MultiplyOrZero(double a, double b) => a == 0.0 || b == 0.0 ? 0.0 : a * b;

    /// <summary>a·b, except that an exact zero factor gives 0 even where the other is infinite or NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyOrZero(float a, float b) => a == 0f || b == 0f ? 0f : a * b;

    /// <summary>
    /// log(1 + x), accurate to a few ulps also where x is tiny (where log(1 + x) loses the digits of
    /// x that 1 + x rounds away). Kahan's method: with u = 1 + x rounded, log(u)·x/(u − 1) corrects
    /// the rounding of u.
    /// </summary>
    public static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        if (double.IsPositiveInfinity(u))
        {
            return u;
        }

        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>log(1 + x) in float, computed in double and rounded once.</summary>
    public static float LogOnePlus(float x) => (float)LogOnePlus((double)x);

    /// <summary>x ← a·x, element by element.</summary>
    public static void Scale<T>(Span<T> x, T a)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        int i = 0;
        ref T rx = ref MemoryMarshal.GetReference(x);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var va = new Vector<T>(a);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                (va * Vector.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref rx, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref rx, i) *= a;
        }
    }

    /// <summary>The index of the largest value (the first on a tie; a NaN counts as largest, as PyTorch's argmax).</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (T.IsNaN(values[best]))
            {
                return best;
            }

            if (values[i] > values[best] || T.IsNaN(values[i]))
            {
                best = i;
            }
        }

        return best;
    }
}
