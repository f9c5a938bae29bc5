using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// Every <c>[Differentiable]</c> method of the compilation: the ones that could be read (what calls are
/// inlined from), and the call graph of all of them (cycles run through methods that could not be read too).
/// </summary>
internal sealed record FunctionLibrary(EquatableArray<FunctionSpec> Functions, EquatableArray<CallEdges> Graph)
{
    private Dictionary<string, FunctionSpec>? _byKey;
    private Dictionary<string, CallEdges>? _edges;

    public IReadOnlyDictionary<string, FunctionSpec> ByKey => _byKey ??= Functions.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First());

    public IReadOnlyDictionary<string, CallEdges> Edges => _edges ??= Graph.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First());

    public bool Equals(FunctionLibrary? other) => other is not null && Functions.Equals(other.Functions) && Graph.Equals(other.Graph);

    public override int GetHashCode() => Functions.GetHashCode() ^ Graph.GetHashCode();
}
