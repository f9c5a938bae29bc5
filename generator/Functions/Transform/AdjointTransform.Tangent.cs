using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Transform;

/// <summary>
/// Forward mode through a loop inside the reverse sweep (<see cref="LoopStrategy.Tangent"/>): the
/// forward sweep carries, beside each differentiated value v the loop computes, its tangent along each
/// input u (∂v/∂u, seeded with 1 for u itself), from the same rules as every other sweep; the reverse
/// of the loop is then one step, ∂F/∂u = Σₒ ∂F/∂o · ∂o/∂u over its outputs o. Nothing is kept per
/// iteration, and the loop runs once.
/// </summary>
internal sealed partial class AdjointTransform
{
    private readonly Dictionary<object, Dictionary<int, int[]>> _loopTangents = new(Lowering.ReferenceComparer.Instance);

    /// <summary>
    /// A tangent loop changes the values it assigns (kept where an earlier reverse step reads them) and
    /// its reverse reads only its tangents, which nothing after it overwrites (it is never inside a taped loop).
    /// </summary>
    private void PlanTangentSaves(Loop loop, HashSet<int> read, bool inLoop)
    {
        var changed = new SortedSet<int>(Statements.All(new Statement[] { loop }.ToEquatableArray()).OfType<Assign>().Select(a => a.Variable));
        _loopSaves[loop] = changed.Where(read.Contains).Select(v => (v, NewSave(v, inLoop))).ToList();
    }

    private IEnumerable<Statement> ForwardTangent(Loop loop)
    {
        LoopPlan plan = _plans[loop];
        int[] directions = plan.Directions;
        var tangents = new Dictionary<int, int[]>();
        foreach (int v in Statements.All(new Statement[] { loop }.ToEquatableArray()).OfType<Assign>().Select(a => a.Variable).Where(v => _activeVariables[v]).Distinct().OrderBy(v => v))
        {
            tangents[v] = directions.Select((_, d) => _program.Derived("t_*_" + d.ToString(CultureInfo.InvariantCulture), v, _program.Variables[v].Type)).ToArray();
        }

        _loopTangents[loop] = tangents;
        var seeds = new List<Statement>();
        foreach (int input in directions.Where(tangents.ContainsKey))
        {
            for (int d = 0; d < directions.Length; d++)
            {
                ScalarType type = _program.Variables[input].Type;
                seeds.Add(new Assign(tangents[input][d], directions[d] == input ? Build.One(type) : Build.Zero(type)));
            }
        }

        Loop forward = loop with
        {
            Header = TangentBlock(loop.Header, directions, tangents).ToEquatableArray(),
            Body = TangentBlock(loop.Body, directions, tangents).ToEquatableArray(),
            Step = TangentBlock(loop.Step, directions, tangents).ToEquatableArray(),
        };

        // A tangent written as a constant where it is read is never read as a variable: its assignments go.
        var read = new HashSet<int>();
        Statements.AddReads(Statements.All(new Statement[] { forward }.ToEquatableArray()), read);
        read.UnionWith(plan.Outputs.SelectMany(o => tangents[o]));
        var tangentVariables = new HashSet<int>(tangents.Values.SelectMany(t => t));
        bool Needed(Statement s) => s is not Assign a || !tangentVariables.Contains(a.Variable) || read.Contains(a.Variable);

        yield return new Comment(loop.Title + ": " + plan.Why + ", so forward mode runs through it: t_v_k = ∂v/∂(input k), no tape");
        foreach ((int variable, Save save) in _loopSaves[loop])
        {
            yield return Keep(variable, save);
        }

        foreach (Statement seed in seeds.Where(Needed))
        {
            yield return seed;
        }

        yield return (Loop)Statements.Filter(new Statement[] { forward }, Needed)[0];
    }

    /// <summary>
    /// A block with each differentiated assignment followed by its tangents. A tangent that is a constant
    /// (0 or 1: most are, along inputs a value does not depend on) is written as that constant where it
    /// is read later in the same block, so that its terms fold away.
    /// </summary>
    private List<Statement> TangentBlock(EquatableArray<Statement> block, int[] directions, Dictionary<int, int[]> tangents, Dictionary<int, Constant>? known = null)
    {
        known = known is null ? new Dictionary<int, Constant>() : new Dictionary<int, Constant>(known);
        var output = new List<Statement>();
        foreach (Statement statement in block)
        {
            switch (statement)
            {
                case Assign a when tangents.TryGetValue(a.Variable, out int[]? along):
                    output.Add(a);
                    for (int d = 0; d < directions.Length; d++)
                    {
                        Expression value = TangentValue(a, directions, d, tangents, known);
                        if (value is Read same && same.Variable == along[d])
                        {
                            continue; // s += t where t has no tangent along d: unchanged
                        }

                        output.Add(new Assign(along[d], value));
                        if (value is Constant c)
                        {
                            known[along[d]] = c;
                        }
                        else
                        {
                            known.Remove(along[d]);
                        }
                    }

                    break;
                case If b:
                    output.Add(b with { Then = TangentBlock(b.Then, directions, tangents, known).ToEquatableArray(), Else = TangentBlock(b.Else, directions, tangents, known).ToEquatableArray() });
                    foreach (Assign assigned in Statements.All(new Statement[] { b }.ToEquatableArray()).OfType<Assign>())
                    {
                        if (tangents.TryGetValue(assigned.Variable, out int[]? changed))
                        {
                            foreach (int t in changed)
                            {
                                known.Remove(t);
                            }
                        }
                    }

                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary>The tangent of an operand along direction d: its tangent variable, 1 or 0 for an input the loop does not change, 0 for a constant.</summary>
    private Expression TangentAlong(Expression operand, int[] directions, int d, Dictionary<int, int[]> tangents, Dictionary<int, Constant> known) => operand switch
    {
        Read r when tangents.TryGetValue(r.Variable, out int[]? along) => known.TryGetValue(along[d], out Constant? c) ? c : _program.Read(along[d]),
        Read r when _activeVariables[r.Variable] && directions[d] == r.Variable => Build.One(r.Type),
        _ => Build.Zero(operand.Type),
    };

    private Expression TangentValue(Assign a, int[] directions, int d, Dictionary<int, int[]> tangents, Dictionary<int, Constant> known)
    {
        ScalarType type = _program.Variables[a.Variable].Type;
        switch (a.Value)
        {
            case Read r:
                return Convert(TangentAlong(r, directions, d, tangents, known), type);
            case Conversion { Operand: var operand } when operand.IsReal:
                return Convert(TangentAlong(operand, directions, d, tangents, known), type);
            case Operation o when Operators.Get(o.Operator).Partials is { } partials:
                OperatorRule rule = Operators.Get(o.Operator);
                Expression[] operands = o.Operands.ToArray();
                Expression sum = Build.Zero(type);
                for (int j = 0; j < operands.Length; j++)
                {
                    if (j == rule.IntOperand || !(operands[j] is Read r && _activeVariables[r.Variable]))
                    {
                        continue;
                    }

                    Expression t = TangentAlong(operands[j], directions, d, tangents, known);
                    Expression partial = partials[j](operands, _program.Read(a.Variable));
                    if (Build.IsConstant(t, 0) || Build.IsConstant(partial, 0))
                    {
                        continue;
                    }

                    sum = Build.Add(sum, rule.ZeroWins ? Build.MultiplyOrZero(t, partial) : Build.Multiply(partial, t));
                }

                return Convert(sum, type);
            default:
                return Build.Zero(type);
        }
    }

    /// <summary>
    /// The reverse of a tangent loop: the adjoints of its inputs from those of its outputs and the
    /// tangents, computed before any is changed (an input may also be an output); then what it changed,
    /// back as it was where it started.
    /// </summary>
    private IEnumerable<Statement> ReverseTangent(Loop loop, Scope scope, BlockState locals)
    {
        LoopPlan plan = _plans[loop];
        Dictionary<int, int[]> tangents = _loopTangents[loop];
        int[] outputs = plan.Outputs.Where(o => !(locals.Local.Contains(o) && locals.Untouched.Contains(o))).ToArray();
        var output = new List<Statement>();
        if (outputs.Length > 0)
        {
            output.Add(new Comment("reverse of " + loop.Title + ": ∂F/∂(input k) = Σ ∂F/∂(what it leaves) · t_*_k"));
            var incoming = new int[plan.Directions.Length];
            for (int d = 0; d < plan.Directions.Length; d++)
            {
                int input = plan.Directions[d];
                ScalarType type = _program.Variables[input].Type;
                Expression sum = Build.Zero(type);
                foreach (int o in outputs)
                {
                    Expression adjoint = Convert(AdjointOf(o, scope), type);
                    Expression tangent = Convert(_program.Read(tangents[o][d]), type);
                    sum = Build.Add(sum, Build.MultiplyOrZero(adjoint, tangent)); // a tangent may be infinite where its output's adjoint is 0
                }

                incoming[d] = _program.Derived("adj_*_in", input, type);
                output.Add(new Assign(incoming[d], sum));
            }

            foreach (int o in outputs)
            {
                output.Add(new Assign(_adjoints[o], Build.Zero(_program.Variables[o].Type)));
                locals.Untouched.Remove(o);
            }

            for (int d = 0; d < plan.Directions.Length; d++)
            {
                output.Add(Contribute(plan.Directions[d], _program.Read(incoming[d]), scope, locals));
            }
        }

        foreach ((int variable, Save save) in Enumerable.Reverse(_loopSaves[loop]))
        {
            output.Add(Restore(variable, save));
        }

        return output;
    }
}
