using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Generator.Common;

using static NetGen.Generator.Common.EmitterCommon;

namespace NetGen.Generator.Functions.Legacy;

/// <summary>
/// Writes <c>NameHessian</c> for a <c>[Differentiable(Order = 2)]</c> method by forward-over-reverse
/// source transformation. The reverse sweep is first built as more nodes of the same graph: each
/// adjoint is an expression of the rules' partial derivatives, which <see cref="DerivativeRules"/>
/// gives as <see cref="Expr"/> trees. The whole graph (value and gradient) is then written once,
/// followed by a forward-mode (tangent) sweep over it for each parameter direction: the tangent of
/// the gradient along parameter k is row k of the Hessian.
/// </summary>
internal static class HessianEmitter
{
    public static string HessianName(string method) => method + "Hessian";

    public static void Write(FunctionSpec spec, SourceWriter w)
    {
        var graph = new Graph(spec);
        int[] gradient = graph.BuildAdjoints();
        List<NodeSpec> nodes = graph.Nodes;
        int[] differentiated = Enumerable.Range(0, spec.Parameters.Count).Where(p => spec.Parameters[p].Differentiated).ToArray();
        int n = differentiated.Length;

        // Which nodes vary with the parameters (and so have a tangent), and which are needed.
        bool[] varies = new bool[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            NodeSpec node = nodes[i];
            varies[i] = node.Kind switch
            {
                NodeKind.Parameter => spec.Parameters[node.Index].Differentiated,
                NodeKind.Constant or NodeKind.Integer or NodeKind.Condition => false,
                NodeKind.Select => varies[node.Operands[1]] || varies[node.Operands[2]],
                _ => node.Operands.Any(o => varies[o]),
            };
        }

        bool[] needed = new bool[nodes.Count];
        needed[spec.Result] = true;
        foreach (int g in gradient.Where(g => g >= 0))
        {
            needed[g] = true;
        }

        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            if (needed[i])
            {
                foreach (int o in nodes[i].Operands)
                {
                    needed[o] = true;
                }
            }
        }

        // Tangents are needed only for what the gradient depends on.
        bool[] tangentNeeded = new bool[nodes.Count];
        foreach (int g in gradient.Where(g => g >= 0))
        {
            tangentNeeded[g] = true;
        }

        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            if (tangentNeeded[i])
            {
                foreach (int o in nodes[i].Operands)
                {
                    tangentNeeded[o] = true;
                }
            }
        }

        var names = new FunctionEmitter.NameTable();
        string[] parameters = spec.Parameters.Select(p => names.Reserve(TypeSpecParser.Escape(p.Name))).ToArray();
        string gradientName = names.Reserve("gradient");
        string hessianName = names.Reserve("hessian");
        string k = names.Reserve("k");
        string[] value = new string[nodes.Count];
        int temp = 0;
        for (int i = 0; i < nodes.Count; i++)
        {
            NodeSpec node = nodes[i];
            value[i] = node.Kind switch
            {
                NodeKind.Constant => node.Value < 0 ? "(" + Literal(node.Value) + ")" : Literal(node.Value),
                NodeKind.Parameter => parameters[node.Index],
                NodeKind.Integer => "(" + node.Name + ")",
                NodeKind.Condition when node.Operands.Count == 0 => node.Name,
                NodeKind.Condition => needed[i] ? names.Reserve("c" + Int(temp++)) : string.Empty,
                _ when !needed[i] => string.Empty,
                _ when i >= graph.PrimalCount => names.Reserve("g" + Int(temp++)),
                _ => names.Reserve(node.LocalName is { } local ? TypeSpecParser.Escape(local) : "v" + Int(temp++)),
            };
        }

        string[] tangent = new string[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            tangent[i] = varies[i] && tangentNeeded[i] ? names.Reserve("t_" + value[i].TrimStart('@')) : string.Empty;
        }

        string signature = string.Join(", ", spec.Parameters.Select((p, i) => "double " + parameters[i])) +
                           ", global::System.Span<double> " + gradientName + ", global::System.Span<double> " + hessianName;
        string list = string.Join(", ", differentiated.Select(p => spec.Parameters[p].Name));
        w.Line(Invariant($"/// <summary>{spec.MethodName}, its gradient and its Hessian, by forward-over-reverse differentiation of its body.</summary>"));
        foreach (ParameterSpec parameter in spec.Parameters)
        {
            w.Line(Invariant($"/// <param name=\"{parameter.Name}\">The argument {parameter.Name}{(parameter.NoGradient ? " ([NoGradient]: not differentiated)" : string.Empty)}.</param>"));
        }

        w.Line(Invariant($"/// <param name=\"{gradientName}\">Receives ∂{spec.MethodName}/∂({list}); length {Int(n)}.</param>"));
        w.Line(Invariant($"/// <param name=\"{hessianName}\">Receives ∂²{spec.MethodName}/∂({list})², row-major and symmetric; length {Int(n * n)}.</param>"));
        w.Line(Invariant($"/// <returns>{spec.MethodName}({string.Join(", ", spec.Parameters.Select(p => p.Name))}).</returns>"));
        w.Open(Invariant($"{spec.Accessibility} static double {HessianName(spec.MethodName)}({signature})"));
        w.Line(Invariant($"{Guard}.Length(nameof({gradientName}), {gradientName}.Length, {Int(n)});"));
        w.Line(Invariant($"{Guard}.Length(nameof({hessianName}), {hessianName}.Length, {Int(n * n)});"));
        NoOverlap(w, hessianName, gradientName);

        w.Line("// the value, then the gradient as expressions of it (the reverse sweep of " + FunctionParser.GradientName(spec.MethodName) + ")");
        var aliases = new Dictionary<(int, int), string>();
        for (int i = 0; i < nodes.Count; i++)
        {
            NodeSpec node = nodes[i];
            if (needed[i] && node.Kind is NodeKind.Operation or NodeKind.Select || (needed[i] && node.Kind == NodeKind.Condition && node.Operands.Count > 0))
            {
                string[] operands = Operands(nodes, i, value, names, aliases, w);
                w.Line(FunctionEmitter.ValueStatement(node, operands, value[i]) + (i < graph.PrimalCount ? " // " + node.Source : string.Empty));
            }
        }

        w.Line(Invariant($"// tangents along parameter {k}: row {k} of the Hessian is the derivative of the gradient along it"));
        w.Open(Invariant($"for (int {k} = 0; {k} < {Int(n)}; {k}++)"));
        for (int i = 0; i < nodes.Count; i++)
        {
            NodeSpec node = nodes[i];
            if (tangent[i].Length == 0)
            {
                continue;
            }

            switch (node.Kind)
            {
                case NodeKind.Parameter:
                    w.Line(Invariant($"double {tangent[i]} = {k} == {Int(Array.IndexOf(differentiated, node.Index))} ? 1.0 : 0.0;"));
                    break;
                case NodeKind.Select:
                    string whenTrue = varies[node.Operands[1]] ? tangent[node.Operands[1]] : "0.0";
                    string whenFalse = varies[node.Operands[2]] ? tangent[node.Operands[2]] : "0.0";
                    w.Line(Invariant($"double {tangent[i]} = {value[node.Operands[0]]} ? {whenTrue} : {whenFalse};"));
                    break;
                case NodeKind.Operation:
                    DerivativeRule rule = DerivativeRules.Find(node.Name)!;
                    string[] operands = Operands(nodes, i, value, names, aliases, null);
                    var terms = new List<string>();
                    for (int j = 0; j < operands.Length; j++)
                    {
                        if (!varies[node.Operands[j]])
                        {
                            continue;
                        }

                        string partial = rule.Partial(j, operands, value[i]);
                        string t = tangent[node.Operands[j]];
                        terms.Add(partial switch
                        {
                            "0.0" => string.Empty,
                            "1.0" => t,
                            "-1.0" => "-" + t,
                            _ => t + " * " + (partial.Contains(" ") ? "(" + partial + ")" : partial),
                        });
                    }

                    terms.RemoveAll(t => t.Length == 0);
                    w.Line(Invariant($"double {tangent[i]} = {(terms.Count == 0 ? "0.0" : string.Join(" + ", terms).Replace("+ -", "- "))};"));
                    break;
            }
        }

        for (int j = 0; j < n; j++)
        {
            int g = gradient[differentiated[j]];
            w.Line(Invariant($"{hessianName}[{k} * {Int(n)} + {Int(j)}] = {(g >= 0 && varies[g] ? tangent[g] : "0.0")};"));
        }

        w.Close();
        if (n > 1)
        {
            string a = names.Reserve("i"), b = names.Reserve("j"), m = names.Reserve("mean");
            w.Line("// equal to rounding across the diagonal: make it exactly symmetric");
            w.Open(Invariant($"for (int {a} = 0; {a} < {Int(n)}; {a}++)"));
            w.Open(Invariant($"for (int {b} = {a} + 1; {b} < {Int(n)}; {b}++)"));
            w.Line(Invariant($"double {m} = 0.5 * ({hessianName}[{a} * {Int(n)} + {b}] + {hessianName}[{b} * {Int(n)} + {a}]);"));
            w.Line(Invariant($"{hessianName}[{a} * {Int(n)} + {b}] = {m};"));
            w.Line(Invariant($"{hessianName}[{b} * {Int(n)} + {a}] = {m};"));
            w.Close();
            w.Close();
        }

        for (int j = 0; j < n; j++)
        {
            int g = gradient[differentiated[j]];
            w.Line(Invariant($"{gradientName}[{Int(j)}] = {(g >= 0 ? value[g] : "0.0")};"));
        }

        w.Line(Invariant($"return {value[spec.Result]};"));
        w.Close();
    }

    /// <summary>Operand names, with an alias for a value an operation uses twice (declared on first use when <paramref name="w"/> is given).</summary>
    private static string[] Operands(List<NodeSpec> nodes, int i, string[] value, FunctionEmitter.NameTable names, Dictionary<(int, int), string> aliases, SourceWriter? w) =>
        FunctionEmitter.OperandNames(nodes, i, value, names, aliases, w is null ? null : (alias, of) => w.Line(Invariant($"double {alias} = {of};")));

    /// <summary>The function's graph, extended with the nodes of its reverse sweep.</summary>
    private sealed class Graph
    {
        private readonly FunctionSpec _spec;
        private readonly Dictionary<string, int> _unique = new(StringComparer.Ordinal);

        public Graph(FunctionSpec spec)
        {
            _spec = spec;
            Nodes = spec.Nodes.ToList();
            PrimalCount = Nodes.Count;
            for (int i = 0; i < Nodes.Count; i++)
            {
                _unique[Key(Nodes[i].Kind, Nodes[i].Name, Nodes[i].Value, Nodes[i].Index, Nodes[i].Operands)] = i;
            }
        }

        public List<NodeSpec> Nodes { get; }

        /// <summary>The number of nodes of the function itself; the rest compute its gradient.</summary>
        public int PrimalCount { get; }

        /// <summary>Builds adj_v for every node, in reverse order; returns each parameter's adjoint node (−1: zero).</summary>
        public int[] BuildAdjoints()
        {
            bool[] active = FunctionEmitter.Active(_spec);
            bool[] under = FunctionEmitter.UnderBranch(_spec);
            int[] adjoint = Enumerable.Repeat(-1, PrimalCount).ToArray();
            if (active[_spec.Result])
            {
                adjoint[_spec.Result] = Constant(1.0);
            }

            for (int i = PrimalCount - 1; i >= 0; i--)
            {
                NodeSpec node = Nodes[i];
                int adj = adjoint[i];
                if (adj < 0)
                {
                    continue;
                }

                if (node.Kind == NodeKind.Select)
                {
                    int condition = node.Operands[0], whenTrue = node.Operands[1], whenFalse = node.Operands[2];
                    if (whenTrue == whenFalse)
                    {
                        Accumulate(adjoint, active, whenTrue, adj);
                        continue;
                    }

                    Accumulate(adjoint, active, whenTrue, Add(NodeKind.Select, "?:", new[] { condition, adj, Constant(0.0) }));
                    Accumulate(adjoint, active, whenFalse, Add(NodeKind.Select, "?:", new[] { condition, Constant(0.0), adj }));
                    continue;
                }

                if (node.Kind != NodeKind.Operation)
                {
                    continue;
                }

                DerivativeRule rule = DerivativeRules.Find(node.Name)!;
                Expr[] operands = node.Operands.Select(Expr.Node).ToArray();
                for (int j = 0; j < operands.Length; j++)
                {
                    int operand = node.Operands[j];
                    if (!active[operand])
                    {
                        continue;
                    }

                    int partial = Build(rule.Partial(j, operands, Expr.Node(i)));
                    if (Nodes[partial] is { Kind: NodeKind.Constant, Value: 0.0 })
                    {
                        continue;
                    }

                    bool one = Nodes[adj] is { Kind: NodeKind.Constant, Value: 1.0 };
                    int contribution = Nodes[partial] is { Kind: NodeKind.Constant, Value: 1.0 } ? adj
                        : one ? partial
                        : Nodes[partial] is { Kind: NodeKind.Constant, Value: -1.0 } ? Add(NodeKind.Operation, DerivativeRules.Negate, new[] { adj })
                        : Add(NodeKind.Operation, DerivativeRules.Multiply, new[] { adj, partial });
                    if (under[i] && contribution != adj)
                    {
                        // As in the gradient: an adjoint of exactly 0 stays 0 whatever the partial is.
                        int isZero = Add(NodeKind.Condition, "==", new[] { adj, Constant(0.0) });
                        contribution = Add(NodeKind.Select, "?:", new[] { isZero, Constant(0.0), contribution });
                    }

                    Accumulate(adjoint, active, operand, contribution);
                }
            }

            int[] result = Enumerable.Repeat(-1, _spec.Parameters.Count).ToArray();
            for (int i = 0; i < PrimalCount; i++)
            {
                if (Nodes[i].Kind == NodeKind.Parameter)
                {
                    result[Nodes[i].Index] = adjoint[i];
                }
            }

            return result;
        }

        private void Accumulate(int[] adjoint, bool[] active, int target, int contribution)
        {
            if (active[target])
            {
                adjoint[target] = adjoint[target] < 0 ? contribution : Add(NodeKind.Operation, DerivativeRules.Add, new[] { adjoint[target], contribution });
            }
        }

        /// <summary>A rule's expression as nodes of the graph.</summary>
        private int Build(Expr expression) => expression switch
        {
            Expr.NodeRef node => node.Index,
            Expr.Number number => Constant(number.Value),
            Expr.Apply apply => Add(NodeKind.Operation, apply.Key, apply.Operands.Select(Build).ToArray()),
            Expr.Comparison comparison => Add(NodeKind.Condition, comparison.Operator, new[] { Build(comparison.A), Build(comparison.B) }),
            Expr.Conditional conditional => Add(NodeKind.Select, "?:", new[] { Build(conditional.Condition), Build(conditional.WhenTrue), Build(conditional.WhenFalse) }),
            _ => throw new InvalidOperationException("a rule used " + expression.GetType().Name),
        };

        private int Constant(double value) => Add(NodeKind.Constant, "const", Array.Empty<int>(), value);

        private int Add(NodeKind kind, string name, int[] operands, double value = 0.0)
        {
            string key = Key(kind, name, value, 0, operands);
            if (_unique.TryGetValue(key, out int existing))
            {
                return existing;
            }

            Nodes.Add(new NodeSpec(kind, name, value, 0, operands.ToEquatableArray(), null, string.Empty));
            _unique[key] = Nodes.Count - 1;
            return Nodes.Count - 1;
        }

        private static string Key(NodeKind kind, string name, double value, int index, IEnumerable<int> operands) =>
            string.Join(
                "|",
                kind.ToString(),
                name,
                BitConverter.DoubleToInt64Bits(value).ToString(CultureInfo.InvariantCulture),
                index.ToString(CultureInfo.InvariantCulture),
                string.Join(",", operands.Select(o => o.ToString(CultureInfo.InvariantCulture))));
    }
}
