using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Each optimizer against a reference written here, element by element, from the algorithms that
/// PyTorch's documentation gives for torch.optim.SGD, Adam and AdamW (the bias-corrected m̂ and v̂
/// form), over 100 steps of gradients that depend on the parameters, within 1e-12 relative.
/// </summary>
public class OptimizerTests
{
    private const int Count = 37; // not a multiple of any vector width: the scalar tail runs too
    private const int Steps = 100;

    /// <summary>A gradient field: g(θ) = θ − c + 0.3·sin(3θ + step), different for every element and step.</summary>
    private static double Gradient(double theta, int i, int step) => theta - (0.1 * i) + (0.3 * Math.Sin((3 * theta) + step));

    private static double[] Start() => Enumerable.Range(0, Count).Select(i => Math.Cos(i) * 2).ToArray();

    public static TheoryData<double, double, double, double, bool> SgdCases => new()
    {
        // lr, momentum, dampening, weight decay, nesterov
        { 0.1, 0, 0, 0, false },
        { 0.05, 0.9, 0, 0, false },
        { 0.05, 0.9, 0.1, 0.01, false },
        { 0.05, 0.9, 0, 0.001, true },
        { 0.2, 0, 0, 0.5, false },
    };

    [Theory]
    [MemberData(nameof(SgdCases))]
    public void SgdFollowsPyTorch(double lr, double momentum, double dampening, double weightDecay, bool nesterov)
    {
        double[] theta = Start(), reference = Start();
        var optimizer = new Sgd(Count, lr, momentum, dampening, weightDecay, nesterov);
        var g = new double[Count];
        var buffer = new double[Count];
        for (int t = 1; t <= Steps; t++)
        {
            for (int i = 0; i < Count; i++)
            {
                g[i] = Gradient(theta[i], i, t);
            }

            optimizer.Step(theta, g);

            // torch.optim.SGD, as documented: g ← g + λθ; b ← g (t = 1) or μb + (1 − τ)g; g ← g + μb or b; θ ← θ − γg.
            for (int i = 0; i < Count; i++)
            {
                double gi = Gradient(reference[i], i, t);
                if (weightDecay != 0)
                {
                    gi += weightDecay * reference[i];
                }

                if (momentum != 0)
                {
                    buffer[i] = t == 1 ? gi : (momentum * buffer[i]) + ((1 - dampening) * gi);
                    gi = nesterov ? gi + (momentum * buffer[i]) : buffer[i];
                }

                reference[i] -= lr * gi;
            }
        }

        AssertClose(reference, theta);
    }

    public static TheoryData<double, double, double, double, double, bool, bool> AdamCases => new()
    {
        // lr, β1, β2, ε, weight decay, AMSGrad, decoupled (AdamW)
        { 1e-3, 0.9, 0.999, 1e-8, 0, false, false },
        { 0.05, 0.9, 0.999, 1e-8, 0, false, false },
        { 0.05, 0.8, 0.99, 1e-6, 0.01, false, false },
        { 0.05, 0.9, 0.999, 1e-8, 0, true, false },
        { 0.05, 0.9, 0.999, 1e-8, 0.1, true, false },
        { 0.05, 0.9, 0.999, 1e-8, 0.01, false, true },
        { 0.02, 0.85, 0.995, 1e-7, 0.2, true, true },
    };

    [Theory]
    [MemberData(nameof(AdamCases))]
    public void AdamAndAdamWFollowPyTorch(double lr, double beta1, double beta2, double epsilon, double weightDecay, bool amsGrad, bool decoupled)
    {
        double[] theta = Start(), reference = Start();
        IOptimizer optimizer = decoupled
            ? new AdamW(Count, lr, beta1, beta2, epsilon, weightDecay, amsGrad)
            : new Adam(Count, lr, beta1, beta2, epsilon, weightDecay, amsGrad);
        var g = new double[Count];
        double[] m = new double[Count], v = new double[Count], vMax = new double[Count];
        for (int t = 1; t <= Steps; t++)
        {
            for (int i = 0; i < Count; i++)
            {
                g[i] = Gradient(theta[i], i, t);
            }

            optimizer.Step(theta, g);

            // torch.optim.Adam / AdamW, as documented: decay, moments, bias-corrected m̂ and v̂ (v̂max with AMSGrad).
            for (int i = 0; i < Count; i++)
            {
                double gi = Gradient(reference[i], i, t);
                if (decoupled)
                {
                    reference[i] -= lr * weightDecay * reference[i];
                }
                else if (weightDecay != 0)
                {
                    gi += weightDecay * reference[i];
                }

                m[i] = (beta1 * m[i]) + ((1 - beta1) * gi);
                v[i] = (beta2 * v[i]) + ((1 - beta2) * gi * gi);
                double mHat = m[i] / (1 - Math.Pow(beta1, t));
                double vHat;
                if (amsGrad)
                {
                    vMax[i] = Math.Max(vMax[i], v[i]);
                    vHat = vMax[i] / (1 - Math.Pow(beta2, t));
                }
                else
                {
                    vHat = v[i] / (1 - Math.Pow(beta2, t));
                }

                reference[i] -= lr * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        }

        AssertClose(reference, theta);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]) / Math.Max(1e-3, Math.Abs(expected[i]));
            Assert.True(error <= 1e-12, $"θ[{i}]: {actual[i]:R} vs {expected[i]:R} (relative {error:E2})");
        }
    }

    [Fact]
    public void TheFirstMomentumStepTakesTheGradientItself()
    {
        // PyTorch's buffer starts as the first gradient, not as (1 − τ)·g: with τ = 0.5 the first step is still −γg.
        var optimizer = new Sgd(1, 1.0, momentum: 0.9, dampening: 0.5);
        double[] theta = { 0 };
        optimizer.Step(theta, new[] { 2.0 });
        Assert.Equal(-2.0, theta[0]);
        optimizer.Step(theta, new[] { 2.0 });
        Assert.Equal(-2.0 - ((0.9 * 2.0) + (0.5 * 2.0)), theta[0]);
    }

    [Fact]
    public void StepAllocatesNothing()
    {
        IOptimizer[] optimizers =
        {
            new Sgd(1000, 0.1), new Sgd(1000, 0.1, 0.9, nesterov: true), new Adam(1000), new Adam(1000, amsGrad: true), new AdamW(1000),
        };
        var parameters = new double[1000];
        var gradient = Enumerable.Range(0, 1000).Select(i => Math.Sin(i)).ToArray();
        foreach (IOptimizer optimizer in optimizers)
        {
            optimizer.Step(parameters, gradient);
            Assertions.NoAllocation(() => optimizer.Step(parameters, gradient));
        }
    }

    [Fact]
    public void BadArgumentsThrowBeforeAnyStep()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(3, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(3, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(3, beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(3, epsilon: double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new Sgd(3, 0.1, nesterov: true));
        var adam = new Adam(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.LearningRate = double.NaN);
        double[] theta = { 1, 2, 3 };
        Assert.Throws<ArgumentException>(() => adam.Step(theta, new double[2]));
        Assert.Throws<ArgumentException>(() => adam.Step(theta, theta));
        Assert.Equal(new double[] { 1, 2, 3 }, theta);
        Assert.Equal(0, adam.Steps);
    }
}
