using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>A node of the call graph: a <c>[Differentiable]</c> method (read or not) and the <c>[Differentiable]</c> methods it calls, without locations.</summary>
internal sealed record CallEdges(string Key, string Name, EquatableArray<string> Callees);
