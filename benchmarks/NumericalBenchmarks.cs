using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks;

/// <summary>
/// The gradient of 10,000 explicit Euler steps of the Lorenz system in a stack array (a call per
/// step, the state written in place) next to the integration itself and TorchSharp autograd.
/// </summary>
[MemoryDiagnoser]
public class LorenzBenchmarks
{
    private const int Steps = 10_000;
    private const double Dt = 0.001;
    private readonly double[] _u0 = { 1, 1, 1 };
    private readonly double[] _dU0 = new double[3];

    [GlobalSetup(Target = nameof(TorchSharpAutograd))]
    public void SetupTorch()
    {
        TorchNetwork.UseOneThread();
        double[] generated = Gradient();
        Normals.Agree("TorchSharp", generated, Torch(out _), 1e-9);
    }

    [Benchmark(Baseline = true, Description = "the integration (the method itself)")]
    public double Integration() => Numerical.Lorenz(_u0, 10, 28, 8.0 / 3, Dt, Steps);

    [Benchmark(Description = "generated LorenzGradient (3 initial values + σ, ρ, β)")]
    public double GeneratedGradient() => Numerical.LorenzGradient(_u0, 10, 28, 8.0 / 3, Dt, Steps, _dU0, out _, out _, out _);

    [Benchmark(Description = "TorchSharp autograd, 1 thread")]
    public double TorchSharpAutograd() => Torch(out double value)[0] + value;

    private double[] Gradient()
    {
        Numerical.LorenzGradient(_u0, 10, 28, 8.0 / 3, Dt, Steps, _dU0, out double ds, out double dr, out double db);
        return _dU0.Concat(new[] { ds, dr, db }).ToArray();
    }

    private double[] Torch(out double value)
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor u0 = tensor(_u0, float64, requires_grad: true);
        Tensor sigma = tensor(10.0, float64, requires_grad: true), rho = tensor(28.0, float64, requires_grad: true), beta = tensor(8.0 / 3, float64, requires_grad: true);
        Tensor x = u0[0], y = u0[1], z = u0[2];
        for (int k = 0; k < Steps; k++)
        {
            Tensor dx = sigma * (y - x), dy = x * (rho - z) - y, dz = x * y - beta * z;
            x = x + Dt * dx;
            y = y + Dt * dy;
            z = z + Dt * dz;
        }

        Tensor result = x + y + z;
        result.backward();
        value = result.item<double>();
        return u0.grad!.data<double>().ToArray().Concat(new[] { sigma.grad!.item<double>(), rho.grad!.item<double>(), beta.grad!.item<double>() }).ToArray();
    }
}

/// <summary>
/// Logistic regression over 100,000 rows × 16 features written with nested loops and calls
/// (<c>Logistic(Dot(w, x, i * d))</c>): the generated gradient and Hessian (16 × 16) next to the loss
/// itself and TorchSharp autograd (the same loss on tensors, one thread).
/// </summary>
[MemoryDiagnoser]
public class LogisticRegressionBenchmarks
{
    private const int Rows = 100_000, Features = 16;
    private double[] _x = Array.Empty<double>(), _y = Array.Empty<double>(), _w = Array.Empty<double>();
    private readonly double[] _dw = new double[Features], _gradient = new double[Features], _hessian = new double[Features * Features];
    private Tensor? _tx, _ty;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(16);
        _x = Enumerable.Range(0, Rows * Features).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        _w = Enumerable.Range(0, Features).Select(_ => random.NextDouble() - 0.5).ToArray();
        _y = Enumerable.Range(0, Rows).Select(i => random.NextDouble() < 1 / (1 + Math.Exp(-_x.Skip(i * Features).Take(Features).Sum())) ? 1.0 : 0.0).ToArray();
    }

    [GlobalSetup(Target = nameof(TorchSharpAutograd))]
    public void SetupTorch()
    {
        Setup();
        TorchNetwork.UseOneThread();
        _tx = tensor(_x, new long[] { Rows, Features }, float64);
        _ty = tensor(_y, float64);
        Numerical.LogisticLossGradient(_w, _x, _y, _dw);
        Normals.Agree("TorchSharp", _dw, Torch(out _), 1e-9);
    }

    [Benchmark(Baseline = true, Description = "the loss (the method itself)")]
    public double Loss() => Numerical.LogisticLoss(_w, _x, _y);

    [Benchmark(Description = "generated LogisticLossGradient")]
    public double GeneratedGradient() => Numerical.LogisticLossGradient(_w, _x, _y, _dw);

    [Benchmark(Description = "generated LogisticLossHessian (16 × 16)")]
    public double GeneratedHessian() => Numerical.LogisticLossHessian(_w, _x, _y, _gradient, _hessian);

    [Benchmark(Description = "TorchSharp autograd (gradient), 1 thread")]
    public double TorchSharpAutograd() => Torch(out double loss)[0] + loss;

    private double[] Torch(out double loss)
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor w = tensor(_w, float64, requires_grad: true);
        Tensor p = sigmoid(_tx!.matmul(w));
        Tensor value = -(_ty! * log(p) + (1 - _ty!) * log(1 - p)).sum();
        value.backward();
        loss = value.item<double>();
        return w.grad!.data<double>().ToArray();
    }
}

/// <summary>
/// Forward and reverse mode of a 2,000-joint planar arm next to the arm itself, and whole Jacobians of
/// a 10 → 10 and a 3 → 100 map next to as many evaluations as the Jacobian has columns and next to
/// TorchSharp (one backward pass per output row: TorchSharp 0.107 has no torch.autograd.functional.jacobian).
/// </summary>
[MemoryDiagnoser]
public class JacobianBenchmarks
{
    private const int Joints = 2_000;
    private double[] _angle = Array.Empty<double>(), _length = Array.Empty<double>(), _tangent = Array.Empty<double>(), _dAngle = Array.Empty<double>();
    private readonly double[] _position = new double[2], _tPosition = new double[2], _cotangent = { 0.3, -0.8 };
    private double[] _x10 = Array.Empty<double>(), _w10 = Array.Empty<double>(), _y10 = new double[10], _j10 = new double[100];
    private readonly double[] _p3 = { 1.2, 0.4, 2.5 }, _y100 = new double[100], _j100 = new double[300];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(23);
        _angle = Enumerable.Range(0, Joints).Select(_ => random.NextDouble() * 0.01).ToArray();
        _length = Enumerable.Range(0, Joints).Select(_ => 0.5 + random.NextDouble()).ToArray();
        _tangent = Enumerable.Range(0, Joints).Select(_ => random.NextDouble() - 0.5).ToArray();
        _dAngle = new double[Joints];
        _x10 = Enumerable.Range(0, 10).Select(_ => random.NextDouble() - 0.5).ToArray();
        _w10 = Enumerable.Range(0, 100).Select(_ => random.NextDouble() - 0.5).ToArray();
    }

    [GlobalSetup(Targets = new[] { nameof(TorchSharpJacobian10x10), nameof(TorchSharpJacobian100x3) })]
    public void SetupTorch()
    {
        Setup();
        TorchNetwork.UseOneThread();
        Numerical.Mix10Jacobian(_x10, _w10, _y10, _j10);
        Normals.Agree("TorchSharp 10 × 10", _j10, TorchJacobian(x => tanh(tensor(_w10, new long[] { 10, 10 }, float64).matmul(x)), _x10, 10), 1e-12);
        Numerical.TrajectoryJacobian(_p3, _y100, _j100);
        Normals.Agree("TorchSharp 100 × 3", _j100, TorchJacobian(Trajectory, _p3, 100), 1e-12);
    }

    [Benchmark(Baseline = true, Description = "arm, 2,000 joints (the method itself)")]
    public double Arm()
    {
        Numerical.Arm(_angle, _length, _position);
        return _position[0];
    }

    [Benchmark(Description = "generated ArmJvp")]
    public double ArmJvp()
    {
        Numerical.ArmJvp(_angle, _length, _position, _tangent, _tPosition);
        return _tPosition[0];
    }

    [Benchmark(Description = "generated ArmVjp")]
    public double ArmVjp()
    {
        Numerical.ArmVjp(_angle, _length, _position, _cotangent, _dAngle);
        return _dAngle[0];
    }

    [Benchmark(Description = "10 → 10: ten evaluations")]
    public double Evaluations10x10()
    {
        for (int k = 0; k < 10; k++)
        {
            Numerical.Mix10(_x10, _w10, _y10);
        }

        return _y10[0];
    }

    [Benchmark(Description = "10 → 10: generated Mix10Jacobian")]
    public double Jacobian10x10()
    {
        Numerical.Mix10Jacobian(_x10, _w10, _y10, _j10);
        return _j10[0];
    }

    [Benchmark(Description = "10 → 10: TorchSharp, 10 backward passes, 1 thread")]
    public double TorchSharpJacobian10x10() => TorchJacobian(x => tanh(tensor(_w10, new long[] { 10, 10 }, float64).matmul(x)), _x10, 10)[0];

    [Benchmark(Description = "3 → 100: three evaluations")]
    public double Evaluations100x3()
    {
        for (int k = 0; k < 3; k++)
        {
            Numerical.Trajectory(_p3, _y100);
        }

        return _y100[0];
    }

    [Benchmark(Description = "3 → 100: generated TrajectoryJacobian")]
    public double Jacobian100x3()
    {
        Numerical.TrajectoryJacobian(_p3, _y100, _j100);
        return _j100[0];
    }

    [Benchmark(Description = "3 → 100: TorchSharp, 100 backward passes, 1 thread")]
    public double TorchSharpJacobian100x3() => TorchJacobian(Trajectory, _p3, 100)[0];

    private static Tensor Trajectory(Tensor p)
    {
        Tensor t = arange(100, float64) * 0.05;
        return p[0] * exp(-p[1] * t) * cos(p[2] * t);
    }

    /// <summary>Row by row: one backward pass per output, as torch.autograd.functional.jacobian does without vectorize.</summary>
    private static double[] TorchJacobian(Func<Tensor, Tensor> f, double[] at, int outputs)
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(at, float64, requires_grad: true);
        Tensor y = f(x);
        var jacobian = new double[outputs * at.Length];
        for (int i = 0; i < outputs; i++)
        {
            Tensor row = torch.autograd.grad(new[] { y[i] }, new[] { x }, retain_graph: true)[0];
            row.data<double>().ToArray().CopyTo(jacobian, i * at.Length);
        }

        return jacobian;
    }
}
