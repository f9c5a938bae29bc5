namespace NetGen.Generator.Functions.Model;

/// <summary><c>target[i] += scale · from[i]</c> for every i (the arrays have the same length).</summary>
internal sealed record AddScaled(int Target, int From, Expression Scale) : Statement;
