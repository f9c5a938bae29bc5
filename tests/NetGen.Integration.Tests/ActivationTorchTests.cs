using System;
using System.Linq;
using NetGen.Benchmarks;
using NetGen.Tests.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetGen.Tests;

/// <summary>
/// Issue 24's activations against libtorch (TorchSharp-cpu 0.107.0, float64): outputs and the
/// gradient of every parameter, in the straight-line/lanes and the loop (blocks) forms, with PyTorch's
/// definitions (leaky_relu slope 0.01, elu α = 1, gelu exact, silu, softplus).
/// </summary>
public class ActivationTorchTests
{
    public static TheoryData<string> Activations => new() { "LeakyReLU", "ELU", "GELU", "SiLU", "Softplus" };

    private static Tensor Apply(string activation, Tensor a) => activation switch
    {
        "LeakyReLU" => nn.functional.leaky_relu(a, 0.01),
        "ELU" => nn.functional.elu(a, 1.0),
        "GELU" => nn.functional.gelu(a),
        "SiLU" => nn.functional.silu(a),
        "Softplus" => nn.functional.softplus(a),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void OutputsAndGradientsEqualLibtorchs(string activation)
    {
        TorchSharpFix.Apply();
        foreach ((string form, int rows) in new[] { ("Small", 1), ("Small", 11), ("Small", 300), ("Loops", 1), ("Loops", 33), ("Loops", 300) })
        {
            // 1 row (scalar), 11 (one vector of lanes and a tail), 300 (many vectors; several blocks).
            var net = (INetwork)Activator.CreateInstance(typeof(LeakyReLUSmall).Assembly.GetType("NetGen.Tests.Networks." + activation + form)!)!;
            Initialization.Apply<double>(net.Description, net.Parameters, 21, Initializer.PyTorchLinear);
            var random = new Random(4 + rows);
            double[] x = Enumerable.Range(0, rows * net.InputCount).Select(_ => (random.NextDouble() * 8) - 4).ToArray();
            double[] t = new double[rows * net.OutputCount];
            bool softmax = net.Description.Loss == Loss.SoftmaxCrossEntropy;
            for (int r = 0; r < rows; r++)
            {
                if (softmax)
                {
                    t[(r * net.OutputCount) + random.Next(net.OutputCount)] = 1;
                }
                else
                {
                    t[r] = random.NextDouble() - 0.5;
                }
            }

            var outputs = new double[rows * net.OutputCount];
            net.ForwardBatch(x, outputs);
            var gradient = new double[net.ParameterCount];
            double loss = net.Gradient(x, t, gradient);
            TorchTwin.Check(activation + form + " @" + rows, net, x, t, outputs, loss, gradient, (_, a) => Apply(activation, a),
                (a, target) => softmax ? -(target * nn.functional.log_softmax(a, 1)).sum() : 0.5 * (a - target).pow(2).sum());
        }
    }

    [Fact]
    public void DerivativesAtZeroAreLibtorchs()
    {
        TorchSharpFix.Apply();
        using DisposeScope scope = NewDisposeScope();
        foreach (string activation in new[] { "LeakyReLU", "ELU", "GELU", "SiLU", "Softplus" })
        {
            Tensor u = tensor(new[] { 0.0, -0.0, 1e-300, -1e-300 }, float64, requires_grad: true);
            Apply(activation, u).sum().backward();
            double[] torchDerivative = u.grad!.data<double>().ToArray();
            double mine = activation switch
            {
                "LeakyReLU" => 0.01,
                "ELU" => 1.0,
                "GELU" => NetGen.CompilerServices.Special.GeluDerivative(0.0),
                "SiLU" => NetGen.CompilerServices.Special.SiluDerivative(0.0),
                _ => NetGen.CompilerServices.Special.Sigmoid(0.0),
            };
            Assert.Equal(torchDerivative[0], mine);
            Assert.Equal(torchDerivative[1], mine);
        }
    }
}
