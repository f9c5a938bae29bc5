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
    private readonly HashSet<(object Statement, int Variable)> _variableAt = new(DeclaredAt.Instance);
    private readonly Dictionary<object, List<int>> _variablesBefore = new(Lowering.ReferenceComparer.Instance);
    private readonly Dictionary<object, List<int>> _arraysBefore = new(Lowering.ReferenceComparer.Instance);

    public Declarations(FunctionBody body, bool[] fixedVariables, bool[] fixedArrays)
    {
        var root = new Block(null, body.Statements);
        var variables = new List<(Block Block, int Index)>?[body.Variables.Count];
        var arrays = new List<(Block Block, int Index)>?[body.Arrays.Count];
        Walk(root, variables, arrays);
        for (int v = 0; v < variables.Length; v++)
        {
            if (fixedVariables[v] || variables[v] is not { } used)
            {
                continue;
            }

            var pair = new KeyValuePair<int, List<(Block Block, int Index)>>(v, used);
            (Block home, int index) = Place(pair.Key, pair.Value, root);
            Statement first = home.Statements[index];
            bool declares = first switch
            {
                Assign a => a.Variable == pair.Key && !Statements.ReadsVariable(a.Value, pair.Key),
                CallGradient g => g.Result == pair.Key || g.Partials.Contains(pair.Key),
                _ => false,
            };
            if (declares)
            {
                _variableAt.Add((first, pair.Key));
            }
            else
            {
                Before(_variablesBefore, first).Add(pair.Key);
            }
        }

        for (int a = 0; a < arrays.Length; a++)
        {
            if (!fixedArrays[a] && arrays[a] is { } used)
            {
                (Block home, int index) = Place(-1, used, root);
                Before(_arraysBefore, home.Statements[index]).Add(a);
            }
        }
    }

    /// <summary>Whether the statement declares the variable it assigns (or, for a call, one it writes).</summary>
    public bool Declares(Statement statement, int variable) => _variableAt.Contains((statement, variable));

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
        Block home = uses[0].Block;
        for (int u = 1; u < uses.Count; u++)
        {
            home = Common(home, uses[u].Block);
        }

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

    /// <summary>The innermost block that holds both (by depth: no set per pair, most pairs are one block).</summary>
    private static Block Common(Block a, Block b)
    {
        while (a.Depth > b.Depth)
        {
            a = a.Parent!;
        }

        while (b.Depth > a.Depth)
        {
            b = b.Parent!;
        }

        while (!ReferenceEquals(a, b))
        {
            a = a.Parent!;
            b = b.Parent!;
        }

        return a;
    }

    private static void Walk(Block block, List<(Block, int)>?[] variables, List<(Block, int)>?[] arrays)
    {
        for (int i = 0; i < block.Statements.Count; i++)
        {
            Statement statement = block.Statements[i];
            Written(statement, variables, block, i);
            OwnArrays(statement, arrays, block, i);
            var uses = new Uses(variables, arrays, block, i);
            Statements.Walk(statement, ref uses);

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

    private static void Use(List<(Block, int)>?[] map, int key, Block block, int index)
    {
        (map[key] ??= new List<(Block, int)>()).Add((block, index));
    }

    private static void Written(Statement statement, List<(Block, int)>?[] variables, Block block, int index)
    {
        switch (statement)
        {
            case Assign a:
                Use(variables, a.Variable, block, index);
                break;
            case Pop p:
                Use(variables, p.Variable, block, index);
                break;
            case CheckpointStart c:
                UseAll(variables, c.Variables, block, index);
                Use(variables, c.After, block, index);
                break;
            case CheckpointSave c:
                UseAll(variables, c.Variables, block, index);
                Use(variables, c.Counter, block, index);
                Use(variables, c.After, block, index);
                break;
            case CheckpointReverse c:
                UseAll(variables, c.Variables, block, index);
                Use(variables, c.Counter, block, index);
                Use(variables, c.After, block, index);
                break;
            case CallGradient g:
                UseAll(variables, g.Partials.Where(p => p >= 0), block, index);
                if (g.Result >= 0)
                {
                    Use(variables, g.Result, block, index);
                }

                break;
        }
    }

    private static void OwnArrays(Statement statement, List<(Block, int)>?[] arrays, Block block, int index)
    {
        switch (statement)
        {
            case AssignElement e:
                Use(arrays, e.Array, block, index);
                break;
            case DeclareArray d:
                Use(arrays, d.Array, block, index);
                break;
            case DeclareView v:
                Use(arrays, v.Array, block, index);
                Use(arrays, v.Base, block, index);
                break;
            case ClearArray c:
                Use(arrays, c.Array, block, index);
                break;
            case CopyArray c:
                Use(arrays, c.Target, block, index);
                Use(arrays, c.From, block, index);
                break;
            case AddScaled c:
                Use(arrays, c.Target, block, index);
                Use(arrays, c.From, block, index);
                break;
            case CheckpointStart c:
                UseAll(arrays, c.Arrays, block, index);
                break;
            case CheckpointSave c:
                UseAll(arrays, c.Arrays, block, index);
                break;
            case CheckpointReverse c:
                UseAll(arrays, c.Arrays, block, index);
                break;
            case CallGradient g:
                UseAll(arrays, g.PartialArrays.Where(p => p >= 0).Concat(g.Arguments.OfType<ArrayArgument>().Select(a => a.Array)), block, index);
                break;
        }
    }

    private static void UseAll(List<(Block, int)>?[] map, IEnumerable<int> keys, Block block, int index)
    {
        foreach (int key in keys)
        {
            Use(map, key, block, index);
        }
    }

    /// <summary>The variables and arrays a statement's expressions read.</summary>
    private struct Uses : IExpressionVisitor
    {
        private readonly List<(Block, int)>?[] _variables;
        private readonly List<(Block, int)>?[] _arrays;
        private readonly Block _block;
        private readonly int _index;

        public Uses(List<(Block, int)>?[] variables, List<(Block, int)>?[] arrays, Block block, int index)
        {
            _variables = variables;
            _arrays = arrays;
            _block = block;
            _index = index;
        }

        public void Visit(Expression expression)
        {
            switch (expression)
            {
                case Read r:
                    Use(_variables, r.Variable, _block, _index);
                    break;
                case ReadElement r:
                    Use(_arrays, r.Array, _block, _index);
                    break;
                case ArrayLength l:
                    Use(_arrays, l.Array, _block, _index);
                    break;
                case DotProduct d:
                    Use(_arrays, d.A, _block, _index);
                    Use(_arrays, d.B, _block, _index);
                    break;
                case GradientCall g:
                    foreach (Argument argument in g.Arguments)
                    {
                        if (argument is ArrayArgument a)
                        {
                            Use(_arrays, a.Array, _block, _index);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>A statement (by reference) and a variable it declares.</summary>
    private sealed class DeclaredAt : IEqualityComparer<(object Statement, int Variable)>
    {
        public static readonly DeclaredAt Instance = new();

        public bool Equals((object Statement, int Variable) x, (object Statement, int Variable) y) =>
            ReferenceEquals(x.Statement, y.Statement) && x.Variable == y.Variable;

        public int GetHashCode((object Statement, int Variable) obj) =>
            (System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Statement) * 31) + obj.Variable;
    }

    /// <summary>A block of the printed program: its statements, its parent, and the index there of the statement that holds it.</summary>
    private sealed class Block
    {
        public Block(Block? parent, EquatableArray<Statement> statements)
        {
            Parent = parent;
            Statements = statements;
            Depth = parent is null ? 0 : parent.Depth + 1;
        }

        /// <summary>How many blocks hold this one.</summary>
        public int Depth { get; }

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
