using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;

namespace NetGen.Benchmarks;

/// <summary>
/// What generating <c>[Differentiable]</c> code costs, binding included: one driver run over a fresh
/// compilation (as a build does; an IDE edit re-runs only the changed method). Two workloads: a
/// 5,000-term expression <c>x * 1 + x * 2 + …</c> (the size the linearity test uses), and four
/// methods with a loop, a branch and a Hessian beside the assignment network.
/// <para>
/// Other builds of the generator run beside this one in the same BenchmarkDotNet run when
/// <c>NETGEN_OTHER_GENERATORS</c> names them: <c>label=directory;label=directory</c>, each directory
/// holding a <c>NetGen.Generator.dll</c> and the <c>NetGen.Runtime.dll</c> built with it (for example
/// from <c>git worktree add ../old 725409b</c> and <c>dotnet build -c Release</c> there). Each is loaded
/// into its own <see cref="AssemblyLoadContext"/>; Roslyn itself is shared (the version this project runs).
/// </para>
/// </summary>
[MemoryDiagnoser]
public class GenerationTimeBenchmarks
{
    private const string Functions = @"using System; using NetGen;
public static partial class L
{
    [Differentiable]
    public static double LeastSquares(double a, double b, [NoGradient] ReadOnlySpan<double> xs, [NoGradient] ReadOnlySpan<double> ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++) { double r = a * xs[i] + b - ys[i]; sum += r * r; }
        return sum;
    }

    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++) { double t = x[i + 1] - x[i] * x[i]; double u = 1 - x[i]; sum += 100 * t * t + u * u; }
        return sum;
    }

    [Differentiable]
    public static double Horner(double x, [NoGradient] ReadOnlySpan<double> c)
    {
        double p = 0;
        for (int i = 0; i < c.Length; i++) p = p * x + c[i];
        return p;
    }

    [Differentiable(Order = 2)]
    public static double Huber(double r, [NoGradient] double delta)
    {
        double a = Math.Abs(r);
        if (a <= delta) return 0.5 * r * r;
        return delta * (a - 0.5 * delta);
    }
}

[Network(2, Loss = Loss.HalfSquaredError)]
[Dense(3, Activation.ReLU)]
[Dense(1)]
public partial class AssignmentNet { }
";

    private const string ThisBuild = "this build";
    private MetadataReference[] _references = Array.Empty<MetadataReference>();
    private string _source = string.Empty;
    private ISourceGenerator? _generator;

    /// <summary>This build, then the builds <c>NETGEN_OTHER_GENERATORS</c> names.</summary>
    public static IEnumerable<string> Generators() =>
        new[] { ThisBuild }.Concat(Others().Select(o => o.Label));

    [ParamsSource(nameof(Generators))]
    public string Generator { get; set; } = ThisBuild;

    [Params("5,000 terms", "loops, branch, Hessian")]
    public string Workload { get; set; } = "5,000 terms";

    [GlobalSetup]
    public void Setup()
    {
        _source = Workload == "5,000 terms"
            ? "using System; using NetGen; namespace Long; public static partial class Q { [Differentiable] public static double F(double x) => " +
              string.Join(" + ", Enumerable.Range(1, 5000).Select(i => "x * " + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "; }"
            : Functions;
        string runtime = typeof(NetworkAttribute).Assembly.Location;
        if (Generator == ThisBuild)
        {
            _generator = new NetGenGenerator().AsSourceGenerator();
        }
        else
        {
            string directory = Others().Single(o => o.Label == Generator).Directory;
            Assembly assembly = new GeneratorContext(directory).LoadFromAssemblyPath(Path.Combine(directory, "NetGen.Generator.dll"));
            _generator = ((IIncrementalGenerator)Activator.CreateInstance(assembly.GetType("NetGen.Generator.NetGenGenerator", throwOnError: true)!)!).AsSourceGenerator();
            runtime = Path.Combine(directory, "NetGen.Runtime.dll");
        }

        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        _references = trusted.Split(Path.PathSeparator)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(runtime))
            .ToArray();
        if (Generate() < 1)
        {
            throw new InvalidOperationException("nothing was generated");
        }
    }

    [Benchmark(Description = "parse, bind and generate (fresh compilation, fresh driver)")]
    public int Generate()
    {
        var compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText(_source, new CSharpParseOptions(LanguageVersion.Latest)) }, _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(_generator!).RunGenerators(compilation);
        GeneratorRunResult result = driver.GetRunResult().Results[0];
        if (result.Exception is not null || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("the generator failed: " + result.Exception + string.Join("; ", result.Diagnostics));
        }

        return result.GeneratedSources.Length;
    }

    private static IEnumerable<(string Label, string Directory)> Others() =>
        (Environment.GetEnvironmentVariable("NETGEN_OTHER_GENERATORS") ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split('=', 2))
            .Select(pair => (pair[0], pair[1]));

    /// <summary>Loads one build's <c>NetGen.Generator</c>; everything else (Roslyn) comes from the default context.</summary>
    private sealed class GeneratorContext : AssemblyLoadContext
    {
        private readonly string _directory;

        public GeneratorContext(string directory)
            : base("NetGen.Generator at " + directory) => _directory = directory;

        protected override Assembly? Load(AssemblyName name) =>
            name.Name == "NetGen.Generator" ? LoadFromAssemblyPath(Path.Combine(_directory, "NetGen.Generator.dll")) : null;
    }
}
