using System;
using System.IO;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Issue 25's image networks by their algebra and contracts (libtorch checks their numbers in
/// tests/NetGen.Integration.Tests/ConvTorchTests.cs): description and layout, initialization by fan-in,
/// safetensors with PyTorch's conv shapes, the threaded gradient, no allocation, misuse, and training.
/// </summary>
public class ImageTests
{
    [Fact]
    public void TheDescriptionHasTheShapesAndTheLayoutIsPyTorchs()
    {
        var net = new Cnn28();
        NetworkDescription d = net.Description;
        Assert.Equal(new ImageShape(1, 28, 28), d.InputShape);
        Assert.Equal(784, Cnn28.InputCount);
        Assert.Equal(10, Cnn28.OutputCount);
        Assert.Equal("1x28x28-conv8k3p1(ReLU)-maxpool2-conv16k3p1(ReLU)-avgpool2-10;SoftmaxCrossEntropy", d.Architecture);
        Assert.Equal(new[] { LayerKind.Conv2D, LayerKind.MaxPool2D, LayerKind.Conv2D, LayerKind.AvgPool2D, LayerKind.Dense }, d.Layers.Select(l => l.Kind));
        Assert.Equal(new ImageShape(8, 28, 28), d.Layers[0].OutputShape);
        Assert.Equal(new ImageShape(8, 14, 14), d.Layers[1].OutputShape);
        Assert.Equal(new ImageShape(16, 7, 7), d.Layers[3].OutputShape);
        // W1 [8, 1, 3, 3], B1 [8], W3 [16, 8, 3, 3], B3 [16], W5 [784, 10], B5 [10]
        Assert.Equal((8 * 9) + 8 + (16 * 8 * 9) + 16 + (784 * 10) + 10, Cnn28.ParameterCount);
        Assert.Equal(0, d.WeightOffset(1));
        Assert.Equal(72, d.BiasOffset(1));
        Assert.Equal(80, d.WeightOffset(3));
        Assert.Equal(80 + 1152, d.BiasOffset(3));
        Assert.Equal(80 + 1152 + 16, d.WeightOffset(5));
        Assert.Equal(72, net.W1.Length);
        Assert.Equal(1152, net.W3.Length);
        Assert.Equal(16, net.B3.Length);
    }

    [Fact]
    public void ADescriptionRejectsLayersThatDoNotChain()
    {
        var image = new ImageShape(1, 8, 8);
        LayerDescription conv = LayerDescription.Conv2D(image, 4, 3, Activation.ReLU);
        Assert.Equal(new ImageShape(4, 6, 6), conv.OutputShape);
        Assert.Throws<ArgumentException>(() => new NetworkDescription(new ImageShape(2, 8, 8), new[] { conv }, Loss.HalfSquaredError));
        Assert.Throws<ArgumentException>(() => new NetworkDescription(64, new[] { conv }, Loss.HalfSquaredError)); // a flat input
        Assert.Throws<ArgumentException>(() => LayerDescription.Conv2D(image, 4, 9));
        Assert.Throws<ArgumentException>(() => LayerDescription.Conv2D(image, 4, 3, stride: 0));
        Assert.Throws<ArgumentException>(() => LayerDescription.MaxPool2D(image, 9));
        var dense = new LayerDescription(144, 2, Activation.Identity);
        Assert.Throws<ArgumentException>(() => new NetworkDescription(image, new[] { conv, dense, LayerDescription.MaxPool2D(new ImageShape(1, 1, 2), 1) }, Loss.HalfSquaredError));
        Assert.Equal(36 + 4 + 288 + 2, new NetworkDescription(image, new[] { conv, dense }, Loss.HalfSquaredError).ParameterCount);
    }

    [Fact]
    public void InitializationDrawsByFanInOfChannelsTimesKernelSquared()
    {
        var net = new Cnn28();
        net.Initialize(7);
        double bound1 = Math.Sqrt(6.0 / 9), bound3 = Math.Sqrt(6.0 / 72); // He uniform: fan-in C·K²
        Assert.All(net.W1.ToArray(), w => Assert.InRange(Math.Abs(w), 0, bound1));
        Assert.True(net.W1.ToArray().Max(Math.Abs) > 0.8 * bound1);
        Assert.All(net.W3.ToArray(), w => Assert.InRange(Math.Abs(w), 0, bound3));
        Assert.True(net.W3.ToArray().Max(Math.Abs) > 0.9 * bound3);
        Assert.All(net.B1.ToArray().Concat(net.B3.ToArray()), b => Assert.Equal(0.0, b));
        double glorot = Math.Sqrt(6.0 / (784 + 10)); // the dense layer: Glorot (identity)
        Assert.All(net.W5.ToArray(), w => Assert.InRange(Math.Abs(w), 0, glorot));
    }

    [Fact]
    public void SafetensorsHoldConvWeightsInPyTorchsShapeAndRoundTrip()
    {
        var net = new Cnn28();
        net.Initialize(3);
        using var stream = new MemoryStream();
        net.Save(stream);
        string header = System.Text.Encoding.UTF8.GetString(stream.ToArray(), 8, (int)BitConverter.ToInt64(stream.ToArray(), 0));
        Assert.Contains("\"W1\":{\"dtype\":\"F64\",\"shape\":[8,1,3,3]", header, StringComparison.Ordinal);
        Assert.Contains("\"W3\":{\"dtype\":\"F64\",\"shape\":[16,8,3,3]", header, StringComparison.Ordinal);
        Assert.Contains("\"W5\":{\"dtype\":\"F64\",\"shape\":[784,10]", header, StringComparison.Ordinal);
        Assert.DoesNotContain("\"W2\"", header, StringComparison.Ordinal); // pooling has no tensors
        var copy = new Cnn28();
        stream.Position = 0;
        copy.Load(stream);
        Assert.Equal(net.Parameters.ToArray(), copy.Parameters.ToArray());

        var other = new ConvTwo();
        stream.Position = 0;
        double[] before = other.Parameters.ToArray();
        Assert.Throws<InvalidDataException>(() => other.Load(stream));
        Assert.Equal(before, other.Parameters.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // straight-line, one image per vector lane: each part runs the lanes gradient on its rows
    public void TheThreadedGradientEqualsOneThreadsToRounding(bool straightLine)
    {
        INetwork net = straightLine ? new ConvTwoTiny() : new ConvTwo();
        ThreadedGradient threaded = straightLine ? ((ConvTwoTiny)net).Gradient : ((ConvTwo)net).Gradient;
        Initialization.Apply<double>(net.Description, net.Parameters, 4, Initializer.Default);
        (double[] x, double[] t) = NetworkData.Rows(net.Description, 603, 5);
        var one = new double[net.ParameterCount];
        var two = new double[net.ParameterCount];
        var again = new double[net.ParameterCount];
        double loss1 = net.Gradient(x, t, one);
        double loss2 = threaded(x, t, two, 2);
        threaded(x, t, again, 2);
        Assert.Equal(two, again); // deterministic for a thread count
        Assert.Equal(loss1, loss2, 1e-10 * Math.Abs(loss1));
        for (int i = 0; i < one.Length; i++)
        {
            Assert.True(Math.Abs(one[i] - two[i]) <= 1e-10 * Math.Max(1, Math.Abs(one[i])), $"[{i}] {one[i]:R} vs {two[i]:R}");
        }
    }

    private delegate double ThreadedGradient(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient, int threads);

    [Fact]
    public void TheBatchMembersEqualTheSampleMembersRowByRow()
    {
        var net = new PoolFirstBlocks();
        net.Initialize(2);
        (double[] x, double[] t) = NetworkData.Rows(net.Description, 37, 6); // more than one block, and a short last block
        var outputs = new double[37 * PoolFirst.OutputCount];
        net.ForwardBatch(x, outputs);
        var sum = new double[PoolFirst.ParameterCount];
        double loss = 0;
        for (int r = 0; r < 37; r++)
        {
            var y = new double[PoolFirst.OutputCount];
            net.Forward(x.AsSpan(r * PoolFirst.InputCount, PoolFirst.InputCount), y);
            Assert.Equal(y, outputs.AsSpan(r * PoolFirst.OutputCount, PoolFirst.OutputCount).ToArray());
            loss += net.AccumulateGradient(x.AsSpan(r * PoolFirst.InputCount, PoolFirst.InputCount), t.AsSpan(r * PoolFirst.OutputCount, PoolFirst.OutputCount), sum);
        }

        var gradient = new double[PoolFirst.ParameterCount];
        Assert.Equal(loss, net.Gradient(x, t, gradient), 1e-12 * loss);
        for (int i = 0; i < sum.Length; i++)
        {
            Assert.True(Math.Abs(sum[i] - gradient[i]) <= 1e-12 * Math.Max(1, Math.Abs(sum[i])), $"[{i}]");
        }

        Assert.Equal(loss / 37, net.Evaluate(x, t).MeanLoss, 1e-12 * loss);
    }

    [Fact]
    public void TheStraightLineBatchMembersEqualTheSampleMembersRowByRow()
    {
        // 37 rows: four vectors of 8 (or nine of 4) images, one per lane, then 5 rows one at a time. The lanes use
        // fused multiply-adds where the one-sample members round each product, so rows agree to rounding.
        var net = new ConvTwoTiny();
        net.Initialize(2);
        (double[] x, double[] t) = NetworkData.Rows(net.Description, 37, 6);
        int n = ConvTwoTiny.InputCount, m = ConvTwoTiny.OutputCount;
        var outputs = new double[37 * m];
        net.ForwardBatch(x, outputs);
        var sum = new double[ConvTwoTiny.ParameterCount];
        double loss = 0;
        int correct = 0;
        for (int r = 0; r < 37; r++)
        {
            var y = new double[m];
            net.Forward(x.AsSpan(r * n, n), y);
            for (int k = 0; k < m; k++)
            {
                Assert.True(Math.Abs(y[k] - outputs[(r * m) + k]) <= 1e-13 * Math.Max(1, Math.Abs(y[k])), $"row {r}, output {k}");
            }

            loss += net.AccumulateGradient(x.AsSpan(r * n, n), t.AsSpan(r * m, m), sum);
            correct += net.Predict(x.AsSpan(r * n, n)) == Array.IndexOf(t, t.AsSpan(r * m, m).ToArray().Max(), r * m) - (r * m) ? 1 : 0;
        }

        var gradient = new double[ConvTwoTiny.ParameterCount];
        Assert.Equal(loss, net.Gradient(x, t, gradient), 1e-12 * loss);
        for (int i = 0; i < sum.Length; i++)
        {
            Assert.True(Math.Abs(sum[i] - gradient[i]) <= 1e-12 * Math.Max(1, Math.Abs(sum[i])), $"[{i}]");
        }

        Evaluation evaluation = net.Evaluate(x, t);
        Assert.Equal(loss / 37, evaluation.MeanLoss, 1e-12 * loss);
        Assert.Equal(correct / 37.0, evaluation.Accuracy);
    }

    [Fact]
    public void NoMemberAllocatesAfterTheFirstCall()
    {
        var net = new Cnn28();
        net.Initialize(1);
        (double[] x, double[] t) = NetworkData.Rows(net.Description, 9, 2);
        var g = new double[Cnn28.ParameterCount];
        var gx = new double[Cnn28.InputCount];
        var y = new double[9 * Cnn28.OutputCount];
        var p = new double[Cnn28.OutputCount];
        ReadOnlyMemory<double> one = x.AsMemory(0, Cnn28.InputCount), target = t.AsMemory(0, Cnn28.OutputCount);
        void Once()
        {
            net.Gradient(x, t, g);
            net.ForwardBatch(x, y);
            net.Evaluate(x, t);
            net.AccumulateGradient(one.Span, target.Span, g, gx);
            net.Probabilities(one.Span, p);
            net.Predict(one.Span);
        }

        var tiny = new ConvTwoTiny();
        tiny.Initialize(1);
        (double[] xt, double[] tt) = NetworkData.Rows(tiny.Description, 9, 2); // one vector of 8 images, then one
        var gt = new double[ConvTwoTiny.ParameterCount];
        var gxt = new double[ConvTwoTiny.InputCount];
        var yt = new double[9 * ConvTwoTiny.OutputCount];
        void OnceTiny()
        {
            tiny.Gradient(xt, tt, gt);
            tiny.Gradient(xt, tt, gt, threads: 2);
            tiny.ForwardBatch(xt, yt);
            tiny.Evaluate(xt, tt);
            tiny.AccumulateGradient(xt.AsSpan(0, ConvTwoTiny.InputCount), tt.AsSpan(0, ConvTwoTiny.OutputCount), gt, gxt);
            tiny.Predict(xt.AsSpan(0, ConvTwoTiny.InputCount));
        }

        var tinyFloat = new ConvTwoTinyFloat();
        tinyFloat.Initialize(1);
        float[] xtf = NetworkData.Rows(tinyFloat.Description, 17, 3).X.Select(v => (float)v).ToArray();
        float[] ttf = new float[17 * ConvTwoTinyFloat.OutputCount];
        var gtf = new float[ConvTwoTinyFloat.ParameterCount];
        void OnceTinyFloat() => tinyFloat.Gradient(xtf, ttf, gtf);

        var single = new ConvTwoFloat();
        single.Initialize(1);
        float[] xf = NetworkData.Rows(single.Description, 5, 3).X.Select(v => (float)v).ToArray();
        float[] tf = new float[5 * ConvTwoFloat.OutputCount];
        var gf = new float[ConvTwoFloat.ParameterCount];
        void OnceFloat() => single.Gradient(xf, tf, gf);
        for (int i = 0; i < 50; i++)
        {
            Once();
            OnceFloat();
            OnceTiny();
            OnceTinyFloat();
        }

        Assertions.NoAllocation(Once, 200);
        Assertions.NoAllocation(OnceFloat, 200);
        Assertions.NoAllocation(OnceTiny, 200);
        Assertions.NoAllocation(OnceTinyFloat, 200);
    }

    [Fact]
    public void CallsFromSeveralThreadsOnOneInstanceTakeTurnsAndAgreeWithOneThread()
    {
        // Every member runs on the instance's scratch; unlocked, two threads' forward passes would overwrite
        // each other's blocks and return each other's (or mixed) numbers.
        var net = new ConvTwo();
        net.Initialize(9);
        (double[] x, double[] t) = NetworkData.Rows(net.Description, 16, 4);
        int n = ConvTwo.InputCount, m = ConvTwo.OutputCount;
        var expected = new double[16][];
        var expectedGradient = new double[16][];
        for (int r = 0; r < 16; r++)
        {
            expected[r] = new double[m];
            net.Forward(x.AsSpan(r * n, n), expected[r]);
            expectedGradient[r] = new double[ConvTwo.ParameterCount];
            net.AccumulateGradient(x.AsSpan(r * n, n), t.AsSpan(r * m, m), expectedGradient[r]);
        }

        var batch = new double[ConvTwo.ParameterCount];
        net.Gradient(x, t, batch);
        int failures = 0;
        var workers = new System.Threading.Thread[4];
        for (int index = 0; index < workers.Length; index++)
        {
            int worker = index;
            workers[index] = new System.Threading.Thread(() => Work(worker));
        }

        foreach (System.Threading.Thread thread in workers)
        {
            thread.Start();
        }

        foreach (System.Threading.Thread thread in workers)
        {
            thread.Join();
        }

        Assert.Equal(0, failures);

        void Work(int worker)
        {
            var y = new double[m];
            var g = new double[ConvTwo.ParameterCount];
            var b = new double[ConvTwo.ParameterCount];
            for (int i = 0; i < 2000; i++)
            {
                int r = (i + (worker * 5)) % 16;
                net.Forward(x.AsSpan(r * n, n), y);
                Array.Clear(g);
                net.AccumulateGradient(x.AsSpan(r * n, n), t.AsSpan(r * m, m), g);
                if (i % 50 == 0)
                {
                    net.Gradient(x, t, b);
                    if (!b.AsSpan().SequenceEqual(batch))
                    {
                        System.Threading.Interlocked.Increment(ref failures);
                    }
                }

                if (!y.AsSpan().SequenceEqual(expected[r]) || !g.AsSpan().SequenceEqual(expectedGradient[r]))
                {
                    System.Threading.Interlocked.Increment(ref failures);
                }
            }
        }
    }

    [Fact]
    public void WrongLengthsThrowBeforeAnythingIsWritten() // ConvSmall is straight-line under Auto
    {
        var net = new ConvSmall();
        net.Initialize(1);
        var g = Enumerable.Repeat(7.0, ConvSmall.ParameterCount).ToArray();
        var dx = Enumerable.Repeat(7.0, ConvSmall.InputCount).ToArray();
        Assert.Throws<ArgumentException>(() => net.Gradient(new double[ConvSmall.InputCount * 2], new double[ConvSmall.OutputCount * 3], g));
        Assert.Throws<ArgumentException>(() => net.AccumulateGradient(new double[ConvSmall.InputCount], new double[ConvSmall.OutputCount], g, new double[ConvSmall.InputCount - 1]));
        Assert.Throws<ArgumentException>(() => net.Forward(new double[ConvSmall.InputCount + 1], new double[ConvSmall.OutputCount]));
        Assert.All(g, v => Assert.Equal(7.0, v));
        Assert.All(dx, v => Assert.Equal(7.0, v));

        // Aliased spans: an output over the input, ∂x over ∂θ, or ∂θ over the parameters are refused before anything is written.
        double[] shared = Enumerable.Repeat(0.5, ConvSmall.InputCount + ConvSmall.OutputCount).ToArray();
        double[] before = (double[])shared.Clone();
        Assert.Throws<ArgumentException>(() => net.Forward(shared.AsSpan(0, ConvSmall.InputCount), shared.AsSpan(ConvSmall.InputCount - 1, ConvSmall.OutputCount)));
        Assert.Equal(before, shared);
        var both = new double[ConvSmall.ParameterCount + ConvSmall.InputCount];
        Assert.Throws<ArgumentException>(() => net.AccumulateGradient(new double[ConvSmall.InputCount], new double[ConvSmall.OutputCount], both.AsSpan(0, ConvSmall.ParameterCount), both.AsSpan(ConvSmall.ParameterCount - 1, ConvSmall.InputCount)));
        Assert.All(both, v => Assert.Equal(0.0, v));
        double[] theta = net.Parameters.ToArray();
        Assert.Throws<ArgumentException>(() => net.Gradient(new double[ConvSmall.InputCount], new double[ConvSmall.OutputCount], net.Parameters));
        Assert.Equal(theta, net.Parameters.ToArray());
        Assert.Equal(0.0, net.Gradient(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, g));
        Assert.All(g, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void WrongLengthsThrowBeforeAnythingIsWrittenOverBlocks()
    {
        var net = new ConvSmallBlocks();
        net.Initialize(1);
        var g = Enumerable.Repeat(7.0, ConvSmallBlocks.ParameterCount).ToArray();
        var dx = Enumerable.Repeat(7.0, ConvSmallBlocks.InputCount).ToArray();
        Assert.Throws<ArgumentException>(() => net.Gradient(new double[ConvSmallBlocks.InputCount * 2], new double[ConvSmallBlocks.OutputCount * 3], g));
        Assert.Throws<ArgumentException>(() => net.AccumulateGradient(new double[ConvSmallBlocks.InputCount], new double[ConvSmallBlocks.OutputCount], g, new double[ConvSmallBlocks.InputCount - 1]));
        Assert.Throws<ArgumentException>(() => net.Forward(new double[ConvSmallBlocks.InputCount + 1], new double[ConvSmallBlocks.OutputCount]));
        Assert.All(g, v => Assert.Equal(7.0, v));
        Assert.All(dx, v => Assert.Equal(7.0, v));

        // Aliased spans: an output over the input, ∂x over ∂θ, or ∂θ over the parameters are refused before anything is written.
        double[] shared = Enumerable.Repeat(0.5, ConvSmallBlocks.InputCount + ConvSmallBlocks.OutputCount).ToArray();
        double[] before = (double[])shared.Clone();
        Assert.Throws<ArgumentException>(() => net.Forward(shared.AsSpan(0, ConvSmallBlocks.InputCount), shared.AsSpan(ConvSmallBlocks.InputCount - 1, ConvSmallBlocks.OutputCount)));
        Assert.Equal(before, shared);
        var both = new double[ConvSmallBlocks.ParameterCount + ConvSmallBlocks.InputCount];
        Assert.Throws<ArgumentException>(() => net.AccumulateGradient(new double[ConvSmallBlocks.InputCount], new double[ConvSmallBlocks.OutputCount], both.AsSpan(0, ConvSmallBlocks.ParameterCount), both.AsSpan(ConvSmallBlocks.ParameterCount - 1, ConvSmallBlocks.InputCount)));
        Assert.All(both, v => Assert.Equal(0.0, v));
        double[] theta = net.Parameters.ToArray();
        Assert.Throws<ArgumentException>(() => net.Gradient(new double[ConvSmallBlocks.InputCount], new double[ConvSmallBlocks.OutputCount], net.Parameters));
        Assert.Equal(theta, net.Parameters.ToArray());
        Assert.Equal(0.0, net.Gradient(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, g));
        Assert.All(g, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void TheTrainerFitsAConvolutionalNetwork()
    {
        // Two classes of 1 × 6 × 6 images: a bright vertical or a bright horizontal bar.
        var random = new Random(1);
        int n = 200;
        var x = new double[n * 36];
        var t = new double[n * 2];
        for (int r = 0; r < n; r++)
        {
            int cls = r % 2, at = random.Next(6);
            for (int i = 0; i < 36; i++)
            {
                x[(r * 36) + i] = 0.2 * random.NextDouble();
            }

            for (int j = 0; j < 6; j++)
            {
                x[(r * 36) + (cls == 0 ? (j * 6) + at : (at * 6) + j)] += 1;
            }

            t[(r * 2) + cls] = 1;
        }

        var bars = new BarNet();
        bars.Initialize(3);
        double before = bars.Evaluate(x, t).MeanLoss;
        TrainingHistory history = Trainer.Fit(bars, new Adam(BarNet.ParameterCount, 0.01), x, t, new TrainingOptions { Epochs = 15, BatchSize = 16 });
        Evaluation after = bars.Evaluate(x, t);
        Assert.True(after.MeanLoss < 0.2 * before, $"loss {before} → {after.MeanLoss}");
        Assert.True(after.Accuracy > 0.95, $"accuracy {after.Accuracy}");
        Assert.Equal(15, history.Epochs);
    }
}

[Network(1, 6, 6, Loss = Loss.SoftmaxCrossEntropy)]
[Conv2D(4, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(2)]
public partial class BarNet { }
