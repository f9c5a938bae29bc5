using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Lowering;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Transform;

/// <summary>
/// Checkpointing of long taped loops at the top of the sweep (runtime: <c>Checkpoints</c>). The first
/// <c>Checkpoints.After</c> iterations run taped as always; past them, each iteration runs without
/// pushing, and every so many the loop's state is copied into a store. The reverse sweep takes the
/// checkpointed segments last first: the state back from the segment's checkpoint, the segment again
/// taped (the same statements as the taped iterations), then its reverse; then the taped iterations'
/// reverse as always. The operations and their order are those of taping every iteration, so the
/// result is the same bit for bit.
/// </summary>
internal sealed partial class AdjointTransform
{
    private readonly Dictionary<object, Checkpoint> _checkpoints = new(ReferenceComparer.Instance);
    private int _stores;

    /// <summary>A checkpointed loop: its store, what a checkpoint holds, and what a segment replays.</summary>
    private sealed record Checkpoint(int Store, int After, EquatableArray<int> Variables, EquatableArray<int> Arrays, EquatableArray<Statement> Replay);

    /// <summary>
    /// The state of a loop: the variables it assigns whose value at the start of an iteration is read
    /// in it (what it carries, and what it keeps on the tape before overwriting), except its counter;
    /// and the arrays from outside it that it writes.
    /// </summary>
    private Checkpoint Checkpointed(Loop loop, int counter, EquatableArray<Statement> header, List<Statement> body, EquatableArray<Statement> step)
    {
        EquatableArray<Statement> iteration = header.Concat(body).Concat(step).ToEquatableArray();
        Statement[] all = Statements.All(iteration).ToArray();
        var assigned = new HashSet<int>();
        foreach (Statement s in all)
        {
            switch (s)
            {
                case Assign a:
                    assigned.Add(a.Variable);
                    break;
                case Pop p:
                    assigned.Add(p.Variable);
                    break;
                case CallGradient g:
                    assigned.UnionWith(g.Partials.Where(v => v >= 0));
                    if (g.Result >= 0)
                    {
                        assigned.Add(g.Result);
                    }

                    break;
            }
        }

        HashSet<int> exposed = LoopClassifier.UpwardExposed(iteration, new HashSet<int>());
        int[] variables = assigned.Where(v => v != counter && exposed.Contains(v)).OrderBy(v => v).ToArray();
        var declared = new HashSet<int>(all.OfType<DeclareArray>().Select(d => _roots[d.Array]));
        int[] arrays = all.SelectMany(WrittenArrays).Select(a => _roots[a]).Where(a => !declared.Contains(a)).Distinct().OrderBy(a => a).ToArray();
        int after = _program.Variable("after", ScalarType.Int32);
        var checkpoint = new Checkpoint(_stores++, after, variables.ToEquatableArray(), arrays.ToEquatableArray(), iteration);
        _checkpoints[loop] = checkpoint;
        return checkpoint;
    }

    private static IEnumerable<int> WrittenArrays(Statement statement) => statement switch
    {
        AssignElement e => new[] { e.Array },
        ClearArray c => new[] { c.Array },
        CopyArray c => new[] { c.Target },
        AddScaled c => new[] { c.Target },
        CallGradient g => g.PartialArrays.Where(a => a >= 0),
        _ => Enumerable.Empty<int>(),
    };
}
