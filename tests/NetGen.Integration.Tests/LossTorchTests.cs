using System;
using System.Linq;
using NetGen.Benchmarks;
using NetGen.Tests.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetGen.Tests;

/// <summary>
/// Issue 24's losses against libtorch (float64, sum reduction): BCEWithLogitsLoss, L1Loss and
/// HuberLoss(δ = 1), the loss and every parameter's gradient, in the straight-line/lanes and loop forms,
/// with logits far out (±40) and targets between 0 and 1 for the sigmoid loss.
/// </summary>
public class LossTorchTests
{
    public static TheoryData<string> Losses => new() { "SigmoidCrossEntropy", "AbsoluteError", "Huber" };

    [Theory]
    [MemberData(nameof(Losses))]
    public void LossesAndGradientsEqualLibtorchs(string lossName)
    {
        TorchSharpFix.Apply();
        foreach (string form in new[] { "Small", "Loops" })
        {
            var net = (INetwork)Activator.CreateInstance(typeof(HuberSmall).Assembly.GetType("NetGen.Tests.Networks." + lossName + form)!)!;
            Initialization.Apply<double>(net.Description, net.Parameters, 23, Initializer.PyTorchLinear);
            for (int i = net.Description.BiasOffset(net.Description.Layers.Count); i < net.ParameterCount; i++)
            {
                net.Parameters[i] *= 40; // logits and errors far from 0 too
            }

            var random = new Random(8);
            const int Rows = 27;
            double[] x = Enumerable.Range(0, Rows * net.InputCount).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
            double[] t = Enumerable.Range(0, Rows * net.OutputCount).Select(_ => lossName == "SigmoidCrossEntropy" ? random.NextDouble() : (random.NextDouble() * 6) - 3).ToArray();
            var gradient = new double[net.ParameterCount];
            double loss = net.Gradient(x, t, gradient);

            using DisposeScope scope = NewDisposeScope();
            double[] theta = net.Parameters.ToArray();
            var weights = new Tensor[net.Description.Layers.Count];
            var biases = new Tensor[weights.Length];
            Tensor a = tensor(x, new long[] { Rows, net.InputCount }, float64);
            for (int l = 0; l < weights.Length; l++)
            {
                LayerDescription layer = net.Description.Layers[l];
                weights[l] = tensor(theta.AsSpan(net.Description.WeightOffset(l + 1), layer.Inputs * layer.Units).ToArray(), new long[] { layer.Inputs, layer.Units }, float64, requires_grad: true);
                biases[l] = tensor(theta.AsSpan(net.Description.BiasOffset(l + 1), layer.Units).ToArray(), new long[] { layer.Units }, float64, requires_grad: true);
                a = a.matmul(weights[l]) + biases[l];
                a = layer.Activation switch { Activation.Tanh => a.tanh(), Activation.ReLU => a.relu(), _ => a };
            }

            Tensor target = tensor(t, new long[] { Rows, net.OutputCount }, float64);
            Tensor torchLoss = lossName switch
            {
                "SigmoidCrossEntropy" => nn.functional.binary_cross_entropy_with_logits(a, target, reduction: nn.Reduction.Sum),
                "AbsoluteError" => nn.functional.l1_loss(a, target, reduction: nn.Reduction.Sum),
                _ => nn.functional.huber_loss(a, target, delta: 1.0, reduction: nn.Reduction.Sum),
            };
            torchLoss.backward();
            Assert.True(Math.Abs(loss - torchLoss.item<double>()) <= 1e-12 * Math.Max(1, Math.Abs(loss)), $"{lossName}{form} loss {loss:R} vs libtorch {torchLoss.item<double>():R}");
            for (int l = 0; l < weights.Length; l++)
            {
                double[] w = weights[l].grad!.data<double>().ToArray();
                double[] b = biases[l].grad!.data<double>().ToArray();
                for (int i = 0; i < w.Length; i++)
                {
                    double mine = gradient[net.Description.WeightOffset(l + 1) + i];
                    Assert.True(Math.Abs(mine - w[i]) <= 1e-11 * Math.Max(1, Math.Abs(w[i])), $"{lossName}{form} ∂L/∂W{l + 1}[{i}]: NetGen {mine:R}, libtorch {w[i]:R}");
                }

                for (int i = 0; i < b.Length; i++)
                {
                    double mine = gradient[net.Description.BiasOffset(l + 1) + i];
                    Assert.True(Math.Abs(mine - b[i]) <= 1e-11 * Math.Max(1, Math.Abs(b[i])), $"{lossName}{form} ∂L/∂B{l + 1}[{i}]: NetGen {mine:R}, libtorch {b[i]:R}");
                }
            }
        }
    }
}
