using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// A body that a <see cref="Return"/> leaves: the method's own body, or the body of an inlined call.
/// A return assigns its value to <see cref="Result"/> (−1 for a void body).
/// </summary>
internal sealed record Region(EquatableArray<Statement> Body, int Result) : Statement;
