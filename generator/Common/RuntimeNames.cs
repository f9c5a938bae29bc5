namespace NetGen.Generator.Common;

/// <summary>
/// The fully qualified names of the runtime types that generated code calls, in one place. The helpers
/// live in <c>NetGen.CompilerServices</c> (hidden from IntelliSense, for generated code only); the public
/// types in <c>NetGen</c>. Generated code always writes <c>global::</c> names, so no user type or namespace
/// can capture them.
/// </summary>
internal static class RuntimeNames
{
    private const string Public = "global::NetGen.";
    private const string Services = CompilerServices + ".";

    /// <summary>The namespace of the helpers generated code calls.</summary>
    public const string CompilerServices = "global::NetGen.CompilerServices";

    public const string Guard = Services + "Guard";
    public const string Kernels = Services + "Kernels";
    public const string Lanes = Services + "Lanes";
    public const string Gemm = Services + "Gemm";
    public const string Activations = Services + "Activations";
    public const string BatchSplit = Services + "BatchSplit";
    public const string Tape = Services + "Tape";
    public const string Checkpoints = Services + "Checkpoints";
    public const string Special = Services + "Special";
    public const string Buffers = Services + "Buffers";
    public const string Layers = Services + "Layers";
    public const string Dropout = Services + "Dropout";
    public const string Convolution = Services + "Convolution";

    public const string INetwork = Public + "INetwork";
    public const string NetworkDescription = Public + "NetworkDescription";
    public const string SplitMix64 = Public + "SplitMix64";
    public const string Initializer = Public + "Initializer";

    public const string Math = "global::System.Math";
    public const string MathF = "global::System.MathF";
    public const string Span = "global::System.Span";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";
    public const string ArrayPool = "global::System.Buffers.ArrayPool";
}
