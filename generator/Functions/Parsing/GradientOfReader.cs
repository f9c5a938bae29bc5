using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>
/// <c>[GradientOf(nameof(G))]</c>: a derivative the user writes by hand for a method G that NetGen does
/// not differentiate itself, of the shape NetGen would generate for G (G's parameters, then one
/// derivative per differentiated parameter: <c>out double dX</c> for a double, <c>Span&lt;double&gt; dXs</c>
/// for a span; G's value returned).
/// </summary>
internal static class GradientOfReader
{
    /// <summary>The user's gradient of <paramref name="target"/>, if its type declares one of the right shape.</summary>
    public static IMethodSymbol? Find(IMethodSymbol target) =>
        target.ContainingType?.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => NameOf(m) == target.Name && HasShape(m, target));

    /// <summary>The name a method's <c>[GradientOf]</c> names, or null.</summary>
    public static string? NameOf(IMethodSymbol method) =>
        method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == FunctionAttributes.GradientOf) is { ConstructorArguments.Length: 1 } attribute &&
        attribute.ConstructorArguments[0].Value is string name
            ? name
            : null;

    /// <summary>Whether G's parameter gets a derivative: a double or float, or a span of them, not [NoGradient].</summary>
    public static bool Differentiated(IParameterSymbol parameter) =>
        parameter.RefKind == RefKind.None && !FunctionAttributes.IsNoGradient(parameter) &&
        (BodyReader.ScalarOf(parameter.Type) is ScalarType.Double or ScalarType.Single || BodyReader.SpanOf(parameter.Type) is { Writable: false });

    /// <summary>Whether <paramref name="gradient"/> has the shape NetGen would generate for <paramref name="target"/>.</summary>
    public static bool HasShape(IMethodSymbol gradient, IMethodSymbol target)
    {
        if (!gradient.IsStatic || gradient.IsGenericMethod || !target.IsStatic || target.IsGenericMethod ||
            BodyReader.ScalarOf(target.ReturnType) is not (ScalarType.Double or ScalarType.Single) ||
            !SymbolEqualityComparer.Default.Equals(gradient.ReturnType, target.ReturnType))
        {
            return false;
        }

        IParameterSymbol[] differentiated = target.Parameters.Where(Differentiated).ToArray();
        if (gradient.Parameters.Length != target.Parameters.Length + differentiated.Length)
        {
            return false;
        }

        for (int i = 0; i < target.Parameters.Length; i++)
        {
            IParameterSymbol p = target.Parameters[i], q = gradient.Parameters[i];
            if (q.RefKind != RefKind.None || p.RefKind != RefKind.None || !SymbolEqualityComparer.Default.Equals(p.Type, q.Type))
            {
                return false;
            }
        }

        for (int j = 0; j < differentiated.Length; j++)
        {
            IParameterSymbol p = differentiated[j], d = gradient.Parameters[target.Parameters.Length + j];
            bool fits = BodyReader.SpanOf(p.Type) is { } span
                ? d.RefKind == RefKind.None && BodyReader.SpanOf(d.Type) is { Writable: true } ds && ds.Element == span.Element
                : d.RefKind == RefKind.Out && SymbolEqualityComparer.Default.Equals(d.Type, p.Type);
            if (!fits)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The signature NetGen expects for the gradient of <paramref name="target"/>, for messages.</summary>
    public static string Expected(string name, IMethodSymbol target)
    {
        IEnumerable<string> parameters = target.Parameters.Select(p => p.Type.ToDisplayString() + " " + p.Name)
            .Concat(target.Parameters.Where(Differentiated).Select(p => BodyReader.SpanOf(p.Type) is { } s
                ? "Span<" + (s.Element == ScalarType.Single ? "float" : "double") + "> " + MemberNames.Derivative(p.Name)
                : "out " + p.Type.ToDisplayString() + " " + MemberNames.Derivative(p.Name)));
        return "static " + target.ReturnType.ToDisplayString() + " " + name + "(" + string.Join(", ", parameters) + ")";
    }

    /// <summary>NETGEN033 for a <c>[GradientOf]</c> method whose shape fits no method of the name it gives.</summary>
    public static EquatableArray<DiagnosticInfo> Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        string? name = NameOf(method);
        if (name is null || method.ContainingType is null)
        {
            return EquatableArray<DiagnosticInfo>.Empty; // the compiler reports the malformed attribute
        }

        IMethodSymbol[] targets = method.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToArray();
        if (targets.Any(t => HasShape(method, t)))
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        string expected = targets.Length == 0
            ? "'" + method.ContainingType.Name + "' has no method '" + name + "'; [GradientOf] names a method of the same type"
            : targets[0].IsStatic && BodyReader.ScalarOf(targets[0].ReturnType) is ScalarType.Double or ScalarType.Single
                ? "it must be '" + Expected(method.Name, targets[0]) + "': " + name + "'s parameters, then one derivative per double or span parameter not marked [NoGradient] ('out double' for a double, 'Span<double>' for a span), returning " + name + "'s value"
                : "'" + name + "' must be static and return double or float";
        return new[] { DiagnosticInfo.Create(DiagnosticDescriptors.GradientOfShape, LocationInfo.From(syntax.Identifier), method.Name, name, expected) }.ToEquatableArray();
    }
}
