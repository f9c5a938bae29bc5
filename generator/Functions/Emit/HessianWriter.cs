using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Lowering;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;
using NetGen.Generator.Functions.Transform;

namespace NetGen.Generator.Functions.Emit;

/// <summary>
/// <c>NameHessian</c> (<c>Order = 2</c>): the value, the gradient and the Hessian over the differentiated
/// scalars (double parameters, then span elements, in order). Row k is the reverse sweep of the
/// forward-mode program seeded with the k-th input: ∇(∇F·eₖ) = H·eₖ, the same rules applied twice
/// (reverse over forward). Where a partial can be infinite, an exact zero factor gives zero (a
/// direction that does not move an operand does not see its infinite slope).
/// </summary>
internal static class HessianWriter
{
    public static void Write(SourceWriter w, FunctionSpec spec, FunctionBody lowered)
    {
        var m = new MemberWriter(spec);
        // The double parameters first, then the span elements, each in parameter order (OrderBy is stable).
        var inputs = m.Differentiated().OrderBy(i => i.Parameter.IsArray).ToList();
        string gradient = m.Names.Reserve("gradient"), hessian = m.Names.Reserve("hessian");
        string n = m.Names.Reserve("n"), k = m.Names.Reserve("k"), value = m.Names.Reserve("value");
        var program = new ProgramBuilder(lowered);
        var seeds = inputs.Select(i => (i.Parameter, i.Index, Name: m.Names.Reserve("t_" + i.Parameter.Name.TrimStart('@')))).ToList();
        int[] seedSlots = seeds.Select(s => s.Parameter.IsArray ? program.Array(s.Name, s.Parameter.Type, ArrayRole.Input) : program.Variable(s.Name, s.Parameter.Type, VariableRole.Parameter)).ToArray();
        var rows = seeds.Select(s => s.Parameter.IsArray ? m.Names.Reserve("row_" + s.Parameter.Name.TrimStart('@')) : null).ToList();
        int[] rowSlots = seeds.Select((s, i) => s.Parameter.IsArray ? program.Array(rows[i]!, s.Parameter.Type, ArrayRole.Output) : -1).ToArray();
        (int[] variables, int[] arrays) = FunctionCompiler.Inputs(spec);
        FunctionBody linear = FunctionCompiler.Linearize(program.Build(lowered.Statements), variables, arrays);
        TangentProgram tangent = TangentTransform.Run(linear, new TangentRequest(
            seeds.Select((s, i) => (s.Parameter, Slot: seedSlots[i])).Where(x => !x.Parameter.IsArray).Select(x => (x.Parameter.Slot, x.Slot)).ToList(),
            seeds.Select((s, i) => (s.Parameter, Slot: seedSlots[i])).Where(x => x.Parameter.IsArray).Select(x => (x.Parameter.Slot, x.Slot)).ToList(),
            new List<(int, int)>()));

        string t = m.ResultType;
        m.Open(w,
            "The value of <see cref=\"" + TypeSpecParser.Escape(spec.Name) + "\"/>, its gradient (overwritten, " + n + " values: the double parameters not marked [NoGradient], then their span elements, in order)\nand its Hessian (" + n + " × " + n + ", row-major, overwritten). Row k is one reverse sweep of the forward-mode program seeded with the k-th input;\nthe two halves agree to rounding (nothing is averaged).",
            MemberNames.Hessian(spec.Name), t, new[] { MemberWriter.SpanOf(spec.ReturnType!.Value, true) + " " + gradient, MemberWriter.SpanOf(spec.ReturnType!.Value, true) + " " + hessian });
        int scalars = inputs.Count(i => !i.Parameter.IsArray);
        List<string> lengths = inputs.Where(i => i.Parameter.IsArray).Select(i => m.Parameters[i.Index] + ".Length").ToList();
        w.Line(lengths.Count == 0
            ? "const int " + n + " = " + scalars.ToString(CultureInfo.InvariantCulture) + ";"
            : scalars == 0 && lengths.Count == 1 ? "int " + n + " = " + lengths[0] + ";"
            : "int " + n + " = checked(" + string.Join(" + ", (scalars > 0 ? new[] { scalars.ToString(CultureInfo.InvariantCulture) } : new string[0]).Concat(lengths)) + ");");
        MemberWriter.Length(w, gradient, n);
        MemberWriter.Length(w, hessian, "(long)" + n + " * " + n);
        var spans = spec.Parameters.Select((p, i) => (p, i)).Where(x => x.p.IsArray && x.p.Type == spec.ReturnType).Select(x => m.Parameters[x.i]).ToList();
        MemberWriter.NoOverlaps(w, new[] { gradient, hessian }, spans);
        WriteGradient(w, m, inputs, gradient, value, t);
        if (tangent.ResultTangent < 0)
        {
            w.Line(hessian + ".Clear(); // the gradient does not depend on the parameters");
            w.Line("return " + value + ";");
            w.Close();
            return;
        }

        FunctionBody forward = tangent.Body with { Result = tangent.ResultTangent };
        int[] originals = variables;
        FunctionBody again = FunctionCompiler.Linearize(forward, originals, arrays);
        AdjointProgram adjoint = AdjointTransform.Run(again, new AdjointRequest(
            originals,
            seeds.Select((s, i) => (s.Parameter, Row: rowSlots[i])).Where(x => x.Parameter.IsArray).Select(x => (x.Parameter.Slot, x.Row)).ToList(),
            Build.One(spec.ReturnType!.Value),
            new List<(int, int)>()));
        WriteRows(w, m, adjoint, seeds, seedSlots, rows, rowSlots, hessian, n, k);
        w.Line("return " + value + ";");
        w.Close();
    }

    /// <summary>The value and the gradient, from <c>NameGradient</c>.</summary>
    private static void WriteGradient(SourceWriter w, MemberWriter m, List<(ParameterSpec Parameter, int Index)> inputs, string gradient, string value, string type)
    {
        var arguments = new List<string>();
        var scalars = new List<(string Name, string Offset)>();
        // Offsets in the gradient's order (doubles, then spans); arguments in NameGradient's (parameter order).
        List<string> gradientOffsets = Offsets(m, inputs.Select(i => (i.Parameter, i.Index)));
        var offsetOf = inputs.Select((input, i) => (input.Index, Offset: gradientOffsets[i])).ToDictionary(x => x.Index, x => x.Offset);
        var inParameterOrder = inputs.OrderBy(i => i.Index).ToList();
        List<string> offsets = inParameterOrder.Select(i => offsetOf[i.Index]).ToList();
        for (int i = 0; i < inParameterOrder.Count; i++)
        {
            (ParameterSpec p, int index) = inParameterOrder[i];
            if (p.IsArray)
            {
                arguments.Add(gradient + ".Slice(" + offsets[i] + ", " + m.Parameters[index] + ".Length)");
            }
            else
            {
                string name = m.Names.Reserve(MemberNames.Derivative(p.Name));
                arguments.Add("out " + ExpressionPrinter.TypeName(p.Type) + " " + name);
                scalars.Add((name, offsets[i]));
            }
        }

        w.Line(type + " " + value + " = " + MemberNames.Gradient(m.Spec.Name) + "(" + string.Join(", ", m.Parameters.Concat(arguments)) + ");");
        foreach ((string name, string at) in scalars)
        {
            w.Line(gradient + "[" + at + "] = " + name + ";");
        }
    }

    /// <summary>Where each input's block starts in the gradient: the number of scalars before it plus the lengths of the spans before it, folded.</summary>
    private static List<string> Offsets(MemberWriter m, IEnumerable<(ParameterSpec Parameter, int Index)> inputs)
    {
        int constant = 0;
        var lengths = new List<string>();
        var offsets = new List<string>();
        foreach ((ParameterSpec p, int index) in inputs)
        {
            offsets.Add(string.Join(" + ", (constant > 0 || lengths.Count == 0 ? new[] { constant.ToString(CultureInfo.InvariantCulture) } : new string[0]).Concat(lengths)));
            if (p.IsArray)
            {
                lengths.Add(m.Parameters[index] + ".Length");
            }
            else
            {
                constant++;
            }
        }

        return offsets;
    }

    private static string Plus(string a, string b) => b == "0" ? a : a + " + " + b;

    private static void WriteRows(SourceWriter w, MemberWriter m, AdjointProgram adjoint, List<(ParameterSpec Parameter, int Index, string Name)> seeds, int[] seedSlots, List<string?> rows, int[] rowSlots, string hessian, string n, string k)
    {
        (Dictionary<int, string> fixedVariables, Dictionary<int, string> fixedArrays) = m.Slots();
        var pools = new List<string>();
        List<string> offsets = Offsets(m, seeds.Select(x => (x.Parameter, x.Index)));
        foreach ((ParameterSpec p, int index, string name) in seeds)
        {
            if (p.IsArray)
            {
                string pool = m.Names.Reserve(name + "_pool");
                pools.Add(pool);
                w.Line(ExpressionPrinter.TypeName(p.Type) + "[]? " + pool + " = null;");
                w.Line(MemberWriter.SpanOf(p.Type, true) + " " + name + " = " + RuntimeNames.Buffers + ".Zeroed(ref " + pool + ", " + m.Parameters[index] + ".Length);");
            }
            else
            {
                w.Line(ExpressionPrinter.TypeName(p.Type) + " " + name + " = 0;");
            }
        }

        for (int i = 0; i < seeds.Count; i++)
        {
            (seeds[i].Parameter.IsArray ? fixedArrays : fixedVariables)[seedSlots[i]] = seeds[i].Name;
            if (rows[i] is { } row)
            {
                fixedArrays[rowSlots[i]] = row;
            }
        }

        var printer = new BodyPrinter(adjoint.Body, m.Names, fixedVariables, fixedArrays, m.Spec.CheckedByDefault, noStack: true);
        MemberWriter.OpenTape(w, printer.UsesTape);
        w.Line("// row k of the Hessian: the reverse sweep of the forward-mode program seeded with the k-th input");
        w.Open("for (int " + k + " = 0; " + k + " < " + n + "; " + k + "++)");
        for (int i = 0; i < seeds.Count; i++)
        {
            (ParameterSpec p, int index, string name) = seeds[i];
            if (p.IsArray)
            {
                w.Line(name + ".Clear();");
                string at = offsets[i] == "0" ? k : k + " - " + (offsets[i].Contains(" ") ? "(" + offsets[i] + ")" : offsets[i]);
                w.Line(offsets[i] == "0"
                    ? "if (" + k + " < " + name + ".Length) " + name + "[" + k + "] = 1;"
                    : "if ((uint)(" + at + ") < (uint)" + name + ".Length) " + name + "[" + at + "] = 1;");
                w.Line(MemberWriter.SpanOf(p.Type, true) + " " + rows[i] + " = " + hessian + ".Slice(" + Plus(k + " * " + n, offsets[i]) + ", " + name + ".Length);");
            }
            else
            {
                w.Line(name + " = " + k + " == " + offsets[i] + " ? 1 : 0;");
            }
        }

        printer.Write(w);
        int scalar = 0;
        for (int i = 0; i < seeds.Count; i++)
        {
            if (!seeds[i].Parameter.IsArray)
            {
                int adjointVariable = adjoint.ScalarAdjoints[scalar++];
                w.Line(hessian + "[" + Plus(k + " * " + n, offsets[i]) + "] = " + (adjointVariable >= 0 ? printer.Variable(adjointVariable) : "0") + ";");
            }
        }

        printer.Release(w);
        w.Close();
        MemberWriter.CloseTape(w, printer.UsesTape);
        foreach (string pool in pools)
        {
            w.Line(RuntimeNames.Buffers + ".Release(ref " + pool + ");");
        }
    }
}
