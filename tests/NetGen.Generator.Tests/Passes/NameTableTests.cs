using NetGen.Generator.Functions.Emit;
using Xunit;

namespace NetGen.Tests.Passes;

/// <summary>
/// The naming table keeps the temporaries <c>v0, v1, …</c> as a counter per prefix, not as set entries: every name
/// it hands out must still be unique, whichever of <c>Numbered</c>, <c>Reserve</c> and <c>Block</c> took a name
/// first. The expected names are the ones a plain set of every name taken gives (worked out by hand).
/// </summary>
public class NameTableTests
{
    [Fact]
    public void ANameReservedBeforeItsNumberIsReachedIsSkipped()
    {
        var names = new NameTable();
        Assert.Equal(new[] { "v0", "v1", "v2" }, new[] { names.Numbered("v"), names.Numbered("v"), names.Numbered("v") });
        Assert.Equal("v1_1", names.Reserve("v1")); // handed out already
        Assert.Equal("v7", names.Reserve("v7")); // not reached yet: free now, skipped later
        Assert.Equal(new[] { "v3", "v4", "v5", "v6", "v8" }, new[] { names.Numbered("v"), names.Numbered("v"), names.Numbered("v"), names.Numbered("v"), names.Numbered("v") });
        names.Block("v9");
        Assert.Equal("v10", names.Numbered("v"));
        Assert.Equal("v10_1", names.Reserve("v10"));
    }

    [Fact]
    public void ThePrefixAloneAndNumbersWithLeadingZerosAreNotNumberedNames()
    {
        var names = new NameTable();
        Assert.Equal("c0", names.Numbered("c"));
        Assert.Equal("c", names.Reserve("c"));
        Assert.Equal("c01", names.Reserve("c01"));
        Assert.Equal("c0_1", names.Reserve("c0"));
        Assert.Equal("c_1", names.Reserve("c"));
        Assert.Equal("c1", names.Numbered("c"));
    }

    [Fact]
    public void APrefixThatEndsInADigitDoesNotCollideWithAShorterOne()
    {
        var names = new NameTable();
        Assert.Equal("k0", names.Numbered("k"));
        Assert.Equal("k1", names.Numbered("k"));
        Assert.Equal("k10", names.Numbered("k1")); // "k" has not reached 10
        string[] more = new string[9];
        for (int i = 0; i < more.Length; i++)
        {
            more[i] = names.Numbered("k");
        }

        Assert.Equal(new[] { "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k11" }, more); // k10 belongs to "k1"
        Assert.Equal("k11_1", names.Reserve("k11"));
        Assert.Equal("k10_1", names.Reserve("k10"));
        Assert.Equal("k12", names.Numbered("k1")); // k11 is taken by "k", k12 is not
    }

    [Fact]
    public void SizingTheTableKeepsTheNamesTakenAndKeywordsStayEscaped()
    {
        var names = new NameTable();
        Assert.Equal("a", names.Reserve("a"));
        Assert.Equal("@class", names.Reserve("class"));
        names.Expect(10_000);
        Assert.Equal("a_1", names.Reserve("a"));
        Assert.Equal("class_1", names.Reserve("@class"));
        Assert.Equal("a_2", names.Reserve("a"));
    }
}
