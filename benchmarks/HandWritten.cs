using System;

namespace NetGen.Benchmarks;

/// <summary>
/// The 2-3-1 ReLU batch gradient written by hand as well as we can, under the generated code's
/// contract (spans in, lengths checked before writing, gradient overwritten, L returned): every
/// parameter read once into a local, accumulators in locals, the ReLU branches folded.
/// </summary>
public sealed class HandWrittenAssignmentNet
{
    public readonly double[] Parameters = new double[13];

    public double Gradient(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient)
    {
        int n = inputs.Length / 2;
        if (inputs.Length != 2 * n)
        {
            throw new ArgumentException("inputs must hold whole rows of 2", nameof(inputs));
        }

        if (targets.Length != n)
        {
            throw new ArgumentException("targets must hold one value per row", nameof(targets));
        }

        if (gradient.Length != 13)
        {
            throw new ArgumentException("gradient must hold 13 values", nameof(gradient));
        }

        ReadOnlySpan<double> p = Parameters;
        double b2 = p[12], v0 = p[9], v1 = p[10], v2 = p[11];
        double a00 = p[0], a01 = p[1], a02 = p[2], a10 = p[3], a11 = p[4], a12 = p[5];
        double c0 = p[6], c1 = p[7], c2 = p[8];
        double g00 = 0, g01 = 0, g02 = 0, g10 = 0, g11 = 0, g12 = 0, gc0 = 0, gc1 = 0, gc2 = 0, gv0 = 0, gv1 = 0, gv2 = 0, gb2 = 0;
        double loss = 0;
        for (int k = 0; k < n; k++)
        {
            double x0 = inputs[2 * k], x1 = inputs[2 * k + 1];
            double u0 = x0 * a00 + x1 * a10 + c0;
            double u1 = x0 * a01 + x1 * a11 + c1;
            double u2 = x0 * a02 + x1 * a12 + c2;
            double z0 = u0 > 0 ? u0 : 0, z1 = u1 > 0 ? u1 : 0, z2 = u2 > 0 ? u2 : 0;
            double e = z0 * v0 + z1 * v1 + z2 * v2 + b2 - targets[k];
            loss += 0.5 * e * e;
            gb2 += e;
            gv0 += e * z0;
            gv1 += e * z1;
            gv2 += e * z2;
            if (u0 > 0)
            {
                double d = e * v0;
                gc0 += d;
                g00 += d * x0;
                g10 += d * x1;
            }

            if (u1 > 0)
            {
                double d = e * v1;
                gc1 += d;
                g01 += d * x0;
                g11 += d * x1;
            }

            if (u2 > 0)
            {
                double d = e * v2;
                gc2 += d;
                g02 += d * x0;
                g12 += d * x1;
            }
        }

        gradient[12] = gb2;
        gradient[0] = g00;
        gradient[1] = g01;
        gradient[2] = g02;
        gradient[3] = g10;
        gradient[4] = g11;
        gradient[5] = g12;
        gradient[6] = gc0;
        gradient[7] = gc1;
        gradient[8] = gc2;
        gradient[9] = gv0;
        gradient[10] = gv1;
        gradient[11] = gv2;
        return loss;
    }
}
