using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Google.Protobuf;
using Onnx;

namespace NetGen;

/// <summary>
/// How each activation is written in ONNX, in one place for the exporter and the importer (which
/// recognizes exactly what the exporter writes). One operator where ONNX Runtime 1.31 has a kernel for
/// the model's type; otherwise an exact decomposition into operators it has, in nodes named
/// <c>{activation}{layer}/…</c>:
/// LeakyReLU in double (ONNX's alpha attribute is a float32, 0.01f ≠ 0.01) as Where(u &gt; 0, u, 0.01·u);
/// ELU and softplus in double (no double kernels) with e^u − 1 and log(1 + v) written as Kahan's
/// corrected forms, as NetGen computes them; SiLU as u·Sigmoid(u); GELU in float as ½u(1 + Erf(u/√2)),
/// and in double (ONNX Runtime has no double Erf) as u·½·erfc(−u/√2) with erfc written out as a power series
/// (below 2.5) and a continued fraction (above), to double precision (operators ONNX has, unlike NetGen's fitted polynomials per interval).
/// </summary>
internal static class OnnxActivations
{
    /// <summary>Terms of the erf series a double GELU is written with (enough below |x| = 2.5 for double precision).</summary>
    private const int SeriesTerms = 64;

    /// <summary>Levels of the erfc continued fraction a double GELU is written with (enough from 2.5 on).</summary>
    private const int FractionTerms = 64;

    /// <summary>Appends the activation of layer <paramref name="index"/> to the graph, from <paramref name="input"/>; returns its output's name.</summary>
    public static string Add(GraphProto graph, Activation activation, string input, string index, TensorProto.Types.DataType type)
    {
        bool single = type == TensorProto.Types.DataType.Float;
        string output = "z" + index;
        var b = new Builder(graph, Prefix(activation) + index, type);
        switch (activation)
        {
            case Activation.Identity:
                return input;
            case Activation.ReLU or Activation.Sigmoid or Activation.Tanh:
                string op = activation == Activation.ReLU ? "Relu" : activation.ToString();
                b.Node(op, op.ToLowerInvariant() + index, output, input);
                return output;
            case Activation.LeakyReLU when single:
                b.Node("LeakyRelu", "leakyrelu" + index, output, input).Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 0.01f });
                return output;
            case Activation.LeakyReLU:
                b.Node("Where", null, output, b.Node("Greater", null, null, input, b.Constant("zero", 0)).Output[0], input, b.Node("Mul", null, null, input, b.Constant("slope", 0.01)).Output[0]);
                return output;
            case Activation.ELU when single:
                b.Node("Elu", "elu" + index, output, input).Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 1f });
                return output;
            case Activation.ELU:
            {
                // u > 0 ? u : expm1(u), expm1(u) = e == 1 ? u : (e − 1 == −1 ? −1 : (e − 1)·u / log e), e = exp(u).
                string e = b.Node("Exp", null, null, input).Output[0];
                string em1 = b.Node("Sub", null, null, e, b.Constant("one", 1)).Output[0];
                string kahan = b.Node("Div", null, null, b.Node("Mul", null, null, em1, input).Output[0], b.Node("Log", null, null, e).Output[0]).Output[0];
                string low = b.Node("Where", null, null, b.Node("Equal", null, null, em1, b.Constant("minus_one", -1)).Output[0], b.Constant("minus_one", -1), kahan).Output[0];
                string expm1 = b.Node("Where", null, null, b.Node("Equal", null, null, e, b.Constant("one", 1)).Output[0], input, low).Output[0];
                b.Node("Where", null, output, b.Node("Greater", null, null, input, b.Constant("zero", 0)).Output[0], input, expm1);
                return output;
            }

            case Activation.SiLU:
                b.Node("Mul", null, output, input, b.Node("Sigmoid", null, null, input).Output[0]);
                return output;
            case Activation.Softplus when single:
                b.Node("Softplus", "softplus" + index, output, input);
                return output;
            case Activation.Softplus:
            {
                // max(u, 0) + log1p(v), v = exp(−|u|), log1p(v) = w == 1 ? v : log(w)·v / (w − 1), w = 1 + v.
                string v = b.Node("Exp", null, null, b.Node("Neg", null, null, b.Node("Abs", null, null, input).Output[0]).Output[0]).Output[0];
                string w = b.Node("Add", null, null, b.Constant("one", 1), v).Output[0];
                string kahan = b.Node("Div", null, null, b.Node("Mul", null, null, b.Node("Log", null, null, w).Output[0], v).Output[0], b.Node("Sub", null, null, w, b.Constant("one", 1)).Output[0]).Output[0];
                string log1p = b.Node("Where", null, null, b.Node("Equal", null, null, w, b.Constant("one", 1)).Output[0], v, kahan).Output[0];
                b.Node("Add", null, output, b.Node("Max", null, null, input, b.Constant("zero", 0)).Output[0], log1p);
                return output;
            }

            case Activation.GELU when single:
            {
                string erf = b.Node("Erf", null, null, b.Node("Mul", null, null, input, b.Constant("one_over_sqrt2", 0.70710678118654752440)).Output[0]).Output[0];
                string half = b.Node("Mul", null, null, b.Node("Add", null, null, b.Constant("one", 1), erf).Output[0], b.Constant("half", 0.5)).Output[0];
                b.Node("Mul", null, output, input, half);
                return output;
            }

            case Activation.GELU:
            {
                // u·Φ(u), Φ(u) = ½·erfc(x), x = −u/√2, written out as NetGen computes erfc (no double Erf kernel exists):
                // for |x| < 2.5, 1 − sign(x)·erf(|x|) by the series 2/√π·e^(−a²)·a·(1 + y/3·(1 + y/5·(…))), y = 2a²;
                // from 2.5, the continued fraction e^(−a²)/(√π·(a + ½/(a + 1/(a + 3/2/(a + …))))) for erfc(|x|), and 2 − it below 0.
                string x = b.Node("Mul", null, null, input, b.Constant("minus_one_over_sqrt2", -0.70710678118654752440)).Output[0];
                string a = b.Node("Abs", null, null, x).Output[0];
                string gauss = b.Node("Exp", null, null, b.Node("Neg", null, null, b.Node("Mul", null, null, a, a).Output[0]).Output[0]).Output[0];
                string y = b.Node("Mul", null, null, b.Constant("two", 2), b.Node("Mul", null, null, a, a).Output[0]).Output[0];
                string h = b.Constant("one", 1);
                for (int n = SeriesTerms; n >= 1; n--)
                {
                    string scaled = b.Node("Mul", null, null, y, b.Constant("inverse_" + (2 * n + 1).ToString(CultureInfo.InvariantCulture), 1.0 / (2 * n + 1))).Output[0];
                    h = b.Node("Add", null, null, b.Constant("one", 1), b.Node("Mul", null, null, scaled, h).Output[0]).Output[0];
                }

                string erf = b.Node("Mul", null, null, b.Node("Mul", null, null, b.Constant("two_over_sqrt_pi", 1.1283791670955125739), gauss).Output[0], b.Node("Mul", null, null, a, h).Output[0]).Output[0];
                string small = b.Node("Sub", null, null, b.Constant("one", 1), b.Node("Mul", null, null, b.Node("Sign", null, null, x).Output[0], erf).Output[0]).Output[0];
                string f = a;
                for (int k = FractionTerms; k >= 1; k--)
                {
                    f = b.Node("Add", null, null, a, b.Node("Div", null, null, b.Constant("half_" + k.ToString(CultureInfo.InvariantCulture), 0.5 * k), f).Output[0]).Output[0];
                }

                string tail = b.Node("Div", null, null, gauss, b.Node("Mul", null, null, b.Constant("sqrt_pi", 1.7724538509055160273), f).Output[0]).Output[0];
                string large = b.Node("Where", null, null, b.Node("Less", null, null, x, b.Constant("zero", 0)).Output[0], b.Node("Sub", null, null, b.Constant("two", 2), tail).Output[0], tail).Output[0];
                string erfc = b.Node("Where", null, null, b.Node("Less", null, null, a, b.Constant("switch", 2.5)).Output[0], small, large).Output[0];
                b.Node("Mul", null, output, input, b.Node("Mul", null, null, b.Constant("half", 0.5), erfc).Output[0]);
                return output;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not a defined Activation.");
        }
    }

    /// <summary>
    /// Appends the layer norm of layer <paramref name="index"/> (γ and β in the initializers
    /// <c>Gamma{index}</c> and <c>Beta{index}</c>) from <paramref name="input"/>; returns its output's name.
    /// Float: one <c>LayerNormalization</c> (axis −1, epsilon 1e-5f). Double: written out as NetGen
    /// computes it, in nodes <c>norm{index}/…</c> — μ = ReduceMean(r), c = r − μ, σ² = ReduceMean(c·c),
    /// inv = 1/√(σ² + ε) with ε = 1e-5 a double constant, y = c·inv·γ + β — because the operator's epsilon
    /// is a float32 attribute and ONNX Runtime's double kernel differed from the exact result by up to 8e-11.
    /// </summary>
    public static string Norm(GraphProto graph, string input, string index, TensorProto.Types.DataType type)
    {
        string output = "n" + index, gamma = "Gamma" + index, beta = "Beta" + index;
        var b = new Builder(graph, "norm" + index, type);
        if (type == TensorProto.Types.DataType.Float)
        {
            NodeProto node = b.Node("LayerNormalization", "norm" + index, output, input, gamma, beta);
            node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = -1 });
            node.Attribute.Add(new AttributeProto { Name = "epsilon", Type = AttributeProto.Types.AttributeType.Float, F = 1e-5f });
            return output;
        }

        string Mean(string x)
        {
            NodeProto mean = b.Node("ReduceMean", null, null, x);
            var axes = new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints };
            axes.Ints.Add(-1);
            mean.Attribute.Add(axes);
            mean.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            return mean.Output[0];
        }

        string c = b.Node("Sub", null, null, input, Mean(input)).Output[0];
        string variance = Mean(b.Node("Mul", null, null, c, c).Output[0]);
        string deviation = b.Node("Sqrt", null, null, b.Node("Add", null, null, variance, b.Constant("epsilon", NetGen.CompilerServices.Layers.NormEpsilon)).Output[0]).Output[0];
        string inverse = b.Node("Div", null, null, b.Constant("one", 1), deviation).Output[0];
        string h = b.Node("Mul", null, null, c, inverse).Output[0];
        b.Node("Add", null, output, b.Node("Mul", null, null, h, gamma).Output[0], beta);
        return output;
    }

    /// <summary>Whether the nodes from <paramref name="start"/> are exactly the written-out layer norm of layer <paramref name="index"/>.</summary>
    public static (int Count, string Output)? MatchNorm(IReadOnlyList<NodeProto> nodes, int start, IReadOnlyDictionary<string, TensorProto> initializers, string input, string index, TensorProto.Types.DataType type) =>
        MatchWritten(nodes, start, initializers, graph => Norm(graph, input, index, type));

    /// <summary>The prefix of the nodes and constants of an activation's decomposition.</summary>
    public static string Prefix(Activation activation) => activation.ToString().ToLowerInvariant();

    /// <summary>The activations whose nodes the importer can meet, by prefix.</summary>
    public static readonly Activation[] Decomposable = { Activation.LeakyReLU, Activation.ELU, Activation.SiLU, Activation.Softplus, Activation.GELU };

    /// <summary>
    /// Whether <paramref name="nodes"/> from <paramref name="start"/> are exactly what <see cref="Add"/> writes
    /// for <paramref name="activation"/> of layer <paramref name="index"/> from <paramref name="input"/> (operators,
    /// wiring, attributes and constants); if so, how many nodes that is and the output's name.
    /// </summary>
    public static (int Count, string Output)? Match(IReadOnlyList<NodeProto> nodes, int start, IReadOnlyDictionary<string, TensorProto> initializers, Activation activation, string input, string index, TensorProto.Types.DataType type) =>
        MatchWritten(nodes, start, initializers, graph => Add(graph, activation, input, index, type));

    /// <summary>Whether the nodes from <paramref name="start"/> are exactly what <paramref name="write"/> writes (operators, wiring, attributes, constants).</summary>
    internal static (int Count, string Output)? MatchWritten(IReadOnlyList<NodeProto> nodes, int start, IReadOnlyDictionary<string, TensorProto> initializers, Func<GraphProto, string> write)
    {
        var expected = new GraphProto();
        string output;
        try
        {
            output = write(expected);
        }
        catch (NotSupportedException)
        {
            return null;
        }

        if (start + expected.Node.Count > nodes.Count)
        {
            return null;
        }

        for (int i = 0; i < expected.Node.Count; i++)
        {
            NodeProto actual = nodes[start + i], wanted = expected.Node[i];
            if (actual.OpType != wanted.OpType || !actual.Input.SequenceEqual(wanted.Input) || !actual.Output.SequenceEqual(wanted.Output) || !actual.Attribute.SequenceEqual(wanted.Attribute))
            {
                return null;
            }
        }

        foreach (TensorProto constant in expected.Initializer)
        {
            if (!initializers.TryGetValue(constant.Name, out TensorProto? present) || !present.Equals(constant))
            {
                return null;
            }
        }

        return (expected.Node.Count, output);
    }

    /// <summary>Writes nodes and scalar constants named after the activation's prefix and layer.</summary>
    internal sealed class Builder
    {
        private readonly GraphProto _graph;
        private readonly string _prefix;
        private readonly TensorProto.Types.DataType _type;
        private int _count;

        public Builder(GraphProto graph, string prefix, TensorProto.Types.DataType type)
        {
            _graph = graph;
            _prefix = prefix;
            _type = type;
        }

        public NodeProto Node(string op, string? name, string? output, params string[] inputs)
        {
            string id = (_count++).ToString(CultureInfo.InvariantCulture);
            var node = new NodeProto { OpType = op, Name = name ?? _prefix + "/" + op.ToLowerInvariant() + id };
            node.Input.AddRange(inputs);
            node.Output.Add(output ?? _prefix + "/t" + id);
            _graph.Node.Add(node);
            return node;
        }

        /// <summary>An int64 constant (shapes, pads, gather indices) of the given dimensions.</summary>
        public string Int64s(string name, long[] values, params long[] dims)
        {
            string full = _prefix + "/" + name;
            var tensor = new TensorProto { Name = full, DataType = (int)TensorProto.Types.DataType.Int64 };
            tensor.Dims.AddRange(dims);
            tensor.Int64Data.AddRange(values);
            _graph.Initializer.Add(tensor);
            return full;
        }

        /// <summary>A scalar constant of the model's type, once per name.</summary>
        public string Constant(string name, double value)
        {
            string full = _prefix + "/" + name;
            if (_graph.Initializer.All(t => t.Name != full))
            {
                var tensor = new TensorProto { Name = full, DataType = (int)_type };
                tensor.RawData = _type == TensorProto.Types.DataType.Float
                    ? ByteString.CopyFrom(BitConverter.GetBytes((float)value))
                    : ByteString.CopyFrom(BitConverter.GetBytes(value));
                _graph.Initializer.Add(tensor);
            }

            return full;
        }
    }
}
