using System;
using System.IO;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// [Network(Precision = Precision.Single)]: every member over float, in both forms, for every
/// activation and loss; checked against the double twin with the same parameters (relative 1e-4)
/// and against central finite differences of the double network.
/// </summary>
public class FloatNetworkTests
{
    public static TheoryData<string> Pairs() => new() { "softmax", "regression", "loop softmax", "loop regression" };

    private static (INetwork<float> Float, INetwork<double> Double) Create(string name) => name switch
    {
        "softmax" => (new FloatSoftmaxNet(), new DoubleSoftmaxNet()),
        "regression" => (new FloatRegressionNet(), new DoubleRegressionNet()),
        "loop softmax" => (new FloatLoopSoftmaxNet(), new DoubleLoopSoftmaxNet()),
        "loop regression" => (new FloatLoopRegressionNet(), new DoubleLoopRegressionNet()),
        _ => throw new ArgumentException(name),
    };

    /// <summary>The same random parameters and rows in both precisions (float values, widened exactly).</summary>
    private static (INetwork<float> F, INetwork<double> D, float[] X, float[] T) Setup(string name, int rows, int seed)
    {
        (INetwork<float> f, INetwork<double> d) = Create(name);
        var random = new Random(seed);
        for (int i = 0; i < f.ParameterCount; i++)
        {
            f.Parameters[i] = (float)(random.NextDouble() * 1.6 - 0.8);
            d.Parameters[i] = f.Parameters[i];
        }

        float[] x = Enumerable.Range(0, rows * f.InputCount).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] t = new float[rows * f.OutputCount];
        for (int r = 0; r < rows; r++)
        {
            if (f.Description.Loss == Loss.SoftmaxCrossEntropy)
            {
                t[(r * f.OutputCount) + random.Next(f.OutputCount)] = 1;
            }
            else
            {
                for (int k = 0; k < f.OutputCount; k++)
                {
                    t[(r * f.OutputCount) + k] = (float)(random.NextDouble() - 0.5);
                }
            }
        }

        return (f, d, x, t);
    }

    private static double[] Widen(float[] values) => values.Select(v => (double)v).ToArray();

    private static void Relative(double expected, double actual, double scale, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-4 * Math.Max(1, scale), $"{what}: float {actual:R}, double {expected:R}");

    [Theory]
    [MemberData(nameof(Pairs))]
    public void FloatGradientsMatchTheDoubleNetworkAndFiniteDifferences(string name)
    {
        (INetwork<float> f, INetwork<double> d, float[] x, float[] t) = Setup(name, rows: 16, seed: name.Length);
        Assert.Equal(Precision.Single, f.Description.Precision);
        float[] gf = new float[f.ParameterCount];
        double[] gd = new double[d.ParameterCount];
        float lossF = f.Gradient(x, t, gf);
        double lossD = d.Gradient(Widen(x), Widen(t), gd);
        double scale = gd.Max(Math.Abs);
        Relative(lossD, lossF, Math.Abs(lossD), "loss");
        for (int i = 0; i < gf.Length; i++)
        {
            Relative(gd[i], gf[i], scale, $"∂L/∂θ{i}");
        }

        // Finite differences of the double network, at the float parameters.
        double[] xd = Widen(x), td = Widen(t);
        var scratch = new double[d.ParameterCount];
        for (int i = 0; i < gf.Length; i++)
        {
            double saved = d.Parameters[i];
            const double h = 1e-6;
            d.Parameters[i] = saved + h;
            double up = d.Gradient(xd, td, scratch);
            d.Parameters[i] = saved - h;
            double down = d.Gradient(xd, td, scratch);
            d.Parameters[i] = saved;
            Relative((up - down) / (2 * h), gf[i], scale, $"∂L/∂θ{i} vs finite differences");
        }
    }

    [Fact]
    public void FloatLoopFormPerRowMembersStayAccurateAtLogitsNearAThousand()
    {
        // Each per-row sum runs from zero and adds the bias last (as the batch members do): starting
        // from a bias of ±1000 would round every small product to float's spacing there (6e-5).
        var f = new FloatLoopSoftmaxNet();
        var d = new DoubleLoopSoftmaxNet();
        f.Initialize(11);
        int last = f.Parameters.Length - 3;
        f.Parameters[last] = 1000f;
        f.Parameters[last + 1] = -1000f;
        f.Parameters[last + 2] = 999.75f;
        for (int i = 0; i < f.Parameters.Length; i++)
        {
            d.Parameters[i] = f.Parameters[i];
        }

        var random = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            float[] row = Enumerable.Range(0, 5).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float[] target = new float[3];
            target[random.Next(3)] = 1;
            float[] gf = new float[f.Parameters.Length], inputF = new float[5], pf = new float[3];
            double[] gd = new double[d.Parameters.Length], inputD = new double[5], pd = new double[3];
            float lf = f.AccumulateGradient(row, target, gf, inputF);
            double ld = d.AccumulateGradient(Widen(row), Widen(target), gd, inputD);
            Relative(ld, lf, Math.Abs(ld), "loss");
            Relative(ld, f.ComputeLoss(row, target), Math.Abs(ld), "ComputeLoss");
            for (int m = 0; m < 5; m++)
            {
                Relative(inputD[m], inputF[m], inputD.Max(Math.Abs), $"∂l/∂x{m}");
            }

            f.Probabilities(row, pf);
            d.Probabilities(Widen(row), pd);
            for (int k = 0; k < 3; k++)
            {
                Relative(pd[k], pf[k], 1, $"probability {k}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EveryFloatMemberAgreesWithTheDoubleTwin(string name)
    {
        (INetwork<float> f, INetwork<double> d, float[] x, float[] t) = Setup(name, rows: 5, seed: 3 * name.Length);
        float[] yf = new float[5 * f.OutputCount];
        double[] yd = new double[5 * d.OutputCount];
        f.ForwardBatch(x, yf);
        d.ForwardBatch(Widen(x), yd);
        for (int i = 0; i < yf.Length; i++)
        {
            Relative(yd[i], yf[i], Math.Abs(yd[i]), $"output {i}");
        }

        Evaluation ef = f.Evaluate(x, t), ed = d.Evaluate(Widen(x), Widen(t));
        Relative(ed.MeanLoss, ef.MeanLoss, ed.MeanLoss, "mean loss");
        Assert.Equal(ed.Accuracy, ef.Accuracy);
        Assert.Equal(5, ef.Count);

        var fd = (ISampleMembers<float>)f;
        var dd = (ISampleMembers<double>)d;
        float[] row = x.AsSpan(0, f.InputCount).ToArray();
        float[] target = t.AsSpan(0, f.OutputCount).ToArray();
        float[] gf = new float[f.ParameterCount], inputF = new float[f.InputCount];
        double[] gd = new double[d.ParameterCount], inputD = new double[d.InputCount];
        float lf = fd.AccumulateGradient(row, target, gf, inputF);
        double ld = dd.AccumulateGradient(Widen(row), Widen(target), gd, inputD);
        Relative(ld, lf, Math.Abs(ld), "one sample's loss");
        for (int m = 0; m < inputF.Length; m++)
        {
            Relative(inputD[m], inputF[m], inputD.Max(Math.Abs), $"∂l/∂x{m}");
        }

        Relative(dd.ComputeLoss(Widen(row), Widen(target)), fd.ComputeLoss(row, target), Math.Abs(ld), "ComputeLoss");
        if (f is ISoftmaxMembers<float> sf && d is ISoftmaxMembers<double> sd)
        {
            float[] pf = new float[f.OutputCount];
            double[] pd = new double[d.OutputCount];
            sf.Probabilities(row, pf);
            sd.Probabilities(Widen(row), pd);
            Assert.Equal(1.0, pf.Sum(), 5);
            for (int k = 0; k < pf.Length; k++)
            {
                Relative(pd[k], pf[k], 1, $"probability {k}");
            }

            Assert.Equal(sd.Predict(Widen(row)), sf.Predict(row));
        }
    }

    [Fact]
    public void AFloatNetworkSavesF32LoadsItBackAndRefusesADoubleFile()
    {
        (INetwork<float> f, INetwork<double> d, _, _) = Setup("loop softmax", rows: 1, seed: 11);
        var net = (FloatLoopSoftmaxNet)f;
        using var stream = new MemoryStream();
        net.Save(stream);
        Assert.Contains("\"dtype\":\"F32\"", System.Text.Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
        var copy = new FloatLoopSoftmaxNet();
        stream.Position = 0;
        copy.Load(stream);
        Assert.Equal(net.Parameters.ToArray(), copy.Parameters.ToArray());

        using var doubles = new MemoryStream();
        ((DoubleLoopSoftmaxNet)d).Save(doubles);
        doubles.Position = 0;
        float[] before = copy.Parameters.ToArray();
        Assert.Throws<InvalidDataException>(() => copy.Load(doubles));
        Assert.Equal(before, copy.Parameters.ToArray());
    }

    [Fact]
    public void AFloatNetworkInitializesAndTrainsWithTheGenericRuntime()
    {
        var net = new FloatRegressionNet();
        net.Initialize(5);
        Assert.Contains(net.Parameters.ToArray(), p => p != 0);
        var random = new Random(1);
        float[] x = Enumerable.Range(0, 2 * 64).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] t = Enumerable.Range(0, 64).Select(i => x[2 * i] * x[2 * i + 1]).ToArray();
        float before = net.Evaluate(x, t).MeanLoss is var b ? (float)b : 0;
        TrainingHistory history = Trainer.Fit(net, new Adam<float>(FloatRegressionNet.ParameterCount, 0.01), x, t, new TrainingOptions { Epochs = 200, BatchSize = 16, ShuffleSeed = 3 });
        Assert.Equal(200, history.Epochs);
        Assert.True(net.Evaluate(x, t).MeanLoss < 0.5 * before, $"loss {before} → {net.Evaluate(x, t).MeanLoss}");
    }

    [Fact]
    public void FloatMembersAllocateNothing()
    {
        var net = new FloatLoopSoftmaxNet();
        var straight = new FloatSoftmaxNet();
        net.Initialize(1);
        straight.Initialize(1);
        float[] x = new float[4 * 5], t = new float[4 * 3], g = new float[FloatLoopSoftmaxNet.ParameterCount], y = new float[4 * 3];
        float[] xs = new float[4 * 3], gs = new float[FloatSoftmaxNet.ParameterCount];
        t[0] = t[4] = t[8] = t[11] = 1;
        void Once()
        {
            net.Gradient(x, t, g);
            net.ForwardBatch(x, y);
            net.Evaluate(x, t);
            net.Step(g, 1e-6f);
            straight.Gradient(xs, t, gs);
            straight.Predict(xs.AsSpan(0, 3));
        }

        for (int i = 0; i < 200; i++)
        {
            Once();
        }

        AllocationTests.AssertNoAllocation(Once);
    }
}
