namespace NetGen.Generator.Functions.Model;

/// <summary>In a <see cref="Loop"/>'s header: leave the loop when the condition holds.</summary>
internal sealed record ExitIf(Expression Condition) : Statement;
