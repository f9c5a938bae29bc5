using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>
/// Copy propagation: <c>a = b</c>, where each of a and b is assigned only there (a value that never
/// changes), makes a another name for b, so the copy goes (inlining writes many: arguments into
/// parameters, results out). A parameter, or a variable the method names itself, keeps its copy.
/// </summary>
internal static class CopyPropagation
{
    public static FunctionBody Run(FunctionBody body)
    {
        var assignments = new int[body.Variables.Count];
        foreach (Statement statement in Statements.All(body.Statements))
        {
            switch (statement)
            {
                case Assign a:
                    assignments[a.Variable]++;
                    break;
                case Pop p:
                    assignments[p.Variable] += 2;
                    break;
                case CallGradient g:
                    foreach (int v in g.Partials.Where(v => v >= 0).Append(g.Result).Where(v => v >= 0))
                    {
                        assignments[v]++;
                    }

                    break;
            }
        }

        var places = new (object? Block, int Index, bool InLoop)[body.Variables.Count]; // by variable: its last assignment's block (null: none)
        Locate(body.Statements, false, places);
        int[] alias = Enumerable.Range(0, body.Variables.Count).ToArray();
        foreach (Assign copy in Statements.All(body.Statements).OfType<Assign>())
        {
            if (copy.Value is Read source && assignments[copy.Variable] == 1 && assignments[source.Variable] <= 1 &&
                body.Variables[copy.Variable].Role == VariableRole.Temporary && copy.Variable != body.Result &&
                body.Variables[source.Variable].Type == body.Variables[copy.Variable].Type &&
                Stable(source.Variable, copy.Variable, assignments, places, body))
            {
                alias[copy.Variable] = source.Variable;
            }
        }

        for (int v = 0; v < alias.Length; v++)
        {
            int target = alias[v];
            for (int guard = 0; alias[target] != target && guard < alias.Length; guard++)
            {
                target = alias[target];
            }

            alias[v] = target;
        }

        if (alias.Select((a, v) => a != v).All(changed => !changed))
        {
            return body;
        }

        var renamer = new Renamer(v => alias[v], a => a);
        return body with { Statements = Strip(renamer.Block(body.Statements)) };
    }

    /// <summary>
    /// Whether the source keeps, wherever the copy is read, the value the copy took: a parameter never
    /// assigned; a value assigned once outside any loop; or one assigned once earlier in the copy's own block.
    /// </summary>
    private static bool Stable(int source, int copy, int[] assignments, (object? Block, int Index, bool InLoop)[] places, FunctionBody body)
    {
        if (assignments[source] == 0)
        {
            return body.Variables[source].Role == VariableRole.Parameter;
        }

        var at = places[source];
        var to = places[copy];
        if (at.Block is null || to.Block is null)
        {
            return false;
        }

        return !at.InLoop || (ReferenceEquals(at.Block, to.Block) && at.Index < to.Index);
    }

    /// <summary>Where each variable's (single) assignment is: its block, its index there, and whether a loop holds it.</summary>
    private static void Locate(EquatableArray<Statement> block, bool inLoop, (object? Block, int Index, bool InLoop)[] places)
    {
        object key = new object();
        for (int i = 0; i < block.Count; i++)
        {
            switch (block[i])
            {
                case Assign a:
                    places[a.Variable] = (key, i, inLoop);
                    break;
                case If b:
                    Locate(b.Then, inLoop, places);
                    Locate(b.Else, inLoop, places);
                    break;
                case Loop l:
                    Locate(l.Header, true, places);
                    Locate(l.Body, true, places);
                    Locate(l.Step, true, places);
                    break;
            }
        }
    }

    /// <summary>Removes the copies that became <c>b = b</c>.</summary>
    private static EquatableArray<Statement> Strip(EquatableArray<Statement> block) =>
        block.Where(s => !(s is Assign { Value: Read r } a && r.Variable == a.Variable)).Select(s => s switch
        {
            If b => b with { Then = Strip(b.Then), Else = Strip(b.Else) },
            Loop l => l with { Header = Strip(l.Header), Body = Strip(l.Body), Step = Strip(l.Step) },
            _ => s,
        }).ToEquatableArray();
}
