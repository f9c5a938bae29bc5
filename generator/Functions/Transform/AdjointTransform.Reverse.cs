using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Transform;

/// <summary>The reverse sweep: each statement's rule, last statement first, restoring what it overwrote.</summary>
internal sealed partial class AdjointTransform
{
    private List<Statement> Reverse(EquatableArray<Statement> block, Scope scope)
    {
        var output = new List<Statement>(Declarations(block, scope));
        var locals = new BlockState();
        foreach (Assign a in block.OfType<Assign>())
        {
            if (_activeVariables[a.Variable] && ReferenceEquals(_local[a.Variable], a))
            {
                locals.Local.Add(a.Variable);
                locals.Untouched.Add(a.Variable);
            }
        }

        if (scope.TopLevel)
        {
            foreach (int input in _request.ScalarInputs.Where(v => _activeVariables[v] && _assignments[v] == 0))
            {
                locals.Untouched.Add(input); // a parameter never assigned: its first contribution assigns its adjoint
            }
        }

        for (int i = block.Count - 1; i >= 0; i--)
        {
            Statement statement = block[i];
            if (statement is If or Loop)
            {
                output.AddRange(Initialize(statement, locals));
            }

            switch (statement)
            {
                case Assign a:
                    output.AddRange(ReverseAssign(a, scope, locals));
                    break;
                case AssignElement e when ActiveArray(e.Array):
                    output.Add(new Comment(Describe(e)));
                    if (ActiveRead(e.Value))
                    {
                        output.Add(Contribute(((Read)e.Value).Variable, new ReadElement(_program.Arrays[e.Array].Type, ArrayAdjoint(e.Array, scope), e.Index), scope, locals));
                    }

                    output.Add(new AssignElement(ArrayAdjoint(e.Array, scope), e.Index, Build.Zero(_program.Arrays[e.Array].Type)));
                    break;
                case If b:
                    Scope inner = scope.Nested(loop: false);
                    List<Statement> then = Reverse(b.Then, inner), otherwise = Reverse(b.Else, inner);
                    if (then.Count > 0 || otherwise.Count > 0)
                    {
                        output.Add(new If(b.Condition, then.ToEquatableArray(), otherwise.ToEquatableArray()) { Source = b.Source });
                    }

                    break;
                case Loop l when _plans[l].Strategy == LoopStrategy.Fused:
                    output.AddRange(ReverseFused(l, scope, locals));
                    break;
                case Loop l when _plans[l].Strategy == LoopStrategy.Recompute:
                    output.AddRange(ReverseRecompute(l, scope));
                    break;
                case Loop l when _plans[l].Strategy == LoopStrategy.Tangent:
                    output.AddRange(ReverseTangent(l, scope, locals));
                    break;
                case Loop l:
                    output.AddRange(ReverseTaped(l, scope));
                    break;
            }
        }

        if (scope.TopLevel)
        {
            foreach (int input in _request.ScalarInputs.Where(locals.Untouched.Contains))
            {
                output.Add(new Assign(_adjoints[input], Build.Zero(_program.Variables[input].Type)));
            }
        }

        return output;
    }

    /// <summary>
    /// Before a nested statement's reverse: the adjoints of this block's values it may add to, still
    /// untouched, start at zero here (inside it, contributions add).
    /// </summary>
    private IEnumerable<Statement> Initialize(Statement statement, BlockState locals)
    {
        var read = new HashSet<int>();
        Statements.AddReads(Statements.All(new[] { statement }.ToEquatableArray()), read);
        foreach (int v in locals.Untouched.Where(read.Contains).OrderBy(v => v).ToList())
        {
            locals.Untouched.Remove(v);
            yield return new Assign(_adjoints[v], Build.Zero(_program.Variables[v].Type));
        }
    }

    /// <summary>The adjoints local to one block's reverse (see <see cref="LocalValues"/>), and which of them nothing has added to yet.</summary>
    private sealed class BlockState
    {
        public HashSet<int> Local { get; } = new();

        public HashSet<int> Untouched { get; } = new();
    }

    /// <summary>
    /// The adjoints of the arrays a block declares, (re)declared where the block's reverse starts: a
    /// local array's adjoint zeroed (its elements' adjoints start there), a view's on its array's adjoint.
    /// </summary>
    private IEnumerable<Statement> Declarations(EquatableArray<Statement> block, Scope scope)
    {
        foreach (Statement statement in block)
        {
            switch (statement)
            {
                case DeclareArray d when ActiveArray(d.Array):
                    yield return new DeclareArray(Adjoint(d.Array), d.Length);
                    break;
                case DeclareView v when ActiveArray(v.Array):
                    yield return new DeclareView(Adjoint(v.Array), ArrayAdjoint(v.Base, scope), v.Start, v.Length);
                    break;
            }
        }
    }

    /// <summary>The adjoint array of a local array or a view (one per array, re-declared where needed).</summary>
    private int Adjoint(int array)
    {
        if (!_arrayAdjoints.TryGetValue(array, out int adjoint))
        {
            adjoint = _program.Array("adj_" + _program.Arrays[array].Name.TrimStart('@'), _program.Arrays[array].Type, _program.Arrays[array].Role == ArrayRole.View ? ArrayRole.View : ArrayRole.Scratch);
            _arrayAdjoints[array] = adjoint;
        }

        return adjoint;
    }

    /// <summary>Where the adjoints of an array's elements go: its adjoint, or in a fused loop the sensitivities of an array from outside.</summary>
    private int ArrayAdjoint(int array, Scope scope)
    {
        if (scope.Fusion is { } fusion && fusion.Arrays.TryGetValue(array, out int sensitivity))
        {
            return sensitivity;
        }

        if (_program.Arrays[array].Role == ArrayRole.View || _program.Arrays[array].Role == ArrayRole.Local)
        {
            return Adjoint(array);
        }

        return _arrayAdjoints.TryGetValue(_roots[array], out int adjoint) ? adjoint : Adjoint(array);
    }

    private IEnumerable<Statement> ReverseAssign(Assign a, Scope scope, BlockState locals)
    {
        var output = new List<Statement>();
        if (_activeVariables[a.Variable] && locals.Local.Contains(a.Variable))
        {
            if (!locals.Untouched.Contains(a.Variable))
            {
                output.AddRange(Pass(a, scope, locals)); // an untouched local adjoint is zero: nothing to pass
            }
        }
        else if (_activeVariables[a.Variable])
        {
            output.AddRange(Pass(a, scope, locals));
            bool accumulation = a.Value is Operation o && IsAccumulation(a, o);
            bool again = _assignments[a.Variable] > 1 || scope.InLoop || scope.Repeats || _program.Variables[a.Variable].Role == VariableRole.Parameter;
            if (!accumulation && again)
            {
                output.Add(new Assign(_adjoints[a.Variable], Build.Zero(_program.Variables[a.Variable].Type)));
            }
        }

        if (_saves.TryGetValue(a, out Save? save))
        {
            output.Add(Restore(a.Variable, save));
        }

        return output;
    }

    /// <summary>The adjoint of a variable, as the reverse step reads it: in a fused loop, the accumulator's is ±1 (the seed).</summary>
    private Expression AdjointOf(int variable, Scope scope) =>
        scope.Fusion is { } fusion && fusion.Accumulator == variable
            ? Build.One(_program.Variables[variable].Type)
            : _program.Read(_adjoints[variable]);

    /// <summary>The rule of one assignment: its adjoint times each partial, added to its operands' adjoints.</summary>
    private IEnumerable<Statement> Pass(Assign a, Scope scope, BlockState locals)
    {
        Expression adjoint = AdjointOf(a.Variable, scope);
        switch (a.Value)
        {
            case Read r when _activeVariables[r.Variable]:
                return new[] { Contribute(r.Variable, Convert(adjoint, r.Type), scope, locals) };
            case Conversion { Operand: Read r } when _activeVariables[r.Variable]:
                return new[] { Contribute(r.Variable, Convert(adjoint, r.Type), scope, locals) };
            case Operation o when IsAccumulation(a, o):
                return o.Operands[1] is Read t && _activeVariables[t.Variable]
                    ? new[] { Contribute(t.Variable, o.Operator == Operators.Subtract ? Build.Negate(adjoint) : adjoint, scope, locals) }
                    : Enumerable.Empty<Statement>();
            case Operation o:
                return PassOperation(a, o, adjoint, scope, locals);
            case ReadElement r when ActiveArray(r.Array):
                int target = ArrayAdjoint(r.Array, scope);
                ScalarType type = _program.Arrays[r.Array].Type;
                return new Statement[]
                {
                    new Comment(string.Empty) { About = a },
                    new AssignElement(target, r.Index, Build.Add(new ReadElement(type, target, r.Index), Convert(adjoint, type))),
                };
            case GradientCall g:
                return PassGradient(a, g, adjoint, scope, locals);
            default:
                return Enumerable.Empty<Statement>();
        }
    }

    private IEnumerable<Statement> PassOperation(Assign a, Operation o, Expression adjoint, Scope scope, BlockState locals)
    {
        var output = new List<Statement>();
        foreach ((int operand, Expression partial, OperatorRule rule) in Partials(a, o))
        {
            if (Build.IsConstant(partial, 0))
            {
                continue; // a step function: nothing flows back
            }

            if (output.Count == 0)
            {
                output.Add(new Comment(rule.Caption) { About = a });
            }

            Expression contribution = rule.ZeroWins ? Build.MultiplyOrZero(adjoint, partial) : Build.Multiply(adjoint, partial);
            output.Add(Contribute(((Read)o.Operands[operand]).Variable, contribution, scope, locals));
        }

        return output;
    }

    /// <summary>adj_target += contribution (an assignment for a block-local adjoint's first contribution).</summary>
    private Statement Contribute(int variable, Expression contribution, Scope scope, BlockState locals)
    {
        int target = scope.Fusion is { } fusion && fusion.Variables.TryGetValue(variable, out int sensitivity) ? sensitivity : _adjoints[variable];
        contribution = Convert(contribution, _program.Variables[target].Type);
        if (target == _adjoints[variable] && locals.Untouched.Remove(variable))
        {
            return new Assign(target, contribution);
        }

        return new Assign(target, Build.Add(_program.Read(target), contribution));
    }

    private IEnumerable<Statement> ReverseTaped(Loop loop, Scope scope)
    {
        int counter = _counters[loop];
        Scope inner = scope.Nested(loop: true);
        var body = Reverse(loop.Step, inner);
        body.AddRange(Reverse(loop.Body, inner));
        if (scope.InLoop)
        {
            yield return new Pop(counter);
        }

        if (_checkpoints.TryGetValue(loop, out Checkpoint? checkpoint))
        {
            yield return new CheckpointReverse(checkpoint.Store, counter, checkpoint.After, checkpoint.Variables, checkpoint.Arrays, checkpoint.Replay, body.ToEquatableArray())
            {
                Title = "reverse of " + loop.Title + " past its first Checkpoints.After iterations: from the last checkpoint back, each segment again from its checkpoint (taped), then backwards",
            };
            yield return new Repeat(Build.Function("Min", _program.Read(counter), _program.Read(checkpoint.After)), body.ToEquatableArray()) { Title = "reverse of " + loop.Title + ": its taped iterations, last first" };
            yield break;
        }

        if (body.Count > 0)
        {
            yield return new Repeat(_program.Read(counter), body.ToEquatableArray()) { Title = "reverse of " + loop.Title + ": its iterations, last first" };
        }
    }

    /// <summary>A fused loop's reverse: ∂F/∂(outside value) += ∂F/∂s · its sensitivity.</summary>
    private IEnumerable<Statement> ReverseFused(Loop loop, Scope scope, BlockState locals)
    {
        Fusion fusion = _fusions[loop];
        if (scope.InLoop)
        {
            foreach (int sensitivity in fusion.Variables.Values.OrderByDescending(v => v))
            {
                yield return new Pop(sensitivity);
            }
        }

        Expression sum = AdjointOf(fusion.Accumulator, scope);
        yield return new Comment("reverse of " + loop.Title + ": ∂F/∂(what it reads) = ∂F/∂" + Mention.Of(fusion.Accumulator).Trim('\'') + " · the sums of its terms' derivatives");
        foreach (KeyValuePair<int, int> pair in fusion.Variables.OrderBy(p => p.Key))
        {
            yield return Contribute(pair.Key, Build.Multiply(Convert(sum, _program.Variables[pair.Value].Type), _program.Read(pair.Value)), scope, locals);
        }

        foreach (KeyValuePair<int, int> pair in fusion.Arrays.OrderBy(p => p.Key))
        {
            yield return new AddScaled(ArrayAdjoint(pair.Key, scope), pair.Value, Convert(sum, _program.Arrays[pair.Value].Type));
        }

        foreach ((int variable, Save save) in Enumerable.Reverse(_loopSaves[loop]))
        {
            yield return Restore(variable, save);
        }
    }

    /// <summary>
    /// A recomputed loop's reverse: from the values it started with, each iteration again, its forward then
    /// its reverse with the real ∂F/∂s; then the values it started with back, for what comes before it.
    /// </summary>
    private IEnumerable<Statement> ReverseRecompute(Loop loop, Scope scope)
    {
        List<(int Variable, Save Save)> saves = _loopSaves[loop];
        var entry = new List<(int Variable, int Entry)>();
        var output = new List<Statement> { new Comment("reverse of " + loop.Title + ": its iterations again, each passing ∂F/∂" + Mention.Of(_plans[loop].Accumulator).Trim('\'') + " to its terms") };
        foreach ((int variable, Save save) in Enumerable.Reverse(saves))
        {
            int kept = save.OnTape ? _program.Derived("*_start", variable, _program.Variables[variable].Type) : save.Variable;
            if (save.OnTape)
            {
                output.Add(new Pop(kept));
            }

            entry.Add((variable, kept));
        }

        output.AddRange(entry.Select(e => (Statement)new Assign(e.Variable, _program.Read(e.Entry))));
        Fusion unit = _fusions[loop];
        Scope iteration = scope.Iteration();
        // The running sum itself is not replayed: nothing in the loop reads it, and the reverse needs only its terms.
        int accumulator = _plans[loop].Accumulator;
        List<Statement> body = Statements.Filter(Forward(loop.Body, iteration), s => s is not Assign a || a.Variable != accumulator);
        int[] snapshot = unit.Snapshot.Select(v => _program.Derived("*_end", v, _program.Variables[v].Type)).ToArray();
        body.AddRange(unit.Snapshot.Select((v, i) => (Statement)new Assign(snapshot[i], _program.Read(v))));
        body.AddRange(Reverse(loop.Body, iteration));
        body.AddRange(unit.Snapshot.Select((v, i) => (Statement)new Assign(v, _program.Read(snapshot[i]))));
        body = WithoutUnread(body, loop);
        output.AddRange(Vectorized(loop, body) ?? new List<Statement> { loop with { Body = body.ToEquatableArray(), Title = "again: " + loop.Title } });
        output.AddRange(entry.Select(e => (Statement)new Assign(e.Variable, _program.Read(e.Entry))));
        return output;
    }

    /// <summary>
    /// The replay of a recomputed loop without the values nothing reads: those its reverse does not need
    /// (the terms are needed only through their partials), unless something outside the loop reads them.
    /// </summary>
    private List<Statement> WithoutUnread(List<Statement> body, Loop loop)
    {
        HashSet<int> readOutside = LoopClassifier.ReadsOutside(_source.Statements, loop);
        var removable = new HashSet<int>();
        foreach (Statement statement in Statements.All(new Statement[] { loop }.ToEquatableArray()))
        {
            if (statement is Assign a && a.Variable != _source.Result && !readOutside.Contains(a.Variable))
            {
                removable.Add(a.Variable);
            }
        }

        // How often each variable is read (the loop's own head included, which stays), and the values assigned to
        // each removable one. A removable variable nobody reads goes, with every assignment to it; what those
        // assignments read is read once less, which may free more (a chain of dead values goes in one sweep).
        int[] reads = new int[_program.Variables.Count];
        Statements.CountReads(Statements.All(loop.Header), reads);
        Statements.CountReads(Statements.All(loop.Step), reads);
        var values = new Dictionary<int, List<Expression>>();
        foreach (Statement statement in Statements.All(body.ToEquatableArray()))
        {
            Statements.CountReads(statement, reads);
            if (statement is Assign a && removable.Contains(a.Variable))
            {
                if (!values.TryGetValue(a.Variable, out List<Expression>? list))
                {
                    values[a.Variable] = list = new List<Expression>();
                }

                list.Add(a.Value);
            }
        }

        var dead = new HashSet<int>();
        var pending = new Stack<int>(values.Keys.Where(v => reads[v] == 0));
        while (pending.Count > 0)
        {
            int v = pending.Pop();
            if (!dead.Add(v))
            {
                continue;
            }

            foreach (Expression value in values[v])
            {
                foreach (int freed in Statements.Uncount(value, reads))
                {
                    if (values.ContainsKey(freed))
                    {
                        pending.Push(freed);
                    }
                }
            }
        }

        return Statements.Filter(body, s => s is not Assign a || !dead.Contains(a.Variable));
    }

    private string Describe(Statement statement) => statement.Source.Length > 0 ? statement.Source : "…";
}

internal sealed partial class AdjointTransform
{
    /// <summary>
    /// A [GradientOf] call's reverse step: the adjoint times the partials its forward call wrote; or,
    /// with span arguments, a second call of the gradient in the reverse sweep, whose span partials are
    /// added to the spans' adjoints.
    /// </summary>
    private IEnumerable<Statement> PassGradient(Assign a, GradientCall g, Expression adjoint, Scope scope, BlockState locals)
    {
        var output = new List<Statement> { new Comment(": chain rule through " + g.Gradient.Substring(g.Gradient.LastIndexOf('.') + 1)) { About = a } };
        if (!HasSpanPartials(g))
        {
            int[] partials = GradientPartials(a, g);
            for (int i = 0; i < g.Arguments.Count; i++)
            {
                if (partials[i] >= 0 && g.Arguments[i] is ValueArgument { Value: Read r } && _activeVariables[r.Variable])
                {
                    output.Add(Contribute(r.Variable, Build.Multiply(adjoint, _program.Read(partials[i])), scope, locals));
                }
            }

            return output;
        }

        int[] scalars = new int[g.Arguments.Count];
        int[] spans = new int[g.Arguments.Count];
        for (int i = 0; i < g.Arguments.Count; i++)
        {
            scalars[i] = spans[i] = -1;
            if (!g.Differentiated[i])
            {
                continue;
            }

            if (g.Arguments[i] is ValueArgument v)
            {
                scalars[i] = _program.Variable("partial", v.Value.Type);
            }
            else if (g.Arguments[i] is ArrayArgument span)
            {
                spans[i] = _program.Array("partials", _program.Arrays[span.Array].Type);
                output.Add(new DeclareArray(spans[i], SliceLength(span)));
            }
        }

        output.Add(new CallGradient(-1, g.Gradient, g.Arguments, scalars.ToEquatableArray(), spans.ToEquatableArray()));
        for (int i = 0; i < g.Arguments.Count; i++)
        {
            if (scalars[i] >= 0 && g.Arguments[i] is ValueArgument { Value: Read r } && _activeVariables[r.Variable])
            {
                output.Add(Contribute(r.Variable, Build.Multiply(adjoint, _program.Read(scalars[i])), scope, locals));
            }
            else if (spans[i] >= 0 && g.Arguments[i] is ArrayArgument span && ActiveArray(span.Array))
            {
                int target = ArrayAdjoint(span.Array, scope);
                if (span.Start is not null)
                {
                    int view = _program.Array("adj_slice", _program.Arrays[span.Array].Type, ArrayRole.View);
                    output.Add(new DeclareView(view, target, span.Start, span.Length));
                    target = view;
                }

                output.Add(new AddScaled(target, spans[i], Convert(adjoint, _program.Arrays[span.Array].Type)));
            }
        }

        return output;
    }

    private static Expression SliceLength(ArrayArgument span) =>
        span.Length ?? (span.Start is null
            ? new ArrayLength(span.Array)
            : new Operation(ScalarType.Int32, Operators.Subtract, new[] { (Expression)new ArrayLength(span.Array), span.Start }.ToEquatableArray()));
}
