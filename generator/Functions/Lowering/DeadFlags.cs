using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>Removes the assignments of control-flow flags that nothing reads (a return that no later code needs to know about).</summary>
internal static class DeadFlags
{
    public static FunctionBody Remove(FunctionBody body, IEnumerable<int> flags)
    {
        var read = new HashSet<int>();
        foreach (Statement statement in Statements.All(body.Statements))
        {
            foreach (Expression root in Statements.Expressions(statement))
            {
                foreach (Read r in Statements.Tree(root).OfType<Read>())
                {
                    read.Add(r.Variable);
                }
            }
        }

        var dead = new HashSet<int>(flags.Where(f => !read.Contains(f)));
        return dead.Count == 0 ? body : body with { Statements = Strip(body.Statements, dead) };
    }

    private static EquatableArray<Statement> Strip(EquatableArray<Statement> block, HashSet<int> dead) =>
        block.Where(s => s is not Assign a || !dead.Contains(a.Variable)).Select(s => s switch
        {
            If b => b with { Then = Strip(b.Then, dead), Else = Strip(b.Else, dead) },
            Loop l => l with { Header = Strip(l.Header, dead), Body = Strip(l.Body, dead), Step = Strip(l.Step, dead) },
            _ => s,
        }).ToEquatableArray();
}
