namespace NetGen.Generator.Functions.Model;

/// <summary><c>array[index] = value</c>.</summary>
internal sealed record AssignElement(int Array, Expression Index, Expression Value) : Statement;
