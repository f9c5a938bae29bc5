using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen.CompilerServices;

/// <summary>
/// The stack a generated reverse sweep keeps values on: the forward sweep pushes what a loop's
/// iterations overwrite, the reverse sweep pops it back, last in first out. It starts in a buffer
/// on the caller's stack and moves to an array rented from <see cref="ArrayPool{T}.Shared"/> when
/// that is full (growing as needed: a loop's trip count may be known only as it runs);
/// <see cref="Dispose"/> returns the array. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct Tape
{
    private Span<double> _buffer;
    private double[]? _rented;
    private int _count;

    /// <summary>A tape that starts in <paramref name="initial"/> (usually a small <c>stackalloc</c>).</summary>
    public Tape(Span<double> initial)
    {
        _buffer = initial;
        _rented = null;
        _count = 0;
    }

    /// <summary>How many values are on the tape.</summary>
    public readonly int Count => _count;

    /// <summary>Pushes a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value)
    {
        if ((uint)_count >= (uint)_buffer.Length)
        {
            Grow();
        }

        _buffer[_count++] = value;
    }

    /// <summary>Pops the value pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Pop() => _buffer[--_count];

    /// <summary>Returns the rented array, if any, to the pool.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<double>.Shared.Return(_rented);
            _rented = null;
        }

        _buffer = default;
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        long wanted = Math.Max(1024L, 2L * _buffer.Length);
        if (wanted > Array.MaxLength)
        {
            if (_buffer.Length >= Array.MaxLength)
            {
                throw new InsufficientMemoryException("A generated reverse sweep needs more than " + Array.MaxLength + " values on its tape; split the loop, or use fewer iterations per call.");
            }

            wanted = Array.MaxLength;
        }

        double[] next = ArrayPool<double>.Shared.Rent((int)wanted);
        _buffer.Slice(0, _count).CopyTo(next);
        if (_rented is not null)
        {
            ArrayPool<double>.Shared.Return(_rented);
        }

        _rented = next;
        _buffer = next;
    }
}
