using System;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace NetGen.Sample;

/// <summary>A European call priced by Monte Carlo, written as a quant writes it; NetGen generates its adjoint.</summary>
public static partial class MonteCarlo
{
    /// <summary>
    /// The discounted mean payoff of a call over <paramref name="paths"/> paths of geometric Brownian
    /// motion, each of z.Length / paths exact steps driven by the standard normals z.
    /// </summary>
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
}

/// <summary>
/// <c>dotnet run --project sample -- greeks</c>: price and Greeks (delta, vega, rho, and the sensitivity
/// to maturity) of a European call from one call of the generated <c>EuropeanCallGradient</c>, next to
/// the Black–Scholes closed form (with the Monte Carlo standard error), and its time next to one
/// pricing and to bump-and-reprice.
/// </summary>
internal static class Greeks
{
    public const double S0 = 100, Sigma = 0.2, R = 0.03, T = 1, Strike = 105;
    public const int Paths = 20_000, Steps = 50;

    /// <summary>What a run measured, for the tests.</summary>
    internal sealed record Result(double Price, double[] Gradient, double[] BlackScholes, double StandardError, double PricingMs, double GradientMs, double BumpMs);

    public static Result Run(IAnsiConsole console)
    {
        double[] z = Normals(Paths * Steps, seed: 2026);
        double price = MonteCarlo.EuropeanCallGradient(S0, Sigma, R, T, Strike, z, Paths, out double delta, out double vega, out double rho, out double theta);
        double[] gradient = { delta, vega, rho, theta };
        double[] exact = BlackScholes(S0, Sigma, R, T, Strike);
        double error = StandardError(z);

        double pricing = Time(() => MonteCarlo.EuropeanCall(S0, Sigma, R, T, Strike, z, Paths));
        double adjoint = Time(() => MonteCarlo.EuropeanCallGradient(S0, Sigma, R, T, Strike, z, Paths, out _, out _, out _, out _));
        double bumped = Time(() => Bump(z));

        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]European call by Monte Carlo[/]: S0 = {0}, K = {1}, σ = {2}, r = {3}, T = {4}; {5:N0} paths × {6} steps", S0, Strike, Sigma, R, T, Paths, Steps);
        var table = new Table().AddColumns("", "Monte Carlo, one generated gradient call", "Black–Scholes");
        table.AddRow("price", Format(price) + " ± " + Format(error) + " (1 s.e.)", Format(exact[0]));
        string[] names = { "delta  ∂V/∂S0", "vega   ∂V/∂σ", "rho    ∂V/∂r", "∂V/∂T (−theta)" };
        for (int k = 0; k < 4; k++)
        {
            table.AddRow(names[k], Format(gradient[k]), Format(exact[k + 1]));
        }

        console.Write(table);
        console.MarkupLine(CultureInfo.InvariantCulture, "time: one pricing {0:F2} ms; price and 4 Greeks {1:F2} ms ([bold]{2:F2}×[/] a pricing); bump-and-reprice (8 pricings) {3:F2} ms ({4:F1}×)", pricing, adjoint, adjoint / pricing, bumped, bumped / pricing);
        console.MarkupLine("(best of 7 runs each; the Greeks are pathwise: exact derivatives of the Monte Carlo price for these normals.)");
#if DEBUG
        console.MarkupLine("(a Debug build: [bold]dotnet run -c Release --project sample -- greeks[/] times optimized code; docs/benchmarks/EuropeanGreeksBenchmarks.md has the BenchmarkDotNet figures.)");
#endif
        return new Result(price, gradient, exact, error, pricing, adjoint, bumped);
    }

    private static string Format(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>Standard normals by Box–Muller from a seeded generator.</summary>
    internal static double[] Normals(int count, int seed)
    {
        var random = new Random(seed);
        var z = new double[count];
        for (int i = 0; i + 1 < count; i += 2)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            double radius = Math.Sqrt(-2 * Math.Log(u1));
            z[i] = radius * Math.Cos(2 * Math.PI * u2);
            z[i + 1] = radius * Math.Sin(2 * Math.PI * u2);
        }

        return z;
    }

    /// <summary>Price, delta, vega, rho and ∂V/∂T of the call by Black–Scholes.</summary>
    internal static double[] BlackScholes(double s, double sigma, double r, double t, double k)
    {
        double sqrtT = Math.Sqrt(t);
        double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
        double d2 = d1 - sigma * sqrtT;
        double discount = Math.Exp(-r * t);
        double price = s * Phi(d1) - k * discount * Phi(d2);
        double density = Math.Exp(-0.5 * d1 * d1) / Math.Sqrt(2 * Math.PI);
        return new[]
        {
            price,
            Phi(d1),
            s * density * sqrtT,
            k * t * discount * Phi(d2),
            s * density * sigma / (2 * sqrtT) + r * k * discount * Phi(d2),
        };
    }

    /// <summary>The standard normal distribution function, from erfc.</summary>
    private static double Phi(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>erfc(x) by the Chebyshev fit of Numerical Recipes (erfcc): relative error below 1.2e-7, ample for four decimals.</summary>
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>The standard error of the Monte Carlo price (of the discounted payoffs' mean).</summary>
    private static double StandardError(double[] z)
    {
        double sum = 0, squares = 0;
        double dt = T / Steps, drift = (R - 0.5 * Sigma * Sigma) * dt, vol = Sigma * Math.Sqrt(dt);
        for (int p = 0; p < Paths; p++)
        {
            double s = S0;
            for (int j = 0; j < Steps; j++)
            {
                s *= Math.Exp(drift + vol * z[p * Steps + j]);
            }

            double payoff = Math.Exp(-R * T) * Math.Max(s - Strike, 0);
            sum += payoff;
            squares += payoff * payoff;
        }

        double mean = sum / Paths;
        return Math.Sqrt((squares / Paths - mean * mean) / (Paths - 1));
    }

    private static double Bump(double[] z)
    {
        double[] p = { S0, Sigma, R, T };
        double total = 0;
        for (int k = 0; k < 4; k++)
        {
            double h = 1e-4 * Math.Max(1, Math.Abs(p[k]));
            double[] up = (double[])p.Clone(), down = (double[])p.Clone();
            up[k] += h;
            down[k] -= h;
            total += (MonteCarlo.EuropeanCall(up[0], up[1], up[2], up[3], Strike, z, Paths) - MonteCarlo.EuropeanCall(down[0], down[1], down[2], down[3], Strike, z, Paths)) / (2 * h);
        }

        return total;
    }

    private static double Time(Action action)
    {
        action();
        double best = double.MaxValue;
        for (int i = 0; i < 7; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return best;
    }
}
