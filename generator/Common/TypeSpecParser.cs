using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.Generator.Common;

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

        if (chain.Any(t => t.IsImplicitlyDeclared || !SyntaxFacts.IsValidIdentifier(t.Name)) || !ValidNamespace(type.ContainingNamespace))
        {
            return null; // e.g. a method in top-level code after a syntax error: the compiler reports it
        }

        if (chain.FirstOrDefault(t => t.IsFileLocal) is { } fileLocal)
        {
            // A file-local type's generated part would be another type (file types are per file).
            SyntaxNode? declaration = fileLocal.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.FileLocalType,
                declaration is TypeDeclarationSyntax typeDeclaration ? LocationInfo.From(typeDeclaration.Identifier) : LocationInfo.From(fileLocal.Locations.FirstOrDefault()),
                fileLocal.Name,
                purpose));
            return null;
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
        string readable = string.Join(".", (ns.Length == 0 ? Enumerable.Empty<string>() : new[] { ns }).Concat(chain.Select(t => t.Name)));
        string key = (ns.Length == 0 ? string.Empty : ns + ".") + string.Join("+", chain.Select(t => t.MetadataName));
        bool marked = type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute");
        return new TypeSpec(ns, declarations, Escape(type.Name), readable, key, marked);
    }

    /// <summary>At most this many characters of the readable part of a hint name (paths stay short on every OS).</summary>
    private const int MaxReadableHint = 96;

    /// <summary>
    /// The hint name of a generated file: the readable name (ASCII letters, digits, '.', '_' only,
    /// shortened), a dot, and 8 hex digits of the FNV-1a hash of <paramref name="key"/>, the exact
    /// identity of the definition (metadata name, with parameter types for a method). Roslyn
    /// compares hint names ignoring case; two definitions whose names differ only in case, in
    /// characters replaced here, or in Unicode normalization still get different names because their
    /// keys differ. The same definition always gets the same name.
    /// </summary>
    public static string HintName(string readable, string key)
    {
        var text = new StringBuilder(readable.Length + 9);
        foreach (char c in readable.Replace("@", string.Empty))
        {
            if (text.Length == MaxReadableHint)
            {
                break;
            }

            text.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' ? c : '_');
        }

        uint hash = 2166136261;
        foreach (char c in key)
        {
            hash = (hash ^ c) * 16777619;
        }

        return text.Append('.').Append(hash.ToString("x8", CultureInfo.InvariantCulture)).ToString();
    }

    /// <summary>False for a namespace with a missing or invalid name (<c>namespace ;</c> while typing).</summary>
    private static bool ValidNamespace(INamespaceSymbol? ns)
    {
        for (; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (!SyntaxFacts.IsValidIdentifier(ns.Name))
            {
                return false;
            }
        }

        return true;
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

    /// <summary>
    /// The identifier as generated code writes it: '@' before keywords and contextual keywords
    /// (<c>@class</c>, <c>@file</c>, <c>@record</c>), so that a name the user escaped does not become
    /// a keyword, an error (CS9056) or a warning (CS8860) in the generated part.
    /// </summary>
    public static string Escape(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) != SyntaxKind.None
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
