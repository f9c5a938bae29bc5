using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NetGen.Tests.Adversarial;

/// <summary>
/// The generator never breaks a build it did not explain. For each adversarial source: no generator
/// exception, no CS8785/AD0001/NETGEN099; no error or warning (at warning level 9999, nullable on)
/// located in a generated file; exactly the expected NETGEN errors; every other error in user code is
/// one the compiler reports without NetGen too; and what should generate compiles and passes its probe.
/// </summary>
public class AdversarialTests
{
    private const string Usings = "using System;\nusing NetGen;\nusing ProbeSupport;\n";

    [Fact]
    public void ThereAreAtLeastEightyCases() =>
        Assert.True(AdversarialCases.All().Count() >= 80, $"only {AdversarialCases.All().Count()} cases");

    [Theory]
    [MemberData(nameof(AdversarialCases.Data), MemberType = typeof(AdversarialCases))]
    public void NeverBreaksABuildItDidNotExplain(AdversarialCase c)
    {
        CSharpCompilation input = GeneratorHarness.Compilation(Usings + c.Source, ProbeSupport.Source)
            .WithOptions(GeneratorHarness.Compilation().Options.WithOutputKind(c.Exe ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary));
        GeneratorDriver driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.DoesNotContain(driverDiagnostics, d => d.Id is "CS8784" or "CS8785" or "AD0001");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "NETGEN099");

        // Exactly the expected NETGEN errors, each in user code.
        string[] reported = result.Diagnostics.Where(d => d.Id.StartsWith("NETGEN", StringComparison.Ordinal)).Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToArray();
        Assert.Equal(c.Errors.OrderBy(i => i, StringComparer.Ordinal).ToArray(), reported);
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.All(result.Diagnostics, d => Assert.True(d.Location.GetLineSpan().Path == "File0.cs", $"{d} is not located in the user's file"));

        // Nothing at all inside a generated file, at the highest warning level.
        HashSet<SyntaxTree> generated = output.SyntaxTrees.Except(input.SyntaxTrees).ToHashSet();
        Diagnostic[] inGenerated = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree)).ToArray();
        Assert.True(inGenerated.Length == 0, "in generated code:\n" + string.Join("\n", inGenerated.Select(d => d.ToString())));

        // Every error in user code exists without NetGen too (generated members only remove errors).
        var before = input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Key).ToHashSet();
        Diagnostic[] introduced = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !before.Contains(Key(d))).ToArray();
        Assert.True(introduced.Length == 0, "errors NetGen caused:\n" + string.Join("\n", introduced.Select(d => d.ToString())));

        var run = new GeneratorHarness.Run(input, output, driverDiagnostics, driver.GetRunResult());
        foreach (string name in c.Generates)
        {
            Assert.True(run.Generated(name), $"{name} was not generated; generated: {string.Join(", ", run.Sources.Keys)}");
        }

        // What generated compiles and, where the case has a probe, agrees with finite differences.
        Diagnostic[] errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (c.Compiles)
        {
            Assert.True(errors.Length == 0, "the case must compile:\n" + string.Join("\n", errors.Select(d => d.ToString())));
        }

        if (errors.Length == 0 && c.Source.Contains("class Probe", StringComparison.Ordinal))
        {
            Assembly assembly = run.Load();
            Type probe = assembly.GetTypes().Single(t => t.Name == "Probe");
            double error = (double)probe.GetMethod("Run")!.Invoke(null, null)!;
            Assert.True(error <= 1e-6, $"probe error {error}");
        }
    }

    private static string Key(Diagnostic d) => d.Id + "@" + d.Location.GetLineSpan().Path + ":" + d.Location.SourceSpan;
}
