namespace NetGen.Generator.Functions.Model;

/// <summary>A span argument: an array, or its slice <c>array.Slice(start[, length])</c>.</summary>
internal sealed record ArrayArgument(int Array, Expression? Start = null, Expression? Length = null) : Argument;
