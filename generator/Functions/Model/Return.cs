namespace NetGen.Generator.Functions.Model;

/// <summary><c>return value;</c> (or <c>return;</c>): leaves the innermost <see cref="Region"/>.</summary>
internal sealed record Return(Expression? Value) : Statement;
