using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>What a <c>[Differentiable]</c> method's declaration must be: static, not generic, with parameters and a result NetGen can differentiate, and room for the members it generates.</summary>
internal static class SignatureChecks
{
    public static void Check(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        string name = method.Name;
        LocationInfo? identifier = LocationInfo.From(syntax.Identifier);
        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotStatic, identifier, name));
        }

        if (method.TypeParameters.Length > 0 || TypeSpecParser.IsGeneric(method.ContainingType))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericFunction, (SyntaxNode?)syntax.TypeParameterList ?? syntax, name));
        }

        CheckResult(method, syntax, diagnostics);
        CheckParameters(method, syntax, diagnostics);
        CheckOrder(method, syntax, identifier, diagnostics, cancellationToken);
        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoBody, identifier, name));
        }

        CheckNames(method, diagnostics);
    }

    private static void CheckResult(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        bool outputs = method.Parameters.Any(p => BodyReader.SpanOf(p.Type) is { Writable: true });
        bool real = BodyReader.ScalarOf(method.ReturnType) is ScalarType.Double or ScalarType.Single;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly || !(real || (method.ReturnsVoid && outputs)))
        {
            string advice = method.ReturnsVoid
                ? "a void [Differentiable] method writes its results into Span<double> parameters; add one, or return double"
                : "return double or float (or return void and write the results into Span<double> parameters)";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDouble, syntax.ReturnType, method.Name, "the return type", syntax.ReturnType.ToString(), advice));
        }
        else if (real && outputs)
        {
            IParameterSymbol output = method.Parameters.First(p => BodyReader.SpanOf(p.Type) is { Writable: true });
            SyntaxNode where = (SyntaxNode?)syntax.ParameterList.Parameters[output.Ordinal].Type ?? syntax;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDouble, where, method.Name, "parameter '" + output.Name + "'", output.Type.ToDisplayString(),
                "a method that returns a value reads spans as 'ReadOnlySpan<double>'; to write results into spans, make the method void"));
        }
    }

    private static void CheckParameters(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        foreach (ParameterSyntax parameter in syntax.ParameterList.Parameters)
        {
            IParameterSymbol? symbol = method.Parameters.FirstOrDefault(p => p.Name == parameter.Identifier.ValueText);
            bool span = symbol is not null && BodyReader.SpanOf(symbol.Type) is not null;
            bool ok = symbol is not null && (span || BodyReader.ScalarOf(symbol.Type) is not null);
            SyntaxToken modifier = parameter.Modifiers.FirstOrDefault(m =>
                m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword) ||
                m.IsKind(SyntaxKind.ParamsKeyword) || m.IsKind(SyntaxKind.ThisKeyword) || (m.IsKind(SyntaxKind.ScopedKeyword) && !span));
            if (modifier != default)
            {
                string advice = modifier.IsKind(SyntaxKind.OutKeyword) || modifier.IsKind(SyntaxKind.RefKeyword)
                    ? "; to return several results, make the method void and write them into Span<double> parameters"
                    : string.Empty;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ParameterModifier, LocationInfo.From(modifier), method.Name, parameter.Identifier.ValueText, modifier.ValueText, advice));
            }
            else if (!ok)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDouble, (SyntaxNode?)parameter.Type ?? parameter, method.Name,
                    "parameter '" + parameter.Identifier.ValueText + "'", parameter.Type?.ToString() ?? "?", BodyReader.Advice(symbol?.Type)));
            }
        }
    }

    private static void CheckOrder(IMethodSymbol method, MethodDeclarationSyntax syntax, LocationInfo? identifier, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        int order = FunctionAttributes.OrderOf(method);
        if (order is not (1 or 2))
        {
            SyntaxNode? attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == FunctionAttributes.Differentiable)?.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOrder, attribute ?? syntax, method.Name, order.ToString(CultureInfo.InvariantCulture)));
        }
        else if (order == 2 && method.ReturnsVoid)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HessianUnsupported, identifier, method.Name,
                "it returns its results in spans; the Hessian is of a method that returns one double (take the Jacobian of its gradient, or write each output as its own method)"));
        }
        else if (order == 2 && !method.Parameters.Any(p => !FunctionAttributes.IsNoGradient(p) && (BodyReader.ScalarOf(p.Type) is ScalarType.Double or ScalarType.Single || BodyReader.SpanOf(p.Type) is { Writable: false })))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HessianUnsupported, identifier, method.Name,
                "it has no parameter to differentiate (every one is an int or [NoGradient]); remove 'Order = 2' or take a double parameter"));
        }
    }

    /// <summary>NETGEN029 for a member of the type (or the type itself) that has the name of a generated member.</summary>
    private static void CheckNames(IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        foreach (string generated in GeneratedNames(method))
        {
            foreach (ISymbol member in method.ContainingType.GetMembers(generated))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GradientNameConflict, LocationInfo.From(member.Locations.FirstOrDefault()), method.ContainingType.Name, generated, method.Name));
            }

            if (method.ContainingType.Name == generated)
            {
                // A class named FGradient cannot have a member FGradient (CS0542).
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GradientNameConflict, LocationInfo.From(method.ContainingType.Locations.FirstOrDefault()), method.ContainingType.Name, generated, method.Name));
            }
        }
    }

    /// <summary>The members generated for the method: Gradient or Vjp and Jacobian, Jvp, and Hessian for Order = 2.</summary>
    public static IEnumerable<string> GeneratedNames(IMethodSymbol method)
    {
        if (method.ReturnsVoid)
        {
            yield return MemberNames.Vjp(method.Name);
            yield return MemberNames.Jacobian(method.Name);
        }
        else
        {
            yield return MemberNames.Gradient(method.Name);
        }

        yield return MemberNames.Jvp(method.Name);
        if (FunctionAttributes.OrderOf(method) == 2)
        {
            yield return MemberNames.Hessian(method.Name);
        }
    }
}
