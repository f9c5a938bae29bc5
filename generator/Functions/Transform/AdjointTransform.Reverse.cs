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
        for (int i = block.Count - 1; i >= 0; i--)
        {
            Statement statement = block[i];
            switch (statement)
            {
                case Assign a:
                    output.AddRange(ReverseAssign(a, scope));
                    break;
                case AssignElement e when ActiveArray(e.Array):
                    output.Add(new Comment(Describe(e)));
                    if (ActiveRead(e.Value))
                    {
                        output.AddRange(Contribute(((Read)e.Value).Variable, new ReadElement(_program.Arrays[e.Array].Type, ArrayAdjoint(e.Array, scope), e.Index), scope));
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
                    output.AddRange(ReverseFused(l, scope));
                    break;
                case Loop l:
                    output.AddRange(ReverseTaped(l, scope));
                    break;
            }
        }

        return output;
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

    private IEnumerable<Statement> ReverseAssign(Assign a, Scope scope)
    {
        var output = new List<Statement>();
        if (_activeVariables[a.Variable])
        {
            output.AddRange(Pass(a, scope));
            bool accumulation = a.Value is Operation o && IsAccumulation(a, o);
            if (!accumulation && (_assignments[a.Variable] > 1 || scope.InLoop || scope.Fusion is not null || _program.Variables[a.Variable].Role == VariableRole.Parameter))
            {
                output.Add(Reset(a.Variable, scope));
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

    private Statement Reset(int variable, Scope scope)
    {
        if (scope.TopLevel)
        {
            _touched.Remove(_adjoints[variable]);
        }
        else
        {
            _touched.Add(_adjoints[variable]);
        }

        return new Assign(_adjoints[variable], Build.Zero(_program.Variables[variable].Type));
    }

    /// <summary>The rule of one assignment: its adjoint times each partial, added to its operands' adjoints.</summary>
    private IEnumerable<Statement> Pass(Assign a, Scope scope)
    {
        Expression adjoint = AdjointOf(a.Variable, scope);
        switch (a.Value)
        {
            case Read r when _activeVariables[r.Variable]:
                return Contribute(r.Variable, Convert(adjoint, r.Type), scope);
            case Conversion { Operand: Read r } when _activeVariables[r.Variable]:
                return Contribute(r.Variable, Convert(adjoint, r.Type), scope);
            case Operation o when IsAccumulation(a, o):
                return o.Operands[1] is Read t && _activeVariables[t.Variable]
                    ? Contribute(t.Variable, o.Operator == Operators.Subtract ? Build.Negate(adjoint) : adjoint, scope)
                    : Enumerable.Empty<Statement>();
            case Operation o:
                return PassOperation(a, o, adjoint, scope);
            case ReadElement r when ActiveArray(r.Array):
                int target = ArrayAdjoint(r.Array, scope);
                ScalarType type = _program.Arrays[r.Array].Type;
                return new Statement[]
                {
                    new Comment(_program.Variables[a.Variable].Name + " = " + Describe(a)),
                    new AssignElement(target, r.Index, Build.Add(new ReadElement(type, target, r.Index), Convert(adjoint, type))),
                };
            case GradientCall g:
                return PassGradient(a, g, adjoint, scope);
            default:
                return Enumerable.Empty<Statement>();
        }
    }

    private IEnumerable<Statement> PassOperation(Assign a, Operation o, Expression adjoint, Scope scope)
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
                output.Add(new Comment(_program.Variables[a.Variable].Name.TrimStart('@') + " = " + Describe(a) + ": " + rule.Formula));
            }

            Expression contribution = _request.ZeroSafe && rule.Singular ? Build.MultiplyOrZero(adjoint, partial) : Build.Multiply(adjoint, partial);
            output.AddRange(Contribute(((Read)o.Operands[operand]).Variable, contribution, scope));
        }

        return output;
    }

    /// <summary>adj_target += contribution (an assignment for a first contribution at the top of the reverse sweep).</summary>
    private IEnumerable<Statement> Contribute(int variable, Expression contribution, Scope scope)
    {
        int target = scope.Fusion is { } fusion && fusion.Variables.TryGetValue(variable, out int sensitivity) ? sensitivity : _adjoints[variable];
        contribution = Convert(contribution, _program.Variables[target].Type);
        bool first = _touched.Add(target);
        if (scope.TopLevel && target == _adjoints[variable] && first)
        {
            yield return new Assign(target, contribution);
            yield break;
        }

        yield return new Assign(target, Build.Add(_program.Read(target), contribution));
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

        if (body.Count > 0)
        {
            yield return new Repeat(_program.Read(counter), body.ToEquatableArray()) { Title = "reverse of " + loop.Title + ": its iterations, last first" };
        }

        if (scope.TopLevel)
        {
            _touched.UnionWith(_adjoints.Where(v => v >= 0)); // the loop may have added to any of them
        }
    }

    /// <summary>A fused loop's reverse: ∂F/∂(outside value) += ∂F/∂s · its sensitivity.</summary>
    private IEnumerable<Statement> ReverseFused(Loop loop, Scope scope)
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
        yield return new Comment("reverse of " + loop.Title + ": ∂F/∂(what it reads) = ∂F/∂" + _program.Variables[fusion.Accumulator].Name + " · the sums of its terms' derivatives");
        foreach (KeyValuePair<int, int> pair in fusion.Variables.OrderBy(p => p.Key))
        {
            foreach (Statement statement in Contribute(pair.Key, Build.Multiply(Convert(sum, _program.Variables[pair.Value].Type), _program.Read(pair.Value)), scope))
            {
                yield return statement;
            }
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

    private string Describe(Statement statement) => statement.Source.Length > 0 ? statement.Source : "…";
}

internal sealed partial class AdjointTransform
{
    /// <summary>
    /// A [GradientOf] call's reverse step: the adjoint times the partials its forward call wrote; or,
    /// with span arguments, a second call of the gradient in the reverse sweep, whose span partials are
    /// added to the spans' adjoints.
    /// </summary>
    private IEnumerable<Statement> PassGradient(Assign a, GradientCall g, Expression adjoint, Scope scope)
    {
        var output = new List<Statement> { new Comment(_program.Variables[a.Variable].Name + " = " + Describe(a) + ": chain rule through " + g.Gradient.Substring(g.Gradient.LastIndexOf('.') + 1)) };
        if (!HasSpanPartials(g))
        {
            int[] partials = GradientPartials(a, g);
            for (int i = 0; i < g.Arguments.Count; i++)
            {
                if (partials[i] >= 0 && g.Arguments[i] is ValueArgument { Value: Read r } && _activeVariables[r.Variable])
                {
                    output.AddRange(Contribute(r.Variable, Build.Multiply(adjoint, _program.Read(partials[i])), scope));
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
                output.AddRange(Contribute(r.Variable, Build.Multiply(adjoint, _program.Read(scalars[i])), scope));
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
