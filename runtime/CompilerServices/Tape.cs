using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen.CompilerServices;

/// <summary>
/// The stack a generated reverse sweep keeps values on. Generated code holds it in two locals, a span
/// and a count (<c>tape[taped++] = v;</c> … <c>v = tape[--taped];</c>), which the JIT keeps in
/// registers; the span starts as a small <c>stackalloc</c> and, where a loop iteration may need more
/// than is left, <see cref="Grow"/> moves it to an array rented from <see cref="ArrayPool{T}.Shared"/>
/// (doubling: a loop's trip count may be known only as it runs). <see cref="Release"/> returns the
/// array before the method returns. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Tape
{
    /// <summary>The values a generated method keeps on its own stack before renting.</summary>
    public const int StackValues = 64;

    [ThreadStatic]
    private static long t_largest;

    /// <summary>The most values a tape rented on this thread held since <see cref="ResetLargest"/> (what a reverse sweep kept; for tests and tuning).</summary>
    public static long Largest => t_largest;

    /// <summary>Starts <see cref="Largest"/> again.</summary>
    public static void ResetLargest() => t_largest = 0;

    /// <summary>
    /// A tape with room for <paramref name="needed"/> more values after the first <paramref name="count"/>
    /// of <paramref name="current"/>, which it holds: a rented array of at least twice the size, the
    /// previous rented one (if any) returned.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Span<double> Grow(scoped ReadOnlySpan<double> current, int count, int needed, ref double[]? pool)
    {
        long wanted = Math.Max(Math.Max(1024L, 2L * current.Length), (long)count + needed);
        if (wanted > Array.MaxLength)
        {
            if ((long)count + needed > Array.MaxLength)
            {
                throw new InsufficientMemoryException("A generated reverse sweep needs more than " + Array.MaxLength + " values on its tape; split the loop, or use fewer iterations per call.");
            }

            wanted = Array.MaxLength;
        }

        double[] next = ArrayPool<double>.Shared.Rent((int)wanted);
        t_largest = Math.Max(t_largest, wanted);
        current.Slice(0, count).CopyTo(next);
        Release(ref pool);
        pool = next;
        return next;
    }

    /// <summary>Returns the rented array, if any.</summary>
    public static void Release(ref double[]? pool)
    {
        if (pool is not null)
        {
            ArrayPool<double>.Shared.Return(pool);
            pool = null;
        }
    }
}
