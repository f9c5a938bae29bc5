using System;
using System.Linq;
using NetGen.CompilerServices;
using Xunit;

namespace NetGen.Tests;

/// <summary>Checkpoints.After is global: these tests change it, so they run alone.</summary>
[CollectionDefinition("Checkpoints", DisableParallelization = true)]
public sealed class CheckpointCollection
{
}

/// <summary>
/// Long taped loops past Checkpoints.After iterations keep checkpoints instead of a tape: the same
/// result bit for bit as taping every iteration, against finite differences, with memory that grows
/// as √n (issue 22: 10⁶ steps).
/// </summary>
[Collection("Checkpoints")]
public class CheckpointTests
{
    private static T With<T>(int after, Func<T> run)
    {
        int previous = Checkpoints.After;
        Checkpoints.After = after;
        try
        {
            return run();
        }
        finally
        {
            Checkpoints.After = previous;
        }
    }

    private static (double Value, double[] Gradient) Oscillator(int steps)
    {
        double value = Checkpointed.OscillatorGradient(1.0, -0.3, 2.0, 0.1, 1e-3, steps, out double dX0, out double dV0, out double dK, out double dC);
        return (value, new[] { dX0, dV0, dK, dC });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(2999)]
    [InlineData(3000)]
    public void CheckpointedGradientsAreTheTapedOnesBitForBit(int after)
    {
        foreach (int steps in new[] { 0, 1, 17, 3000 })
        {
            (double value, double[] taped) = With(int.MaxValue, () => Oscillator(steps));
            (double again, double[] checkpointed) = With(after, () => Oscillator(steps));
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(again));
            Assert.Equal(taped.Select(BitConverter.DoubleToInt64Bits), checkpointed.Select(BitConverter.DoubleToInt64Bits));
        }

        (double y, double dX, double dRate) Relax() => (Checkpointed.RelaxGradient(0.7, 0.2, 1.1, -0.4, 0.3, 5001, out double dx, out double dr, out _, out _, out _), dx, dr);
        var plain = With(int.MaxValue, Relax);
        var kept = With(after, Relax);
        Assert.Equal(BitConverter.DoubleToInt64Bits(plain.dX), BitConverter.DoubleToInt64Bits(kept.dX));
        Assert.Equal(BitConverter.DoubleToInt64Bits(plain.dRate), BitConverter.DoubleToInt64Bits(kept.dRate));
    }

    [Fact]
    public void AMillionStepsAgreeWithFiniteDifferencesInSquareRootMemory()
    {
        const int Steps = 1_000_000;
        double dt = 1e-5;
        double F(double[] p) => Checkpointed.Oscillator(p[0], p[1], p[2], p[3], dt, Steps);
        (double, double[]) G(double[] p)
        {
            double v = Checkpointed.OscillatorGradient(p[0], p[1], p[2], p[3], dt, Steps, out double a, out double b, out double c, out double d);
            return (v, new[] { a, b, c, d });
        }

        double[] at = { 1.0, -0.3, 2.0, 0.1 };
        Check.Gradient("oscillator, 10⁶ steps", F, G, at, tolerance: 1e-6, step: 1e-4);

        // Memory: what the reverse sweep keeps, tape and checkpoints, in values of 8 bytes.
        (long tape, long store) checkpointed = Kept(() => G(at));
        (long tape, long store) taped = With(int.MaxValue, () => Kept(() => G(at)));
        long bytes = 8 * (checkpointed.tape + checkpointed.store);
        Assert.True(bytes < 2 << 20, $"checkpointed: {bytes:N0} bytes kept ({checkpointed.tape:N0} on the tape, {checkpointed.store:N0} in checkpoints)");
        Assert.True(checkpointed.store is > 0 and < 64_000, $"{checkpointed.store:N0} values of checkpoints for about √10⁶ segments");
        Assert.True(8 * taped.tape > 32 << 20, $"taped: {8 * taped.tape:N0} bytes (what checkpointing saves)");
        Assert.Equal(0, taped.store);
    }

    /// <summary>The most values the tape and the checkpoint store held during a call.</summary>
    private static (long Tape, long Store) Kept(Action call)
    {
        NetGen.CompilerServices.Tape.ResetLargest();
        Checkpoints.ResetLargest();
        call();
        return (NetGen.CompilerServices.Tape.Largest, Checkpoints.Largest);
    }

    /// <summary>
    /// Issue 22's loop shapes at lengths 0, 1 and 60 with Checkpoints.After at 0, 1 and 7: an array smoothed
    /// in place and a call per step (checkpointed), and break/continue counting down and a return from
    /// inside (their step keeps a flag on the tape, so they stay taped: this checks that too), with the
    /// break and the return taken midway; gradients and Hessians bit for bit those of taping every iteration.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(60)]
    public void EveryLoopShapeCheckpointsToTheTapedBits(int length)
    {
        double[] xs = Enumerable.Range(0, length).Select(i => Math.Sin(i * 0.7) * 1.5).ToArray();
        double[] Run()
        {
            var results = new System.Collections.Generic.List<double>();
            var dxs = new double[length];
            results.Add(Loops.BreakContinueGradient(xs, 0.8, dxs, out double dc));
            results.AddRange(dxs);
            results.Add(dc);
            var gradient = new double[length + 1];
            var hessian = new double[(length + 1) * (length + 1)];
            results.Add(Loops.FirstAboveHessian(xs, 0.9, gradient, hessian));
            results.AddRange(gradient);
            results.AddRange(hessian);
            results.Add(Loops.SmoothHessian(xs, 1.3, gradient, hessian));
            results.AddRange(gradient);
            results.AddRange(hessian);
            results.Add(Loops.LorenzEulerGradient(1.1, 28, 1e-3, length * 7, out double dx0, out double drho));
            results.Add(dx0);
            results.Add(drho);
            return results.ToArray();
        }

        double[] taped = With(int.MaxValue, Run);
        foreach (int after in new[] { 0, 1, 7 })
        {
            Assert.Equal(taped.Select(BitConverter.DoubleToInt64Bits), With(after, Run).Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void TheHessianThroughACheckpointedLoopIsTheTapedOne()
    {
        double[] Hessian(int after) => With(after, () =>
        {
            var gradient = new double[4];
            var hessian = new double[16];
            Checkpointed.OscillatorHessian(1.0, -0.3, 2.0, 0.1, 1e-3, 2000, gradient, hessian);
            return hessian.Concat(gradient).ToArray();
        });

        Assert.Equal(Hessian(int.MaxValue).Select(BitConverter.DoubleToInt64Bits), Hessian(50).Select(BitConverter.DoubleToInt64Bits));
    }
}
