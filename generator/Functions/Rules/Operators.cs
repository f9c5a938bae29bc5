using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Functions.Model;
using static NetGen.Generator.Functions.Rules.Build;

namespace NetGen.Generator.Functions.Rules;

/// <summary>How an operation is written in C#.</summary>
internal enum OperatorForm
{
    /// <summary><c>a op b</c>.</summary>
    Binary,

    /// <summary><c>op a</c>.</summary>
    Prefix,

    /// <summary><c>Math.F(a, …)</c>.</summary>
    Function,
}

/// <summary>∂result/∂operand, as an expression of the operands and the result.</summary>
internal delegate Expression Partial(Expression[] operands, Expression result);

/// <summary>
/// One operator or math function: how C# writes it and, for real operands, its partial derivative
/// with respect to each operand, as IR expressions built from other operators of this table — so the
/// same rule serves the gradient, forward mode and, applied to itself, second derivatives.
/// </summary>
/// <param name="Key">The key operations carry (<c>+</c>, <c>Exp</c>, <c>Log/2</c>).</param>
/// <param name="Form">How it is written.</param>
/// <param name="Text">The operator token, or the function's name.</param>
/// <param name="Precedence">C#'s binding strength of the written form (higher binds tighter).</param>
/// <param name="Partials">∂/∂operand for each operand; null where there is no derivative (comparisons, logic).</param>
/// <param name="Formula">The rule as a comment.</param>
/// <param name="Singular">Whether a partial can be infinite or NaN at finite operands (√ at 0, 1/b at 0): a product with it takes an exact zero factor as zero.</param>
internal sealed record OperatorRule(string Key, OperatorForm Form, string Text, int Precedence, Partial[]? Partials, string Formula, bool Singular = false)
{
    public int Arity => Partials?.Length ?? (Form == OperatorForm.Prefix ? 1 : 2);

    /// <summary>The formula as the comment on a step of this rule ends: <c>: ∂(a·b) = (b, a)</c> (one string per rule, not per step).</summary>
    public string Caption { get; } = ": " + Formula;

    /// <summary>Whether the function exists on <c>Math</c>/<c>MathF</c> (else on <c>double</c>/<c>float</c>).</summary>
    public bool OnMath { get; init; } = true;

    /// <summary>The operand positions that are ints (ScaleB's exponent): never differentiated.</summary>
    public int IntOperand { get; init; } = -1;

    /// <summary>
    /// Whether the partials select an operand (max, min, clamp, |a| at its kink): a partial of exactly 0
    /// means the operand was not chosen, so nothing flows to it — not even an infinite or NaN adjoint
    /// (√(max(v, 0)) at v &lt; 0 has derivative 0, not ∞·0). Every sweep multiplies by such a partial
    /// with <c>Kernels.MultiplyOrZero</c>.
    /// </summary>
    public bool Selects { get; init; }

    /// <summary>
    /// Whether a product with this rule's partial must let an exact zero win: an operand a selection did
    /// not choose (<see cref="Selects"/>), or a partial that can be infinite (<see cref="Singular"/>) met by a
    /// tangent or adjoint that is exactly zero — √(max(v, 0)) at v &lt; 0 in forward mode, max(√x, c) at
    /// x = 0 in reverse: the value does not depend on the operand there, and ∞·0 must not make NaN.
    /// </summary>
    public bool ZeroWins => Selects || Singular;
}

/// <summary>
/// Every operator and math function a <c>[Differentiable]</c> body may use, in one table. Adding a
/// function is one entry here (its partials written with <see cref="Build"/>) plus its tests.
/// </summary>
internal static class Operators
{
    public const string Add = "+";
    public const string Subtract = "-";
    public const string Multiply = "*";
    public const string Divide = "/";
    public const string Remainder = "%";
    public const string Negate = "neg";
    public const string Not = "!";
    public const string And = "&&";
    public const string Or = "||";

    /// <summary>
    /// a·b, except that an exact zero factor gives 0 even where the other is infinite or NaN. Not a
    /// C# operator: the rules use it where a derivative is constant (Pow at b = 0), and second
    /// derivatives where a tangent or adjoint that is exactly zero meets an infinite partial.
    /// </summary>
    public const string MultiplyOrZero = "*0";

    internal const int Primary = 100;
    internal const int Unary = 90;
    internal const int Multiplicative = 80;
    internal const int Additive = 70;
    internal const int Shift = 65;
    internal const int Relational = 60;
    internal const int Equality = 55;
    internal const int BitAnd = 50;
    internal const int BitXor = 48;
    internal const int BitOr = 46;
    internal const int LogicalAnd = 40;
    internal const int LogicalOr = 35;
    internal const int Ternary = 10;

    private const double Ln10 = 2.302585092994046;
    private const double Ln2 = 0.6931471805599453;

    private static Expression L(Expression like, double value) => Literal(like.Type, value);

    private static readonly OperatorRule[] Rules =
    {
        Binary(Add, Additive, "∂(a + b) = (1, 1)", (o, _) => L(o[0], 1), (o, _) => L(o[0], 1)),
        Binary(Subtract, Additive, "∂(a − b) = (1, −1)", (o, _) => L(o[0], 1), (o, _) => L(o[0], -1)),
        Binary(Multiply, Multiplicative, "∂(a·b) = (b, a)", (o, _) => o[1], (o, _) => o[0]),
        Binary(Divide, Multiplicative, "∂(a / b) = (1/b, −(a/b)/b)", singular: true,
            (o, _) => Divide(L(o[0], 1), o[1]), (o, r) => Negate(Divide(r, o[1]))),
        Binary(Remainder, Multiplicative, "∂(a % b) = (1, −trunc(a/b))",
            (o, _) => L(o[0], 1), (o, _) => Negate(Function("Truncate", Divide(o[0], o[1])))),
        new(Negate, OperatorForm.Prefix, "-", Unary, new Partial[] { (o, _) => L(o[0], -1) }, "∂(−a) = −1"),
        new(MultiplyOrZero, OperatorForm.Function, "MultiplyOrZero", Primary,
            new Partial[] { (o, _) => o[1], (o, _) => o[0] }, "∂(a·b) = (b, a), an exact zero factor giving 0", Singular: true),

        Fn("Exp", "∂exp(a) = exp(a)", (_, r) => r),
        Fn("Log", "∂log(a) = 1/a", singular: true, (o, _) => Divide(L(o[0], 1), o[0])),
        Fn("Log", "∂log_b(a) = (1/(a·ln b), −log_b(a)/(b·ln b))", singular: true,
            (o, _) => Divide(L(o[0], 1), Multiply(o[0], Function("Log", o[1]))),
            (o, r) => Negate(Divide(r, Multiply(o[1], Function("Log", o[1]))))),
        Fn("Log10", "∂log₁₀(a) = 1/(a·ln 10)", singular: true, (o, _) => Divide(L(o[0], 1), Multiply(o[0], L(o[0], Ln10)))),
        Fn("Log2", "∂log₂(a) = 1/(a·ln 2)", singular: true, (o, _) => Divide(L(o[0], 1), Multiply(o[0], L(o[0], Ln2)))),
        Fn("Sqrt", "∂√a = 1/(2√a)", singular: true, (o, r) => Divide(L(o[0], 0.5), r)),
        Fn("Cbrt", "∂∛a = 1/(3∛a²)", singular: true, (o, r) => Divide(L(o[0], 1), Multiply(L(o[0], 3), Multiply(r, r)))),
        // aᵇ: where b = 0 the power is the constant 1 (0·a⁻¹ would be NaN at a = 0); where aᵇ = 0 (a = 0, b > 0)
        // it is the constant 0 in b (aᵇ·log a would be 0·−∞). An exact zero factor wins, and its own
        // derivative is still b's or aᵇ's: ∂²aᵇ/∂a∂b at b = 0 is 1/a.
        Fn("Pow", "∂aᵇ = (b·aᵇ⁻¹, aᵇ·log a), an exact zero factor giving 0 (b = 0; aᵇ = 0)", singular: true,
            (o, _) => MultiplyOrZero(o[1], Function("Pow", o[0], Subtract(o[1], L(o[0], 1)))),
            (o, r) => MultiplyOrZero(r, Function("Log", o[0]))),
        Fn("Sin", "∂sin(a) = cos(a)", (o, _) => Function("Cos", o[0])),
        Fn("Cos", "∂cos(a) = −sin(a)", (o, _) => Negate(Function("Sin", o[0]))),
        Fn("Tan", "∂tan(a) = 1 + tan²(a)", (o, r) => Add(L(o[0], 1), Multiply(r, r))),
        Fn("Asin", "∂asin(a) = 1/√(1 − a²)", singular: true, (o, _) => Divide(L(o[0], 1), Function("Sqrt", Subtract(L(o[0], 1), Multiply(o[0], o[0]))))),
        Fn("Acos", "∂acos(a) = −1/√(1 − a²)", singular: true, (o, _) => Divide(L(o[0], -1), Function("Sqrt", Subtract(L(o[0], 1), Multiply(o[0], o[0]))))),
        Fn("Atan", "∂atan(a) = 1/(1 + a²)", (o, _) => Divide(L(o[0], 1), Add(L(o[0], 1), Multiply(o[0], o[0])))),
        Fn("Atan2", "∂atan2(y, x) = (x, −y)/(x² + y²)", singular: true,
            (o, _) => Divide(o[1], Add(Multiply(o[0], o[0]), Multiply(o[1], o[1]))),
            (o, _) => Divide(Negate(o[0]), Add(Multiply(o[0], o[0]), Multiply(o[1], o[1])))),
        Fn("Sinh", "∂sinh(a) = cosh(a)", (o, _) => Function("Cosh", o[0])),
        Fn("Cosh", "∂cosh(a) = sinh(a)", (o, _) => Function("Sinh", o[0])),
        Fn("Tanh", "∂tanh(a) = 1 − tanh²(a)", (o, r) => Subtract(L(o[0], 1), Multiply(r, r))),
        Fn("Asinh", "∂asinh(a) = 1/√(a² + 1)", (o, _) => Divide(L(o[0], 1), Function("Sqrt", Add(Multiply(o[0], o[0]), L(o[0], 1))))),
        // √(a − 1)·√(a + 1) rather than √(a² − 1): no overflow for large a, exact near a = 1.
        Fn("Acosh", "∂acosh(a) = 1/√(a² − 1)", singular: true,
            (o, _) => Divide(L(o[0], 1), Multiply(Function("Sqrt", Subtract(o[0], L(o[0], 1))), Function("Sqrt", Add(o[0], L(o[0], 1)))))),
        Fn("Atanh", "∂atanh(a) = 1/(1 − a²)", singular: true, (o, _) => Divide(L(o[0], 1), Subtract(L(o[0], 1), Multiply(o[0], o[0])))),
        Fn("Abs", "∂|a| = sign(a), 0 at 0 (as PyTorch)", (o, _) => SignOf(o[0])) with { Selects = true },
        // Ties split the derivative evenly between the operands, as PyTorch's maximum/minimum and JAX do.
        Fn("Max", "∂max(a, b) goes to the larger operand; ½ each on a tie", (o, _) => Tie(o[0], ">", o[1]), (o, _) => Tie(o[1], ">", o[0])) with { Selects = true },
        Fn("Min", "∂min(a, b) goes to the smaller operand; ½ each on a tie", (o, _) => Tie(o[0], "<", o[1]), (o, _) => Tie(o[1], "<", o[0])) with { Selects = true },
        // clamp(v, lo, hi) = min(max(v, lo), hi), with the tie rule of each.
        Fn("Clamp", "∂clamp(v, lo, hi) as min(max(v, lo), hi), ½ each on a tie",
            (o, _) => Multiply(Tie(o[0], ">", o[1]), Tie(Function("Max", o[0], o[1]), "<", o[2])),
            (o, _) => Multiply(Tie(o[1], ">", o[0]), Tie(Function("Max", o[0], o[1]), "<", o[2])),
            (o, _) => Tie(o[2], "<", Function("Max", o[0], o[1]))) with { Selects = true },
        Fn("FusedMultiplyAdd", "∂(a·b + c) = (b, a, 1)", (o, _) => o[1], (o, _) => o[0], (o, _) => L(o[0], 1)),
        // a·2ⁿ with an int n: exact scaling by a power of two; n is never differentiated.
        Fn("ScaleB", "∂(a·2ⁿ) = 2ⁿ (n is an int)", (o, _) => Function("ScaleB", L(o[0], 1), o[1]), (o, _) => L(o[0], 0)) with { IntOperand = 1 },
        Fn("CopySign", "∂copysign(a, b) = (sign(a)·sign(b) where a ≠ 0, 0)",
            (o, _) => Multiply(SignOf(o[0]), Select(Compare("<", Function("CopySign", L(o[0], 1), o[1]), L(o[0], 0)), L(o[0], -1), L(o[0], 1))),
            (o, _) => L(o[0], 0)) with { Selects = true },
        Fn("Hypot", "∂hypot(a, b) = (a, b)/hypot(a, b)", singular: true, (o, r) => Divide(o[0], r), (o, r) => Divide(o[1], r)) with { OnMath = false },
        Fn("ExpM1", "∂(eᵃ − 1) = eᵃ", (o, r) => Add(r, L(o[0], 1))) with { OnMath = false },
        Fn("LogP1", "∂log(1 + a) = 1/(1 + a)", singular: true, (o, _) => Divide(L(o[0], 1), Add(L(o[0], 1), o[0]))) with { OnMath = false },
        Fn("Exp2", "∂2ᵃ = 2ᵃ·ln 2", (o, r) => Multiply(r, L(o[0], Ln2))) with { OnMath = false },
        Fn("Exp10", "∂10ᵃ = 10ᵃ·ln 10", (o, r) => Multiply(r, L(o[0], Ln10))) with { OnMath = false },
        // Step functions: derivative 0 wherever it exists (everywhere but the jumps).
        Fn("Floor", "∂⌊a⌋ = 0 (where it exists)", (o, _) => L(o[0], 0)),
        Fn("Ceiling", "∂⌈a⌉ = 0 (where it exists)", (o, _) => L(o[0], 0)),
        Fn("Round", "∂round(a) = 0 (where it exists)", (o, _) => L(o[0], 0)),
        Fn("Truncate", "∂trunc(a) = 0 (where it exists)", (o, _) => L(o[0], 0)),

        // No derivative: comparisons, logic, int-only operators, and functions with an int result.
        Passive("<", OperatorForm.Binary, Relational), Passive("<=", OperatorForm.Binary, Relational),
        Passive(">", OperatorForm.Binary, Relational), Passive(">=", OperatorForm.Binary, Relational),
        Passive("==", OperatorForm.Binary, Equality), Passive("!=", OperatorForm.Binary, Equality),
        Passive(And, OperatorForm.Binary, LogicalAnd), Passive(Or, OperatorForm.Binary, LogicalOr),
        Passive(Not, OperatorForm.Prefix, Unary), Passive("~", OperatorForm.Prefix, Unary),
        Passive("&", OperatorForm.Binary, BitAnd), Passive("|", OperatorForm.Binary, BitOr), Passive("^", OperatorForm.Binary, BitXor),
        Passive("<<", OperatorForm.Binary, Shift), Passive(">>", OperatorForm.Binary, Shift),
        new("Sign", OperatorForm.Function, "Sign", Primary, null, "sign(a) is an int: no derivative"),
        new("ILogB", OperatorForm.Function, "ILogB", Primary, null, "ilogb(a) is an int: no derivative"),
        new("IsNaN", OperatorForm.Function, "IsNaN", Primary, null, "a bool") { OnMath = false },
        new("IsFinite", OperatorForm.Function, "IsFinite", Primary, null, "a bool") { OnMath = false },
        new("IsInfinity", OperatorForm.Function, "IsInfinity", Primary, null, "a bool") { OnMath = false },
    };

    private static readonly Dictionary<string, OperatorRule> Table = Rules.ToDictionary(r => r.Key, StringComparer.Ordinal);

    /// <summary>The rule of <paramref name="key"/>.</summary>
    public static OperatorRule Get(string key) => Table[key];

    /// <summary>The rule of <paramref name="key"/>, or null.</summary>
    public static OperatorRule? Find(string key) => Table.TryGetValue(key, out OperatorRule? rule) ? rule : null;

    /// <summary>The key of the function <paramref name="name"/> of <paramref name="arity"/> arguments (<c>Log/2</c>).</summary>
    public static string FunctionKey(string name, int arity) =>
        arity == 1 || name is "Max" or "Min" or "Clamp" or "Pow" or "Atan2" or "FusedMultiplyAdd" or "ScaleB" or "CopySign" or "Hypot"
            ? name
            : name + "/" + arity.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The names of the supported math functions, for messages.</summary>
    public static string SupportedFunctions =>
        string.Join(", ", Rules.Where(r => r.Form == OperatorForm.Function && r.Partials is not null && r.Key != MultiplyOrZero).Select(r => r.Text).Distinct());

    /// <summary>The type of an operation's result: bool for comparisons and logic, else the operands' type.</summary>
    public static ScalarType ResultType(string key, ScalarType operand) => key switch
    {
        "<" or "<=" or ">" or ">=" or "==" or "!=" or And or Or or Not or "IsNaN" or "IsFinite" or "IsInfinity" => ScalarType.Boolean,
        "Sign" or "ILogB" => ScalarType.Int32,
        _ => operand,
    };

    private static OperatorRule Binary(string key, int precedence, string formula, params Partial[] partials) =>
        new(key, OperatorForm.Binary, key, precedence, partials, formula);

    private static OperatorRule Binary(string key, int precedence, string formula, bool singular, params Partial[] partials) =>
        new(key, OperatorForm.Binary, key, precedence, partials, formula, singular);

    private static OperatorRule Fn(string name, string formula, params Partial[] partials) =>
        new(FunctionKey(name, partials.Length), OperatorForm.Function, name, Primary, partials, formula);

    private static OperatorRule Fn(string name, string formula, bool singular, params Partial[] partials) =>
        new(FunctionKey(name, partials.Length), OperatorForm.Function, name, Primary, partials, formula, singular);

    private static OperatorRule Passive(string key, OperatorForm form, int precedence) =>
        new(key, form, key, precedence, null, string.Empty);

    /// <summary>1 when <paramref name="a"/> wins the comparison, ½ on a tie, else 0.</summary>
    private static Expression Tie(Expression a, string op, Expression b) =>
        Select(Compare(op, a, b), L(a, 1), Select(Compare("==", a, b), L(a, 0.5), L(a, 0)));

    /// <summary>sign(a) as a real: 1, −1, or 0 at 0 (and NaN).</summary>
    private static Expression SignOf(Expression a) =>
        Select(Compare(">", a, L(a, 0)), L(a, 1), Select(Compare("<", a, L(a, 0)), L(a, -1), L(a, 0)));
}
