namespace NetGen.Generator.Functions.Model;

/// <summary><c>array = base.Slice(start[, length])</c>, or <c>array = base</c> when both are null: a span argument of an inlined call.</summary>
internal sealed record DeclareView(int Array, int Base, Expression? Start, Expression? Length) : Statement;
