using System;

namespace NetGen.Tests.Networks;

/// <summary>
/// An independent, deliberately plain implementation of the same math (arrays and loops, written
/// from DESIGN.md, sharing no code with the generator) that the generated code is compared with.
/// </summary>
public static class ReferenceNetwork
{
    public static (double Loss, double[] Gradient, double[] InputGradient) Evaluate(NetworkCase shape, double[] theta, double[] x, double[] t)
    {
        int layers = shape.Layers.Length;
        var a = new double[layers + 1][];
        var u = new double[layers + 1][];
        var w = new int[layers + 1];
        var b = new int[layers + 1];
        a[0] = x;
        int offset = 0;
        for (int l = 1; l <= layers; l++)
        {
            int inputs = a[l - 1].Length, units = shape.Layers[l - 1].Units;
            w[l] = offset;
            b[l] = offset + inputs * units;
            offset = b[l] + units;
            u[l] = new double[units];
            a[l] = new double[units];
            for (int n = 0; n < units; n++)
            {
                double sum = theta[b[l] + n];
                for (int m = 0; m < inputs; m++)
                {
                    sum += a[l - 1][m] * theta[w[l] + m * units + n];
                }

                u[l][n] = sum;
                a[l][n] = Activate(shape.Layers[l - 1].Activation, sum);
            }
        }

        double[] y = a[layers];
        double loss = 0;
        var dy = new double[y.Length];
        if (shape.Loss == Loss.HalfSquaredError)
        {
            for (int k = 0; k < y.Length; k++)
            {
                loss += 0.5 * (y[k] - t[k]) * (y[k] - t[k]);
                dy[k] = y[k] - t[k];
            }
        }
        else
        {
            double max = double.NegativeInfinity;
            foreach (double v in y)
            {
                max = Math.Max(max, v);
            }

            double z = 0;
            foreach (double v in y)
            {
                z += Math.Exp(v - max);
            }

            double targetSum = 0;
            for (int k = 0; k < y.Length; k++)
            {
                double logSoftmax = y[k] - max - Math.Log(z);
                loss -= t[k] * logSoftmax;
                targetSum += t[k];
            }

            for (int k = 0; k < y.Length; k++)
            {
                dy[k] = Math.Exp(y[k] - max) / z * targetSum - t[k];
            }
        }

        var gradient = new double[theta.Length];
        double[] da = dy;
        for (int l = layers; l >= 1; l--)
        {
            int inputs = a[l - 1].Length, units = u[l].Length;
            var du = new double[units];
            for (int n = 0; n < units; n++)
            {
                du[n] = da[n] * Derivative(shape.Layers[l - 1].Activation, u[l][n]);
                gradient[b[l] + n] += du[n];
                for (int m = 0; m < inputs; m++)
                {
                    gradient[w[l] + m * units + n] += a[l - 1][m] * du[n];
                }
            }

            var previous = new double[inputs];
            for (int m = 0; m < inputs; m++)
            {
                for (int n = 0; n < units; n++)
                {
                    previous[m] += du[n] * theta[w[l] + m * units + n];
                }
            }

            da = previous;
        }

        return (loss, gradient, da);
    }

    private static double Activate(Activation activation, double u) => activation switch
    {
        Activation.Identity => u,
        Activation.ReLU => Math.Max(0, u),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-u)),
        Activation.Tanh => Math.Tanh(u),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    private static double Derivative(Activation activation, double u) => activation switch
    {
        Activation.Identity => 1,
        Activation.ReLU => u > 0 ? 1 : 0,
        Activation.Sigmoid => Math.Exp(-u) / ((1 + Math.Exp(-u)) * (1 + Math.Exp(-u))),
        Activation.Tanh => 1 / (Math.Cosh(u) * Math.Cosh(u)),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
