using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Tests;

/// <summary>What the docs show works as shown: the README's complete training program compiles with the generator and runs.</summary>
[Collection(ConsoleCollection.Name)]
public class DocsTests
{
    private static string Readme => File.ReadAllText(Path.Combine(Assertions.Directory(typeof(DocsTests).Assembly, "RepositoryDirectory"), "README.md"));

    [Fact]
    public void TheReadmeTrainingProgramCompilesAndTrainsXor()
    {
        string program = Program("## Training", "Trainer.Fit");
        string directory = Path.Combine(Path.GetTempPath(), "netgen-docs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string output;
        try
        {
            output = CompileAndRun(program, directory);
            Assert.True(File.Exists(Path.Combine(directory, "xor.safetensors")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Match printed = Regex.Match(output, @"loss ([0-9.]+), y\(1, 0\) = ([0-9.-]+)");
        Assert.True(printed.Success, output);
        Assert.True(double.Parse(printed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 0.01);
        Assert.InRange(double.Parse(printed.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 0.8, 1.2);
    }

    [Fact]
    public void TheReadmeCurveFitCompilesAndFindsTheCurve()
    {
        string program = Program("## Differentiable functions", "LossGradient");
        string output = CompileAndRun(program, Environment.CurrentDirectory);
        Match printed = Regex.Match(output, @"a = ([0-9.-]+), b = ([0-9.-]+), c = ([0-9.-]+)");
        Assert.True(printed.Success, output);
        double Read(int group) => double.Parse(printed.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(Read(1), 1.99, 2.01);
        Assert.InRange(Read(2), 1.49, 1.51);
        Assert.InRange(Read(3), 0.49, 0.51);
        Assert.True(Readme.Contains("It prints `" + printed.Value + "`", StringComparison.Ordinal), printed.Value);
    }

    [Fact]
    public void TheReadmeMonteCarloGreeksCompileAndAgreeWithBlackScholes()
    {
        string program = Program("### Greeks of a Monte Carlo pricer", "EuropeanCallGradient");
        string output = CompileAndRun(program, Environment.CurrentDirectory);
        Match printed = Regex.Match(output, @"price ([0-9.-]+)  delta ([0-9.-]+)  vega ([0-9.-]+)  rho ([0-9.-]+)  ∂V/∂T ([0-9.-]+)");
        Assert.True(printed.Success, output);
        double Read(int group) => double.Parse(printed.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Black–Scholes for S0 = 100, K = 105, σ = 0.2, r = 0.03, T = 1 (hand-computed: d1 = 0.0060, d2 = −0.1940):
        // price 7.1281, delta 0.5024, vega 39.894, rho 43.113, ∂V/∂T 5.2827. Monte Carlo with 20,000 paths is within a few percent.
        double[] blackScholes = { 7.1281, 0.5024, 39.894, 43.113, 5.2827 };
        for (int k = 0; k < 5; k++)
        {
            Assert.True(Math.Abs(Read(k + 1) - blackScholes[k]) <= 0.05 * blackScholes[k], $"{printed.Value}: entry {k} vs {blackScholes[k]}");
        }
    }

    [Fact]
    public void TheReadmeArmNewtonCompilesAndReachesTheTargetQuadratically()
    {
        string program = Program("### Vector-valued functions", "ArmJacobian");
        string output = CompileAndRun(program, Environment.CurrentDirectory);
        double[] errors = Regex.Matches(output, @"step \d+: error ([0-9.E+-]+)").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(8, errors.Length);
        Assert.True(errors[6] < 1e-13, output);
        Assert.True(errors[4] < errors[3] * errors[3] * 10 && errors[5] < errors[4] * errors[4] * 10 && errors[6] < errors[5] * errors[5] * 10, output);
    }

    [Fact]
    public void TheReadmeBinaryClassifierCompilesAndLearnsTheCircle()
    {
        string program = Program("### Binary classification", "SigmoidCrossEntropy");
        string output = CompileAndRun(program, Environment.CurrentDirectory);
        Match printed = Regex.Match(output, @"test accuracy ([0-9.]+) %, \(0.2, 0.3\) inside: True, \(1.5, 1.5\) inside: False");
        Assert.True(printed.Success, output);
        Assert.True(double.Parse(printed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 95, output);
        Assert.True(Readme.Contains("It prints `" + output.Trim() + "`", StringComparison.Ordinal), output);
    }

    /// <summary>The first C# block after <paramref name="heading"/>, which must mention <paramref name="mentions"/>.</summary>
    private static string Program(string heading, string mentions)
    {
        string section = Readme.Substring(Readme.IndexOf(heading, StringComparison.Ordinal));
        string program = Regex.Match(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains(mentions, program, StringComparison.Ordinal);
        return program;
    }

    /// <summary>Compiles a README program as a new console app would (implicit usings, the generator) and runs it; returns what it printed.</summary>
    private static string CompileAndRun(string program, string directory)
    {
        // A new console project (dotnet new console) has these implicit global usings.
        const string ImplicitUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation input = GeneratorHarness.Compilation(program, ImplicitUsings)
            .WithOptions(GeneratorHarness.Compilation().Options.WithOutputKind(OutputKind.ConsoleApplication))
            .AddReferences(MetadataReference.CreateFromFile(typeof(Console).Assembly.Location));
        GeneratorDriver driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
        var run = new GeneratorHarness.Run(input, output, default, driver.GetRunResult());
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

        string previous = Environment.CurrentDirectory;
        TextWriter console = Console.Out;
        var captured = new StringWriter();
        try
        {
            Environment.CurrentDirectory = directory;
            Console.SetOut(captured);
            Assembly assembly = run.Load();
            MethodInfo main = assembly.EntryPoint!;
            main.Invoke(null, main.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() });
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = previous;
        }

        return captured.ToString();
    }
}

/// <summary>The docs agree with the repository: every path they name exists, the package README links absolutely, hint names follow the documented rule.</summary>
public class DocsConsistencyTests
{
    private static readonly string Root = Path.GetFullPath(Assertions.Directory(typeof(Assertions).Assembly, "RepositoryDirectory"));

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/DESIGN.md")]
    [InlineData("docs/diagnostics.md")]
    [InlineData("CONTRIBUTING.md")]
    [InlineData("onnx/README.md")]
    public void EveryPathTheDocsNameExists(string document)
    {
        string text = File.ReadAllText(Path.Combine(Root, document));
        string folder = Path.GetDirectoryName(Path.Combine(Root, document))!;
        var missing = new System.Collections.Generic.List<string>();
        // Markdown links to files of this repository, relative to the document.
        foreach (Match link in Regex.Matches(text, @"\]\(([^)#:]+)(#[^)]*)?\)"))
        {
            string path = link.Groups[1].Value;
            if (!File.Exists(Path.Combine(folder, path)) && !Directory.Exists(Path.Combine(folder, path)))
            {
                missing.Add(path);
            }
        }

        // Paths in code spans, relative to the repository (`sample/data/`, `benchmarks/TorchSharpFix.cs`).
        foreach (Match span in Regex.Matches(text, @"`((?:generator|runtime|sample|tests|benchmarks|docs|codefixes|onnx|\.ci)/[^`*…<> ]*)`"))
        {
            string path = span.Groups[1].Value.TrimEnd('/');
            bool written = path.Contains("generated", StringComparison.Ordinal) || path.EndsWith(".png", StringComparison.Ordinal) || path.EndsWith(".safetensors", StringComparison.Ordinal); // the sample's outputs, not in a fresh clone
            if (!written && !File.Exists(Path.Combine(Root, path)) && !Directory.Exists(Path.Combine(Root, path)))
            {
                missing.Add(path);
            }
        }

        Assert.True(missing.Count == 0, $"{document} names paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void ThePackageReadmeLinksOnlyAbsolutely()
    {
        string text = File.ReadAllText(Path.Combine(Root, "runtime", "PACKAGE.md"));
        Assert.DoesNotMatch(@"\]\((?!https://)", text);
        Assert.Contains("`docs/DESIGN.md`", text, StringComparison.Ordinal); // shipped inside the package (PackageTests)
    }

    /// <summary>No document, project or generated file points to a site that does not exist (the old placeholder).</summary>
    [Fact]
    public void NothingLinksToThePlaceholderSite()
    {
        foreach (string file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Root, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git") ||
                !(file.EndsWith(".md", StringComparison.Ordinal) || file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".props", StringComparison.Ordinal) || file.EndsWith(".csproj", StringComparison.Ordinal)) ||
                relative.EndsWith("DocsTests.cs", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.DoesNotContain("netgen-dotnet", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    /// <summary>DESIGN.md: hint names are Readable.xxxxxxxx.g.cs; Net and NET get different ones.</summary>
    [Fact]
    public void HintNamesFollowTheDocumentedRule()
    {
        Assert.Contains("`Readable.xxxxxxxx.g.cs`", File.ReadAllText(Path.Combine(Root, "docs", "DESIGN.md")), StringComparison.Ordinal);
        GeneratorHarness.Run run = GeneratorHarness.Generate("using NetGen;\nnamespace A.B;\n[Network(2)] [Dense(1)] public partial class Net { }\n[Network(2)] [Dense(1)] public partial class NET { }\npublic static partial class Q { [Differentiable] public static double F(double x) => x * x; }\n");
        string[] names = run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        Assert.Equal(3, names.Length);
        Assert.All(names, n => Assert.Matches(@"^A\.B\.(Net|NET|Q\.F)\.[0-9a-f]{8}\.g\.cs$", n));
        Assert.Equal(3, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}

/// <summary>Tests that redirect Console.Out run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
