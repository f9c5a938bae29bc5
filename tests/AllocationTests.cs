using System;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>No generated member allocates: measured over many calls on this thread.</summary>
public class AllocationTests
{
    private const int Calls = 10_000;

    [Theory]
    [MemberData(nameof(NetworkCase.Data), MemberType = typeof(NetworkCase))]
    public void NoGeneratedMemberAllocates(NetworkCase shape)
    {
        IGeneratedNetwork net = shape.CreateRandom(new Random(2));
        (double[] x, double[] t) = shape.Sample(new Random(3));
        var y = new double[shape.Outputs];
        var g = new double[shape.ParameterCount];
        var gx = new double[shape.Inputs];
        double[] xs = new double[4 * shape.Inputs];
        double[] ts = new double[4 * shape.Outputs];
        var probabilities = new double[shape.Outputs];
        var softmax = net as ISoftmaxNetwork;
        var runtime = (INetwork)net;
        double[] ys = new double[4 * shape.Outputs];

        void Once()
        {
            net.Forward(x, y);
            net.ComputeLoss(x, t);
            net.AccumulateGradient(x, t, g);
            net.AccumulateGradient(x, t, g, gx);
            net.Gradient(xs, ts, g);
            net.Step(g, 1e-9);
            softmax?.Probabilities(x, probabilities);
            softmax?.Predict(x);
            runtime.ForwardBatch(xs, ys);
            runtime.Evaluate(xs, ts);
        }

        for (int i = 0; i < 200; i++)
        {
            Once(); // warm up: JIT and tiering happen here
        }

        AssertNoAllocation(Once);
    }

    /// <summary>
    /// Runs <paramref name="action"/> <see cref="Calls"/> times per round. A per-call allocation would
    /// cost at least Calls × 24 bytes in every round; the runtime itself may allocate a few bytes on
    /// this thread once (tiered JIT bookkeeping), so one clean round of three is required.
    /// </summary>
    internal static void AssertNoAllocation(Action action, int calls = Calls)
    {
        var rounds = new long[3];
        for (int round = 0; round < rounds.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                action();
            }

            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
            if (rounds[round] == 0)
            {
                return;
            }
        }

        Assert.Fail($"allocated {string.Join(", ", rounds)} bytes in three rounds of {calls} calls");
    }
}
