namespace NetGen.Generator.Functions.Model;

/// <summary>A comment line in the generated code (the math of the next statements): <see cref="About"/>, written out, then the text.</summary>
internal sealed record Comment(string Text) : Statement
{
    /// <summary>The statement the comment is about, written before the text (<c>v2 = v0 * x: ∂(a·b) = (b, a)</c>).</summary>
    public Statement? About { get; init; }
}
