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
        Visit(body.Statements, counts, reads, definitions, local, body, root: true);
        return local;
    }

    /// <summary>Finds the block-local values of a block and the blocks inside it; returns how often the block reads each variable (null for the body itself, which holds every read).</summary>
    private static Dictionary<int, int>? Visit(EquatableArray<Statement> block, int[] counts, int[] reads, Assign?[] definitions, Assign?[] local, FunctionBody body, bool root)
    {
        Dictionary<int, int>? inside = root ? null : new Dictionary<int, int>();
        foreach (Statement statement in block)
        {
            if (inside is not null)
            {
                var counter = new InsideCounter(inside);
                Statements.Walk(statement, ref counter);
            }

            if (statement is Assign or AssignElement or Comment)
            {
                continue; // no blocks inside
            }

            foreach (EquatableArray<Statement> nested in Statements.Blocks(statement))
            {
                Dictionary<int, int> counted = Visit(nested, counts, reads, definitions, local, body, root: false)!;
                if (inside is null)
                {
                    continue;
                }

                foreach (KeyValuePair<int, int> pair in counted)
                {
                    inside[pair.Key] = inside.TryGetValue(pair.Key, out int n) ? n + pair.Value : pair.Value;
                }
            }
        }

        HashSet<int>? exposed = null;
        foreach (Statement statement in block)
        {
            if (statement is not Assign a)
            {
                continue;
            }

            int v = a.Variable;
            if (counts[v] == 1 && ReferenceEquals(definitions[v], a) && v != body.Result &&
                body.Variables[v].Role != VariableRole.Parameter &&
                (inside is null || reads[v] == (inside.TryGetValue(v, out int n) ? n : 0)) &&
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
