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
        foreach ((string form, int rows) in new[] { ("Small", 1), ("Small", 11), ("Small", 300), ("Loops", 1), ("Loops", 27), ("Loops", 300) })
        {
            var net = (INetwork)Activator.CreateInstance(typeof(HuberSmall).Assembly.GetType("NetGen.Tests.Networks." + lossName + form)!)!;
            Initialization.Apply<double>(net.Description, net.Parameters, 23, Initializer.PyTorchLinear);
            for (int i = net.Description.BiasOffset(net.Description.Layers.Count); i < net.ParameterCount; i++)
            {
                net.Parameters[i] *= 40; // logits and errors far from 0 too
            }

            var random = new Random(8 + rows);
            double[] x = Enumerable.Range(0, rows * net.InputCount).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
            double[] t = Enumerable.Range(0, rows * net.OutputCount).Select(_ => lossName == "SigmoidCrossEntropy" ? random.NextDouble() : (random.NextDouble() * 6) - 3).ToArray();
            var gradient = new double[net.ParameterCount];
            double loss = net.Gradient(x, t, gradient);

            TorchTwin.Check(lossName + form + " @" + rows, net, x, t, null, loss, gradient,
                (activation, a) => activation switch { Activation.Tanh => a.tanh(), Activation.ReLU => a.relu(), _ => a },
                (a, target) => lossName switch
                {
                    "SigmoidCrossEntropy" => nn.functional.binary_cross_entropy_with_logits(a, target, reduction: nn.Reduction.Sum),
                    "AbsoluteError" => nn.functional.l1_loss(a, target, reduction: nn.Reduction.Sum),
                    _ => nn.functional.huber_loss(a, target, delta: 1.0, reduction: nn.Reduction.Sum),
                });
        }
    }
}
