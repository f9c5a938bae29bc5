using System;
using System.Linq;
using NetGen.CompilerServices;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Issue 24's layer extras checked without libtorch (ExtraTorchTests has the libtorch twin): layer norm
/// and residual gradients against central differences, per sample against batch, float against double;
/// dropout by its algebra — kept units scaled exactly by 1/(1 − p), the kept fraction near 1 − p, a fresh
/// mask per call, the same masks from the same seed and for any thread count, inference without it.
/// </summary>
public class ExtraTests
{
    public static TheoryData<string> Deterministic => new() { "NormSmall", "ResidualSmall", "GatedResidualSmall", "ResidualNormBlocks", "ResidualNormLoops" };

    public static TheoryData<string> All => new() { "NormSmall", "ResidualSmall", "ResidualNormBlocks", "ResidualNormLoops", "DropoutSmall", "DropoutBlocks", "DropoutLoops" };

    private static object Create(string name) => Activator.CreateInstance(typeof(NormSmall).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;

    /// <summary>A network initialized from a seed, with γ and β moved away from 1 and 0 so that they matter.</summary>
    private static INetwork<T> Prepare<T>(string name, int seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var net = (INetwork<T>)Create(name);
        ((dynamic)net).Initialize(seed);
        var random = new Random(seed);
        for (int l = 1; l <= net.Description.Layers.Count; l++)
        {
            LayerDescription layer = net.Description.Layers[l - 1];
            if (layer.LayerNorm)
            {
                for (int j = 0; j < layer.Units; j++)
                {
                    net.Parameters[net.Description.NormOffset(l) + j] = T.CreateTruncating(0.5 + random.NextDouble());
                    net.Parameters[net.Description.NormOffset(l) + layer.Units + j] = T.CreateTruncating(random.NextDouble() - 0.5);
                }
            }
        }

        return net;
    }

    private static (double[] X, double[] T) Data(INetwork<double> net, int rows, int seed) => NetworkData.Rows(net.Description, rows, seed);

    [Theory]
    [MemberData(nameof(Deterministic))]
    public void NormAndResidualGradientsMatchDifferencesAndPerSample(string name)
    {
        INetwork<double> net = Prepare<double>(name, 3);
        foreach (int rows in new[] { 1, 11, 70 })
        {
            (double[] x, double[] t) = Data(net, rows, rows);
            NetworkChecks.GradientMatchesDifferences(name, net, x, t);
            NetworkChecks.PerSampleMatchesBatch(name, net, x, t);
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void AnEmptyBatchHasNoLossAndAZeroGradient(string name)
    {
        INetwork<double> net = Prepare<double>(name, 2);
        double[] gradient = Enumerable.Repeat(7.0, net.ParameterCount).ToArray();
        Assert.Equal(0.0, net.Gradient(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, gradient));
        Assert.All(gradient, g => Assert.Equal(0.0, g));
        Assert.Equal(0, net.Evaluate(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty).Count);
        net.ForwardBatch(ReadOnlySpan<double>.Empty, Span<double>.Empty);
    }

    [Fact]
    public void ResidualInputGradientIncludesTheSkip()
    {
        // 3-3(ReLU, residual)-3(Tanh, residual)-1: ∂l/∂x against central differences of ComputeLoss.
        dynamic net = Prepare<double>("ResidualSmall", 9);
        double[] x = { 0.3, -1.1, 0.7 }, t = { 0.25 };
        var gradient = new double[((INetwork)net).ParameterCount];
        var dx = new double[3];
        net.AccumulateGradient(x, t, gradient, dx);
        for (int i = 0; i < 3; i++)
        {
            const double H = 1e-6;
            double[] up = (double[])x.Clone(), down = (double[])x.Clone();
            up[i] += H;
            down[i] -= H;
            double expected = (net.ComputeLoss(up, t) - net.ComputeLoss(down, t)) / (2 * H);
            Assert.True(Math.Abs(expected - dx[i]) <= 1e-7, $"∂l/∂x{i}: {dx[i]:R}, differences {expected:R}");
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void FloatMatchesDouble(string name)
    {
        foreach (int rows in new[] { 1, 11, 70 })
        {
            // Both seeded alike: their dropout masks are the same (call 0, the same rows and units).
            INetwork<float> f = Prepare<float>(name + "Float", 17);
            INetwork<double> d = Prepare<double>(name, 17);
            (double[] x, double[] t) = Data(d, rows, rows + 1);
            NetworkChecks.FloatMatchesDouble(name, f, d, x, t);
        }
    }

    [Theory]
    [InlineData("DropoutOutput", 0.3)]
    [InlineData("DropoutOutputSmall", 0.5)]
    [InlineData("DropoutOutputLoops", 0.3)]
    public void KeptUnitsAreScaledExactlyAndInferenceIgnoresDropout(string name, double p)
    {
        // W = 0, b = 1: u = 1 and y = m (0 or 1/(1 − p)); with t = 0, l = ½ Σ m², ∂l/∂b = m·m, ∂l/∂W = x·m·m.
        dynamic net = Create(name);
        INetwork n = net;
        n.Parameters.Clear();
        for (int j = 0; j < n.OutputCount; j++)
        {
            n.Parameters[n.Description.BiasOffset(1) + j] = 1;
        }

        double scale = 1.0 / (1.0 - p);
        var x = Enumerable.Range(1, n.InputCount).Select(i => (double)i).ToArray();
        var t = new double[n.OutputCount];
        var y = new double[n.OutputCount];
        n.ForwardBatch(x, y);
        Assert.All(y, v => Assert.Equal(1.0, v)); // inference: no dropout
        Assert.Equal(0.5 * n.OutputCount, (double)net.ComputeLoss(x, t));
        Assert.Equal(0.5 * n.OutputCount, n.Evaluate(x, t).MeanLoss);
        int kept = 0;
        for (int call = 0; call < 20; call++)
        {
            var gradient = new double[n.ParameterCount];
            double loss = net.AccumulateGradient(x, t, gradient);
            int keptHere = 0;
            for (int j = 0; j < n.OutputCount; j++)
            {
                double g = gradient[n.Description.BiasOffset(1) + j];
                Assert.True(g == 0 || g == scale * scale, $"∂l/∂b{j} = {g:R}: neither 0 nor (1/(1 − p))²");
                if (g != 0)
                {
                    keptHere++;
                    for (int i = 0; i < n.InputCount; i++)
                    {
                        Assert.Equal(x[i] * (scale * scale), gradient[(i * n.OutputCount) + j]);
                    }
                }
            }

            Assert.Equal(0.5 * keptHere * (scale * scale), loss, 12);
            kept += keptHere;
        }

        double fraction = kept / (20.0 * n.OutputCount);
        double sigma = Math.Sqrt(p * (1 - p) / (20.0 * n.OutputCount));
        Assert.InRange(fraction, 1 - p - (5 * sigma), 1 - p + (5 * sigma));
    }

    [Theory]
    [InlineData("DropoutOutput", 0.3)]
    [InlineData("DropoutOutputSmall", 0.5)]
    [InlineData("DropoutOutputLoops", 0.3)]
    public void KeptFractionIsNearOneMinusPAndMasksAreFreshPerCallAndReproducible(string name, double p)
    {
        INetwork n = (INetwork)Create(name);
        const int Rows = 2000;
        var x = new double[Rows * n.InputCount];
        var t = new double[Rows * n.OutputCount];
        double scale = 1.0 / (1.0 - p);

        double[] Call(INetwork net)
        {
            var gradient = new double[net.ParameterCount];
            net.Gradient(x, t, gradient);
            return gradient;
        }

        void Reset(INetwork net)
        {
            ((dynamic)net).Initialize(77);
            net.Parameters.Clear();
            for (int j = 0; j < net.OutputCount; j++)
            {
                net.Parameters[net.Description.BiasOffset(1) + j] = 1;
            }
        }

        Reset(n);
        double[] first = Call(n), second = Call(n);
        double keptFirst = Enumerable.Range(0, n.OutputCount).Sum(j => first[n.Description.BiasOffset(1) + j]) / (scale * scale);
        double sigma = Math.Sqrt(p * (1 - p) * Rows * n.OutputCount);
        Assert.InRange(keptFirst, ((1 - p) * Rows * n.OutputCount) - (5 * sigma), ((1 - p) * Rows * n.OutputCount) + (5 * sigma));
        Assert.NotEqual(first, second); // a fresh mask per call

        Reset(n);
        Assert.Equal(first, Call(n)); // the same seed gives the same masks
        var other = (INetwork)Create(name);
        Reset(other);
        Assert.Equal(first, Call(other)); // and so does another instance
        ((dynamic)other).Initialize(78);
        other.Parameters.Clear();
        for (int j = 0; j < other.OutputCount; j++)
        {
            other.Parameters[other.Description.BiasOffset(1) + j] = 1;
        }

        Assert.NotEqual(first, Call(other)); // another seed, other masks
    }

    [Theory]
    [InlineData("DropoutSmall")]
    [InlineData("DropoutBlocks")]
    [InlineData("DropoutLoops")]
    public void ThreadCountDoesNotChangeTheMasks(string name)
    {
        INetwork<double> one = Prepare<double>(name, 5), two = Prepare<double>(name, 5);
        (double[] x, double[] t) = Data(one, 1000, 2);
        var g1 = new double[one.ParameterCount];
        var g2 = new double[two.ParameterCount];
        double l1 = one.Gradient(x, t, g1);
        double l2 = ((dynamic)two).Gradient(x, t, g2, 3);
        Assert.Equal(l1, l2, 1e-9);
        for (int i = 0; i < g1.Length; i++)
        {
            Assert.True(Math.Abs(g1[i] - g2[i]) <= 1e-11 * Math.Max(1, Math.Abs(g1[i])), $"θ{i}: one thread {g1[i]:R}, three {g2[i]:R}");
        }
    }

    [Fact]
    public void MaskGeneratorIsPinned()
    {
        // The same seed gives the same masks on every machine: the generator is integer arithmetic,
        // pinned here (rows 0…63 of unit 0 and unit 5, p = ½, seed 1, call 0).
        ulong key = Dropout.Key(1, 0);
        ulong unit0 = 0, unit5 = 0;
        for (int row = 0; row < 64; row++)
        {
            unit0 |= Dropout.Keeps(key, row, 0, 0.5) ? 1UL << row : 0;
            unit5 |= Dropout.Keeps(key, row, 5, 0.5) ? 1UL << row : 0;
        }

        Assert.Equal(PinnedUnit0, unit0);
        Assert.Equal(PinnedUnit5, unit5);
        Assert.True(Dropout.Keeps(key, 3, 2, 0.0));
        Assert.InRange(System.Numerics.BitOperations.PopCount(unit0), 20, 44);
    }

    private const ulong PinnedUnit0 = 8320574736999259561;
    private const ulong PinnedUnit5 = 7486192107093571826;

    [Fact]
    public void LayerNormParametersAreSavedAsGammaAndBetaAndLoadBack()
    {
        var net = (ResidualNormBlocks)Prepare<double>("ResidualNormBlocks", 4);
        var stream = new System.IO.MemoryStream();
        net.Save(stream);
        byte[] bytes = stream.ToArray();
        long length = BitConverter.ToInt64(bytes, 0);
        using var header = System.Text.Json.JsonDocument.Parse(bytes.AsMemory(8, (int)length));
        System.Text.Json.JsonElement root = header.RootElement;
        Assert.Equal("3-4(SiLU,LayerNorm)-4(ELU,Residual,LayerNorm)-2;SigmoidCrossEntropy", root.GetProperty("__metadata__").GetProperty("architecture").GetString());
        foreach ((string name, int offset) in new[] { ("Gamma1", net.Description.NormOffset(1)), ("Beta1", net.Description.NormOffset(1) + 4), ("Gamma2", net.Description.NormOffset(2)), ("Beta2", net.Description.NormOffset(2) + 4) })
        {
            System.Text.Json.JsonElement tensor = root.GetProperty(name);
            Assert.Equal("F64", tensor.GetProperty("dtype").GetString());
            Assert.Equal(new[] { 4 }, tensor.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            Assert.Equal(offset * 8L, tensor.GetProperty("data_offsets")[0].GetInt64()); // the flat layout: W1, B1, γ1, β1, W2, …
        }

        var fresh = new ResidualNormBlocks();
        fresh.Load(new System.IO.MemoryStream(bytes));
        Assert.Equal(net.Parameters.ToArray(), fresh.Parameters.ToArray());

        // The float twin (F32 tensors) refuses the file and keeps its parameters.
        var other = new ResidualNormBlocksFloat();
        float[] before = other.Parameters.ToArray();
        Assert.Throws<System.IO.InvalidDataException>(() => other.Load(new System.IO.MemoryStream(bytes)));
        Assert.Equal(before, other.Parameters.ToArray());
    }

    [Fact]
    public void GradientsAllocateNothingAfterTheFirstCall()
    {
        (double[] x, double[] t) = Data(new DropoutBlocks(), 100, 1);
        var small = new DropoutSmall();
        var blocks = new DropoutBlocks();
        var loops = new DropoutLoops();
        var norm = new ResidualNormLoops();
        double[] xs = x.AsSpan(0, 200).ToArray(), ts = t.AsSpan(0, 100).ToArray(); // 2 inputs, 1 output
        double[] x4 = new double[400], t3 = new double[300];
        var g1 = new double[DropoutSmall.ParameterCount];
        var g2 = new double[DropoutBlocks.ParameterCount];
        var g3 = new double[DropoutLoops.ParameterCount];
        var g4 = new double[ResidualNormLoops.ParameterCount];
        var y = new double[300];
        for (int pass = 0; pass < 2; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            small.Gradient(xs, ts, g1);
            small.AccumulateGradient(xs.AsSpan(0, 2), ts.AsSpan(0, 1), g1);
            blocks.Gradient(x.AsSpan(0, 300), t.AsSpan(0, 200), g2);
            blocks.AccumulateGradient(x.AsSpan(0, 3), t.AsSpan(0, 2), g2);
            loops.Gradient(x4, t3, g3);
            loops.AccumulateGradient(x4.AsSpan(0, 4), t3.AsSpan(0, 3), g3);
            loops.ForwardBatch(x4, y);
            norm.Gradient(x4, t3, g4);
            norm.ForwardBatch(x4, y);
            if (pass == 1)
            {
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
    }
}
