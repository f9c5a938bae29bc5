using System;
using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace NetGen.CompilerServices;

/// <summary>
/// Runs a batch gradient over several threads for a generated network's
/// <c>Gradient(inputs, targets, gradient, threads)</c>: the rows are split into as many contiguous
/// parts as threads, the first part runs on the calling thread and the others on thread-pool threads,
/// each into its own gradient buffer (and scratch), and the parts are summed in their fixed order, so
/// the result depends only on the thread count, never on scheduling. The buffers are allocated once,
/// with this object; a call allocates nothing. One call at a time. Not meant to be used directly.
/// </summary>
/// <typeparam name="T">double or float.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BatchSplit<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Part[] _parts;

    /// <summary>Prepares <paramref name="threads"/> parts with their buffers.</summary>
    /// <param name="threads">The number of threads, at least 2.</param>
    /// <param name="parameterCount">The length of a gradient.</param>
    /// <param name="scratchLength">The length of the scratch each part needs (0 for none).</param>
    public BatchSplit(int threads, int parameterCount, int scratchLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegative(scratchLength);
        Threads = threads;
        _parts = new Part[threads - 1];
        for (int i = 0; i < _parts.Length; i++)
        {
            _parts[i] = new Part(parameterCount, scratchLength);
        }
    }

    /// <summary>The gradient of some rows: overwrites <c>gradient</c> and returns their loss; <c>scratch</c> is the part's own.</summary>
    public delegate T Rows(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient, Span<T> scratch);

    /// <summary>As <see cref="Rows"/>, told the index of its first row in the whole batch (networks with dropout key their masks by it).</summary>
    public delegate T RowsFrom(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient, Span<T> scratch, int firstRow);

    /// <summary>The number of threads a call uses.</summary>
    public int Threads { get; }

    /// <summary>
    /// Splits the <paramref name="count"/> rows into <see cref="Threads"/> parts, runs
    /// <paramref name="rows"/> on each, and writes the sum of the parts' gradients in part order.
    /// The arguments must already be checked (lengths, overlap).
    /// </summary>
    public T Run(Rows rows, ReadOnlySpan<T> inputs, int inputCount, ReadOnlySpan<T> targets, int outputCount, int count, Span<T> gradient, Span<T> scratch)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return RunCore(rows, null, inputs, inputCount, targets, outputCount, count, gradient, scratch);
    }

    /// <summary>As <see cref="Run(Rows, ReadOnlySpan{T}, int, ReadOnlySpan{T}, int, int, Span{T}, Span{T})"/>, each part told its first row.</summary>
    public T Run(RowsFrom rows, ReadOnlySpan<T> inputs, int inputCount, ReadOnlySpan<T> targets, int outputCount, int count, Span<T> gradient, Span<T> scratch)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return RunCore(null, rows, inputs, inputCount, targets, outputCount, count, gradient, scratch);
    }

    private unsafe T RunCore(Rows? rows, RowsFrom? rowsFrom, ReadOnlySpan<T> inputs, int inputCount, ReadOnlySpan<T> targets, int outputCount, int count, Span<T> gradient, Span<T> scratch)
    {
        fixed (T* x = inputs)
        fixed (T* t = targets)
        {
            for (int p = 1; p < Threads; p++)
            {
                int first = Start(p, count), last = Start(p + 1, count);
                Part part = _parts[p - 1];
                part.Set(rows, rowsFrom, first, x + ((long)first * inputCount), (last - first) * inputCount, t + ((long)first * outputCount), (last - first) * outputCount);
                ThreadPool.UnsafeQueueUserWorkItem(part, preferLocal: false);
            }

            T loss = T.Zero;
            Exception? failure = null;
            try
            {
                int end = Start(1, count);
                loss = rows is not null
                    ? rows(inputs.Slice(0, end * inputCount), targets.Slice(0, end * outputCount), gradient, scratch)
                    : rowsFrom!(inputs.Slice(0, end * inputCount), targets.Slice(0, end * outputCount), gradient, scratch, 0);
            }
            catch (Exception e)
            {
                failure = e;
            }

            // Every part finishes before this returns: they read the caller's spans.
            foreach (Part part in _parts)
            {
                part.Done.Wait();
            }

            if (failure is not null)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }

            foreach (Part part in _parts)
            {
                part.Error?.Throw();
            }

            foreach (Part part in _parts)
            {
                loss += part.Loss;
                TensorPrimitives.Add(gradient, part.Gradient, gradient);
            }

            return loss;
        }
    }

    /// <summary>The first row of part <paramref name="part"/>: the rows split as evenly as they go.</summary>
    private int Start(int part, int count) => (int)((long)count * part / Threads);

    /// <summary>One part run on a thread-pool thread, with its own buffers; reused on every call.</summary>
    private sealed unsafe class Part : IThreadPoolWorkItem
    {
        private readonly T[] _scratch;
        private Rows? _rows;
        private RowsFrom? _rowsFrom;
        private int _first;
        private T* _x;
        private int _xLength;
        private T* _t;
        private int _tLength;

        public Part(int parameterCount, int scratchLength)
        {
            Gradient = new T[parameterCount];
            _scratch = new T[scratchLength];
        }

        public T[] Gradient { get; }

        public T Loss { get; private set; }

        public ExceptionDispatchInfo? Error { get; private set; }

        public ManualResetEventSlim Done { get; } = new(false);

        public void Set(Rows? rows, RowsFrom? rowsFrom, int first, T* x, int xLength, T* t, int tLength)
        {
            _rows = rows;
            _rowsFrom = rowsFrom;
            _first = first;
            _x = x;
            _xLength = xLength;
            _t = t;
            _tLength = tLength;
            Error = null;
            Done.Reset();
        }

        public void Execute()
        {
            try
            {
                Loss = _rows is not null
                    ? _rows(new ReadOnlySpan<T>(_x, _xLength), new ReadOnlySpan<T>(_t, _tLength), Gradient, _scratch)
                    : _rowsFrom!(new ReadOnlySpan<T>(_x, _xLength), new ReadOnlySpan<T>(_t, _tLength), Gradient, _scratch, _first);
            }
            catch (Exception e)
            {
                Error = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                Done.Set();
            }
        }
    }
}
