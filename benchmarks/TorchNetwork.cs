using System;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>
/// The same math in TorchSharp autograd (libtorch), float64: the peer a .NET user would otherwise
/// pick. Parameters are leaf tensors created once and reused; each call converts the batch, runs
/// forward and backward, and copies the gradients out in the generated code's layout.
/// </summary>
public sealed class TorchNetwork : IDisposable
{
    private readonly Tensor[] _weights;
    private readonly Tensor[] _biases;
    private readonly Activation[] _activations;
    private readonly bool _softmax;
    private readonly int _inputs;
    private readonly int _outputs;

    public TorchNetwork(int inputs, (int Units, Activation Activation)[] layers, Loss loss, double[] parameters)
    {
        TorchSharpFix.Apply();
        _inputs = inputs;
        _outputs = layers.Length == 0 ? inputs : layers[^1].Units;
        _softmax = loss == Loss.SoftmaxCrossEntropy;
        _weights = new Tensor[layers.Length];
        _biases = new Tensor[layers.Length];
        _activations = new Activation[layers.Length];
        int offset = 0, width = inputs;
        for (int l = 0; l < layers.Length; l++)
        {
            int units = layers[l].Units;
            _weights[l] = tensor(parameters.AsSpan(offset, width * units).ToArray(), new long[] { width, units }, float64, requires_grad: true);
            offset += width * units;
            _biases[l] = tensor(parameters.AsSpan(offset, units).ToArray(), new long[] { units }, float64, requires_grad: true);
            offset += units;
            _activations[l] = layers[l].Activation;
            width = units;
        }
    }

    /// <summary>
    /// Creates the TorchSharp twin of <paramref name="generated"/> for a benchmark's setup: applies the
    /// library fix before the first use of torch, sets the thread count (0 keeps libtorch's default),
    /// and fails unless its gradient on the batch equals the generated one.
    /// </summary>
    public static TorchNetwork CreateChecked(int threads, int inputs, (int Units, Activation Activation)[] layers, Loss loss, IBenchmarkNetwork generated, double[] x, double[] t)
    {
        TorchSharpFix.Apply();
        if (threads > 0)
        {
            torch.set_num_threads(threads);
        }

        var network = new TorchNetwork(inputs, layers, loss, generated.Parameters.ToArray());
        double[] expected = new double[generated.Parameters.Length];
        double[] actual = new double[expected.Length];
        double expectedLoss = generated.Gradient(x, t, expected);
        Data.Check("TorchSharp", expectedLoss, expected, network.Gradient(x, t, actual), actual);
        return network;
    }

    /// <summary>
    /// f(x) and ∂f/∂x by TorchSharp autograd for a function of one input vector (the softmax layer
    /// alone, question 3's f), on one thread; the benchmarks' twin of a generated input gradient.
    /// </summary>
    public static double InputGradient(Func<Tensor, Tensor> f, double[] input, Span<double> gradient)
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(input, new long[] { input.Length }, float64, requires_grad: true);
        Tensor y = f(x);
        y.backward();
        ReadOnlySpan<double> dx = x.grad!.data<double>().ToArray();
        dx.CopyTo(gradient);
        return y.item<double>();
    }

    /// <summary>Applies the library fix and pins libtorch to one thread, before the first use of torch.</summary>
    public static void UseOneThread()
    {
        TorchSharpFix.Apply();
        torch.set_num_threads(1);
    }

    public double Gradient(double[] inputs, double[] targets, Span<double> gradient)
    {
        using DisposeScope scope = NewDisposeScope();
        int n = inputs.Length / _inputs;
        foreach (Tensor p in _weights)
        {
            p.grad?.zero_();
        }

        foreach (Tensor p in _biases)
        {
            p.grad?.zero_();
        }

        Tensor a = tensor(inputs, new long[] { n, _inputs }, float64);
        Tensor t = tensor(targets, new long[] { n, _outputs }, float64);
        for (int l = 0; l < _weights.Length; l++)
        {
            a = a.matmul(_weights[l]) + _biases[l];
            a = _activations[l] switch
            {
                Activation.ReLU => a.relu(),
                Activation.Sigmoid => a.sigmoid(),
                Activation.Tanh => a.tanh(),
                _ => a,
            };
        }

        Tensor loss = _softmax
            ? -(t * nn.functional.log_softmax(a, 1)).sum()
            : 0.5 * (a - t).pow(2).sum();
        loss.backward();
        int offset = 0;
        for (int l = 0; l < _weights.Length; l++)
        {
            ReadOnlySpan<double> w = _weights[l].grad!.data<double>().ToArray();
            w.CopyTo(gradient.Slice(offset));
            offset += w.Length;
            ReadOnlySpan<double> b = _biases[l].grad!.data<double>().ToArray();
            b.CopyTo(gradient.Slice(offset));
            offset += b.Length;
        }

        return loss.item<double>();
    }

    public void Dispose()
    {
        foreach (Tensor p in _weights)
        {
            p.Dispose();
        }

        foreach (Tensor p in _biases)
        {
            p.Dispose();
        }
    }
}
