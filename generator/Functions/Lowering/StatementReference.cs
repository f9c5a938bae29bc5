using System.Collections.Generic;
using System.Runtime.CompilerServices;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>Compares statements by reference (records compare by value; two equal statements in different places are different statements).</summary>
internal sealed class StatementReference : IEqualityComparer<Statement>
{
    public static readonly StatementReference Instance = new();

    public bool Equals(Statement? x, Statement? y) => ReferenceEquals(x, y);

    public int GetHashCode(Statement obj) => RuntimeHelpers.GetHashCode(obj);
}
