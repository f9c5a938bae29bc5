namespace NetGen.Generator.Common;

/// <summary>Names of the pipeline steps, so that tests can check what was cached.</summary>
internal static class TrackingNames
{
    public const string Networks = nameof(Networks);
    public const string NetworkSpecs = nameof(NetworkSpecs);
    public const string NetworkDiagnostics = nameof(NetworkDiagnostics);
    public const string OrphanLayers = nameof(OrphanLayers);
    public const string Functions = nameof(Functions);
    public const string FunctionSpecs = nameof(FunctionSpecs);
    public const string FunctionLibrary = nameof(FunctionLibrary);
    public const string FunctionUnits = nameof(FunctionUnits);
    public const string FunctionDiagnostics = nameof(FunctionDiagnostics);
    public const string Misplaced = nameof(Misplaced);
    public const string GradientOf = nameof(GradientOf);
}
