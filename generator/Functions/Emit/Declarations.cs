using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Emit;

/// <summary>
/// Where each local of a printed program is declared: in the innermost block that holds every use of
/// it (outside a loop whose iterations hand it on), at its first assignment there when that comes
/// first, else just before the statement of that block that uses it first.
/// </summary>
internal sealed class Declarations
{
    private readonly Dictionary<object, HashSet<int>> _variableAt = new(Lowering.ReferenceComparer.Instance);
    private readonly Dictionary<object, List<int>> _variablesBefore = new(Lowering.ReferenceComparer.Instance);
    private readonly Dictionary<object, List<int>> _arraysBefore = new(Lowering.ReferenceComparer.Instance);

    public Declarations(FunctionBody body, bool[] fixedVariables, bool[] fixedArrays)
    {
        var root = new Block(null, body.Statements);
        var variables = new Dictionary<int, List<(Block Block, int Index)>>();
        var arrays = new Dictionary<int, List<(Block Block, int Index)>>();
        Walk(root, variables, arrays);
        foreach (KeyValuePair<int, List<(Block Block, int Index)>> pair in variables.Where(p => !fixedVariables[p.Key]))
        {
            (Block home, int index) = Place(pair.Key, pair.Value, root);
            Statement first = home.Statements[index];
            bool declares = first switch
            {
                Assign a => a.Variable == pair.Key && !Statements.Tree(a.Value).Any(e => e is Read r && r.Variable == pair.Key),
                CallGradient g => g.Result == pair.Key || g.Partials.Contains(pair.Key),
                _ => false,
            };
            if (declares)
            {
                if (!_variableAt.TryGetValue(first, out HashSet<int>? set))
                {
                    _variableAt[first] = set = new HashSet<int>();
                }

                set.Add(pair.Key);
            }
            else
            {
                Before(_variablesBefore, first).Add(pair.Key);
            }
        }

        foreach (KeyValuePair<int, List<(Block Block, int Index)>> pair in arrays.Where(p => !fixedArrays[p.Key]))
        {
            (Block home, int index) = Place(-1, pair.Value, root);
            Before(_arraysBefore, home.Statements[index]).Add(pair.Key);
        }
    }

    /// <summary>Whether the statement declares the variable it assigns (or, for a call, one it writes).</summary>
    public bool Declares(Statement statement, int variable) => _variableAt.TryGetValue(statement, out HashSet<int>? set) && set.Contains(variable);

    /// <summary>The variables to declare just before the statement.</summary>
    public IEnumerable<int> VariablesBefore(Statement statement) =>
        _variablesBefore.TryGetValue(statement, out List<int>? list) ? list.OrderBy(v => v) : Enumerable.Empty<int>();

    /// <summary>The arrays to declare just before the statement.</summary>
    public IEnumerable<int> ArraysBefore(Statement statement) =>
        _arraysBefore.TryGetValue(statement, out List<int>? list) ? list.OrderBy(a => a) : Enumerable.Empty<int>();

    private static List<int> Before(Dictionary<object, List<int>> map, Statement statement)
    {
        if (!map.TryGetValue(statement, out List<int>? list))
        {
            map[statement] = list = new List<int>();
        }

        return list;
    }

    /// <summary>The block a local is declared in and the index there of the statement that uses it first.</summary>
    private static (Block Home, int Index) Place(int variable, List<(Block Block, int Index)> uses, Block root)
    {
        Block home = uses.Select(u => u.Block).Aggregate(Common);
        while (home.Parent is not null && (home.Loop || (variable >= 0 && home.Exposed.Contains(variable))))
        {
            home = home.Parent; // a value read before it is assigned in this block comes from outside it
        }

        int index = int.MaxValue;
        foreach ((Block block, int at) in uses)
        {
            int i = at;
            for (Block b = block; !ReferenceEquals(b, home); b = b.Parent!)
            {
                i = b.Index;
            }

            index = System.Math.Min(index, i);
        }

        return (home, index);
    }

    private static Block Common(Block a, Block b)
    {
        var seen = new HashSet<Block>();
        for (Block? x = a; x is not null; x = x.Parent)
        {
            seen.Add(x);
        }

        for (Block? y = b; y is not null; y = y.Parent)
        {
            if (seen.Contains(y))
            {
                return y;
            }
        }

        return a;
    }

    private static void Walk(Block block, Dictionary<int, List<(Block, int)>> variables, Dictionary<int, List<(Block, int)>> arrays)
    {
        for (int i = 0; i < block.Statements.Count; i++)
        {
            Statement statement = block.Statements[i];
            foreach (int v in Written(statement))
            {
                Use(variables, v, block, i);
            }

            foreach (Expression root in Statements.Expressions(statement))
            {
                foreach (Expression e in Statements.Tree(root))
                {
                    if (e is Read r)
                    {
                        Use(variables, r.Variable, block, i);
                    }
                }
            }

            foreach (int a in Arrays(statement))
            {
                Use(arrays, a, block, i);
            }

            switch (statement)
            {
                case If b:
                    Walk(new Block(block, b.Then) { Index = i }, variables, arrays);
                    Walk(new Block(block, b.Else) { Index = i }, variables, arrays);
                    break;
                case Loop l:
                    // The header and the step may be written in the loop's own head (for (; c; step)): their locals live outside it.
                    Walk(new Block(block, l.Header) { Index = i, Loop = true }, variables, arrays);
                    Walk(new Block(block, l.Body) { Index = i, Repeats = true }, variables, arrays);
                    Walk(new Block(block, l.Step) { Index = i, Loop = true }, variables, arrays);
                    break;
                case Repeat r:
                    Walk(new Block(block, r.Body) { Index = i, Repeats = true }, variables, arrays);
                    break;
                case CheckpointReverse c:
                    Walk(new Block(block, c.Replay) { Index = i, Repeats = true }, variables, arrays);
                    Walk(new Block(block, c.Reverse) { Index = i, Repeats = true }, variables, arrays);
                    break;
            }
        }
    }

    private static void Use(Dictionary<int, List<(Block, int)>> map, int key, Block block, int index)
    {
        if (!map.TryGetValue(key, out List<(Block, int)>? list))
        {
            map[key] = list = new List<(Block, int)>();
        }

        list.Add((block, index));
    }

    private static IEnumerable<int> Written(Statement statement) => statement switch
    {
        Assign a => new[] { a.Variable },
        CheckpointStart c => c.Variables.Append(c.After),
        CheckpointSave c => c.Variables.Append(c.Counter).Append(c.After),
        CheckpointReverse c => c.Variables.Append(c.Counter).Append(c.After),
        Pop p => new[] { p.Variable },
        CallGradient g => g.Partials.Where(p => p >= 0).Concat(g.Result >= 0 ? new[] { g.Result } : new int[0]),
        _ => Enumerable.Empty<int>(),
    };

    private static IEnumerable<int> Arrays(Statement statement)
    {
        IEnumerable<int> own = statement switch
        {
            AssignElement e => new[] { e.Array },
            DeclareArray d => new[] { d.Array },
            DeclareView v => new[] { v.Array, v.Base },
            ClearArray c => new[] { c.Array },
            CopyArray c => new[] { c.Target, c.From },
            AddScaled c => new[] { c.Target, c.From },
            CheckpointStart c => c.Arrays,
            CheckpointSave c => c.Arrays,
            CheckpointReverse c => c.Arrays,
            CallGradient g => g.PartialArrays.Where(p => p >= 0).Concat(g.Arguments.OfType<ArrayArgument>().Select(a => a.Array)),
            _ => Enumerable.Empty<int>(),
        };
        return own.Concat(Statements.Expressions(statement).SelectMany(Statements.Tree).SelectMany(e => e switch
        {
            ReadElement r => new[] { r.Array },
            ArrayLength l => new[] { l.Array },
            DotProduct d => new[] { d.A, d.B },
            GradientCall g => g.Arguments.OfType<ArrayArgument>().Select(a => a.Array),
            _ => new int[0],
        }));
    }

    /// <summary>A block of the printed program: its statements, its parent, and the index there of the statement that holds it.</summary>
    private sealed class Block
    {
        public Block(Block? parent, EquatableArray<Statement> statements)
        {
            Parent = parent;
            Statements = statements;
        }

        public Block? Parent { get; }

        public EquatableArray<Statement> Statements { get; }

        public int Index { get; init; }

        /// <summary>A loop's header or step: written in the loop's head, so its locals are declared outside it.</summary>
        public bool Loop { get; init; }

        /// <summary>A loop's body: a local that one iteration hands to the next is declared outside it.</summary>
        public bool Repeats { get; init; }

        private HashSet<int>? _exposed;

        /// <summary>The variables the block may read before it assigns them.</summary>
        public HashSet<int> Exposed => _exposed ??= LoopClassifier.UpwardExposed(Statements, new HashSet<int>());
    }
}
