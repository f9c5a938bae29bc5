using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The pipeline caches: edits that cannot change the output regenerate nothing, and the model
/// the cache compares holds no Roslyn object that would defeat it.
/// </summary>
public class IncrementalityTests
{
    private static readonly string[] Steps = { "Networks", "OrphanLayers", "Functions", "CallGraph", "Cycles", "Recursion", "Unavailable" };

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
    public void AnUnrelatedEditRegeneratesNothing()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Definitions, "namespace Other; public class Unrelated { }");
        CSharpCompilation second = first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public class Added { public int X; }", GeneratorHarness.ParseOptions, path: "Added.cs"));
        AssertCached(first, second);
    }

    [Fact]
    public void AWhitespaceEditInTheNetworksFileRegeneratesNothing()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Definitions);
        SyntaxTree tree = first.SyntaxTrees.Single();
        SourceText text = tree.GetText();
        int position = Definitions.IndexOf("[Dense(3", StringComparison.Ordinal);
        SyntaxTree edited = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(position, 0), "   \n  ")));
        AssertCached(first, first.ReplaceSyntaxTree(tree, edited));
    }

    [Fact]
    public void AMeaningfulEditRegeneratesThatDefinition()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Definitions);
        SyntaxTree tree = first.SyntaxTrees.Single();
        SyntaxTree edited = tree.WithChangedText(SourceText.From(Definitions.Replace("[Dense(3, Activation.ReLU)]", "[Dense(4, Activation.ReLU)]", StringComparison.Ordinal)));
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(first);
        GeneratorRunResult result = driver.RunGenerators(first.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps["Networks"].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
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
        foreach (string step in Steps)
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

    private static void AssertCached(Compilation first, Compilation second)
    {
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(first);
        GeneratorRunResult initial = driver.GetRunResult().Results.Single();
        Assert.Equal(4, initial.GeneratedSources.Length);

        GeneratorRunResult result = driver.RunGenerators(second).GetRunResult().Results.Single();
        foreach (string step in Steps)
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                Assert.All(run.Outputs, o => Assert.True(
                    o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {step} output was {o.Reason}"));
            }
        }

        Assert.NotEmpty(result.TrackedOutputSteps);
        foreach (IncrementalGeneratorRunStep run in result.TrackedOutputSteps.SelectMany(s => s.Value))
        {
            Assert.All(run.Outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        Assert.Equal(4, result.GeneratedSources.Length);
    }

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
