using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// The assignment's 2-3-1 ReLU batch gradient (all 13 parameter gradients and L) at batch 1, 4
/// (the assignment's data), 1024 and 65,536 (random rows, fresh for each batch size), by each
/// implementation. Every implementation is checked against the assignment's answers (batch 4) and
/// the generated code before it is timed; the float network against the double one (1e-4).
/// </summary>
[MemoryDiagnoser]
public class AssignmentBenchmarks
{
    private readonly AssignmentNet _generated = new();
    private readonly HandWrittenAssignmentNet _hand = new();
    private readonly LoopNetwork _loops = new(2, new[] { (3, Activation.ReLU), (1, Activation.Identity) }, Loss.HalfSquaredError);
    private readonly FloatAssignmentNet _float = new();
    private readonly double[] _gradient = new double[13];
    private readonly float[] _gradientF = new float[13];
    private float[] _xF = Array.Empty<float>();
    private float[] _tF = Array.Empty<float>();
    private TorchNetwork? _torch;
    private double[] _x = Array.Empty<double>();
    private double[] _t = Array.Empty<double>();

    [Params(1, 4, 1024, 65536)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_x, _t) = Data.Assignment(Batch);
        Data.AssignmentParameters.CopyTo(_generated.Parameters);
        Data.AssignmentParameters.CopyTo(_hand.Parameters, 0);
        Data.AssignmentParameters.CopyTo(_loops.Parameters, 0);
        double[] expected = new double[13];
        double loss = _generated.Gradient(_x, _t, expected);
        if (Batch == 4 && Math.Round(loss, 5) != 2.38554)
        {
            throw new InvalidOperationException("the generated gradient does not reproduce the assignment");
        }

        Data.Check("hand-written", loss, expected, _hand.Gradient(_x, _t, _gradient), _gradient);
        Data.Check("loops", loss, expected, _loops.Gradient(_x, _t, _gradient), _gradient);
        _xF = Array.ConvertAll(_x, v => (float)v);
        _tF = Array.ConvertAll(_t, v => (float)v);
        for (int i = 0; i < 13; i++)
        {
            _float.Parameters[i] = (float)Data.AssignmentParameters[i];
        }

        float lossF = _float.Gradient(_xF, _tF, _gradientF);
        double scale = Math.Max(1, Math.Abs(loss));
        for (int i = 0; i < 13; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        if (Math.Abs(lossF - loss) > 1e-4 * scale || !Close(expected, _gradientF, scale))
        {
            throw new InvalidOperationException("the float network's gradient differs from the double network's");
        }
    }

    private static bool Close(double[] expected, float[] actual, double scale)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > 1e-4 * scale)
            {
                return false;
            }
        }

        return true;
    }

    [GlobalSetup(Target = nameof(TorchOneThread))]
    public void SetupTorchOneThread() => SetupTorch(threads: 1);

    [GlobalSetup(Target = nameof(TorchDefaultThreads))]
    public void SetupTorchDefaultThreads() => SetupTorch(threads: 0);

    private void SetupTorch(int threads)
    {
        Setup();
        _torch = TorchNetwork.CreateChecked(threads, 2, new[] { (3, Activation.ReLU), (1, Activation.Identity) }, Loss.HalfSquaredError, _generated, _x, _t);
    }

    [GlobalCleanup]
    public void Cleanup() => _torch?.Dispose();

    [Benchmark(Baseline = true, Description = "hand-written straight-line")]
    public double HandWritten() => _hand.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "NetGen generated")]
    public double Generated() => _generated.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "NetGen generated, float")]
    public float GeneratedFloat() => _float.Gradient(_xF, _tF, _gradientF);

    [Benchmark(Description = "idiomatic loops")]
    public double Loops() => _loops.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "TorchSharp, 1 thread")]
    public double TorchOneThread() => _torch!.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "TorchSharp, default threads")]
    public double TorchDefaultThreads() => _torch!.Gradient(_x, _t, _gradient);
}
