using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// A loop as written: <c>for (initializer; condition; step) body</c>, <c>while (condition) body</c>
/// (no initializer or step), <c>do body while (condition)</c> (<see cref="TestAfterBody"/>), and
/// <c>foreach</c> over a span (as a <c>for</c> over its indexes). A null condition is always true.
/// <c>break</c> and <c>continue</c> in the body refer to it. Control-flow lowering turns it into a <see cref="Loop"/>.
/// </summary>
internal sealed record While(
    EquatableArray<Statement> Initializer,
    Expression? Condition,
    EquatableArray<Statement> Body,
    EquatableArray<Statement> Step,
    bool TestAfterBody) : Statement;
