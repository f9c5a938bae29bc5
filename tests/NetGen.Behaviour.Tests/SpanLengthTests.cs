using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>Every span of the wrong length is an ArgumentException naming it and both lengths, and nothing is written.</summary>
public class SpanLengthTests
{
    private const double Sentinel = 12345.678;

    public static IEnumerable<object[]> Cases()
    {
        foreach (NetworkCase shape in NetworkCase.All)
        {
            foreach (string argument in new[] { "input", "output", "target", "gradient", "inputGradient", "inputs", "targets", "stepGradient", "probabilities" })
            {
                if (argument == "probabilities" && shape.Loss != Loss.SoftmaxCrossEntropy)
                {
                    continue;
                }

                foreach (int delta in new[] { -1, 1 })
                {
                    yield return new object[] { shape, argument, delta };
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WrongLengthThrowsAndWritesNothing(NetworkCase shape, string argument, int delta)
    {
        IGeneratedNetwork net = shape.CreateRandom(new Random(1));
        double[] parameters = net.Parameters.ToArray();
        int Len(string name, int length) => name == argument ? Math.Max(0, length + delta) : length;
        if (Len(argument, 0) == 0 && delta < 0 && argument is "gradient" or "stepGradient" && shape.ParameterCount == 0)
        {
            return; // no shorter span than an empty one
        }

        double[] input = new double[Len("input", shape.Inputs)];
        double[] output = Filled(Len("output", shape.Outputs));
        double[] target = new double[Len("target", shape.Outputs)];
        double[] gradient = Filled(Len("gradient", shape.ParameterCount));
        double[] inputGradient = Filled(Len("inputGradient", shape.Inputs));
        double[] inputs = new double[Len("inputs", 3 * shape.Inputs)];
        double[] targets = new double[Len("targets", 3 * shape.Outputs)];
        double[] stepGradient = new double[Len("stepGradient", shape.ParameterCount)];
        double[] probabilities = Filled(Len("probabilities", shape.Outputs));
        if (argument == "inputs" && shape.Inputs == 1)
        {
            // 3 ± 1 rows of one input are still whole rows; it is the targets that no longer match.
            argument = "targets";
        }

        var thrown = new List<ArgumentException>();
        void Expect(Action call)
        {
            try
            {
                call();
            }
            catch (ArgumentException ex)
            {
                thrown.Add(ex);
            }
        }

        switch (argument)
        {
            case "input":
                Expect(() => net.Forward(input, output));
                Expect(() => net.ComputeLoss(input, target));
                Expect(() => net.AccumulateGradient(input, target, gradient));
                Expect(() => net.AccumulateGradient(input, target, gradient, inputGradient));
                break;
            case "output":
                Expect(() => net.Forward(input, output));
                break;
            case "target":
                Expect(() => net.ComputeLoss(input, target));
                Expect(() => net.AccumulateGradient(input, target, gradient));
                Expect(() => net.AccumulateGradient(input, target, gradient, inputGradient));
                break;
            case "gradient":
                Expect(() => net.AccumulateGradient(input, target, gradient));
                Expect(() => net.AccumulateGradient(input, target, gradient, inputGradient));
                Expect(() => net.Gradient(inputs, targets, gradient));
                break;
            case "inputGradient":
                Expect(() => net.AccumulateGradient(input, target, gradient, inputGradient));
                break;
            case "inputs":
            case "targets":
                Expect(() => net.Gradient(inputs, targets, gradient));
                break;
            case "stepGradient":
                Expect(() => net.Step(stepGradient, 0.1));
                argument = "gradient";
                break;
            case "probabilities":
                Expect(() => ((ISoftmaxNetwork)net).Probabilities(input, probabilities));
                break;
        }

        Assert.NotEmpty(thrown);
        Assert.All(thrown, ex =>
        {
            Assert.Equal(argument, ex.ParamName);
            Assert.Contains("length", ex.Message, StringComparison.Ordinal);
        });
        Assert.All(output.Concat(gradient).Concat(inputGradient).Concat(probabilities), v => Assert.Equal(Sentinel, v));
        Assert.Equal(parameters, net.Parameters.ToArray());
    }

    [Fact]
    public void TheMessageNamesTheArgumentAndBothLengths()
    {
        var net = new AssignmentNet();
        var ex = Assert.Throws<ArgumentException>(() => net.Forward(new double[3], new double[1]));
        Assert.Equal("input", ex.ParamName);
        Assert.Contains("'input' has length 3; expected length 2", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => net.Gradient(new double[8], new double[3], new double[13]));
        Assert.Equal("targets", ex.ParamName);
        Assert.Contains("length 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected length 4", ex.Message, StringComparison.Ordinal);
    }

    private static double[] Filled(int length) => Enumerable.Repeat(Sentinel, length).ToArray();
}
