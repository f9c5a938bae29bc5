using System;
using System.Collections.Generic;

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

    private static readonly Dictionary<string, DerivativeRule> Table = Build(
        new(Add, o => $"{o[0]} + {o[1]}", new Func<string[], string, string>[] { (_, _) => "1.0", (_, _) => "1.0" }, "∂(a + b) = (1, 1)"),
        new(Subtract, o => $"{o[0]} - {o[1]}", new Func<string[], string, string>[] { (_, _) => "1.0", (_, _) => "-1.0" }, "∂(a − b) = (1, −1)"),
        new(Multiply, o => $"{o[0]} * {o[1]}", new Func<string[], string, string>[] { (o, _) => o[1], (o, _) => o[0] }, "∂(a·b) = (b, a)"),
        new(Divide, o => $"{o[0]} / {o[1]}", new Func<string[], string, string>[] { (o, _) => $"1.0 / {o[1]}", (o, r) => $"-{r} / {o[1]}" }, "∂(a / b) = (1/b, −(a/b)/b)"),
        new(Negate, o => $"-{o[0]}", new Func<string[], string, string>[] { (_, _) => "-1.0" }, "∂(−a) = −1"),
        new("Exp", o => $"{Math}.Exp({o[0]})", new Func<string[], string, string>[] { (_, r) => r }, "∂exp(a) = exp(a)"),
        new("Log", o => $"{Math}.Log({o[0]})", new Func<string[], string, string>[] { (o, _) => $"1.0 / {o[0]}" }, "∂log(a) = 1/a"),
        new("Sqrt", o => $"{Math}.Sqrt({o[0]})", new Func<string[], string, string>[] { (_, r) => $"0.5 / {r}" }, "∂√a = 1/(2√a)"),
        new("Pow", o => $"{Math}.Pow({o[0]}, {o[1]})", new Func<string[], string, string>[] { (o, _) => $"{o[1]} * {Math}.Pow({o[0]}, {o[1]} - 1.0)", (o, r) => $"{r} * {Math}.Log({o[0]})" }, "∂aᵇ = (b·aᵇ⁻¹, aᵇ·log a)"),
        new("Sin", o => $"{Math}.Sin({o[0]})", new Func<string[], string, string>[] { (o, _) => $"{Math}.Cos({o[0]})" }, "∂sin(a) = cos(a)"),
        new("Cos", o => $"{Math}.Cos({o[0]})", new Func<string[], string, string>[] { (o, _) => $"-{Math}.Sin({o[0]})" }, "∂cos(a) = −sin(a)"),
        new("Tan", o => $"{Math}.Tan({o[0]})", new Func<string[], string, string>[] { (_, r) => $"1.0 + {r} * {r}" }, "∂tan(a) = 1 + tan²(a)"),
        new("Tanh", o => $"{Math}.Tanh({o[0]})", new Func<string[], string, string>[] { (_, r) => $"1.0 - {r} * {r}" }, "∂tanh(a) = 1 − tanh²(a)"),
        new("Abs", o => $"{Math}.Abs({o[0]})", new Func<string[], string, string>[] { (o, _) => $"{o[0]} > 0.0 ? 1.0 : {o[0]} < 0.0 ? -1.0 : 0.0" }, "∂|a| = sign(a), 0 at 0"),
        new("Max", o => $"{Math}.Max({o[0]}, {o[1]})", new Func<string[], string, string>[] { (o, _) => $"{o[0]} >= {o[1]} ? 1.0 : 0.0", (o, _) => $"{o[0]} >= {o[1]} ? 0.0 : 1.0" }, "∂max(a, b) goes to the larger operand (to a on a tie)"),
        new("Min", o => $"{Math}.Min({o[0]}, {o[1]})", new Func<string[], string, string>[] { (o, _) => $"{o[0]} <= {o[1]} ? 1.0 : 0.0", (o, _) => $"{o[0]} <= {o[1]} ? 0.0 : 1.0" }, "∂min(a, b) goes to the smaller operand (to a on a tie)"));

    /// <summary>The rule for an operator key or a <c>Math</c> method name, or null.</summary>
    public static DerivativeRule? Find(string key) => Table.TryGetValue(key, out DerivativeRule? rule) ? rule : null;

    private static Dictionary<string, DerivativeRule> Build(params DerivativeRule[] rules)
    {
        var table = new Dictionary<string, DerivativeRule>(StringComparer.Ordinal);
        foreach (DerivativeRule rule in rules)
        {
            table.Add(rule.Key, rule);
        }

        return table;
    }
}
