using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Lowering;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions;

/// <summary>
/// The function compiler's passes in order: lowering (control flow, inlining), activity, three-address
/// form. The transforms (<c>Transform/</c>) and the member writers (<c>Emit/</c>) start from its result.
/// </summary>
internal static class FunctionCompiler
{
    /// <summary>The method's body lowered and inlined, or null with the reason it cannot be generated.</summary>
    public static FunctionBody? Lower(FunctionSpec spec, IReadOnlyDictionary<string, FunctionSpec> library, out string? problem) =>
        Inliner.Expand(spec, library, out problem);

    /// <summary>The variables (differentiated scalar parameters) and arrays (differentiated span parameters) derivatives are taken with respect to.</summary>
    public static (int[] Variables, int[] Arrays) Inputs(FunctionSpec spec) =>
        (spec.Parameters.Where(p => p.Differentiated && !p.IsArray).Select(p => p.Slot).ToArray(),
         spec.Parameters.Where(p => p.Differentiated && p.IsArray).Select(p => p.Slot).ToArray());

    /// <summary>Three-address form of a lowered body, for derivatives with respect to the given inputs.</summary>
    public static FunctionBody Linearize(FunctionBody body, IEnumerable<int> variables, IEnumerable<int> arrays)
    {
        Activity.State varied = Activity.Run(body, variables, arrays);
        return CopyPropagation.Run(Linearizer.Linearize(body, varied));
    }
}
