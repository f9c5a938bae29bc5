using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Transform;

/// <summary>
/// A recomputed loop's replay whose only effect is <c>A[j] += s · B[c + j]</c> for j from its value up to N
/// (the reverse of a dot product: the adjoint of each element of one operand) becomes one vector
/// multiply-add over the two slices (<see cref="AddScaled"/>). Each element gets the same two IEEE
/// operations as in the loop (s·B[c + j], then the sum; no fused multiply-add), so the result is the
/// same bit for bit; A and B are different arrays (written spans never overlap read ones: the members
/// check it), and the loop's other values are read nowhere else.
/// </summary>
internal sealed partial class AdjointTransform
{
    private List<Statement>? Vectorized(Loop loop, List<Statement> body)
    {
        if (loop.Header.Count != 1 || loop.Header[0] is not ExitIf { Condition: Operation { Operator: Operators.Not } not } ||
            not.Operands[0] is not Operation { Operator: "<" } less || less.Operands[0] is not Read { Type: ScalarType.Int32 } counter ||
            loop.Step.Count != 1 || loop.Step[0] is not Assign { Value: Operation { Operator: Operators.Add } step } increment ||
            increment.Variable != counter.Variable || step.Operands.Count != 2 || step.Operands[0] is not Read { Variable: var stepped } ||
            stepped != counter.Variable || step.Operands[1] is not Constant { Value: 1.0 })
        {
            return null;
        }

        Statement[] effects = body.Where(s => s is not Comment).ToArray();
        var definitions = new Dictionary<int, Expression>();
        HashSet<int>? readOutside = null;
        AssignElement? update = null;
        foreach (Statement statement in effects)
        {
            switch (statement)
            {
                case Assign a when update is null && a.Variable != counter.Variable && !(readOutside ??= LoopClassifier.ReadsOutside(_source.Statements, loop)).Contains(a.Variable) && Inline(a.Value, definitions) is { } value:
                    definitions[a.Variable] = value;
                    break;
                case AssignElement e when update is null:
                    update = e;
                    break;
                default:
                    return null;
            }
        }

        Expression bound = less.Operands[1];
        var inside = new HashSet<int>(definitions.Keys) { counter.Variable };
        if (update is null || Reads(bound, inside) || update.Index is not Read { Variable: var index } || index != counter.Variable ||
            Inline(update.Value, definitions) is not Operation { Operator: Operators.Add, Operands.Count: 2 } sum ||
            sum.Operands[0] is not ReadElement { Index: Read { Variable: var again } } self || self.Array != update.Array || again != counter.Variable ||
            sum.Operands[1] is not Operation { Operator: Operators.Multiply, Operands.Count: 2 } product)
        {
            return null;
        }

        (ReadElement? from, Expression? scale) = product.Operands[0] is ReadElement r0 ? (r0, product.Operands[1]) : product.Operands[1] is ReadElement r1 ? (r1, product.Operands[0]) : (null, null);
        if (from is null || scale is null || Reads(scale, inside) || RootOf(from.Array) == RootOf(update.Array) ||
            Offset(from.Index, counter.Variable) is not { } start || Reads(start, inside) ||
            _program.Arrays[from.Array].Type != _program.Arrays[update.Array].Type || scale.Type != _program.Arrays[update.Array].Type)
        {
            return null;
        }

        Expression length = Build.Subtract(bound, _program.Read(counter.Variable));
        int source = _program.Array(_program.Arrays[from.Array].Name.TrimStart('@') + "_rest", _program.Arrays[from.Array].Type);
        int target = _program.Array(_program.Arrays[update.Array].Name.TrimStart('@') + "_rest", _program.Arrays[update.Array].Type);
        var then = new List<Statement>
        {
            new Comment("again: " + loop.Title + ": its only effect is a running multiply-add, done in vectors (the same two operations per element, so the same bits)"),
            new DeclareView(source, from.Array, Build.Add(start, _program.Read(counter.Variable)), length),
            new DeclareView(target, update.Array, _program.Read(counter.Variable), length),
            new AddScaled(target, source, scale),
            new Assign(counter.Variable, bound),
        };
        return new List<Statement> { new If(less, then.ToEquatableArray(), EquatableArray<Statement>.Empty) };
    }

    /// <summary>The array an array views (arrays the transform made are their own).</summary>
    private int RootOf(int array) => array < _roots.Length ? _roots[array] : array;

    /// <summary>An expression with the loop's temporaries replaced by what they were assigned; null for a kind of expression this does not take.</summary>
    private static Expression? Inline(Expression e, Dictionary<int, Expression> definitions)
    {
        switch (e)
        {
            case Read r:
                return definitions.TryGetValue(r.Variable, out Expression? d) ? d : r;
            case Constant:
                return e;
            case ReadElement r:
                return Inline(r.Index, definitions) is { } index ? r with { Index = index } : null;
            case Operation o when o.Operator is Operators.Add or Operators.Multiply or Operators.Subtract:
                var operands = new List<Expression>();
                foreach (Expression operand in o.Operands)
                {
                    if (Inline(operand, definitions) is not { } inlined)
                    {
                        return null;
                    }

                    operands.Add(inlined);
                }

                return o with { Operands = operands.ToEquatableArray() };
            default:
                return null;
        }
    }

    private static bool Reads(Expression e, HashSet<int> variables) => Statements.Tree(e).Any(x => x is Read r && variables.Contains(r.Variable));

    /// <summary>c for an index j + c or c + j (0 for j itself), else null.</summary>
    private static Expression? Offset(Expression index, int counter) => index switch
    {
        Read r when r.Variable == counter => Constant.Int(0),
        Operation { Operator: Operators.Add, Operands.Count: 2 } o when o.Operands[1] is Read r && r.Variable == counter => o.Operands[0],
        Operation { Operator: Operators.Add, Operands.Count: 2 } o when o.Operands[0] is Read r && r.Variable == counter => o.Operands[1],
        _ => null,
    };
}
