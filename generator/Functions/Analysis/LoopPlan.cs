using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Analysis;

/// <summary>How a loop's reverse is written.</summary>
internal enum LoopStrategy
{
    /// <summary>
    /// The forward loop saves on the tape what each iteration's reverse needs (and the number of
    /// iterations); the reverse runs the iterations' reverses, last first.
    /// </summary>
    Taped,

    /// <summary>
    /// A reduction <c>s += f(…)</c>: each iteration's reverse runs right after its forward, with
    /// ∂s/∂term = ±1, summing the derivatives of its terms with respect to what the loop reads from
    /// outside (its sensitivities); the reverse of the loop multiplies them by ∂F/∂s. One pass, and
    /// nothing kept per iteration.
    /// </summary>
    Fused,

    /// <summary>
    /// A reduction with a cheap body (arithmetic only, no loop inside) that reads only spans the method
    /// never writes: the forward loop runs as the primal does; its reverse runs the iterations again,
    /// each passing ∂F/∂s to its terms. No tape and no sensitivities: two passes of arithmetic.
    /// </summary>
    Recompute,

    /// <summary>
    /// A loop that carries values and reads few differentiated values from outside it (its inputs: what
    /// it carries in, what it reads from before it), with no loop, call or differentiated array inside:
    /// forward mode through it. Each iteration also updates the tangents of its values along each input
    /// (∂v/∂input, seeded 1 for the input itself); its reverse is one step, ∂F/∂input = Σ ∂F/∂out ·
    /// ∂out/∂input over what it leaves behind. Nothing kept per iteration, and one pass.
    /// </summary>
    Tangent,
}

/// <summary>A loop's strategy and, for a fused loop, its accumulator; for a tangent loop, its inputs (the directions).</summary>
internal sealed record LoopPlan(LoopStrategy Strategy, int Accumulator, string Why)
{
    public int[] Directions { get; init; } = new int[0];

    /// <summary>For a tangent loop: the differentiated values it assigns that are read after it (their adjoints flow back through it).</summary>
    public int[] Outputs { get; init; } = new int[0];
}

/// <summary>
/// Loop classification: a loop is fused when exactly one differentiated variable carries a value from
/// one iteration to the next and it only accumulates (<c>s = s ± t</c>, read nowhere else in the loop),
/// every other differentiated value it assigns is computed afresh in each iteration, and it writes no
/// differentiated array that lives outside it. Every other loop is taped.
/// </summary>
internal static class LoopClassifier
{
    /// <summary>At most this many inputs for forward mode through a loop (each is one tangent per value it computes, per iteration).</summary>
    public const int MaxDirections = 4;

    public static LoopPlan Classify(Loop loop, FunctionBody body, bool[] activeVariables, bool[] activeArrays, int[] roots, bool insideTapedLoop)
    {
        List<Statement> inside = Inside(loop);
        LoopPlan plan = ClassifyReverse(loop, inside, body, activeVariables, activeArrays, roots, insideTapedLoop);
        if (plan.Strategy != LoopStrategy.Taped || insideTapedLoop || TangentInputs(loop, inside, body, activeVariables, activeArrays, roots) is not { } io)
        {
            return plan;
        }

        string count = io.Inputs.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new LoopPlan(LoopStrategy.Tangent, -1, plan.Why + ", and its value depends on " + count + " differentiated value" + (io.Inputs.Length == 1 ? string.Empty : "s") + " from before it (" + string.Join(", ", io.Inputs.Select(Mention.Of)) + ")")
        {
            Directions = io.Inputs,
            Outputs = io.Outputs,
        };
    }

    /// <summary>
    /// The inputs of a loop forward mode can run through — the differentiated values it may read before
    /// writing them, and those it leaves behind (a value the loop may not write keeps its entry value) —
    /// and its outputs (what it writes that is read after it), in index order; or null: a loop, a call or
    /// a differentiated array inside, or too many inputs.
    /// </summary>
    private static (int[] Inputs, int[] Outputs)? TangentInputs(Loop loop, List<Statement> inside, FunctionBody body, bool[] activeVariables, bool[] activeArrays, int[] roots)
    {
        if (inside.Any(s => s is Loop or CallStatement or DeclareArray or DeclareView || IsActiveWrite(s, activeArrays, roots)))
        {
            return null;
        }

        if (Statements.AnyExpression(inside, e => e is GradientCall or Call || (e is ReadElement r && activeArrays[roots[r.Array]])))
        {
            return null;
        }

        int[] assigned = inside.OfType<Assign>().Select(a => a.Variable).Where(v => activeVariables[v]).Distinct().ToArray();
        HashSet<int> readOutside = ReadsOutside(body.Statements, loop);
        int[] outputs = assigned.Where(readOutside.Contains).OrderBy(v => v).ToArray();
        int[] inputs = UpwardExposed(loop.Header.Concat(loop.Body).Concat(loop.Step).ToEquatableArray(), new HashSet<int>())
            .Where(v => activeVariables[v]).Concat(outputs).Distinct().OrderBy(v => v).ToArray();
        return inputs.Length is >= 1 and <= MaxDirections && assigned.Length * inputs.Length <= 400 ? (inputs, outputs) : null;
    }

    private static bool IsActiveWrite(Statement s, bool[] activeArrays, int[] roots) => s is AssignElement e && activeArrays[roots[e.Array]];

    /// <summary>The statements of a loop's header, body and step, nested ones included, in order.</summary>
    private static List<Statement> Inside(Loop loop)
    {
        var inside = new List<Statement>();
        inside.AddRange(Statements.All(loop.Header));
        inside.AddRange(Statements.All(loop.Body));
        inside.AddRange(Statements.All(loop.Step));
        return inside;
    }

    private static LoopPlan ClassifyReverse(Loop loop, List<Statement> inside, FunctionBody body, bool[] activeVariables, bool[] activeArrays, int[] roots, bool insideTapedLoop)
    {
        if (Statements.All(loop.Step).Any(s => s is Assign a && activeVariables[a.Variable]))
        {
            return new LoopPlan(LoopStrategy.Taped, -1, "its step changes a differentiated value");
        }

        var declaredInside = new HashSet<int>(inside.OfType<DeclareArray>().Select(d => roots[d.Array]));
        foreach (AssignElement write in inside.OfType<AssignElement>())
        {
            if (activeArrays[roots[write.Array]] && !declaredInside.Contains(roots[write.Array]))
            {
                return new LoopPlan(LoopStrategy.Taped, -1, "it writes elements of " + body.Arrays[roots[write.Array]].Name + ", which lives outside it");
            }
        }

        int[] assigned = inside.OfType<Assign>().Select(a => a.Variable).Where(v => activeVariables[v]).Distinct().ToArray();
        var exposed = UpwardExposed(loop.Body, new HashSet<int>());
        HashSet<int>? readOutside = null;
        int accumulator = -1;
        foreach (int v in assigned)
        {
            bool carried = exposed.Contains(v) || (readOutside ??= ReadsOutside(body.Statements, loop)).Contains(v);
            if (!carried)
            {
                continue;
            }

            if (accumulator >= 0 || !OnlyAccumulates(v, inside))
            {
                return new LoopPlan(LoopStrategy.Taped, -1, Mention.Of(v) + " carries a value from one iteration to the next other than a running sum");
            }

            accumulator = v;
        }

        if (accumulator < 0)
        {
            return new LoopPlan(LoopStrategy.Taped, -1, "no running sum");
        }

        if (Cheap(inside) && !Statements.AnyExpression(inside, e => e is ReadElement r && body.Arrays[roots[r.Array]].Role != ArrayRole.Input))
        {
            return new LoopPlan(LoopStrategy.Recompute, accumulator, Mention.Of(accumulator) + " only accumulates and each term is cheap");
        }

        if (insideTapedLoop && ReadsOutsideArrays(inside, declaredInside, activeArrays, roots))
        {
            return new LoopPlan(LoopStrategy.Taped, -1, "it reads differentiated spans inside a loop that keeps a tape");
        }

        return new LoopPlan(LoopStrategy.Fused, accumulator, Mention.Of(accumulator) + " only accumulates");
    }

    /// <summary>Arithmetic only: no loop, no function call but the cheap ones (a branch is fine).</summary>
    private static bool Cheap(List<Statement> inside) =>
        !inside.Any(s => s is Loop or CallStatement) &&
        !Statements.AnyExpression(inside, static e => !(e switch
        {
            Operation o => Operators.Get(o.Operator).Form != OperatorForm.Function || o.Operator is "Abs" or "Max" or "Min" or "Clamp" or "FusedMultiplyAdd" or "CopySign" or "Floor" or "Ceiling" or "Round" or "Truncate" or "Sign" or Operators.MultiplyOrZero,
            GradientCall or External or Call => false,
            _ => true,
        }));

    /// <summary>Whether every write of <paramref name="v"/> is <c>v = v ± t</c> and nothing else in the loop reads it.</summary>
    private static bool OnlyAccumulates(int v, List<Statement> inside)
    {
        foreach (Statement statement in inside)
        {
            bool accumulates = statement is Assign { Value: Operation { Operator: Operators.Add or Operators.Subtract } o } a &&
                a.Variable == v && o.Operands[0] is Read first && first.Variable == v && !Statements.ReadsVariable(o.Operands[1], v);
            if (statement is Assign target && target.Variable == v && !accumulates)
            {
                return false;
            }

            if (!accumulates && Statements.ReadsVariable(statement, v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The variables a block may read before assigning them (in one run of it).</summary>
    public static HashSet<int> UpwardExposed(EquatableArray<Statement> block, HashSet<int> assigned)
    {
        var exposed = new HashSet<int>();
        Walk(block, new HashSet<int>(assigned), exposed);
        return exposed;
    }

    private static void Walk(EquatableArray<Statement> block, HashSet<int> assigned, HashSet<int> exposed)
    {
        foreach (Statement statement in block)
        {
            var reads = new ExposedReads(assigned, exposed);
            Statements.Walk(statement, ref reads);

            switch (statement)
            {
                case Assign a:
                    assigned.Add(a.Variable);
                    break;
                case If b:
                    var then = new HashSet<int>(assigned);
                    var otherwise = new HashSet<int>(assigned);
                    Walk(b.Then, then, exposed);
                    Walk(b.Else, otherwise, exposed);
                    then.IntersectWith(otherwise);
                    assigned.UnionWith(then);
                    break;
                case Loop l:
                    var inner = new HashSet<int>(assigned);
                    Walk(l.Header, inner, exposed);
                    Walk(l.Body, inner, exposed);
                    Walk(l.Step, inner, exposed);
                    Walk(l.Header, inner, exposed); // a second iteration reads what the first left
                    Walk(l.Body, inner, exposed);
                    break;
            }
        }
    }

    /// <summary>The variables read anywhere outside the loop (after it, or in an enclosing loop's next iteration): one walk for all of them.</summary>
    public static HashSet<int> ReadsOutside(EquatableArray<Statement> program, Loop loop)
    {
        var inside = new HashSet<Statement>(Statements.All(new Statement[] { loop }.ToEquatableArray()), ReferenceStatementComparer.Instance);
        var read = new HashSet<int>();
        foreach (Statement statement in Statements.All(program))
        {
            if (!inside.Contains(statement))
            {
                Statements.AddReads(statement, read);
            }
        }

        return read;
    }

    private static bool ReadsOutsideArrays(List<Statement> inside, HashSet<int> declaredInside, bool[] activeArrays, int[] roots) =>
        Statements.AnyExpression(inside, e => e is ReadElement r && activeArrays[roots[r.Array]] && !declaredInside.Contains(roots[r.Array]));

    /// <summary>Adds each variable read that is not assigned yet to the exposed set.</summary>
    private readonly struct ExposedReads : IExpressionVisitor
    {
        private readonly HashSet<int> _assigned;
        private readonly HashSet<int> _exposed;

        public ExposedReads(HashSet<int> assigned, HashSet<int> exposed)
        {
            _assigned = assigned;
            _exposed = exposed;
        }

        public void Visit(Expression expression)
        {
            if (expression is Read r && !_assigned.Contains(r.Variable))
            {
                _exposed.Add(r.Variable);
            }
        }
    }

    private sealed class ReferenceStatementComparer : IEqualityComparer<Statement>
    {
        public static readonly ReferenceStatementComparer Instance = new();

        public bool Equals(Statement? x, Statement? y) => ReferenceEquals(x, y);

        public int GetHashCode(Statement obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
