using System;
using System.Buffers;
using System.ComponentModel;

namespace NetGen.CompilerServices;

/// <summary>
/// Scratch arrays of generated code (a <c>stackalloc</c> span's pooled stand-in, adjoints, tangents):
/// rented from <see cref="ArrayPool{T}.Shared"/> on first use in a call, reused (and grown) while the call
/// runs, returned before it returns, so that calls after the first allocate nothing. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Buffers
{
    /// <summary>A zeroed span of <paramref name="length"/> elements over <paramref name="pool"/> (rented, or grown, as needed).</summary>
    public static Span<T> Zeroed<T>(scoped ref T[]? pool, int length)
    {
        if (length < 0)
        {
            throw new OverflowException("A span length of " + length + " was asked for.");
        }

        if (pool is null || pool.Length < length)
        {
            if (pool is not null)
            {
                ArrayPool<T>.Shared.Return(pool);
            }

            pool = ArrayPool<T>.Shared.Rent(Math.Max(length, 16));
        }

        Span<T> span = pool.AsSpan(0, length);
        span.Clear();
        return span;
    }

    /// <summary>Returns the array to the pool.</summary>
    public static void Release<T>(ref T[]? pool)
    {
        if (pool is not null)
        {
            ArrayPool<T>.Shared.Return(pool);
            pool = null;
        }
    }
}
