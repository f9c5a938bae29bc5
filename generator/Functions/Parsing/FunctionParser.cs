using System;
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

/// <summary>
/// Reads one <c>[Differentiable]</c> method: its signature (checked), its body (the IR, through
/// <see cref="BodyReader"/>) and its calls, binding the body once per edit.
/// </summary>
internal static class FunctionParser
{
    private static int s_bindings;

    /// <summary>How many method bodies have been read so far in this process (the incrementality tests count bindings with it).</summary>
    internal static int Bindings => Volatile.Read(ref s_bindings);

    public static FunctionParse Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        string key = FunctionKeys.Key(method);
        string name = FunctionKeys.DisplayName(method);
        Interlocked.Increment(ref s_bindings);
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            return ParseCore(method, syntax, context.SemanticModel, diagnostics, cancellationToken) ??
                   new FunctionParse(key, name, LocationInfo.From(syntax.Identifier), null, diagnostics.ToEquatableArray(), EquatableArray<CallSite>.Empty);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(syntax.Identifier), method.Name, ex.GetType().Name + ": " + ex.Message));
            return new FunctionParse(key, name, LocationInfo.From(syntax.Identifier), null, diagnostics.ToEquatableArray(), EquatableArray<CallSite>.Empty);
        }
    }

    private static FunctionParse? ParseCore(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        // Half-typed, or wrong: the compiler reports it, and anything more would be noise. The compiler's
        // diagnostics bind the body again, so they are asked only when the bound tree looks wrong (ErrorScreen).
        if (syntax.ContainsDiagnostics && syntax.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }

        IOperation? bound = model.GetOperation(syntax, cancellationToken);
        if ((bound is null || ErrorScreen.MayHaveErrors(bound, syntax, model, cancellationToken)) &&
            model.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }

        string key = FunctionKeys.Key(method);
        if (method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count(m => FunctionKeys.Key(m) == key) > 1 ||
            method.Parameters.Any(p => p.Name.Length == 0) || syntax.ParameterList.Parameters.Any(p => p.Identifier.IsMissing))
        {
            return null; // the same method twice (CS0111) or a parameter without a name: the compiler reports it
        }

        var reader = new BodyReader(method, model, cancellationToken);
        SignatureChecks.Check(method, syntax, diagnostics, cancellationToken);
        ScalarType? returnType = BodyReader.ScalarOf(method.ReturnType);
        ParameterSpec[] parameters = method.Parameters.Select(p => Parameter(p, reader)).ToArray();
        TypeSpec? type = TypeSpecParser.Parse(method.ContainingType, "its [Differentiable] method '" + method.Name + "'", diagnostics);
        if (diagnostics.Count > 0 || type is null || model.GetOperation(syntax, cancellationToken) is not { } operation)
        {
            return null;
        }

        EquatableArray<Statement>? statements;
        try
        {
            statements = reader.ReadBody(operation, returnType);
        }
        catch (InsufficientExecutionStackException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, LocationInfo.From(syntax.Identifier), method.Name, method.Name, "its body is nested too deeply for the compiler's stack; split it into locals"));
            return null;
        }

        diagnostics.AddRange(reader.Diagnostics);
        if (statements is not { } body)
        {
            return new FunctionParse(key, FunctionKeys.DisplayName(method), LocationInfo.From(syntax.Identifier), null, diagnostics.ToEquatableArray(), reader.Calls.ToEquatableArray());
        }

        var spec = new FunctionSpec(
            key, type, method.Name, Accessibility(method), HintName(type, method), returnType, parameters.ToEquatableArray(),
            new FunctionBody(reader.Variables.ToEquatableArray(), reader.Arrays.ToEquatableArray(), body, reader.Result),
            FunctionAttributes.OrderOf(method), model.Compilation.Options.CheckOverflow,
            reader.Callees.ToEquatableArray(), reader.PrivateTo.ToEquatableArray());
        diagnostics.AddRange(ArgumentChecks.Check(spec, reader.ArgumentSites, method.Name));
        return new FunctionParse(key, FunctionKeys.DisplayName(method), LocationInfo.From(syntax.Identifier), diagnostics.Count == 0 ? spec : null, diagnostics.ToEquatableArray(), reader.Calls.ToEquatableArray());
    }

    private static ParameterSpec Parameter(IParameterSymbol parameter, BodyReader reader)
    {
        (ParameterKind kind, ScalarType type) = BodyReader.SpanOf(parameter.Type) is { } span
            ? (span.Writable ? ParameterKind.Output : ParameterKind.Input, span.Element)
            : (ParameterKind.Scalar, BodyReader.ScalarOf(parameter.Type) ?? ScalarType.Double);
        return new ParameterSpec(parameter.Name, kind, type, FunctionAttributes.IsNoGradient(parameter), reader.DeclareParameter(parameter, kind, type));
    }

    private static string Accessibility(IMethodSymbol method)
    {
        string text = SyntaxFacts.GetText(method.DeclaredAccessibility);
        return text.Length == 0 ? "private" : text;
    }

    private static string HintName(TypeSpec type, IMethodSymbol method)
    {
        string signature = method.Name + "(" + string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ")";
        return TypeSpecParser.HintName(type.Readable + "." + method.Name, type.Key + "." + signature);
    }

    /// <summary>NETGEN030 for <c>[Differentiable]</c> on a local function or a lambda, which NetGen cannot extend.</summary>
    public static EquatableArray<DiagnosticInfo> ParseMisplaced(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        SyntaxNode? attribute = context.Attributes.FirstOrDefault()?.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        string what = context.TargetNode is LocalFunctionStatementSyntax local ? "local function '" + local.Identifier.ValueText + "'" : "a lambda";
        return new[] { DiagnosticInfo.Create(DiagnosticDescriptors.MisplacedDifferentiable, attribute ?? context.TargetNode, what) }.ToEquatableArray();
    }

    internal static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
