using System;
using NetGen.Generator.Common;
using NetGen.Generator.Networks.Model;

using NetGen.Generator.Networks.Lowering;

namespace NetGen.Generator.Networks.Rules;

/// <summary>
/// The loss rules, in one place, as per-element expressions that both network emitters arrange
/// (unrolled or in loops).
/// <list type="bullet">
/// <item>Half squared error: eₖ = yₖ − tₖ, l = ½ Σₖ eₖ², ∂l/∂yₖ = eₖ.</item>
/// <item>Softmax cross-entropy with the max shift m = maxₖ yₖ: sₖ = e^(yₖ − m), S = Σₖ sₖ,
/// l = Σₖ tₖ (m − yₖ) + (Σₖ tₖ) log S, as log-softmax computes it; log S = log1p(S − 1) with
/// S − 1 summed from the terms below 1 (plus one per further term at the max), so that a tiny loss
/// keeps its relative precision; ∂l/∂yₖ = (sₖ / S) Σⱼ tⱼ − tₖ.</item>
/// </list>
/// </summary>
internal static class LossRules
{
    public static string Formula(LossKind loss) => loss switch
    {
        LossKind.HalfSquaredError => "l = ½ Σₖ (yₖ − tₖ)²",
        LossKind.SoftmaxCrossEntropy => "l = −Σₖ tₖ log softmax(y)ₖ = Σₖ tₖ (m − yₖ) + (Σₖ tₖ) log S",
        LossKind.SigmoidCrossEntropy => "l = Σₖ max(yₖ, 0) − yₖtₖ + log(1 + e^(−|yₖ|))",
        LossKind.AbsoluteError => "l = Σₖ |yₖ − tₖ|",
        LossKind.Huber => "l = Σₖ (|eₖ| ≤ 1 ? ½eₖ² : |eₖ| − ½), eₖ = yₖ − tₖ",
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    public static string AdjointFormula(LossKind loss) => loss switch
    {
        LossKind.HalfSquaredError => "∂l/∂y = y − t",
        LossKind.SoftmaxCrossEntropy => "∂l/∂yₖ = softmax(y)ₖ · Σⱼ tⱼ − tₖ",
        LossKind.SigmoidCrossEntropy => "∂l/∂yₖ = σ(yₖ) − tₖ",
        LossKind.AbsoluteError => "∂l/∂yₖ = sign(yₖ − tₖ) (0 at 0)",
        LossKind.Huber => "∂l/∂yₖ = clamp(eₖ, −1, 1)",
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    /// <summary>Whether the loss is a sum of terms of one output each (all but softmax cross-entropy; half squared error has its own faster path).</summary>
    public static bool ElementWise(LossKind loss) => loss is LossKind.SigmoidCrossEntropy or LossKind.AbsoluteError or LossKind.Huber;

    /// <summary>One output's term of an element-wise loss, from the logit or output y and its target t.</summary>
    public static string Term(LossKind loss, string y, string t, ComputeType v) => loss switch
    {
        // max(y, 0) − y·t + log(1 + e^(−|y|)): finite and exact at logits of ±1000 (PyTorch's BCEWithLogitsLoss).
        LossKind.SigmoidCrossEntropy => $"{v.Max(y, v.L("0.0"))} - {y} * {t} + {v.LogOnePlus(v.Exp("-" + v.Abs(y)))}",
        LossKind.AbsoluteError => v.Abs($"{y} - {t}"),
        LossKind.Huber => v.Select(v.Greater(v.Abs($"{y} - {t}"), v.L("1.0")), $"{v.Abs($"{y} - {t}")} - {v.L("0.5")}", $"{v.L("0.5")} * ({y} - {t}) * ({y} - {t})"),
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    /// <summary>∂(term)/∂y of an element-wise loss.</summary>
    public static string TermAdjoint(LossKind loss, string y, string t, ComputeType v) => loss switch
    {
        LossKind.SigmoidCrossEntropy => $"{v.Special("Sigmoid", y)} - {t}",
        LossKind.AbsoluteError => v.Select(v.Greater($"{y} - {t}", v.L("0.0")), v.L("1.0"), v.Select(v.Less($"{y} - {t}", v.L("0.0")), v.L("-1.0"), v.L("0.0"))),
        LossKind.Huber => v.Select(v.Greater($"{y} - {t}", v.L("1.0")), v.L("1.0"), v.Select(v.Less($"{y} - {t}", v.L("-1.0")), v.L("-1.0"), $"{y} - {t}")),
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    // Half squared error.
    public static string Error(string y, string t) => $"{y} - {t}";

    public static string SquaredErrorTerm(string e) => $"{e} * {e}";

    public static string SquaredErrorScale(ComputeType t) => t.L("0.5");

    public static string SquaredErrorAdjoint(string e) => e;

    // Softmax cross-entropy.
    public static string Max(string a, string b, ComputeType t) => t.Max(a, b);

    public static string ShiftedExp(string y, string m, ComputeType t) => t.Exp($"{y} - {m}");

    /// <summary>How log S is computed, as a comment.</summary>
    public const string LogSumFormula = "log S = log1p(S − 1), S − 1 summed from the terms below 1 and one per further term at the max (no cancellation when S ≈ 1)";

    /// <summary>sₖ's share of S − 1: the term itself when below 1 (not at the max).</summary>
    public static string BelowOne(string shiftedExp, ComputeType t) => t.Select(t.Less(shiftedExp, t.L("1.0")), shiftedExp, t.L("0.0"));

    /// <summary>1 for a term at the max (sₖ = 1), else 0; all of them but one count in S − 1.</summary>
    public static string AtOne(string shiftedExp, ComputeType t) => t.Select(t.Equal(shiftedExp, t.L("1.0")), t.L("1.0"), t.L("0.0"));

    /// <summary>S − 1 from the sum of the terms below one and the count of terms at one.</summary>
    public static string Rest(string belowOne, string ones, ComputeType t) => $"{belowOne} + ({ones} - {t.L("1.0")})";

    /// <summary>log S from S − 1, accurately where S is close to 1.</summary>
    public static string LogSum(string rest, ComputeType t) => t.LogOnePlus(rest);

    public static string CrossEntropyTerm(string t, string y, string m) => $"{t} * ({m} - {y})";

    public static string CrossEntropyLogTerm(string targetSum, string logSum) => $"{targetSum} * {logSum}";

    public static string Probability(string shiftedExp, string sum) => $"{shiftedExp} / {sum}";

    public static string CrossEntropyAdjoint(string shiftedExp, string sum, string targetSum, string t) =>
        $"{shiftedExp} / {sum} * {targetSum} - {t}";
}
