using System;
using System.Linq;

namespace NetGen.Tests;

/// <summary>Seeded rows for a network: inputs in [−2, 2], targets fitting its loss (one-hot for softmax, [0, 1] for sigmoid, [−1.5, 1.5] otherwise).</summary>
internal static class NetworkData
{
    public static (double[] X, double[] T) Rows(NetworkDescription description, int rows, int seed)
    {
        var random = new Random(seed);
        double[] x = Enumerable.Range(0, rows * description.InputCount).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        double[] t = new double[rows * description.OutputCount];
        for (int r = 0; r < rows; r++)
        {
            if (description.Loss == Loss.SoftmaxCrossEntropy)
            {
                t[(r * description.OutputCount) + random.Next(description.OutputCount)] = 1;
                continue;
            }

            for (int k = 0; k < description.OutputCount; k++)
            {
                t[(r * description.OutputCount) + k] = description.Loss == Loss.SigmoidCrossEntropy ? random.NextDouble() : (random.NextDouble() * 3) - 1.5;
            }
        }

        return (x, t);
    }
}
