using System;
using System.Collections.Generic;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>Generated [Differentiable] gradients against hand-derived formulas and central finite differences.</summary>
public class FunctionTests
{
    internal delegate double Gradient1(double x, out double dX);

    internal delegate double Gradient2(double x, double y, out double dX, out double dY);

    public static IEnumerable<object[]> OneVariable()
    {
        // name, f, generated gradient, hand-derived f', points
        yield return Case1("Quadratic.F", x => 5 * x * x + 2, Quadratic.FGradient, x => 10 * x, -3, 0.5, 1);
        yield return Case1("Literals", x => 7.749 * x + 19, Functions.LiteralsGradient, _ => 7.749, -1, 2);
        yield return Case1("Transcendental", x => Math.Exp(x) + Math.Log(x) + Math.Sqrt(x) + Math.Sin(x) + Math.Cos(x) + Math.Tan(x) + Math.Tanh(x), Functions.TranscendentalGradient,
            x => Math.Exp(x) + 1 / x + 0.5 / Math.Sqrt(x) + Math.Cos(x) - Math.Sin(x) + 1 / (Math.Cos(x) * Math.Cos(x)) + 1 - Math.Tanh(x) * Math.Tanh(x), 0.3, 1.1, 2.7);
        yield return Case1("Constant", _ => 42 + Math.PI, Functions.ConstantGradient, _ => 0, -1, 3);
        yield return Case1("Identity", x => x, Functions.IdentityGradient, _ => 1, -1, 3);
        yield return Case1("Deep", x => Math.Exp(2 * x) * Math.Sin(x) + 2 * x * Math.Sin(Math.Exp(x)), Functions.DeepGradient,
            x => 2 * Math.Exp(2 * x) * Math.Sin(x) + Math.Exp(2 * x) * Math.Cos(x) + 2 * Math.Sin(Math.Exp(x)) + 2 * x * Math.Cos(Math.Exp(x)) * Math.Exp(x), -0.7, 0.2, 1.3);
        yield return Case1("IntDivision", x => x / 2, Functions.IntDivisionGradient, _ => 0.5, -2, 5);
    }

    public static IEnumerable<object[]> TwoVariables()
    {
        yield return Case2("Arithmetic", (x, y) => (x * x - y * y) / (1 + y * y) + x + y, Functions.ArithmeticGradient,
            (x, y) => 2 * x / (1 + y * y) + 1,
            (x, y) => -2 * y * (1 + x * x) / ((1 + y * y) * (1 + y * y)) + 1);
        yield return Case2("WithLocals", (x, y) => (x * y + 2.5) * Math.Exp(-x * y) / y, Functions.WithLocalsGradient,
            (x, y) => Math.Exp(-x * y) * (-1.5 - x * y),
            (x, y) => Math.Exp(-x * y) * (-1.5 - x * y) * x / y - (x * y + 2.5) * Math.Exp(-x * y) / (y * y));
        yield return Case2("Power", (x, y) => Math.Pow(x, y) + x * x * x, Functions.PowerGradient,
            (x, y) => y * Math.Pow(x, y - 1) + 3 * x * x,
            (x, y) => Math.Pow(x, y) * Math.Log(x));
        yield return Case2("AbsMaxMin", (x, y) => Math.Abs(x - y) + Math.Max(x, y * y) + Math.Min(x, 2 * y), Functions.AbsMaxMinGradient,
            (x, y) => Math.Sign(x - y) + (x >= y * y ? 1 : 0) + (x <= 2 * y ? 1 : 0),
            (x, y) => -Math.Sign(x - y) + (x >= y * y ? 0 : 2 * y) + (x <= 2 * y ? 0 : 2));
        yield return Case2("Outer", (x, y) => x * x * Math.Sin(y) + 2 * y * Math.Sin(x), Functions.OuterGradient,
            (x, y) => 2 * x * Math.Sin(y) + 2 * y * Math.Cos(x),
            (x, y) => x * x * Math.Cos(y) + 2 * Math.Sin(x));
        yield return Case2("Unused", (x, y) => x * x, Functions.UnusedGradient, (x, _) => 2 * x, (_, _) => 0);
        yield return Case2("Shared", (x, y) => x * y + Math.Sin(x * y) * x * y, Functions.SharedGradient,
            (x, y) => y + Math.Cos(x * y) * y * x * y + Math.Sin(x * y) * y,
            (x, y) => x + Math.Cos(x * y) * x * x * y + Math.Sin(x * y) * x);
    }

    [Theory]
    [MemberData(nameof(OneVariable))]
    public void OneVariableFunctionsMatchHandDerivedAndFiniteDifferences(string name, Func<double, double> f, Gradient1Box gradient, Func<double, double> derivative, double[] points)
    {
        foreach (double x in points)
        {
            double value = gradient.Invoke(x, out double dX);
            GradientTests.AssertClose(f(x), value, 1e-12, $"{name}({x})");
            GradientTests.AssertClose(derivative(x), dX, 1e-12, $"{name}'({x}) vs hand-derived");
            GradientTests.AssertClose(Central(t => gradient.Invoke(t, out _), x), dX, 1e-7, $"{name}'({x}) vs finite differences");
        }
    }

    [Theory]
    [MemberData(nameof(TwoVariables))]
    public void TwoVariableFunctionsMatchHandDerivedAndFiniteDifferences(string name, Func<double, double, double> f, Gradient2Box gradient, Func<double, double, double> dx, Func<double, double, double> dy)
    {
        foreach ((double x, double y) in new[] { (0.7, 1.3), (1.9, -0.6), (2.2, 0.4), (0.35, 2.5) })
        {
            if (name == "Power" && x <= 0)
            {
                continue;
            }

            double value = gradient.Invoke(x, y, out double dX, out double dY);
            GradientTests.AssertClose(f(x, y), value, 1e-12, $"{name}({x}, {y})");
            GradientTests.AssertClose(dx(x, y), dX, 1e-12, $"∂{name}/∂x({x}, {y}) vs hand-derived");
            GradientTests.AssertClose(dy(x, y), dY, 1e-12, $"∂{name}/∂y({x}, {y}) vs hand-derived");
            GradientTests.AssertClose(Central(t => gradient.Invoke(t, y, out _, out _), x), dX, 1e-7, $"∂{name}/∂x vs finite differences");
            GradientTests.AssertClose(Central(t => gradient.Invoke(x, t, out _, out _), y), dY, 1e-7, $"∂{name}/∂y vs finite differences");
        }
    }

    [Fact]
    public void GradientsDoNotAllocate()
    {
        double sink = 0;
        void Once()
        {
            sink += Quadratic.FGradient(0.5, out double a) + a;
            sink += Functions.DeepGradient(0.5, out a) + a;
            sink += Functions.WithLocalsGradient(0.5, 1.5, out a, out double b) + a + b;
            sink += Functions.AbsMaxMinGradient(0.5, 1.5, out a, out b) + a + b;
        }

        for (int i = 0; i < 100; i++)
        {
            Once();
        }

        AllocationTests.AssertNoAllocation(Once);
        Assert.True(double.IsFinite(sink));
    }

    private static double Central(Func<double, double> f, double x)
    {
        const double h = 1e-6;
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static object[] Case1(string name, Func<double, double> f, Gradient1 gradient, Func<double, double> derivative, params double[] points) =>
        new object[] { name, f, new Gradient1Box(gradient), derivative, points };

    private static object[] Case2(string name, Func<double, double, double> f, Gradient2 gradient, Func<double, double, double> dx, Func<double, double, double> dy) =>
        new object[] { name, f, new Gradient2Box(gradient), dx, dy };

    /// <summary>Wraps a delegate with an out parameter for xunit's theory data.</summary>
    public sealed class Gradient1Box
    {
        private readonly Gradient1 _gradient;

        internal Gradient1Box(Gradient1 gradient) => _gradient = gradient;

        public double Invoke(double x, out double dX) => _gradient(x, out dX);

        public override string ToString() => _gradient.Method.Name;
    }

    public sealed class Gradient2Box
    {
        private readonly Gradient2 _gradient;

        internal Gradient2Box(Gradient2 gradient) => _gradient = gradient;

        public double Invoke(double x, double y, out double dX, out double dY) => _gradient(x, y, out dX, out dY);

        public override string ToString() => _gradient.Method.Name;
    }
}
