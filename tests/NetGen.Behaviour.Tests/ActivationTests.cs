using System;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Issue 24's activations (LeakyReLU, ELU, GELU, SiLU, Softplus) in every form: the batch gradient
/// against central differences of the network's own loss, the lane batch members against the scalar
/// per-sample ones, float against the double twin. (ActivationTorchTests check values against libtorch.)
/// </summary>
public class ActivationTests
{
    public static TheoryData<string> Activations => new() { "LeakyReLU", "ELU", "GELU", "SiLU", "Softplus" };

    private static INetwork<T> Create<T>(string name, int seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var net = (INetwork<T>)Activator.CreateInstance(typeof(LeakyReLUSmall).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;
        Initialization.Apply<T>(net.Description, net.Parameters, seed, Initializer.PyTorchLinear); // nonzero biases: units on both sides of 0
        return net;
    }

    private static (double[] X, double[] T) Rows(INetwork<double> net, int rows, int seed)
    {
        var random = new Random(seed);
        double[] x = Enumerable.Range(0, rows * net.InputCount).Select(_ => (random.NextDouble() * 6) - 3).ToArray();
        double[] t = new double[rows * net.OutputCount];
        for (int r = 0; r < rows; r++)
        {
            if (net.Description.Loss == Loss.SoftmaxCrossEntropy)
            {
                t[(r * net.OutputCount) + random.Next(net.OutputCount)] = 1;
            }
            else
            {
                for (int k = 0; k < net.OutputCount; k++)
                {
                    t[(r * net.OutputCount) + k] = random.NextDouble() - 0.5;
                }
            }
        }

        return (x, t);
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void BatchGradientsAgreeWithFiniteDifferencesInEveryForm(string activation)
    {
        foreach (string form in new[] { "Small", "Loops" })
        {
            INetwork<double> net = Create<double>(activation + form, 3);
            (double[] x, double[] t) = Rows(net, 37, 5); // 37 rows: full lane vectors and a tail, one block
            NetworkChecks.GradientMatchesDifferences(activation + form, net, x, t);
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void LaneAndBlockBatchMembersAgreeWithThePerSampleMembers(string activation)
    {
        foreach (string form in new[] { "Small", "Loops" })
        {
            INetwork<double> net = Create<double>(activation + form, 7);
            (double[] x, double[] t) = Rows(net, 21, 9);
            var batch = new double[21 * net.OutputCount];
            net.ForwardBatch(x, batch);
            var gradient = new double[net.ParameterCount];
            net.Gradient(x, t, gradient);
            var summed = new double[net.ParameterCount];
            dynamic d = net;
            for (int r = 0; r < 21; r++)
            {
                var row = new double[net.OutputCount];
                d.Forward(new ReadOnlySpan<double>(x, r * net.InputCount, net.InputCount).ToArray(), row);
                for (int k = 0; k < row.Length; k++)
                {
                    Assert.True(Math.Abs(row[k] - batch[(r * net.OutputCount) + k]) <= 1e-13 * Math.Max(1, Math.Abs(row[k])), $"{activation}{form} row {r} output {k}: {row[k]:R} vs {batch[(r * net.OutputCount) + k]:R}");
                }

                d.AccumulateGradient(new ReadOnlySpan<double>(x, r * net.InputCount, net.InputCount).ToArray(), new ReadOnlySpan<double>(t, r * net.OutputCount, net.OutputCount).ToArray(), summed);
            }

            for (int p = 0; p < summed.Length; p++)
            {
                Assert.True(Math.Abs(summed[p] - gradient[p]) <= 1e-12 * Math.Max(1, Math.Abs(summed[p])), $"{activation}{form} θ{p}: per sample {summed[p]:R}, batch {gradient[p]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void FloatNetworksAgreeWithTheirDoubleTwins(string activation)
    {
        foreach (string form in new[] { "Small", "Loops" })
        {
            INetwork<float> f = Create<float>(activation + form + "Float", 11);
            INetwork<double> d = Create<double>(activation + form, 1);
            (double[] x, double[] t) = Rows(d, 19, 13);
            NetworkChecks.FloatMatchesDouble(activation + form, f, d, x, t);
        }
    }

    [Fact]
    public void LeakyReLUHasSlopeOneHundredthAtAndBelowZero()
    {
        // One unit with u = 0 exactly: weights 0, bias 0. ∂y/∂b1 = w2·f'(0) = w2·0.01.
        var net = new LeakyReLUSmall();
        net.Parameters.Clear();
        net.Parameters[LeakyReLUSmall.ParameterCount - 4] = 2.0; // W2[0]
        var gradient = new double[LeakyReLUSmall.ParameterCount];
        net.Gradient(new double[] { 0.5, -0.5 }, new double[] { 1.0 }, gradient);
        // y = 0 (all units 0), ∂l/∂y = y − t = −1; ∂l/∂b1[0] = −1 · W2[0] · 0.01.
        Assert.Equal(-0.02, gradient[6], 15);
    }
}
