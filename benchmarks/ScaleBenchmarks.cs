using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// How the batch gradient (batch 32) grows with size, for the same shape written straight-line
/// and with loops, beside idiomatic loops: where the loop form should take over.
/// </summary>
[MemoryDiagnoser]
public class ScaleBenchmarks
{
    private IBenchmarkNetwork? _straight;
    private IBenchmarkNetwork? _loopForm;
    private LoopNetwork? _idiomatic;
    private double[] _x = Array.Empty<double>();
    private double[] _t = Array.Empty<double>();
    private double[] _gradient = Array.Empty<double>();

    [Params("2-3-1", "4-5-1", "4-5(ReLU)-1", "4-8-2", "6-12-3", "8-16-4", "12-24-6", "16-32-8", "24-48-8", "32-64-10", "64-128-10", "784-128-10")]
    public string Shape { get; set; } = "2-3-1";

    [GlobalSetup]
    public void Setup()
    {
        (int inputs, (int, Activation)[] layers, Loss loss, double[] parameters) = Shape switch
        {
            "2-3-1" => Bind(new AssignmentNet(), new Net2x3x1Loops(), 2, new[] { (3, Activation.ReLU), (1, Activation.Identity) }, Loss.HalfSquaredError),
            "4-5-1" => Bind(new Net4x5x1Straight(), new Net4x5x1Loops(), 4, new[] { (5, Activation.Tanh), (1, Activation.Identity) }, Loss.HalfSquaredError),
            "4-5(ReLU)-1" => Bind(new Net4x5x1ReluStraight(), new Net4x5x1ReluLoops(), 4, new[] { (5, Activation.ReLU), (1, Activation.Identity) }, Loss.HalfSquaredError),
            "4-8-2" => Bind(new Net4x8x2Straight(), new Net4x8x2Loops(), 4, new[] { (8, Activation.Tanh), (2, Activation.Identity) }, Loss.HalfSquaredError),
            "6-12-3" => Bind(new Net6x12x3Straight(), new Net6x12x3Loops(), 6, new[] { (12, Activation.Tanh), (3, Activation.Identity) }, Loss.HalfSquaredError),
            "8-16-4" => Bind(new Net8x16x4Straight(), new Net8x16x4Loops(), 8, new[] { (16, Activation.Tanh), (4, Activation.Identity) }, Loss.HalfSquaredError),
            "12-24-6" => Bind(new Net12x24x6Straight(), new Net12x24x6Loops(), 12, new[] { (24, Activation.Tanh), (6, Activation.Identity) }, Loss.HalfSquaredError),
            "16-32-8" => Bind(new Net16x32x8Straight(), new Net16x32x8Loops(), 16, new[] { (32, Activation.Tanh), (8, Activation.Identity) }, Loss.HalfSquaredError),
            "24-48-8" => Bind(new Net24x48x8Straight(), new Net24x48x8Loops(), 24, new[] { (48, Activation.Tanh), (8, Activation.Identity) }, Loss.HalfSquaredError),
            "32-64-10" => Bind(new Net32x64x10Straight(), new Net32x64x10Loops(), 32, new[] { (64, Activation.Tanh), (10, Activation.Identity) }, Loss.HalfSquaredError),
            // Straight-line is over its ceiling (NETGEN009) from here on: its measured figures stay in the README.
            "64-128-10" => Bind(null, new Net64x128x10Loops(), 64, new[] { (128, Activation.Tanh), (10, Activation.Identity) }, Loss.HalfSquaredError),
            _ => Bind(null, new Net784x128x10(), 784, new[] { (128, Activation.ReLU), (10, Activation.Identity) }, Loss.SoftmaxCrossEntropy),
        };
        _idiomatic = new LoopNetwork(inputs, layers, loss);
        parameters.CopyTo(_idiomatic.Parameters, 0);
        int outputs = layers[^1].Item1;
        (_x, _t) = Data.Random(32, inputs, outputs, loss == Loss.SoftmaxCrossEntropy, seed: 9);
        _gradient = new double[parameters.Length];
        double[] expected = new double[parameters.Length];
        double expectedLoss = _loopForm!.Gradient(_x, _t, expected);
        Data.Check("idiomatic loops", expectedLoss, expected, _idiomatic.Gradient(_x, _t, _gradient), _gradient);
        if (_straight is not null)
        {
            Data.Check("straight-line", expectedLoss, expected, _straight.Gradient(_x, _t, _gradient), _gradient);
        }
    }

    private (int, (int, Activation)[], Loss, double[]) Bind(IBenchmarkNetwork? straight, IBenchmarkNetwork loops, int inputs, (int, Activation)[] layers, Loss loss)
    {
        double[] parameters = Data.RandomParameters(loops.Parameters.Length, 8, 0.2);
        parameters.CopyTo(loops.Parameters);
        straight?.Parameters.Clear();
        if (straight is not null)
        {
            parameters.CopyTo(straight.Parameters);
        }

        _loopForm = loops;
        _straight = straight;
        return (inputs, layers, loss, parameters);
    }

    [Benchmark(Baseline = true, Description = "NetGen loop form")]
    public double LoopForm() => _loopForm!.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "NetGen straight-line form")]
    public double StraightLine() => _straight is null ? double.NaN : _straight.Gradient(_x, _t, _gradient);

    [Benchmark(Description = "idiomatic loops")]
    public double Idiomatic() => _idiomatic!.Gradient(_x, _t, _gradient);
}
