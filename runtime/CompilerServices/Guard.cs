using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace NetGen.CompilerServices;

/// <summary>Argument checks used by generated code. Not meant to be called directly.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Guard
{
    /// <summary>Throws when <paramref name="actual"/> differs from <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Length(string argument, int actual, int expected)
    {
        if (actual != expected)
        {
            ThrowLength(argument, actual, expected);
        }
    }

    /// <summary>Throws when <paramref name="actual"/> differs from <paramref name="expected"/>, a length computed in 64 bits (a product of lengths) that no int length can wrap around to.</summary>
    public static void Length(string argument, int actual, long expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                $"'{argument}' has length {actual}; expected length {expected}.", argument);
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> for a span of the wrong length.</summary>
    [DoesNotReturn]
    public static void ThrowLength(string argument, int actual, int expected) =>
        throw new ArgumentException(
            $"'{argument}' has length {actual}; expected length {expected}.", argument);

    /// <summary>Checks a batch: <paramref name="inputsLength"/> must be a multiple of <paramref name="inputCount"/>
    /// and <paramref name="targetsLength"/> must hold as many rows of <paramref name="outputCount"/>. Returns the batch size.
    /// The products are formed in 64 bits, so no length can wrap around and pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Batch(int inputsLength, int inputCount, int targetsLength, int outputCount, string targetsName = "targets")
    {
        if (inputCount <= 0 || outputCount < 0)
        {
            ThrowBatch(inputsLength, inputCount, targetsLength, outputCount, targetsName);
        }

        // Generated code passes constants, so the division becomes a multiplication.
        int n = inputsLength / inputCount;
        if (inputsLength != n * inputCount || targetsLength != (long)n * outputCount)
        {
            ThrowBatch(inputsLength, inputCount, targetsLength, outputCount, targetsName);
        }

        return n;
    }

    [DoesNotReturn]
    private static void ThrowBatch(int inputsLength, int inputCount, int targetsLength, int outputCount, string targetsName)
    {
        if (inputCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputCount), inputCount, "A network has at least one input.");
        }

        if (outputCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outputCount), outputCount, "A network has at least one output.");
        }

        int n = inputsLength / inputCount;
        if (inputsLength != n * inputCount)
        {
            throw new ArgumentException(
                $"'inputs' has length {inputsLength}; expected a multiple of {inputCount} (N rows of {inputCount} inputs).", "inputs");
        }

        throw new ArgumentException(
            $"'{targetsName}' has length {targetsLength}; expected length {(long)n * outputCount} ({n} rows of {outputCount} values, one row per input row).", targetsName);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming both arguments when <paramref name="written"/>
    /// shares memory with <paramref name="other"/>: a member that writes one while reading the other
    /// would read what it has already overwritten.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlap(string writtenName, ReadOnlySpan<double> written, string otherName, ReadOnlySpan<double> other)
    {
        if (written.Overlaps(other))
        {
            ThrowOverlap(writtenName, otherName);
        }
    }

    /// <inheritdoc cref="NoOverlap(string, ReadOnlySpan{double}, string, ReadOnlySpan{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlap(string writtenName, ReadOnlySpan<float> written, string otherName, ReadOnlySpan<float> other)
    {
        if (written.Overlaps(other))
        {
            ThrowOverlap(writtenName, otherName);
        }
    }

    [DoesNotReturn]
    private static void ThrowOverlap(string writtenName, string otherName) =>
        throw new ArgumentException(
            $"'{writtenName}' overlaps '{otherName}'; it is written while '{otherName}' is read, so pass a separate buffer. Nothing was written.", writtenName);

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> when the learning rate is NaN or infinite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Finite(string argument, float value) => Finite(argument, (double)value);

    /// <summary>Throws when <paramref name="value"/> is NaN or infinite.</summary>
    public static void Finite(string argument, double value)
    {
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(argument, value);
        }
    }

    [DoesNotReturn]
    private static void ThrowNotFinite(string argument, double value) =>
        throw new ArgumentOutOfRangeException(argument, value, $"'{argument}' must be a finite number.");
}
