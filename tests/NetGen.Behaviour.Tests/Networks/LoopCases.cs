using System;
using NetGen;

namespace NetGen.Tests;

/// <summary>The numerical code people write (issue 22): nested and while loops, break/continue/return in loops, int counters, stack arrays in place, calls with spans in loops, float.</summary>
public static partial class Loops
{
    [Differentiable(Order = 2)]
    public static double LogisticLoss(ReadOnlySpan<double> w, [NoGradient] ReadOnlySpan<double> x, int rows)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < rows; i++)
        {
            double z = 0;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * x[i * d + j];
            }

            loss += Math.Log(1 + Math.Exp(-z));
        }

        return loss;
    }

    /// <summary>
    /// A chain carried across iterations: x reaches the result three iterations after it is read, each link through
    /// a value the loop assigns after it reads it (the usefulness analysis needs one backward pass per link).
    /// s = 3x²·(n − 2) for n ≥ 2, else 0.
    /// </summary>
    [Differentiable(Order = 2)]
    public static double Carried(double x, int n)
    {
        double s = 0;
        double t = 0;
        double u = 0;
        double w = 0;
        for (int i = 0; i < n; i++)
        {
            s = s + t;
            t = u * 3;
            u = x * x;
            w = x * 5;
        }

        return s + w * 0;
    }

    /// <summary>
    /// <see cref="Carried"/>'s chain through two spans: x reaches b, b reaches a an iteration later, and a
    /// reaches s an iteration after that. s = 3x²·(n − 2) for n ≥ 2, else 0.
    /// </summary>
    [Differentiable(Order = 2)]
    public static double CarriedThroughSpans(double x, int n)
    {
        Span<double> a = stackalloc double[1];
        Span<double> b = stackalloc double[1];
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s = s + a[0];
            a[0] = b[0] * 3;
            b[0] = x * x;
        }

        return s;
    }

    /// <summary>
    /// A recomputed loop whose replay drops a chain of dead values (dead, then deader), keeping u, which the term's
    /// reverse needs through a branch: Σ (a·x)² where a·x &gt; 0, else −a·x.
    /// </summary>
    [Differentiable]
    public static double RecomputedWithDeadChain(double a, [NoGradient] ReadOnlySpan<double> xs)
    {
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double u = a * xs[i];
            double dead = u * 3;
            double deader = dead + 1;
            s += u > 0 ? u * u : -u;
        }

        return s;
    }

    [Differentiable(Order = 2)]
    public static double NewtonRoot(double a)
    {
        double x = a > 1 ? a : 1;
        int it = 0;
        while (Math.Abs(x * x - a) > 1e-13 * a && it < 60)
        {
            x = 0.5 * (x + a / x);
            it++;
        }

        return x;
    }

    [Differentiable]
    public static double DoWhileHalving(double x)
    {
        double y = x;
        int halvings = 0;
        do
        {
            y = 0.5 * y + 0.1 * Math.Sin(y);
            halvings++;
        }
        while (y > 0.5 && halvings < 100);
        return y * halvings;
    }

    [Differentiable(Order = 2)]
    public static double BreakContinue(ReadOnlySpan<double> xs, double c)
    {
        double s = 0;
        for (int i = xs.Length - 1; i >= 0; i -= 1)
        {
            if (xs[i] < 0)
            {
                continue;
            }

            s += c * xs[i] * xs[i];
            if (s > 10)
            {
                break;
            }
        }

        return s;
    }

    [Differentiable(Order = 2)]
    public static double FirstAbove(ReadOnlySpan<double> xs, double t)
    {
        for (int i = 0; i < xs.Length; i++)
        {
            if (xs[i] * t > 1)
            {
                return xs[i] * t * t;
            }
        }

        return t;
    }

    [Differentiable(Order = 2)]
    public static double Smooth(ReadOnlySpan<double> xs, double k)
    {
        Span<double> u = stackalloc double[xs.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            u[i] = xs[i] * k;
        }

        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 1; i < u.Length - 1; i++)
            {
                u[i] = 0.25 * u[i - 1] + 0.5 * u[i] + 0.25 * u[i + 1];
            }
        }

        double s = 0;
        for (int i = 0; i < u.Length; i++)
        {
            s += u[i] * u[i];
        }

        return s;
    }

    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, [NoGradient] ReadOnlySpan<double> b, int offset)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++)
        {
            s += a[j] * b[offset + j];
        }

        return s;
    }

    [Differentiable]
    public static double Logistic(double z) => 1 / (1 + Math.Exp(-z));

    [Differentiable(Order = 2)]
    public static double LogisticRegression(ReadOnlySpan<double> w, [NoGradient] ReadOnlySpan<double> x, [NoGradient] ReadOnlySpan<double> y)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double p = Logistic(Dot(w, x, i * d));
            loss -= y[i] * Math.Log(p) + (1 - y[i]) * Math.Log(1 - p);
        }

        return loss;
    }

    /// <summary>Paths × steps with an int index into the normals: z[p * steps + j].</summary>
    [Differentiable(Order = 2)]
    public static double EuropeanCall(double s0, double sigma, double r, double t, [NoGradient] double strike, [NoGradient] ReadOnlySpan<double> z, int paths)
    {
        int steps = z.Length / paths;
        double dt = t / steps;
        double drift = (r - 0.5 * sigma * sigma) * dt;
        double vol = sigma * Math.Sqrt(dt);
        double sum = 0;
        for (int p = 0; p < paths; p++)
        {
            double logS = Math.Log(s0);
            for (int j = 0; j < steps; j++)
            {
                logS += drift + vol * z[p * steps + j];
            }

            double payoff = Math.Exp(logS) - strike;
            if (payoff > 0)
            {
                sum += payoff;
            }
        }

        return Math.Exp(-r * t) * sum / paths;
    }

    /// <summary>A state vector integrated in place in a stack array, a call per step.</summary>
    [Differentiable]
    public static void Derivative(ReadOnlySpan<double> u, double sigma, double rho, double beta, Span<double> du)
    {
        du[0] = sigma * (u[1] - u[0]);
        du[1] = u[0] * (rho - u[2]) - u[1];
        du[2] = u[0] * u[1] - beta * u[2];
    }

    [Differentiable(Order = 2)]
    public static double LorenzEuler(double x0, double rho, [NoGradient] double dt, int steps)
    {
        Span<double> u = stackalloc double[3];
        Span<double> du = stackalloc double[3];
        u[0] = x0;
        u[1] = 1;
        u[2] = 1;
        for (int k = 0; k < steps; k++)
        {
            Derivative(u, 10, rho, 8.0 / 3, du);
            for (int i = 0; i < 3; i++)
            {
                u[i] += dt * du[i];
            }
        }

        return u[0] * u[0] + u[1] + 0.5 * u[2];
    }

    [Differentiable]
    public static float SoftPlusSum(ReadOnlySpan<float> xs, float k)
    {
        float s = 0;
        foreach (float v in xs)
        {
            s += MathF.Log(1 + MathF.Exp(k * v));
        }

        return s / xs.Length;
    }
}
