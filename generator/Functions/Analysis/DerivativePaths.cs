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
    public static IEnumerable<Expression> Reads(Expression root)
    {
        var pending = new Stack<Expression>();
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
                    yield return e;
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
    }

    /// <summary>The arrays a [GradientOf] call's derivatives flow back to.</summary>
    public static IEnumerable<int> ArrayArguments(Expression root)
    {
        foreach (Expression e in Statements.Tree(root))
        {
            if (e is GradientCall g)
            {
                for (int i = 0; i < g.Arguments.Count; i++)
                {
                    if (g.Differentiated[i] && g.Arguments[i] is ArrayArgument a)
                    {
                        yield return a.Array;
                    }
                }
            }
        }
    }
}
