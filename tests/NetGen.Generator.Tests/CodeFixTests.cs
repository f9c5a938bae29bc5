using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using NetGen.CodeFixes;
using NetGen.Generator;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The IDE's light-bulb fixes, with Microsoft.CodeAnalysis.CSharp.CodeFix.Testing: the diagnostic at
/// its span before, the source after (with no NETGEN error left), and Fix All. The IDE offers code
/// fixes for a source generator's diagnostics (Roslyn 4.7+, dotnet/roslyn#67953); the testing library
/// takes fixable diagnostics from analyzers only, so <see cref="GeneratorDiagnostics"/> runs the
/// real generator and passes its diagnostics on, as the IDE does.
/// </summary>
public class CodeFixTests
{
    private const string Usings = "using System;\nusing NetGen;\n\nnamespace Demo;\n\n";

    [Fact]
    public Task PartialIsAddedToTheClassAndEveryContainingType() => Verify(
        """
        public class {|NETGEN001:Outer|}
        {
            [Network(2)]
            [Dense(1)]
            public class {|NETGEN001:Net|} { }
        }
        """,
        """
        public partial class Outer
        {
            [Network(2)]
            [Dense(1)]
            public partial class Net { }
        }
        """);

    [Fact]
    public Task PartialIsAddedToAClassWithoutModifiers() => Verify(
        """
        static class {|NETGEN001:Q|}
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """,
        """
        static partial class Q
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """);

    [Fact]
    public Task NetworkIsAddedAboveTheLayers() => Verify(
        """
        [{|NETGEN002:Dense(3, Activation.ReLU)|}]
        [Dense(1)]
        public partial class Net { }
        """,
        """
        [Network(3)]
        [Dense(3, Activation.ReLU)]
        [Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task AResidualLayerOfAnotherSizeLosesResidual() => Verify(
        """
        [Network(3)]
        [Dense(4, Activation.ReLU, Residual = {|NETGEN017:true|})]
        [LayerNorm]
        [Dense(1)]
        public partial class Net { }
        """,
        """
        [Network(3)]
        [Dense(4, Activation.ReLU)]
        [LayerNorm]
        [Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task StraightLineBeyondItsCeilingBecomesLoops() => Verify(
        """
        [Network(200, Emit = {|NETGEN009:EmitStyle.StraightLine|})]
        [Dense(100)]
        public partial class Net { }
        """,
        """
        [Network(200, Emit = EmitStyle.Loops)]
        [Dense(100)]
        public partial class Net { }
        """);

    [Fact]
    public Task AFileLocalNetworkBecomesInternal() => Verify(
        """
        [Network(2)]
        [Dense(1)]
        file partial class {|NETGEN013:Net|} { }
        """,
        """
        [Network(2)]
        [Dense(1)]
        internal partial class Net { }
        """);

    [Fact]
    public Task StaticIsAddedAfterTheAccessibility() => Verify(
        """
        public partial class Q
        {
            [Differentiable]
            public double {|NETGEN020:F|}(double x) => x * x;
        }
        """,
        """
        public partial class Q
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """);

    [Fact]
    public Task FixAllMakesEveryNetworkPartial() => Verify(
        """
        [Network(2)]
        [Dense(1)]
        public class {|NETGEN001:A|} { }

        [Network(3)]
        [Dense(2, Activation.Tanh)]
        internal sealed class {|NETGEN001:B|} { }

        public static class {|NETGEN001:C|}
        {
            [Differentiable]
            public static double F(double x) => x;
        }
        """,
        """
        [Network(2)]
        [Dense(1)]
        public partial class A { }

        [Network(3)]
        [Dense(2, Activation.Tanh)]
        internal sealed partial class B { }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => x;
        }
        """);

    private static async Task Verify(string before, string after)
    {
        var test = new Test
        {
            TestCode = Usings + before,
            FixedCode = Usings + after,
        };
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>The fix provider with NetGen's generator as the source of diagnostics, and the runtime's attributes referenced.</summary>
    private sealed class Test : CSharpCodeFixTest<GeneratorDiagnostics, NetGenCodeFixProvider, DefaultVerifier>
    {
        public Test()
        {
            // The platform's own assemblies, as the in-memory generator harness uses: nothing is downloaded.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(PlatformReferences);
            FixedState.AdditionalReferences.AddRange(PlatformReferences);
            CompilerDiagnostics = CompilerDiagnostics.Errors;
        }

        private static MetadataReference[] PlatformReferences => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Private.CoreLib.dll" or "System.Runtime.dll" or "System.Console.dll" or "System.Linq.dll" or "System.Collections.dll" or "netstandard.dll" or "System.Memory.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location))
            .ToArray();
    }
}

/// <summary>Runs NetGen's generator over the compilation and reports its diagnostics, as the IDE passes them to code fixes.</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorDiagnostics : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        NetGen.Generator.Common.DiagnosticDescriptors.Descriptors.ToImmutableArray();

    public override void Initialize(Microsoft.CodeAnalysis.Diagnostics.AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(Microsoft.CodeAnalysis.Diagnostics.GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSemanticModelAction(model =>
        {
            // Per document, so that each diagnostic is local to the tree it is in (as fixes need).
            GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(model.SemanticModel.Compilation, model.CancellationToken);
            foreach (Diagnostic diagnostic in driver.GetRunResult().Diagnostics)
            {
                if (diagnostic.Location.GetLineSpan().Path == model.SemanticModel.SyntaxTree.FilePath)
                {
                    model.ReportDiagnostic(Diagnostic.Create(diagnostic.Descriptor, Location.Create(model.SemanticModel.SyntaxTree, diagnostic.Location.SourceSpan), diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        });
    }
}
