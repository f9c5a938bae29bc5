using System;
using System.Collections.Immutable;
using System.Globalization;
using NetGen.Generator.Common;
using Xunit;

namespace NetGen.Tests.Common;

/// <summary>
/// The members every pass calls most read the array directly, without the empty-array fallback: a default
/// <see cref="EquatableArray{T}"/> (a spec field never set) must still count 0, enumerate nothing, equal the empty
/// array and refuse an index. The cached invariant ints must be the ints, negative and past the cache included.
/// </summary>
public class EquatableArrayTests
{
    [Fact]
    public void ADefaultArrayIsTheEmptyArray()
    {
        EquatableArray<int> none = default;
        Assert.True(none.Count == 0, "a default array counts " + none.Count);
        foreach (int _ in none)
        {
            Assert.Fail("a default array enumerated an element");
        }

        Assert.Equal(EquatableArray<int>.Empty, none);
        Assert.Equal(EquatableArray<int>.Empty.GetHashCode(), none.GetHashCode());
        Assert.Throws<ArgumentOutOfRangeException>(() => none[0]);
        Assert.Empty(none.ToArray());

        var three = new EquatableArray<int>(ImmutableArray.Create(4, 5, 6));
        Assert.Equal(3, three.Count);
        Assert.Equal(6, three[2]);
        Assert.ThrowsAny<IndexOutOfRangeException>(() => three[3]);
    }

    [Fact]
    public void CachedIntsAreTheInvariantDigits()
    {
        CultureInfo original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE"); // writes U+2212 for a minus
            foreach (int value in new[] { 0, 1, 7, 1023, 1024, 65_536, -1, -1024, int.MinValue, int.MaxValue })
            {
                Assert.Equal(value.ToString(CultureInfo.InvariantCulture), EmitterCommon.Int(value));
                Assert.Equal(value.ToString(CultureInfo.InvariantCulture), EmitterCommon.Int(value)); // from the cache the second time
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }
}
