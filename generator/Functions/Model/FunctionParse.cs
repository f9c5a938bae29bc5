using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// What reading one <c>[Differentiable]</c> method gives: the spec (null when it cannot be generated),
/// the diagnostics found while reading it, and its calls with their locations. The pipeline splits it:
/// the spec feeds generation, the rest feeds diagnostics, so that moving a method regenerates nothing.
/// </summary>
/// <param name="Key">The method's key.</param>
/// <param name="Name">The method as people name it (<c>Type.Method</c>).</param>
/// <param name="Location">The method's name, where diagnostics about the whole method point.</param>
/// <param name="Spec">The spec, or null.</param>
/// <param name="Diagnostics">The method's own diagnostics.</param>
/// <param name="Calls">Its calls to other <c>[Differentiable]</c> methods.</param>
internal sealed record FunctionParse(
    string Key,
    string Name,
    LocationInfo? Location,
    FunctionSpec? Spec,
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<CallSite> Calls);
