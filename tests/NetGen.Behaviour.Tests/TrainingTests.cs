using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>The training loop, evaluation, prediction and saved weights.</summary>
public class TrainingTests
{
    private static readonly double[] XorInputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
    private static readonly double[] XorTargets = { 0, 1, 1, 0 };

    [Fact]
    public void XorTrainsBelowOneHundredthFromInitialize()
    {
        var net = new XorNet();
        net.Initialize(seed: 1);
        var gradient = new double[XorNet.ParameterCount];
        double before = net.Gradient(XorInputs, XorTargets, gradient);
        TrainingHistory history = Trainer.Fit(net, new Adam(XorNet.ParameterCount, learningRate: 0.05), XorInputs, XorTargets,
            new TrainingOptions { Epochs = 500, BatchSize = 4, ShuffleSeed = 3 });
        double after = net.Gradient(XorInputs, XorTargets, gradient);
        Assert.True(before > 0.1, $"L before training {before}");
        Assert.True(after < 0.01, $"L after training {after}");
        Assert.Equal(500, history.Epochs);
        Assert.Equal(after / 4, history.TrainingLoss[^1], 2); // the last epoch's mean, measured before its step
        Assert.True(history.TrainingLoss[0] > history.TrainingLoss[^1]);
        Assert.All(history.ValidationLoss, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void ZeroParametersDoNotTrainAndInitializeFixesIt()
    {
        // The report: from all-zero parameters a tanh net on XOR has gradient 0 and never moves.
        var net = new XorNet();
        Trainer.Fit(net, new Adam(XorNet.ParameterCount, 0.05), XorInputs, XorTargets, new TrainingOptions { Epochs = 50, BatchSize = 4 });
        Assert.All(net.W1.ToArray(), v => Assert.Equal(0.0, v));
    }

    /// <summary>
    /// One epoch with batch size 3 over 4 rows in order (no shuffle) and plain SGD: two steps, the
    /// first with the mean gradient of rows 0–2, the second with row 3's own (the short batch is
    /// averaged over its own size). Reproduced here with the network's own Gradient on each batch.
    /// </summary>
    [Fact]
    public void BatchesAreAveragedOverTheirOwnSize()
    {
        var net = new XorNet();
        net.Initialize(5);
        var expected = new XorNet();
        net.Parameters.CopyTo(expected.Parameters);

        Trainer.Fit(net, new Sgd(XorNet.ParameterCount, 0.5), XorInputs, XorTargets, new TrainingOptions { Epochs = 1, BatchSize = 3, ShuffleSeed = null });

        var g = new double[XorNet.ParameterCount];
        expected.Gradient(XorInputs.AsSpan(0, 6), XorTargets.AsSpan(0, 3), g);
        for (int i = 0; i < g.Length; i++)
        {
            expected.Parameters[i] -= 0.5 * (g[i] * (1.0 / 3)); // the mean, as g·(1/n)
        }

        expected.Gradient(XorInputs.AsSpan(6, 2), XorTargets.AsSpan(3, 1), g);
        for (int i = 0; i < g.Length; i++)
        {
            expected.Parameters[i] -= 0.5 * g[i];
        }

        Assert.Equal(expected.Parameters.ToArray(), net.Parameters.ToArray());
    }

    [Fact]
    public void TheShuffleIsDeterministicAndTheSeedMatters()
    {
        double[] Train(long? seed)
        {
            var net = new XorNet();
            net.Initialize(2);
            Trainer.Fit(net, new Sgd(XorNet.ParameterCount, 0.1), XorInputs, XorTargets, new TrainingOptions { Epochs = 3, BatchSize = 1, ShuffleSeed = seed });
            return net.Parameters.ToArray();
        }

        Assert.Equal(Train(7), Train(7));
        Assert.NotEqual(Train(7), Train(8));
        Assert.NotEqual(Train(7), Train(null));
    }

    [Fact]
    public void ValidationEarlyStoppingScheduleAndProgress()
    {
        (double[] x, double[] t) = Blobs(120, seed: 4);
        (double[] vx, double[] vt) = Blobs(60, seed: 5);
        var net = new Classifier();
        net.Initialize(3);
        var reports = new List<EpochReport>();
        var rates = new List<double>();
        TrainingHistory history = Trainer.Fit(net, new Adam(Classifier.ParameterCount, 0.3), x, t, new TrainingOptions
        {
            Epochs = 200,
            BatchSize = 16,
            ValidationInputs = vx,
            ValidationTargets = vt,
            Patience = 5,
            MinDelta = 1e-3,
            LearningRateSchedule = (epoch, rate) => epoch == 0 ? rate : rate * 0.9,
            OnEpoch = report => { reports.Add(report); rates.Add(report.LearningRate); },
        });

        Assert.True(history.StoppedEarly, $"no improvement of 1e-3 for 5 epochs should stop early; ran {history.Epochs}");
        Assert.Equal(history.Epochs, reports.Count);
        Assert.Equal(history.BestEpoch + 6, history.Epochs); // five epochs without improvement after the best
        Assert.Equal(0.3, rates[0]);
        Assert.Equal(0.3 * 0.9, rates[1], 15);
        Assert.Equal(Enumerable.Range(0, reports.Count), reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.Equal(200, r.Epochs));

        // The parameters are the best epoch's: evaluating now gives the best validation loss.
        Evaluation now = net.Evaluate(vx, vt);
        Assert.Equal(history.ValidationLoss[history.BestEpoch], now.MeanLoss, 12);
        Assert.True(now.MeanLoss < history.ValidationLoss[0] - 1e-3);
        Assert.All(history.ValidationLoss.Skip(history.BestEpoch + 1), v => Assert.True(v > now.MeanLoss - 1e-3)); // no later epoch improved by MinDelta
        Assert.True(now.Accuracy > 0.9, $"accuracy {now.Accuracy}");
    }

    [Fact]
    public void FloatNetworksTakeTheOptionsValidationRows()
    {
        // Issue 24: the options' double validation rows work for a float network (rounded to float once),
        // exactly as the same rows given in float; given both ways at once is an error.
        var random = new Random(3);
        float[] x = Enumerable.Range(0, 90).Select(_ => (float)random.NextDouble()).ToArray();
        float[] t = new float[90];
        for (int r = 0; r < 30; r++)
        {
            t[(r * 3) + random.Next(3)] = 1;
        }

        double[] vx = Enumerable.Range(0, 30).Select(_ => random.NextDouble()).ToArray(), vt = new double[30];
        for (int r = 0; r < 10; r++)
        {
            vt[(r * 3) + (r % 3)] = 1;
        }

        TrainingHistory Run(bool viaOptions)
        {
            var net = new FloatSoftmaxNet();
            net.Initialize(2);
            var options = new TrainingOptions { Epochs = 3, BatchSize = 8 };
            return viaOptions
                ? Trainer.Fit(net, new Adam<float>(FloatSoftmaxNet.ParameterCount, 0.05f), x, t, options with { ValidationInputs = vx, ValidationTargets = vt })
                : Trainer.Fit(net, new Adam<float>(FloatSoftmaxNet.ParameterCount, 0.05f), x, t, options, vx.Select(v => (float)v).ToArray(), vt.Select(v => (float)v).ToArray());
        }

        TrainingHistory byOptions = Run(viaOptions: true), byArguments = Run(viaOptions: false);
        Assert.All(byOptions.ValidationLoss, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(byArguments.ValidationLoss, byOptions.ValidationLoss);
        Assert.Equal(byArguments.ValidationAccuracy, byOptions.ValidationAccuracy);
        var twice = new FloatSoftmaxNet();
        Assert.Throws<ArgumentException>(() => Trainer.Fit(twice, new Adam<float>(FloatSoftmaxNet.ParameterCount, 0.05f), x, t, new TrainingOptions { ValidationInputs = vx, ValidationTargets = vt }, new float[3], new float[3]));
    }

    [Fact]
    public void AnEpochAllocatesNothingAfterSetup()
    {
        (double[] x, double[] t) = Blobs(200, seed: 6);
        (double[] vx, double[] vt) = Blobs(50, seed: 7);
        var net = new Classifier();
        net.Initialize(1);
        var optimizer = new Adam(Classifier.ParameterCount, 0.01);
        int epochs = 0;
        var options = new TrainingOptions { Epochs = 1, BatchSize = 7, ValidationInputs = vx, ValidationTargets = vt, OnEpoch = _ => epochs++ };
        Trainer.Fit(net, optimizer, x, t, options); // warm up
        var oneEpoch = options with { Epochs = 1 };
        var manyEpochs = options with { Epochs = 41 };
        long one = Allocated(() => Trainer.Fit(net, optimizer, x, t, oneEpoch));
        long many = Allocated(() => Trainer.Fit(net, optimizer, x, t, manyEpochs));
        // Setup sizes the history for the epochs asked for: 3 arrays of one double per epoch. Beyond that, nothing.
        long history = 3 * 40 * sizeof(double);
        Assert.True(many - one == history, $"1 epoch: {one} bytes, 41 epochs: {many} bytes; 40 more epochs allocated {many - one - history} bytes beyond the history's {history}");
    }

    private static long Allocated(Action action)
    {
        long best = long.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return best;
    }

    public static TheoryData<string> BadFits => new() { "rows", "targets", "batch", "rate", "count", "validation", "patience", "epochs" };

    [Theory]
    [MemberData(nameof(BadFits))]
    public void BadArgumentsThrowBeforeAnyWork(string what)
    {
        var net = new XorNet();
        net.Initialize(9);
        double[] before = net.Parameters.ToArray();
        var adam = new Adam(XorNet.ParameterCount);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 2 };
        Action fit = what switch
        {
            "rows" => () => Trainer.Fit(net, adam, XorInputs.AsSpan(0, 7), XorTargets, options),
            "targets" => () => Trainer.Fit(net, adam, XorInputs, XorTargets.AsSpan(0, 3), options),
            "batch" => () => Trainer.Fit(net, adam, XorInputs, XorTargets, options with { BatchSize = 0 }),
            "rate" => () => Trainer.Fit(net, new NaNRate(), XorInputs, XorTargets, options),
            "count" => () => Trainer.Fit(net, new Adam(XorNet.ParameterCount + 1), XorInputs, XorTargets, options),
            "validation" => () => Trainer.Fit(net, adam, XorInputs, XorTargets, options with { ValidationInputs = new double[3], ValidationTargets = new double[1] }),
            "patience" => () => Trainer.Fit(net, adam, XorInputs, XorTargets, options with { Patience = 0 }),
            _ => () => Trainer.Fit(net, adam, XorInputs, XorTargets, options with { Epochs = -1 }),
        };
        Assert.ThrowsAny<ArgumentException>(fit);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.Equal(0, adam.Steps);
    }

    /// <summary>An optimizer of someone else's whose learning rate is NaN.</summary>
    private sealed class NaNRate : IOptimizer
    {
        public double LearningRate { get; set; } = double.NaN;

        public void Step(Span<double> parameters, ReadOnlySpan<double> gradient) => throw new InvalidOperationException("must not be reached");
    }

    // Evaluate, Predict and ForwardBatch against hand computation.

    /// <summary>
    /// The softmax layer alone (y = x): row (1, 2, 0.5) with one-hot target 1 has loss
    /// log(e¹ + e² + e^0.5) − 2 and arg-max 1 = the target's (correct); row (3, 0, 0) with target 2 has
    /// loss log(e³ + 2) − 0 and arg-max 0 ≠ 2 (wrong). Mean loss the average, accuracy ½.
    /// </summary>
    [Fact]
    public void EvaluateAndPredictMatchHandComputation()
    {
        var net = new SoftmaxAlone();
        double[] x = { 1, 2, 0.5, 3, 0, 0 };
        double[] t = { 0, 1, 0, 0, 0, 1 };
        double l0 = Math.Log(Math.E + Math.Exp(2) + Math.Exp(0.5)) - 2;
        double l1 = Math.Log(Math.Exp(3) + 2);
        Evaluation evaluation = net.Evaluate(x, t);
        Assert.Equal((l0 + l1) / 2, evaluation.MeanLoss, 14);
        Assert.Equal(0.5, evaluation.Accuracy);
        Assert.Equal(2, evaluation.Count);
        Assert.Equal(1, net.Predict(x.AsSpan(0, 3)));
        Assert.Equal(0, net.Predict(x.AsSpan(3, 3)));
        Assert.Equal(0, net.Predict(new double[] { 5, 5, 1 })); // the first on a tie

        Evaluation none = net.Evaluate(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty);
        Assert.Equal(0, none.Count);
        Assert.True(double.IsNaN(none.MeanLoss) && double.IsNaN(none.Accuracy));

        // Regression networks have no accuracy; their mean loss is ½(y − t)² averaged.
        var xor = new XorNet();
        Evaluation regression = xor.Evaluate(XorInputs, XorTargets); // all-zero parameters: y = 0
        Assert.Equal((0 + 0.5 + 0.5 + 0) / 4, regression.MeanLoss);
        Assert.True(double.IsNaN(regression.Accuracy));
    }

    [Fact]
    public void ForwardBatchIsForwardOfEachRowInBothForms()
    {
        (double[] x, _) = Blobs(9, seed: 8);
        foreach (INetwork net in new INetwork[] { new Classifier(), new ClassifierLoops() })
        {
            ((dynamic)net).Initialize(4);
            var outputs = new double[9 * 3];
            net.ForwardBatch(x, outputs);
            var y = new double[3];
            for (int k = 0; k < 9; k++)
            {
                ((dynamic)net).Forward(new ReadOnlySpan<double>(x, k * 4, 4).ToArray(), y);
                for (int j = 0; j < 3; j++)
                {
                    // The loop form's batch members multiply whole blocks (FMA, another summation order): equal to rounding.
                    Assert.Equal(y[j], outputs[(k * 3) + j], 13);
                }
            }

            Assert.Throws<ArgumentException>(() => net.ForwardBatch(x, new double[26]));
        }
    }

    // Saved weights.

    [Fact]
    public void SaveThenLoadIsBitExact()
    {
        var net = new Classifier();
        net.Initialize(11, Initializer.PyTorchLinear);
        net.Parameters[3] = double.Epsilon;
        net.Parameters[4] = -0.0;
        var stream = new MemoryStream();
        net.Save(stream);
        var loaded = new Classifier();
        stream.Position = 0;
        loaded.Load(stream);
        Assert.Equal(net.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits), loaded.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));

        // The same through a file, and into the loop form of the same architecture.
        string path = Path.Combine(Path.GetTempPath(), "netgen-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            net.Save(path);
            Assert.False(File.Exists(path + ".tmp"));
            var fromFile = new ClassifierLoops();
            fromFile.Load(path);
            Assert.Equal(net.Parameters.ToArray(), fromFile.Parameters.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The file as the safetensors specification lays it out, read here without NetGen's reader.</summary>
    [Fact]
    public void TheFileIsSafetensorsAsSpecified()
    {
        var net = new Classifier();
        net.Initialize(2);
        byte[] file = Saved(net);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, (8 + headerLength) % 8); // the data starts 8-byte aligned
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        JsonElement root = header.RootElement;
        Assert.Equal("netgen", root.GetProperty("__metadata__").GetProperty("format").GetString());
        Assert.Equal("4-5(ReLU)-3;SoftmaxCrossEntropy", root.GetProperty("__metadata__").GetProperty("architecture").GetString());
        Assert.Equal("0.2.0", root.GetProperty("__metadata__").GetProperty("netgen_version").GetString());
        (string Name, int[] Shape, int Offset)[] tensors = { ("W1", new[] { 4, 5 }, 0), ("B1", new[] { 5 }, 20), ("W2", new[] { 5, 3 }, 25), ("B2", new[] { 3 }, 40) };
        foreach ((string name, int[] shape, int offset) in tensors)
        {
            JsonElement tensor = root.GetProperty(name);
            Assert.Equal("F64", tensor.GetProperty("dtype").GetString());
            Assert.Equal(shape, tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            int count = shape.Aggregate(1, (a, b) => a * b);
            Assert.Equal(new long[] { offset * 8, (offset + count) * 8 }, tensor.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()));
            for (int i = 0; i < count; i++)
            {
                double value = BinaryPrimitives.ReadDoubleLittleEndian(file.AsSpan(8 + (int)headerLength + ((offset + i) * 8)));
                Assert.Equal(net.Parameters[offset + i], value);
            }
        }

        Assert.Equal(8 + (int)headerLength + (43 * 8), file.Length);
    }

    [Fact]
    public void EveryTruncationIsRejectedAndChangesNothing()
    {
        var net = new Classifier();
        net.Initialize(3);
        byte[] file = Saved(net);
        var target = new Classifier();
        target.Parameters.Fill(0.25);
        for (int length = 0; length < file.Length; length++)
        {
            var ex = Assert.Throws<InvalidDataException>(() => target.Load(new MemoryStream(file, 0, length)));
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            Assert.All(target.Parameters.ToArray(), v => Assert.Equal(0.25, v));
        }
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "shape", "wrong shape: \"shape\":[4,5] → [5,4]" },
        { "dtype", "dtype F32" },
        { "architecture", "another architecture" },
        { "length past the end", "header length past the end" },
        { "json", "bad JSON" },
        { "missing tensor", "no tensor 'B2'" },
        { "extra tensor", "a tensor the network does not have" },
        { "trailing bytes", "bytes after the data" },
        { "overlap", "two tensors over the same bytes" },
        { "offsets", "offsets that do not fit the shape" },
        { "zero length", "header length 0" },
        { "not an object", "the header is an array" },
        { "invalid utf-8", "a tensor name with the byte 0xFF" },
        { "overlong utf-8", "a tensor name with an overlong encoding (0xC0 0x82)" },
        { "lone surrogate", "a tensor name with the escape \\ud800" },
        { "lone surrogate in metadata", "the architecture with the escape \\udc00" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void EveryCorruptionIsRejectedAndChangesNothing(string kind, string description)
    {
        var net = new Classifier();
        net.Initialize(3);
        byte[] file = Saved(net);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = Encoding.UTF8.GetString(file, 8, headerLength);
        byte[] data = file.AsSpan(8 + headerLength).ToArray();
        byte[] corrupt = kind switch
        {
            "shape" => Rebuild(header.Replace("\"shape\":[4,5]", "\"shape\":[5,4]"), data),
            "dtype" => Rebuild(header.Replace("\"dtype\":\"F64\"", "\"dtype\":\"F32\""), data),
            "architecture" => Rebuild(header.Replace("4-5(ReLU)-3", "4-5(Tanh)-3"), data),
            "length past the end" => WithLength(file, (ulong)file.Length),
            "json" => Rebuild(header.Replace("}", "]"), data),
            "missing tensor" => Rebuild(RemoveTensor(header, "B2"), data.AsSpan(0, 40 * 8).ToArray()),
            "extra tensor" => Rebuild(header.TrimEnd().TrimEnd('}') + ",\"W9\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[344,352]}}", data.Concat(new byte[8]).ToArray()),
            "trailing bytes" => file.Concat(new byte[] { 0 }).ToArray(),
            "overlap" => Rebuild(header.Replace("\"data_offsets\":[160,200]", "\"data_offsets\":[152,192]"), data),
            "offsets" => Rebuild(header.Replace("\"data_offsets\":[160,200]", "\"data_offsets\":[160,208]"), data),
            "zero length" => WithLength(file, 0),
            "invalid utf-8" => RebuildBytes(Encoding.UTF8.GetBytes(header.Replace("\"B2\"", "\"\u0001B2\"")), "\u0001B2", new byte[] { 0xFF, (byte)'B', (byte)'2' }, data),
            "overlong utf-8" => RebuildBytes(Encoding.UTF8.GetBytes(header.Replace("\"B2\"", "\"\u0001\u0001B2\"")), "\u0001\u0001B2", new byte[] { 0xC0, 0x82, (byte)'B', (byte)'2' }, data),
            "lone surrogate" => Rebuild(header.Replace("\"B2\"", "\"\\ud800B2\""), data),
            "lone surrogate in metadata" => Rebuild(header.Replace("4-5(ReLU)-3", "4-5(ReLU)-3\\udc00"), data),
            _ => Rebuild("[" + header.Trim() + "]", data),
        };
        Assert.NotEqual(file, corrupt);

        var target = new Classifier();
        target.Parameters.Fill(0.5);
        var ex = Assert.Throws<InvalidDataException>(() => target.Load(new MemoryStream(corrupt)));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message), description);
        Assert.All(target.Parameters.ToArray(), v => Assert.Equal(0.5, v));
    }

    /// <summary>The header's bytes with the UTF-8 of <paramref name="marker"/> replaced by raw <paramref name="bytes"/> (which may be invalid UTF-8).</summary>
    private static byte[] RebuildBytes(byte[] header, string marker, byte[] bytes, byte[] data)
    {
        byte[] find = Encoding.UTF8.GetBytes(marker);
        int at = header.AsSpan().IndexOf(find);
        Assert.True(at >= 0 && find.Length == bytes.Length);
        bytes.CopyTo(header, at);
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    [Fact]
    public void WeightsOfAnotherArchitectureWithTheSameCountAreRejected()
    {
        var tanh = new ClassifierTanh();
        tanh.Initialize(1);
        var relu = new Classifier();
        var ex = Assert.Throws<InvalidDataException>(() => relu.Load(new MemoryStream(Saved(tanh))));
        Assert.Contains("4-5(Tanh)-3;SoftmaxCrossEntropy", ex.Message, StringComparison.Ordinal);
        Assert.All(relu.Parameters.ToArray(), v => Assert.Equal(0.0, v));
    }

    private static byte[] Saved(INetwork net)
    {
        var stream = new MemoryStream();
        ((dynamic)net).Save((Stream)stream);
        return stream.ToArray();
    }

    private static byte[] Rebuild(string header, byte[] data)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + bytes.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)bytes.Length);
        bytes.CopyTo(file, 8);
        data.CopyTo(file, 8 + bytes.Length);
        return file;
    }

    private static byte[] WithLength(byte[] file, ulong length)
    {
        byte[] copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy, length);
        return copy;
    }

    private static string RemoveTensor(string header, string name)
    {
        int start = header.IndexOf(",\"" + name + "\":", StringComparison.Ordinal);
        int end = header.IndexOf('}', start) + 1;
        return header.Remove(start, end - start);
    }

    /// <summary>Three Gaussian blobs in 4 dimensions, one-hot targets: an easy classification set.</summary>
    internal static (double[] Inputs, double[] Targets) Blobs(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new double[rows * 4];
        var t = new double[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            int c = r % 3;
            for (int j = 0; j < 4; j++)
            {
                x[(r * 4) + j] = (j == c ? 2.0 : 0.0) + (0.8 * (random.NextDouble() - 0.5) * 2);
            }

            t[(r * 3) + c] = 1;
        }

        return (x, t);
    }
}
