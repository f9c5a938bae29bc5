using System;
using System.Diagnostics;
using System.Linq;
using NetGen.CompilerServices;
using Xunit;

namespace NetGen.Tests;



/// <summary>The generator's time and memory: linear in the body, bounded before any code is written.</summary>
[Collection(SizeTests.Timing)]
public class SizeTests
{
    /// <summary>Tests that time the generator run alone (no other test of this project beside them).</summary>
    public const string Timing = "Timing";

    [Fact]
    public void DifferentiableGenerationIsLinearInTheBodyLength()
    {
        static string Body(int n) =>
            "using System;\nusing NetGen;\nnamespace Long;\npublic static partial class Q\n{\n    [Differentiable]\n    public static double F(double x) => " +
            string.Join(" + ", Enumerable.Range(1, n).Select(i => "x * " + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ";\n}\n";

        Time(Body(200)); // warm up the generator and the compiler
        double small = Enumerable.Range(0, 5).Min(_ => Time(Body(1000)));
        double large = Enumerable.Range(0, 5).Min(_ => Time(Body(5000)));
        Assert.True(large < 2.0, $"n = 5,000 took {large:F2} s");
        Assert.True(large / small < 15, $"n = 1,000 took {small:F3} s, n = 5,000 took {large:F3} s: ratio {large / small:F1}");

        static double Time(string source)
        {
            Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.Compilation(source);
            Microsoft.CodeAnalysis.GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
            Microsoft.CodeAnalysis.GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            Assert.Empty(result.Diagnostics);
            Assert.Single(result.GeneratedSources);
            return driver.GetTimingInfo().ElapsedTime.TotalSeconds; // the generator's own time, as the compiler measures it
        }
    }

    /// <summary>20,000 lines of network definitions (4,000 networks): all generated, in bounded time.</summary>
    [Fact]
    public void TwentyThousandLinesOfDefinitionsGenerate()
    {
        var source = new System.Text.StringBuilder("using NetGen;\nnamespace Many;\n");
        for (int i = 0; i < 4000; i++)
        {
            source.Append("[Network(2)]\n[Dense(3, Activation.ReLU)]\n[Dense(1)]\npublic partial class Net").Append(i).Append(" { }\n\n");
        }

        Assert.True(source.ToString().Split('\n').Length > 20_000);
        var watch = Stopwatch.StartNew();
        GeneratorHarness.Run run = GeneratorHarness.Generate(source.ToString());
        watch.Stop();
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(4000, run.Sources.Count);
        Assert.Equal(4000, run.Sources.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.True(watch.Elapsed.TotalSeconds < 30, $"took {watch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Every rejected size is rejected before any code is written: a few MB at most, whatever the size asked for.</summary>
    [Theory]
    [InlineData("[Network(int.MaxValue)] [Dense(int.MaxValue)] [Dense(int.MaxValue)] [Dense(int.MaxValue)]")]
    [InlineData("[Network(200000, Emit = EmitStyle.StraightLine)]")]
    [InlineData("[Network(65536)] [Dense(65536)]")]
    [InlineData("[Network(4)] [Dense(1000000)]")]
    [InlineData("[Network(5000, Emit = EmitStyle.StraightLine)] [Dense(1)]")]
    [InlineData("[Network(1, 1000, 1000, Emit = EmitStyle.StraightLine)] [Conv2D(8, 3, Padding = 1)] [Dense(2)]")]
    [InlineData("[Network(1, 40000, 40000, Emit = EmitStyle.StraightLine)] [MaxPool2D(40000)]")]
    public void RejectedSizesCostNoMemory(string attributes)
    {
        string source = "using NetGen;\nnamespace Huge;\n" + attributes + "\npublic partial class Net { }\n";
        GeneratorHarness.Generate(source); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        GeneratorHarness.Run run = GeneratorHarness.Generate(source);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("NETGEN009", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.Sources);
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated:N0} bytes");
    }}

[CollectionDefinition(SizeTests.Timing, DisableParallelization = true)]
public sealed class TimingCollection
{
}
