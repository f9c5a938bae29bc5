using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>A statement of a function's program. A block is an <c>EquatableArray&lt;Statement&gt;</c>.</summary>
internal abstract record Statement
{
    /// <summary>The source text the statement came from, for the generated comments (empty for what a lowering wrote).</summary>
    public string Source { get; init; } = string.Empty;
}
