using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The generator's shape, checked on its own source with Roslyn's semantic model: each folder is a
/// namespace, folders depend on each other without cycles, the network and function features never
/// reach into each other, and no method is longer than a screen.
/// </summary>
public class ArchitectureTests
{
    private const int MaxMethodLines = 100;

    private static readonly Lazy<(CSharpCompilation Compilation, string Root)> Generator = new(() =>
    {
        string root = Path.GetFullPath(Path.Combine(typeof(ArchitectureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryDirectory").Value!, "generator"));
        var trees = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), f))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Compilation).Assembly.Location)
            .Append(typeof(CSharpCompilation).Assembly.Location)
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        return (CSharpCompilation.Create("generator", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)), root);
    });

    /// <summary>The folder of a file, relative to generator/ ("" for the pipeline's own files).</summary>
    private static string Folder(string path) =>
        Path.GetDirectoryName(Path.GetRelativePath(Generator.Value.Root, path))!.Replace(Path.DirectorySeparatorChar, '/');

    private static string NamespaceFolder(string ns) =>
        ns == "NetGen.Generator" ? string.Empty : ns.StartsWith("NetGen.Generator.", StringComparison.Ordinal) ? ns.Substring("NetGen.Generator.".Length).Replace('.', '/') : "<outside>";

    [Fact]
    public void EachFolderIsOneNamespace()
    {
        var wrong = new List<string>();
        foreach (SyntaxTree tree in Generator.Value.Compilation.SyntaxTrees)
        {
            foreach (BaseNamespaceDeclarationSyntax ns in tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            {
                // Polyfills of framework types (IsExternalInit for netstandard2.0) keep the framework's namespace.
                if (NamespaceFolder(ns.Name.ToString()) != Folder(tree.FilePath) && !ns.Name.ToString().StartsWith("System.", StringComparison.Ordinal))
                {
                    wrong.Add(Path.GetRelativePath(Generator.Value.Root, tree.FilePath) + " declares " + ns.Name);
                }
            }
        }

        Assert.True(wrong.Count == 0, "namespaces that do not match their folder: " + string.Join("; ", wrong));
    }

    [Fact]
    public void FoldersDependOnEachOtherWithoutCycles()
    {
        Dictionary<string, HashSet<string>> edges = Dependencies();
        var cycles = new List<string>();
        foreach (string from in edges.Keys)
        {
            foreach (string to in edges[from])
            {
                if (Reaches(edges, to, from, new HashSet<string>()))
                {
                    cycles.Add(Show(from) + " → " + Show(to));
                }
            }
        }

        Assert.True(cycles.Count == 0, "folder dependencies on a cycle: " + string.Join(", ", cycles.Distinct()));
    }

    [Fact]
    public void NetworksAndFunctionsNeverMeet()
    {
        var crossings = Dependencies()
            .SelectMany(e => e.Value.Select(to => (From: e.Key, To: to)))
            .Where(d => (Feature(d.From), Feature(d.To)) is ("Networks", "Functions") or ("Functions", "Networks") || Feature(d.From) == "Common" && Feature(d.To) != "Common")
            .Select(d => Show(d.From) + " → " + Show(d.To))
            .ToList();
        Assert.True(crossings.Count == 0, "dependencies across features (Common depends on nothing, Networks and Functions not on each other): " + string.Join(", ", crossings));
    }

    [Fact]
    public void NoMethodIsLongerThanAScreen()
    {
        var longMethods = new List<string>();
        foreach (SyntaxTree tree in Generator.Value.Compilation.SyntaxTrees)
        {
            foreach (SyntaxNode member in tree.GetRoot().DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or PropertyDeclarationSyntax { ExpressionBody: not null }))
            {
                FileLinePositionSpan span = member.GetLocation().GetLineSpan();
                int lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
                if (lines > MaxMethodLines)
                {
                    longMethods.Add($"{Path.GetRelativePath(Generator.Value.Root, tree.FilePath)}:{span.StartLinePosition.Line + 1} ({lines} lines)");
                }
            }
        }

        Assert.True(longMethods.Count == 0, $"methods longer than {MaxMethodLines} lines: " + string.Join(", ", longMethods));
    }

    [Fact]
    public void TheGeneratorSourceBindsWithoutErrors()
    {
        // The checks above read symbols; a source that does not bind would make them pass vacuously.
        var errors = Generator.Value.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        Assert.True(Dependencies().Count >= 10, "too few folders found: the generator's layout changed, or the test reads the wrong directory");
    }

    private static string Feature(string folder) => folder.Split('/')[0] switch
    {
        "" => "Pipeline",
        var f => f,
    };

    private static string Show(string folder) => folder.Length == 0 ? "generator/" : folder + "/";

    private static bool Reaches(Dictionary<string, HashSet<string>> edges, string from, string target, HashSet<string> seen)
    {
        if (from == target)
        {
            return true;
        }

        return seen.Add(from) && edges.TryGetValue(from, out HashSet<string>? next) && next.Any(n => Reaches(edges, n, target, seen));
    }

    /// <summary>Folder → the folders whose types it names (through any identifier the semantic model binds).</summary>
    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var edges = new Dictionary<string, HashSet<string>>();
        CSharpCompilation compilation = Generator.Value.Compilation;
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            string from = Folder(tree.FilePath);
            if (!edges.TryGetValue(from, out HashSet<string>? to))
            {
                edges[from] = to = new HashSet<string>();
            }

            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                while (type?.ContainingType is { } outer)
                {
                    type = outer;
                }

                // Polyfills of framework types (IsExternalInit, the interpolated-string handler attributes) keep the
                // framework's namespace: the compiler's, not a feature's.
                if (type?.ContainingAssembly?.Name == "generator" && !type.ContainingNamespace.ToDisplayString().StartsWith("System.", StringComparison.Ordinal))
                {
                    string target = NamespaceFolder(type.ContainingNamespace.ToDisplayString());
                    if (target != from)
                    {
                        to.Add(target);
                    }
                }
            }
        }

        return edges;
    }
}
