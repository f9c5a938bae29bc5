namespace NetGen.Generator.Functions.Model;

/// <summary><c>array.Length</c>.</summary>
internal sealed record ArrayLength(int Array) : Expression(ScalarType.Int32);
