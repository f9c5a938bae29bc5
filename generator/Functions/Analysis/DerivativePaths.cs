using System.Collections.Generic;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Analysis;

/// <summary>
/// The variables and arrays a value's derivative can flow back to: reads reached through reals only
/// (not through a comparison, a condition, an int, a conversion from an int, a value NetGen does not
/// differentiate, or an argument a [GradientOf] method gives no derivative for).
/// </summary>
internal static class DerivativePaths
{
    /// <summary>The reads a derivative of <paramref name="root"/> can flow back to, added to <paramref name="into"/> (no iterator, a reused stack).</summary>
    public static void Reads(Expression root, List<Expression> into)
    {
        if (root is Read leaf)
        {
            if (leaf.IsReal)
            {
                into.Add(leaf); // most operands: no stack
            }

            return;
        }

        Stack<Expression> pending = Statements.Rent();
        pending.Push(root);
        while (pending.Count > 0)
        {
            Expression e = pending.Pop();
            if (!e.IsReal)
            {
                continue;
            }

            switch (e)
            {
                case Read or ReadElement:
                    into.Add(e);
                    break;
                case Operation o:
                    foreach (Expression operand in o.Operands)
                    {
                        pending.Push(operand);
                    }

                    break;
                case Conversion c:
                    pending.Push(c.Operand);
                    break;
                case Conditional c:
                    pending.Push(c.WhenTrue);
                    pending.Push(c.WhenFalse);
                    break;
                case GradientCall g:
                    for (int i = 0; i < g.Arguments.Count; i++)
                    {
                        if (g.Differentiated[i] && g.Arguments[i] is ValueArgument v)
                        {
                            pending.Push(v.Value);
                        }
                    }

                    break;
            }
        }

        Statements.Return(pending);
    }

    /// <summary>The arrays a [GradientOf] call's derivatives flow back to, added to <paramref name="into"/>.</summary>
    public static void ArrayArguments(Expression root, List<int> into)
    {
        var arrays = new GradientArrays(into);
        Statements.Walk(root, ref arrays);
    }

    private readonly struct GradientArrays : IExpressionVisitor
    {
        private readonly List<int> _into;

        public GradientArrays(List<int> into) => _into = into;

        public void Visit(Expression expression)
        {
            if (expression is GradientCall g)
            {
                for (int i = 0; i < g.Arguments.Count; i++)
                {
                    if (g.Differentiated[i] && g.Arguments[i] is ArrayArgument a)
                    {
                        _into.Add(a.Array);
                    }
                }
            }
        }
    }
}
