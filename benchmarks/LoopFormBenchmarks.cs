using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NetGen.CompilerServices;
using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Baseline;

namespace NetGen.Benchmarks;

/// <summary>16-32(tanh)-32(tanh)-4, written in the loop form.</summary>
[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(4)]
public partial class Net16x32x32x4Loops : IBenchmarkNetwork
{
}

/// <summary>16-32(tanh)-32(tanh)-4 in float.</summary>
[Network(16, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(4)]
public partial class Net16x32x32x4Float
{
}

/// <summary>784-128(ReLU)-10 softmax in float.</summary>
[Network(784, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Dense(128, Activation.ReLU)]
[Dense(10)]
public partial class Net784x128x10Float
{
}

/// <summary>
/// The loop form's batch gradient: today's generated code (blocks of rows, each layer a
/// register-tiled product) against the loop form as generated before (per-row kernels, frozen in
/// benchmarks/Baseline) and TorchSharp-cpu on one thread, all float64, every one checked against the
/// others in setup. Fresh random rows.
/// </summary>
[MemoryDiagnoser]
public class LoopFormBenchmarks
{
    private IBenchmarkNetwork _generated = null!;
    private IBenchmarkNetwork _baseline = null!;
    private TorchNetwork? _torch;
    private double[] _x = Array.Empty<double>();
    private double[] _t = Array.Empty<double>();
    private double[] _gradient = Array.Empty<double>();
    private INetwork<float> _float = null!;
    private float[] _xf = Array.Empty<float>();
    private float[] _tf = Array.Empty<float>();
    private float[] _gradientF = Array.Empty<float>();

    [Params("16-32-32-4 @1024", "784-128-10 @256")]
    public string Case { get; set; } = "16-32-32-4 @1024";

    /// <summary>Floating-point operations of one batch gradient: 2 per multiply-add, forward (x·W) and backward (Xᵀ·∂U, and ∂U·Wᵀ below the first layer).</summary>
    public static double Flops(string shape, int batch) => shape.StartsWith("16-", StringComparison.Ordinal)
        ? 2.0 * batch * ((16 * 32 * 2) + (32 * 32 * 3) + (32 * 4 * 3))
        : 2.0 * batch * ((784 * 128 * 2) + (128 * 10 * 3));

    [GlobalSetup]
    public void Setup()
    {
        bool small = Case.StartsWith("16-", StringComparison.Ordinal);
        int batch = small ? 1024 : 256;
        (int inputs, (int, Activation)[] layers, Loss loss) = small
            ? (16, new[] { (32, Activation.Tanh), (32, Activation.Tanh), (4, Activation.Identity) }, Loss.HalfSquaredError)
            : (784, new[] { (128, Activation.ReLU), (10, Activation.Identity) }, Loss.SoftmaxCrossEntropy);
        _generated = small ? new Net16x32x32x4Loops() : new Net784x128x10();
        _baseline = small ? new Baseline16x32x32x4() : new Baseline784x128x10();
        double[] parameters = Data.RandomParameters(_generated.Parameters.Length, 8, 0.2);
        parameters.CopyTo(_generated.Parameters);
        parameters.CopyTo(_baseline.Parameters);
        (_x, _t) = Data.Random(batch, inputs, layers[^1].Item1, loss == Loss.SoftmaxCrossEntropy, seed: 13);
        _gradient = new double[parameters.Length];
        double[] expected = new double[parameters.Length];
        double expectedLoss = _generated.Gradient(_x, _t, expected);
        Data.Check("the baseline loop form", expectedLoss, expected, _baseline.Gradient(_x, _t, _gradient), _gradient);

        // The float network: the same parameters and rows rounded to float, its gradient within 1e-3 of the double one.
        _float = small ? new Net16x32x32x4Float() : new Net784x128x10Float();
        for (int i = 0; i < parameters.Length; i++)
        {
            _float.Parameters[i] = (float)parameters[i];
        }

        _xf = Array.ConvertAll(_x, v => (float)v);
        _tf = Array.ConvertAll(_t, v => (float)v);
        _gradientF = new float[parameters.Length];
        float lossF = _float.Gradient(_xf, _tf, _gradientF);
        double scale = Math.Max(1, Math.Abs(expectedLoss));
        for (int i = 0; i < parameters.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            if (Math.Abs(_gradientF[i] - expected[i]) > 1e-3 * scale || Math.Abs(lossF - expectedLoss) > 1e-3 * scale)
            {
                throw new InvalidOperationException("The float network disagrees with the double one.");
            }
        }
    }

    [GlobalSetup(Target = nameof(TorchSharp))]
    public void SetupTorch()
    {
        Setup();
        bool small = Case.StartsWith("16-", StringComparison.Ordinal);
        _torch = small
            ? TorchNetwork.CreateChecked(1, 16, new[] { (32, Activation.Tanh), (32, Activation.Tanh), (4, Activation.Identity) }, Loss.HalfSquaredError, _generated, _x, _t)
            : TorchNetwork.CreateChecked(1, 784, new[] { (128, Activation.ReLU), (10, Activation.Identity) }, Loss.SoftmaxCrossEntropy, _generated, _x, _t);
    }

    [Benchmark(Baseline = true, Description = "loop form before (per row)")]
    public double Before() => _baseline.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "loop form now (blocks × Gemm)")]
    public double Now() => _generated.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "loop form now, float")]
    public float NowFloat() => _float.Gradient(_xf, _tf, _gradientF);

    [Benchmark(Description = "TorchSharp, 1 thread")]
    public double TorchSharp() => _torch!.Gradient(_x, _t, _gradient);
}

/// <summary>
/// The machine's fp64 peak on one core: ten independent chains of 512-bit fused multiply-adds
/// (16 flops each), 10⁷ steps, so that neither latency nor memory limits them.
/// </summary>
public class PeakBenchmarks
{
    public const int Steps = 10_000_000;

    /// <summary>Floating-point operations of one invocation.</summary>
    public const double Flops = 10.0 * 16 * Steps;

    [Benchmark(Description = "fp64 FMA chains (1.6 GFLOP per call)")]
    public double FmaChains() => Chains(Steps, Vector512.Create(0.999999), Vector512.Create(1e-9)).ToScalar();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> Chains(int steps, Vector512<double> x, Vector512<double> y)
    {
        Vector512<double> a0 = x, a1 = x + y, a2 = a1 + y, a3 = a2 + y, a4 = a3 + y, a5 = a4 + y, a6 = a5 + y, a7 = a6 + y, a8 = a7 + y, a9 = a8 + y;
        for (int i = 0; i < steps; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y);
            a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y);
            a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y);
            a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y);
            a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y);
            a9 = Vector512.FusedMultiplyAdd(a9, x, y);
        }

        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;
    }
}
