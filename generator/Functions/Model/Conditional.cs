namespace NetGen.Generator.Functions.Model;

/// <summary><c>condition ? whenTrue : whenFalse</c>: only the branch the condition picks is evaluated.</summary>
internal sealed record Conditional(ScalarType Type, Expression Condition, Expression WhenTrue, Expression WhenFalse) : Expression(Type);
