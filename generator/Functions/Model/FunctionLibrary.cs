using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>Every <c>[Differentiable]</c> method of the compilation that could be read, sorted by key: what calls are inlined from.</summary>
internal sealed record FunctionLibrary(EquatableArray<FunctionSpec> Functions)
{
    private Dictionary<string, FunctionSpec>? _byKey;

    public IReadOnlyDictionary<string, FunctionSpec> ByKey => _byKey ??= Functions.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First());

    public bool Equals(FunctionLibrary? other) => other is not null && Functions.Equals(other.Functions);

    public override int GetHashCode() => Functions.GetHashCode();
}
