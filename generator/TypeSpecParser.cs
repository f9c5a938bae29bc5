using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>Reads where generated members go (namespace, enclosing partial types) and checks they can go there.</summary>
internal static class TypeSpecParser
{
    private static readonly SymbolDisplayFormat NamespaceFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>
    /// Builds the <see cref="TypeSpec"/> of <paramref name="type"/>, or adds NETGEN001 for a type in the
    /// chain that is not partial and returns null.
    /// </summary>
    public static TypeSpec? Parse(INamedTypeSymbol type, string purpose, List<DiagnosticInfo> diagnostics)
    {
        var chain = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            chain.Insert(0, current);
        }

        if (chain.Any(t => t.IsImplicitlyDeclared || !SyntaxFacts.IsValidIdentifier(t.Name)))
        {
            return null; // e.g. a method in top-level code after a syntax error: the compiler reports it
        }

        bool ok = true;
        foreach (INamedTypeSymbol member in chain)
        {
            foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration &&
                    !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.TypeNotPartial,
                        LocationInfo.From(declaration.Identifier),
                        member.Name,
                        ReferenceEquals(member, type) ? purpose : "the type '" + type.Name + "' nested in it"));
                    ok = false;
                    break;
                }
            }
        }

        if (!ok)
        {
            return null;
        }

        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(NamespaceFormat)
            : string.Empty;
        var declarations = chain.Select(Declaration).ToEquatableArray();
        string hint = string.Join(".", (ns.Length == 0 ? Enumerable.Empty<string>() : new[] { ns }).Concat(chain.Select(t => t.Name)));
        return new TypeSpec(ns, declarations, Escape(type.Name), HintName(hint));
    }

    /// <summary>Keeps a hint name to the characters Roslyn accepts in one.</summary>
    public static string HintName(string name)
    {
        var text = new System.Text.StringBuilder(name.Length);
        foreach (char c in name.Replace("@", string.Empty))
        {
            text.Append(char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        return text.ToString();
    }

    /// <summary>True when the type or any type containing it has type parameters.</summary>
    public static bool IsGeneric(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    public static string Escape(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) == SyntaxKind.VarKeyword
            ? "@" + identifier
            : identifier;

    private static string Declaration(INamedTypeSymbol type)
    {
        string keyword = type.TypeKind switch
        {
            TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
            TypeKind.Interface => "interface",
            _ => type.IsRecord ? "record" : "class",
        };
        return "partial " + keyword + " " + Escape(type.Name);
    }
}
