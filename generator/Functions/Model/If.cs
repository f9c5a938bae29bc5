using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary><c>if (condition) { then } else { otherwise }</c>: only the branch taken runs.</summary>
internal sealed record If(Expression Condition, EquatableArray<Statement> Then, EquatableArray<Statement> Else) : Statement;
