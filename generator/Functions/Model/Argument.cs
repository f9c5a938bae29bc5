namespace NetGen.Generator.Functions.Model;

/// <summary>An argument of a call: a scalar value or a span.</summary>
internal abstract record Argument;
