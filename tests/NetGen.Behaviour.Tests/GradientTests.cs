using System;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>Generated gradients against central finite differences and an independent reference.</summary>
public class GradientTests
{
    private const double H = 1e-6;

    [Theory]
    [MemberData(nameof(NetworkCase.Data), MemberType = typeof(NetworkCase))]
    public void ParameterAndInputGradientsMatchCentralFiniteDifferences(NetworkCase shape)
    {
        var random = new Random(1234 + shape.Name.Length);
        for (int trial = 0; trial < 3; trial++)
        {
            IGeneratedNetwork net = shape.CreateRandom(random);
            (double[] x, double[] t) = shape.Sample(random);
            var gradient = new double[shape.ParameterCount];
            var inputGradient = new double[shape.Inputs];
            net.AccumulateGradient(x, t, gradient, inputGradient);

            Span<double> theta = net.Parameters;
            for (int i = 0; i < theta.Length; i++)
            {
                double saved = theta[i];
                theta[i] = saved + H;
                double plus = net.ComputeLoss(x, t);
                theta[i] = saved - H;
                double minus = net.ComputeLoss(x, t);
                theta[i] = saved;
                AssertClose((plus - minus) / (2 * H), gradient[i], 1e-6, $"{shape} ∂l/∂θ[{i}]");
            }

            for (int m = 0; m < x.Length; m++)
            {
                double saved = x[m];
                x[m] = saved + H;
                double plus = net.ComputeLoss(x, t);
                x[m] = saved - H;
                double minus = net.ComputeLoss(x, t);
                x[m] = saved;
                AssertClose((plus - minus) / (2 * H), inputGradient[m], 1e-6, $"{shape} ∂l/∂x[{m}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(NetworkCase.Data), MemberType = typeof(NetworkCase))]
    public void LossAndGradientsEqualTheIndependentReference(NetworkCase shape)
    {
        var random = new Random(99 + shape.Name.Length);
        for (int trial = 0; trial < 5; trial++)
        {
            IGeneratedNetwork net = shape.CreateRandom(random);
            (double[] x, double[] t) = shape.Sample(random);
            var gradient = new double[shape.ParameterCount];
            var inputGradient = new double[shape.Inputs];
            double loss = net.AccumulateGradient(x, t, gradient, inputGradient);

            (double refLoss, double[] refGradient, double[] refInput) = ReferenceNetwork.Evaluate(shape, net.Parameters.ToArray(), x, t);
            AssertClose(refLoss, loss, 1e-12, $"{shape} loss");
            for (int i = 0; i < gradient.Length; i++)
            {
                AssertClose(refGradient[i], gradient[i], 1e-12, $"{shape} ∂l/∂θ[{i}]");
            }

            for (int m = 0; m < inputGradient.Length; m++)
            {
                AssertClose(refInput[m], inputGradient[m], 1e-12, $"{shape} ∂l/∂x[{m}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(NetworkCase.Data), MemberType = typeof(NetworkCase))]
    public void BatchGradientIsTheSumOfTheReferenceOverSamples(NetworkCase shape)
    {
        var random = new Random(7 + shape.Name.Length);
        IGeneratedNetwork net = shape.CreateRandom(random);
        const int n = 6;
        var inputs = new double[n * shape.Inputs];
        var targets = new double[n * shape.Outputs];
        var expected = new double[shape.ParameterCount];
        double expectedLoss = 0;
        for (int k = 0; k < n; k++)
        {
            (double[] x, double[] t) = shape.Sample(random);
            x.CopyTo(inputs, k * shape.Inputs);
            t.CopyTo(targets, k * shape.Outputs);
            (double l, double[] g, _) = ReferenceNetwork.Evaluate(shape, net.Parameters.ToArray(), x, t);
            expectedLoss += l;
            for (int i = 0; i < g.Length; i++)
            {
                expected[i] += g[i];
            }
        }

        var gradient = new double[shape.ParameterCount];
        double loss = net.Gradient(inputs, targets, gradient);
        AssertClose(expectedLoss, loss, 1e-12, $"{shape} L");
        for (int i = 0; i < gradient.Length; i++)
        {
            AssertClose(expected[i], gradient[i], 1e-12, $"{shape} ∂L/∂θ[{i}]");
        }
    }

    internal static void AssertClose(double expected, double actual, double tolerance, string what) => Assertions.Close(expected, actual, tolerance, what);
}
