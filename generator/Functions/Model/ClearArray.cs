namespace NetGen.Generator.Functions.Model;

/// <summary>Sets every element of an array to zero.</summary>
internal sealed record ClearArray(int Array) : Statement;
