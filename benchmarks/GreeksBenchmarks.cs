using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>Standard normals for Monte Carlo, the same for every variant (and every bump).</summary>
internal static class Normals
{
    public static double[] Draw(int count, int seed)
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

    /// <summary>Fails the setup unless two gradients agree to <paramref name="tolerance"/> (relative).</summary>
    public static void Agree(string what, double[] expected, double[] actual, double tolerance)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i]))))
            {
                throw new InvalidOperationException($"{what}: component {i} is {actual[i]:R}, the generated gradient {expected[i]:R}");
            }
        }
    }
}

/// <summary>
/// Greeks of a European call by Monte Carlo (GBM, 20,000 paths × 50 steps): delta, vega, rho and the
/// T-sensitivity from one generated gradient call, next to one pricing, central bump-and-reprice with
/// the same normals (8 pricings), and TorchSharp autograd over the paths vectorized (one thread).
/// </summary>
[MemoryDiagnoser]
public class EuropeanGreeksBenchmarks
{
    private const int Paths = 20_000, Steps = 50;
    private const double S0 = 100, Sigma = 0.2, R = 0.03, T = 1, Strike = 105;
    private double[] _z = Array.Empty<double>();
    private Tensor? _tz;

    [GlobalSetup]
    public void Setup()
    {
        _z = Normals.Draw(Paths * Steps, 22);
        double[] generated = Gradient(out _);
        Normals.Agree("bump-and-reprice", generated, Bumped(), 1e-4);
    }

    [GlobalSetup(Target = nameof(TorchSharpAutograd))]
    public void SetupTorch()
    {
        Setup();
        TorchNetwork.UseOneThread();
        _tz = tensor(_z, new long[] { Paths, Steps }, float64);
        Normals.Agree("TorchSharp", Gradient(out _), Torch(out _), 1e-9);
    }

    [Benchmark(Baseline = true, Description = "one pricing (the method itself)")]
    public double Pricing() => Numerical.EuropeanCall(S0, Sigma, R, T, Strike, _z, Paths);

    [Benchmark(Description = "generated EuropeanCallGradient (price + 4 Greeks)")]
    public double GeneratedGradient() => Numerical.EuropeanCallGradient(S0, Sigma, R, T, Strike, _z, Paths, out _, out _, out _, out _);

    [Benchmark(Description = "bump-and-reprice, central (8 pricings)")]
    public double BumpAndReprice() => Bumped()[0];

    [Benchmark(Description = "TorchSharp autograd, vectorized over paths, 1 thread")]
    public double TorchSharpAutograd() => Torch(out double price)[0] + price;

    private double[] Gradient(out double price)
    {
        price = Numerical.EuropeanCallGradient(S0, Sigma, R, T, Strike, _z, Paths, out double delta, out double vega, out double rho, out double theta);
        return new[] { delta, vega, rho, theta };
    }

    private double[] Bumped()
    {
        double[] p = { S0, Sigma, R, T };
        var greeks = new double[4];
        for (int k = 0; k < 4; k++)
        {
            double h = 1e-4 * Math.Max(1, Math.Abs(p[k]));
            double[] up = (double[])p.Clone(), down = (double[])p.Clone();
            up[k] += h;
            down[k] -= h;
            greeks[k] = (Numerical.EuropeanCall(up[0], up[1], up[2], up[3], Strike, _z, Paths) - Numerical.EuropeanCall(down[0], down[1], down[2], down[3], Strike, _z, Paths)) / (2 * h);
        }

        return greeks;
    }

    private double[] Torch(out double price)
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor s0 = tensor(S0, float64, requires_grad: true), sigma = tensor(Sigma, float64, requires_grad: true);
        Tensor r = tensor(R, float64, requires_grad: true), t = tensor(T, float64, requires_grad: true);
        Tensor dt = t / Steps;
        Tensor drift = (r - 0.5 * sigma * sigma) * dt;
        Tensor vol = sigma * sqrt(dt);
        Tensor logGrowth = (drift + vol * _tz!).sum(1);
        Tensor sT = s0 * exp(logGrowth);
        Tensor value = exp(-r * t) * nn.functional.relu(sT - Strike).mean();
        value.backward();
        price = value.item<double>();
        return new[] { s0.grad!.item<double>(), sigma.grad!.item<double>(), r.grad!.item<double>(), t.grad!.item<double>() };
    }
}

/// <summary>
/// Seven sensitivities (s0, v0, κ, θ, ξ, ρ, r) of a Heston call by Monte Carlo (4,000 paths × 100
/// steps, Euler with full truncation) from one generated gradient call, next to one pricing,
/// bump-and-reprice (14 pricings) and TorchSharp autograd over the paths vectorized (one thread).
/// XAD publishes 2.3× the primal (its JIT) and 4.3× (its tape) for this model.
/// </summary>
[MemoryDiagnoser]
public class HestonGreeksBenchmarks
{
    private const int Paths = 4_000, Steps = 100;
    private static readonly double[] Point = { 100, 0.04, 1.5, 0.04, 0.3, -0.7, 0.02 }; // s0, v0, κ, θ, ξ, ρ, r
    private const double T = 1, Strike = 100;
    private double[] _z = Array.Empty<double>();
    private Tensor? _tz1, _tz2;

    [GlobalSetup]
    public void Setup()
    {
        _z = Normals.Draw(2 * Paths * Steps, 23);
        Normals.Agree("bump-and-reprice", Gradient(out _), Bumped(), 1e-3);
    }

    [GlobalSetup(Target = nameof(TorchSharpAutograd))]
    public void SetupTorch()
    {
        Setup();
        TorchNetwork.UseOneThread();
        Tensor all = tensor(_z, new long[] { Paths, Steps, 2 }, float64);
        _tz1 = all.select(2, 0).contiguous();
        _tz2 = all.select(2, 1).contiguous();
        Normals.Agree("TorchSharp", Gradient(out _), Torch(out _), 1e-9);
    }

    [Benchmark(Baseline = true, Description = "one pricing (the method itself)")]
    public double Pricing() => Price(Point);

    [Benchmark(Description = "generated HestonCallGradient (price + 7 sensitivities)")]
    public double GeneratedGradient() => Gradient(out _)[0];

    [Benchmark(Description = "bump-and-reprice, central (14 pricings)")]
    public double BumpAndReprice() => Bumped()[0];

    [Benchmark(Description = "TorchSharp autograd, vectorized over paths, 1 thread")]
    public double TorchSharpAutograd() => Torch(out double price)[0] + price;

    private double Price(double[] p) => Numerical.HestonCall(p[0], p[1], p[2], p[3], p[4], p[5], p[6], T, Strike, _z, Paths);

    private double[] Gradient(out double price)
    {
        double[] p = Point;
        price = Numerical.HestonCallGradient(p[0], p[1], p[2], p[3], p[4], p[5], p[6], T, Strike, _z, Paths, out double a, out double b, out double c, out double d, out double e, out double f, out double g);
        return new[] { a, b, c, d, e, f, g };
    }

    private double[] Bumped()
    {
        var greeks = new double[Point.Length];
        for (int k = 0; k < Point.Length; k++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(Point[k]));
            double[] up = (double[])Point.Clone(), down = (double[])Point.Clone();
            up[k] += h;
            down[k] -= h;
            greeks[k] = (Price(up) - Price(down)) / (2 * h);
        }

        return greeks;
    }

    private double[] Torch(out double price)
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor[] q = Point.Select(v => tensor(v, float64, requires_grad: true)).ToArray();
        Tensor s0 = q[0], v0 = q[1], kappa = q[2], theta = q[3], xi = q[4], rho = q[5], r = q[6];
        double dt = T / Steps, sqrtDt = Math.Sqrt(dt);
        Tensor rhoBar = sqrt(1 - rho * rho);
        Tensor x = log(s0).expand(Paths);
        Tensor v = v0.expand(Paths);
        for (int j = 0; j < Steps; j++)
        {
            Tensor z1 = _tz1!.select(1, j), z2 = _tz2!.select(1, j);
            Tensor vp = clamp_min(v, 0);
            Tensor sq = sqrt(vp);
            x = x + (r - 0.5 * vp) * dt + sq * sqrtDt * z1;
            v = v + kappa * (theta - vp) * dt + xi * sq * sqrtDt * (rho * z1 + rhoBar * z2);
        }

        Tensor value = exp(-r * T) * nn.functional.relu(exp(x) - Strike).mean();
        value.backward();
        price = value.item<double>();
        return q.Select(t => t.grad!.item<double>()).ToArray();
    }
}
