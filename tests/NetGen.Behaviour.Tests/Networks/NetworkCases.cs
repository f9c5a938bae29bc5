using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tests.Networks.FileScoped;

namespace NetGen.Tests.Networks;

/// <summary>A generated network and its shape, written out again independently for the reference.</summary>
public sealed record NetworkCase(string Name, Func<IGeneratedNetwork> Create, int Inputs, (int Units, Activation Activation)[] Layers, Loss Loss)
{
    public int Outputs => Layers.Length == 0 ? Inputs : Layers[^1].Units;

    public int ParameterCount
    {
        get
        {
            int inputs = Inputs, count = 0;
            foreach (var (units, _) in Layers)
            {
                count += inputs * units + units;
                inputs = units;
            }

            return count;
        }
    }

    public override string ToString() => Name;

    public static readonly NetworkCase[] All =
    {
        new("AssignmentNet", () => new AssignmentNet(), 2, new[] { (3, Activation.ReLU), (1, Activation.Identity) }, Loss.HalfSquaredError),
        new("Identity1", () => new Identity1(), 3, new[] { (2, Activation.Identity) }, Loss.HalfSquaredError),
        new("Sigmoid2", () => new Sigmoid2(), 2, new[] { (4, Activation.Sigmoid), (2, Activation.Tanh) }, Loss.HalfSquaredError),
        new("Tanh3", () => new Tanh3(), 3, new[] { (3, Activation.Tanh), (3, Activation.ReLU), (2, Activation.Sigmoid) }, Loss.HalfSquaredError),
        new("Mixed4", () => new Mixed4(), 2, new[] { (3, Activation.ReLU), (4, Activation.Sigmoid), (3, Activation.Tanh), (2, Activation.Identity) }, Loss.HalfSquaredError),
        new("WideLoops", () => new WideLoops(), 8, new[] { (24, Activation.Tanh), (12, Activation.ReLU), (3, Activation.Sigmoid) }, Loss.HalfSquaredError),
        new("NoLayers", () => new NoLayers(), 3, Array.Empty<(int, Activation)>(), Loss.HalfSquaredError),
        new("NestedNet", () => new Outer.Middle.NestedNet(), 2, new[] { (2, Activation.Tanh), (2, Activation.Identity) }, Loss.HalfSquaredError),
        new("GlobalNet", () => new GlobalNet(), 1, new[] { (2, Activation.Sigmoid), (1, Activation.Identity) }, Loss.HalfSquaredError),
        new("SoftmaxAlone", () => new SoftmaxAlone(), 3, Array.Empty<(int, Activation)>(), Loss.SoftmaxCrossEntropy),
        new("Softmax1", () => new Softmax1(), 3, new[] { (4, Activation.Identity) }, Loss.SoftmaxCrossEntropy),
        new("Softmax2", () => new Softmax2(), 4, new[] { (5, Activation.ReLU), (3, Activation.Identity) }, Loss.SoftmaxCrossEntropy),
        new("Softmax3", () => new Softmax3(), 2, new[] { (3, Activation.Tanh), (3, Activation.Sigmoid), (4, Activation.Identity) }, Loss.SoftmaxCrossEntropy),
        new("SoftmaxLoops", () => new SoftmaxLoops(), 10, new[] { (32, Activation.ReLU), (5, Activation.Identity) }, Loss.SoftmaxCrossEntropy),
        new("AssignmentLoops", () => new AssignmentLoops(), 2, new[] { (3, Activation.ReLU), (1, Activation.Identity) }, Loss.HalfSquaredError),
        new("WideStraight", () => new WideStraight(), 8, new[] { (24, Activation.Tanh), (12, Activation.ReLU), (3, Activation.Sigmoid) }, Loss.HalfSquaredError),
        new("SoftmaxAloneLoops", () => new SoftmaxAloneLoops(), 3, Array.Empty<(int, Activation)>(), Loss.SoftmaxCrossEntropy),
        new("NoLayersLoops", () => new NoLayersLoops(), 3, Array.Empty<(int, Activation)>(), Loss.HalfSquaredError),
        new("FileScopedNet", () => new FileScopedNet(), 2, new[] { (2, Activation.ReLU), (2, Activation.Identity) }, Loss.SoftmaxCrossEntropy),
    };

    public static IEnumerable<object[]> Data => All.Select(c => new object[] { c });

    public static IEnumerable<object[]> SoftmaxData => All.Where(c => c.Loss == Loss.SoftmaxCrossEntropy).Select(c => new object[] { c });

    /// <summary>A seeded random sample: parameters in ±1, inputs in ±2, targets per loss (soft, sum ≠ 1, for softmax).</summary>
    public (double[] X, double[] T) Sample(Random random)
    {
        double[] x = Enumerable.Range(0, Inputs).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        double[] t = Loss == Loss.SoftmaxCrossEntropy
            ? Enumerable.Range(0, Outputs).Select(_ => random.NextDouble()).ToArray()
            : Enumerable.Range(0, Outputs).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        return (x, t);
    }

    public IGeneratedNetwork CreateRandom(Random random)
    {
        IGeneratedNetwork net = Create();
        Span<double> p = net.Parameters;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = random.NextDouble() * 2 - 1;
        }

        return net;
    }
}
