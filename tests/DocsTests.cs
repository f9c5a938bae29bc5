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
    private static string Readme => File.ReadAllText(Path.Combine(SnapshotTests.ProjectDirectory, "..", "README.md"));

    [Fact]
    public void TheReadmeTrainingProgramCompilesAndTrainsXor()
    {
        string section = Readme.Substring(Readme.IndexOf("## Training", StringComparison.Ordinal));
        string program = Regex.Match(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("Trainer.Fit", program, StringComparison.Ordinal);

        // A new console project (dotnet new console) has these implicit global usings.
        const string ImplicitUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation input = GeneratorHarness.Compilation(program, ImplicitUsings)
            .WithOptions(GeneratorHarness.Compilation().Options.WithOutputKind(OutputKind.ConsoleApplication))
            .AddReferences(MetadataReference.CreateFromFile(typeof(Console).Assembly.Location));
        GeneratorDriver driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
        var run = new GeneratorHarness.Run(input, output, default, driver.GetRunResult());
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

        string directory = Path.Combine(Path.GetTempPath(), "netgen-docs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
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
            Assert.True(File.Exists(Path.Combine(directory, "xor.safetensors")));
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = previous;
            Directory.Delete(directory, recursive: true);
        }

        Match printed = Regex.Match(captured.ToString(), @"loss ([0-9.]+), y\(1, 0\) = ([0-9.-]+)");
        Assert.True(printed.Success, captured.ToString());
        Assert.True(double.Parse(printed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 0.01);
        Assert.InRange(double.Parse(printed.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 0.8, 1.2);
    }
}

/// <summary>Tests that redirect Console.Out run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
