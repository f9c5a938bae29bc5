using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.Intrinsics;
using NetGen.CompilerServices;
using NetGen.Tests.Networks;

namespace NetGen.Tests;

/// <summary>
/// Checks the lane form of the batch members against the per-sample members (unrolled scalar code,
/// itself checked against finite differences and hand derivations elsewhere) for every batch size
/// from 0 to three 512-bit vectors of rows: every tail length 0 … lanes − 1 after one and two whole
/// vectors. Shared by the in-process tests and the LaneCheck program, which runs them with 512-bit
/// vectors (or all intrinsics) switched off.
/// </summary>
public static class LaneChecks
{
    /// <summary>The networks, by name, with the relative tolerance their number type allows.</summary>
    public static IReadOnlyList<string> Names { get; } = new[]
    {
        "relu", "sigmoid softmax", "tanh relu", "identity softmax",
        "relu float", "sigmoid softmax float", "tanh relu float", "identity softmax float",
    };

    /// <summary>Every difference found for one network (empty when it passes).</summary>
    public static List<string> Check(string name) => name switch
    {
        "relu" => Check(new LaneReluNet(), 1e-12),
        "sigmoid softmax" => Check(new LaneSigmoidNet(), 1e-12),
        "tanh relu" => Check(new LaneTanhNet(), 1e-12),
        "identity softmax" => Check(new LaneIdentityNet(), 1e-12),
        "relu float" => Check(new LaneReluNetF(), 2e-5),
        "sigmoid softmax float" => Check(new LaneSigmoidNetF(), 2e-5),
        "tanh relu float" => Check(new LaneTanhNetF(), 2e-5),
        "identity softmax float" => Check(new LaneIdentityNetF(), 2e-5),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a lane network"),
    };

    /// <summary>Random rows: inputs in [−2, 2), targets in [−1, 1) or one-hot for softmax.</summary>
    public static (T[] X, T[] Y) Rows<T>(ILaneNetwork<T> net, int rows, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var x = new T[rows * net.InputCount];
        var t = new T[rows * net.OutputCount];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = T.CreateChecked((random.NextDouble() * 4) - 2);
        }

        bool softmax = net.Description.Loss == Loss.SoftmaxCrossEntropy;
        for (int k = 0; k < rows; k++)
        {
            int hot = random.Next(net.OutputCount);
            for (int j = 0; j < net.OutputCount; j++)
            {
                t[(k * net.OutputCount) + j] = softmax ? (j == hot ? T.One : T.Zero) : T.CreateChecked((random.NextDouble() * 2) - 1);
            }
        }

        return (x, t);
    }

    private static List<string> Check<T>(ILaneNetwork<T> net, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var failures = new List<string>();
        net.Initialize(7);
        var random = new Random(3);
        for (int i = 0; i < net.ParameterCount; i++)
        {
            // Non-zero biases too, so that no unit sits at its kink for a whole batch.
            net.Parameters[i] += T.CreateChecked((random.NextDouble() - 0.5) * 0.5);
        }

        int maxRows = 3 * Vector512<T>.Count;
        for (int rows = 0; rows <= maxRows; rows++)
        {
            (T[] x, T[] t) = Rows(net, rows, seed: 100 + rows);
            CheckGradient(net, x, t, rows, tolerance, failures);
            CheckForward(net, x, rows, tolerance, failures);
            CheckEvaluate(net, x, t, rows, tolerance, failures);
        }

        return failures;
    }

    private static void CheckGradient<T>(ILaneNetwork<T> net, T[] x, T[] t, int rows, double tolerance, List<string> failures)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = net.InputCount, m = net.OutputCount;
        var expected = new double[net.ParameterCount];
        var one = new T[net.ParameterCount];
        double loss = 0;
        for (int k = 0; k < rows; k++)
        {
            Array.Clear(one);
            loss += double.CreateChecked(net.AccumulateGradient(x.AsSpan(k * n, n), t.AsSpan(k * m, m), one));
            for (int i = 0; i < one.Length; i++)
            {
                expected[i] += double.CreateChecked(one[i]);
            }
        }

        var gradient = new T[net.ParameterCount];
        gradient.AsSpan().Fill(T.NaN); // overwritten, not added to
        double actualLoss = double.CreateChecked(net.Gradient(x, t, gradient));
        double scale = Math.Max(1, Math.Abs(loss));
        foreach (double g in expected)
        {
            scale = Math.Max(scale, Math.Abs(g));
        }

        Compare(failures, $"{net.GetType().Name} rows {rows}: L", loss, actualLoss, tolerance * scale);
        for (int i = 0; i < gradient.Length; i++)
        {
            Compare(failures, $"{net.GetType().Name} rows {rows}: ∂L/∂θ{i}", expected[i], double.CreateChecked(gradient[i]), tolerance * scale);
        }
    }

    private static void CheckForward<T>(ILaneNetwork<T> net, T[] x, int rows, double tolerance, List<string> failures)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = net.InputCount, m = net.OutputCount;
        var outputs = new T[rows * m];
        outputs.AsSpan().Fill(T.NaN);
        net.ForwardBatch(x, outputs);
        var y = new T[m];
        for (int k = 0; k < rows; k++)
        {
            net.Forward(x.AsSpan(k * n, n), y);
            for (int j = 0; j < m; j++)
            {
                double expected = double.CreateChecked(y[j]);
                Compare(failures, $"{net.GetType().Name} rows {rows}: y[{k}, {j}]", expected, double.CreateChecked(outputs[(k * m) + j]), tolerance * Math.Max(1, Math.Abs(expected)));
            }
        }
    }

    private static void CheckEvaluate<T>(ILaneNetwork<T> net, T[] x, T[] t, int rows, double tolerance, List<string> failures)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = net.InputCount, m = net.OutputCount;
        bool softmax = net.Description.Loss == Loss.SoftmaxCrossEntropy;
        double loss = 0;
        int correct = 0;
        var y = new T[m];
        for (int k = 0; k < rows; k++)
        {
            loss += double.CreateChecked(net.ComputeLoss(x.AsSpan(k * n, n), t.AsSpan(k * m, m)));
            net.Forward(x.AsSpan(k * n, n), y);
            if (Kernels.ArgMax<T>(y) == Kernels.ArgMax<T>(t.AsSpan(k * m, m)))
            {
                correct++;
            }
        }

        Evaluation e = net.Evaluate(x, t);
        if (e.Count != rows)
        {
            failures.Add($"{net.GetType().Name} rows {rows}: Evaluate counted {e.Count}");
        }

        if (rows == 0)
        {
            return;
        }

        Compare(failures, $"{net.GetType().Name} rows {rows}: mean loss", loss / rows, e.MeanLoss, tolerance * Math.Max(1, Math.Abs(loss / rows)));
        double accuracy = softmax ? (double)correct / rows : double.NaN;
        if (!accuracy.Equals(e.Accuracy))
        {
            failures.Add($"{net.GetType().Name} rows {rows}: accuracy {e.Accuracy}, expected {accuracy}");
        }
    }

    private static void Compare(List<string> failures, string what, double expected, double actual, double tolerance)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
        {
            failures.Add($"{what}: {actual:R}, expected {expected:R} (± {tolerance:G3})");
        }
    }
}
