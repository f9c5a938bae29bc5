using System;
using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// The activations of the loop form's blocks, element-wise over whole spans and vectorized: the
/// same functions and derivatives that <c>generator/Rules/ActivationRules.cs</c> writes per element
/// (which names these kernels), for double and float. Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Activations
{
    /// <summary>z = max(0, u), written u &lt; 0 ? 0 : u so that NaN stays NaN.</summary>
    public static void ReLU<T>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(u.Length, z.Length);
        int i = 0;
        ref T ru = ref MemoryMarshal.GetReference(u);
        ref T rz = ref MemoryMarshal.GetReference(z);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= u.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> v = Vector.LoadUnsafe(ref ru, (nuint)i);
                Vector.ConditionalSelect(Vector.LessThan(v, Vector<T>.Zero), Vector<T>.Zero, v).StoreUnsafe(ref rz, (nuint)i);
            }
        }

        for (; i < u.Length; i++)
        {
            T v = Unsafe.Add(ref ru, i);
            Unsafe.Add(ref rz, i) = v < T.Zero ? T.Zero : v;
        }
    }

    /// <summary>d ← d·[u &gt; 0] (ReLU'(0) = 0).</summary>
    public static void ReLUBackward<T>(Span<T> d, ReadOnlySpan<T> u)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(d.Length, u.Length);
        int i = 0;
        ref T rd = ref MemoryMarshal.GetReference(d);
        ref T ru = ref MemoryMarshal.GetReference(u);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> v = Vector.LoadUnsafe(ref ru, (nuint)i);
                Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<T>.Zero), Vector.LoadUnsafe(ref rd, (nuint)i), Vector<T>.Zero).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < d.Length; i++)
        {
            ref T x = ref Unsafe.Add(ref rd, i);
            x = Unsafe.Add(ref ru, i) > T.Zero ? x : T.Zero;
        }
    }

    /// <summary>z = tanh(u).</summary>
    public static void Tanh<T>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(u.Length, z.Length);
        TensorPrimitives.Tanh(u, z);
    }

    /// <summary>d ← d·(1 − z²).</summary>
    public static void TanhBackward<T>(Span<T> d, ReadOnlySpan<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(d.Length, z.Length);
        int i = 0;
        ref T rd = ref MemoryMarshal.GetReference(d);
        ref T rz = ref MemoryMarshal.GetReference(z);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> v = Vector.LoadUnsafe(ref rz, (nuint)i);
                (Vector.LoadUnsafe(ref rd, (nuint)i) * (Vector<T>.One - (v * v))).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < d.Length; i++)
        {
            T v = Unsafe.Add(ref rz, i);
            Unsafe.Add(ref rd, i) *= T.One - (v * v);
        }
    }

    /// <summary>z = 1 / (1 + e^(−u)).</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(u.Length, z.Length);
        TensorPrimitives.Sigmoid(u, z);
    }

    /// <summary>d ← d·z·(1 − z).</summary>
    public static void SigmoidBackward<T>(Span<T> d, ReadOnlySpan<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(d.Length, z.Length);
        int i = 0;
        ref T rd = ref MemoryMarshal.GetReference(d);
        ref T rz = ref MemoryMarshal.GetReference(z);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> v = Vector.LoadUnsafe(ref rz, (nuint)i);
                (Vector.LoadUnsafe(ref rd, (nuint)i) * v * (Vector<T>.One - v)).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < d.Length; i++)
        {
            T v = Unsafe.Add(ref rz, i);
            Unsafe.Add(ref rd, i) *= v * (T.One - v);
        }
    }

    /// <summary>Adds the bias b to each of the rows of u (rows × b.Length, row-major).</summary>
    public static void AddBias<T>(Span<T> u, ReadOnlySpan<T> b, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((long)rows * b.Length != u.Length)
        {
            Guard.ThrowLength(nameof(u), u.Length, rows * b.Length);
        }

        for (int r = 0; r < rows; r++)
        {
            Span<T> row = u.Slice(r * b.Length, b.Length);
            TensorPrimitives.Add(row, b, row);
        }
    }

    /// <summary>g ← g + Σ rows of d (rows × g.Length, row-major): the bias gradient of a block.</summary>
    public static void AddRows<T>(ReadOnlySpan<T> d, Span<T> g, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((long)rows * g.Length != d.Length)
        {
            Guard.ThrowLength(nameof(d), d.Length, rows * g.Length);
        }

        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(g, d.Slice(r * g.Length, g.Length), g);
        }
    }

    private static void Same(int a, int b)
    {
        if (a != b)
        {
            Guard.ThrowLength("z", b, a);
        }
    }
}
