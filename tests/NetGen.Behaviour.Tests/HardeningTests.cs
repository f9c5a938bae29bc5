using System;
using System.Diagnostics;
using System.Linq;
using NetGen.CompilerServices;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Numbers at the edges (every kink, tie and domain boundary, in every emit form), aliasing and
/// overflow guards, the softmax loss's precision, and the generator's time and memory on large input.
/// Each expected value is derived by hand in the comment beside it.
/// </summary>
[Collection(TimingCollection.Name)]
public class HardeningTests
{
    public static TheoryData<string> KinkForms => new() { nameof(KinkStraight), nameof(KinkLoops) };

    private static IGeneratedNetwork Kink(string form) => form == nameof(KinkStraight) ? new KinkStraight() : new KinkLoops();

    /// <summary>
    /// W1 = 0 and b1 = 0 put every pre-activation exactly at u = 0, where ReLU'(0) = 0: no gradient
    /// reaches W1, b1 or x. With W2 = (1, 2, 3), b2 = 0.5 and t = 0: z1 = 0, y = 0.5, ∂l/∂y = 0.5, so
    /// ∂l/∂W2 = z1·0.5 = 0 and ∂l/∂b2 = 0.5; l = ½·0.5² = 0.125. A gate written u ≥ 0 would give
    /// ∂l/∂b1 = 0.5·W2 = (0.5, 1, 1.5) instead.
    /// </summary>
    [Theory]
    [MemberData(nameof(KinkForms))]
    public void ReluPassesNoGradientAtExactlyZero(string form)
    {
        IGeneratedNetwork net = Kink(form);
        double[] w2b2 = { 1, 2, 3, 0.5 };
        w2b2.CopyTo(net.Parameters.Slice(9)); // W1 (6) and b1 (3) stay 0
        double[] x = { 1.0, -1.0 }, t = { 0.0 };
        double[] expected = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5 };

        var g = new double[13];
        Assert.Equal(0.125, net.Gradient(x, t, g));
        Assert.Equal(expected, g);

        var accumulated = new double[13];
        var dx = new double[] { 7, 7 };
        Assert.Equal(0.125, net.AccumulateGradient(x, t, accumulated, dx));
        Assert.Equal(expected, accumulated);
        Assert.Equal(new double[] { 0, 0 }, dx);

        // A batch of three such rows: three times the gradient.
        var batch = new double[13];
        Assert.Equal(0.375, net.Gradient(new double[] { 1, -1, 2, 5, -3, 0.5 }, new double[] { 0, 0, 0 }, batch));
        Assert.Equal(expected.Select(v => 3 * v).ToArray(), batch);
    }

    [Fact]
    public void AbsHasDerivativeZeroAtZeroAndTheSignElsewhere()
    {
        Assert.Equal(0.0, Kinks.AbsGradient(0.0, out double d0));
        Assert.Equal(0.0, d0);
        Kinks.AbsGradient(-0.0, out double dNegativeZero);
        Assert.Equal(0.0, dNegativeZero);
        Kinks.AbsGradient(-2.5, out double dNegative);
        Assert.Equal(-1.0, dNegative);
        Kinks.AbsGradient(1e-300, out double dTiny);
        Assert.Equal(1.0, dTiny);
    }

    /// <summary>At a tie max and min split the derivative evenly (PyTorch's maximum/minimum, JAX): ½ each, whichever operand is written first.</summary>
    [Fact]
    public void MaxAndMinSplitTiesEvenly()
    {
        Kinks.MaxWithZeroGradient(0.0, out double a);
        Kinks.ZeroWithMaxGradient(0.0, out double b);
        Assert.Equal(0.5, a);
        Assert.Equal(0.5, b);
        Kinks.MaxWithZeroGradient(-1e-12, out double below);
        Kinks.ZeroWithMaxGradient(1e-12, out double above);
        Assert.Equal(0.0, below);
        Assert.Equal(1.0, above);

        Assert.Equal(3.0, Kinks.MaxGradient(3.0, 3.0, out double dx, out double dy));
        Assert.Equal((0.5, 0.5), (dx, dy));
        Kinks.MaxGradient(3.0, 2.0, out dx, out dy);
        Assert.Equal((1.0, 0.0), (dx, dy));
        Kinks.MinGradient(-1.0, -1.0, out dx, out dy);
        Assert.Equal((0.5, 0.5), (dx, dy));
        Kinks.MinGradient(-1.0, 2.0, out dx, out dy);
        Assert.Equal((1.0, 0.0), (dx, dy));
    }

    /// <summary>
    /// aᵇ: d/da = b·aᵇ⁻¹ and d/db = aᵇ·ln a where they exist. At a = 0: x⁰ = 1 is constant
    /// (d/dx = 0, not 0·0⁻¹ = NaN); 0ᵇ = 0 for b > 0 is constant in b (d/db = 0, not 0·(−∞)); d/dx x² = 0;
    /// d/dx x¹ = 1.
    /// </summary>
    [Fact]
    public void PowIsExactAtTheEdgesOfItsDomain()
    {
        Assert.Equal(1.0, Kinks.PowZeroGradient(0.0, out double d));
        Assert.Equal(0.0, d);
        Kinks.PowZeroGradient(-3.0, out d);
        Assert.Equal(0.0, d);

        Assert.Equal(0.0, Kinks.PowGradient(0.0, 2.0, out double dx, out double dy));
        Assert.Equal((0.0, 0.0), (dx, dy));
        Kinks.PowGradient(0.0, 1.0, out dx, out dy);
        Assert.Equal((1.0, 0.0), (dx, dy));
        Kinks.PowGradient(2.0, 3.0, out dx, out dy);
        Assert.Equal(12.0, dx);                      // 3·2²
        Assert.Equal(8.0 * Math.Log(2.0), dy, 15);   // 2³·ln 2
        Kinks.PowGradient(0.0, 0.0, out dx, out dy);
        Assert.Equal(0.0, dx);                       // 0⁰ = 1, constant in x
    }

    /// <summary>clamp(x, 0, 1) = min(max(x, 0), 1): ½ at each end (the tie rule), 1 inside, 0 outside.</summary>
    [Fact]
    public void ClampFollowsTheTieRuleAtItsEnds()
    {
        (double X, double D)[] cases = { (-1, 0), (0, 0.5), (0.25, 1), (1, 0.5), (2, 0) };
        foreach ((double x, double expected) in cases)
        {
            Kinks.ClampGradient(x, out double d);
            Assert.Equal(expected, d);
        }
    }

    [Fact]
    public void SqrtAtZeroIsInfinite()
    {
        Kinks.SqrtGradient(0.0, out double d);
        Assert.Equal(double.PositiveInfinity, d); // 1/(2√x) → ∞: the one-sided derivative
    }

    /// <summary>
    /// The loss value itself against 28-digit decimal arithmetic: tiny losses at large logits (where
    /// t·(lse − y) loses all but a few digits) and ordinary ones, in both forms, within 1e-12 relative.
    /// </summary>
    [Theory]
    [InlineData(500.0, 478.0, 470.0, 1.0, 0.0, 0.0)]        // l ≈ 2.8e-10
    [InlineData(-300.0, -330.5, -340.25, 1.0, 0.0, 0.0)]    // l ≈ 5.7e-14
    [InlineData(1000.0, 980.0, 1000.0 - 36.0, 1.0, 0.0, 0.0)]
    [InlineData(700.0, 700.0, 650.0, 1.0, 0.0, 0.0)]        // a tie at the max: l ≈ log 2
    [InlineData(1.5, -0.25, 0.75, 0.0, 1.0, 0.0)]           // ordinary
    [InlineData(0.125, 0.5, -2.0, 0.25, 0.5, 0.25)]         // soft targets
    [InlineData(3.0, 3.0, 3.0, 0.0, 0.0, 1.0)]              // log 3
    [InlineData(40.0, 0.0, -40.0, 0.0, 0.0, 1.0)]           // a large loss (≈ 80)
    public void SoftmaxCrossEntropyLossIsAccurateToTwelveDigits(double y0, double y1, double y2, double t0, double t1, double t2)
    {
        double[] y = { y0, y1, y2 }, t = { t0, t1, t2 };
        double reference = HighPrecision.SoftmaxCrossEntropy(y, t);
        foreach (IGeneratedNetwork net in new IGeneratedNetwork[] { new SoftmaxAlone(), new SoftmaxAloneLoops() })
        {
            double loss = net.ComputeLoss(y, t);
            Assert.True(Math.Abs(loss - reference) <= 1e-12 * Math.Abs(reference), $"{net.GetType().Name}: {loss:R} vs {reference:R}, relative {Math.Abs(loss - reference) / reference:E2}");
            Assert.Equal(loss, net.AccumulateGradient(y, t, Array.Empty<double>(), new double[3]));
            Assert.Equal(loss, net.Gradient(y, t, Array.Empty<double>()));
        }
    }

    [Theory]
    [MemberData(nameof(KinkForms))]
    public void GradientIntoParametersThrowsAndChangesNothing(string form)
    {
        IGeneratedNetwork net = Kink(form);
        for (int i = 0; i < 13; i++)
        {
            net.Parameters[i] = 0.1 * (i + 1);
        }

        double[] before = net.Parameters.ToArray();
        var ex = Assert.Throws<ArgumentException>(() => net.Gradient(new double[] { 1, 2 }, new double[] { 3 }, net.Parameters));
        Assert.Contains("'gradient' overlaps 'Parameters'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, net.Parameters.ToArray());

        Assert.Throws<ArgumentException>(() => net.AccumulateGradient(new double[] { 1, 2 }, new double[] { 3 }, net.Parameters));
        Assert.Throws<ArgumentException>(() => net.Step(net.Parameters, 0.1));
        Assert.Throws<ArgumentException>(() => net.Forward(net.Parameters.Slice(0, 2), net.Parameters.Slice(4, 1)));
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Theory]
    [MemberData(nameof(KinkForms))]
    public void OverlappingBuffersThrowNamingBothAndWriteNothing(string form)
    {
        IGeneratedNetwork net = Kink(form);
        net.Parameters.Fill(0.3);
        double[] buffer = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        double[] copy = (double[])buffer.Clone();

        // gradient overlapping the inputs
        var ex = Assert.Throws<ArgumentException>(() => net.Gradient(buffer.AsSpan(0, 2), new double[] { 1 }, buffer.AsSpan(1, 13)));
        Assert.Contains("'gradient' overlaps 'inputs'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("gradient", ex.ParamName);
        // inputGradient overlapping the gradient
        ex = Assert.Throws<ArgumentException>(() => net.AccumulateGradient(new double[] { 1, 2 }, new double[] { 1 }, buffer.AsSpan(0, 13), buffer.AsSpan(12, 2)));
        Assert.Contains("'inputGradient' overlaps 'gradient'", ex.Message, StringComparison.Ordinal);
        // output overlapping the input
        ex = Assert.Throws<ArgumentException>(() => net.Forward(buffer.AsSpan(0, 2), buffer.AsSpan(1, 1)));
        Assert.Contains("'output' overlaps 'input'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(copy, buffer);

        // Inputs and targets may share memory: both are only read (an autoencoder's x = t).
        var shared = new double[] { 0.5, -0.5, 0.25 };
        Assert.True(double.IsFinite(net.Gradient(shared.AsSpan(0, 2), shared.AsSpan(2, 1), new double[13])));
    }

    /// <summary>n·OutputCount used to wrap: 2³¹/2 rows of 2 inputs claim 2³¹ targets, a length no span has.</summary>
}

/// <summary>Tests that measure time run alone, after the parallel ones, so that they measure the code and not the load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}

/// <summary>[GradientOf]: the chain rule through derivatives the user supplies.</summary>
public class UserGradientTests
{
    /// <summary>F = softplus(2x)·y + √(x² + y²): ∂F/∂x = 2σ(2x)·y + x/r, ∂F/∂y = softplus(2x) + y/r.</summary>
    [Theory]
    [InlineData(0.3, -1.2)]
    [InlineData(-2.0, 0.5)]
    [InlineData(40.0, 2.0)]
    public void TheChainRuleGoesThroughTheUsersDerivative(double x, double y)
    {
        double value = UserGradients.FGradient(x, y, out double dX, out double dY);
        double r = Math.Sqrt((x * x) + (y * y));
        double sigma = 1 / (1 + Math.Exp(-2 * x));
        Assert.Equal(UserGradients.F(x, y), value);
        Assert.Equal((2 * sigma * y) + (x / r), dX, 12);
        Assert.Equal(UserGradients.Softplus(2 * x) + (y / r), dY, 12);
    }
}

/// <summary>Conditionals in [Differentiable] methods, against hand derivations and finite differences.</summary>
public class ConditionalTests
{
    /// <summary>Huber: ∂/∂r = r inside |r| ≤ d, d·sign(r) outside; ∂/∂d = 0 inside, |r| − d outside. At |r| = d the condition picks the inside branch.</summary>
    [Theory]
    [InlineData(0.3, 1.0)]
    [InlineData(-2.5, 1.0)]
    [InlineData(4.0, 1.5)]
    [InlineData(1.0, 1.0)]   // the switching point: inside
    [InlineData(-1.0, 1.0)]
    public void HuberMatchesItsHandDerivation(double r, double d)
    {
        double value = Branches.HuberGradient(r, d, out double dR, out double dD);
        bool inside = Math.Abs(r) <= d;
        Assert.Equal(inside ? 0.5 * r * r : d * (Math.Abs(r) - (0.5 * d)), value);
        Assert.Equal(inside ? r : d * Math.Sign(r), dR, 14);
        Assert.Equal(inside ? 0.0 : Math.Abs(r) - d, dD, 14);
    }

    [Fact]
    public void NestedConditionsAgreeWithFiniteDifferencesAwayFromTheSwitches()
    {
        var random = new Random(12);
        for (int i = 0; i < 200; i++)
        {
            double x = (random.NextDouble() * 16) - 8, y = (random.NextDouble() * 4) - 2;
            if (Math.Abs(x + 1) < 1e-3 || Math.Abs(x - 2) < 1e-3 || Math.Abs(y) < 1e-3 || Math.Abs(x + 5) < 1e-3)
            {
                continue;
            }

            double value = Branches.BandGradient(x, y, out double dX, out double dY);
            Assert.Equal(Branches.Band(x, y), value);
            const double h = 1e-6;
            Assert.Equal((Branches.Band(x + h, y) - Branches.Band(x - h, y)) / (2 * h), dX, 5);
            Assert.Equal((Branches.Band(x, y + h) - Branches.Band(x, y - h)) / (2 * h), dY, 5);
        }
    }
}

/// <summary>An untaken branch's infinities and NaNs do not leak into the derivative.</summary>
public class SafeBranchTests
{
    [Fact]
    public void TheUntakenBranchDoesNotPoisonTheDerivative()
    {
        // √x at 0 has an infinite derivative, but the branch taken is the constant 0.
        Assert.Equal(0.0, SafeBranches.SafeSqrtGradient(0.0, out double d0));
        Assert.Equal(0.0, d0);
        // √(−1) is NaN, untaken.
        Assert.Equal(0.0, SafeBranches.SafeSqrtGradient(-1.0, out double dNegative));
        Assert.Equal(0.0, dNegative);
        SafeBranches.SafeSqrtGradient(4.0, out double dFour);
        Assert.Equal(0.25, dFour); // 1/(2√4)
        // log(−2) is NaN, untaken: d(−x)/dx = −1.
        Assert.Equal(2.0, SafeBranches.SafeLogGradient(-2.0, out double dLog));
        Assert.Equal(-1.0, dLog);
        SafeBranches.SafeLogGradient(Math.E, out double dE);
        Assert.Equal(2.0, dE, 15); // log x + 1 at e
    }
}
