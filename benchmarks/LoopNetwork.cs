using System;

namespace NetGen.Benchmarks;

/// <summary>
/// Idiomatic C#: a multilayer perceptron of any shape as arrays and loops, buffers preallocated,
/// the same parameter layout and contract as the generated code.
/// </summary>
public sealed class LoopNetwork
{
    private readonly int[] _sizes;
    private readonly Activation[] _activations;
    private readonly bool _softmax;
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;
    private readonly double[][] _u;
    private readonly double[][] _z;
    private readonly double[][] _d;

    public LoopNetwork(int inputs, (int Units, Activation Activation)[] layers, Loss loss)
    {
        _sizes = new int[layers.Length + 1];
        _sizes[0] = inputs;
        _activations = new Activation[layers.Length];
        _weightOffsets = new int[layers.Length];
        _biasOffsets = new int[layers.Length];
        _u = new double[layers.Length][];
        _z = new double[layers.Length + 1][];
        _d = new double[layers.Length + 1][];
        _d[0] = new double[inputs];
        int offset = 0;
        for (int l = 0; l < layers.Length; l++)
        {
            _sizes[l + 1] = layers[l].Units;
            _activations[l] = layers[l].Activation;
            _weightOffsets[l] = offset;
            _biasOffsets[l] = offset + _sizes[l] * _sizes[l + 1];
            offset = _biasOffsets[l] + _sizes[l + 1];
            _u[l] = new double[_sizes[l + 1]];
            _z[l + 1] = new double[_sizes[l + 1]];
            _d[l + 1] = new double[_sizes[l + 1]];
        }

        _softmax = loss == Loss.SoftmaxCrossEntropy;
        Parameters = new double[offset];
    }

    public double[] Parameters { get; }

    public double Gradient(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient)
    {
        int inputCount = _sizes[0], outputCount = _sizes[^1], layers = _activations.Length;
        int n = inputs.Length / inputCount;
        if (inputs.Length != n * inputCount || targets.Length != n * outputCount || gradient.Length != Parameters.Length)
        {
            throw new ArgumentException("wrong span length");
        }

        gradient.Clear();
        double[] p = Parameters;
        double loss = 0;
        for (int k = 0; k < n; k++)
        {
            ReadOnlySpan<double> x = inputs.Slice(k * inputCount, inputCount);
            ReadOnlySpan<double> t = targets.Slice(k * outputCount, outputCount);
            double[] a = _z[0] ??= new double[inputCount];
            x.CopyTo(a);
            for (int l = 0; l < layers; l++)
            {
                int rows = _sizes[l], cols = _sizes[l + 1];
                double[] prev = _z[l], u = _u[l], z = _z[l + 1];
                for (int j = 0; j < cols; j++)
                {
                    double sum = p[_biasOffsets[l] + j];
                    for (int i = 0; i < rows; i++)
                    {
                        sum += prev[i] * p[_weightOffsets[l] + i * cols + j];
                    }

                    u[j] = sum;
                    z[j] = Activate(_activations[l], sum);
                }
            }

            double[] y = _z[layers], dy = _d[layers];
            if (_softmax)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < outputCount; j++)
                {
                    max = Math.Max(max, y[j]);
                }

                double sum = 0, sumT = 0;
                for (int j = 0; j < outputCount; j++)
                {
                    sum += Math.Exp(y[j] - max);
                    sumT += t[j];
                }

                double lse = max + Math.Log(sum);
                for (int j = 0; j < outputCount; j++)
                {
                    loss += t[j] * (lse - y[j]);
                    dy[j] = Math.Exp(y[j] - lse) * sumT - t[j];
                }
            }
            else
            {
                for (int j = 0; j < outputCount; j++)
                {
                    double e = y[j] - t[j];
                    loss += 0.5 * e * e;
                    dy[j] = e;
                }
            }

            for (int l = layers - 1; l >= 0; l--)
            {
                int rows = _sizes[l], cols = _sizes[l + 1];
                double[] prev = _z[l], u = _u[l], z = _z[l + 1], d = _d[l + 1], dPrev = _d[l];
                for (int j = 0; j < cols; j++)
                {
                    d[j] *= Derivative(_activations[l], u[j], z[j]);
                    gradient[_biasOffsets[l] + j] += d[j];
                }

                for (int i = 0; i < rows; i++)
                {
                    double sum = 0;
                    for (int j = 0; j < cols; j++)
                    {
                        gradient[_weightOffsets[l] + i * cols + j] += prev[i] * d[j];
                        sum += d[j] * p[_weightOffsets[l] + i * cols + j];
                    }

                    dPrev[i] = sum;
                }
            }
        }

        return loss;
    }

    private static double Activate(Activation activation, double u) => activation switch
    {
        Activation.ReLU => u > 0 ? u : 0,
        Activation.Sigmoid => 1 / (1 + Math.Exp(-u)),
        Activation.Tanh => Math.Tanh(u),
        _ => u,
    };

    private static double Derivative(Activation activation, double u, double z) => activation switch
    {
        Activation.ReLU => u > 0 ? 1 : 0,
        Activation.Sigmoid => z * (1 - z),
        Activation.Tanh => 1 - z * z,
        _ => 1,
    };
}
