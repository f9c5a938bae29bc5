using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Analysis;

/// <summary>
/// Activity, backward ("useful"): which variables and arrays may influence the method's value or its
/// outputs through a derivative. A value that is varied but not useful (one that only feeds a
/// comparison) needs no adjoint; flow-insensitive, views and their arrays as one.
/// </summary>
internal static class Usefulness
{
    public static (bool[] Variables, bool[] Arrays) Run(FunctionBody body, IEnumerable<int> outputVariables, IEnumerable<int> outputArrays)
    {
        int[] roots = ArrayRoots.Of(body);
        bool[] variables = new bool[body.Variables.Count];
        bool[] arrays = new bool[body.Arrays.Count];
        foreach (int v in outputVariables)
        {
            variables[v] = true;
        }

        foreach (int a in outputArrays)
        {
            arrays[roots[a]] = true;
        }

        List<Statement> all = Statements.All(body.Statements).ToList(); // walked backwards: a straight line converges in one pass
        var reads = new List<Expression>();
        var arrayArguments = new List<int>();
        bool[] assignedInPass = new bool[variables.Length]; // a variable marked after one of its assignments was passed needs another pass
        bool[] writtenInPass = new bool[arrays.Length]; // so does an array marked after one of its element assignments was passed
        for (bool changed = true; changed;)
        {
            changed = false;
            System.Array.Clear(assignedInPass, 0, assignedInPass.Length);
            System.Array.Clear(writtenInPass, 0, writtenInPass.Length);
            for (int s = all.Count - 1; s >= 0; s--)
            {
                Statement statement = all[s];
                if (statement is Assign assigned)
                {
                    assignedInPass[assigned.Variable] = true;
                }
                else if (statement is AssignElement written)
                {
                    writtenInPass[roots[written.Array]] = true;
                }

                bool target = statement switch
                {
                    Assign a => variables[a.Variable],
                    AssignElement e => arrays[roots[e.Array]],
                    _ => false,
                };
                Expression? value = statement switch
                {
                    Assign a => a.Value,
                    AssignElement e => e.Value,
                    _ => null,
                };
                if (!target || value is null)
                {
                    continue;
                }

                reads.Clear();
                DerivativePaths.Reads(value, reads);
                foreach (Expression read in reads)
                {
                    changed |= read switch
                    {
                        Read r => Mark(variables, r.Variable) && assignedInPass[r.Variable],
                        ReadElement r => Mark(arrays, roots[r.Array]) && writtenInPass[roots[r.Array]],
                        _ => false,
                    };
                }

                arrayArguments.Clear();
                DerivativePaths.ArrayArguments(value, arrayArguments);
                foreach (int array in arrayArguments)
                {
                    changed |= Mark(arrays, roots[array]) && writtenInPass[roots[array]];
                }
            }
        }

        for (int a = 0; a < arrays.Length; a++)
        {
            arrays[a] = arrays[roots[a]];
        }

        return (variables, arrays);
    }

    private static bool Mark(bool[] set, int index)
    {
        if (set[index])
        {
            return false;
        }

        set[index] = true;
        return true;
    }
}
