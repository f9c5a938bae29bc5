namespace NetGen.Generator.Functions.Model;

/// <summary>Restores a variable from the tape: the value its <see cref="Push"/> saved, last in first out.</summary>
internal sealed record Pop(int Variable) : Statement;
