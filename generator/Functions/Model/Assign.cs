namespace NetGen.Generator.Functions.Model;

/// <summary><c>variable = value</c> (a declaration with a value, an assignment, a compound assignment, <c>++</c>/<c>--</c>).</summary>
internal sealed record Assign(int Variable, Expression Value) : Statement;
