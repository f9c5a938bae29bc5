using System;
using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.CompilerServices;

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
        where T : unmanaged, IFloatingPointIeee754<T> => Map<T, ReLUForward<T>>(u, u, z);

    /// <summary>d ← d·[u &gt; 0] (ReLU'(0) = 0).</summary>
    public static void ReLUBackward<T>(Span<T> d, ReadOnlySpan<T> u)
        where T : unmanaged, IFloatingPointIeee754<T> => Map<T, ReLUDerivative<T>>(d, u, d);

    /// <summary>
    /// z = tanh(u), by <see cref="Lanes.Tanh{T}(Vector512{T})"/> (a few ulp, also near 0): each
    /// element's value depends on nothing but the element — not on its position or the buffer's address
    /// (the last partial vector is computed in a padded copy), so a block gives the same bits wherever it lies.
    /// </summary>
    public static void Tanh<T>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(u.Length, z.Length);
        Elementwise<T, TanhLanes<T>>(u, z);
    }

    /// <summary>d ← d·(1 − z²).</summary>
    public static void TanhBackward<T>(Span<T> d, ReadOnlySpan<T> z)
        where T : unmanaged, IFloatingPointIeee754<T> => Map<T, TanhDerivative<T>>(d, z, d);

    /// <summary>z = 1 / (1 + e^(−u)), element by element as <see cref="Tanh{T}"/> (independent of position and address).</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(u.Length, z.Length);
        Elementwise<T, SigmoidLanes<T>>(u, z);
    }

    /// <summary>z = u for u &gt; 0, else 0.01·u (LeakyReLU with PyTorch's default slope; NaN stays NaN).</summary>
    public static void LeakyReLU<T>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T> => Map<T, LeakyReLUForward<T>>(u, u, z);

    /// <summary>d ← d for u &gt; 0, else 0.01·d (the slope at and below 0).</summary>
    public static void LeakyReLUBackward<T>(Span<T> d, ReadOnlySpan<T> u)
        where T : unmanaged, IFloatingPointIeee754<T> => Map<T, LeakyReLUDerivative<T>>(d, u, d);

    /// <summary>z = ELU(u) = u for u &gt; 0, else e^u − 1 (<see cref="Special.Elu(double)"/>).</summary>
    public static void ELU<T>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(u.Length, z.Length);
        Elementwise<T, LaneRule<T, EluLanes>>(u, z);
    }

    /// <summary>d ← d for z &gt; 0, else d·(z + 1) (= d·e^u).</summary>
    public static void ELUBackward<T>(Span<T> d, ReadOnlySpan<T> z)
        where T : unmanaged, IFloatingPointIeee754<T> => Map<T, EluDerivative<T>>(d, z, d);

    /// <summary>z = GELU(u) = u·Φ(u), the exact form (<see cref="Special.Gelu(double)"/>).</summary>
    public static void GELU<T>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(u.Length, z.Length);
        Elementwise<T, LaneRule<T, GeluLanes>>(u, z);
    }

    /// <summary>d ← d·(Φ(u) + u·φ(u)).</summary>
    public static void GELUBackward<T>(Span<T> d, ReadOnlySpan<T> u)
        where T : unmanaged, IFloatingPointIeee754<T> => ScaleBy<T, LaneRule<T, GeluDerivativeLanes>>(d, u);

    /// <summary>z = SiLU(u) = u·σ(u).</summary>
    public static void SiLU<T>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(u.Length, z.Length);
        Elementwise<T, LaneRule<T, SiluLanes>>(u, z);
    }

    /// <summary>d ← d·σ(u)·(1 + u·(1 − σ(u))).</summary>
    public static void SiLUBackward<T>(Span<T> d, ReadOnlySpan<T> u)
        where T : unmanaged, IFloatingPointIeee754<T> => ScaleBy<T, LaneRule<T, SiluDerivativeLanes>>(d, u);

    /// <summary>z = softplus(u) = log(1 + e^u), stable for large |u|.</summary>
    public static void Softplus<T>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Same(u.Length, z.Length);
        Elementwise<T, LaneRule<T, SoftplusLanes>>(u, z);
    }

    /// <summary>d ← d·σ(u).</summary>
    public static void SoftplusBackward<T>(Span<T> d, ReadOnlySpan<T> u)
        where T : unmanaged, IFloatingPointIeee754<T> => ScaleBy<T, LaneRule<T, SigmoidLanesStable>>(d, u);

    /// <summary>d ← d·F(u), F applied as <see cref="Elementwise{T, TFunction}"/> applies it (through a chunk on the stack).</summary>
    private static void ScaleBy<T, TFunction>(Span<T> d, ReadOnlySpan<T> u)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : ILaneFunction<T>
    {
        Same(d.Length, u.Length);
        Span<T> chunk = stackalloc T[64];
        for (int i = 0; i < d.Length; i += chunk.Length)
        {
            int n = Math.Min(chunk.Length, d.Length - i);
            Elementwise<T, TFunction>(u.Slice(i, n), chunk.Slice(0, n));
            TensorPrimitives.Multiply(d.Slice(i, n), chunk.Slice(0, n), d.Slice(i, n));
        }
    }

    /// <summary>Which scalar function of <see cref="Special"/> a lane rule applies.</summary>
    private interface ISpecial
    {
        static abstract Vector512<T> Apply<T>(Vector512<T> x)
            where T : unmanaged;

        static abstract Vector256<T> Apply<T>(Vector256<T> x)
            where T : unmanaged;
    }

    private readonly struct LaneRule<T, TSpecial> : ILaneFunction<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSpecial : ISpecial
    {
        public static Vector512<T> Apply(Vector512<T> x) => TSpecial.Apply(x);

        public static Vector256<T> Apply(Vector256<T> x) => TSpecial.Apply(x);
    }

    private readonly struct EluLanes : ISpecial
    {
        public static Vector512<T> Apply<T>(Vector512<T> x) where T : unmanaged => Lanes.Elu(x);

        public static Vector256<T> Apply<T>(Vector256<T> x) where T : unmanaged => Lanes.Elu(x);
    }

    private readonly struct GeluLanes : ISpecial
    {
        public static Vector512<T> Apply<T>(Vector512<T> x) where T : unmanaged => Lanes.Gelu(x);

        public static Vector256<T> Apply<T>(Vector256<T> x) where T : unmanaged => Lanes.Gelu(x);
    }

    private readonly struct GeluDerivativeLanes : ISpecial
    {
        public static Vector512<T> Apply<T>(Vector512<T> x) where T : unmanaged => Lanes.GeluDerivative(x);

        public static Vector256<T> Apply<T>(Vector256<T> x) where T : unmanaged => Lanes.GeluDerivative(x);
    }

    private readonly struct SiluLanes : ISpecial
    {
        public static Vector512<T> Apply<T>(Vector512<T> x) where T : unmanaged => Lanes.Silu(x);

        public static Vector256<T> Apply<T>(Vector256<T> x) where T : unmanaged => Lanes.Silu(x);
    }

    private readonly struct SiluDerivativeLanes : ISpecial
    {
        public static Vector512<T> Apply<T>(Vector512<T> x) where T : unmanaged => Lanes.SiluDerivative(x);

        public static Vector256<T> Apply<T>(Vector256<T> x) where T : unmanaged => Lanes.SiluDerivative(x);
    }

    private readonly struct SoftplusLanes : ISpecial
    {
        public static Vector512<T> Apply<T>(Vector512<T> x) where T : unmanaged => Lanes.Softplus(x);

        public static Vector256<T> Apply<T>(Vector256<T> x) where T : unmanaged => Lanes.Softplus(x);
    }

    private readonly struct SigmoidLanesStable : ISpecial
    {
        public static Vector512<T> Apply<T>(Vector512<T> x) where T : unmanaged => Lanes.Sigmoid(x);

        public static Vector256<T> Apply<T>(Vector256<T> x) where T : unmanaged => Lanes.Sigmoid(x);
    }

    /// <summary>(u, u) → u &gt; 0 ? u : 0.01·u.</summary>
    private readonly struct LeakyReLUForward<T> : IElementwise<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector<T> Apply(Vector<T> u, Vector<T> unused) => Vector.ConditionalSelect(Vector.GreaterThan(u, Vector<T>.Zero), u, u * Slope);

        public static T Apply(T u, T unused) => u > T.Zero ? u : u * T.CreateTruncating(0.01);

        private static Vector<T> Slope => new(T.CreateTruncating(0.01));
    }

    /// <summary>(d, u) → u &gt; 0 ? d : 0.01·d.</summary>
    private readonly struct LeakyReLUDerivative<T> : IElementwise<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector<T> Apply(Vector<T> d, Vector<T> u) => Vector.ConditionalSelect(Vector.GreaterThan(u, Vector<T>.Zero), d, d * new Vector<T>(T.CreateTruncating(0.01)));

        public static T Apply(T d, T u) => u > T.Zero ? d : d * T.CreateTruncating(0.01);
    }

    /// <summary>(d, z) → z &gt; 0 ? d : d·(z + 1).</summary>
    private readonly struct EluDerivative<T> : IElementwise<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector<T> Apply(Vector<T> d, Vector<T> z) => Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<T>.Zero), d, d * (z + Vector<T>.One));

        public static T Apply(T d, T z) => z > T.Zero ? d : d * (z + T.One);
    }

    /// <summary>A function applied per lane, in 512- or 256-bit vectors.</summary>
    private interface ILaneFunction<T>
        where T : unmanaged
    {
        static abstract Vector512<T> Apply(Vector512<T> x);

        static abstract Vector256<T> Apply(Vector256<T> x);
    }

    private readonly struct TanhLanes<T> : ILaneFunction<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector512<T> Apply(Vector512<T> x) => Lanes.Tanh(x);

        public static Vector256<T> Apply(Vector256<T> x) => Lanes.Tanh(x);
    }

    private readonly struct SigmoidLanes<T> : ILaneFunction<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector512<T> Apply(Vector512<T> x) =>
            Vector512<T>.One / (Vector512<T>.One + Lanes.Exp(-x));

        public static Vector256<T> Apply(Vector256<T> x) =>
            Vector256<T>.One / (Vector256<T>.One + Lanes.Exp(-x));
    }

    /// <summary>
    /// z[i] = F(u[i]) in whole vectors, the last partial one through a padded copy: every element goes
    /// through the same vector code, so its result depends only on its value. u and z may be the same span.
    /// </summary>
    private static void Elementwise<T, TFunction>(ReadOnlySpan<T> u, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunction : ILaneFunction<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            int width = Vector512<T>.Count;
            for (; i <= u.Length - width; i += width)
            {
                TFunction.Apply(Vector512.Create(u.Slice(i, width))).CopyTo(z.Slice(i, width));
            }

            if (i < u.Length)
            {
                Span<T> pad = stackalloc T[width];
                pad.Clear();
                u.Slice(i).CopyTo(pad);
                TFunction.Apply(Vector512.Create((ReadOnlySpan<T>)pad)).CopyTo(pad);
                pad.Slice(0, u.Length - i).CopyTo(z.Slice(i));
            }

            return;
        }

        int narrow = Vector256<T>.Count;
        for (; i <= u.Length - narrow; i += narrow)
        {
            TFunction.Apply(Vector256.Create(u.Slice(i, narrow))).CopyTo(z.Slice(i, narrow));
        }

        if (i < u.Length)
        {
            Span<T> pad = stackalloc T[narrow];
            pad.Clear();
            u.Slice(i).CopyTo(pad);
            TFunction.Apply(Vector256.Create((ReadOnlySpan<T>)pad)).CopyTo(pad);
            pad.Slice(0, u.Length - i).CopyTo(z.Slice(i));
        }
    }

    /// <summary>d ← d·z·(1 − z).</summary>
    public static void SigmoidBackward<T>(Span<T> d, ReadOnlySpan<T> z)
        where T : unmanaged, IFloatingPointIeee754<T> => Map<T, SigmoidDerivative<T>>(d, z, d);

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

    /// <summary>result[i] = TOp(a[i], b[i]), vectorized; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    private static void Map<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IElementwise<T>
    {
        Same(a.Length, b.Length);
        Same(a.Length, result.Length);
        int i = 0;
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rr = ref MemoryMarshal.GetReference(result);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= a.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                TOp.Apply(Vector.LoadUnsafe(ref ra, (nuint)i), Vector.LoadUnsafe(ref rb, (nuint)i)).StoreUnsafe(ref rr, (nuint)i);
            }
        }

        for (; i < a.Length; i++)
        {
            Unsafe.Add(ref rr, i) = TOp.Apply(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i));
        }
    }

    /// <summary>One element-wise rule, for a vector of elements and for one.</summary>
    private interface IElementwise<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract Vector<T> Apply(Vector<T> a, Vector<T> b);

        static abstract T Apply(T a, T b);
    }

    /// <summary>(u, u) → u &lt; 0 ? 0 : u.</summary>
    private readonly struct ReLUForward<T> : IElementwise<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<T> Apply(Vector<T> u, Vector<T> unused) => Vector.ConditionalSelect(Vector.LessThan(u, Vector<T>.Zero), Vector<T>.Zero, u);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Apply(T u, T unused) => u < T.Zero ? T.Zero : u;
    }

    /// <summary>(d, u) → u &gt; 0 ? d : 0.</summary>
    private readonly struct ReLUDerivative<T> : IElementwise<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<T> Apply(Vector<T> d, Vector<T> u) => Vector.ConditionalSelect(Vector.GreaterThan(u, Vector<T>.Zero), d, Vector<T>.Zero);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Apply(T d, T u) => u > T.Zero ? d : T.Zero;
    }

    /// <summary>(d, z) → d·(1 − z²).</summary>
    private readonly struct TanhDerivative<T> : IElementwise<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<T> Apply(Vector<T> d, Vector<T> z) => d * (Vector<T>.One - (z * z));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Apply(T d, T z) => d * (T.One - (z * z));
    }

    /// <summary>(d, z) → d·z·(1 − z).</summary>
    private readonly struct SigmoidDerivative<T> : IElementwise<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<T> Apply(Vector<T> d, Vector<T> z) => d * z * (Vector<T>.One - z);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Apply(T d, T z) => d * z * (T.One - z);
    }

    private static void Same(int a, int b)
    {
        if (a != b)
        {
            Guard.ThrowLength("z", b, a);
        }
    }
}
