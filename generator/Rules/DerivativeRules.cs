using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Rules;

/// <summary>
/// One operator or <c>Math</c> function: how to compute it, and its partial derivative with respect
/// to each operand, written in terms of the operands (<c>a</c>, <c>b</c>) and the result (<c>r</c>).
/// </summary>
/// <param name="Key">The operator or the <c>Math</c> method name.</param>
/// <param name="Forward">The value from operand names.</param>
/// <param name="Partials">∂r/∂operand for each operand, from the operand names and the result name.</param>
/// <param name="Formula">The rule as a comment.</param>
internal sealed record DerivativeRule(
    string Key,
    Func<string[], string> Forward,
    Func<string[], string, string>[] Partials,
    string Formula)
{
    public int Arity => Partials.Length;
}

/// <summary>
/// The derivative rule of every supported operator and function, in one table. Adding a function
/// (say <c>Math.Atan</c>) is one line here plus its tests.
/// </summary>
internal static class DerivativeRules
{
    private const string Math = "global::System.Math";

    public const string Add = "+";
    public const string Subtract = "-";
    public const string Multiply = "*";
    public const string Divide = "/";
    public const string Negate = "neg";

    private const string Ln10 = "2.302585092994046";
    private const string Ln2 = "0.6931471805599453";

    private static readonly DerivativeRule[] Rules =
    {
        Rule(Add, o => $"{o[0]} + {o[1]}", "∂(a + b) = (1, 1)", (_, _) => "1.0", (_, _) => "1.0"),
        Rule(Subtract, o => $"{o[0]} - {o[1]}", "∂(a − b) = (1, −1)", (_, _) => "1.0", (_, _) => "-1.0"),
        Rule(Multiply, o => $"{o[0]} * {o[1]}", "∂(a·b) = (b, a)", (o, _) => o[1], (o, _) => o[0]),
        Rule(Divide, o => $"{o[0]} / {o[1]}", "∂(a / b) = (1/b, −(a/b)/b)", (o, _) => $"1.0 / {o[1]}", (o, r) => $"-{r} / {o[1]}"),
        Rule(Negate, o => $"-{o[0]}", "∂(−a) = −1", (_, _) => "-1.0"),
        Function("Exp", "∂exp(a) = exp(a)", (_, r) => r),
        Function("Log", "∂log(a) = 1/a", (o, _) => $"1.0 / {o[0]}"),
        Function("Log", "∂log_b(a) = (1/(a·ln b), −log_b(a)/(b·ln b))", (o, _) => $"1.0 / ({o[0]} * {Math}.Log({o[1]}))", (o, r) => $"-{r} / ({o[1]} * {Math}.Log({o[1]}))"),
        Function("Log10", "∂log₁₀(a) = 1/(a·ln 10)", (o, _) => $"1.0 / ({o[0]} * {Ln10})"),
        Function("Log2", "∂log₂(a) = 1/(a·ln 2)", (o, _) => $"1.0 / ({o[0]} * {Ln2})"),
        Function("Sqrt", "∂√a = 1/(2√a)", (_, r) => $"0.5 / {r}"),
        Function("Cbrt", "∂∛a = 1/(3∛a²)", (_, r) => $"1.0 / (3.0 * {r} * {r})"),
        // aᵇ: at b = 0 the power is the constant 1 (0 · a⁻¹ would be NaN at a = 0); at a = 0 with
        // b > 0 it is the constant 0 in b (aᵇ · log a would be 0 · −∞).
        Function("Pow", "∂aᵇ = (b·aᵇ⁻¹, aᵇ·log a); 0 where the power is constant (b = 0, or a = 0 for ∂/∂b)",
            (o, _) => $"{o[1]} == 0.0 ? 0.0 : {o[1]} * {Math}.Pow({o[0]}, {o[1]} - 1.0)",
            (o, r) => $"{r} == 0.0 ? 0.0 : {r} * {Math}.Log({o[0]})"),
        Function("Sin", "∂sin(a) = cos(a)", (o, _) => $"{Math}.Cos({o[0]})"),
        Function("Cos", "∂cos(a) = −sin(a)", (o, _) => $"-{Math}.Sin({o[0]})"),
        Function("Tan", "∂tan(a) = 1 + tan²(a)", (_, r) => $"1.0 + {r} * {r}"),
        Function("Asin", "∂asin(a) = 1/√(1 − a²)", (o, _) => $"1.0 / {Math}.Sqrt(1.0 - {o[0]} * {o[0]})"),
        Function("Acos", "∂acos(a) = −1/√(1 − a²)", (o, _) => $"-1.0 / {Math}.Sqrt(1.0 - {o[0]} * {o[0]})"),
        Function("Atan", "∂atan(a) = 1/(1 + a²)", (o, _) => $"1.0 / (1.0 + {o[0]} * {o[0]})"),
        Function("Atan2", "∂atan2(y, x) = (x, −y)/(x² + y²)", (o, _) => $"{o[1]} / ({o[0]} * {o[0]} + {o[1]} * {o[1]})", (o, _) => $"-{o[0]} / ({o[0]} * {o[0]} + {o[1]} * {o[1]})"),
        Function("Sinh", "∂sinh(a) = cosh(a)", (o, _) => $"{Math}.Cosh({o[0]})"),
        Function("Cosh", "∂cosh(a) = sinh(a)", (o, _) => $"{Math}.Sinh({o[0]})"),
        Function("Tanh", "∂tanh(a) = 1 − tanh²(a)", (_, r) => $"1.0 - {r} * {r}"),
        Function("Asinh", "∂asinh(a) = 1/√(a² + 1)", (o, _) => $"1.0 / {Math}.Sqrt({o[0]} * {o[0]} + 1.0)"),
        // √(a − 1)·√(a + 1) rather than √(a² − 1): no overflow for large a, exact near a = 1.
        Function("Acosh", "∂acosh(a) = 1/√(a² − 1)", (o, _) => $"1.0 / ({Math}.Sqrt({o[0]} - 1.0) * {Math}.Sqrt({o[0]} + 1.0))"),
        Function("Atanh", "∂atanh(a) = 1/(1 − a²)", (o, _) => $"1.0 / (1.0 - {o[0]} * {o[0]})"),
        Function("Abs", "∂|a| = sign(a), 0 at 0 (as PyTorch)", (o, _) => $"{o[0]} > 0.0 ? 1.0 : {o[0]} < 0.0 ? -1.0 : 0.0"),
        // Ties split the derivative evenly between the operands, as PyTorch's maximum/minimum and JAX do.
        Function("Max", "∂max(a, b) goes to the larger operand; ½ each on a tie", (o, _) => Tie(o[0], ">", o[1]), (o, _) => Tie(o[1], ">", o[0])),
        Function("Min", "∂min(a, b) goes to the smaller operand; ½ each on a tie", (o, _) => Tie(o[0], "<", o[1]), (o, _) => Tie(o[1], "<", o[0])),
        // clamp(v, lo, hi) = min(max(v, lo), hi), with the tie rule of each.
        Function("Clamp", "∂clamp(v, lo, hi) as min(max(v, lo), hi), ½ each on a tie",
            (o, _) => $"({Tie(o[0], ">", o[1])}) * ({Tie($"{Math}.Max({o[0]}, {o[1]})", "<", o[2])})",
            (o, _) => $"({Tie(o[1], ">", o[0])}) * ({Tie($"{Math}.Max({o[0]}, {o[1]})", "<", o[2])})",
            (o, _) => Tie(o[2], "<", $"{Math}.Max({o[0]}, {o[1]})")),
        Function("FusedMultiplyAdd", "∂(a·b + c) = (b, a, 1)", (o, _) => o[1], (o, _) => o[0], (_, _) => "1.0"),
        // Step functions: derivative 0 wherever it exists (everywhere but the jumps).
        Function("Floor", "∂⌊a⌋ = 0 (where it exists)", (_, _) => "0.0"),
        Function("Ceiling", "∂⌈a⌉ = 0 (where it exists)", (_, _) => "0.0"),
        Function("Round", "∂round(a) = 0 (where it exists)", (_, _) => "0.0"),
        Function("Truncate", "∂trunc(a) = 0 (where it exists)", (_, _) => "0.0"),
        Function("Sign", "∂sign(a) = 0 (where it exists)", (_, _) => "0.0"),
    };

    private static readonly Dictionary<string, DerivativeRule> Table = Rules.ToDictionary(r => r.Key, StringComparer.Ordinal);

    /// <summary>The names of the supported <c>Math</c> functions, for messages.</summary>
    public static string SupportedFunctions =>
        string.Join(", ", Rules.Where(r => char.IsUpper(r.Key[0])).Select(r => r.Key.Split('/')[0]).Distinct());

    /// <summary>The rule for the <c>Math</c> function <paramref name="name"/> taking <paramref name="arity"/> arguments, or null.</summary>
    public static DerivativeRule? FindFunction(string name, int arity) =>
        Table.TryGetValue(FunctionKey(name, arity), out DerivativeRule? rule) ? rule : null;

    private static DerivativeRule Rule(string key, Func<string[], string> forward, string formula, params Func<string[], string, string>[] partials) =>
        new(key, forward, partials, formula);

    /// <summary>A rule for <c>Math.<paramref name="name"/></c>, keyed by name and arity (Log takes 1 or 2).</summary>
    private static DerivativeRule Function(string name, string formula, params Func<string[], string, string>[] partials) =>
        new(FunctionKey(name, partials.Length), o => $"{Math}.{name}({string.Join(", ", o)})", partials, formula);

    private static string FunctionKey(string name, int arity) => arity == 1 ? name : name + "/" + arity.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>1 when <paramref name="a"/> wins the comparison, ½ on a tie, else 0.</summary>
    private static string Tie(string a, string op, string b) => $"{a} {op} {b} ? 1.0 : {a} == {b} ? 0.5 : 0.0";

    /// <summary>The rule for an operator key or a <c>Math</c> method name, or null.</summary>
    public static DerivativeRule? Find(string key) => Table.TryGetValue(key, out DerivativeRule? rule) ? rule : null;
}
