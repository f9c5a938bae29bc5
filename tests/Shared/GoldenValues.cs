namespace NetGen.Tests;

/// <summary>Bit patterns pinned once; a change here is a breaking change of the generator's contract.</summary>
internal static class GoldenValues
{
    /// <summary>The assignment's four input rows (2 values each) and targets.</summary>
    public static readonly double[] X = { 0.6, -1.0, 0.8, -1.0, -0.4, 0.9, 0.2, 0.0 };

    public static readonly double[] T = { -0.8, -0.1, 0.9, 0.7 };

    /// <summary>
    /// AssignmentNet.Initialize(42): W1 (6, He uniform, bound √3), b1 (3 zeros), W2 (3, Glorot
    /// uniform, bound √1.5), b2 (0). Cross-checked when pinned against an independent Python
    /// implementation of the documented algorithm (SplitMix64 from 42, top 53 bits, bound·(2u − 1)).
    /// </summary>
    public static readonly ulong[] AssignmentSeed42 =
    {
        0x3FEAC71BE171D024UL, 0xBFF2D984956F92C4UL, 0xBFE88AD6EA12D536UL, 0xBFE1458B1F782E66UL, 0xBFF99ADF1E842C7DUL, 0x3FF468C605F4D5A4UL,
        0x0000000000000000UL, 0x0000000000000000UL, 0x0000000000000000UL,
        0xBFE6128B176CE0C4UL, 0x3FE7908B9D4D647CUL, 0xBFD917F53D616B72UL,
        0x0000000000000000UL,
    };
}
