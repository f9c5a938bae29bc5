using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// A function's body as a program over scalar variables and arrays (the IR): what parsing produces,
/// what each lowering pass rewrites and what each transform (tangent, adjoint) builds. Variables and
/// arrays are referred to by their index in these tables.
/// </summary>
/// <param name="Variables">Every scalar variable: parameters, locals, temporaries.</param>
/// <param name="Arrays">Every array: span parameters, stackalloc locals, views, scratch buffers.</param>
/// <param name="Statements">The body.</param>
/// <param name="Result">The variable the method's value is returned in, or −1 for a void method.</param>
internal sealed record FunctionBody(
    EquatableArray<VariableSpec> Variables,
    EquatableArray<ArraySpec> Arrays,
    EquatableArray<Statement> Statements,
    int Result);
