using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>A call to a <c>[Differentiable]</c> method that writes its results into span arguments; inlined before differentiation.</summary>
internal sealed record CallStatement(string Callee, EquatableArray<Argument> Arguments) : Statement;
