using System;
using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace NetGen.CompilerServices;

/// <summary>
/// The layer extras of the loop form and of blocks of rows — residual addition, layer norm and
/// dropout — over rows × units matrices, row-major: the same math that the straight-line form writes
/// per unit (<c>generator/Networks/Rules/LayerRules.cs</c>). Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Layers
{
    /// <summary>ε of the layer norm: 10⁻⁵, as <c>nn.LayerNorm</c>.</summary>
    public const double NormEpsilon = 1e-5;

    /// <summary>o = a + b, element by element (the residual connection).</summary>
    public static void Add<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> o)
        where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Add(a, b, o);

    /// <summary>o = a·b, element by element (dropout: b is the mask of 0 and 1/(1 − p)).</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> o)
        where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Multiply(a, b, o);

    /// <summary>
    /// Layer norm of each of <paramref name="rows"/> rows of r, in place allowed (o may be r):
    /// μ = Σ r / n, c = r − μ, σ² = Σ c² / n (biased), inv = 1/√(σ² + ε), h = c·inv, o = h·γ + β.
    /// Writes h and inv (one per row) for the backward pass.
    /// </summary>
    public static void NormForward<T>(ReadOnlySpan<T> r, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> h, Span<T> inv, Span<T> o, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = gamma.Length;
        T count = T.CreateTruncating(n);
        T epsilon = T.CreateTruncating(NormEpsilon);
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<T> ri = r.Slice(row * n, n);
            Span<T> hi = h.Slice(row * n, n);
            T mean = TensorPrimitives.Sum(ri) / count;
            TensorPrimitives.Subtract(ri, mean, hi); // c = r − μ (r is read in full before o, which may be r, is written)
            T scale = T.One / T.Sqrt((TensorPrimitives.SumOfSquares<T>(hi) / count) + epsilon);
            inv[row] = scale;
            TensorPrimitives.Multiply(hi, scale, hi);
            TensorPrimitives.FusedMultiplyAdd(hi, gamma, beta, o.Slice(row * n, n));
        }
    }

    /// <summary>
    /// The layer norm's backward pass over <paramref name="rows"/> rows, in place on d (∂L/∂o in,
    /// ∂L/∂r out): ∂L/∂γ += Σ d·h, ∂L/∂β += Σ d, e = d·γ, ∂L/∂r = inv·(e − mean(e) − h·mean(e·h)).
    /// </summary>
    public static void NormBackward<T>(Span<T> d, ReadOnlySpan<T> h, ReadOnlySpan<T> inv, ReadOnlySpan<T> gamma, Span<T> gammaGradient, Span<T> betaGradient, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = gamma.Length;
        T count = T.CreateTruncating(n);
        for (int row = 0; row < rows; row++)
        {
            Span<T> di = d.Slice(row * n, n);
            ReadOnlySpan<T> hi = h.Slice(row * n, n);
            TensorPrimitives.FusedMultiplyAdd(di, hi, gammaGradient, gammaGradient);
            TensorPrimitives.Add(betaGradient, di, betaGradient);
            TensorPrimitives.Multiply(di, gamma, di); // e = d·γ
            T meanE = TensorPrimitives.Sum<T>(di) / count, meanEh = TensorPrimitives.Dot<T>(di, hi) / count;
            TensorPrimitives.Subtract(di, meanE, di);
            TensorPrimitives.FusedMultiplyAdd(hi, -meanEh, di, di);
            TensorPrimitives.Multiply(di, inv[row], di);
        }
    }
}

/// <summary>
/// The dropout masks of generated networks: a counter-based generator, so that the mask of a unit
/// depends only on the seed, the call, the row and the unit — never on the thread count, the form
/// (unrolled, lanes, blocks) or the machine. Unit j of row k in call c is kept when the top 53 bits
/// of mix(key(seed, c), k, j) as a fraction in [0, 1) are at least p. Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Dropout
{
    /// <summary>The key of call number <paramref name="call"/> of a network seeded with <paramref name="seed"/>.</summary>
    public static ulong Key(int seed, long call) => Mix(Mix((ulong)(uint)seed + 0x9E3779B97F4A7C15UL) ^ ((ulong)call * 0xD1B54A32D192ED03UL));

    /// <summary>Whether unit <paramref name="unit"/> of row <paramref name="row"/> is kept under <paramref name="key"/>.</summary>
    public static bool Keeps(ulong key, long row, int unit, double p)
    {
        ulong bits = Mix(key ^ Mix(((ulong)row * 0x9E3779B97F4A7C15UL) + ((ulong)(uint)unit * 0xBF58476D1CE4E5B9UL) + 0x632BE59BD9B4E019UL));
        return (bits >> 11) * (1.0 / (1UL << 53)) >= p;
    }

    /// <summary>The mask value of a unit: <paramref name="scale"/> (1/(1 − p)) where it is kept, else 0.</summary>
    public static double Scale(ulong key, long row, int unit, double p, double scale) => Keeps(key, row, unit, p) ? scale : 0.0;

    /// <summary>The mask value of a unit, in float.</summary>
    public static float Scale(ulong key, long row, int unit, double p, float scale) => Keeps(key, row, unit, p) ? scale : 0f;

    /// <summary>The mask values of a unit for rows row … row + 7 (double) or … + 15 (float), one per lane.</summary>
    public static Vector512<T> Scale<T>(ulong key, long row, int unit, double p, Vector512<T> scale)
        where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector512<T>.Count];
        Fill(lanes, key, row, unit, p, scale.GetElement(0));
        return Vector512.Create<T>(lanes);
    }

    /// <summary>The mask values of a unit for rows row … row + 3 (double) or … + 7 (float), one per lane.</summary>
    public static Vector256<T> Scale<T>(ulong key, long row, int unit, double p, Vector256<T> scale)
        where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector256<T>.Count];
        Fill(lanes, key, row, unit, p, scale.GetElement(0));
        return Vector256.Create<T>(lanes);
    }

    /// <summary>Lane j: the unit's mask value in row <paramref name="row"/> + j.</summary>
    private static void Fill<T>(Span<T> lanes, ulong key, long row, int unit, double p, T scale)
        where T : unmanaged
    {
        for (int j = 0; j < lanes.Length; j++)
        {
            lanes[j] = Keeps(key, row + j, unit, p) ? scale : default;
        }
    }

    /// <summary>
    /// The mask of <paramref name="rows"/> rows × <paramref name="units"/> units from row
    /// <paramref name="firstRow"/>, the layer's units numbered from <paramref name="firstUnit"/>.
    /// </summary>
    public static void Mask<T>(Span<T> mask, int rows, int units, ulong key, long firstRow, int firstUnit, double p, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int row = 0; row < rows; row++)
        {
            for (int j = 0; j < units; j++)
            {
                mask[(row * units) + j] = Keeps(key, firstRow + row, firstUnit + j, p) ? scale : T.Zero;
            }
        }
    }

    /// <summary>SplitMix64's finalizer: a bijection of 64-bit values that mixes every bit.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
