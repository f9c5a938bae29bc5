using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace NetGen.Sample;

/// <summary>
/// Question 3: for which learning rates η does gradient descent x ← x − η·f'(x) converge on
/// f(x) = 5x² + 2? f' comes from the generated <c>Quadratic.FGradient</c>.
/// </summary>
internal static class Question3
{
    private const double Tolerance = 1e-8;
    private const int MaxSteps = 100_000;

    public static void Run()
    {
        Console.WriteLine("Question 3 — gradient descent on f(x) = 5x² + 2 with f' from the generated Quadratic.FGradient");
        Console.WriteLine("  update: x ← x − η·f'(x) = (1 − 10η)·x   (docs/assignment.md; the assignment's first line writes 10η·f', a typo)");
        double[] starts = { 1.0, -3.0 };
        double[] rates = { -0.01, 0.05, 0.1, 0.15, 0.19, 0.2, 0.21 };
        Console.WriteLine($"  {"η",6}  {"x₀ = 1",-38}  {"x₀ = −3",-38}");
        foreach (double eta in rates)
        {
            string[] outcomes = starts.Select(x0 => Describe(Descend(x0, eta))).ToArray();
            Console.WriteLine($"  {eta.ToString("0.00", CultureInfo.InvariantCulture),6}  {outcomes[0],-38}  {outcomes[1],-38}");
        }

        // f'' from the generated Hessian ([Differentiable(Order = 2)]: forward-over-reverse, exact).
        Span<double> gradient = stackalloc double[1];
        Span<double> hessian = stackalloc double[1];
        Quadratic.FHessian(1.0, gradient, hessian);
        double second = hessian[0];
        double largest = Boundary(good: 0.1, bad: 1.0);
        double smallest = Boundary(good: 0.1, bad: -1.0);
        Console.WriteLine($"  f''(x) = {second.ToString("R", CultureInfo.InvariantCulture)} (from the generated Hessian Quadratic.FHessian), so the analytic bound is 2/f'' = {(2.0 / second).ToString("R", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"  largest contracting η by bisection (|x₁₀₀₀| < |x₀| from x₀ = 1): {largest.ToString("R", CultureInfo.InvariantCulture)}   (2/f'' from the Hessian: {(2.0 / second).ToString("R", CultureInfo.InvariantCulture)})");
        Console.WriteLine($"  smallest contracting η by bisection: {smallest.ToString("R", CultureInfo.InvariantCulture)} (η = 0 stays put, η < 0 climbs away)");
        Console.WriteLine($"  so gradient descent converges for η in ({Bound(smallest)}, {Bound(largest)}) — the analysis's (0, 2/f'') = (0, 1/5).");
        Descent one = Descend(1.0, 0.1, maxSteps: 1);
        Descent other = Descend(-3.0, 0.1, maxSteps: 1);
        Console.WriteLine($"  η = 1/10: x₁ = {one.Last.ToString("R", CultureInfo.InvariantCulture)} from x₀ = 1 and {other.Last.ToString("R", CultureInfo.InvariantCulture)} from x₀ = −3: the minimum x = 0 in one step.");

        string path = Plot(new[] { 0.02, 0.05, 0.12, 0.17, 0.19, 0.2, 0.205 });
        Console.WriteLine($"  plot of |xₙ| against n (log scale): {path}");
        Console.WriteLine($"  Generated source: {GeneratedFiles.PathOf("NetGen.Sample.Quadratic.F")}");
    }

    /// <summary>One run of gradient descent; stops when |x| &lt; 1e-8, when it blows up, or after the step budget.</summary>
    internal static Descent Descend(double x0, double eta, int maxSteps = MaxSteps)
    {
        var path = new List<double> { x0 };
        double x = x0;
        for (int n = 1; n <= maxSteps; n++)
        {
            Quadratic.FGradient(x, out double slope);
            x -= eta * slope;
            path.Add(x);
            if (Math.Abs(x) < Tolerance)
            {
                return new Descent(Outcome.Converged, n, x, path);
            }

            if (!double.IsFinite(x) || Math.Abs(x) > 1e12)
            {
                return new Descent(Outcome.Diverged, n, x, path);
            }
        }

        return new Descent(Math.Abs(x) >= Math.Abs(x0) ? Outcome.NoProgress : Outcome.Slow, maxSteps, x, path);
    }

    /// <summary>
    /// The boundary between a rate whose iterates shrink (<paramref name="good"/>) and one whose do
    /// not (<paramref name="bad"/>), by bisection; the test is |x₁₀₀₀| &lt; |x₀| from x₀ = 1, i.e.
    /// whether the iteration contracts. Either side of the interval (0, 2/f'') can be found.
    /// </summary>
    internal static double Boundary(double good, double bad)
    {
        if (!Contracts(good) || Contracts(bad))
        {
            throw new InvalidOperationException("the bisection needs a contracting and a non-contracting rate to start from");
        }

        for (int i = 0; i < 200 && Math.Abs(bad - good) > 1e-15; i++)
        {
            double mid = 0.5 * (good + bad);
            if (Contracts(mid))
            {
                good = mid;
            }
            else
            {
                bad = mid;
            }
        }

        return good;
    }

    /// <summary>A bisection result to 12 decimals, as the interval is printed.</summary>
    private static string Bound(double value)
    {
        double rounded = Math.Round(value, 12);
        return (rounded == 0 ? 0.0 : rounded).ToString("0.############", CultureInfo.InvariantCulture);
    }

    private static bool Contracts(double eta)
    {
        Descent run = Descend(1.0, eta, maxSteps: 1000);
        return run.Outcome == Outcome.Converged || Math.Abs(run.Last) < 1.0;
    }

    private static string Describe(Descent run) => run.Outcome switch
    {
        Outcome.Converged => $"converges in {run.Steps} step{(run.Steps == 1 ? "" : "s")}",
        Outcome.Diverged => $"diverges (|x| > 1e12 at step {run.Steps})",
        Outcome.NoProgress => $"oscillates: |x| = {Math.Abs(run.Last).ToString("0.###", CultureInfo.InvariantCulture)} after {run.Steps} steps",
        _ => $"still |x| = {Math.Abs(run.Last):E1} after {run.Steps}",
    };

    private static string Plot(double[] rates)
    {
        var plot = new ScottPlot.Plot();
        foreach (double eta in rates)
        {
            Descent run = Descend(1.0, eta, maxSteps: 60);
            double[] n = Enumerable.Range(0, run.Path.Count).Select(i => (double)i).ToArray();
            double[] logAbs = run.Path.Select(x => Math.Log10(Math.Max(Math.Abs(x), 1e-12))).ToArray();
            var line = plot.Add.Scatter(n, logAbs);
            line.LegendText = "η = " + eta.ToString("0.###", CultureInfo.InvariantCulture);
            line.MarkerSize = 3;
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => "1e" + y.ToString("0", CultureInfo.InvariantCulture),
        };
        plot.Title("Gradient descent on f(x) = 5x² + 2 from x₀ = 1");
        plot.XLabel("step n");
        plot.YLabel("|xₙ| (log scale)");
        plot.ShowLegend(ScottPlot.Edge.Right);
        return GeneratedFiles.SavePlot(plot, "question3.png");
    }

    internal enum Outcome
    {
        Converged,
        Diverged,
        NoProgress,
        Slow,
    }

    internal sealed record Descent(Outcome Outcome, int Steps, double Last, List<double> Path);
}
