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

    internal static void AssertNoAllocation(Action action, int calls = Calls) => Assertions.NoAllocation(action, calls);
}
