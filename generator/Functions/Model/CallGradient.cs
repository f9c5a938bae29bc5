using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// <c>result = gradient(arguments…, out partials…, scratch spans…)</c>: a call of a user's <c>[GradientOf]</c>
/// method, which returns the value and writes a partial derivative for each differentiated argument:
/// <see cref="Partials"/> holds the variable of each scalar one (−1 where none), <see cref="PartialArrays"/>
/// the scratch array of each span one (−1 where none). <see cref="Result"/> is −1 where the value is not kept.
/// </summary>
internal sealed record CallGradient(int Result, string Gradient, EquatableArray<Argument> Arguments, EquatableArray<int> Partials, EquatableArray<int> PartialArrays) : Statement;
