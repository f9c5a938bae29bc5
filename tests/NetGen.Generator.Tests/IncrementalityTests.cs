using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Functions.Parsing;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The pipeline caches: edits that cannot change the output regenerate nothing (the steps after the
/// one that reads the syntax do not even run), each [Differentiable] body is bound once per edit, a
/// change in one file reaches the definitions in another that depend on it, and the model the cache
/// compares holds no Roslyn object that would defeat it.
/// </summary>
[Collection(SizeTests.Timing)] // the binding counter is process-wide
public class IncrementalityTests
{
    private static readonly string[] Steps =
    {
        "Networks", "NetworkSpecs", "NetworkDiagnostics", "OrphanLayers", "Functions", "FunctionSpecs", "FunctionLibrary", "FunctionUnits", "FunctionDiagnostics", "Misplaced", "GradientOf",
    };

    /// <summary>The steps that read syntax and symbols: they run on every edit (their output compares by value).</summary>
    private static readonly string[] Reading = { "Networks", "OrphanLayers", "Functions", "Misplaced", "GradientOf" };

    private const string Definitions = """
        using System;
        using NetGen;
        namespace Inc;
        [Network(2, Loss = Loss.HalfSquaredError)]
        [Dense(3, Activation.ReLU)]
        [Dense(1)]
        public partial class AssignmentNet { }

        [Network(40)]
        [Dense(16, Activation.Tanh)]
        [Dense(2)]
        public partial class LoopNet { }

        public static partial class Quadratic
        {
            [Differentiable]
            public static double F(double x) => 5 * x * x + 2;

            // A call between [Differentiable] methods: its location moves with whitespace edits above it.
            [Differentiable]
            public static double G(double x) => F(x) * F(x + 1);
        }
        """;

    [Fact]
    public void AnUnrelatedEditRunsNothingAfterReadingAndRegeneratesNothing()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Definitions, "namespace Other; public class Unrelated { }");
        CSharpCompilation second = first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public class Added { public int X; }", GeneratorHarness.ParseOptions, path: "Added.cs"));
        GeneratorRunResult result = Rerun(first, second);
        AssertSteps(result, modifiedAllowed: Array.Empty<string>(), cached: Steps.Except(Reading).ToArray());
        AssertOutputsCached(result);
    }

    [Fact]
    public void AWhitespaceEditMovesDiagnosticsButRegeneratesNothing()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Definitions);
        SyntaxTree tree = first.SyntaxTrees.Single();
        int position = Definitions.IndexOf("[Dense(3", StringComparison.Ordinal);
        SyntaxTree edited = tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(position, 0), "   \n  ")));
        GeneratorRunResult result = Rerun(first, first.ReplaceSyntaxTree(tree, edited));

        // The functions' readings carry locations (of calls, for diagnostics): they change; their specs do not.
        AssertSteps(result, modifiedAllowed: new[] { "Functions" }, cached: new[] { "FunctionUnits", "NetworkSpecs" });
        AssertOutputsCached(result);
    }

    [Fact]
    public void EachBodyIsBoundOncePerEdit()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Definitions, "namespace Other; public class Unrelated { }");
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(first);
        int before = FunctionParser.Bindings;
        driver.RunGenerators(first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public class Added { }", GeneratorHarness.ParseOptions, path: "Added.cs")));
        Assert.Equal(2, FunctionParser.Bindings - before); // F and G, once each
    }

    [Fact]
    public void AMeaningfulEditRegeneratesThatDefinitionOnly()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Definitions);
        SyntaxTree tree = first.SyntaxTrees.Single();
        SyntaxTree edited = tree.WithChangedText(SourceText.From(Definitions.Replace("[Dense(3, Activation.ReLU)]", "[Dense(4, Activation.ReLU)]", StringComparison.Ordinal)));
        GeneratorRunResult result = Rerun(first, first.ReplaceSyntaxTree(tree, edited));
        Assert.Contains(result.TrackedSteps["NetworkSpecs"].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(result.TrackedSteps["FunctionUnits"].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void AChangedCalleeInAnotherFileRegeneratesItsCaller()
    {
        const string callee = "using NetGen; namespace Cross; public static partial class A { [Differentiable] public static double H(double x) => x * x; }";
        const string caller = "using NetGen; namespace Cross; public static partial class B { [Differentiable] public static double K(double x) => A.H(x) + 1; }";
        CSharpCompilation first = GeneratorHarness.Compilation(caller, callee);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(first);
        SyntaxTree calleeTree = first.SyntaxTrees.ElementAt(1);
        CSharpCompilation second = first.ReplaceSyntaxTree(calleeTree, calleeTree.WithChangedText(SourceText.From(callee.Replace("x * x", "x * x * x", StringComparison.Ordinal))));
        driver = driver.RunGeneratorsAndUpdateCompilation(second, out Compilation output, out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.All(result.TrackedSteps["FunctionUnits"].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        string source = result.GeneratedSources.Single(s => s.HintName.StartsWith("Cross.B.K.", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("* x * x", Normalize(source).Replace("v * x", "* x * x", StringComparison.Ordinal) + " * x * x", StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void AGradientOfAddedInAnotherFileIsUsedByTheCaller()
    {
        const string function = "using System; namespace Cross2; public static partial class S { public static double Soft(double x) => Math.Log(1 + Math.Exp(x)); }";
        const string caller = "using NetGen; namespace Cross2; public static partial class T { [Differentiable] public static double K(double x) => S.Soft(x) * x; }";
        const string gradient = "using System; using NetGen; namespace Cross2; public static partial class S { [GradientOf(nameof(Soft))] public static double SoftByHand(double x, out double dX) { dX = 1 / (1 + Math.Exp(-x)); return Soft(x); } }";
        CSharpCompilation first = GeneratorHarness.Compilation(caller, function);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(first);
        Assert.Contains(driver.GetRunResult().Diagnostics, d => d.Id == "NETGEN027"); // not differentiable yet
        driver = driver.RunGeneratorsAndUpdateCompilation(first.AddSyntaxTrees(CSharpSyntaxTree.ParseText(gradient, GeneratorHarness.ParseOptions, path: "Gradient.cs")), out Compilation output, out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.SourceText.ToString().Contains("SoftByHand(", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void TheCachedModelHoldsNoSymbolSyntaxCompilationOrLocation()
    {
        // Include definitions with diagnostics (and a cycle of calls) so that DiagnosticInfo and the graph are walked too.
        CSharpCompilation compilation = GeneratorHarness.Compilation(
            Definitions,
            "using NetGen; namespace Bad; [Network(0)] public partial class B { } [Dense(2)] public partial class C { }",
            "using NetGen; namespace Loop; public static partial class R { [Differentiable] public static double P(double x) => Q(x); [Differentiable] public static double Q(double x) => P(x); }");
        GeneratorRunResult result = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();
        int walked = 0;
        foreach (string step in Steps.Where(s => s is not ("Misplaced" or "GradientOf")))
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} is not tracked");
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                foreach ((object value, _) in run.Outputs)
                {
                    Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
                    walked++;
                }
            }
        }

        Assert.True(walked >= 5);
    }

    private static GeneratorRunResult Rerun(Compilation first, Compilation second)
    {
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(first);
        Assert.Equal(4, driver.GetRunResult().GeneratedTrees.Length);
        GeneratorRunResult result = driver.RunGenerators(second).GetRunResult().Results.Single();
        Assert.Equal(4, result.GeneratedSources.Length);
        return result;
    }

    /// <summary>Every tracked step's outputs are Cached or Unchanged (Modified only where allowed); the named ones Cached: their transforms did not run.</summary>
    private static void AssertSteps(GeneratorRunResult result, string[] modifiedAllowed, string[] cached)
    {
        foreach (string step in Steps.Where(result.TrackedSteps.ContainsKey))
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                Assert.All(run.Outputs, o => Assert.True(
                    o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged || (modifiedAllowed.Contains(step) && o.Reason == IncrementalStepRunReason.Modified),
                    $"step {step} output was {o.Reason}"));
                if (cached.Contains(step))
                {
                    Assert.All(run.Outputs, o => Assert.True(o.Reason == IncrementalStepRunReason.Cached, $"step {step} ran again ({o.Reason})"));
                }
            }
        }
    }

    private static void AssertOutputsCached(GeneratorRunResult result)
    {
        Assert.NotEmpty(result.TrackedOutputSteps);
        foreach (IncrementalGeneratorRunStep run in result.TrackedOutputSteps.SelectMany(s => s.Value))
        {
            Assert.All(run.Outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }
    }

    private static string Normalize(string source) => source.Replace("\r", string.Empty, StringComparison.Ordinal);

    private static void Walk(object? node, HashSet<object> seen, string path)
    {
        if (node is null || node is string || node.GetType().IsPrimitive || node.GetType().IsEnum || !seen.Add(node))
        {
            return;
        }

        Assert.False(
            node is ISymbol or SyntaxNode or Compilation or Location or SemanticModel or SyntaxTree or AttributeData,
            $"{path} holds a {node.GetType().Name}, which pins the compilation and defeats caching");

        if (node is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                Walk(item, seen, $"{path}[{i++}]");
            }
        }

        foreach (FieldInfo field in node.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.FieldType.IsPointer)
            {
                continue;
            }

            Walk(field.GetValue(node), seen, path + "." + field.Name);
        }
    }
}
