using System;
using NetGen;

namespace NetGen.Tests;

/// <summary>Long taped loops that the reverse sweep checkpoints past <c>Checkpoints.After</c> iterations.</summary>
public static partial class Checkpointed
{
    /// <summary>A damped oscillator by symplectic Euler: a state array written in place, a carried sum, a call per step.</summary>
    [Differentiable(Order = 2)]
    public static double Oscillator(double x0, double v0, double k, double c, [NoGradient] double dt, int steps)
    {
        Span<double> s = stackalloc double[2];
        s[0] = x0;
        s[1] = v0;
        double energy = 0;
        for (int n = 0; n < steps; n++)
        {
            double a = Force(s, k, c);
            s[1] += dt * a;
            s[0] += dt * s[1];
            energy += dt * s[0] * s[0];
        }

        return s[0] + energy;
    }

    [Differentiable]
    public static double Force(ReadOnlySpan<double> s, double k, double c) => -k * s[0] - c * s[1];

    /// <summary>A while loop with an int counter and carried values of other types (float, bool); five inputs keep it taped (not forward mode).</summary>
    [Differentiable]
    public static double Relax(double x, double rate, double a, double b, double c, int steps)
    {
        int it = 0;
        float f = 1f;
        bool flip = false;
        double y = x;
        while (it < steps)
        {
            y = y - rate * Sine(y) + (flip ? a : -a) * 1e-3 * f + b * 1e-4 - c * 1e-5 * y;
            f = f * 0.999f;
            flip = !flip;
            it++;
        }

        return y;
    }

    [Differentiable]
    public static double Sine(double y) => Math.Sin(y);
}
