namespace NetGen.Generator.Functions.Model;

/// <summary>Saves a value on the tape (the forward sweep keeps what the reverse sweep needs).</summary>
internal sealed record Push(Expression Value) : Statement;
