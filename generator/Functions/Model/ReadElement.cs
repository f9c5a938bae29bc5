namespace NetGen.Generator.Functions.Model;

/// <summary><c>array[index]</c>: an element of an array (a span).</summary>
internal sealed record ReadElement(ScalarType Type, int Array, Expression Index) : Expression(Type);
