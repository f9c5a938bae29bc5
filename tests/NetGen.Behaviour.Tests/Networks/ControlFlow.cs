using System;

namespace NetGen.Tests.Networks;

/// <summary>[Differentiable] methods with statements, branches, loops, spans, int and [NoGradient] parameters, and Hessians.</summary>
public static partial class ControlFlow
{
    /// <summary>The Huber loss of a residual: an if with an early return.</summary>
    [Differentiable]
    public static double Huber(double r, [NoGradient] double delta)
    {
        double a = Math.Abs(r);
        if (a <= delta)
        {
            return 0.5 * r * r;
        }

        return delta * (a - 0.5 * delta);
    }

    /// <summary>Assignments, compound assignments, ++ and an if / else if / else chain.</summary>
    [Differentiable]
    public static double Piecewise(double x, double y)
    {
        double s = x * y;
        if (x > 1)
        {
            s += Math.Sin(x);
            s *= 2;
        }
        else if (x < -1)
            s -= y * y;
        else
        {
            s /= 1 + y * y;
        }

        s++;
        return s;
    }

    /// <summary>Returns from nested branches; the value after them is used only on the remaining path.</summary>
    [Differentiable]
    public static double NestedReturns(double x, double y)
    {
        if (x > 0)
        {
            if (y > 0)
            {
                return x * y;
            }

            double t = Math.Exp(y);
            t *= x;
            return t;
        }

        double u = x * x;
        if (y < -1)
        {
            u -= y;
        }

        return u + Math.Sqrt(y * y + 1);
    }

    /// <summary>Mean squared error of a line through data points: the least-squares loss.</summary>
    [Differentiable]
    public static double LeastSquares(double a, double b, [NoGradient] ReadOnlySpan<double> xs, [NoGradient] ReadOnlySpan<double> ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = a * xs[i] + b - ys[i];
            sum += r * r;
        }

        return sum / xs.Length;
    }

    /// <summary>The N-dimensional Rosenbrock function over a span.</summary>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i];
            double u = 1 - x[i];
            s += 100 * t * t + u * u;
        }

        return s;
    }

    /// <summary>Rosenbrock in four variables, unrolled by hand.</summary>
    [Differentiable]
    public static double Rosenbrock4(double x0, double x1, double x2, double x3) =>
        100 * (x1 - x0 * x0) * (x1 - x0 * x0) + (1 - x0) * (1 - x0) +
        100 * (x2 - x1 * x1) * (x2 - x1 * x1) + (1 - x1) * (1 - x1) +
        100 * (x3 - x2 * x2) * (x3 - x2 * x2) + (1 - x2) * (1 - x2);

    /// <summary>A sum of Huber terms over a foreach: the branch in the body keeps it a reduction.</summary>
    [Differentiable]
    public static double HuberSum(double c, [NoGradient] ReadOnlySpan<double> xs)
    {
        double s = 0;
        foreach (double v in xs)
        {
            double r = v - c;
            if (Math.Abs(r) <= 1)
            {
                s += 0.5 * r * r;
            }
            else
            {
                s += Math.Abs(r) - 0.5;
            }
        }

        return s;
    }

    /// <summary>Horner's rule: the carried value is multiplied, so the loop keeps a tape.</summary>
    [Differentiable]
    public static double Horner(ReadOnlySpan<double> coefficients, double x)
    {
        double p = 0;
        for (int i = 0; i < coefficients.Length; i++)
        {
            p = p * x + coefficients[coefficients.Length - 1 - i];
        }

        return p;
    }

    /// <summary>Semi-implicit Euler steps of a spring: two carried locals that feed each other.</summary>
    [Differentiable]
    public static double Oscillator(double x0, double v0, double k, int steps, [NoGradient] double dt)
    {
        double x = x0;
        double v = v0;
        for (int i = 0; i < steps; i++)
        {
            double a = -k * x;
            v += dt * a;
            x += dt * v;
        }

        return x + 0.5 * v;
    }

    /// <summary>An inclusive bound, a step of 2, int parameters and the loop variable as a double.</summary>
    [Differentiable]
    public static double EverySecond(ReadOnlySpan<double> xs, int first, int last)
    {
        double s = 0;
        for (int i = first; i <= last; i += 2)
        {
            s += xs[i] * xs[i] * (i + 1);
        }

        return s;
    }

    /// <summary>A product over a span (taped) and a value read outside the loop.</summary>
    [Differentiable]
    public static double Product(ReadOnlySpan<double> xs)
    {
        double p = xs[0];
        for (int i = 1; i < xs.Length; i++)
        {
            p *= xs[i];
        }

        return p;
    }

    /// <summary>The residual of one point, its data marked [NoGradient].</summary>
    [Differentiable]
    public static double Residual(double a, double b, [NoGradient] double x, [NoGradient] double y) => a * x + b - y;

    /// <summary>The least-squares sum through a call of a method with [NoGradient] parameters.</summary>
    [Differentiable]
    public static double LeastSquaresByCall(double a, double b, [NoGradient] ReadOnlySpan<double> xs, [NoGradient] ReadOnlySpan<double> ys)
    {
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = Residual(a, b, xs[i], ys[i]);
            s += r * r;
        }

        return s;
    }

    /// <summary>Two sums in one loop, and a second loop whose term is a parameter itself.</summary>
    [Differentiable]
    public static double Moments(double m, [NoGradient] ReadOnlySpan<double> xs)
    {
        double s1 = 0, s2 = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            s1 += xs[i] - m;
            s2 += (xs[i] - m) * (xs[i] - m);
        }

        double count = 0;
        foreach (double v in xs)
        {
            count += m;
        }

        return s1 * s1 + s2 / xs.Length + count;
    }

    /// <summary>A one-pass sum over a differentiated span whose result is scaled afterwards.</summary>
    [Differentiable]
    public static double MeanSquare(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s += v * v;
        }

        return s / x.Length;
    }

    /// <summary>A sum read back to front: not an i + c index, so the reverse pass recomputes it.</summary>
    [Differentiable]
    public static double Reversed(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += (i + 1) * x[x.Length - 1 - i] * x[x.Length - 1 - i];
        }

        return Math.Sqrt(s);
    }

    /// <summary>Reads one element past the end on its last iteration, as the method itself does.</summary>
    [Differentiable]
    public static double Overrun(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i + 1];
        }

        return s;
    }

    /// <summary>Math.ScaleB with a constant and an int parameter exponent.</summary>
    [Differentiable]
    public static double Scaled(double x, int n) => Math.ScaleB(x, 3) * x + Math.ScaleB(x * x, n);

    /// <summary>Two-dimensional Rosenbrock with its Hessian.</summary>
    [Differentiable(Order = 2)]
    public static double Rosen2(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    /// <summary>Question 3's function, 5x² + 2, whose second derivative bounds the learning rate.</summary>
    [Differentiable(Order = 2)]
    public static double Bowl(double x) => 5 * x * x + 2;

    /// <summary>A Hessian through branches, statements and many functions.</summary>
    [Differentiable(Order = 2)]
    public static double Mixed(double x, double y, [NoGradient] double c)
    {
        double s = Math.Exp(x * y) / (1 + y * y);
        if (x > y)
        {
            s += Math.Sin(x) * Math.Log(1 + y * y) + Math.Pow(x * x + 1, 1.5);
        }
        else
        {
            s -= Math.Atan2(x, y + 3) * c + Math.Sqrt(x * x + y * y + 1);
        }

        return s * Math.Tanh(x - c) + Math.Max(x, y) * Math.Cosh(y);
    }
}
