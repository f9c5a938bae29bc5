namespace NetGen.Generator.Functions.Model;

/// <summary><c>break</c> out of the innermost <see cref="While"/>.</summary>
internal sealed record Break : Statement;
