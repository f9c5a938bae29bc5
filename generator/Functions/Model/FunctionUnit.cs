using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// What generating one method needs: its spec and those of the methods it calls, transitively (sorted
/// by key), so that the step re-runs when one of them changes and for nothing else.
/// </summary>
internal sealed record FunctionUnit(FunctionSpec Spec, EquatableArray<FunctionSpec> Callees, bool Generable);
