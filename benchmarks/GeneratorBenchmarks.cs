using System;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;

namespace NetGen.Benchmarks;

/// <summary>What the generator costs a build: a full run over a compilation with 50 networks and 50 functions.</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation? _compilation;

    [GlobalSetup]
    public void Setup()
    {
        var source = new StringBuilder("using System;\nusing NetGen;\nnamespace Many;\n");
        string[] activations = { "ReLU", "Sigmoid", "Tanh", "Identity" };
        for (int i = 0; i < 50; i++)
        {
            source.Append($"[Network({2 + i % 7}, Loss = Loss.{(i % 3 == 0 ? "SoftmaxCrossEntropy" : "HalfSquaredError")})]\n");
            source.Append($"[Dense({3 + i % 5}, Activation.{activations[i % 4]})]\n");
            source.Append($"[Dense({1 + i % 4})]\n");
            source.Append($"public partial class Net{i} {{ }}\n");
        }

        source.Append("public static partial class Functions\n{\n");
        for (int i = 0; i < 50; i++)
        {
            source.Append($"    [Differentiable] public static double F{i}(double x, double y) => Math.Exp(-x * y) * Math.Sin(x + {i}) + x * x / (1 + y * y);\n");
        }

        source.Append("}\n");
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        MetadataReference[] references = trusted.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Private.CoreLib.dll" or "System.Runtime.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location))
            .ToArray();
        _compilation = CSharpCompilation.Create("Many", new[] { CSharpSyntaxTree.ParseText(source.ToString()) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        if (Run() != 100)
        {
            throw new InvalidOperationException("expected 100 generated files");
        }
    }

    [Benchmark(Description = "generate 50 networks + 50 functions (fresh driver)")]
    public int Run()
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new NetGenGenerator());
        return driver.RunGenerators(_compilation!).GetRunResult().GeneratedTrees.Length;
    }
}

/// <summary>
/// Build cost by size and form: generating one network and compiling the result to IL (Roslyn emit).
/// The JIT's cost comes on top at first call; the scale benchmarks' warm-up absorbs it.
/// </summary>
[MemoryDiagnoser]
public class BuildCostBenchmarks
{
    private CSharpCompilation? _compilation;

    [Params("2-3-1", "8-16-4", "32-64-10", "64-128-10", "784-128-10")]
    public string Shape { get; set; } = "2-3-1";

    [Params("StraightLine", "Loops")]
    public string Form { get; set; } = "Loops";

    [GlobalSetup]
    public void Setup()
    {
        int[] sizes = Array.ConvertAll(Shape.Split('-'), int.Parse);
        var source = new StringBuilder("using NetGen;\n");
        source.Append($"[Network({sizes[0]}, Emit = EmitStyle.{Form})]\n");
        for (int i = 1; i < sizes.Length; i++)
        {
            source.Append($"[Dense({sizes[i]}{(i < sizes.Length - 1 ? ", Activation.Tanh" : string.Empty)})]\n");
        }

        source.Append("public partial class Net { }\n");
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        MetadataReference[] references = trusted.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Private.CoreLib.dll" or "System.Runtime.dll" or "System.Memory.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location))
            .ToArray();
        _compilation = CSharpCompilation.Create("One", new[] { CSharpSyntaxTree.ParseText(source.ToString()) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new NetGenGenerator());
        driver.RunGeneratorsAndUpdateCompilation(_compilation, out Compilation output, out _);
        Generated = output.SyntaxTrees.Count() > 1;
        GeneratedLines = Generated ? output.SyntaxTrees.Last().GetText().Lines.Count : 0;
        Console.WriteLine($"// {Shape} {Form}: {GeneratedLines} generated lines");
    }

    public int GeneratedLines { get; private set; }

    /// <summary>False where the form does not apply (784-128-10 is over the straight-line limit: NETGEN009).</summary>
    public bool Generated { get; private set; }

    [Benchmark(Description = "generate + compile one network")]
    public long GenerateAndCompile()
    {
        if (!Generated)
        {
            return 0;
        }

        GeneratorDriver driver = CSharpGeneratorDriver.Create(new NetGenGenerator());
        driver.RunGeneratorsAndUpdateCompilation(_compilation!, out Compilation output, out _);
        using var stream = new MemoryStream();
        var result = output.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        return stream.Length;
    }
}
