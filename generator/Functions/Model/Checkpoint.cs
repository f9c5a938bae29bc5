using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// Before a checkpointed loop (see <c>runtime/CompilerServices/Checkpoints.cs</c>): its store of
/// checkpoints, empty, and the size of one (the state's variables and the elements of its arrays);
/// <see cref="After"/> takes the number of iterations taped before checkpointing starts (read once).
/// </summary>
internal sealed record CheckpointStart(int Store, int After, EquatableArray<int> Variables, EquatableArray<int> Arrays) : Statement;

/// <summary>At the start of an iteration past the taped ones: every so many, the state copied into the store.</summary>
internal sealed record CheckpointSave(int Store, int Counter, int After, EquatableArray<int> Variables, EquatableArray<int> Arrays) : Statement;

/// <summary>
/// The reverse of a loop's checkpointed iterations, last segment first: the state back from the segment's
/// checkpoint, the segment's iterations again (<see cref="Replay"/>: taped), then backwards (<see cref="Reverse"/>).
/// </summary>
internal sealed record CheckpointReverse(int Store, int Counter, int After, EquatableArray<int> Variables, EquatableArray<int> Arrays, EquatableArray<Statement> Replay, EquatableArray<Statement> Reverse) : Statement
{
    /// <summary>The loop as written, for the comment.</summary>
    public string Title { get; init; } = string.Empty;
}
