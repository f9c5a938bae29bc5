using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace NetGen.Generator.Common;

/// <summary>An immutable array that compares by value, so that specs holding it cache in the incremental pipeline.</summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    public static readonly EquatableArray<T> Empty = new(ImmutableArray<T>.Empty);

    private readonly ImmutableArray<T> _items;

    public EquatableArray(ImmutableArray<T> items) => _items = items;

    public EquatableArray(IEnumerable<T> items) => _items = items.ToImmutableArray();

    private ImmutableArray<T> Items => _items.IsDefault ? ImmutableArray<T>.Empty : _items;

    // The two hottest members read the array directly: Items reaches a generic static (ImmutableArray<T>.Empty),
    // which shared generic code looks up at run time on every call.
    public int Count => _items.IsDefault ? 0 : _items.Length;

    public T this[int index] => _items.IsDefault ? throw new ArgumentOutOfRangeException(nameof(index)) : _items[index];

    public bool Equals(EquatableArray<T> other) => Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = 17;
            foreach (T item in Items)
            {
                hash = (hash * 31) + (item is null ? 0 : item.GetHashCode());
            }

            return hash;
        }
    }

    public ImmutableArray<T>.Enumerator GetEnumerator() => _items.IsDefault ? ImmutableArray<T>.Empty.GetEnumerator() : _items.GetEnumerator();

    /// <summary>A copy as an array, in one step (LINQ's <c>ToArray</c> would box this struct and enumerate it).</summary>
    public T[] ToArray()
    {
        ImmutableArray<T> items = Items;
        var copy = new T[items.Length];
        items.CopyTo(copy);
        return copy;
    }

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}

internal static class EquatableArray
{
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
        where T : IEquatable<T> => items switch
        {
            EquatableArray<T> same => same, // immutable already: no copy
            ImmutableArray<T> array => new(array),
            _ => new(items),
        };
}
