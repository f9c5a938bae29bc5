using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>Runs the body <see cref="Count"/> times (the reverse of a loop: its iterations, last first).</summary>
internal sealed record Repeat(Expression Count, EquatableArray<Statement> Body) : Statement
{
    /// <summary>What the loop reverses, for the comment.</summary>
    public string Title { get; init; } = string.Empty;
}
