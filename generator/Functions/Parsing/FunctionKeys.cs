using System.Linq;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>How methods and types are named across the pipeline: keys (exact identities) and display names.</summary>
internal static class FunctionKeys
{
    /// <summary>A method's identity: its documentation id.</summary>
    public static string Key(IMethodSymbol method)
    {
        IMethodSymbol definition = method.OriginalDefinition;
        return definition.GetDocumentationCommentId() ?? definition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
    }

    /// <summary>A type's identity, as <c>TypeSpec.Key</c> writes it: <c>Namespace.Outer+Type</c> with metadata names.</summary>
    public static string TypeKey(INamedTypeSymbol type)
    {
        var chain = new System.Collections.Generic.List<string>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            chain.Insert(0, current.MetadataName);
        }

        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        return ns + string.Join("+", chain);
    }

    /// <summary>
    /// <c>Type.Method</c>, with the parameter types when the method is overloaded
    /// (<c>Q.F(double, double)</c>), so that a cycle through overloads reads unambiguously.
    /// </summary>
    public static string DisplayName(IMethodSymbol method)
    {
        string name = method.ContainingType is { } type ? type.Name + "." + method.Name : method.Name;
        bool overloaded = method.ContainingType is { } container && container.GetMembers(method.Name).OfType<IMethodSymbol>().Skip(1).Any();
        return overloaded
            ? name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")"
            : name;
    }
}
