using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Analysis;

/// <summary>
/// Block-local values: a variable assigned once, directly in a block, read only inside that block and
/// never before its assignment there. Its adjoint lives in the block's reverse alone: it starts at zero
/// where that reverse starts, a first contribution assigns it, and its definition's reverse needs no
/// reset (and none at all when nothing contributed).
/// </summary>
internal static class LocalValues
{
    /// <summary>For each variable, its defining assignment when it is block-local, else null.</summary>
    public static Assign?[] Find(FunctionBody body)
    {
        var definitions = new Assign?[body.Variables.Count];
        var counts = new int[body.Variables.Count];
        var reads = new int[body.Variables.Count];
        foreach (Statement statement in Statements.All(body.Statements))
        {
            if (statement is Assign a)
            {
                counts[a.Variable]++;
                definitions[a.Variable] = a;
            }
            else if (statement is Pop p)
            {
                counts[p.Variable] += 2;
            }

            var counter = new ReadCounter(reads);
            Statements.Walk(statement, ref counter);
        }

        var local = new Assign?[body.Variables.Count];
        Visit(body.Statements, counts, reads, definitions, local, body);
        return local;
    }

    private static Dictionary<int, int> Visit(EquatableArray<Statement> block, int[] counts, int[] reads, Assign?[] definitions, Assign?[] local, FunctionBody body)
    {
        var inside = new Dictionary<int, int>();
        foreach (Statement statement in block)
        {
            var counter = new InsideCounter(inside);
            Statements.Walk(statement, ref counter);

            foreach (EquatableArray<Statement> nested in Statements.Blocks(statement))
            {
                foreach (KeyValuePair<int, int> pair in Visit(nested, counts, reads, definitions, local, body))
                {
                    inside[pair.Key] = inside.TryGetValue(pair.Key, out int n) ? n + pair.Value : pair.Value;
                }
            }
        }

        HashSet<int>? exposed = null;
        foreach (Assign a in block.OfType<Assign>())
        {
            int v = a.Variable;
            if (counts[v] == 1 && ReferenceEquals(definitions[v], a) && v != body.Result &&
                body.Variables[v].Role != VariableRole.Parameter &&
                reads[v] == (inside.TryGetValue(v, out int n) ? n : 0) &&
                !(exposed ??= LoopClassifier.UpwardExposed(block, new HashSet<int>())).Contains(v))
            {
                local[v] = a;
            }
        }

        return inside;
    }

    private readonly struct ReadCounter : IExpressionVisitor
    {
        private readonly int[] _reads;

        public ReadCounter(int[] reads) => _reads = reads;

        public void Visit(Expression expression)
        {
            if (expression is Read r)
            {
                _reads[r.Variable]++;
            }
        }
    }

    private readonly struct InsideCounter : IExpressionVisitor
    {
        private readonly Dictionary<int, int> _inside;

        public InsideCounter(Dictionary<int, int> inside) => _inside = inside;

        public void Visit(Expression expression)
        {
            if (expression is Read r)
            {
                _inside[r.Variable] = _inside.TryGetValue(r.Variable, out int n) ? n + 1 : 1;
            }
        }
    }
}
