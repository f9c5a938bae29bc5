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
        ("NETGEN002", "[[|Dropout(0.1)|]]\n[LayerNorm]\npublic partial class Net { }", "[Network(inputs)]"),
        ("NETGEN003", "[Network([|0|])]\npublic partial class Net { }", "positive"),
        ("NETGEN003", "[Network(inputs: [|-1|])]\npublic partial class Net { }", "positive"),
        ("NETGEN004", "[Network(2)]\n[Dense([|0|], Activation.ReLU)]\npublic partial class Net { }", "positive"),
        ("NETGEN005", "[Network(2)]\n[Dense(3, [|(Activation)17|])]\npublic partial class Net { }", "LeakyReLU, ELU, GELU"),
        ("NETGEN006", "[Network(2, Loss = [|(Loss)9|])]\npublic partial class Net { }", "SoftmaxCrossEntropy, SigmoidCrossEntropy"),
        ("NETGEN007", "[Network(2)]\n[Dense(1)]\npublic partial class Net\n{\n    public void [|Forward|]() { }\n}", "rename"),
        ("NETGEN007", "[Network(2)]\n[Dense(1)]\npublic partial class Net\n{\n    public int [|W1|];\n}", "'Net.W1'"),
        ("NETGEN008", "[Network(2)]\npublic partial class [|Net|]<T> { }", "type parameters"),
        ("NETGEN009", "[[|Network(100000)|]]\n[Dense(100000)]\npublic partial class Net { }", "limit"),
        ("NETGEN009", "[[|Network(4)|]]\n[Dense(20000)]\npublic partial class Net { }", "stack"),
        ("NETGEN009", "[Network(200, Emit = [|EmitStyle.StraightLine|])]\n[Dense(100)]\npublic partial class Net { }", "EmitStyle.Loops"),
        ("NETGEN009", "[[|Network(int.MaxValue)|]]\n[Dense(int.MaxValue)]\n[Dense(int.MaxValue)]\n[Dense(int.MaxValue)]\npublic partial class Net { }", "limit"),
        ("NETGEN009", "[Network(200000, Emit = [|EmitStyle.StraightLine|])]\npublic partial class Net { }", "EmitStyle.Loops"),
        ("NETGEN011", "[Network(2, Emit = [|(EmitStyle)5|])]\npublic partial class Net { }", "EmitStyle.Auto"),
        ("NETGEN010", "[Network(2)]\npublic static partial class [|Net|] { }", "non-static"),
        ("NETGEN012", "public class Base\n{\n    public virtual void Forward(ReadOnlySpan<double> input, Span<double> output) { }\n}\n[Network(2)]\n[Dense(1)]\npublic partial class [|Net|] : Base { }", "'Forward' from 'Base'"),
        ("NETGEN012", "public class Base\n{\n    protected void Step() { }\n}\n[Network(2)]\npublic partial class [|Net|] : Base { }", "'Step'"),
        ("NETGEN013", "[Network(2)]\n[Dense(1)]\nfile partial class [|Net|] { }", "remove the 'file' modifier"),
        ("NETGEN013", "file static partial class [|Q|]\n{\n    [Differentiable]\n    public static double F(double x) => x;\n}", "'file'"),
        ("NETGEN014", "[Network(2, Precision = [|(Precision)4|])]\n[Dense(1)]\npublic partial class Net { }", "Precision.Single"),
        ("NETGEN020", "public partial class Q\n{\n    [Differentiable]\n    public double [|F|](double x) => x;\n}", "static"),
        ("NETGEN021", "public static partial class Q\n{\n    [Differentiable]\n    public static [|decimal|] F(double x) => 1;\n}", "return double or float"),
        ("NETGEN021", "public static partial class Q\n{\n    [Differentiable]\n    public static double F([|long|] x) => x;\n}", "use 'int' for counts"),
        ("NETGEN021", "public static partial class Q\n{\n    [Differentiable]\n    public static double F([|double[]|] x) => x[0];\n}", "ReadOnlySpan<double>"),
        ("NETGEN022", "public static partial class Q\n{\n    [Differentiable]\n    public static double F([|ref|] double x) => x;\n}", "remove 'ref'"),
        ("NETGEN022", "public static partial class Q\n{\n    [Differentiable]\n    public static double F([|params|] double[] x) => 0;\n}", "params"),
        ("NETGEN023", "public static partial class Q\n{\n    [Differentiable]\n    public static double F[|<T>|](double x) => x;\n}", "type parameters"),
        ("NETGEN024", "public static partial class Q\n{\n    [Differentiable]\n    public static extern double [|F|](double x);\n}", "expression body"),
        ("NETGEN025", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => [|x++|];\n}", "side effects"),
        ("NETGEN025", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x)\n    {\n        double y = 0;\n        [|switch (x) { case > 0: y = x; break; default: y = -x; break; }|]\n        return y;\n    }\n}", "if/else"),
        ("NETGEN025", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x)\n    {\n        double y = x;\n        [|goto done;|]\n        done: return y;\n    }\n}", "goto"),
        ("NETGEN021", "public static partial class Q\n{\n    [Differentiable]\n    public static double F([|Span<double>|] xs) => xs[0];\n}", "ReadOnlySpan<double>"),
        ("NETGEN025", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x)\n    {\n        double s = x;\n        [|System.Console.WriteLine(s);|]\n        return s;\n    }\n}", "a void call is allowed only to a [Differentiable] method"),
        ("NETGEN026", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => x + [|F(x - 1)|];\n}", "itself"),
        ("NETGEN027", "public static partial class Q\n{\n    public static double G(double x) => x;\n    [Differentiable]\n    public static double F(double x) => 2 * [|G(x)|];\n}", "mark it [Differentiable]"),
        ("NETGEN032", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => 2 * [|Math.IEEERemainder(x, 2)|];\n}", "Math.IEEERemainder has no derivative rule"),
        ("NETGEN030", "public static partial class Q\n{\n    public static double H(double x)\n    {\n        return F(x);\n        [[|Differentiable|]]\n        static double F(double y) => y * y;\n    }\n}", "local function 'F'"),
        ("NETGEN031", "public static partial class Q\n{\n    [Differentiable]\n    public static double G(double x) => x * ;\n    [Differentiable]\n    public static double F(double x) => 2 * [|G(x)|];\n}", "calls 'Q.G'"),
        ("NETGEN028", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => [|x switch { > 0 => x, _ => 0 }|];\n}", "values may be"),
        ("NETGEN028", "public static partial class Q\n{\n    static double k = 2;\n    [Differentiable]\n    public static double F(double x) => [|k|] * x;\n}", "make it 'const'"),
        ("NETGEN033", "public static partial class Q\n{\n    public static double G(double x) => x;\n    [GradientOf(nameof(G))]\n    public static double [|GByHand|](double x, double dX) => x;\n}", "out double dX"),
        ("NETGEN034", "public static partial class Q\n{\n    [[|Differentiable(Order = 3)|]]\n    public static double F(double x) => x * x;\n}", "use 1 or 2"),
        ("NETGEN035", "public static partial class Q\n{\n    [Differentiable(Order = 2)]\n    public static void [|F|](double x, Span<double> y) => y[0] = x * x;\n}", "returns its results in spans"),
        ("NETGEN035", "public static partial class Q\n{\n    public static double G(double x) => x;\n    [GradientOf(nameof(G))]\n    public static double GByHand(double x, out double dX) { dX = 1; return x; }\n    [Differentiable(Order = 2)]\n    public static double [|F|](double x) => G(x) * x;\n}", "[GradientOf]"),
        ("NETGEN036", "public static partial class Q\n{\n    [Differentiable]\n    public static double Scale(double a, [NoGradient] double k) => a * k;\n    [Differentiable]\n    public static double F(double x) => Scale(2.0, [|x|]);\n}", "remove [NoGradient] from 'k'"),
        ("NETGEN015", "[Network(3, Loss = [|Loss.SoftmaxCrossEntropy|])]\n[Dense(8, Activation.ReLU)]\n[Dense(1)]\npublic partial class Net { }", "two units"),
        ("NETGEN015", "[Network(1, Loss = [|Loss.SoftmaxCrossEntropy|])]\npublic partial class Net { }", "never learns"),
        ("NETGEN016", "[Network(3)]\n[[|LayerNorm|]]\n[Dense(2)]\npublic partial class Net { }", "before any [Dense]"),
        ("NETGEN016", "[Network(3)]\n[Dense(4)]\n[LayerNorm]\n[[|LayerNorm|]]\n[Dense(2)]\npublic partial class Net { }", "a second [LayerNorm]"),
        ("NETGEN016", "[Network(3)]\n[Dense(4)]\n[Dropout(0.1)]\n[[|LayerNorm|]]\npublic partial class Net { }", "norm before its dropout"),
        ("NETGEN016", "[Network(3)]\n[Dense(4)]\n[Dropout(0.1)]\n[[|Dropout(0.2)|]]\npublic partial class Net { }", "a second [Dropout]"),
        ("NETGEN016", "[Network(3)]\n[[|Dropout(0.5)|]]\n[Dense(4)]\npublic partial class Net { }", "before any [Dense]"),
        ("NETGEN017", "[Network(3)]\n[Dense(4, Activation.ReLU, Residual = [|true|])]\n[Dense(1)]\npublic partial class Net { }", "give it 3 units"),
        ("NETGEN018", "[Network(3)]\n[Dense(4)]\n[Dropout([|1.0|])]\npublic partial class Net { }", "less than 1"),
        ("NETGEN018", "[Network(3)]\n[Dense(4)]\n[Dropout(p: [|-0.25|])]\npublic partial class Net { }", "at least 0"),
        ("NETGEN018", "[Network(3)]\n[Dense(4)]\n[Dropout([|double.NaN|])]\npublic partial class Net { }", "[Dropout(NaN)]"),
        ("NETGEN002", "[[|Conv2D(4, 3)|]]\n[MaxPool2D(2)]\npublic partial class Net { }", "[Network(channels, height, width)]"),
        ("NETGEN003", "[Network(1, [|0|], 28)]\n[Conv2D(4, 3)]\npublic partial class Net { }", "the height is 0"),
        ("NETGEN003", "[Network([|-1|], 28, 28)]\npublic partial class Net { }", "the channels is -1"),
        ("NETGEN009", "[[|Network(1000, 100000, 100000)|]]\n[Dense(10)]\npublic partial class Net { }", "more than int.MaxValue"),
        ("NETGEN009", "[[|Network(1, 1000, 1000)|]]\n[Conv2D(8, 3, Padding = 1)]\n[Dense(2)]\npublic partial class Net { }", "per image"),
        ("NETGEN009", "[Network(1, 28, 28, Emit = [|EmitStyle.StraightLine|])]\n[Conv2D(8, 3, Padding = 1)]\n[Dense(2)]\npublic partial class Net { }", "units and convolution and pooling taps, more than the straight-line form's limit of 4096"),
        ("NETGEN019", "[Network(1, 8, 8)]\n[Conv2D(4, [|0|])]\n[Dense(2)]\npublic partial class Net { }", "at least 1 × 1, not 0 × 0"),
        ("NETGEN019", "[Network(1, 8, 8)]\n[Conv2D([|0|], 3)]\n[Dense(2)]\npublic partial class Net { }", "at least 1 filter"),
        ("NETGEN019", "[Network(1, 8, 8)]\n[Conv2D(4, 3, Stride = [|0|])]\n[Dense(2)]\npublic partial class Net { }", "stride must be at least 1"),
        ("NETGEN019", "[Network(1, 8, 8)]\n[Conv2D(4, 3, Padding = [|-1|])]\n[Dense(2)]\npublic partial class Net { }", "padding must be at least 0"),
        ("NETGEN019", "[Network(2, 8, 8)]\n[Conv2D(4, 3)]\n[MaxPool2D(2)]\n[Conv2D(6, [|5|])]\n[Dense(2)]\npublic partial class Net { }", "a 5 × 5 kernel does not fit its input of 4 × 3 × 3; use a kernel of at most 3"),
        ("NETGEN019", "[Network(1, 4, 6)]\n[Conv2D(2, [|7|], Padding = 1)]\npublic partial class Net { }", "padded to 6 × 8"),
        ("NETGEN019", "[Network(1, 8, 8)]\n[Conv2D(4, 3)]\n[AvgPool2D([|7|])]\npublic partial class Net { }", "window does not fit its input of 4 × 6 × 6; use a size of at most 6"),
        ("NETGEN019", "[Network(1, 8, 8)]\n[MaxPool2D(size: [|0|])]\npublic partial class Net { }", "window must be at least 1 × 1"),
        ("NETGEN019", "[Network(1, 8, 8)]\n[[|Conv2D(int.MaxValue, 8)|]]\npublic partial class Net { }", "weights are more than the limit"),
        ("NETGEN039", "[Network(64)]\n[[|Conv2D(4, 3)|]]\n[Dense(2)]\npublic partial class Net { }", "needs an image input"),
        ("NETGEN039", "[Network(1, 8, 8)]\n[Conv2D(4, 3)]\n[Dense(10)]\n[[|MaxPool2D(2)|]]\npublic partial class Net { }", "comes after a [Dense] layer"),
        ("NETGEN039", "[Network(1, 8, 8)]\n[Conv2D(4, 3)]\n[[|LayerNorm|]]\n[Dense(2)]\npublic partial class Net { }", "take the output of a [Dense] layer"),
        ("NETGEN039", "[Network(1, 8, 8)]\n[Conv2D(4, 3)]\n[Dense(10)]\n[[|Dropout(0.1)|]]\n[Dense(2)]\npublic partial class Net { }", "not supported yet"),
        ("NETGEN039", "[Network(1, 8, 8)]\n[Conv2D(4, 3)]\n[Dense(10)]\n[Dense(10, Residual = [|true|])]\npublic partial class Net { }", "not supported yet"),
        ("NETGEN005", "[Network(1, 8, 8)]\n[Conv2D(4, 3, [|(Activation)42|])]\npublic partial class Net { }", "LeakyReLU, ELU, GELU"),
        ("NETGEN037", "public static partial class P\n{\n    private const int Unused = 0;\n    private static double Half(double x) => x / 2;\n    [Differentiable]\n    public static double G(double x) => Half(3.0) * x;\n}\npublic static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => [|P.G(x)|];\n}", "private members of 'P'"),
        ("NETGEN021", "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x)\n    {\n        [|long|] n = 3;\n        return x * n;\n    }\n}", "use 'int'"),
        ("NETGEN029", "public static partial class Q\n{\n    public static double [|FGradient|] = 1;\n    [Differentiable]\n    public static double F(double x) => x;\n}", "rename"),
        ("NETGEN038", TooLarge(), "more than 100000 statements"),
    }.Select(c => new object[] { c.Id, c.Source, c.Fragment });

    /// <summary>Three levels of 40 calls each: 40³ copies of L0's body once written in, far past the limit.</summary>
    private static string TooLarge()
    {
        string Calls(string callee) => string.Join(" + ", Enumerable.Range(0, 40).Select(i => callee + "(x + " + i + ")"));
        return "public static partial class Q\n{\n" +
            "    [Differentiable]\n    public static double L0(double x) => x * x + 1;\n" +
            "    [Differentiable]\n    public static double L1(double x) => " + Calls("L0") + ";\n" +
            "    [Differentiable]\n    public static double L2(double x) => " + Calls("L1") + ";\n" +
            "    [Differentiable]\n    public static double [|L3|](double x) => " + Calls("L2") + ";\n}";
    }

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
        Assert.Contains("docs/diagnostics.md#" + id.ToLowerInvariant(), diagnostic.Descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDescriptorIsTestedDocumentedAndTracked()
    {
        Type descriptors = typeof(NetGen.Generator.NetGenGenerator).Assembly.GetType("NetGen.Generator.Common.DiagnosticDescriptors")!;
        string[] ids = descriptors.GetFields(BindingFlags.Static | BindingFlags.Public)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .ToArray();
        string docs = System.IO.File.ReadAllText(System.IO.Path.Combine(SnapshotTests.ProjectDirectory, "..", "..", "docs", "diagnostics.md"));
        string tracking = System.IO.File.ReadAllText(System.IO.Path.Combine(SnapshotTests.ProjectDirectory, "..", "..", "generator", "AnalyzerReleases.Unshipped.md"));
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
        foreach (object[] c in Cases().Where(c => (string)c[0] is not ("NETGEN009" or "NETGEN031")))
        {
            (string source, _) = Unmark(Usings.Replace("namespace Demo;", "namespace Demo" + sources.Count + ";") + (string)c[1]);
            sources.Add(source);
            expectedIds.Add((string)c[0]);
        }

        // Recursion through two methods in two files.
        sources.Add(Usings.Replace("namespace Demo;", "namespace Cycle;") + "public static partial class A { [Differentiable] public static double F(double x) => B.G(x); }");
        expectedIds.Add("NETGEN026");
        sources.Add(Usings.Replace("namespace Demo;", "namespace Cycle;") + "public static partial class B { [Differentiable] public static double G(double x) => A.F(x) * x; }");
        expectedIds.Add("NETGEN026");

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

        Assert.True(run.Generated("Good.AssignmentNet"));
        Assembly assembly = run.Load();
        double[] parameters = { -0.8, -0.7, 0.6, -1.0, 0.5, -1.0, -0.2, -1.0, -0.7, 0.1, -1.0, 0.5, -0.7 };
        var g = new double[13];
        object? loss = assembly.GetType("Good.Runner")!.GetMethod("Run")!.Invoke(null, new object[] { parameters, new[] { 0.6, -1.0, 0.8, -1.0, -0.4, 0.9, 0.2, 0.0 }, new[] { -0.8, -0.1, 0.9, 0.7 }, g });
        Assert.Equal(2.38554, Math.Round((double)loss!, 5));
        Assert.Equal(-2.732, Math.Round(g[12], 5));
    }

    public static IEnumerable<object[]> Cycles() => new (string[] Sources, string[] Cycles)[]
    {
        // F and G call each other; H is called by F but closes no cycle, so its call is not reported.
        (new[] { "public static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => 1 + [|G(x)|] + H(x);\n    [Differentiable]\n    public static double G(double x) => 2 * [|F(x)|];\n    [Differentiable]\n    public static double H(double x) => x * x;\n}" },
         new[] { "Q.F -> Q.G -> Q.F", "Q.G -> Q.F -> Q.G" }),
        // Three methods in two classes and two files, with a direct self-call (reported by the method's own parse).
        (new[]
         {
             "public static partial class A\n{\n    [Differentiable]\n    public static double F(double x) => [|B.G(x)|] * x;\n}",
             "public static partial class B\n{\n    [Differentiable]\n    public static double G(double y) => [|K(y + 1)|];\n    [Differentiable]\n    public static double K(double z) => Math.Exp([|A.F(z)|]) + [|K(z - 1)|];\n}",
         },
         new[] { "A.F -> B.G -> B.K -> A.F", "B.G -> B.K -> A.F -> B.G", "B.K -> A.F -> B.G -> B.K", "calls itself;" }),
    }.Select(c => new object[] { c.Sources, c.Cycles });

    [Theory]
    [MemberData(nameof(Cycles))]
    public void RecursionThroughOtherMethodsIsReportedAtEveryCallThatClosesTheCycle(string[] marked, string[] cycles)
    {
        var sources = new string[marked.Length];
        var expected = new List<(string File, TextSpan Span)>();
        for (int i = 0; i < marked.Length; i++)
        {
            string text = Usings + marked[i];
            while (text.Contains("[|", StringComparison.Ordinal))
            {
                (string unmarkedOnce, TextSpan span) = UnmarkFirst(text);
                expected.Add(($"File{i}.cs", span));
                text = unmarkedOnce;
            }

            sources[i] = text;
        }

        GeneratorHarness.Run run = GeneratorHarness.Generate(sources);
        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.DriverDiagnostics, d => d.Id is "CS8784" or "CS8785");
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("NETGEN026", d.Id));
        Assert.Equal(
            expected.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Span.Start),
            run.GeneratorDiagnostics.Select(d => (d.Location.GetLineSpan().Path, d.Location.SourceSpan)).OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.SourceSpan.Start));
        string messages = string.Join("\n", run.GeneratorDiagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(cycles, cycle => Assert.Contains(cycle, messages, StringComparison.Ordinal));
    }

    [Fact]
    public void AChainOfCallsWithoutACycleIsNotRecursion()
    {
        GeneratorHarness.Run run = GeneratorHarness.Generate(Usings + """
            public static partial class Q
            {
                [Differentiable] public static double F(double x) => G(x) + H(x);
                [Differentiable] public static double G(double x) => H(x) * H(2 * x);
                [Differentiable] public static double H(double x) => Math.Sin(x);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(3, run.Sources.Count);
    }

    [Fact]
    public void ALongChainOfCallsDoesNotOverflowTheGenerator()
    {
        // 2,000 methods, each calling the next and the last calling the first: one cycle through all.
        const int count = 2000;
        var source = new System.Text.StringBuilder(Usings + "public static partial class Q\n{\n");
        for (int i = 0; i < count; i++)
        {
            source.Append("    [Differentiable] public static double F").Append(i).Append("(double x) => 1 + F").Append((i + 1) % count).Append("(x);\n");
        }

        source.Append('}');
        GeneratorHarness.Run run = GeneratorHarness.Generate(source.ToString());
        Assert.Null(run.Exception);
        Assert.Equal(count, run.GeneratorDiagnostics.Count(d => d.Id == "NETGEN026"));
        Diagnostic first = run.GeneratorDiagnostics.Single(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'F0' calls", StringComparison.Ordinal));
        Assert.Contains("(Q.F0 -> Q.F1 -> Q.F2 -> Q.F3 -> Q.F4 -> Q.F5 -> … (1993 more) -> Q.F1999 -> Q.F0)", first.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static (string Source, TextSpan Span) UnmarkFirst(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", start, StringComparison.Ordinal) - 2;
        string source = marked.Remove(end + 2, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end));
    }

    internal static (string Source, TextSpan Span) Unmark(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        string source = marked.Replace("[|", string.Empty).Replace("|]", string.Empty);
        return (source, TextSpan.FromBounds(start, end));
    }
}
