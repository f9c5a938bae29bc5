using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// Issue 24: the cost of each activation, and of the layer extras, per row of a batch gradient next to
/// ReLU, in the two batch forms: lanes (3-3(f)-1, straight-line, rows in vector lanes) and blocks
/// (16-32(f)-32(f)-4, the loop form, products over blocks of rows). 1,024 rows; the extras are on
/// ReLU networks of the same shape (a layer norm after each hidden layer, dropout p = 0.1 after each,
/// or residual hidden layers).
/// </summary>
[MemoryDiagnoser]
public class ActivationBenchmarks
{
    private readonly Dictionary<string, INetwork> _networks = new();
    private double[] _x = Array.Empty<double>();
    private double[] _t = Array.Empty<double>();
    private double[] _gradient = new double[4096];

    [Params("Lanes", "Blocks")]
    public string Form { get; set; } = "Lanes";

    [GlobalSetup]
    public void Setup()
    {
        bool lanes = Form == "Lanes";
        foreach (string name in Names)
        {
            var net = (INetwork)Activator.CreateInstance(typeof(ActivationBenchmarks).Assembly.GetType("NetGen.Benchmarks.Act" + Form + name)!)!;
            Data.RandomParameters(net.ParameterCount, 4, 0.4).CopyTo(net.Parameters);
            _networks[name] = net;
        }

        (_x, _t) = Data.Random(1024, lanes ? 3 : 16, lanes ? 1 : 4, false, seed: 5);
    }

    private static readonly string[] Names = { "ReLU", "LeakyReLU", "ELU", "GELU", "SiLU", "Softplus", "Tanh", "LayerNorm", "Dropout", "Residual" };

    private double Run(string name)
    {
        INetwork net = _networks[name];
        return net.Gradient(_x, _t, _gradient.AsSpan(0, net.ParameterCount));
    }

    [Benchmark(Description = "ReLU", Baseline = true)]
    public double ReLU() => Run("ReLU");

    [Benchmark(Description = "LeakyReLU")]
    public double LeakyReLU() => Run("LeakyReLU");

    [Benchmark(Description = "ELU")]
    public double ELU() => Run("ELU");

    [Benchmark(Description = "GELU")]
    public double GELU() => Run("GELU");

    [Benchmark(Description = "SiLU")]
    public double SiLU() => Run("SiLU");

    [Benchmark(Description = "Softplus")]
    public double Softplus() => Run("Softplus");

    [Benchmark(Description = "Tanh")]
    public double Tanh() => Run("Tanh");

    [Benchmark(Description = "ReLU + LayerNorm")]
    public double LayerNorm() => Run("LayerNorm");

    [Benchmark(Description = "ReLU + Dropout(0.1)")]
    public double Dropout() => Run("Dropout");

    [Benchmark(Description = "ReLU, residual")]
    public double Residual() => Run("Residual");
}

[Network(3)]
[Dense(3, Activation.ReLU)]
[Dense(1)]
public partial class ActLanesReLU { }

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.ReLU)]
[Dense(32, Activation.ReLU)]
[Dense(4)]
public partial class ActBlocksReLU { }

[Network(3)]
[Dense(3, Activation.LeakyReLU)]
[Dense(1)]
public partial class ActLanesLeakyReLU { }

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.LeakyReLU)]
[Dense(32, Activation.LeakyReLU)]
[Dense(4)]
public partial class ActBlocksLeakyReLU { }

[Network(3)]
[Dense(3, Activation.ELU)]
[Dense(1)]
public partial class ActLanesELU { }

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.ELU)]
[Dense(32, Activation.ELU)]
[Dense(4)]
public partial class ActBlocksELU { }

[Network(3)]
[Dense(3, Activation.GELU)]
[Dense(1)]
public partial class ActLanesGELU { }

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.GELU)]
[Dense(32, Activation.GELU)]
[Dense(4)]
public partial class ActBlocksGELU { }

[Network(3)]
[Dense(3, Activation.SiLU)]
[Dense(1)]
public partial class ActLanesSiLU { }

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.SiLU)]
[Dense(32, Activation.SiLU)]
[Dense(4)]
public partial class ActBlocksSiLU { }

[Network(3)]
[Dense(3, Activation.Softplus)]
[Dense(1)]
public partial class ActLanesSoftplus { }

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.Softplus)]
[Dense(32, Activation.Softplus)]
[Dense(4)]
public partial class ActBlocksSoftplus { }

[Network(3)]
[Dense(3, Activation.Tanh)]
[Dense(1)]
public partial class ActLanesTanh { }

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(4)]
public partial class ActBlocksTanh { }

[Network(3)]
[Dense(3, Activation.ReLU)]
[LayerNorm]
[Dense(1)]
public partial class ActLanesLayerNorm { }

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.ReLU)]
[LayerNorm]
[Dense(32, Activation.ReLU)]
[LayerNorm]
[Dense(4)]
public partial class ActBlocksLayerNorm { }

[Network(3)]
[Dense(3, Activation.ReLU)]
[Dropout(0.1)]
[Dense(1)]
public partial class ActLanesDropout { }

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.ReLU)]
[Dropout(0.1)]
[Dense(32, Activation.ReLU)]
[Dropout(0.1)]
[Dense(4)]
public partial class ActBlocksDropout { }

[Network(3)]
[Dense(3, Activation.ReLU, Residual = true)]
[Dense(1)]
public partial class ActLanesResidual { }

[Network(16, Emit = EmitStyle.Loops)]
[Dense(32, Activation.ReLU)]
[Dense(32, Activation.ReLU, Residual = true)]
[Dense(4)]
public partial class ActBlocksResidual { }
