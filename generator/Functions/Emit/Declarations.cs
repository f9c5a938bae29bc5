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
    /// <summary>For each variable, the statement that declares it where that is its assignment (or a call that writes it).</summary>
    private readonly Statement?[] _declaredBy;
    private readonly Dictionary<object, Locals> _before = new(Lowering.ReferenceComparer.Instance);

    /// <summary>
    /// The statements with locals declared before them, while there are few: the printer asks about every statement,
    /// and comparing a few references is cheaper than hashing each statement for the first time.
    /// </summary>
    private readonly List<Statement> _few = new();

    public Declarations(FunctionBody body, bool[] fixedVariables, bool[] fixedArrays)
    {
        var root = new Block(null, body.Statements);
        var variables = new Uses(body.Variables.Count);
        var arrays = new Uses(body.Arrays.Count);
        Walk(root, variables, arrays);
        _declaredBy = new Statement?[body.Variables.Count];
        for (int v = 0; v < body.Variables.Count; v++)
        {
            if (fixedVariables[v] || !variables.Used(v))
            {
                continue;
            }

            (Block home, int index) = variables.Place(v, v);
            Statement first = home.Statements[index];
            bool declares = first switch
            {
                Assign a => a.Variable == v && !Statements.ReadsVariable(a.Value, v),
                CallGradient g => g.Result == v || g.Partials.Contains(v),
                _ => false,
            };
            if (declares)
            {
                _declaredBy[v] = first;
            }
            else
            {
                Add(first).Variables.Add(v);
            }
        }

        for (int a = 0; a < body.Arrays.Count; a++)
        {
            if (!fixedArrays[a] && arrays.Used(a))
            {
                (Block home, int index) = arrays.Place(a, -1);
                Add(home.Statements[index]).Arrays.Add(a);
            }
        }
    }

    /// <summary>Whether the statement declares the variable it assigns (or, for a call, one it writes).</summary>
    public bool Declares(Statement statement, int variable) => ReferenceEquals(_declaredBy[variable], statement);

    /// <summary>The locals to declare just before the statement (variables and arrays, each in ascending order), or null.</summary>
    public Locals? Before(Statement statement)
    {
        if (_before.Count > FewStatements)
        {
            return _before.TryGetValue(statement, out Locals? found) ? found : null;
        }

        foreach (Statement s in _few)
        {
            if (ReferenceEquals(s, statement))
            {
                return _before[s];
            }
        }

        return null;
    }

    private const int FewStatements = 16;

    private Locals Add(Statement statement)
    {
        if (!_before.TryGetValue(statement, out Locals? locals))
        {
            _before[statement] = locals = new Locals();
            if (_few.Count <= FewStatements)
            {
                _few.Add(statement);
            }
        }

        return locals;
    }

    /// <summary>The variables and the arrays declared just before one statement.</summary>
    internal sealed class Locals
    {
        public List<int> Variables { get; } = new();

        public List<int> Arrays { get; } = new();
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

    private static void Walk(Block block, Uses variables, Uses arrays)
    {
        for (int i = 0; i < block.Statements.Count; i++)
        {
            Statement statement = block.Statements[i];
            Written(statement, variables, block, i);
            OwnArrays(statement, arrays, block, i);
            var reads = new Reads(variables, arrays, block, i);
            Statements.Walk(statement, ref reads);

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

    private static void Written(Statement statement, Uses variables, Block block, int index)
    {
        switch (statement)
        {
            case Assign a:
                variables.Add(a.Variable, block, index);
                break;
            case Pop p:
                variables.Add(p.Variable, block, index);
                break;
            case CheckpointStart c:
                variables.AddAll(c.Variables, block, index);
                variables.Add(c.After, block, index);
                break;
            case CheckpointSave c:
                variables.AddAll(c.Variables, block, index);
                variables.Add(c.Counter, block, index);
                variables.Add(c.After, block, index);
                break;
            case CheckpointReverse c:
                variables.AddAll(c.Variables, block, index);
                variables.Add(c.Counter, block, index);
                variables.Add(c.After, block, index);
                break;
            case CallGradient g:
                variables.AddAll(g.Partials.Where(p => p >= 0), block, index);
                if (g.Result >= 0)
                {
                    variables.Add(g.Result, block, index);
                }

                break;
        }
    }

    private static void OwnArrays(Statement statement, Uses arrays, Block block, int index)
    {
        switch (statement)
        {
            case AssignElement e:
                arrays.Add(e.Array, block, index);
                break;
            case DeclareArray d:
                arrays.Add(d.Array, block, index);
                break;
            case DeclareView v:
                arrays.Add(v.Array, block, index);
                arrays.Add(v.Base, block, index);
                break;
            case ClearArray c:
                arrays.Add(c.Array, block, index);
                break;
            case CopyArray c:
                arrays.Add(c.Target, block, index);
                arrays.Add(c.From, block, index);
                break;
            case AddScaled c:
                arrays.Add(c.Target, block, index);
                arrays.Add(c.From, block, index);
                break;
            case CheckpointStart c:
                arrays.AddAll(c.Arrays, block, index);
                break;
            case CheckpointSave c:
                arrays.AddAll(c.Arrays, block, index);
                break;
            case CheckpointReverse c:
                arrays.AddAll(c.Arrays, block, index);
                break;
            case CallGradient g:
                arrays.AddAll(g.PartialArrays.Where(p => p >= 0).Concat(g.Arguments.OfType<ArrayArgument>().Select(a => a.Array)), block, index);
                break;
        }
    }

    /// <summary>The variables and arrays a statement's expressions read.</summary>
    private struct Reads : IExpressionVisitor
    {
        private readonly Uses _variables;
        private readonly Uses _arrays;
        private readonly Block _block;
        private readonly int _index;

        public Reads(Uses variables, Uses arrays, Block block, int index)
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
                    _variables.Add(r.Variable, _block, _index);
                    break;
                case ReadElement r:
                    _arrays.Add(r.Array, _block, _index);
                    break;
                case ArrayLength l:
                    _arrays.Add(l.Array, _block, _index);
                    break;
                case DotProduct d:
                    _arrays.Add(d.A, _block, _index);
                    _arrays.Add(d.B, _block, _index);
                    break;
                case GradientCall g:
                    foreach (Argument argument in g.Arguments)
                    {
                        if (argument is ArrayArgument a)
                        {
                            _arrays.Add(a.Array, _block, _index);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Where each local (or array) is used, as much as placing its declaration needs: the innermost block
    /// that holds every use, and the first use. The walk visits statements in program order, so the first
    /// use is also the first in any block that holds it.
    /// </summary>
    private sealed class Uses
    {
        private readonly Block?[] _common;
        private readonly Block?[] _firstBlock;
        private readonly int[] _firstIndex;

        public Uses(int count)
        {
            _common = new Block?[count];
            _firstBlock = new Block?[count];
            _firstIndex = new int[count];
        }

        public bool Used(int key) => _firstBlock[key] is not null;

        public void Add(int key, Block block, int index)
        {
            if (_common[key] is not { } common)
            {
                _common[key] = _firstBlock[key] = block;
                _firstIndex[key] = index;
            }
            else if (!ReferenceEquals(common, block))
            {
                _common[key] = Common(common, block);
            }
        }

        public void AddAll(IEnumerable<int> keys, Block block, int index)
        {
            foreach (int key in keys)
            {
                Add(key, block, index);
            }
        }

        /// <summary>The block a local is declared in and the index there of the statement that uses it first.</summary>
        /// <param name="variable">The variable (its uses before assignment keep it out of a block), or -1 for an array.</param>
        public (Block Home, int Index) Place(int key, int variable)
        {
            Block home = _common[key]!;
            while (home.Parent is not null && (home.Loop || (variable >= 0 && home.Exposed.Contains(variable))))
            {
                home = home.Parent; // a value read before it is assigned in this block comes from outside it
            }

            int index = _firstIndex[key];
            for (Block b = _firstBlock[key]!; !ReferenceEquals(b, home); b = b.Parent!)
            {
                index = b.Index;
            }

            return (home, index);
        }
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
