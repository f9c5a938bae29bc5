using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Numerics;
using NetGen.CompilerServices;

namespace NetGen;

/// <summary>How <see cref="Trainer.Fit(INetwork, IOptimizer, ReadOnlySpan{double}, ReadOnlySpan{double}, TrainingOptions)"/> trains.</summary>
public sealed record TrainingOptions
{
    /// <summary>The number of passes over the training rows (at most; early stopping may end sooner). Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Rows per gradient step; the last batch of an epoch may be shorter. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The seed of the row shuffle (a Fisher–Yates shuffle driven by <see cref="SplitMix64"/>); null keeps the rows in order.</summary>
    public long? ShuffleSeed { get; init; } = 0;

    /// <summary>Rows evaluated after every epoch (N × InputCount); empty for none.</summary>
    public ReadOnlyMemory<double> ValidationInputs { get; init; }

    /// <summary>The validation rows' targets (N × OutputCount).</summary>
    public ReadOnlyMemory<double> ValidationTargets { get; init; }

    /// <summary>
    /// Stop when the monitored loss (validation loss when there is a validation set, else training
    /// loss) has not improved for this many epochs, and restore the parameters of the best epoch.
    /// Null (the default) trains every epoch.
    /// </summary>
    public int? Patience { get; init; }

    /// <summary>The smallest decrease that counts as an improvement for early stopping. Default 0.</summary>
    public double MinDelta { get; init; }

    /// <summary>
    /// Called before each epoch with the epoch (0-based) and the current learning rate; returns the
    /// learning rate for the epoch (a schedule: step decay, cosine, warm-up …). Null keeps it.
    /// </summary>
    public Func<int, double, double>? LearningRateSchedule { get; init; }

    /// <summary>Called after each epoch with its figures (allocation-free for a delegate that allocates nothing).</summary>
    public Action<EpochReport>? OnEpoch { get; init; }

    /// <summary>Receives each epoch's figures too (<see cref="Progress{T}"/> posts to the captured context).</summary>
    public IProgress<EpochReport>? Progress { get; init; }
}

/// <summary>One epoch's figures.</summary>
/// <param name="Epoch">The epoch, 0-based.</param>
/// <param name="Epochs">The number of epochs asked for.</param>
/// <param name="TrainingLoss">The mean per-row loss over the epoch's batches, each measured before its step.</param>
/// <param name="ValidationLoss">The validation set's mean loss after the epoch; NaN without one.</param>
/// <param name="ValidationAccuracy">The validation accuracy after the epoch (softmax networks); NaN otherwise.</param>
/// <param name="LearningRate">The learning rate used in the epoch.</param>
public readonly record struct EpochReport(int Epoch, int Epochs, double TrainingLoss, double ValidationLoss, double ValidationAccuracy, double LearningRate);

/// <summary>What <see cref="Trainer.Fit(INetwork, IOptimizer, ReadOnlySpan{double}, ReadOnlySpan{double}, TrainingOptions)"/> did, epoch by epoch.</summary>
public sealed class TrainingHistory
{
    private readonly double[] _trainingLoss;
    private readonly double[] _validationLoss;
    private readonly double[] _validationAccuracy;

    internal TrainingHistory(int capacity)
    {
        _trainingLoss = new double[capacity];
        _validationLoss = new double[capacity];
        _validationAccuracy = new double[capacity];
    }

    /// <summary>The number of epochs run.</summary>
    public int Epochs { get; private set; }

    /// <summary>The mean training loss of each epoch run.</summary>
    public IReadOnlyList<double> TrainingLoss => new ArraySegment<double>(_trainingLoss, 0, Epochs);

    /// <summary>The validation loss after each epoch run (NaN without a validation set).</summary>
    public IReadOnlyList<double> ValidationLoss => new ArraySegment<double>(_validationLoss, 0, Epochs);

    /// <summary>The validation accuracy after each epoch run (NaN without a validation set or for regression).</summary>
    public IReadOnlyList<double> ValidationAccuracy => new ArraySegment<double>(_validationAccuracy, 0, Epochs);

    /// <summary>The epoch (0-based) with the lowest monitored loss; with early stopping, the parameters are that epoch's.</summary>
    public int BestEpoch { get; internal set; }

    /// <summary>Whether early stopping ended the training before the last epoch.</summary>
    public bool StoppedEarly { get; internal set; }

    internal void Add(double trainingLoss, double validationLoss, double validationAccuracy)
    {
        _trainingLoss[Epochs] = trainingLoss;
        _validationLoss[Epochs] = validationLoss;
        _validationAccuracy[Epochs] = validationAccuracy;
        Epochs++;
    }
}

/// <summary>
/// Mini-batch training of any generated network with any optimizer: shuffled batches gathered into
/// buffers allocated once per call, the batch gradient averaged over the batch (the mean, as
/// PyTorch's default reduction), validation, early stopping, a learning-rate schedule and progress.
/// After its setup an epoch allocates nothing.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="network"/> on the rows of <paramref name="inputs"/> and <paramref name="targets"/>.</summary>
    /// <param name="network">The network; its parameters are trained in place (initialize them first).</param>
    /// <param name="optimizer">The optimizer, sized for the network's parameters.</param>
    /// <param name="inputs">N × InputCount values, row-major.</param>
    /// <param name="targets">N × OutputCount values, row-major.</param>
    /// <param name="options">Epochs, batch size, shuffle, validation, early stopping, schedule, progress.</param>
    /// <returns>The per-epoch figures.</returns>
    /// <exception cref="ArgumentException">Row lengths that do not divide or do not match, a batch size ≤ 0, a negative epoch count, an optimizer sized for another parameter count, a non-finite learning rate. Thrown before any work.</exception>
    public static TrainingHistory Fit(INetwork network, IOptimizer optimizer, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Fit<double>(network, optimizer, inputs, targets, options, options.ValidationInputs.Span, options.ValidationTargets.Span);
    }

    /// <summary>Not a training call: a float network needs an optimizer over float. This overload exists so that the compiler says so.</summary>
    [Obsolete("A float network ([Network(Precision = Precision.Single)]) trains with an optimizer over float: new Adam<float>(Net.ParameterCount, learningRate) (or Sgd<float>, AdamW<float>).", error: true)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static TrainingHistory Fit(INetwork<float> network, IOptimizer<double> optimizer, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, TrainingOptions options, ReadOnlySpan<float> validationInputs = default, ReadOnlySpan<float> validationTargets = default) =>
        throw new NotSupportedException("A float network trains with an optimizer over float, such as Adam<float>.");

    /// <summary>Not a training call: a double network needs an optimizer over double. This overload exists so that the compiler says so.</summary>
    [Obsolete("A double network trains with an optimizer over double: new Adam(Net.ParameterCount, learningRate) (or Sgd, AdamW); Adam<float> is for [Network(Precision = Precision.Single)].", error: true)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static TrainingHistory Fit(INetwork<double> network, IOptimizer<float> optimizer, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, TrainingOptions options, ReadOnlySpan<double> validationInputs = default, ReadOnlySpan<double> validationTargets = default) =>
        throw new NotSupportedException("A double network trains with an optimizer over double, such as Adam.");

    /// <summary>Values of another number type, converted to <typeparamref name="T"/> (rounded to nearest).</summary>
    private static T[] Narrow<T>(ReadOnlySpan<double> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = T.CreateTruncating(values[i]);
        }

        return result;
    }

    /// <summary>
    /// Trains a network of any precision. The validation rows are given here, in the network's
    /// number type, or in <see cref="TrainingOptions.ValidationInputs"/> and <see cref="TrainingOptions.ValidationTargets"/>
    /// (doubles; for a float network they are rounded to float once, before the first epoch).
    /// </summary>
    /// <inheritdoc cref="Fit(INetwork, IOptimizer, ReadOnlySpan{double}, ReadOnlySpan{double}, TrainingOptions)"/>
    public static TrainingHistory Fit<T>(INetwork<T> network, IOptimizer<T> optimizer, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, TrainingOptions options, ReadOnlySpan<T> validationInputs = default, ReadOnlySpan<T> validationTargets = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        if (typeof(T) != typeof(double) && (!options.ValidationInputs.IsEmpty || !options.ValidationTargets.IsEmpty))
        {
            if (!validationInputs.IsEmpty || !validationTargets.IsEmpty)
            {
                throw new ArgumentException("Validation rows are given twice: in TrainingOptions.ValidationInputs/ValidationTargets and in Fit's validationInputs/validationTargets; give them once.", nameof(options));
            }

            // A float network: the options' double rows, rounded once to the network's number type (as its inputs are).
            validationInputs = Narrow<T>(options.ValidationInputs.Span);
            validationTargets = Narrow<T>(options.ValidationTargets.Span);
        }

        int inputCount = network.InputCount, outputCount = network.OutputCount, parameterCount = network.ParameterCount;
        int rows = Guard.Batch(inputs.Length, inputCount, targets.Length, outputCount);
        if (options.BatchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1.");
        }

        if (options.Epochs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "Epochs must not be negative.");
        }

        if (options.Patience is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Patience, "Patience must be at least 1 (or null for none).");
        }

        if (!double.IsFinite(optimizer.LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer.LearningRate, "The optimizer's learning rate must be a finite number.");
        }

        if (optimizer is Optimizer<T> sized && sized.ParameterCount != parameterCount)
        {
            throw new ArgumentException($"The optimizer was created for {sized.ParameterCount} parameters; the network has {parameterCount}.", nameof(optimizer));
        }

        if (network.Parameters.Length != parameterCount)
        {
            throw new ArgumentException($"The network's Parameters has length {network.Parameters.Length}; its ParameterCount is {parameterCount}.", nameof(network));
        }

        bool validate = !validationInputs.IsEmpty || !validationTargets.IsEmpty;
        if (validate)
        {
            Guard.Batch(validationInputs.Length, inputCount, validationTargets.Length, outputCount);
        }

        // Setup: every buffer an epoch needs, once.
        int batchSize = Math.Max(1, Math.Min(options.BatchSize, rows));
        var order = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            order[i] = i;
        }

        var batchInputs = new T[batchSize * inputCount];
        var batchTargets = new T[batchSize * outputCount];
        var gradient = new T[parameterCount];
        T[]? best = options.Patience is not null ? new T[parameterCount] : null;
        var history = new TrainingHistory(options.Epochs);
        var random = new SplitMix64(options.ShuffleSeed ?? 0);
        double bestLoss = double.PositiveInfinity;
        int sinceBest = 0;

        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            if (options.LearningRateSchedule is { } schedule)
            {
                optimizer.LearningRate = schedule(epoch, optimizer.LearningRate);
            }

            if (options.ShuffleSeed is not null)
            {
                for (int i = rows - 1; i > 0; i--)
                {
                    int j = random.NextInt32(i + 1);
                    (order[i], order[j]) = (order[j], order[i]);
                }
            }

            double lossSum = 0;
            for (int start = 0; start < rows; start += batchSize)
            {
                int count = Math.Min(batchSize, rows - start);
                Span<T> x = batchInputs.AsSpan(0, count * inputCount);
                Span<T> t = batchTargets.AsSpan(0, count * outputCount);
                for (int r = 0; r < count; r++)
                {
                    int row = order[start + r];
                    inputs.Slice(row * inputCount, inputCount).CopyTo(x.Slice(r * inputCount, inputCount));
                    targets.Slice(row * outputCount, outputCount).CopyTo(t.Slice(r * outputCount, outputCount));
                }

                T batchLoss = network.Gradient(x, t, gradient);
                lossSum += double.CreateTruncating(batchLoss);

                // The mean over the batch, as PyTorch's default reduction.
                Kernels.Scale(gradient, T.One / T.CreateTruncating(count));
                optimizer.Step(network.Parameters, gradient);
            }

            double trainingLoss = rows == 0 ? double.NaN : lossSum / rows;
            Evaluation validation = validate ? network.Evaluate(validationInputs, validationTargets) : new Evaluation(double.NaN, double.NaN, 0);
            history.Add(trainingLoss, validation.MeanLoss, validation.Accuracy);
            var report = new EpochReport(epoch, options.Epochs, trainingLoss, validation.MeanLoss, validation.Accuracy, optimizer.LearningRate);
            options.OnEpoch?.Invoke(report);
            options.Progress?.Report(report);

            double monitored = validate ? validation.MeanLoss : trainingLoss;
            if (monitored < bestLoss - options.MinDelta || epoch == 0)
            {
                bestLoss = Math.Min(bestLoss, monitored);
                history.BestEpoch = epoch;
                sinceBest = 0;
                if (best is not null)
                {
                    network.Parameters.CopyTo(best);
                }
            }
            else if (options.Patience is { } patience && ++sinceBest >= patience)
            {
                history.StoppedEarly = epoch < options.Epochs - 1;
                best.AsSpan().CopyTo(network.Parameters);
                return history;
            }
        }

        if (best is not null && history.Epochs > 0 && history.BestEpoch != history.Epochs - 1)
        {
            best.AsSpan().CopyTo(network.Parameters);
        }

        return history;
    }
}
