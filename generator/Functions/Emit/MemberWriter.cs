using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Emit;

/// <summary>
/// What every generated member of a <c>[Differentiable]</c> method shares: the method's parameters
/// as the member's first parameters, names for the extra ones that collide with nothing, argument
/// checks written before anything else, and the file's XML docs and attributes.
/// </summary>
internal sealed class MemberWriter
{
    public static readonly string GeneratedCode = EmitterCommon.GeneratedCode;

    public MemberWriter(FunctionSpec spec)
    {
        Spec = spec;
        Names = new NameTable();
        foreach (ParameterSpec p in spec.Parameters)
        {
            Names.Block(p.Name);
        }

        Names.Block("tape");
        Names.Block("tape_pool");
        Names.Block("taped");
        Parameters = spec.Parameters.Select(p => TypeSpecParser.Escape(p.Name)).ToArray();
    }

    public FunctionSpec Spec { get; }

    public NameTable Names { get; }

    /// <summary>The parameters' names as the member writes them.</summary>
    public string[] Parameters { get; }

    public static string TypeOf(ParameterSpec p) => p.Kind switch
    {
        ParameterKind.Input => RuntimeNames.ReadOnlySpan + "<" + ExpressionPrinter.TypeName(p.Type) + ">",
        ParameterKind.Output => RuntimeNames.Span + "<" + ExpressionPrinter.TypeName(p.Type) + ">",
        _ => ExpressionPrinter.TypeName(p.Type),
    };

    public static string SpanOf(ScalarType type, bool writable) =>
        (writable ? RuntimeNames.Span : RuntimeNames.ReadOnlySpan) + "<" + ExpressionPrinter.TypeName(type) + ">";

    /// <summary>The method's own parameters, as the member's first ones.</summary>
    public IEnumerable<string> OwnParameters() => Spec.Parameters.Select((p, i) => TypeOf(p) + " " + Parameters[i]);

    /// <summary>The variables and arrays that are the member's parameters, by slot, with their names.</summary>
    public (Dictionary<int, string> Variables, Dictionary<int, string> Arrays) Slots()
    {
        var variables = new Dictionary<int, string>();
        var arrays = new Dictionary<int, string>();
        for (int i = 0; i < Spec.Parameters.Count; i++)
        {
            (Spec.Parameters[i].IsArray ? arrays : variables)[Spec.Parameters[i].Slot] = Parameters[i];
        }

        return (variables, arrays);
    }

    /// <summary>The differentiated parameters, in order.</summary>
    public IEnumerable<(ParameterSpec Parameter, int Index)> Differentiated() =>
        Spec.Parameters.Select((p, i) => (p, i)).Where(x => x.p.Differentiated);

    /// <summary>The output span parameters, in order.</summary>
    public IEnumerable<(ParameterSpec Parameter, int Index)> Outputs() =>
        Spec.Parameters.Select((p, i) => (p, i)).Where(x => x.p.Kind == ParameterKind.Output);

    public string ResultType => ExpressionPrinter.TypeName(Spec.ReturnType ?? ScalarType.Double);

    /// <summary>Opens a member: its docs, attributes and signature.</summary>
    public void Open(SourceWriter w, string summary, string name, string returns, IEnumerable<string> extra)
    {
        w.Line("/// <summary>");
        foreach (string line in summary.Split('\n'))
        {
            w.Line("/// " + line);
        }

        w.Line("/// </summary>");
        w.Line(GeneratedCode);
        w.Open(Spec.Accessibility + " static " + returns + " " + TypeSpecParser.Escape(name) + "(" + string.Join(", ", OwnParameters().Concat(extra)) + ")");
    }

    /// <summary><c>Guard.Length("name", span.Length, expected)</c>: a span of the wrong length throws before anything is written.</summary>
    public static void Length(SourceWriter w, string name, string expected) =>
        w.Line(RuntimeNames.Guard + ".Length(\"" + name.TrimStart('@') + "\", " + name + ".Length, " + expected + ");");

    /// <summary>Throws if the written span shares memory with the other one, before anything is written.</summary>
    public static void NoOverlap(SourceWriter w, string written, string other) =>
        w.Line(RuntimeNames.Guard + ".NoOverlap(\"" + written.TrimStart('@') + "\", " + written + ", \"" + other.TrimStart('@') + "\", " + other + ");");

    /// <summary>Every written span against every other span of the call.</summary>
    public static void NoOverlaps(SourceWriter w, IReadOnlyList<string> written, IReadOnlyList<string> read)
    {
        for (int i = 0; i < written.Count; i++)
        {
            foreach (string other in written.Skip(i + 1).Concat(read))
            {
                NoOverlap(w, written[i], other);
            }
        }
    }

    /// <summary>The tape, where the program keeps values on one.</summary>
    public static void OpenTape(SourceWriter w, bool uses)
    {
        if (uses)
        {
            w.Line("// the tape: what the forward sweep keeps for the reverse sweep, on the stack and then in a pooled array");
            w.Line("double[]? tape_pool = null;");
            w.Line(RuntimeNames.Span + "<double> tape = stackalloc double[" + RuntimeNames.Tape + ".StackValues];");
            w.Line("int taped = 0;");
        }
    }

    public static void CloseTape(SourceWriter w, bool uses)
    {
        if (uses)
        {
            w.Line(RuntimeNames.Tape + ".Release(ref tape_pool);");
        }
    }
}
