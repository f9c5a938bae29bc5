namespace NetGen.Generator.Common;

/// <summary>Names of the pipeline steps, so that tests can check what was cached.</summary>
internal static class TrackingNames
{
    public const string Networks = nameof(Networks);
    public const string OrphanLayers = nameof(OrphanLayers);
    public const string Functions = nameof(Functions);
    public const string CallGraph = nameof(CallGraph);
    public const string Cycles = nameof(Cycles);
    public const string Recursion = nameof(Recursion);
    public const string Unavailable = nameof(Unavailable);
    public const string Misplaced = nameof(Misplaced);
    public const string GradientOf = nameof(GradientOf);
}
