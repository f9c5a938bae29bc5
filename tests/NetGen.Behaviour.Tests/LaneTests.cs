using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NetGen.CompilerServices;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The lane form of the straight-line batch members (whole vectors of rows, one row per lane, then a
/// scalar tail): against the per-sample members for every batch size up to three vectors of rows,
/// against finite differences, allocation-free, and on the Vector256 and scalar-only paths in a
/// process with those widths switched off.
/// </summary>
public class LaneTests
{
    public static TheoryData<string> Networks() => new(LaneChecks.Names);

    [Theory]
    [MemberData(nameof(Networks))]
    public void BatchMembersMatchThePerSampleMembersForEveryTail(string name)
    {
        List<string> failures = LaneChecks.Check(name);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void TheLanesRunOnThisMachine()
    {
        // The in-process checks above run the 512-bit form where it is accelerated; otherwise the
        // 256-bit one; the process checks below cover the rest.
        Assert.True(Vector256.IsHardwareAccelerated || !Avx2.IsSupported);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("sigmoid softmax")]
    [InlineData("tanh relu")]
    [InlineData("identity softmax")]
    public void LaneGradientsMatchFiniteDifferences(string name)
    {
        ILaneNetwork<double> net = name switch
        {
            "relu" => (ILaneNetwork<double>)new LaneReluNet(),
            "sigmoid softmax" => new LaneSigmoidNet(),
            "tanh relu" => new LaneTanhNet(),
            _ => new LaneIdentityNet(),
        };
        net.Initialize(5);
        (double[] x, double[] t) = LaneChecks.Rows(net, rows: 37, seed: 9); // 4 vectors of 8, 5 left
        var gradient = new double[net.ParameterCount];
        net.Gradient(x, t, gradient);
        double scale = Math.Max(1, gradient.Max(Math.Abs));
        for (int i = 0; i < net.ParameterCount; i++)
        {
            double central = CentralDifference(net, x, t, i);
            Assert.True(Math.Abs(central - gradient[i]) <= 1e-6 * scale, $"∂L/∂θ{i}: {gradient[i]:R}, finite differences {central:R}");
        }
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("sigmoid softmax")]
    [InlineData("tanh relu")]
    [InlineData("identity softmax")]
    public void FloatLaneGradientsMatchFiniteDifferencesOfTheDoubleTwin(string name)
    {
        (ILaneNetwork<float> f, ILaneNetwork<double> d) = name switch
        {
            "relu" => ((ILaneNetwork<float>)new LaneReluNetF(), (ILaneNetwork<double>)new LaneReluNet()),
            "sigmoid softmax" => (new LaneSigmoidNetF(), new LaneSigmoidNet()),
            "tanh relu" => (new LaneTanhNetF(), new LaneTanhNet()),
            _ => (new LaneIdentityNetF(), new LaneIdentityNet()),
        };
        f.Initialize(5);
        for (int i = 0; i < f.ParameterCount; i++)
        {
            d.Parameters[i] = f.Parameters[i];
        }

        (float[] x, float[] t) = LaneChecks.Rows(f, rows: 53, seed: 9); // 3 vectors of 16, 5 left
        var gradient = new float[f.ParameterCount];
        f.Gradient(x, t, gradient);
        double[] xd = Array.ConvertAll(x, v => (double)v), td = Array.ConvertAll(t, v => (double)v);
        double scale = Math.Max(1, gradient.Max(v => Math.Abs((double)v)));
        for (int i = 0; i < f.ParameterCount; i++)
        {
            double central = CentralDifference(d, xd, td, i);
            Assert.True(Math.Abs(central - gradient[i]) <= 1e-4 * scale, $"∂L/∂θ{i}: float {gradient[i]:R}, finite differences (double) {central:R}");
        }
    }

    [Fact]
    public void NaNAndSignedZeroPassThroughLaneReLUAsThroughTheScalarOne()
    {
        // Lane j of the helper against the scalar rule u < 0 ? 0 : u, bit for bit, in both widths.
        double[] u = { double.NaN, -0.0, 0.0, -1.5, 2.5, double.NegativeInfinity, double.PositiveInfinity, -double.Epsilon };
        Vector512<double> wide = Lanes.ReLU(Vector512.Create(u));
        Vector256<double> narrow = Lanes.ReLU(Vector256.Create(u[0], u[1], u[2], u[3]));
        float[] f = Array.ConvertAll(u, v => (float)v).Concat(Array.ConvertAll(u, v => (float)-v)).ToArray();
        Vector512<float> wideF = Lanes.ReLU(Vector512.Create(f));
        for (int j = 0; j < u.Length; j++)
        {
            double expected = u[j] < 0 ? 0.0 : u[j];
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(wide[j]));
            if (j < 4)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(narrow[j]));
            }
        }

        for (int j = 0; j < f.Length; j++)
        {
            float expected = f[j] < 0 ? 0f : f[j];
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(wideF[j]));
        }

        // And through a generated network: a NaN row gives NaN outputs in lanes as one row at a time.
        var net = new LaneReluNet();
        net.Initialize(2);
        (double[] x, _) = LaneChecks.Rows(net, rows: 16, seed: 4);
        x[(5 * LaneReluNet.InputCount) + 1] = double.NaN;
        var outputs = new double[16 * LaneReluNet.OutputCount];
        net.ForwardBatch(x, outputs);
        var y = new double[LaneReluNet.OutputCount];
        net.Forward(x.AsSpan(5 * LaneReluNet.InputCount, LaneReluNet.InputCount), y);
        Assert.All(y, v => Assert.True(double.IsNaN(v)));
        Assert.True(double.IsNaN(outputs[5 * LaneReluNet.OutputCount]) && double.IsNaN(outputs[(5 * LaneReluNet.OutputCount) + 1]));
        Assert.False(double.IsNaN(outputs[4 * LaneReluNet.OutputCount]));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void BatchMembersAllocateNothing(string name)
    {
        if (name.EndsWith("float", StringComparison.Ordinal))
        {
            AllocatesNothing(name switch
            {
                "relu float" => (ILaneNetwork<float>)new LaneReluNetF(),
                "sigmoid softmax float" => new LaneSigmoidNetF(),
                "tanh relu float" => new LaneTanhNetF(),
                _ => new LaneIdentityNetF(),
            });
        }
        else
        {
            AllocatesNothing(name switch
            {
                "relu" => (ILaneNetwork<double>)new LaneReluNet(),
                "sigmoid softmax" => new LaneSigmoidNet(),
                "tanh relu" => new LaneTanhNet(),
                _ => new LaneIdentityNet(),
            });
        }
    }

    [Fact]
    public void TheVector256PathMatchesInAProcessWithout512BitVectors()
    {
        // .NET 10 reads EnableAVX512; .NET 8 and 9 read EnableAVX512F.
        string output = RunLaneCheck(("DOTNET_EnableAVX512", "0"), ("DOTNET_EnableAVX512F", "0"));
        Assert.Contains("Vector512 accelerated: False", output, StringComparison.Ordinal);
        if (Avx2.IsSupported)
        {
            Assert.Contains("Vector256 accelerated: True", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheScalarPathMatchesInAProcessWithoutIntrinsics()
    {
        string output = RunLaneCheck(("DOTNET_EnableHWIntrinsic", "0"));
        Assert.Contains("Vector256 accelerated: False", output, StringComparison.Ordinal);
    }

    /// <summary>(L(θᵢ + h) − L(θᵢ − h)) / 2h of Σ ComputeLoss over the rows, h = 1e-6.</summary>
    private static double CentralDifference(ILaneNetwork<double> net, double[] x, double[] t, int i)
    {
        const double h = 1e-6;
        double saved = net.Parameters[i];
        net.Parameters[i] = saved + h;
        double up = SumOfLosses(net, x, t);
        net.Parameters[i] = saved - h;
        double down = SumOfLosses(net, x, t);
        net.Parameters[i] = saved;
        return (up - down) / (2 * h);
    }

    private static double SumOfLosses(ILaneNetwork<double> net, double[] x, double[] t)
    {
        double loss = 0;
        for (int k = 0; k < t.Length / net.OutputCount; k++)
        {
            loss += net.ComputeLoss(x.AsSpan(k * net.InputCount, net.InputCount), t.AsSpan(k * net.OutputCount, net.OutputCount));
        }

        return loss;
    }

    private static void AllocatesNothing<T>(ILaneNetwork<T> net)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        net.Initialize(1);
        (T[] x, T[] t) = LaneChecks.Rows(net, rows: 1000, seed: 1);
        var gradient = new T[net.ParameterCount];
        var outputs = new T[t.Length];
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            net.Gradient(x, t, gradient);
            net.ForwardBatch(x, outputs);
            net.Evaluate(x, t);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round == 1)
            {
                Assert.Equal(0, allocated);
            }
        }
    }

    private static string RunLaneCheck(params (string Variable, string Value)[] settings)
    {
        string assembly = typeof(LaneTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "LaneCheckAssembly").Value!;
        Assert.True(File.Exists(assembly), $"{assembly} was not built");
        var start = new ProcessStartInfo("dotnet", $"\"{assembly}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach ((string variable, string value) in settings)
        {
            start.Environment[variable] = value;
        }

        using Process process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the lane check did not finish in 3 minutes");
        }

        string output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"lane check with {string.Join(", ", settings)} failed ({process.ExitCode}):\n{output}");
        return output;
    }
}
