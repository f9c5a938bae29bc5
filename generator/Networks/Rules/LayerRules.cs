using NetGen.Generator.Common;
using NetGen.Generator.Networks.Model;

namespace NetGen.Generator.Networks.Rules;

/// <summary>
/// The math of the layer extras — residual, layer norm, dropout — in one place: the formulas the
/// straight-line form writes per unit and names in its comments, and the constants every form shares.
/// The loop form and blocks call the runtime's <c>Layers</c> and <c>Dropout</c>, which compute the same
/// expressions over rows.
/// </summary>
internal static class LayerRules
{
    /// <summary>ε of the layer norm, as <c>nn.LayerNorm</c> (runtime: <c>Layers.NormEpsilon</c>).</summary>
    public const double NormEpsilon = 1e-5;

    public const string ResidualFormula = "r = a + z (residual: the layer's input plus its activation)";

    public const string NormFormula = "layer norm: μ = Σ r/n, c = r − μ, σ² = Σ c²/n (biased), inv = 1/√(σ² + 1e-5), h = c·inv, y = h·γ + β";

    public const string NormBackwardFormula = "layer norm backward: ∂l/∂γ += ∂l/∂y·h, ∂l/∂β += ∂l/∂y, e = ∂l/∂y·γ, ∂l/∂r = inv·(e − mean(e) − h·mean(e·h))";

    public const string DropoutFormula = "dropout (training only): y = x·m, m = 0 with probability p, else 1/(1 − p); fresh per row and call";

    public const string DropoutBackwardFormula = "dropout backward: ∂l/∂x = ∂l/∂y·m";

    /// <summary>1/(1 − p), the scale of a kept unit, as a literal of the network's number type.</summary>
    public static string DropoutScale(double p, PrecisionKind precision) => precision == PrecisionKind.Single
        ? EmitterCommon.Literal((float)(1.0 / (1.0 - p))) + "f"
        : EmitterCommon.Literal(1.0 / (1.0 - p));

    /// <summary>The number of matrices (per unit) a layer keeps in the loop form's and the blocks' scratch: u, z, d, then its output a, h (norm) and the mask (dropout).</summary>
    public static int MatricesPerUnit(LayerSpec layer) => 3 + (layer.HasExtras ? 1 : 0) + (layer.Norm ? 1 : 0) + (layer.Dropout > 0 ? 1 : 0);
}
