namespace NetGen.Generator.Functions.Model;

/// <summary><c>continue</c> with the next iteration of the innermost <see cref="While"/> (its step runs first).</summary>
internal sealed record Continue : Statement;
