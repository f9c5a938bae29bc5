using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Lowering;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Transform;

namespace NetGen.Generator.Functions.Emit;

/// <summary>
/// <c>NameJvp</c>: forward mode. The method's parameters, one tangent per differentiated input
/// (<c>tName</c>), one tangent per output span; returns the value and its tangent (<c>out tResult</c>),
/// or writes the outputs and their tangents: J·t, as JAX's <c>jvp</c>.
/// </summary>
internal static class TangentWriter
{
    /// <param name="linear">The method's body, lowered and linearized (<see cref="FunctionCompiler.Linearize"/>): shared with the other members.</param>
    public static void Write(SourceWriter w, FunctionSpec spec, FunctionBody linear)
    {
        var m = new MemberWriter(spec);
        var program = new ProgramBuilder(linear);
        var inputs = new List<(ParameterSpec Parameter, string Name, int Slot)>();
        foreach ((ParameterSpec p, int _) in m.Differentiated())
        {
            string name = m.Names.Reserve(MemberNames.Tangent(p.Name));
            inputs.Add((p, name, p.IsArray ? program.Array(name, p.Type, ArrayRole.Input) : program.Variable(name, p.Type, VariableRole.Parameter)));
        }

        var outputs = new List<(ParameterSpec Parameter, string Name, int Slot)>();
        foreach ((ParameterSpec p, int _) in m.Outputs())
        {
            string name = m.Names.Reserve(MemberNames.Tangent(p.Name));
            outputs.Add((p, name, program.Array(name, p.Type, ArrayRole.Output)));
        }

        string? result = spec.ReturnType is null ? null : m.Names.Reserve(MemberNames.TangentResult);
        TangentProgram tangent = TangentTransform.Run(program.Build(linear.Statements), new TangentRequest(
            inputs.Where(i => !i.Parameter.IsArray).Select(i => (i.Parameter.Slot, i.Slot)).ToList(),
            inputs.Where(i => i.Parameter.IsArray).Select(i => (i.Parameter.Slot, i.Slot)).ToList(),
            outputs.Select(o => (o.Parameter.Slot, o.Slot)).ToList()));

        IEnumerable<string> extra = inputs.Select(i => (i.Parameter.IsArray ? MemberWriter.SpanOf(i.Parameter.Type, false) : ExpressionPrinter.TypeName(i.Parameter.Type)) + " " + i.Name)
            .Concat(outputs.Select(o => MemberWriter.SpanOf(o.Parameter.Type, true) + " " + o.Name))
            .Concat(result is null ? Enumerable.Empty<string>() : new[] { "out " + m.ResultType + " " + result });
        string summary = "Forward mode of <see cref=\"" + TypeSpecParser.Escape(spec.Name) + "\"/>: " +
            (spec.ReturnType is null ? "writes its outputs, and each output's tangent <c>tName</c> (overwritten)" : "returns its value, and its tangent in <c>" + result + "</c>") +
            ":\nthe Jacobian–vector product J·t, for the tangents <c>tName</c> of the differentiated inputs. No tape; nothing is allocated per call.";
        m.Open(w, summary, MemberNames.Jvp(spec.Name), spec.ReturnType is null ? "void" : m.ResultType, extra);
        Checks(w, m, inputs, outputs);
        (Dictionary<int, string> fixedVariables, Dictionary<int, string> fixedArrays) = m.Slots();
        foreach ((ParameterSpec p, string name, int slot) in inputs.Concat(outputs))
        {
            (p.IsArray ? fixedArrays : fixedVariables)[slot] = name;
        }

        var printer = new BodyPrinter(tangent.Body, m.Names, fixedVariables, fixedArrays, spec.CheckedByDefault);
        MemberWriter.OpenTape(w, printer.UsesTape);
        printer.Write(w);
        if (result is not null)
        {
            w.Line(result + " = " + (tangent.ResultTangent >= 0 ? printer.Variable(tangent.ResultTangent) : ExpressionPrinter.Zero(spec.ReturnType!.Value)) + ";");
        }

        printer.Release(w);
        MemberWriter.CloseTape(w, printer.UsesTape);
        if (spec.ReturnType is not null)
        {
            w.Line("return " + printer.Variable(tangent.Body.Result) + ";");
        }

        w.Close();
    }

    private static void Checks(SourceWriter w, MemberWriter m, List<(ParameterSpec Parameter, string Name, int Slot)> inputs, List<(ParameterSpec Parameter, string Name, int Slot)> outputs)
    {
        var parameters = m.Spec.Parameters.ToList();
        foreach ((ParameterSpec p, string name, int _) in inputs.Where(i => i.Parameter.IsArray).Concat(outputs))
        {
            MemberWriter.Length(w, name, m.Parameters[parameters.IndexOf(p)] + ".Length");
        }

        var spans = new List<(string Name, ScalarType Type, bool Written)>();
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].IsArray)
            {
                spans.Add((m.Parameters[i], parameters[i].Type, parameters[i].Kind == ParameterKind.Output));
            }
        }

        spans.AddRange(inputs.Where(i => i.Parameter.IsArray).Select(i => (i.Name, i.Parameter.Type, false)));
        spans.AddRange(outputs.Select(o => (o.Name, o.Parameter.Type, true)));
        foreach (IGrouping<ScalarType, (string Name, ScalarType Type, bool Written)> group in spans.GroupBy(s => s.Type))
        {
            MemberWriter.NoOverlaps(w, group.Where(s => s.Written).Select(s => s.Name).ToList(), group.Where(s => !s.Written).Select(s => s.Name).ToList());
        }
    }
}
