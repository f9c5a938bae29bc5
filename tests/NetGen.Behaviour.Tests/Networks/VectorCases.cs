using System;
using NetGen;

namespace NetGen.Tests;

/// <summary>Vector-valued [Differentiable] methods (issue 23): results written into spans.</summary>
public static partial class Vectors
{
    /// <summary>A planar arm of n joints: the position of its tip.</summary>
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

    /// <summary>Two outputs of different lengths.</summary>
    [Differentiable]
    public static void Polar(double r, double theta, Span<double> xy, Span<double> area)
    {
        xy[0] = r * Math.Cos(theta);
        xy[1] = r * Math.Sin(theta);
        area[0] = 0.5 * r * r * theta;
    }

    [Differentiable]
    public static void Softmax(ReadOnlySpan<double> z, Span<double> p)
    {
        double m = z[0];
        for (int i = 1; i < z.Length; i++)
        {
            m = Math.Max(m, z[i]);
        }

        double s = 0;
        for (int i = 0; i < z.Length; i++)
        {
            p[i] = Math.Exp(z[i] - m);
            s += p[i]; // reads what it wrote
        }

        for (int i = 0; i < z.Length; i++)
        {
            p[i] /= s; // written twice: the last write counts
        }
    }

    [Differentiable]
    public static void Lorenz(ReadOnlySpan<double> u, double sigma, double rho, double beta, Span<double> du)
    {
        du[0] = sigma * (u[1] - u[0]);
        du[1] = u[0] * (rho - u[2]) - u[1];
        du[2] = u[0] * u[1] - beta * u[2];
    }

    /// <summary>One RK4 step of the Lorenz system: 3 outputs, 6 inputs (u, σ, ρ, β); calls a span-output method four times.</summary>
    [Differentiable]
    public static void Rk4(ReadOnlySpan<double> u, double sigma, double rho, double beta, [NoGradient] double dt, Span<double> next)
    {
        Span<double> k1 = stackalloc double[3];
        Span<double> k2 = stackalloc double[3];
        Span<double> k3 = stackalloc double[3];
        Span<double> k4 = stackalloc double[3];
        Span<double> t = stackalloc double[3];
        Lorenz(u, sigma, rho, beta, k1);
        for (int i = 0; i < 3; i++)
        {
            t[i] = u[i] + 0.5 * dt * k1[i];
        }

        Lorenz(t, sigma, rho, beta, k2);
        for (int i = 0; i < 3; i++)
        {
            t[i] = u[i] + 0.5 * dt * k2[i];
        }

        Lorenz(t, sigma, rho, beta, k3);
        for (int i = 0; i < 3; i++)
        {
            t[i] = u[i] + dt * k3[i];
        }

        Lorenz(t, sigma, rho, beta, k4);
        for (int i = 0; i < 3; i++)
        {
            next[i] = u[i] + dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
    }

    /// <summary>A carried loop (a running product per output) and an element it never writes.</summary>
    [Differentiable]
    public static void Powers(double x, int n, Span<double> out3)
    {
        double p = 1;
        for (int k = 0; k < n; k++)
        {
            p *= x;
        }

        out3[0] = p;
        out3[2] = p * x;
    }

    /// <summary>A scalar method that calls a span-output one and uses its results.</summary>
    [Differentiable]
    public static double Reach(ReadOnlySpan<double> angle, [NoGradient] ReadOnlySpan<double> length, [NoGradient] double tx, [NoGradient] double ty)
    {
        Span<double> tip = stackalloc double[2];
        Arm(angle, length, tip);
        double dx = tip[0] - tx, dy = tip[1] - ty;
        return 0.5 * (dx * dx + dy * dy);
    }
}
