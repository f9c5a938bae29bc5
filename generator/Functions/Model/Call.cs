using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>A call to another <c>[Differentiable]</c> method (by its key) that returns a value; inlined before differentiation.</summary>
internal sealed record Call(ScalarType Type, string Callee, EquatableArray<Argument> Arguments) : Expression(Type);
