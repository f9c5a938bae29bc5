using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Spectre.Console;

namespace NetGen.Sample;

/// <summary>The 8×8 handwritten digits (UCI): a 64-32-10 classifier trained with Adam.</summary>
[Network(64, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(32, Activation.ReLU)]
[Dense(10)]
public partial class DigitsNet : IDigitsClassifier
{
}

/// <summary>
/// The digits classifier with issue 24's building blocks: a GELU layer, its layer norm and dropout
/// (training only), then the softmax layer. <c>sample -- digits-gelu</c>.
/// </summary>
[Network(64, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(64, Activation.GELU)]
[LayerNorm]
[Dropout(0.2)]
[Dense(10)]
public partial class DigitsGeluNet : IDigitsClassifier
{
}

/// <summary>
/// A small convolutional network for the 8 × 8 digits (issue 25): two 3 × 3 convolutions with padding, each
/// followed by 2 × 2 max pooling, then the softmax layer. <c>sample -- digits-cnn</c>.
/// </summary>
[Network(1, 8, 8, Loss = Loss.SoftmaxCrossEntropy)]
[Conv2D(16, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(32, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(10)]
public partial class DigitsCnnNet : IDigitsClassifier
{
}

/// <summary>What the digits run needs of a classifier beyond <see cref="INetwork"/>: members every generated softmax network has.</summary>
public interface IDigitsClassifier : INetwork
{
    void Initialize(int seed);

    int Predict(ReadOnlySpan<double> input);

    void Save(string path);

    void Load(string path);
}

/// <summary>
/// <c>dotnet run --project sample -- digits</c>: loads the 1,797 digits, splits them 80/20 with a
/// seed, trains <see cref="DigitsNet"/> with <see cref="Trainer"/> and <see cref="Adam"/> showing
/// progress per epoch, prints the test accuracy and the confusion matrix, plots loss and accuracy per
/// epoch, saves the weights (safetensors), and reloads them into a fresh network.
/// </summary>
internal static class Digits
{
    public const int Seed = 2026;
    public const int Epochs = 30;
    public const int BatchSize = 32;
    public const double LearningRate = 0.005;

    /// <summary>What a run measured, for the tests.</summary>
    internal sealed record Result(double TestAccuracy, double ReloadedAccuracy, int[,] Confusion, TimeSpan Elapsed, string WeightsPath, string PlotPath, TrainingHistory History);

    public static Result Run(IAnsiConsole console) => Run<DigitsNet>(console, "digits", "64-32(ReLU)-10 softmax, Adam");

    /// <summary><c>sample -- digits-gelu</c>: the same run with <see cref="DigitsGeluNet"/> (GELU, layer norm, dropout).</summary>
    public static Result RunGelu(IAnsiConsole console) => Run<DigitsGeluNet>(console, "digits-gelu", "64-64(GELU)+LayerNorm+Dropout(0.2)-10 softmax, Adam");

    /// <summary><c>sample -- digits-cnn</c>: the same run with <see cref="DigitsCnnNet"/> (two convolutions and max pooling).</summary>
    public static Result RunCnn(IAnsiConsole console) => Run<DigitsCnnNet>(console, "digits-cnn", "1x8x8-conv16k3p1(ReLU)-maxpool2-conv32k3p1(ReLU)-maxpool2-10 softmax, Adam");

    private static Result Run<TNet>(IAnsiConsole console, string name, string title)
        where TNet : IDigitsClassifier, new()
    {
        var clock = Stopwatch.StartNew();
        (double[] inputs, double[] targets, int[] labels) = Load(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz"));
        int rows = labels.Length;
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]Digits[/]: {0} images of 8×8 pixels (UCI, CC BY 4.0), classes 0–9", rows);

        // A seeded 80/20 split: a Fisher–Yates shuffle of the row indices by NetGen's portable generator.
        int[] order = Enumerable.Range(0, rows).ToArray();
        var random = new SplitMix64(Seed);
        for (int i = rows - 1; i > 0; i--)
        {
            int j = random.NextInt32(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        int trainRows = (int)(rows * 0.8);
        (double[] trainX, double[] trainT, _) = Gather(order[..trainRows], inputs, targets, labels);
        (double[] testX, double[] testT, int[] testLabels) = Gather(order[trainRows..], inputs, targets, labels);
        console.MarkupLine(CultureInfo.InvariantCulture, "Split (seed {0}): {1} training rows, {2} test rows", Seed, trainRows, rows - trainRows);

        var net = new TNet();
        net.Initialize(Seed);
        var optimizer = new Adam(net.ParameterCount, LearningRate);
        console.MarkupLine(CultureInfo.InvariantCulture, "Network {0}: {1} parameters, He/Glorot initialization (seed {2}), Adam η = {3}, batch {4}, {5} epochs",
            Markup.Escape(net.Description.Architecture), net.ParameterCount, Seed, LearningRate, BatchSize, Epochs);

        TrainingHistory history = null!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: Epochs);
                history = Trainer.Fit(net, optimizer, trainX, trainT, new TrainingOptions
                {
                    Epochs = Epochs,
                    BatchSize = BatchSize,
                    ShuffleSeed = Seed,
                    ValidationInputs = testX,
                    ValidationTargets = testT,
                    OnEpoch = report =>
                    {
                        task.Description = string.Format(CultureInfo.InvariantCulture, "epoch {0,2}: loss {1:F4}, test accuracy {2:P1}", report.Epoch + 1, report.TrainingLoss, report.ValidationAccuracy);
                        task.Increment(1);
                    },
                });
            });

        Evaluation test = net.Evaluate(testX, testT);
        console.MarkupLine(CultureInfo.InvariantCulture, "Test accuracy: [bold]{0:P2}[/] ({1} of {2}), mean loss {3:F4}", test.Accuracy, (int)Math.Round(test.Accuracy * test.Count), test.Count, test.MeanLoss);

        int[,] confusion = new int[10, 10];
        for (int k = 0; k < testLabels.Length; k++)
        {
            confusion[testLabels[k], net.Predict(testX.AsSpan(k * 64, 64))]++;
        }

        var table = new Table().Title("Confusion matrix (rows: true digit, columns: predicted)");
        table.AddColumn(new TableColumn("").RightAligned());
        for (int c = 0; c < 10; c++)
        {
            table.AddColumn(new TableColumn(c.ToString(CultureInfo.InvariantCulture)).RightAligned());
        }

        for (int r = 0; r < 10; r++)
        {
            table.AddRow(new[] { r.ToString(CultureInfo.InvariantCulture) }.Concat(Enumerable.Range(0, 10).Select(c =>
                confusion[r, c] == 0 ? "·" : c == r ? "[green]" + confusion[r, c].ToString(CultureInfo.InvariantCulture) + "[/]" : "[red]" + confusion[r, c].ToString(CultureInfo.InvariantCulture) + "[/]")).ToArray());
        }

        console.Write(table);

        string plot = Plot(history, name, title);
        console.MarkupLine("Loss and accuracy per epoch: {0}", Markup.Escape(plot));

        string weights = Path.Combine(GeneratedFiles.ProjectDirectory, name + ".safetensors");
        net.Save(weights);
        var reloaded = new TNet();
        reloaded.Load(weights);
        Evaluation again = reloaded.Evaluate(testX, testT);
        console.MarkupLine(CultureInfo.InvariantCulture, "Saved the weights to {0} ({1:N0} bytes, safetensors); reloaded into a fresh network: test accuracy {2:P2}",
            Markup.Escape(weights), new FileInfo(weights).Length, again.Accuracy);
        clock.Stop();
        console.MarkupLine(CultureInfo.InvariantCulture, "Done in {0:F1} s.", clock.Elapsed.TotalSeconds);
        return new Result(test.Accuracy, again.Accuracy, confusion, clock.Elapsed, weights, plot, history);
    }

    /// <summary>Reads the gzip CSV: 64 pixel counts 0..16 (scaled to [0, 1]) and the label, per row.</summary>
    internal static (double[] Inputs, double[] Targets, int[] Labels) Load(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var inputs = new System.Collections.Generic.List<double>();
        var labels = new System.Collections.Generic.List<int>();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (fields.Length != 65)
            {
                throw new InvalidDataException($"digits row {labels.Count + 1} has {fields.Length} fields; expected 65.");
            }

            for (int j = 0; j < 64; j++)
            {
                inputs.Add(double.Parse(fields[j], CultureInfo.InvariantCulture) / 16.0);
            }

            labels.Add(int.Parse(fields[64], CultureInfo.InvariantCulture));
        }

        var targets = new double[labels.Count * 10];
        for (int k = 0; k < labels.Count; k++)
        {
            targets[(k * 10) + labels[k]] = 1.0;
        }

        return (inputs.ToArray(), targets, labels.ToArray());
    }

    private static (double[] X, double[] T, int[] Labels) Gather(int[] rows, double[] inputs, double[] targets, int[] labels)
    {
        var x = new double[rows.Length * 64];
        var t = new double[rows.Length * 10];
        var l = new int[rows.Length];
        for (int k = 0; k < rows.Length; k++)
        {
            inputs.AsSpan(rows[k] * 64, 64).CopyTo(x.AsSpan(k * 64));
            targets.AsSpan(rows[k] * 10, 10).CopyTo(t.AsSpan(k * 10));
            l[k] = labels[rows[k]];
        }

        return (x, t, l);
    }

    private static string Plot(TrainingHistory history, string name, string title)
    {
        double[] epochs = Enumerable.Range(1, history.Epochs).Select(e => (double)e).ToArray();
        var plot = new ScottPlot.Plot();
        var loss = plot.Add.Scatter(epochs, history.TrainingLoss.ToArray());
        loss.LegendText = "training loss";
        var testLoss = plot.Add.Scatter(epochs, history.ValidationLoss.ToArray());
        testLoss.LegendText = "test loss";
        var accuracy = plot.Add.Scatter(epochs, history.ValidationAccuracy.ToArray());
        accuracy.LegendText = "test accuracy";
        accuracy.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "accuracy";
        plot.Axes.Left.Label.Text = "mean cross-entropy";
        plot.XLabel("epoch");
        plot.Title("Digits: " + title);
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        return GeneratedFiles.SavePlot(plot, name + ".png");
    }
}
