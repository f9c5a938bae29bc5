using System;
using NetGen.Generator.Common;
using NetGen.Generator.Networks.Model;

using NetGen.Generator.Networks.Lowering;

namespace NetGen.Generator.Networks.Rules;

/// <summary>
/// The forward and backward rule of every activation, in one place. Both network emitters
/// (straight-line and loops) write these expressions; adding an activation is one case in each
/// switch here plus its enum member.
/// </summary>
internal static class ActivationRules
{
    /// <summary>z = f(u), in the number type <paramref name="t"/> (a scalar or lanes of one).</summary>
    public static string Forward(ActivationKind activation, string u, ComputeType t) => activation switch
    {
        ActivationKind.Identity => u,
        ActivationKind.ReLU => t.ReLU(u), // u < 0 ? 0 : u: NaN stays NaN, as max(0, NaN) does
        ActivationKind.Sigmoid => $"{t.L("1.0")} / ({t.L("1.0")} + {t.Exp("-" + u)})",
        ActivationKind.Tanh => t.Tanh(u),
        ActivationKind.LeakyReLU => t.Select(t.Greater(u, t.L("0.0")), u, $"{t.L("0.01")} * {u}"),
        ActivationKind.ELU => t.Special("Elu", u),
        ActivationKind.GELU => t.Special("Gelu", u),
        ActivationKind.SiLU => t.Special("Silu", u),
        ActivationKind.Softplus => t.Special("Softplus", u),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>
    /// For activations whose derivative is 1 or 0 (ReLU): the condition under which the unit passes
    /// gradient (a mask for lanes), so that straight-line code can skip an inactive unit's backward
    /// work; else null.
    /// </summary>
    public static string? Gate(ActivationKind activation, string u, ComputeType t) => activation switch
    {
        ActivationKind.ReLU => t.Greater(u, t.L("0.0")),
        _ => null,
    };

    /// <summary>∂l/∂u from ∂l/∂z, given u and z = f(u).</summary>
    public static string Backward(ActivationKind activation, string dz, string u, string z, ComputeType t) => activation switch
    {
        ActivationKind.Identity => dz,
        ActivationKind.ReLU => t.Select(Gate(activation, u, t)!, dz, t.L("0.0")),
        ActivationKind.Sigmoid => $"{dz} * {z} * ({t.L("1.0")} - {z})",
        ActivationKind.Tanh => $"{dz} * ({t.L("1.0")} - {z} * {z})",
        ActivationKind.LeakyReLU => t.Select(t.Greater(u, t.L("0.0")), dz, $"{t.L("0.01")} * {dz}"),
        ActivationKind.ELU => t.Select(t.Greater(z, t.L("0.0")), dz, $"{dz} * ({z} + {t.L("1.0")})"),
        ActivationKind.GELU => $"{dz} * {t.Special("GeluDerivative", u)}",
        ActivationKind.SiLU => $"{dz} * {t.Special("SiluDerivative", u)}",
        ActivationKind.Softplus => $"{dz} * {t.Special("Sigmoid", u)}",
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>
    /// The vectorized runtime kernels that apply the same rule to a whole block (loop form):
    /// <c>NetGen.Activations.{Name}(u, z)</c> forward and <c>{Name}Backward(d, {Input})</c> backward,
    /// where Input is u or z as the derivative above reads it; null for the identity.
    /// </summary>
    public static (string Name, bool ReadsU)? BlockKernel(ActivationKind activation) => activation switch
    {
        ActivationKind.Identity => null,
        ActivationKind.ReLU => ("ReLU", true),
        ActivationKind.Sigmoid => ("Sigmoid", false),
        ActivationKind.Tanh => ("Tanh", false),
        ActivationKind.LeakyReLU => ("LeakyReLU", true),
        ActivationKind.ELU => ("ELU", false),
        ActivationKind.GELU => ("GELU", true),
        ActivationKind.SiLU => ("SiLU", true),
        ActivationKind.Softplus => ("Softplus", true),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>The forward rule as a comment, e.g. <c>ReLU(u) = max(0, u)</c>.</summary>
    public static string ForwardFormula(ActivationKind activation, string u) => activation switch
    {
        ActivationKind.Identity => $"{u} (identity)",
        ActivationKind.ReLU => $"ReLU({u}) = max(0, {u})",
        ActivationKind.Sigmoid => $"σ({u}) = 1 / (1 + e^(−{u}))",
        ActivationKind.Tanh => $"tanh({u})",
        ActivationKind.LeakyReLU => $"LeakyReLU({u}) = {u} if {u} > 0, else 0.01·{u}",
        ActivationKind.ELU => $"ELU({u}) = {u} if {u} > 0, else e^{u} − 1",
        ActivationKind.GELU => $"GELU({u}) = {u}·Φ({u}) (the exact form, with erf)",
        ActivationKind.SiLU => $"SiLU({u}) = {u}·σ({u})",
        ActivationKind.Softplus => $"softplus({u}) = log(1 + e^{u})",
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>The backward rule as a comment.</summary>
    public static string BackwardFormula(ActivationKind activation, string u, string z) => activation switch
    {
        ActivationKind.Identity => $"∂l/∂{u} = ∂l/∂{z}",
        ActivationKind.ReLU => $"∂l/∂{u} = ∂l/∂{z} · [{u} > 0]   (ReLU'(0) = 0)",
        ActivationKind.Sigmoid => $"∂l/∂{u} = ∂l/∂{z} · {z}(1 − {z})",
        ActivationKind.Tanh => $"∂l/∂{u} = ∂l/∂{z} · (1 − {z}²)",
        ActivationKind.LeakyReLU => $"∂l/∂{u} = ∂l/∂{z} · ({u} > 0 ? 1 : 0.01)   (0.01 at 0, as PyTorch)",
        ActivationKind.ELU => $"∂l/∂{u} = ∂l/∂{z} · ({z} > 0 ? 1 : {z} + 1)",
        ActivationKind.GELU => $"∂l/∂{u} = ∂l/∂{z} · (Φ({u}) + {u}·φ({u}))",
        ActivationKind.SiLU => $"∂l/∂{u} = ∂l/∂{z} · σ({u})(1 + {u}(1 − σ({u})))",
        ActivationKind.Softplus => $"∂l/∂{u} = ∂l/∂{z} · σ({u})",
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
