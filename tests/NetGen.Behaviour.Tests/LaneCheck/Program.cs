using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using NetGen.Tests;

// Runs the lane checks in a process of its own, so that a test can start it with 512-bit vectors
// (DOTNET_EnableAVX512F=0) or all hardware intrinsics (DOTNET_EnableHWIntrinsic=0) switched off and
// so check the Vector256 and the scalar-only paths of the generated batch members on this machine.
Console.WriteLine($"Vector512 accelerated: {Vector512.IsHardwareAccelerated}");
Console.WriteLine($"Vector256 accelerated: {Vector256.IsHardwareAccelerated}");
int failed = 0;
foreach (string name in LaneChecks.Names)
{
    List<string> failures = LaneChecks.Check(name);
    Console.WriteLine($"{name}: {(failures.Count == 0 ? "ok" : failures.Count + " differences")}");
    foreach (string failure in failures.GetRange(0, Math.Min(5, failures.Count)))
    {
        Console.WriteLine("  " + failure);
    }

    failed += failures.Count;
}

return failed == 0 ? 0 : 1;
