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
