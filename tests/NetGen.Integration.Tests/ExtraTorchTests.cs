using System;
using System.Linq;
using NetGen.Benchmarks;
using NetGen.CompilerServices;
using NetGen.Tests.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetGen.Tests;

/// <summary>
/// Issue 24's layer extras against libtorch (float64): residual layers, <c>nn.functional.layer_norm</c>
/// (ε = 1e-5, γ and β perturbed away from 1 and 0) and dropout with the mask NetGen drew, in the
/// straight-line/lanes, blocks and loop forms, for batches of 1 row, a lanes tail (11) and many rows (300).
/// Outputs and losses of inference (no dropout) and every parameter's gradient of training are compared.
/// </summary>
public class ExtraTorchTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "NormSmall", "ResidualSmall", "GatedResidualSmall", "ResidualNormBlocks", "ResidualNormLoops", "DropoutSmall", "DropoutBlocks", "DropoutLoops" })
        {
            foreach (int rows in new[] { 1, 11, 300 })
            {
                data.Add(name, rows);
            }
        }

        return data;
    }

    private static Tensor Activate(Activation activation, Tensor a) => activation switch
    {
        Activation.ReLU => a.relu(),
        Activation.Tanh => a.tanh(),
        Activation.GELU => nn.functional.gelu(a),
        Activation.SiLU => nn.functional.silu(a),
        Activation.ELU => nn.functional.elu(a, 1.0),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    private static Tensor LossOf(Loss loss, Tensor y, Tensor t) => loss switch
    {
        Loss.HalfSquaredError => 0.5 * (y - t).pow(2).sum(),
        Loss.SoftmaxCrossEntropy => -(t * nn.functional.log_softmax(y, 1)).sum(),
        Loss.SigmoidCrossEntropy => nn.functional.binary_cross_entropy_with_logits(y, t, reduction: nn.Reduction.Sum),
        Loss.Huber => nn.functional.huber_loss(y, t, delta: 1.0, reduction: nn.Reduction.Sum),
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    [Theory]
    [InlineData("NormSmall")]
    [InlineData("ResidualNormBlocks")]
    [InlineData("ResidualNormLoops")]
    public void ANormOfAConstantRowEqualsLibtorchs(string name)
    {
        // W1 = 0 and equal biases: every unit of layer 1 has the same value, so its norm sees σ² = 0
        // (h = 0, inv = 1/√ε ≈ 316): the edge where a norm without ε would divide by zero.
        TorchSharpFix.Apply();
        var net = (INetwork)Activator.CreateInstance(typeof(NormSmall).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;
        Initialization.Apply<double>(net.Description, net.Parameters, 3, Initializer.PyTorchLinear);
        LayerDescription first = net.Description.Layers[0];
        net.Parameters.Slice(net.Description.WeightOffset(1), first.Inputs * first.Units).Clear();
        net.Parameters.Slice(net.Description.BiasOffset(1), first.Units).Fill(0.3);
        for (int j = 0; j < first.Units; j++)
        {
            net.Parameters[net.Description.NormOffset(1) + j] = 1.0 + (0.1 * j); // γ ≠ 1, so ∂L/∂h differs per unit
        }

        (double[] x, double[] t) = NetworkData.Rows(net.Description, 5, 9);
        var outputs = new double[5 * net.OutputCount];
        net.ForwardBatch(x, outputs);
        var gradient = new double[net.ParameterCount];
        double loss = net.Gradient(x, t, gradient);
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
        TorchTwin.Check(name + " constant row", net, x, t, outputs, loss, gradient, Activate, (y, target) => LossOf(net.Description.Loss, y, target));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InferenceAndGradientsEqualLibtorchs(string name, int rows)
    {
        TorchSharpFix.Apply();
        const int Seed = 31;
        var net = (INetwork)Activator.CreateInstance(typeof(NormSmall).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;
        ((dynamic)net).Initialize(Seed); // seeds the dropout masks: call 0 below uses Dropout.Key(31, 0)
        Initialization.Apply<double>(net.Description, net.Parameters, 5, Initializer.PyTorchLinear);
        var random = new Random(rows);
        for (int l = 1; l <= net.Description.Layers.Count; l++)
        {
            if (net.Description.Layers[l - 1].LayerNorm)
            {
                int units = net.Description.Layers[l - 1].Units;
                for (int j = 0; j < units; j++)
                {
                    net.Parameters[net.Description.NormOffset(l) + j] = 0.5 + random.NextDouble();
                    net.Parameters[net.Description.NormOffset(l) + units + j] = random.NextDouble() - 0.5;
                }
            }
        }

        (double[] x, double[] t) = NetworkData.Rows(net.Description, rows, rows);

        // Inference: outputs and the mean loss, dropout off (the mask is 1).
        var outputs = new double[rows * net.OutputCount];
        net.ForwardBatch(x, outputs);
        double inferenceLoss = net.Evaluate(x, t).MeanLoss * rows;
        TorchTwin.Check(name + " inference", net, x, t, outputs, inferenceLoss, null, Activate, (y, target) => LossOf(net.Description.Loss, y, target), (_, _, _) => 1.0);

        // Training: the gradient of call 0, with the mask NetGen's generator gives row r and unit j of that call.
        var gradient = new double[net.ParameterCount];
        double loss = net.Gradient(x, t, gradient);
        ulong key = Dropout.Key(Seed, 0);
        TorchTwin.Check(name + " gradient", net, x, t, null, loss, gradient, Activate, (y, target) => LossOf(net.Description.Loss, y, target), (l, r, j) =>
        {
            LayerDescription layer = net.Description.Layers[l - 1];
            int firstUnit = net.Description.Layers.Take(l - 1).Sum(d => d.Units);
            return Dropout.Keeps(key, r, firstUnit + j, layer.Dropout) ? 1.0 / (1.0 - layer.Dropout) : 0.0;
        });
    }
}
