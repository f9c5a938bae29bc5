namespace NetGen.Generator.Functions.Model;

/// <summary>A scalar argument.</summary>
internal sealed record ValueArgument(Expression Value) : Argument;
