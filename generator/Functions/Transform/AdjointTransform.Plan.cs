using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Transform;

/// <summary>Planning: each loop's strategy, and which assignments must keep the value they overwrite.</summary>
internal sealed partial class AdjointTransform
{
    private void PlanLoops(EquatableArray<Statement> block, bool insideTapedLoop)
    {
        foreach (Statement statement in block)
        {
            switch (statement)
            {
                case If b:
                    PlanLoops(b.Then, insideTapedLoop);
                    PlanLoops(b.Else, insideTapedLoop);
                    break;
                case Loop l:
                    LoopPlan plan = LoopClassifier.Classify(l, _source, _activeVariables, _activeArrays, _roots, insideTapedLoop);
                    _plans[l] = plan;
                    if (plan.Strategy != LoopStrategy.Tangent)
                    {
                        PlanLoops(l.Body, insideTapedLoop || plan.Strategy == LoopStrategy.Taped);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Which assignments save the value they overwrite (to-be-recorded analysis): an assignment to v
    /// saves when a reverse step of something that ran before it, in this unit, reads v. A loop's
    /// reverse steps all count as before its assignments (its iterations repeat). A fused loop's body is
    /// a unit of its own (its reverse runs right after it).
    /// </summary>
    private void PlanSaves(EquatableArray<Statement> block, HashSet<int> read, bool inLoop)
    {
        foreach (Statement statement in block)
        {
            switch (statement)
            {
                case Assign a:
                    if (read.Contains(a.Variable))
                    {
                        _saves[a] = Inverse(a) is { } inverse ? new Save(false, -1) { Inverse = inverse } : NewSave(a.Variable, inLoop);
                    }

                    AddReverseReads(a, read);
                    break;
                case AssignElement e:
                    read.UnionWith(ReverseReads(e));
                    break;
                case If b:
                    read.UnionWith(ReverseReads(b));
                    PlanSaves(b.Then, read, inLoop);
                    PlanSaves(b.Else, read, inLoop);
                    break;
                case Loop l when _plans[l].Strategy == LoopStrategy.Fused:
                    PlanFusedSaves(l, read, inLoop);
                    break;
                case Loop l when _plans[l].Strategy == LoopStrategy.Recompute:
                    PlanRecomputeSaves(l, read, inLoop);
                    break;
                case Loop l when _plans[l].Strategy == LoopStrategy.Tangent:
                    PlanTangentSaves(l, read, inLoop);
                    break;
                case Loop l:
                    read.UnionWith(DeepReads(l.Body).Concat(DeepReads(l.Step)));
                    PlanSaves(l.Header, read, true);
                    PlanSaves(l.Body, read, true);
                    PlanSaves(l.Step, read, true);
                    break;
            }
        }

        read.UnionWith(ViewReads(block));
    }

    private void PlanFusedSaves(Loop loop, HashSet<int> read, bool inLoop)
    {
        var changed = new HashSet<int>(Statements.All(new Statement[] { loop }.ToEquatableArray()).OfType<Assign>().Select(a => a.Variable));
        _loopSaves[loop] = changed.Where(read.Contains).OrderBy(v => v).Select(v => (v, NewSave(v, inLoop))).ToList();
        var unit = new HashSet<int>();
        int before = _saves.Count;
        PlanSaves(loop.Body, unit, inLoop: false);
        var fusion = new Fusion { Accumulator = _plans[loop].Accumulator };
        var body = new HashSet<Statement>(Statements.All(loop.Body), Lowering.StatementReference.Instance);
        fusion.Snapshot.AddRange(_saves.Where(p => body.Contains((Statement)p.Key)).Select(p => ((Assign)p.Key).Variable).Distinct());
        _fusions[loop] = fusion;
    }

    /// <summary>
    /// A recomputed loop keeps the values everything in it changes as they are where it starts (its
    /// reverse runs it again from there), and every value it reads counts as read at its reverse.
    /// </summary>
    private void PlanRecomputeSaves(Loop loop, HashSet<int> read, bool inLoop)
    {
        Statement[] inside = Statements.All(new Statement[] { loop }.ToEquatableArray()).ToArray();
        var changed = new SortedSet<int>(inside.OfType<Assign>().Select(a => a.Variable));
        HashSet<int> exposed = LoopClassifier.UpwardExposed(loop.Header.Concat(loop.Body).Concat(loop.Step).ToEquatableArray(), new HashSet<int>());
        _loopSaves[loop] = changed.Where(v => exposed.Contains(v) || read.Contains(v)).Select(v => (v, NewSave(v, inLoop))).ToList();
        var inner = new HashSet<int>();
        Statements.AddReads(inside, inner);
        inner.ExceptWith(changed);
        read.UnionWith(inner);
        int before = _saves.Count;
        PlanSaves(loop.Body, new HashSet<int>(), inLoop: false);
        var unit = new Fusion { Accumulator = -1 };
        var body = new HashSet<Statement>(Statements.All(loop.Body), Lowering.StatementReference.Instance);
        unit.Snapshot.AddRange(_saves.Where(p => body.Contains((Statement)p.Key)).Select(p => ((Assign)p.Key).Variable).Distinct());
        _fusions[loop] = unit;
    }

    /// <summary>The assignment that undoes <c>v = v ± c</c> for an int v and a constant c; null for any other.</summary>
    private static Assign? Inverse(Assign a) =>
        a.Value is Operation { Type: ScalarType.Int32, Operator: Operators.Add or Operators.Subtract } o && o.Operands[0] is Read self && self.Variable == a.Variable && o.Operands[1] is Constant
            ? new Assign(a.Variable, new Operation(ScalarType.Int32, o.Operator == Operators.Add ? Operators.Subtract : Operators.Add, o.Operands, Checked: false))
            : null;

    private Save NewSave(int variable, bool inLoop) =>
        new(inLoop, inLoop ? -1 : _program.Derived("*_saved", variable, _program.Variables[variable].Type));

    /// <summary>The variables the reverse steps of everything in a block read (a loop's count is kept apart).</summary>
    private IEnumerable<int> DeepReads(EquatableArray<Statement> block) =>
        Statements.All(block).SelectMany(s => s switch
        {
            Assign a => ReverseReads(a),
            AssignElement e => ReverseReads(e),
            If b => ReverseReads(b),
            _ => Enumerable.Empty<int>(),
        }).Concat(Statements.All(block).OfType<Loop>().SelectMany(l => ViewReads(l.Body))).Concat(ViewReads(block));

    /// <summary>What the reverse step of an assignment reads: its partials' operands and result, an element's index.</summary>
    private IEnumerable<int> ReverseReads(Assign a)
    {
        if (!_activeVariables[a.Variable])
        {
            return Enumerable.Empty<int>();
        }

        IEnumerable<Expression> read = a.Value switch
        {
            Operation o when IsAccumulation(a, o) => Enumerable.Empty<Expression>(),
            Operation o => Partials(a, o).Select(p => p.Partial).ToArray(), // the list is reused
            ReadElement r when ActiveArray(r.Array) => new[] { r.Index },
            GradientCall g => GradientReads(a, g),
            _ => Enumerable.Empty<Expression>(),
        };
        return read.SelectMany(Statements.Tree).OfType<Read>().Select(r => r.Variable);
    }

    /// <summary><see cref="ReverseReads(Assign)"/>, added to a set (no sequence per assignment: this runs for every one of them).</summary>
    private void AddReverseReads(Assign a, HashSet<int> read)
    {
        if (!_activeVariables[a.Variable])
        {
            return;
        }

        switch (a.Value)
        {
            case Operation o when IsAccumulation(a, o):
                return;
            case Operation o:
                foreach ((int _, Expression partial, OperatorRule _) in Partials(a, o))
                {
                    Statements.AddReads(partial, read);
                }

                return;
            default:
                read.UnionWith(ReverseReads(a));
                return;
        }
    }

    private IEnumerable<int> ReverseReads(AssignElement e) =>
        ActiveArray(e.Array) ? Statements.Tree(e.Index).OfType<Read>().Select(r => r.Variable) : Enumerable.Empty<int>();

    private static IEnumerable<int> ReverseReads(If b) =>
        b.Condition is Read r ? new[] { r.Variable } : Enumerable.Empty<int>();

    /// <summary>The atoms that view declarations of a block slice at (re-declared at the start of the block's reverse).</summary>
    private IEnumerable<int> ViewReads(EquatableArray<Statement> block) =>
        block.SelectMany(s => s switch
        {
            DeclareView v when ActiveArray(v.Array) => new[] { v.Start, v.Length },
            DeclareArray d when ActiveArray(d.Array) => new Expression?[] { d.Length },
            _ => new Expression?[0],
        }).Where(e => e is not null).SelectMany(e => Statements.Tree(e!)).OfType<Read>().Select(r => r.Variable);

    private static bool IsAccumulation(Assign a, Operation o) =>
        o.Operator is Operators.Add or Operators.Subtract && o.Operands[0] is Read first && first.Variable == a.Variable;

    /// <summary>The partial derivative of an operation with respect to each of its differentiated operands.</summary>
    /// <remarks>The list is reused by the next call: read it before asking again (no caller asks while reading).</remarks>
    private List<(int Operand, Expression Partial, OperatorRule Rule)> Partials(Assign a, Operation o)
    {
        List<(int Operand, Expression Partial, OperatorRule Rule)> partials = _partials;
        partials.Clear();
        OperatorRule rule = Operators.Get(o.Operator);
        if (rule.Partials is null)
        {
            return partials;
        }

        Expression[] operands = o.Operands.ToArray();
        Expression? result = null;
        for (int j = 0; j < operands.Length; j++)
        {
            if (j != rule.IntOperand && ActiveRead(operands[j]))
            {
                partials.Add((j, rule.Partials[j](operands, result ??= _program.Read(a.Variable)), rule));
            }
        }

        return partials;
    }

    private readonly List<(int Operand, Expression Partial, OperatorRule Rule)> _partials = new();
}

internal sealed partial class AdjointTransform
{
    /// <summary>
    /// A [GradientOf] call whose differentiated arguments are all scalars keeps its partials from the
    /// forward call (they are what its reverse step reads); one with span arguments calls the gradient
    /// again in the reverse sweep, from its (restored) scalar arguments and its input spans.
    /// </summary>
    private IEnumerable<Expression> GradientReads(Assign a, GradientCall g) =>
        HasSpanPartials(g)
            ? g.Arguments.OfType<ValueArgument>().Select(v => v.Value)
            : GradientPartials(a, g).Where(p => p >= 0).Select(p => (Expression)_program.Read(p));

    private static bool HasSpanPartials(GradientCall g) =>
        g.Arguments.Where((argument, i) => g.Differentiated[i] && argument is ArrayArgument).Any();

    /// <summary>The variables the forward call writes each scalar partial into (−1 for arguments without one).</summary>
    private int[] GradientPartials(Assign a, GradientCall g)
    {
        if (!_gradientPartials.TryGetValue(a, out int[]? partials))
        {
            partials = g.Arguments.Select((argument, i) => g.Differentiated[i] && argument is ValueArgument v
                ? _program.Derived("*_d" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Variable, v.Value.Type)
                : -1).ToArray();
            _gradientPartials[a] = partials;
        }

        return partials;
    }
}
