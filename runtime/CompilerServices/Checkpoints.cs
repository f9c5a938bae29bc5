using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;

namespace NetGen.CompilerServices;

/// <summary>
/// Checkpoints of a long taped loop (binomial in spirit, √n in memory). A generated reverse sweep tapes
/// the first <see cref="After"/> iterations of a loop at the top of a method as usual; past them, the
/// forward sweep keeps no tape but copies the loop's state (the locals it carries and the arrays it
/// writes) every <c>every</c> iterations into a store, and the reverse sweep runs each segment again
/// from its checkpoint, taped, then backwards. The store starts with a checkpoint every 16 iterations
/// and, when it holds more checkpoints than that interval, keeps every other one and doubles the
/// interval, so that after n iterations it holds about √n checkpoints of about √n iterations each:
/// memory O(√n) instead of O(n), for one more forward sweep. The result is the same, bit for bit, as
/// taping every iteration (the same operations in the same order). For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Checkpoints
{
    /// <summary>The interval between checkpoints a store starts with.</summary>
    public const int FirstInterval = 16;

    [ThreadStatic]
    private static long t_largest;

    /// <summary>The most values a store of checkpoints held on this thread since <see cref="ResetLargest"/> (for tests and tuning).</summary>
    public static long Largest => t_largest;

    /// <summary>Starts <see cref="Largest"/> again.</summary>
    public static void ResetLargest() => t_largest = 0;

    private static int s_after = 1 << 14;

    /// <summary>
    /// The iterations a loop tapes before it checkpoints (default 16,384: a loop of up to that many
    /// iterations runs as it always did). A generated method reads it once per loop; tests lower it to
    /// compare both ways on the same loop.
    /// </summary>
    public static int After
    {
        get => Volatile.Read(ref s_after);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref s_after, value);
        }
    }

    /// <summary>
    /// The slot of the next checkpoint (<paramref name="size"/> values), for an iteration that is a
    /// multiple of <paramref name="every"/> past the taped ones: first thinning the store (every other
    /// checkpoint kept, the interval doubled) when it holds more than <paramref name="every"/>
    /// checkpoints and this iteration is a multiple of the doubled interval; then growing it if needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Span<double> Next(ref double[]? pool, ref int count, ref int every, int size)
    {
        if (count > every && (count & 1) == 0)
        {
            for (int j = 1; j < count / 2; j++)
            {
                pool.AsSpan(2 * j * size, size).CopyTo(pool.AsSpan(j * size, size));
            }

            count /= 2;
            every *= 2;
        }

        long needed = ((long)count + 1) * size;
        if (needed > Array.MaxLength)
        {
            throw new InsufficientMemoryException("A generated reverse sweep needs more than " + Array.MaxLength + " values for the checkpoints of one loop; split the loop, or use fewer iterations per call.");
        }

        if (pool is null || pool.Length < needed)
        {
            double[] next = ArrayPool<double>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed * 2, 256L)));
            if (pool is not null)
            {
                pool.AsSpan(0, count * size).CopyTo(next);
                ArrayPool<double>.Shared.Return(pool);
            }

            pool = next;
        }

        t_largest = Math.Max(t_largest, needed);
        return pool.AsSpan(count++ * size, size);
    }

    /// <summary>The checkpoint <paramref name="index"/>.</summary>
    public static ReadOnlySpan<double> At(double[]? pool, int index, int size) => pool.AsSpan(index * size, size);

    /// <summary>Copies an array's values into a checkpoint at <paramref name="at"/>, and moves past them.</summary>
    public static void Put(ReadOnlySpan<double> values, Span<double> slot, ref int at)
    {
        values.CopyTo(slot.Slice(at));
        at += values.Length;
    }

    /// <inheritdoc cref="Put(ReadOnlySpan{double}, Span{double}, ref int)"/>
    public static void Put(ReadOnlySpan<float> values, Span<double> slot, ref int at)
    {
        for (int i = 0; i < values.Length; i++)
        {
            slot[at + i] = values[i];
        }

        at += values.Length;
    }

    /// <summary>Copies an array's values back from a checkpoint at <paramref name="at"/>, and moves past them.</summary>
    public static void Get(ReadOnlySpan<double> slot, ref int at, Span<double> values)
    {
        slot.Slice(at, values.Length).CopyTo(values);
        at += values.Length;
    }

    /// <inheritdoc cref="Get(ReadOnlySpan{double}, ref int, Span{double})"/>
    public static void Get(ReadOnlySpan<double> slot, ref int at, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)slot[at + i];
        }

        at += values.Length;
    }

    /// <summary>Returns the store's array, if any.</summary>
    public static void Release(ref double[]? pool) => Tape.Release(ref pool);
}
