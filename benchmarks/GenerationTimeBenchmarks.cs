using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;

namespace NetGen.Benchmarks;

/// <summary>
/// What generating <c>[Differentiable]</c> code costs, binding included: one driver run over a fresh
/// compilation (as a build does; an IDE edit re-runs only the changed method). Two workloads: a
/// 5,000-term expression <c>x * 1 + x * 2 + …</c> (the size the linearity test uses), and four
/// methods with a loop, a branch and a Hessian beside the assignment network. Written against the
/// generator's public surface only, so that the same file measures an older generator
/// (docs/benchmarks/GenerationTimeBenchmarks.md says how).
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

    private MetadataReference[] _references = Array.Empty<MetadataReference>();
    private string _source = string.Empty;

    [Params("5,000 terms", "loops, branch, Hessian")]
    public string Workload { get; set; } = "5,000 terms";

    [GlobalSetup]
    public void Setup()
    {
        _source = Workload == "5,000 terms"
            ? "using System; using NetGen; namespace Long; public static partial class Q { [Differentiable] public static double F(double x) => " +
              string.Join(" + ", Enumerable.Range(1, 5000).Select(i => "x * " + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "; }"
            : Functions;
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        _references = trusted.Split(Path.PathSeparator)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location))
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
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new NetGenGenerator()).RunGenerators(compilation);
        GeneratorRunResult result = driver.GetRunResult().Results[0];
        if (result.Exception is not null || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("the generator failed: " + result.Exception + string.Join("; ", result.Diagnostics));
        }

        return result.GeneratedSources.Length;
    }
}
