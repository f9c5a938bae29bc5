using System;
using System.Linq;
using System.Text;

namespace NetGen.Generator.Functions.Legacy;

/// <summary>
/// A small expression tree: how a derivative rule writes a value or a partial derivative. The same
/// tree is rendered as C# (for the gradient) or built into graph nodes (for forward-over-reverse
/// second derivatives), so that each rule is written once.
/// </summary>
internal abstract class Expr
{
    public static readonly Expr Zero = new Number(0.0);
    public static readonly Expr One = new Number(1.0);

    /// <summary>A name or any C# text that needs no parentheses (a local, a parameter, <c>(i + 1)</c>).</summary>
    public static Expr Name(string text) => new Leaf(text);

    public static Expr Num(double value) => new Number(value);

    /// <summary>A node of a function's graph (for building second derivatives; it has no text).</summary>
    public static Expr Node(int index) => new NodeRef(index);

    /// <summary>The operation of the rule <paramref name="key"/> (see <see cref="DerivativeRules"/>) on <paramref name="operands"/>.</summary>
    public static Expr Op(string key, params Expr[] operands) => new Apply(key, operands);

    /// <summary>A comparison (<c>&lt; &lt;= &gt; &gt;= == !=</c>): a bool.</summary>
    public static Expr Compare(string op, Expr a, Expr b) => new Comparison(op, a, b);

    /// <summary><c>c ? a : b</c>.</summary>
    public static Expr If(Expr condition, Expr whenTrue, Expr whenFalse) => new Conditional(condition, whenTrue, whenFalse);

    public static Expr operator +(Expr a, Expr b) => Op(DerivativeRules.Add, a, b);

    public static Expr operator -(Expr a, Expr b) => Op(DerivativeRules.Subtract, a, b);

    public static Expr operator *(Expr a, Expr b) => Op(DerivativeRules.Multiply, a, b);

    public static Expr operator /(Expr a, Expr b) => Op(DerivativeRules.Divide, a, b);

    public static Expr operator -(Expr a) => Op(DerivativeRules.Negate, a);

    public static implicit operator Expr(double value) => new Number(value);

    /// <summary>The expression as C#, with the parentheses its precedence needs and no more.</summary>
    public string Render() => Render(0);

    public override string ToString() => Render();

    /// <summary>How tightly the rendered text binds (C#'s precedence; higher binds tighter).</summary>
    protected abstract int Precedence { get; }

    protected abstract void Write(StringBuilder text);

    private string Render(int minimum)
    {
        var text = new StringBuilder();
        Write(text, minimum);
        return text.ToString();
    }

    protected void Write(StringBuilder text, int minimum)
    {
        bool wrap = Precedence < minimum;
        if (wrap)
        {
            text.Append('(');
        }

        Write(text);
        if (wrap)
        {
            text.Append(')');
        }
    }

    internal const int Primary = 100;
    internal const int Unary = 90;
    internal const int Multiplicative = 80;
    internal const int Additive = 70;
    internal const int Relational = 60;
    internal const int Equality = 55;
    internal const int And = 40;
    internal const int Or = 35;
    internal const int Ternary = 10;

    internal sealed class Leaf : Expr
    {
        public Leaf(string text) => Text = text;

        public string Text { get; }

        protected override int Precedence => Primary;

        protected override void Write(StringBuilder text) => text.Append(Text);
    }

    internal sealed class NodeRef : Expr
    {
        public NodeRef(int index) => Index = index;

        public int Index { get; }

        protected override int Precedence => Primary;

        protected override void Write(StringBuilder text) => throw new InvalidOperationException("a graph node has no text");
    }

    internal sealed class Number : Expr
    {
        public Number(double value) => Value = value;

        public double Value { get; }

        protected override int Precedence => Value < 0 || (Value == 0 && 1.0 / Value < 0) ? Unary : Primary;

        protected override void Write(StringBuilder text) => text.Append(NetGen.Generator.Common.EmitterCommon.Literal(Value));
    }

    internal sealed class Apply : Expr
    {
        public Apply(string key, Expr[] operands)
        {
            Key = key;
            Operands = operands;
        }

        public string Key { get; }

        public Expr[] Operands { get; }

        protected override int Precedence => Key switch
        {
            DerivativeRules.Add or DerivativeRules.Subtract => Additive,
            DerivativeRules.Multiply or DerivativeRules.Divide => Multiplicative,
            DerivativeRules.Negate => Unary,
            _ => Primary,
        };

        protected override void Write(StringBuilder text)
        {
            switch (Key)
            {
                case DerivativeRules.Add or DerivativeRules.Subtract or DerivativeRules.Multiply or DerivativeRules.Divide:
                    Operands[0].Write(text, Precedence);
                    text.Append(' ').Append(Key).Append(' ');
                    Operands[1].Write(text, Precedence + 1);
                    break;
                case DerivativeRules.Negate:
                    string operand = Operands[0].Render(Unary);
                    text.Append('-');
                    text.Append(operand.StartsWith("-", StringComparison.Ordinal) ? "(" + operand + ")" : operand);
                    break;
                default:
                    text.Append(DerivativeRules.FunctionName(Key)).Append('(');
                    text.Append(string.Join(", ", Operands.Select(o => o.Render(0))));
                    text.Append(')');
                    break;
            }
        }
    }

    internal sealed class Comparison : Expr
    {
        public Comparison(string op, Expr a, Expr b)
        {
            Operator = op;
            A = a;
            B = b;
        }

        public string Operator { get; }

        public Expr A { get; }

        public Expr B { get; }

        protected override int Precedence => Operator is "==" or "!=" ? Equality : Relational;

        protected override void Write(StringBuilder text)
        {
            A.Write(text, Precedence);
            text.Append(' ').Append(Operator).Append(' ');
            B.Write(text, Precedence + 1);
        }
    }

    internal sealed class Conditional : Expr
    {
        public Conditional(Expr condition, Expr whenTrue, Expr whenFalse)
        {
            Condition = condition;
            WhenTrue = whenTrue;
            WhenFalse = whenFalse;
        }

        public Expr Condition { get; }

        public Expr WhenTrue { get; }

        public Expr WhenFalse { get; }

        protected override int Precedence => Ternary;

        protected override void Write(StringBuilder text)
        {
            Condition.Write(text, Ternary + 1);
            text.Append(" ? ");
            WhenTrue.Write(text, Ternary);
            text.Append(" : ");
            WhenFalse.Write(text, Ternary);
        }
    }
}
