namespace NetGen.Generator.Functions.Model;

/// <summary>A comment line in the generated code (the math of the next statements).</summary>
internal sealed record Comment(string Text) : Statement;
