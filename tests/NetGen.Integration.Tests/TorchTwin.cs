using System;
using System.Linq;
using NetGen.Benchmarks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetGen.Tests;

/// <summary>
/// A NetGen network's twin in libtorch (float64): its layers as leaf tensors with the same values
/// (W [in, out], so y = x·W + b), the forward pass with the given activation and loss, and the check
/// that NetGen's outputs, loss and every parameter's gradient equal libtorch's.
/// </summary>
internal static class TorchTwin
{
    /// <summary>
    /// Runs the twin on <paramref name="x"/> and <paramref name="t"/> and asserts that
    /// <paramref name="outputs"/>, <paramref name="loss"/> and <paramref name="gradient"/> (NetGen's) are libtorch's.
    /// </summary>
    /// <remarks>
    /// Layer extras are the twin's too: a residual layer adds its input, a layer norm is
    /// <c>nn.functional.layer_norm</c> (ε = 1e-5) with γ and β as leaves whose gradients are compared, and a
    /// dropout layer multiplies by <paramref name="mask"/>(layer, row, unit) (1-based layer) when given —
    /// the mask NetGen drew, so that the rest of the gradient is libtorch's.
    /// </remarks>
    public static void Check(string what, INetwork net, double[] x, double[] t, double[]? outputs, double loss, double[]? gradient, Func<Activation, Tensor, Tensor> activate, Func<Tensor, Tensor, Tensor> lossOf, Func<int, int, int, double>? mask = null)
    {
        TorchSharpFix.Apply();
        using DisposeScope scope = NewDisposeScope();
        int rows = x.Length / net.InputCount;
        double[] theta = net.Parameters.ToArray();
        var weights = new Tensor[net.Description.Layers.Count];
        var biases = new Tensor[weights.Length];
        var gammas = new Tensor?[weights.Length];
        var betas = new Tensor?[weights.Length];
        Tensor a = tensor(x, new long[] { rows, net.InputCount }, float64);
        for (int l = 0; l < weights.Length; l++)
        {
            LayerDescription layer = net.Description.Layers[l];
            weights[l] = tensor(theta.AsSpan(net.Description.WeightOffset(l + 1), layer.Inputs * layer.Units).ToArray(), new long[] { layer.Inputs, layer.Units }, float64, requires_grad: true);
            biases[l] = tensor(theta.AsSpan(net.Description.BiasOffset(l + 1), layer.Units).ToArray(), new long[] { layer.Units }, float64, requires_grad: true);
            Tensor input = a;
            a = a.matmul(weights[l]) + biases[l];
            if (layer.Activation != Activation.Identity)
            {
                a = activate(layer.Activation, a);
            }

            if (layer.Residual)
            {
                a = input + a;
            }

            if (layer.LayerNorm)
            {
                int norm = net.Description.NormOffset(l + 1);
                gammas[l] = tensor(theta.AsSpan(norm, layer.Units).ToArray(), new long[] { layer.Units }, float64, requires_grad: true);
                betas[l] = tensor(theta.AsSpan(norm + layer.Units, layer.Units).ToArray(), new long[] { layer.Units }, float64, requires_grad: true);
                a = nn.functional.layer_norm(a, new long[] { layer.Units }, gammas[l], betas[l], 1e-5);
            }

            if (layer.Dropout > 0 && mask is not null)
            {
                var m = new double[rows * layer.Units];
                for (int r = 0; r < rows; r++)
                {
                    for (int j = 0; j < layer.Units; j++)
                    {
                        m[(r * layer.Units) + j] = mask(l + 1, r, j);
                    }
                }

                a = a * tensor(m, new long[] { rows, layer.Units }, float64);
            }
        }

        Tensor torchLoss = lossOf(a, tensor(t, new long[] { rows, net.OutputCount }, float64));
        torchLoss.backward();
        if (outputs is not null)
        {
            double[] expected = a.detach().data<double>().ToArray();
            for (int i = 0; i < outputs.Length; i++)
            {
                Assert.True(Math.Abs(outputs[i] - expected[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])), $"{what} output {i}: NetGen {outputs[i]:R}, libtorch {expected[i]:R}");
            }
        }

        Assert.True(Math.Abs(loss - torchLoss.item<double>()) <= 1e-12 * Math.Max(1, Math.Abs(loss)), $"{what} loss {loss:R} vs libtorch {torchLoss.item<double>():R}");
        for (int l = 0; l < weights.Length && gradient is not null; l++)
        {
            Same(what + " ∂L/∂W" + (l + 1), gradient.AsSpan(net.Description.WeightOffset(l + 1)), weights[l].grad!.data<double>().ToArray());
            Same(what + " ∂L/∂B" + (l + 1), gradient.AsSpan(net.Description.BiasOffset(l + 1)), biases[l].grad!.data<double>().ToArray());
            if (gammas[l] is { } gamma && betas[l] is { } beta)
            {
                Same(what + " ∂L/∂γ" + (l + 1), gradient.AsSpan(net.Description.NormOffset(l + 1)), gamma.grad!.data<double>().ToArray());
                Same(what + " ∂L/∂β" + (l + 1), gradient.AsSpan(net.Description.NormOffset(l + 1) + net.Description.Layers[l].Units), beta.grad!.data<double>().ToArray());
            }
        }
    }

    private static void Same(string what, ReadOnlySpan<double> mine, double[] torch)
    {
        for (int i = 0; i < torch.Length; i++)
        {
            Assert.True(Math.Abs(mine[i] - torch[i]) <= 1e-11 * Math.Max(1, Math.Abs(torch[i])), $"{what}[{i}]: NetGen {mine[i]:R}, libtorch {torch[i]:R}");
        }
    }
}
