using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>The variable and array tables of a program being rewritten: passes add temporaries, flags, adjoints and buffers here.</summary>
internal sealed class ProgramBuilder
{
    public ProgramBuilder(FunctionBody body)
    {
        Variables = new List<VariableSpec>((2 * body.Variables.Count) + 8); // room for a derived variable per variable (adjoints, tangents) without regrowing
        for (int v = 0; v < body.Variables.Count; v++)
        {
            Variables.Add(body.Variables[v]);
        }

        Arrays = body.Arrays.ToList();
        Result = body.Result;
    }

    public List<VariableSpec> Variables { get; }

    public List<ArraySpec> Arrays { get; }

    public int Result { get; set; }

    public int Variable(string name, ScalarType type, VariableRole role = VariableRole.Temporary)
    {
        Variables.Add(new VariableSpec(name, type, role));
        return Variables.Count - 1;
    }

    /// <summary>A variable named after another: <paramref name="pattern"/> with <c>*</c> for that one's name (<c>adj_*</c>).</summary>
    public int Derived(string pattern, int of, ScalarType type)
    {
        Variables.Add(new VariableSpec(pattern, type, VariableRole.Temporary) { Of = of });
        return Variables.Count - 1;
    }

    public int Array(string name, ScalarType type, ArrayRole role = ArrayRole.Scratch)
    {
        Arrays.Add(new ArraySpec(name, type, role));
        return Arrays.Count - 1;
    }

    public Read Read(int variable) => new(Variables[variable].Type, variable);

    public FunctionBody Build(IEnumerable<Statement> statements) =>
        new(Variables.ToEquatableArray(), Arrays.ToEquatableArray(), statements.ToEquatableArray(), Result);
}
