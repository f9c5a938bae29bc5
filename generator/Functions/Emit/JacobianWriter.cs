using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Emit;

/// <summary>
/// <c>NameJacobian</c>: the whole Jacobian of a method with span outputs, rows the output elements
/// (outputs in order, each flattened), columns the differentiated input scalars (double parameters and
/// span elements, in order), row-major. With no more columns than rows it runs one forward sweep per
/// column (<c>NameJvp</c>, as JAX's <c>jacfwd</c>), else one reverse sweep per row (<c>NameVjp</c>, as <c>jacrev</c>).
/// </summary>
internal static class JacobianWriter
{
    public static void Write(SourceWriter w, FunctionSpec spec)
    {
        var m = new MemberWriter(spec);
        var parameters = spec.Parameters.ToList();
        var inputs = m.Differentiated().ToList();
        var outputs = m.Outputs().ToList();
        ScalarType element = outputs[0].Parameter.Type;
        string type = ExpressionPrinter.TypeName(element);
        string jacobian = m.Names.Reserve("jacobian");
        string rows = m.Names.Reserve("rows"), columns = m.Names.Reserve("columns");
        m.Open(w,
            "The Jacobian of <see cref=\"" + TypeSpecParser.Escape(spec.Name) + "\"/> at the arguments, written row-major into <paramref name=\"" + jacobian + "\"/> (overwritten): one row per output\nelement (outputs in order, each flattened), one column per differentiated input scalar (double parameters and span elements, in order).\nIt also writes the outputs. With no more columns than rows, one forward sweep per column; else one reverse sweep per row.",
            MemberNames.Jacobian(spec.Name), "void", new[] { MemberWriter.SpanOf(element, true) + " " + jacobian });
        w.Line("long " + rows + " = " + Sum(outputs.Select(o => "(long)" + m.Parameters[o.Index] + ".Length"), "0") + ";");
        w.Line("long " + columns + " = " + Sum(inputs.Select(i => i.Parameter.IsArray ? "(long)" + m.Parameters[i.Index] + ".Length" : "1L"), "0") + ";");
        MemberWriter.Length(w, jacobian, rows + " * " + columns);
        var spans = parameters.Select((p, i) => (p, i)).Where(x => x.p.IsArray && x.p.Type == element).Select(x => m.Parameters[x.i]).ToList();
        foreach (string other in spans)
        {
            MemberWriter.NoOverlap(w, jacobian, other);
        }

        w.Open("if (" + columns + " <= " + rows + ")");
        w.Line("// no more columns than rows: one forward sweep (" + MemberNames.Jvp(spec.Name) + ") per column, seeded with that column's input");
        Forward(w, m, inputs, outputs, jacobian, columns);
        w.Close();
        w.Open("else");
        w.Line("// more columns than rows: one reverse sweep (" + MemberNames.Vjp(spec.Name) + ") per row, seeded with that row's output");
        Reverse(w, m, inputs, outputs, jacobian, columns, type);
        w.Close();
        w.Close();
    }

    private static string Sum(IEnumerable<string> terms, string empty)
    {
        string[] all = terms.ToArray();
        return all.Length == 0 ? empty : string.Join(" + ", all);
    }

    private static void Forward(SourceWriter w, MemberWriter m, List<(ParameterSpec Parameter, int Index)> inputs, List<(ParameterSpec Parameter, int Index)> outputs, string jacobian, string columns)
    {
        var pools = new List<string>();
        var arguments = new List<string>();
        var seeds = new List<(string Name, ParameterSpec Parameter, int Index)>();
        foreach ((ParameterSpec p, int index) in inputs)
        {
            string name = m.Names.Reserve(MemberNames.Tangent(p.Name));
            seeds.Add((name, p, index));
            arguments.Add(name);
            Declare(w, m, p.Type, name, p.IsArray ? m.Parameters[index] + ".Length" : null, pools);
        }

        var tangents = new List<(string Name, ParameterSpec Parameter, int Index)>();
        foreach ((ParameterSpec p, int index) in outputs)
        {
            string name = m.Names.Reserve(MemberNames.Tangent(p.Name));
            tangents.Add((name, p, index));
            arguments.Add(name);
            Declare(w, m, p.Type, name, m.Parameters[index] + ".Length", pools);
        }

        string column = m.Names.Reserve("column");
        w.Open("for (int " + column + " = 0; " + column + " < " + columns + "; " + column + "++)");
        string offset = "0";
        foreach ((string name, ParameterSpec p, int index) in seeds)
        {
            if (p.IsArray)
            {
                w.Line(name + ".Clear();");
                w.Line("if (" + column + " >= " + offset + " && " + column + " < " + offset + " + " + m.Parameters[index] + ".Length) " + name + "[" + column + " - " + offset + "] = 1;");
                offset += " + " + m.Parameters[index] + ".Length";
            }
            else
            {
                w.Line(name + " = " + column + " == " + offset + " ? 1 : 0;");
                offset += " + 1";
            }
        }

        w.Line(MemberNames.Jvp(m.Spec.Name) + "(" + string.Join(", ", m.Parameters.Concat(arguments)) + ");");
        string row = "0";
        foreach ((string name, ParameterSpec p, int index) in tangents)
        {
            string i = m.Names.Reserve("i");
            w.Open("for (int " + i + " = 0; " + i + " < " + name + ".Length; " + i + "++)");
            w.Line(jacobian + "[(int)((" + row + " + " + i + ") * " + columns + " + " + column + ")] = " + name + "[" + i + "];");
            w.Close();
            row += " + " + m.Parameters[index] + ".Length";
        }

        w.Close();
        Release(w, pools);
    }

    private static void Reverse(SourceWriter w, MemberWriter m, List<(ParameterSpec Parameter, int Index)> inputs, List<(ParameterSpec Parameter, int Index)> outputs, string jacobian, string columns, string type)
    {
        var pools = new List<string>();
        var arguments = new List<string>();
        var cotangents = new List<(string Name, int Index)>();
        foreach ((ParameterSpec p, int index) in outputs)
        {
            string name = m.Names.Reserve(MemberNames.Derivative(p.Name));
            cotangents.Add((name, index));
            arguments.Add(name);
            Declare(w, m, p.Type, name, m.Parameters[index] + ".Length", pools);
        }

        var gradients = new List<(string Name, ParameterSpec Parameter, int Index)>();
        foreach ((ParameterSpec p, int index) in inputs)
        {
            string name = m.Names.Reserve(MemberNames.Derivative(p.Name));
            gradients.Add((name, p, index));
            arguments.Add(p.IsArray ? name : "out " + name);
            if (p.IsArray)
            {
                Declare(w, m, p.Type, name, m.Parameters[index] + ".Length", pools);
            }
            else
            {
                w.Line(ExpressionPrinter.TypeName(p.Type) + " " + name + ";");
            }
        }

        string row = m.Names.Reserve("row");
        string rowsSoFar = "0";
        w.Open("for (int " + row + " = 0; " + row + " < " + Sum(outputs.Select(o => m.Parameters[o.Index] + ".Length"), "0") + "; " + row + "++)");
        foreach ((string name, int index) in cotangents)
        {
            w.Line(name + ".Clear();");
            w.Line("if (" + row + " >= " + rowsSoFar + " && " + row + " < " + rowsSoFar + " + " + name + ".Length) " + name + "[" + row + " - " + rowsSoFar + "] = 1;");
            rowsSoFar += " + " + name + ".Length";
        }

        w.Line(MemberNames.Vjp(m.Spec.Name) + "(" + string.Join(", ", m.Parameters.Concat(arguments)) + ");");
        string at = m.Names.Reserve("at");
        w.Line("long " + at + " = (long)" + row + " * " + columns + ";");
        foreach ((string name, ParameterSpec p, int _) in gradients)
        {
            if (p.IsArray)
            {
                w.Line(name + ".CopyTo(" + jacobian + ".Slice((int)" + at + ", " + name + ".Length));");
                w.Line(at + " += " + name + ".Length;");
            }
            else
            {
                w.Line(jacobian + "[(int)" + at + "++] = (" + type + ")" + name + ";");
            }
        }

        w.Close();
        Release(w, pools);
    }

    private static void Declare(SourceWriter w, MemberWriter m, ScalarType type, string name, string? length, List<string> pools)
    {
        string t = ExpressionPrinter.TypeName(type);
        if (length is null)
        {
            w.Line(t + " " + name + " = 0;");
            return;
        }

        string pool = m.Names.Reserve(name + "_pool");
        pools.Add(pool);
        w.Line(t + "[]? " + pool + " = null;");
        w.Line(MemberWriter.SpanOf(type, true) + " " + name + " = " + RuntimeNames.Buffers + ".Zeroed(ref " + pool + ", " + length + ");");
    }

    private static void Release(SourceWriter w, List<string> pools)
    {
        foreach (string pool in pools)
        {
            w.Line(RuntimeNames.Buffers + ".Release(ref " + pool + ");");
        }
    }
}
