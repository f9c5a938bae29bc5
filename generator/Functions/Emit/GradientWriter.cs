using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Lowering;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;
using NetGen.Generator.Functions.Transform;

namespace NetGen.Generator.Functions.Emit;

/// <summary>
/// <c>NameGradient</c> (a method that returns a value) and <c>NameVjp</c> (one that writes span outputs):
/// the reverse-mode program, with the derivatives written into the <c>dName</c> parameters.
/// </summary>
internal static class GradientWriter
{
    /// <param name="linear">The method's body, lowered and linearized (<see cref="FunctionCompiler.Linearize"/>): shared with the other members.</param>
    public static void Write(SourceWriter w, FunctionSpec spec, FunctionBody linear)
    {
        var m = new MemberWriter(spec);
        bool vjp = spec.ReturnType is null;
        var program = new ProgramBuilder(linear);
        var cotangents = new List<(int Array, int Cotangent, string Name, ParameterSpec Output)>();
        foreach ((ParameterSpec output, int _) in m.Outputs())
        {
            string name = m.Names.Reserve(MemberNames.Derivative(output.Name));
            cotangents.Add((output.Slot, program.Array(name, output.Type, ArrayRole.Input), name, output));
        }

        var inputs = new List<(ParameterSpec Parameter, string Name, int Array)>();
        foreach ((ParameterSpec p, int _) in m.Differentiated())
        {
            string name = m.Names.Reserve(MemberNames.Derivative(p.Name));
            inputs.Add((p, name, p.IsArray ? program.Array(name, p.Type, ArrayRole.Output) : -1));
        }

        (int[] variables, int[] _) = FunctionCompiler.Inputs(spec);
        AdjointProgram adjoint = AdjointTransform.Run(program.Build(linear.Statements), new AdjointRequest(
            variables,
            inputs.Where(i => i.Parameter.IsArray).Select(i => (i.Parameter.Slot, i.Array)).ToList(),
            vjp ? null : Build.One(spec.ReturnType!.Value),
            cotangents.Select(c => (c.Array, c.Cotangent)).ToList()));

        IEnumerable<string> extra = cotangents.Select(c => MemberWriter.SpanOf(c.Output.Type, false) + " " + c.Name)
            .Concat(inputs.Select(i => i.Parameter.IsArray ? MemberWriter.SpanOf(i.Parameter.Type, true) + " " + i.Name : "out " + ExpressionPrinter.TypeName(i.Parameter.Type) + " " + i.Name));
        string summary = vjp
            ? "Reverse mode of <see cref=\"" + TypeSpecParser.Escape(spec.Name) + "\"/>: runs it (writing its outputs), then overwrites each gradient <c>dName</c>\nwith the vector–Jacobian product uᵀ·J, where u is the cotangent <c>dOutput</c> given for each output."
            : "The value of <see cref=\"" + TypeSpecParser.Escape(spec.Name) + "\"/> and its partial derivatives: each <c>dName</c> is overwritten with ∂value/∂name\n(a span's with one derivative per element). Nothing is allocated per call.";
        m.Open(w, summary, vjp ? MemberNames.Vjp(spec.Name) : MemberNames.Gradient(spec.Name), vjp ? "void" : m.ResultType, extra);
        Checks(w, m, inputs, cotangents);
        (Dictionary<int, string> fixedVariables, Dictionary<int, string> fixedArrays) = m.Slots();
        foreach ((int _, int cotangent, string name, ParameterSpec _) in cotangents)
        {
            fixedArrays[cotangent] = name;
        }

        foreach ((ParameterSpec p, string name, int array) in inputs.Where(i => i.Parameter.IsArray))
        {
            fixedArrays[array] = name;
        }

        var printer = new BodyPrinter(adjoint.Body, m.Names, fixedVariables, fixedArrays, spec.CheckedByDefault);
        MemberWriter.OpenTape(w, printer.UsesTape);
        printer.Write(w);
        int scalar = 0;
        foreach ((ParameterSpec p, string name, int _) in inputs)
        {
            if (!p.IsArray)
            {
                int adjointVariable = adjoint.ScalarAdjoints[scalar++];
                w.Line(name + " = " + (adjointVariable >= 0 ? printer.Variable(adjointVariable) : ExpressionPrinter.Zero(p.Type)) + ";");
            }
        }

        printer.Release(w);
        MemberWriter.CloseTape(w, printer.UsesTape);
        if (!vjp)
        {
            w.Line("return " + printer.Variable(adjoint.Body.Result) + ";");
        }

        w.Close();
    }

    private static void Checks(SourceWriter w, MemberWriter m, List<(ParameterSpec Parameter, string Name, int Array)> inputs, List<(int Array, int Cotangent, string Name, ParameterSpec Output)> cotangents)
    {
        string[] names = m.Parameters;
        foreach ((int _, int _, string name, ParameterSpec output) in cotangents)
        {
            MemberWriter.Length(w, name, names[m.Spec.Parameters.ToList().IndexOf(output)] + ".Length");
        }

        foreach ((ParameterSpec p, string name, int _) in inputs.Where(i => i.Parameter.IsArray))
        {
            MemberWriter.Length(w, name, names[m.Spec.Parameters.ToList().IndexOf(p)] + ".Length");
        }

        foreach (IGrouping<ScalarType, (string Name, bool Written)> group in Spans(m, inputs, cotangents).GroupBy(s => s.Type, s => (s.Name, s.Written)))
        {
            MemberWriter.NoOverlaps(w, group.Where(s => s.Written).Select(s => s.Name).ToList(), group.Where(s => !s.Written).Select(s => s.Name).ToList());
        }
    }

    /// <summary>Every span of the call: the written ones (outputs, gradients) must share memory with no other.</summary>
    private static IEnumerable<(string Name, ScalarType Type, bool Written)> Spans(MemberWriter m, List<(ParameterSpec Parameter, string Name, int Array)> inputs, List<(int Array, int Cotangent, string Name, ParameterSpec Output)> cotangents)
    {
        for (int i = 0; i < m.Spec.Parameters.Count; i++)
        {
            if (m.Spec.Parameters[i].IsArray)
            {
                yield return (m.Parameters[i], m.Spec.Parameters[i].Type, m.Spec.Parameters[i].Kind == ParameterKind.Output);
            }
        }

        foreach ((int _, int _, string name, ParameterSpec output) in cotangents)
        {
            yield return (name, output.Type, false);
        }

        foreach ((ParameterSpec p, string name, int _) in inputs.Where(i => i.Parameter.IsArray))
        {
            yield return (name, p.Type, true);
        }
    }
}
