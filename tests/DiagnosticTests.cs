using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Every misuse is one NETGEN error with the exact id, severity and location. In the sources below,
/// [| and |] mark the span the diagnostic must point at.
/// </summary>
public class DiagnosticTests
{
    private const string Usings = "using System;\nusing NetGen;\nnamespace Demo;\n";

    public static IEnumerable<object[]> Cases() => new (string Id, string Source, string Fragment)[]
    {
        ("NETGEN001", "[Network(2)]\n[Dense(1)]\npublic class [|Net|] { }", "partial"),
        ("NETGEN001", "public class [|Outer|]\n{\n    [Network(2)]\n    public partial class Net { }\n}", "partial"),
        ("NETGEN001", "public static class [|Q|]\n{\n    [Differentiable]\n    public static double F(double x) => x;\n}", "partial"),
        ("NETGEN002", "[[|Dense(3)|]]\npublic partial class Net { }", "[Network(inputs)]"),
        ("NETGEN003", "[Network([|0|])]\npublic partial class Net { }", "positive"),
        ("NETGEN003", "[Network(inputs: [|-1|])]\npublic partial class Net { }", "positive"),
        ("NETGEN004", "[Network(2)]\n[Dense([|0|], Activation.ReLU)]\npublic partial class Net { }", "positive"),
        ("NETGEN005", "[Network(2)]\n[Dense(3, [|(Activation)7|])]\npublic partial class Net { }", "Activation.ReLU"),
        ("NETGEN006", "[Network(2, Loss = [|(Loss)9|])]\npublic partial class Net { }", "Loss.SoftmaxCrossEntropy"),
        ("NETGEN007", "[Network(2)]\n[Dense(1)]\npublic partial class Net\n{\n    public void [|Forward|]() { }\n}", "rename"),
        ("NETGEN007", "[Network(2)]\n[Dense(1)]\npublic partial class Net\n{\n    public int [|W1|];\n}", "'Net.W1'"),
        ("NETGEN008", "[Network(2)]\npublic partial class [|Net|]<T> { }", "type parameters"),
        ("NETGEN009", "[[|Network(100000)|]]\n[Dense(100000)]\npublic partial class Net { }", "limit"),
        ("NETGEN009", "[[|Network(4)|]]\n[Dense(20000)]\npublic partial class Net { }", "stack"),
        ("NETGEN009", "[[|Network(200, Emit = EmitStyle.StraightLine)|]]\n[Dense(100)]\npublic partial class Net { }", "EmitStyle.Loops"),
        ("NETGEN011", "[Network(2, Emit = [|(EmitStyle)5|])]\npublic partial class Net { }", "EmitStyle.Auto"),
        ("NETGEN010", "[Network(2)]\npublic static partial class [|Net|] { }", "non-static"),
        ("NETGEN020", "public partial class Q\n{\n    [Differentiable]\n    public double [|F|](double x) => x;\n}", "static"),
        ("NETGEN021", "public static partial class Q\n{\n    [Differentiable]\n    public static [|float|] F(double x) => 1;\n}", "double"),
        ("NETGEN021", "public static partial class Q\n{\n    [Differentiable]\n    public static double F([|int|] x) => x;\n}", "double"),
        ("NETGEN022", "public static partial class Q\n{\n    [Differentiable]\n    public static double F([|ref|] double x) => x;\n}", "remove 'ref'"),
        ("NETGEN022", "public static partial class Q\n{\n    [Differentiable]\n    public static double F([|params|] double[] x) => 0;\n}", "params"),
        ("NETGEN023", "public static partial class Q\n{\n    [Differentiable]\n    public static double F[|<T>|](double x) => x;\n}", "type parameters"),
        ("NETGEN024", "public static partial class Q\n{\n    [Differentiable]\n    public static extern double [|F|](double x);\n}", "expression body"),
        ("NETGEN025", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x)\n    {\n        [|x = 2 * x;|]\n        return x;\n    }\n}", "assignments"),
        ("NETGEN025", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => [|x++|];\n}", "side effects"),
        ("NETGEN025", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x)\n    {\n        [|if (x > 0) return x;|]\n        return -x;\n    }\n}", "branches"),
        ("NETGEN026", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => x + [|F(x - 1)|];\n}", "itself"),
        ("NETGEN027", "public static partial class Q\n{\n    public static double G(double x) => x;\n    [Differentiable]\n    public static double F(double x) => 2 * [|G(x)|];\n}", "mark it [Differentiable]"),
        ("NETGEN028", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => 2 * [|Math.Floor(x)|];\n}", "Math.Exp"),
        ("NETGEN028", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => [|x > 0 ? x : 0|];\n}", "Supported"),
        ("NETGEN028", "public static partial class Q\n{\n    static double k = 2;\n    [Differentiable]\n    public static double F(double x) => [|k|] * x;\n}", "const fields"),
        ("NETGEN029", "public static partial class Q\n{\n    public static double [|FGradient|] = 1;\n    [Differentiable]\n    public static double F(double x) => x;\n}", "rename"),
    }.Select(c => new object[] { c.Id, c.Source, c.Fragment });

    [Theory]
    [MemberData(nameof(Cases))]
    public void MisuseIsOneLocatedError(string id, string marked, string messageFragment)
    {
        (string source, TextSpan expected) = Unmark(Usings + marked);
        GeneratorHarness.Run run = GeneratorHarness.Generate(source);

        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.DriverDiagnostics, d => d.Id is "CS8784" or "CS8785");
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        // Like System.Text.Json's generator, locations are rebuilt from path and span (so the cached
        // model never holds a syntax tree); the compiler and the IDE place them by path.
        Assert.Equal("File0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(expected, diagnostic.Location.SourceSpan);
        Assert.Contains(messageFragment, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.EndsWith("#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDescriptorIsTestedDocumentedAndTracked()
    {
        Type descriptors = typeof(NetGen.Generator.NetGenGenerator).Assembly.GetType("NetGen.Generator.DiagnosticDescriptors")!;
        string[] ids = descriptors.GetFields(BindingFlags.Static | BindingFlags.Public)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .ToArray();
        string docs = System.IO.File.ReadAllText(System.IO.Path.Combine(SnapshotTests.ProjectDirectory, "..", "docs", "diagnostics.md"));
        string tracking = System.IO.File.ReadAllText(System.IO.Path.Combine(SnapshotTests.ProjectDirectory, "..", "generator", "AnalyzerReleases.Unshipped.md"));
        var tested = Cases().Select(c => (string)c[0]).ToHashSet();
        foreach (string id in ids)
        {
            Assert.Contains("## " + id, docs, StringComparison.Ordinal);
            Assert.Contains(id + " |", tracking, StringComparison.Ordinal);
            if (id != "NETGEN099")
            {
                Assert.Contains(id, tested);
            }
        }
    }

    [Fact]
    public void EachMisuseInItsOwnFileIsReportedAndTheValidNetworkBesideThemStillRuns()
    {
        var sources = new List<string>();
        var expectedIds = new List<string>();
        foreach (object[] c in Cases().Where(c => (string)c[0] is not ("NETGEN009")))
        {
            (string source, _) = Unmark(Usings.Replace("namespace Demo;", "namespace Demo" + sources.Count + ";") + (string)c[1]);
            sources.Add(source);
            expectedIds.Add((string)c[0]);
        }

        sources.Add("""
            using System;
            using NetGen;
            namespace Good;
            [Network(2, Loss = Loss.HalfSquaredError)]
            [Dense(3, Activation.ReLU)]
            [Dense(1)]
            public partial class AssignmentNet { }

            // Spans cannot cross reflection; arrays can.
            public static class Runner
            {
                public static double Run(double[] p, double[] x, double[] t, double[] g)
                {
                    var net = new AssignmentNet();
                    p.CopyTo(net.Parameters);
                    return net.Gradient(x, t, g);
                }
            }
            """);
        GeneratorHarness.Run run = GeneratorHarness.Generate(sources.ToArray());
        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.DriverDiagnostics, d => d.Id is "CS8784" or "CS8785");
        for (int i = 0; i < expectedIds.Count; i++)
        {
            string file = $"File{i}.cs";
            Assert.Contains(run.GeneratorDiagnostics, d => d.Id == expectedIds[i] && d.Location.GetLineSpan().Path == file);
        }

        Assert.True(run.Sources.ContainsKey("Good.AssignmentNet.g.cs"));
        Assembly assembly = run.Load();
        double[] parameters = { -0.8, -0.7, 0.6, -1.0, 0.5, -1.0, -0.2, -1.0, -0.7, 0.1, -1.0, 0.5, -0.7 };
        var g = new double[13];
        object? loss = assembly.GetType("Good.Runner")!.GetMethod("Run")!.Invoke(null, new object[] { parameters, AssignmentTests.X, AssignmentTests.T, g });
        Assert.Equal(2.38554, Math.Round((double)loss!, 5));
        Assert.Equal(-2.732, Math.Round(g[12], 5));
    }

    internal static (string Source, TextSpan Span) Unmark(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        string source = marked.Replace("[|", string.Empty).Replace("|]", string.Empty);
        return (source, TextSpan.FromBounds(start, end));
    }
}
