using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// A lowered loop: <c>while (true) { Header; Body; Step }</c>. The header only decides whether to go
/// on (its <see cref="ExitIf"/> statements, and values only they read), so that an iteration is one run
/// of the body and the step; the step only moves the loop on (a for loop's increment). The number of
/// iterations is part of the primal: the reverse sweep runs the body's reverse that many times.
/// </summary>
internal sealed record Loop(EquatableArray<Statement> Header, EquatableArray<Statement> Body, EquatableArray<Statement> Step) : Statement
{
    /// <summary>The loop as written, for comments (<c>for (int i = 0; i &lt; n; i++)</c>).</summary>
    public string Title { get; init; } = string.Empty;
}
