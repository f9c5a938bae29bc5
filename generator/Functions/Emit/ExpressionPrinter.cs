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

    public string Print(Expression e) => Print(e, 0);

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

    private string Print(Expression e, int minimum)
    {
        (string text, int precedence) = Render(e);
        return precedence < minimum ? "(" + text + ")" : text;
    }

    /// <summary>
    /// An expression; one whose overflow behaviour differs from the context's is written inside
    /// <c>checked(…)</c> or <c>unchecked(…)</c>, and its operands are printed in that context (so an
    /// unchecked operand inside a checked one is wrapped again, as C# needs).
    /// </summary>
    private (string Text, int Precedence) Render(Expression e)
    {
        if (OverflowChecked(e) is not { } isChecked || isChecked == _checked)
        {
            return RenderIn(e);
        }

        bool outer = _checked;
        _checked = isChecked;
        string inner = RenderIn(e).Text;
        _checked = outer;
        return ((isChecked ? "checked" : "unchecked") + "(" + inner + ")", Operators.Primary);
    }

    /// <summary>Whether an expression's value depends on the overflow context, and the context it was written in; null where it does not.</summary>
    private static bool? OverflowChecked(Expression e) => e switch
    {
        Operation o when o.Type == ScalarType.Int32 && o.Operator is "+" or "-" or "*" or "/" or "neg" => o.Checked,
        Conversion c when c.Type == ScalarType.Int32 && c.Operand.Type != ScalarType.Int32 => c.Checked,
        _ => null,
    };

    private (string Text, int Precedence) RenderIn(Expression e) => e switch
    {
        Constant c => (Literal(c.Type, c.Value), System.BitConverter.DoubleToInt64Bits(c.Value) < 0 ? Operators.Unary : Operators.Primary),
        Read r => (_variables[r.Variable], Operators.Primary),
        ReadElement r => (_arrays[r.Array] + "[" + Print(r.Index, 0) + "]", Operators.Primary),
        ArrayLength l => (_arrays[l.Array] + ".Length", Operators.Primary),
        Operation o => RenderOperation(o),
        Conversion c => ("(" + TypeName(c.Type) + ")" + Print(c.Operand, Operators.Unary), Operators.Unary),
        Conditional c => (Print(c.Condition, Operators.Ternary + 1) + " ? " + Print(c.WhenTrue, Operators.Ternary) + " : " + Print(c.WhenFalse, Operators.Ternary), Operators.Ternary),
        External x => (x.IsField ? x.Member : x.Member + "(" + string.Join(", ", x.Arguments.Select(a => Print(a, 0))) + ")", Operators.Primary),
        GradientCall g => (g.Function + "(" + string.Join(", ", g.Arguments.Select(Argument)) + ")", Operators.Primary),
        DotProduct d => (RuntimeNames.Kernels + ".Dot(" + _arrays[d.A] + ", " + _arrays[d.B] + ")", Operators.Primary),
        _ => throw new System.InvalidOperationException(e.GetType().Name + " cannot be written here"),
    };

    public string Argument(Argument argument) => argument switch
    {
        ValueArgument v => Print(v.Value, 0),
        ArrayArgument { Start: null } a => _arrays[a.Array],
        ArrayArgument { Length: null } a => _arrays[a.Array] + ".Slice(" + Print(a.Start!, 0) + ")",
        ArrayArgument a => _arrays[a.Array] + ".Slice(" + Print(a.Start!, 0) + ", " + Print(a.Length!, 0) + ")",
        _ => throw new System.InvalidOperationException(),
    };

    /// <summary>An operation; a left-nested chain of binary operators is written without recursion.</summary>
    private (string Text, int Precedence) RenderOperation(Operation top)
    {
        OperatorRule rule = Operators.Get(top.Operator);
        if (rule.Form == OperatorForm.Function)
        {
            ScalarType operand = top.Operands[0].Type;
            return (FunctionName(rule, operand) + "(" + string.Join(", ", top.Operands.Select(o => Print(o, 0))) + ")", Operators.Primary);
        }

        if (rule.Form == OperatorForm.Prefix)
        {
            string inner = Print(top.Operands[0], Operators.Unary);
            string op = rule.Text;
            string text = op + (inner.StartsWith(op, System.StringComparison.Ordinal) || (op == "-" && inner.StartsWith("-", System.StringComparison.Ordinal)) ? "(" + inner + ")" : inner);
            return (text, Operators.Unary);
        }

        if (SelfComparison(top) is { } self)
        {
            return (self, Operators.Primary);
        }

        if (top.Operands.Count == 2 && !Continues(top.Operands[0], rule.Precedence))
        {
            // One level (most statements of a lowered body): no spine, no builder.
            return (Print(top.Operands[0], rule.Precedence) + " " + rule.Text + " " + Print(top.Operands[1], rule.Precedence + 1), rule.Precedence);
        }

        var spine = new Stack<Operation>();
        Expression current = top;
        while (current is Operation { Operands.Count: 2 } o && Operators.Get(o.Operator).Form == OperatorForm.Binary && Operators.Get(o.Operator).Precedence == rule.Precedence &&
               (ReferenceEquals(o, top) || OverflowChecked(o) is not { } isChecked || isChecked == _checked))
        {
            spine.Push(o);
            current = o.Operands[0];
        }

        var text2 = new StringBuilder(Print(current, rule.Precedence));
        while (spine.Count > 0)
        {
            Operation level = spine.Pop();
            text2.Append(' ').Append(Operators.Get(level.Operator).Text).Append(' ').Append(Print(level.Operands[1], rule.Precedence + 1));
        }

        return (text2.ToString(), rule.Precedence);
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
    private string? SelfComparison(Operation o)
    {
        if (o.Operands.Count != 2 || o.Operands[0] is not Read a || o.Operands[1] is not Read b || a.Variable != b.Variable ||
            o.Operator is not ("==" or "!=" or "<" or "<=" or ">" or ">="))
        {
            return null;
        }

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

    /// <summary>Whether an int operation's overflow checking differs from the compilation's default.</summary>
}
