using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>The digits classifier of the sample: 64-32(ReLU)-10, softmax cross-entropy.</summary>
[Network(64, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(32, Activation.ReLU)]
[Dense(10)]
public partial class DigitsNet
{
}

/// <summary>
/// Epochs of the digits classifier (1,437 training rows, batch 32, Adam η = 0.005, shuffled): the
/// runtime's <see cref="Trainer"/> against the same loop written by hand over the same generated
/// calls, and against TorchSharp's equivalent loop (nn.Linear layers, torch.optim.Adam, float64,
/// one thread). Each invocation runs <see cref="EpochsPerInvoke"/> epochs, so the figures are per
/// epoch and Trainer's one-off setup (its buffers) is spread over them.
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    public const int EpochsPerInvoke = 20;
    private const int BatchSize = 32;
    private const double LearningRate = 0.005;

    private double[] _x = Array.Empty<double>();
    private double[] _t = Array.Empty<double>();
    private int _rows;
    private DigitsNet _net = new();
    private Adam _adam = null!;
    private TrainingOptions _options = null!;

    // The hand-written loop's buffers, allocated once.
    private int[] _order = Array.Empty<int>();
    private double[] _batchX = Array.Empty<double>();
    private double[] _batchT = Array.Empty<double>();
    private double[] _gradient = Array.Empty<double>();
    private SplitMix64 _random;

    // TorchSharp.
    private torch.nn.Module<Tensor, Tensor>? _torchNet;
    private torch.optim.Optimizer? _torchAdam;
    private Tensor? _torchX;
    private Tensor? _torchLabels;

    [GlobalSetup]
    public void Setup()
    {
        (_x, _t) = Load();
        _rows = _t.Length / 10;
        _net = new DigitsNet();
        _net.Initialize(2026);
        _adam = new Adam(DigitsNet.ParameterCount, LearningRate);
        _options = new TrainingOptions { Epochs = EpochsPerInvoke, BatchSize = BatchSize, ShuffleSeed = 2026 };
        _order = Enumerable.Range(0, _rows).ToArray();
        _batchX = new double[BatchSize * 64];
        _batchT = new double[BatchSize * 10];
        _gradient = new double[DigitsNet.ParameterCount];
        _random = new SplitMix64(2026);

        // The hand-written loop and Trainer must take the same steps: check one epoch of each from the same start.
        var a = new DigitsNet();
        var b = new DigitsNet();
        a.Initialize(7);
        b.Initialize(7);
        Trainer.Fit(a, new Adam(DigitsNet.ParameterCount, LearningRate), _x, _t, _options with { Epochs = 1 });
        HandWrittenEpochs(b, new Adam(DigitsNet.ParameterCount, LearningRate), new SplitMix64(2026), 1);
        if (!a.Parameters.SequenceEqual(b.Parameters))
        {
            throw new InvalidOperationException("The hand-written loop and Trainer disagree.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EpochsPerInvoke, Description = "Trainer.Fit")]
    public int TrainerEpoch() => Trainer.Fit(_net, _adam, _x, _t, _options).Epochs;

    [Benchmark(OperationsPerInvoke = EpochsPerInvoke, Description = "hand-written loop, same generated calls")]
    public int HandWrittenEpoch() => HandWrittenEpochs(_net, _adam, _random, EpochsPerInvoke);

    private int HandWrittenEpochs(DigitsNet net, Adam adam, SplitMix64 random, int epochs)
    {
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int i = _rows - 1; i > 0; i--)
            {
                int j = random.NextInt32(i + 1);
                (_order[i], _order[j]) = (_order[j], _order[i]);
            }

            for (int start = 0; start < _rows; start += BatchSize)
            {
                int count = Math.Min(BatchSize, _rows - start);
                for (int r = 0; r < count; r++)
                {
                    _x.AsSpan(_order[start + r] * 64, 64).CopyTo(_batchX.AsSpan(r * 64));
                    _t.AsSpan(_order[start + r] * 10, 10).CopyTo(_batchT.AsSpan(r * 10));
                }

                net.Gradient(_batchX.AsSpan(0, count * 64), _batchT.AsSpan(0, count * 10), _gradient);
                double scale = 1.0 / count;
                for (int i = 0; i < _gradient.Length; i++)
                {
                    _gradient[i] *= scale;
                }

                adam.Step(net.Parameters, _gradient);
            }
        }

        _random = random;
        return epochs;
    }

    [GlobalSetup(Target = nameof(TorchEpoch))]
    public void SetupTorch()
    {
        Setup();
        TorchNetwork.UseOneThread();
        var linear1 = torch.nn.Linear(64, 32, dtype: float64);
        var linear2 = torch.nn.Linear(32, 10, dtype: float64);
        _torchNet = torch.nn.Sequential(("l1", linear1), ("relu", torch.nn.ReLU()), ("l2", linear2));
        _torchAdam = torch.optim.Adam(_torchNet.parameters(), LearningRate);
        _torchX = torch.tensor(_x, new long[] { _rows, 64 }, float64);
        long[] labels = Enumerable.Range(0, _rows).Select(k => (long)Array.IndexOf(_t, 1.0, k * 10, 10) - (k * 10)).ToArray();
        _torchLabels = torch.tensor(labels, new long[] { _rows }, int64);
    }

    [Benchmark(OperationsPerInvoke = EpochsPerInvoke, Description = "TorchSharp loop, 1 thread")]
    public int TorchEpoch()
    {
        for (int epoch = 0; epoch < EpochsPerInvoke; epoch++)
        {
            using var scope = torch.NewDisposeScope();
            Tensor permutation = torch.randperm(_rows, dtype: int64);
            for (int start = 0; start < _rows; start += BatchSize)
            {
                int count = Math.Min(BatchSize, _rows - start);
                using var batchScope = torch.NewDisposeScope();
                Tensor index = permutation.narrow(0, start, count);
                Tensor x = _torchX!.index_select(0, index);
                Tensor y = _torchLabels!.index_select(0, index);
                _torchAdam!.zero_grad();
                Tensor loss = torch.nn.functional.cross_entropy(_torchNet!.forward(x), y);
                loss.backward();
                _torchAdam.step();
            }
        }

        return EpochsPerInvoke;
    }

    private static (double[] X, double[] T) Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "digits.csv.gz");
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var x = new System.Collections.Generic.List<double>();
        var t = new System.Collections.Generic.List<double>();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            string[] fields = line.Split(',');
            x.AddRange(fields.Take(64).Select(f => double.Parse(f, System.Globalization.CultureInfo.InvariantCulture) / 16.0));
            int label = int.Parse(fields[64], System.Globalization.CultureInfo.InvariantCulture);
            t.AddRange(Enumerable.Range(0, 10).Select(c => c == label ? 1.0 : 0.0));
        }

        // The sample's training split size (80 %); the rows themselves need not be the same ones.
        int rows = (int)(x.Count / 64 * 0.8);
        return (x.Take(rows * 64).ToArray(), t.Take(rows * 10).ToArray());
    }
}
