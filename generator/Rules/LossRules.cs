using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Rules;

/// <summary>
/// The loss rules, in one place, as per-element expressions that both network emitters arrange
/// (unrolled or in loops).
/// <list type="bullet">
/// <item>Half squared error: eₖ = yₖ − tₖ, l = ½ Σₖ eₖ², ∂l/∂yₖ = eₖ.</item>
/// <item>Softmax cross-entropy with the max shift m = maxₖ yₖ: sₖ = e^(yₖ − m), S = Σₖ sₖ,
/// lse = m + log S, l = Σₖ tₖ (lse − yₖ), ∂l/∂yₖ = (sₖ / S) Σⱼ tⱼ − tₖ.</item>
/// </list>
/// </summary>
internal static class LossRules
{
    private const string Math = "global::System.Math";

    public static string Formula(LossKind loss) => loss switch
    {
        LossKind.HalfSquaredError => "l = ½ Σₖ (yₖ − tₖ)²",
        LossKind.SoftmaxCrossEntropy => "l = −Σₖ tₖ log softmax(y)ₖ = Σₖ tₖ (logΣⱼe^(yⱼ) − yₖ)",
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    public static string AdjointFormula(LossKind loss) => loss switch
    {
        LossKind.HalfSquaredError => "∂l/∂y = y − t",
        LossKind.SoftmaxCrossEntropy => "∂l/∂yₖ = softmax(y)ₖ · Σⱼ tⱼ − tₖ",
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    // Half squared error.
    public static string Error(string y, string t) => $"{y} - {t}";

    public static string SquaredErrorTerm(string e) => $"{e} * {e}";

    public const string SquaredErrorScale = "0.5";

    public static string SquaredErrorAdjoint(string e) => e;

    // Softmax cross-entropy.
    public static string Max(string a, string b) => $"{Math}.Max({a}, {b})";

    public static string ShiftedExp(string y, string m) => $"{Math}.Exp({y} - {m})";

    public static string LogSumExp(string m, string sum) => $"{m} + {Math}.Log({sum})";

    public static string CrossEntropyTerm(string t, string y, string lse) => $"{t} * ({lse} - {y})";

    public static string Probability(string shiftedExp, string sum) => $"{shiftedExp} / {sum}";

    public static string CrossEntropyAdjoint(string shiftedExp, string sum, string targetSum, string t) =>
        $"{shiftedExp} / {sum} * {targetSum} - {t}";
}
