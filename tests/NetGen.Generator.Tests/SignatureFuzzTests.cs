using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Random valid [Differentiable] methods — every mix of double, float, int, bool and span parameters,
/// [NoGradient], span outputs, Order = 2, loops, branches and calls — must generate members that
/// compile without an error or a warning and that the user's code can call with the documented
/// signatures. (A Hessian that called its gradient with arguments in the wrong order once compiled
/// nowhere; this finds that class.)
/// </summary>
public class SignatureFuzzTests
{
    private sealed record Parameter(string Type, string Name, bool NoGradient)
    {
        public bool IsSpan => Type.Contains("Span", StringComparison.Ordinal);

        public bool IsOutput => Type.StartsWith("Span<", StringComparison.Ordinal);

        public bool IsReal => Type is "double" or "float";

        public bool Differentiated => !NoGradient && (IsReal || (IsSpan && !IsOutput));
    }

    [Fact]
    public void RandomSignaturesGenerateMembersThatCompileAndCanBeCalled()
    {
        var random = new Random(2026_12_06);
        int methods = 0;
        for (int batch = 0; batch < 8; batch++)
        {
            var source = new StringBuilder("using System;\nusing NetGen;\n\npublic static partial class F\n{\n");
            var calls = new StringBuilder("public static class Calls\n{\n    public static void Run()\n    {\n");
            for (int m = 0; m < 25; m++)
            {
                Method(random, "M" + batch + "_" + m, source, calls);
                methods++;
            }

            source.Append("}\n");
            calls.Append("    }\n}\n");
            GeneratorHarness.Run run = GeneratorHarness.Generate(source.ToString() + calls);
            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.Count == 0, "batch " + batch + ": " + string.Join("\n", run.GeneratorDiagnostics) + "\n" + source);
            HashSet<SyntaxTree> generated = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToHashSet();
            Diagnostic[] problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
            Assert.True(problems.Length == 0, "batch " + batch + ":\n" + string.Join("\n", problems.Select(d => (d.Location.SourceTree is { } t && generated.Contains(t) ? "[generated] " : "[user] ") + d + "  " + Line(d))) + "\n" + source + calls);
        }

        Assert.Equal(200, methods);
    }

    private static string Line(Diagnostic d) =>
        d.Location.SourceTree is { } tree ? tree.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim() : string.Empty;

    private static void Method(Random random, string name, StringBuilder source, StringBuilder calls)
    {
        string real = random.Next(4) == 0 ? "float" : "double";
        bool isVoid = random.Next(3) == 0;
        int count = random.Next(1, 6);
        var parameters = new List<Parameter>();
        for (int i = 0; i < count; i++)
        {
            string type = random.Next(6) switch
            {
                0 => "int",
                1 => "ReadOnlySpan<" + real + ">",
                2 => random.Next(2) == 0 ? "bool" : real,
                _ => real,
            };
            parameters.Add(new Parameter(type, "p" + i, type != "int" && type != "bool" && random.Next(4) == 0));
        }

        if (!parameters.Any(p => p.Differentiated))
        {
            parameters.Add(new Parameter(real, "p" + parameters.Count, false));
        }

        int outputs = isVoid ? random.Next(1, 3) : 0;
        for (int o = 0; o < outputs; o++)
        {
            parameters.Add(new Parameter("Span<" + real + ">", "o" + o, false));
        }

        bool order2 = !isVoid && random.Next(3) == 0;
        string math = real == "float" ? "MathF" : "Math";
        string value = Value(random, parameters, math, real);
        source.Append("    [Differentiable" + (order2 ? "(Order = 2)" : string.Empty) + "]\n");
        source.Append("    public static " + (isVoid ? "void" : real) + " " + name + "(" + string.Join(", ", parameters.Select(p => (p.NoGradient ? "[NoGradient] " : string.Empty) + p.Type + " " + p.Name)) + ")\n    {\n");
        source.Append("        " + real + " acc = 0;\n");
        foreach (Parameter span in parameters.Where(p => p.IsSpan && !p.IsOutput))
        {
            source.Append(random.Next(2) == 0
                ? "        for (int i = 0; i < " + span.Name + ".Length; i++) acc += " + span.Name + "[i] * " + span.Name + "[i];\n"
                : "        foreach (" + real + " v in " + span.Name + ") { if (v > 0) acc += v; else acc -= 2 * v; }\n");
        }

        source.Append("        " + real + " w = " + value + ";\n");
        source.Append("        if (acc > 1) w = w * acc; else w += acc;\n");
        if (isVoid)
        {
            for (int o = 0; o < outputs; o++)
            {
                source.Append("        for (int k = 0; k < o" + o + ".Length; k++) o" + o + "[k] = w * (k + 1) + acc;\n");
            }

            source.Append("    }\n");
        }
        else
        {
            source.Append("        return w;\n    }\n");
        }

        Call(name, parameters, real, isVoid, order2, calls);
    }

    private static string Value(Random random, List<Parameter> parameters, string math, string real)
    {
        var terms = new List<string>();
        foreach (Parameter p in parameters.Where(p => !p.IsOutput))
        {
            terms.Add(p.Type switch
            {
                "int" => "(" + real + ")(" + p.Name + " / 3 + " + p.Name + " % 2)",
                "bool" => "(" + p.Name + " ? (" + real + ")1 : (" + real + ")2)",
                _ when p.IsSpan => "(" + p.Name + ".Length > 0 ? " + p.Name + "[0] : (" + real + ")0)",
                _ => random.Next(3) switch
                {
                    0 => math + ".Sin(" + p.Name + ")",
                    1 => p.Name + " * " + p.Name,
                    _ => math + ".Exp(-" + p.Name + " * " + p.Name + ")",
                },
            });
        }

        return string.Join(" + ", terms);
    }

    /// <summary>Calls of every generated member with the documented parameter order.</summary>
    private static void Call(string name, List<Parameter> parameters, string real, bool isVoid, bool order2, StringBuilder calls)
    {
        string Argument(Parameter p) => p.Type switch
        {
            "int" => "3",
            "bool" => "true",
            "double" => "0.5",
            "float" => "0.5f",
            _ => "new " + real + "[2]",
        };

        var own = parameters.Select(Argument).ToList();
        var inputs = parameters.Where(p => p.Differentiated).ToList();
        var outputs = parameters.Where(p => p.IsOutput).ToList();
        string prefix = "        { ";
        if (isVoid)
        {
            calls.Append(prefix + "F." + name + "Vjp(" + string.Join(", ", own.Concat(outputs.Select(_ => "new " + real + "[2]")).Concat(inputs.Select(p => p.IsSpan ? "new " + real + "[2]" : "out " + real + " _"))) + "); }\n");
            calls.Append(prefix + "F." + name + "Jacobian(" + string.Join(", ", own.Append("new " + real + "[" + (2 * outputs.Count) + " * " + InputCount(inputs) + "]")) + "); }\n");
            calls.Append(prefix + "F." + name + "Jvp(" + string.Join(", ", own.Concat(inputs.Select(p => p.IsSpan ? "new " + real + "[2]" : p.Type == "float" ? "1f" : "1.0")).Concat(outputs.Select(_ => "new " + real + "[2]"))) + "); }\n");
            return;
        }

        calls.Append(prefix + real + " v = F." + name + "Gradient(" + string.Join(", ", own.Concat(inputs.Select(p => p.IsSpan ? "new " + real + "[2]" : "out " + real + " _"))) + "); }\n");
        calls.Append(prefix + real + " v = F." + name + "Jvp(" + string.Join(", ", own.Concat(inputs.Select(p => p.IsSpan ? "new " + real + "[2]" : p.Type == "float" ? "1f" : "1.0")).Append("out " + real + " _")) + "); }\n");
        if (order2)
        {
            string n = InputCount(inputs);
            calls.Append(prefix + real + " v = F." + name + "Hessian(" + string.Join(", ", own.Append("new " + real + "[" + n + "]").Append("new " + real + "[(" + n + ") * (" + n + ")]")) + "); }\n");
        }
    }

    private static string InputCount(List<Parameter> inputs) => "(" + inputs.Count(p => !p.IsSpan) + " + " + 2 * inputs.Count(p => p.IsSpan) + ")";
}
