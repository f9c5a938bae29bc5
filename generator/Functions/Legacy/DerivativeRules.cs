using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Functions.Legacy;

/// <summary>
/// One operator or <c>Math</c> function: its partial derivative with respect to each operand, as an
/// <see cref="Expr"/> of the operands (<c>a</c>, <c>b</c>) and the result (<c>r</c>). The value itself
/// is <c>Expr.Op(Key, operands)</c>.
/// </summary>
/// <param name="Key">The operator, or the <c>Math</c> method name (with <c>/arity</c> when it is not 1).</param>
/// <param name="PartialRules">∂r/∂operand for each operand, from the operands and the result.</param>
/// <param name="Formula">The rule as a comment.</param>
internal sealed record DerivativeRule(
    string Key,
    Func<Expr[], Expr, Expr>[] PartialRules,
    string Formula)
{
    public int Arity => PartialRules.Length;

    /// <summary>The value, as C#, from operand names.</summary>
    public string Forward(string[] operands) => Expr.Op(Key, operands.Select(Expr.Name).ToArray()).Render();

    /// <summary>∂r/∂operand <paramref name="j"/>, as an expression of the operands and the result.</summary>
    public Expr Partial(int j, Expr[] operands, Expr result) => PartialRules[j](operands, result);

    /// <summary>∂r/∂operand <paramref name="j"/>, as C#, from operand names and the result's name.</summary>
    public string Partial(int j, string[] operands, string result) =>
        Partial(j, operands.Select(Expr.Name).ToArray(), Expr.Name(result)).Render();
}

/// <summary>
/// The derivative rule of every supported operator and function, in one table. Adding a function
/// (say <c>Math.Atan</c>) is one line here plus its tests. Partials are expressions built from other
/// rules, so that second derivatives apply this same table again.
/// </summary>
internal static class DerivativeRules
{
    private const string Math = "global::System.Math";

    public const string Add = "+";
    public const string Subtract = "-";
    public const string Multiply = "*";
    public const string Divide = "/";
    public const string Negate = "neg";

    private const double Ln10 = 2.302585092994046;
    private const double Ln2 = 0.6931471805599453;

    private static Expr F(string key, params Expr[] operands) => Expr.Op(key, operands);

    private static readonly DerivativeRule[] Rules =
    {
        Rule(Add, "∂(a + b) = (1, 1)", (_, _) => 1.0, (_, _) => 1.0),
        Rule(Subtract, "∂(a − b) = (1, −1)", (_, _) => 1.0, (_, _) => -1.0),
        Rule(Multiply, "∂(a·b) = (b, a)", (o, _) => o[1], (o, _) => o[0]),
        Rule(Divide, "∂(a / b) = (1/b, −(a/b)/b)", (o, _) => 1.0 / o[1], (o, r) => -r / o[1]),
        Rule(Negate, "∂(−a) = −1", (_, _) => -1.0),
        Function("Exp", "∂exp(a) = exp(a)", (_, r) => r),
        Function("Log", "∂log(a) = 1/a", (o, _) => 1.0 / o[0]),
        Function("Log", "∂log_b(a) = (1/(a·ln b), −log_b(a)/(b·ln b))", (o, _) => 1.0 / (o[0] * F("Log", o[1])), (o, r) => -r / (o[1] * F("Log", o[1]))),
        Function("Log10", "∂log₁₀(a) = 1/(a·ln 10)", (o, _) => 1.0 / (o[0] * Ln10)),
        Function("Log2", "∂log₂(a) = 1/(a·ln 2)", (o, _) => 1.0 / (o[0] * Ln2)),
        Function("Sqrt", "∂√a = 1/(2√a)", (_, r) => 0.5 / r),
        Function("Cbrt", "∂∛a = 1/(3∛a²)", (_, r) => 1.0 / (3.0 * r * r)),
        // aᵇ: at b = 0 the power is the constant 1 (0 · a⁻¹ would be NaN at a = 0); at a = 0 with
        // b > 0 it is the constant 0 in b (aᵇ · log a would be 0 · −∞).
        Function("Pow", "∂aᵇ = (b·aᵇ⁻¹, aᵇ·log a); 0 where the power is constant (b = 0, or a = 0 for ∂/∂b)",
            (o, _) => Expr.If(Expr.Compare("==", o[1], 0.0), 0.0, o[1] * F("Pow/2", o[0], o[1] - 1.0)),
            (o, r) => Expr.If(Expr.Compare("==", r, 0.0), 0.0, r * F("Log", o[0]))),
        Function("Sin", "∂sin(a) = cos(a)", (o, _) => F("Cos", o[0])),
        Function("Cos", "∂cos(a) = −sin(a)", (o, _) => -F("Sin", o[0])),
        Function("Tan", "∂tan(a) = 1 + tan²(a)", (_, r) => 1.0 + r * r),
        Function("Asin", "∂asin(a) = 1/√(1 − a²)", (o, _) => 1.0 / F("Sqrt", 1.0 - o[0] * o[0])),
        Function("Acos", "∂acos(a) = −1/√(1 − a²)", (o, _) => -1.0 / F("Sqrt", 1.0 - o[0] * o[0])),
        Function("Atan", "∂atan(a) = 1/(1 + a²)", (o, _) => 1.0 / (1.0 + o[0] * o[0])),
        Function("Atan2", "∂atan2(y, x) = (x, −y)/(x² + y²)", (o, _) => o[1] / (o[0] * o[0] + o[1] * o[1]), (o, _) => -o[0] / (o[0] * o[0] + o[1] * o[1])),
        Function("Sinh", "∂sinh(a) = cosh(a)", (o, _) => F("Cosh", o[0])),
        Function("Cosh", "∂cosh(a) = sinh(a)", (o, _) => F("Sinh", o[0])),
        Function("Tanh", "∂tanh(a) = 1 − tanh²(a)", (_, r) => 1.0 - r * r),
        Function("Asinh", "∂asinh(a) = 1/√(a² + 1)", (o, _) => 1.0 / F("Sqrt", o[0] * o[0] + 1.0)),
        // √(a − 1)·√(a + 1) rather than √(a² − 1): no overflow for large a, exact near a = 1.
        Function("Acosh", "∂acosh(a) = 1/√(a² − 1)", (o, _) => 1.0 / (F("Sqrt", o[0] - 1.0) * F("Sqrt", o[0] + 1.0))),
        Function("Atanh", "∂atanh(a) = 1/(1 − a²)", (o, _) => 1.0 / (1.0 - o[0] * o[0])),
        Function("Abs", "∂|a| = sign(a), 0 at 0 (as PyTorch)", (o, _) => Expr.If(Expr.Compare(">", o[0], 0.0), 1.0, Expr.If(Expr.Compare("<", o[0], 0.0), -1.0, 0.0))),
        // Ties split the derivative evenly between the operands, as PyTorch's maximum/minimum and JAX do.
        Function("Max", "∂max(a, b) goes to the larger operand; ½ each on a tie", (o, _) => Tie(o[0], ">", o[1]), (o, _) => Tie(o[1], ">", o[0])),
        Function("Min", "∂min(a, b) goes to the smaller operand; ½ each on a tie", (o, _) => Tie(o[0], "<", o[1]), (o, _) => Tie(o[1], "<", o[0])),
        // clamp(v, lo, hi) = min(max(v, lo), hi), with the tie rule of each.
        Function("Clamp", "∂clamp(v, lo, hi) as min(max(v, lo), hi), ½ each on a tie",
            (o, _) => Tie(o[0], ">", o[1]) * Tie(F("Max/2", o[0], o[1]), "<", o[2]),
            (o, _) => Tie(o[1], ">", o[0]) * Tie(F("Max/2", o[0], o[1]), "<", o[2]),
            (o, _) => Tie(o[2], "<", F("Max/2", o[0], o[1]))),
        Function("FusedMultiplyAdd", "∂(a·b + c) = (b, a, 1)", (o, _) => o[1], (o, _) => o[0], (_, _) => 1.0),
        // a·2ⁿ with an int n: exact scaling by a power of two; n is never differentiated.
        Function("ScaleB", "∂(a·2ⁿ) = 2ⁿ (n is an int)", (o, _) => F("ScaleB/2", 1.0, o[1]), (_, _) => 0.0),
        // Step functions: derivative 0 wherever it exists (everywhere but the jumps).
        Function("Floor", "∂⌊a⌋ = 0 (where it exists)", (_, _) => 0.0),
        Function("Ceiling", "∂⌈a⌉ = 0 (where it exists)", (_, _) => 0.0),
        Function("Round", "∂round(a) = 0 (where it exists)", (_, _) => 0.0),
        Function("Truncate", "∂trunc(a) = 0 (where it exists)", (_, _) => 0.0),
        Function("Sign", "∂sign(a) = 0 (where it exists)", (_, _) => 0.0),
    };

    private static readonly Dictionary<string, DerivativeRule> Table = Rules.ToDictionary(r => r.Key, StringComparer.Ordinal);

    /// <summary>The names of the supported <c>Math</c> functions, for messages.</summary>
    public static string SupportedFunctions =>
        string.Join(", ", Rules.Where(r => char.IsUpper(r.Key[0])).Select(r => r.Key.Split('/')[0]).Distinct());

    /// <summary>The rule for the <c>Math</c> function <paramref name="name"/> taking <paramref name="arity"/> arguments, or null.</summary>
    public static DerivativeRule? FindFunction(string name, int arity) =>
        Table.TryGetValue(FunctionKey(name, arity), out DerivativeRule? rule) ? rule : null;

    /// <summary>The C# function a rule key calls: <c>Log/2</c> → <c>global::System.Math.Log</c>.</summary>
    public static string FunctionName(string key) => Math + "." + key.Split('/')[0];

    /// <summary>Whether the function's operand <paramref name="j"/> is an int (ScaleB's exponent).</summary>
    public static bool IsIntOperand(string key, int j) => key == "ScaleB/2" && j == 1;

    private static DerivativeRule Rule(string key, string formula, params Func<Expr[], Expr, Expr>[] partials) =>
        new(key, partials, formula);

    /// <summary>A rule for <c>Math.<paramref name="name"/></c>, keyed by name and arity (Log takes 1 or 2).</summary>
    private static DerivativeRule Function(string name, string formula, params Func<Expr[], Expr, Expr>[] partials) =>
        new(FunctionKey(name, partials.Length), partials, formula);

    private static string FunctionKey(string name, int arity) => arity == 1 ? name : name + "/" + arity.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>1 when <paramref name="a"/> wins the comparison, ½ on a tie, else 0.</summary>
    private static Expr Tie(Expr a, string op, Expr b) => Expr.If(Expr.Compare(op, a, b), 1.0, Expr.If(Expr.Compare("==", a, b), 0.5, 0.0));

    /// <summary>The rule for an operator key or a <c>Math</c> method name, or null.</summary>
    public static DerivativeRule? Find(string key) => Table.TryGetValue(key, out DerivativeRule? rule) ? rule : null;
}
