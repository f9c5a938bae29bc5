using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace NetGen;

/// <summary>Argument checks used by generated code. Not meant to be called directly.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Guard
{
    /// <summary>Throws when <paramref name="actual"/> differs from <paramref name="expected"/>.</summary>
    public static void Length(string argument, int actual, int expected)
    {
        if (actual != expected)
        {
            ThrowLength(argument, actual, expected);
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> for a span of the wrong length.</summary>
    [DoesNotReturn]
    public static void ThrowLength(string argument, int actual, int expected) =>
        throw new ArgumentException(
            $"'{argument}' has length {actual}; expected length {expected}.", argument);

    /// <summary>Checks a batch: <paramref name="inputsLength"/> must be a multiple of <paramref name="inputCount"/>
    /// and <paramref name="targetsLength"/> must hold as many rows of <paramref name="outputCount"/>. Returns the batch size.</summary>
    public static int Batch(int inputsLength, int inputCount, int targetsLength, int outputCount)
    {
        int n = inputCount == 0 ? 0 : inputsLength / inputCount;
        if (inputCount == 0 || inputsLength != n * inputCount)
        {
            throw new ArgumentException(
                $"'inputs' has length {inputsLength}; expected a multiple of {inputCount} (N rows of {inputCount} inputs).", "inputs");
        }

        if (targetsLength != n * outputCount)
        {
            throw new ArgumentException(
                $"'targets' has length {targetsLength}; expected length {n * outputCount} ({n} rows of {outputCount} targets, one row per input row).", "targets");
        }

        return n;
    }

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> when the learning rate is NaN or infinite.</summary>
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
