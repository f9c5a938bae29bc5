using System;

namespace NetGen.Benchmarks;

/// <summary>
/// The numerical code of issues 22 and 23 as a quant, a scientist or a roboticist writes it: Monte
/// Carlo pricers, an ODE integrated in a stack array, a loss over rows with calls, a planar arm. The
/// benchmarks run each plainly (the primal) and through its generated members.
/// </summary>
public static partial class Numerical
{
    /// <summary>A European call by Monte Carlo: GBM, exact steps, z[p * steps + j] standard normals.</summary>
    [Differentiable]
    public static double EuropeanCall(double s0, double sigma, double r, double t, [NoGradient] double strike, [NoGradient] ReadOnlySpan<double> z, int paths)
    {
        int steps = z.Length / paths;
        double dt = t / steps;
        double drift = (r - 0.5 * sigma * sigma) * dt;
        double vol = sigma * Math.Sqrt(dt);
        double sum = 0;
        for (int p = 0; p < paths; p++)
        {
            double s = s0;
            for (int j = 0; j < steps; j++)
            {
                s *= Math.Exp(drift + vol * z[p * steps + j]);
            }

            sum += Math.Max(s - strike, 0);
        }

        return Math.Exp(-r * t) * sum / paths;
    }

    /// <summary>A Heston call by Monte Carlo: log-Euler for the price, Euler with full truncation for the variance.</summary>
    [Differentiable]
    public static double HestonCall(double s0, double v0, double kappa, double theta, double xi, double rho, double r, [NoGradient] double t, [NoGradient] double strike, [NoGradient] ReadOnlySpan<double> z, int paths)
    {
        int steps = z.Length / (2 * paths);
        double dt = t / steps;
        double sqrtDt = Math.Sqrt(dt);
        double rhoBar = Math.Sqrt(1 - rho * rho);
        double sum = 0;
        for (int p = 0; p < paths; p++)
        {
            double x = Math.Log(s0);
            double v = v0;
            for (int j = 0; j < steps; j++)
            {
                double z1 = z[2 * (p * steps + j)];
                double z2 = z[2 * (p * steps + j) + 1];
                double vp = Math.Max(v, 0);
                double sq = Math.Sqrt(vp);
                x += (r - 0.5 * vp) * dt + sq * sqrtDt * z1;
                v += kappa * (theta - vp) * dt + xi * sq * sqrtDt * (rho * z1 + rhoBar * z2);
            }

            double payoff = Math.Exp(x) - strike;
            if (payoff > 0)
            {
                sum += payoff;
            }
        }

        return Math.Exp(-r * t) * sum / paths;
    }

    [Differentiable]
    public static void LorenzField(ReadOnlySpan<double> u, double sigma, double rho, double beta, Span<double> du)
    {
        du[0] = sigma * (u[1] - u[0]);
        du[1] = u[0] * (rho - u[2]) - u[1];
        du[2] = u[0] * u[1] - beta * u[2];
    }

    /// <summary>Explicit Euler steps of the Lorenz system in a stack array; the value is a function of the final state.</summary>
    [Differentiable]
    public static double Lorenz(ReadOnlySpan<double> u0, double sigma, double rho, double beta, [NoGradient] double dt, int steps)
    {
        Span<double> u = stackalloc double[3];
        Span<double> du = stackalloc double[3];
        for (int i = 0; i < 3; i++)
        {
            u[i] = u0[i];
        }

        for (int k = 0; k < steps; k++)
        {
            LorenzField(u, sigma, rho, beta, du);
            for (int i = 0; i < 3; i++)
            {
                u[i] += dt * du[i];
            }
        }

        return u[0] + u[1] + u[2];
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

    /// <summary>The negative log-likelihood of logistic regression over rows of d features (row-major x).</summary>
    [Differentiable(Order = 2)]
    public static double LogisticLoss(ReadOnlySpan<double> w, [NoGradient] ReadOnlySpan<double> x, [NoGradient] ReadOnlySpan<double> y)
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

    /// <summary>The tip of a planar arm of angle.Length joints.</summary>
    [Differentiable]
    public static void Arm(ReadOnlySpan<double> angle, [NoGradient] ReadOnlySpan<double> length, Span<double> position)
    {
        double x = 0, y = 0, theta = 0;
        for (int i = 0; i < angle.Length; i++)
        {
            theta += angle[i];
            x += length[i] * Math.Cos(theta);
            y += length[i] * Math.Sin(theta);
        }

        position[0] = x;
        position[1] = y;
    }

    /// <summary>A 10 → 10 map: each output mixes all inputs (a small dense layer with tanh).</summary>
    [Differentiable]
    public static void Mix10(ReadOnlySpan<double> x, [NoGradient] ReadOnlySpan<double> w, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < x.Length; j++)
            {
                s += w[i * x.Length + j] * x[j];
            }

            y[i] = Math.Tanh(s);
        }
    }

    /// <summary>A 3 → 100 map: a trajectory sampled at 100 times from 3 parameters.</summary>
    [Differentiable]
    public static void Trajectory(ReadOnlySpan<double> p, Span<double> y)
    {
        for (int k = 0; k < y.Length; k++)
        {
            double t = 0.05 * k;
            y[k] = p[0] * Math.Exp(-p[1] * t) * Math.Cos(p[2] * t);
        }
    }
}
