using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;
using Xunit;

namespace NetGen.Tests;

/// <summary>Runs the generator in memory on source text, as the compiler would.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Private.CoreLib.dll" or "System.Runtime.dll" or "System.Console.dll" or "System.Linq.dll" or "System.Collections.dll" or "System.Runtime.Intrinsics.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location))
            .ToImmutableArray();
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Input",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"File{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

    public static GeneratorDriver Driver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new NetGenGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>The result of one generator run over <paramref name="sources"/>.</summary>
    public static Run Generate(params string[] sources)
    {
        CSharpCompilation input = Compilation(sources);
        GeneratorDriver driver = Driver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        return new Run(input, output, driverDiagnostics, result);
    }

    internal sealed record Run(Compilation Input, Compilation Output, ImmutableArray<Diagnostic> DriverDiagnostics, GeneratorDriverRunResult Result)
    {
        public IReadOnlyList<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

        public IReadOnlyDictionary<string, string> Sources =>
            Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

        /// <summary>The generated source of the definition named <paramref name="readableName"/> (<c>Demo.Net</c>, <c>Demo.Q.F</c>).</summary>
        public string Source(string readableName)
        {
            string[] matches = Sources.Keys.Where(k => IsHintOf(k, readableName)).ToArray();
            Assert.True(matches.Length == 1, $"expected one generated file for {readableName}; found: {string.Join(", ", Sources.Keys)}");
            return Sources[matches[0]];
        }

        /// <summary>Whether a definition named <paramref name="readableName"/> was generated.</summary>
        public bool Generated(string readableName) => Sources.Keys.Any(k => IsHintOf(k, readableName));

        /// <summary>Hint names are <c>Readable.xxxxxxxx.g.cs</c> (see TypeSpecParser.HintName).</summary>
        public static bool IsHintOf(string hintName, string readableName) =>
            hintName.Length == readableName.Length + 14 && hintName.StartsWith(readableName + ".", StringComparison.Ordinal) && hintName.EndsWith(".g.cs", StringComparison.Ordinal);

        public Exception? Exception => Result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);

        /// <summary>Compiler errors in the output compilation (user code plus generated code).</summary>
        public IReadOnlyList<Diagnostic> CompilationErrors =>
            Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        public Assembly Load()
        {
            using var stream = new MemoryStream();
            var emit = Output.Emit(stream);
            if (!emit.Success)
            {
                throw new InvalidOperationException(string.Join(Environment.NewLine, emit.Diagnostics));
            }

            return Assembly.Load(stream.ToArray());
        }
    }
}
