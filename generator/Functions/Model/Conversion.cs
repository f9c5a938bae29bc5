namespace NetGen.Generator.Functions.Model;

/// <summary>A numeric conversion to <see cref="Expression.Type"/> (<c>(double)n</c>, <c>(int)x</c>, float ↔ double), checked or not as C# has it.</summary>
internal sealed record Conversion(ScalarType Type, Expression Operand, bool Checked = false) : Expression(Type);
