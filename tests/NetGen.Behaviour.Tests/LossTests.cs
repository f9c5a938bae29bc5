using System;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Issue 24's losses (SigmoidCrossEntropy, AbsoluteError, Huber) in every form: the batch gradient
/// against central differences of the network's own loss, lanes and blocks against the per-sample
/// members, float against double, sigmoid cross-entropy finite at logits of ±1000, and its Predict
/// and accuracy by hand. (LossTorchTests check the values against libtorch.)
/// </summary>
public class LossTests
{
    public static TheoryData<string> Losses => new() { "SigmoidCrossEntropy", "AbsoluteError", "Huber" };

    private static INetwork<T> Create<T>(string name, int seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var net = (INetwork<T>)Activator.CreateInstance(typeof(HuberSmall).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;
        Initialization.Apply<T>(net.Description, net.Parameters, seed, Initializer.PyTorchLinear);
        return net;
    }

    private static (double[] X, double[] T) Rows(INetwork<double> net, int rows, int seed)
    {
        var random = new Random(seed);
        double[] x = Enumerable.Range(0, rows * net.InputCount).Select(_ => (random.NextDouble() * 6) - 3).ToArray();
        double[] t = Enumerable.Range(0, rows * net.OutputCount).Select(_ => net.Description.Loss == Loss.SigmoidCrossEntropy ? (random.Next(2) == 0 ? 0.0 : random.NextDouble()) : (random.NextDouble() * 4) - 2).ToArray();
        return (x, t);
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void BatchGradientsAgreeWithFiniteDifferencesAndThePerSampleMembers(string loss)
    {
        foreach (string form in new[] { "Small", "Loops" })
        {
            INetwork<double> net = Create<double>(loss + form, 3);
            (double[] x, double[] t) = Rows(net, 29, 5);
            NetworkChecks.GradientMatchesDifferences(loss + form, net, x, t);
            NetworkChecks.PerSampleMatchesBatch(loss + form, net, x, t);
        }
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void FloatNetworksAgreeWithTheirDoubleTwins(string loss)
    {
        foreach (string form in new[] { "Small", "Loops" })
        {
            INetwork<float> f = Create<float>(loss + form + "Float", 11);
            INetwork<double> d = Create<double>(loss + form, 1);
            (double[] x, double[] t) = Rows(d, 17, 13);
            NetworkChecks.FloatMatchesDouble(loss + form, f, d, x, t);
        }
    }

    [Fact]
    public void SigmoidCrossEntropyIsFiniteAndExactAtLogitsOfAThousand()
    {
        // l(y, t) = max(y, 0) − y·t + log(1 + e^−|y|): y = 1000, t = 0 → 1000; y = −1000, t = 0 → 0; y = 1000, t = 1 → 0.
        Assert.Equal(1000.0, Loss(1000, 0), 12);
        Assert.Equal(0.0, Loss(-1000, 0));
        Assert.Equal(0.0, Loss(1000, 1));
        Assert.Equal(Math.Log(2), Loss(0, 0.3), 15);

        static double Loss(double y, double t)
        {
            var one = new SigmoidCrossEntropySmall();
            one.Parameters.Clear();
            // Output 0's bias is y; output 1's is 0 with target 0 (adds log 2).
            one.Parameters[SigmoidCrossEntropySmall.ParameterCount - 2] = y;
            return one.ComputeLoss(new double[3], new[] { t, 0.0 }) - Math.Log(2);
        }
    }

    [Fact]
    public void SigmoidPredictAndAccuracyAreThresholdedPerOutput()
    {
        var net = new SigmoidCrossEntropySmall();
        net.Parameters.Clear();
        net.Parameters[SigmoidCrossEntropySmall.ParameterCount - 2] = 0.5;   // output 0 logit 0.5 → true
        net.Parameters[SigmoidCrossEntropySmall.ParameterCount - 1] = -0.5;  // output 1 logit −0.5 → false
        Assert.Equal(0b01, net.Predict(new double[3]));
        // Two rows, targets (1, 1) and (0, 0): output 0 right then wrong, output 1 wrong then right: 2 of 4.
        Evaluation e = net.Evaluate(new double[6], new double[] { 1, 1, 0, 0 });
        Assert.Equal(0.5, e.Accuracy);
        Assert.Equal(2, e.Count);
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void AnEmptyBatchHasNoLossNoGradientAndNoAccuracy(string loss)
    {
        foreach (string form in new[] { "Small", "Loops" })
        {
            INetwork<double> net = Create<double>(loss + form, 2);
            double[] gradient = Enumerable.Repeat(7.0, net.ParameterCount).ToArray();
            Assert.Equal(0.0, net.Gradient(Array.Empty<double>(), Array.Empty<double>(), gradient));
            Assert.All(gradient, g => Assert.Equal(0.0, g));
            Evaluation e = net.Evaluate(Array.Empty<double>(), Array.Empty<double>());
            Assert.Equal(0, e.Count);
            Assert.True(double.IsNaN(e.MeanLoss) && double.IsNaN(e.Accuracy));
        }
    }

    [Fact]
    public void AbsoluteErrorAndHuberHaveTheDocumentedDerivativesAtTheirKinks()
    {
        // y = bias exactly; e = y − t at 0 (L1: 0) and at ±1 (Huber: ±1, the clamp's ends).
        foreach ((string name, double e, double expected) in new[] { ("AbsoluteError", 0.0, 0.0), ("AbsoluteError", 0.25, 1.0), ("Huber", 1.0, 1.0), ("Huber", -1.0, -1.0), ("Huber", 0.25, 0.25), ("Huber", 3.0, 1.0) })
        {
            var net = (INetwork)Activator.CreateInstance(typeof(HuberSmall).Assembly.GetType("NetGen.Tests.Networks." + name + "Small")!)!;
            net.Parameters.Clear();
            net.Parameters[net.ParameterCount - 2] = 2.0 + e;
            var gradient = new double[net.ParameterCount];
            net.Gradient(new double[3], new[] { 2.0, 0.0 }, gradient);
            Assert.Equal(expected, gradient[net.ParameterCount - 2]);
        }
    }
}
