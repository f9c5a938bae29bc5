using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Transform;

/// <summary>The forward sweep: the primal, with what the reverse sweep needs kept as it is overwritten.</summary>
internal sealed partial class AdjointTransform
{
    private List<Statement> Forward(EquatableArray<Statement> block, Scope scope)
    {
        var output = new List<Statement>();
        for (int index = 0; index < block.Count; index++)
        {
            Statement statement = block[index];
            switch (statement)
            {
                case Assign a:
                    if (_saves.TryGetValue(a, out Save? save) && save.Inverse is null)
                    {
                        output.Add(Keep(a.Variable, save));
                    }

                    output.Add(a.Value is GradientCall g && !HasSpanPartials(g) && _activeVariables[a.Variable] ? CaptureGradient(a, g) : a);
                    break;
                case If b:
                    output.Add(b with { Then = Forward(b.Then, scope).ToEquatableArray(), Else = Forward(b.Else, scope).ToEquatableArray() });
                    break;
                case Loop l when _plans[l].Strategy == LoopStrategy.Fused:
                    output.AddRange(ForwardFused(l, scope));
                    break;
                case Loop l when _plans[l].Strategy == LoopStrategy.Recompute:
                    output.Add(new Comment(l.Title + ": " + _plans[l].Why + ", so its reverse runs it again, passing ∂F/∂" + Mention.Of(_plans[l].Accumulator).Trim('\'') + " to each term (no tape)"));
                    output.AddRange(_loopSaves[l].Select(k => Keep(k.Variable, k.Save)));
                    output.Add(l);
                    break;
                case Loop l when _plans[l].Strategy == LoopStrategy.Tangent:
                    output.AddRange(ForwardTangent(l));
                    break;
                case Loop l:
                    output.AddRange(ForwardTaped(l, scope, ShortByItsBound(l, block, index)));
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary>Keeps a variable's value: pushed on the tape, or copied into its own local.</summary>
    private Statement Keep(int variable, Save save) =>
        save.OnTape ? new Push(_program.Read(variable)) : new Assign(save.Variable, _program.Read(variable));

    /// <summary>Gives a variable back the value <see cref="Keep"/> kept.</summary>
    private Statement Restore(int variable, Save save) =>
        save.Inverse is { } inverse ? inverse : save.OnTape ? new Pop(variable) : new Assign(variable, _program.Read(save.Variable));

    private Statement CaptureGradient(Assign a, GradientCall g) =>
        new CallGradient(a.Variable, g.Gradient, g.Arguments, GradientPartials(a, g).ToEquatableArray(), g.Arguments.Select(_ => -1).ToEquatableArray()) { Source = a.Source };

    /// <summary>
    /// A taped loop counts its iterations; inside another loop, the count goes on the tape after it. At the
    /// top of the sweep, a loop whose head keeps nothing is checkpointed past <c>Checkpoints.After</c>
    /// iterations (see <see cref="Checkpointed"/>).
    /// </summary>
    private IEnumerable<Statement> ForwardTaped(Loop loop, Scope scope, bool isShort)
    {
        int counter = _program.Variable("iterations", ScalarType.Int32);
        _counters[loop] = counter;
        Scope inner = scope.Nested(loop: true);
        List<Statement> taped = Forward(loop.Body, inner);
        EquatableArray<Statement> header = Forward(loop.Header, inner).ToEquatableArray();
        EquatableArray<Statement> step = Forward(loop.Step, inner).ToEquatableArray();
        Statement increment = new Assign(counter, new Operation(ScalarType.Int32, Operators.Add, new Expression[] { _program.Read(counter), Constant.Int(1) }.ToEquatableArray()));
        yield return new Comment(loop.Title + ": " + _plans[loop].Why + ", so it is taped: its reverse runs the kept iterations backwards");
        yield return new Assign(counter, Constant.Int(0));
        if (!scope.InLoop && scope.Fusion is null && !scope.Repeats && !header.Concat(step).Any(KeepsSomething) && !isShort)
        {
            Checkpoint checkpoint = Checkpointed(loop, counter, header, taped, step);
            yield return new Comment("past its first Checkpoints.After iterations (16,384 unless set), it keeps checkpoints instead of a tape: memory O(√n) for one more forward sweep, the same result bit for bit");
            yield return new Assign(checkpoint.After, new External(ScalarType.Int32, RuntimeNames.Checkpoints + ".After", EquatableArray<Expression>.Empty, IsField: true));
            yield return new CheckpointStart(checkpoint.Store, checkpoint.After, checkpoint.Variables, checkpoint.Arrays);
            var past = new List<Statement> { new CheckpointSave(checkpoint.Store, counter, checkpoint.After, checkpoint.Variables, checkpoint.Arrays) };
            past.AddRange(Statements.Filter(taped, s => s is not Push));
            var body = new List<Statement> { new If(Build.Compare("<", _program.Read(counter), _program.Read(checkpoint.After)), taped.ToEquatableArray(), past.ToEquatableArray()), increment };
            yield return loop with { Header = header, Body = body.ToEquatableArray(), Step = step };
            yield break;
        }

        taped.Add(increment);
        yield return loop with { Header = header, Body = taped.ToEquatableArray(), Step = step };
        if (scope.InLoop)
        {
            yield return new Push(_program.Read(counter));
        }
    }

    /// <summary>
    /// A loop whose exit test reads only constants of at most 16,384 and what the loop itself assigns,
    /// each set to such a constant just before it (<c>for (int i = 0; i &lt; 3; i++)</c>): too short to
    /// checkpoint, so its code stays as it is.
    /// </summary>
    /// <summary>The runtime's default <c>Checkpoints.After</c>: a loop bounded by constants below it never checkpoints by default.</summary>
    private const int ShortLoop = 16384;

    private static bool ShortByItsBound(Loop loop, EquatableArray<Statement> block, int index)
    {
        var inside = new HashSet<int>(Statements.All(new Statement[] { loop }.ToEquatableArray()).OfType<Assign>().Select(a => a.Variable));
        Expression[] tested = Statements.All(loop.Header).SelectMany(Statements.Expressions).SelectMany(Statements.Tree).ToArray();
        return tested.Length > 0 && tested.All(e => e switch
        {
            Read r => inside.Contains(r.Variable) && InitialValue(r.Variable, block, index) is { } start && Small(start),
            Constant c => Small(c),
            Operation or Conversion => true,
            _ => false,
        });

        static bool Small(Constant c) => System.Math.Abs(c.Value) <= ShortLoop;
    }

    /// <summary>The constant a variable is given by the last statement before <paramref name="index"/> that assigns it, if that is all it does.</summary>
    private static Constant? InitialValue(int variable, EquatableArray<Statement> block, int index)
    {
        for (int i = index - 1; i >= 0; i--)
        {
            if (block[i] is Assign a && a.Variable == variable)
            {
                return a.Value as Constant;
            }

            if (Statements.All(new[] { block[i] }.ToEquatableArray()).Any(s => s is Assign inner && inner.Variable == variable))
            {
                return null; // assigned inside a branch or loop before it
            }
        }

        return null;
    }

    private static bool KeepsSomething(Statement statement) => Statements.All(new[] { statement }.ToEquatableArray()).Any(s => s is Push);

    /// <summary>
    /// A fused loop: before it, the sensitivities of what it reads from outside start at zero; in each
    /// iteration, the body's forward, then its reverse with ∂s/∂term = ±1 (adjoints of outside values
    /// summed into the sensitivities), with what the loop carries to the next iteration put back after.
    /// </summary>
    private IEnumerable<Statement> ForwardFused(Loop loop, Scope scope)
    {
        Fusion fusion = _fusions[loop];
        var inside = new HashSet<int>(Statements.All(new Statement[] { loop }.ToEquatableArray()).OfType<Assign>().Select(a => a.Variable));
        var before = new List<Statement>
        {
            new Comment(loop.Title + ": " + _plans[loop].Why + ", so each iteration's reverse runs as it goes, summing the derivatives of its terms"),
        };
        before.AddRange(_loopSaves[loop].Select(s => Keep(s.Variable, s.Save)));
        foreach (int outside in OutsideReads(loop.Body).Where(v => !inside.Contains(v)).Distinct().OrderBy(v => v))
        {
            int sensitivity = _program.Derived("sum_*", outside, _program.Variables[outside].Type);
            fusion.Variables[outside] = sensitivity;
            before.Add(new Assign(sensitivity, Build.Zero(_program.Variables[outside].Type)));
        }

        foreach (int root in OutsideArrays(loop).Distinct().OrderBy(a => a))
        {
            int sensitivity = _program.Array("sum_" + _program.Arrays[root].Name.TrimStart('@'), _program.Arrays[root].Type);
            fusion.Arrays[root] = sensitivity;
            before.Add(new DeclareArray(sensitivity, new ArrayLength(root)));
        }

        Scope unit = scope.Fused(fusion);
        var body = Forward(loop.Body, unit);
        int[] snapshot = fusion.Snapshot.Select(v => _program.Derived("*_end", v, _program.Variables[v].Type)).ToArray();
        body.AddRange(fusion.Snapshot.Select((v, i) => (Statement)new Assign(snapshot[i], _program.Read(v))));
        body.Add(new Comment("reverse of this iteration, with ∂" + Mention.Of(fusion.Accumulator).Trim('\'') + "/∂term = ±1"));
        body.AddRange(Reverse(loop.Body, unit));
        body.AddRange(fusion.Snapshot.Select((v, i) => (Statement)new Assign(v, _program.Read(snapshot[i]))));
        foreach (Statement statement in before)
        {
            yield return statement;
        }

        yield return loop with { Body = body.ToEquatableArray() };
        if (scope.InLoop)
        {
            foreach (int sensitivity in fusion.Variables.Values.OrderBy(v => v))
            {
                yield return new Push(_program.Read(sensitivity));
            }
        }
    }

    /// <summary>The differentiated variables whose adjoints the reverse steps of a block pass derivatives to.</summary>
    private IEnumerable<int> OutsideReads(EquatableArray<Statement> block)
    {
        var reads = new List<Expression>();
        foreach (Assign a in Statements.All(block).OfType<Assign>().Where(a => _activeVariables[a.Variable]))
        {
            reads.Clear();
            DerivativePaths.Reads(a.Value, reads);
            foreach (Read r in reads.OfType<Read>())
            {
                if (_activeVariables[r.Variable] && r.Variable != a.Variable)
                {
                    yield return r.Variable;
                }
            }
        }

        foreach (AssignElement e in Statements.All(block).OfType<AssignElement>().Where(e => ActiveArray(e.Array)))
        {
            if (e.Value is Read r && _activeVariables[r.Variable])
            {
                yield return r.Variable;
            }
        }
    }

    /// <summary>The differentiated arrays from outside a loop that its body reads (by root).</summary>
    private IEnumerable<int> OutsideArrays(Loop loop)
    {
        Statement[] inside = Statements.All(new Statement[] { loop }.ToEquatableArray()).ToArray();
        var declared = new HashSet<int>(inside.OfType<DeclareArray>().Select(d => _roots[d.Array]));
        return inside.SelectMany(Statements.Expressions).SelectMany(Statements.Tree)
            .SelectMany(e => e switch
            {
                ReadElement r => new[] { r.Array },
                GradientCall g => g.Arguments.Where((a, i) => g.Differentiated[i] && a is ArrayArgument).Select(a => ((ArrayArgument)a).Array),
                _ => new int[0],
            })
            .Select(a => _roots[a]).Where(a => ActiveArray(a) && !declared.Contains(a));
    }
}
