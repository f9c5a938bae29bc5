using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Emit;

/// <summary>
/// Writes IR expressions as C#, with the parentheses precedence needs and no more; int operations
/// marked checked or unchecked where they differ from the compilation's default.
/// </summary>
internal sealed class ExpressionPrinter
{
    private readonly string[] _variables;
    private readonly string[] _arrays;
    /// <summary>Whether the code being printed is in a checked context (the method's default, or a checked(…) written around it).</summary>
    private bool _checked;

    public ExpressionPrinter(string[] variables, string[] arrays, bool checkedByDefault)
    {
        _variables = variables;
        _arrays = arrays;
        _checked = checkedByDefault;
    }

    public string Variable(int v) => _variables[v];

    public string Array(int a) => _arrays[a];

    /// <summary>The expression as C#.</summary>
    public string Print(Expression e) => Print(e, 0);

    /// <summary>Writes the expression as C# at the end of <paramref name="text"/> (no string per node).</summary>
    public void Write(StringBuilder text, Expression e) => Write(text, e, 0);

    public static string TypeName(ScalarType type) => type switch
    {
        ScalarType.Double => "double",
        ScalarType.Single => "float",
        ScalarType.Int32 => "int",
        _ => "bool",
    };

    public static string Zero(ScalarType type) => type switch
    {
        ScalarType.Double => "0.0",
        ScalarType.Single => "0.0f",
        ScalarType.Int32 => "0",
        _ => "false",
    };

    public static string Literal(ScalarType type, double value) => type switch
    {
        ScalarType.Double => EmitterCommon.Literal(value),
        ScalarType.Single => SingleLiteral((float)value),
        ScalarType.Int32 => ((int)value).ToString(CultureInfo.InvariantCulture),
        _ => value != 0 ? "true" : "false",
    };

    private static string SingleLiteral(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsInfinity(value))
        {
            return value > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return (text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text) + "f";
    }

    /// <summary>The function a key calls for operands of <paramref name="type"/>: <c>global::System.Math.Exp</c>, <c>double.ExpM1</c>, …</summary>
    public static string FunctionName(OperatorRule rule, ScalarType type)
    {
        if (rule.Key == Operators.MultiplyOrZero)
        {
            return RuntimeNames.Kernels + ".MultiplyOrZero";
        }

        if (!rule.OnMath)
        {
            return TypeName(type) + "." + rule.Text;
        }

        bool single = type == ScalarType.Single && rule.Text is not ("Clamp");
        return (single ? RuntimeNames.MathF : RuntimeNames.Math) + "." + rule.Text;
    }

    /// <summary>An expression printed on its own: written at the end of the scratch builder, then cut off (re-entrant).</summary>
    private string Print(Expression e, int minimum)
    {
        int start = _scratch.Length;
        Write(_scratch, e, minimum);
        string text = _scratch.ToString(start, _scratch.Length - start);
        _scratch.Length = start;
        return text;
    }

    private readonly StringBuilder _scratch = new();

    /// <summary>Writes the expression, in parentheses where its precedence is below <paramref name="minimum"/>.</summary>
    private void Write(StringBuilder text, Expression e, int minimum)
    {
        if (Precedence(e) < minimum)
        {
            text.Append('(');
            Render(text, e);
            text.Append(')');
        }
        else
        {
            Render(text, e);
        }
    }

    /// <summary>The precedence of the expression as <see cref="Render"/> writes it (in the current overflow context).</summary>
    private int Precedence(Expression e)
    {
        if (OverflowChecked(e) is { } isChecked && isChecked != _checked)
        {
            return Operators.Primary; // written inside checked(…) or unchecked(…)
        }

        switch (e)
        {
            case Constant c:
                return System.BitConverter.DoubleToInt64Bits(c.Value) < 0 ? Operators.Unary : Operators.Primary;
            case Operation o:
                OperatorRule rule = Operators.Get(o.Operator);
                return rule.Form == OperatorForm.Function ? Operators.Primary :
                    rule.Form == OperatorForm.Prefix ? Operators.Unary :
                    IsSelfComparison(o) ? Operators.Primary :
                    rule.Precedence;
            case Conversion:
                return Operators.Unary;
            case Conditional:
                return Operators.Ternary;
            default:
                return Operators.Primary;
        }
    }

    /// <summary>
    /// An expression; one whose overflow behaviour differs from the context's is written inside
    /// <c>checked(…)</c> or <c>unchecked(…)</c>, and its operands are printed in that context (so an
    /// unchecked operand inside a checked one is wrapped again, as C# needs).
    /// </summary>
    private void Render(StringBuilder text, Expression e)
    {
        if (OverflowChecked(e) is not { } isChecked || isChecked == _checked)
        {
            RenderIn(text, e);
            return;
        }

        bool outer = _checked;
        _checked = isChecked;
        text.Append(isChecked ? "checked(" : "unchecked(");
        RenderIn(text, e);
        text.Append(')');
        _checked = outer;
    }

    /// <summary>Whether an expression's value depends on the overflow context, and the context it was written in; null where it does not.</summary>
    private static bool? OverflowChecked(Expression e) => e switch
    {
        Operation o when o.Type == ScalarType.Int32 && o.Operator is "+" or "-" or "*" or "/" or "neg" => o.Checked,
        Conversion c when c.Type == ScalarType.Int32 && c.Operand.Type != ScalarType.Int32 => c.Checked,
        _ => null,
    };

    private void RenderIn(StringBuilder text, Expression e)
    {
        switch (e)
        {
            case Constant c:
                text.Append(Literal(c.Type, c.Value));
                break;
            case Read r:
                text.Append(_variables[r.Variable]);
                break;
            case ReadElement r:
                text.Append(_arrays[r.Array]).Append('[');
                Write(text, r.Index, 0);
                text.Append(']');
                break;
            case ArrayLength l:
                text.Append(_arrays[l.Array]).Append(".Length");
                break;
            case Operation o:
                RenderOperation(text, o);
                break;
            case Conversion c:
                text.Append('(').Append(TypeName(c.Type)).Append(')');
                Write(text, c.Operand, Operators.Unary);
                break;
            case Conditional c:
                Write(text, c.Condition, Operators.Ternary + 1);
                text.Append(" ? ");
                Write(text, c.WhenTrue, Operators.Ternary);
                text.Append(" : ");
                Write(text, c.WhenFalse, Operators.Ternary);
                break;
            case External x:
                text.Append(x.Member);
                if (!x.IsField)
                {
                    text.Append('(');
                    for (int i = 0; i < x.Arguments.Count; i++)
                    {
                        text.Append(i == 0 ? string.Empty : ", ");
                        Write(text, x.Arguments[i], 0);
                    }

                    text.Append(')');
                }

                break;
            case GradientCall g:
                text.Append(g.Function).Append('(');
                for (int i = 0; i < g.Arguments.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ", ");
                    WriteArgument(text, g.Arguments[i]);
                }

                text.Append(')');
                break;
            case DotProduct d:
                text.Append(RuntimeNames.Kernels).Append(".Dot(").Append(_arrays[d.A]).Append(", ").Append(_arrays[d.B]).Append(')');
                break;
            default:
                throw new System.InvalidOperationException(e.GetType().Name + " cannot be written here");
        }
    }

    public string Argument(Argument argument)
    {
        int start = _scratch.Length;
        WriteArgument(_scratch, argument);
        string text = _scratch.ToString(start, _scratch.Length - start);
        _scratch.Length = start;
        return text;
    }

    private void WriteArgument(StringBuilder text, Argument argument)
    {
        switch (argument)
        {
            case ValueArgument v:
                Write(text, v.Value, 0);
                break;
            case ArrayArgument a:
                text.Append(_arrays[a.Array]);
                if (a.Start is not null)
                {
                    text.Append(".Slice(");
                    Write(text, a.Start, 0);
                    if (a.Length is not null)
                    {
                        text.Append(", ");
                        Write(text, a.Length, 0);
                    }

                    text.Append(')');
                }

                break;
            default:
                throw new System.InvalidOperationException();
        }
    }

    /// <summary>An operation; a left-nested chain of binary operators is written without recursion.</summary>
    private void RenderOperation(StringBuilder text, Operation top)
    {
        OperatorRule rule = Operators.Get(top.Operator);
        if (rule.Form == OperatorForm.Function)
        {
            text.Append(FunctionName(rule, top.Operands[0].Type)).Append('(');
            for (int i = 0; i < top.Operands.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ");
                Write(text, top.Operands[i], 0);
            }

            text.Append(')');
            return;
        }

        if (rule.Form == OperatorForm.Prefix)
        {
            string inner = Print(top.Operands[0], Operators.Unary);
            string op = rule.Text;
            text.Append(op);
            if (inner.StartsWith(op, System.StringComparison.Ordinal) || (op == "-" && inner.StartsWith("-", System.StringComparison.Ordinal)))
            {
                text.Append('(').Append(inner).Append(')');
            }
            else
            {
                text.Append(inner);
            }

            return;
        }

        if (IsSelfComparison(top))
        {
            text.Append(SelfComparison(top));
            return;
        }

        if (top.Operands.Count == 2 && !Continues(top.Operands[0], rule.Precedence))
        {
            // One level (most statements of a lowered body): no spine.
            Write(text, top.Operands[0], rule.Precedence);
            text.Append(' ').Append(rule.Text).Append(' ');
            Write(text, top.Operands[1], rule.Precedence + 1);
            return;
        }

        var spine = new Stack<Operation>();
        Expression current = top;
        while (current is Operation { Operands.Count: 2 } o && Operators.Get(o.Operator).Form == OperatorForm.Binary && Operators.Get(o.Operator).Precedence == rule.Precedence &&
               (ReferenceEquals(o, top) || OverflowChecked(o) is not { } isChecked || isChecked == _checked))
        {
            spine.Push(o);
            current = o.Operands[0];
        }

        Write(text, current, rule.Precedence);
        while (spine.Count > 0)
        {
            Operation level = spine.Pop();
            text.Append(' ').Append(Operators.Get(level.Operator).Text).Append(' ');
            Write(text, level.Operands[1], rule.Precedence + 1);
        }
    }

    /// <summary>Whether a chain of the same precedence continues into <paramref name="left"/> (the loop below would take it).</summary>
    private bool Continues(Expression left, int precedence) =>
        left is Operation { Operands.Count: 2 } o && Operators.Get(o.Operator).Form == OperatorForm.Binary && Operators.Get(o.Operator).Precedence == precedence &&
        (OverflowChecked(o) is not { } isChecked || isChecked == _checked);

    /// <summary>
    /// A comparison of a variable with itself, written without the comparison the compiler warns about
    /// (CS1718) and with the same value: for a real, <c>x == x</c> is <c>!double.IsNaN(x)</c>; for an int
    /// or a bool, <c>Equals</c>/<c>CompareTo</c>.
    /// </summary>
    private string SelfComparison(Operation o)
    {
        var a = (Read)o.Operands[0];
        string x = _variables[a.Variable];
        if (a.IsReal)
        {
            string nan = TypeName(a.Type) + ".IsNaN(" + x + ")";
            return o.Operator switch
            {
                "==" or "<=" or ">=" => "!" + nan,
                "!=" => nan,
                _ => "false",
            };
        }

        return o.Operator switch
        {
            "==" => x + ".Equals(" + x + ")",
            "!=" => "!" + x + ".Equals(" + x + ")",
            _ => x + ".CompareTo(" + x + ") " + o.Operator + " 0",
        };
    }

    private static bool IsSelfComparison(Operation o) =>
        o.Operands.Count == 2 && o.Operands[0] is Read a && o.Operands[1] is Read b && a.Variable == b.Variable &&
        o.Operator is "==" or "!=" or "<" or "<=" or ">" or ">=";
}
