using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace NetGen.Tests;

/// <summary>Numeric assertions shared by the test projects.</summary>
internal static class Assertions
{
    /// <summary>|expected − actual| ≤ tolerance · max(1, |expected|), with a message that names the quantity.</summary>
    public static void Close(double expected, double actual, double tolerance, string what)
    {
        double scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(
            Math.Abs(expected - actual) <= tolerance * scale || (double.IsNaN(expected) && double.IsNaN(actual)) || expected == actual,
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E2}, tolerance {tolerance * scale:E2})");
    }

    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="calls"/> times per round. A per-call allocation would
    /// cost at least calls × 24 bytes in every round; the runtime itself may allocate a few bytes on
    /// this thread once (tiered JIT bookkeeping), so one clean round of three is required.
    /// </summary>
    public static void NoAllocation(Action action, int calls = 10_000)
    {
        var rounds = new long[3];
        for (int round = 0; round < rounds.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                action();
            }

            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
            if (rounds[round] == 0)
            {
                return;
            }
        }

        Assert.Fail($"allocated {string.Join(", ", rounds)} bytes in three rounds of {calls} calls");
    }

    /// <summary>A directory the test project recorded at build time (AssemblyMetadata <paramref name="key"/>).</summary>
    public static string Directory(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
}
