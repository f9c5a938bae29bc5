using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>Compares IR nodes by reference (records compare by value; passes sometimes need the node itself).</summary>
internal sealed class ReferenceComparer : IEqualityComparer<object>
{
    public static readonly ReferenceComparer Instance = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
}
