namespace NetGen.Generator.Functions.Model;

/// <summary><c>from.CopyTo(target)</c>.</summary>
internal sealed record CopyArray(int Target, int From) : Statement;
