using System;
using System.Linq;

namespace NetGen.Benchmarks;

/// <summary>Benchmark inputs: the assignment's data, or seeded random batches.</summary>
public static class Data
{
    public static readonly double[] AssignmentParameters = { -0.8, -0.7, 0.6, -1.0, 0.5, -1.0, -0.2, -1.0, -0.7, 0.1, -1.0, 0.5, -0.7 };
    public static readonly double[] AssignmentX = { 0.6, -1.0, 0.8, -1.0, -0.4, 0.9, 0.2, 0.0 };
    public static readonly double[] AssignmentT = { -0.8, -0.1, 0.9, 0.7 };

    /// <summary>Batch 1: the first sample; 4: the assignment's data; otherwise seeded random rows.</summary>
    public static (double[] X, double[] T) Assignment(int batch) => batch switch
    {
        1 => (AssignmentX[..2], AssignmentT[..1]),
        4 => (AssignmentX, AssignmentT),
        _ => Random(batch, 2, 1, softmax: false, seed: 42),
    };

    public static (double[] X, double[] T) Random(int batch, int inputs, int outputs, bool softmax, int seed)
    {
        var random = new Random(seed);
        double[] x = Enumerable.Range(0, batch * inputs).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] t = new double[batch * outputs];
        for (int k = 0; k < batch; k++)
        {
            if (softmax)
            {
                t[k * outputs + random.Next(outputs)] = 1;
            }
            else
            {
                for (int j = 0; j < outputs; j++)
                {
                    t[k * outputs + j] = random.NextDouble() * 2 - 1;
                }
            }
        }

        return (x, t);
    }

    public static double[] RandomParameters(int count, int seed, double scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
    }

    /// <summary>Fails the benchmark's setup if two implementations disagree.</summary>
    public static void Check(string what, double expectedLoss, ReadOnlySpan<double> expected, double loss, ReadOnlySpan<double> gradient)
    {
        double worst = Math.Abs(expectedLoss - loss) / Math.Max(1, Math.Abs(expectedLoss));
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - gradient[i]) / Math.Max(1, Math.Abs(expected[i])));
        }

        if (!(worst < 1e-9))
        {
            throw new InvalidOperationException($"{what} disagrees with the generated gradient (relative difference {worst:E2})");
        }
    }
}
