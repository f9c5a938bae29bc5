using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>
/// Reads a <c>[Differentiable]</c> body from Roslyn's operation tree into the IR: statements, loops,
/// values typed exactly as C# types them (every implicit conversion made explicit), calls by key.
/// Each construct it cannot take is a located diagnostic that says what to write instead.
/// </summary>
internal sealed partial class BodyReader
{
    private readonly IMethodSymbol _method;
    private readonly SemanticModel _model;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ISymbol, int> _variables = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, int> _arrays = new(SymbolEqualityComparer.Default);

    public BodyReader(IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        _method = method;
        _model = model;
        _cancellationToken = cancellationToken;
    }

    public List<VariableSpec> Variables { get; } = new();

    public List<ArraySpec> Arrays { get; } = new();

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    /// <summary>The calls to other <c>[Differentiable]</c> methods, with their locations.</summary>
    public List<CallSite> Calls { get; } = new();

    /// <summary>The keys of the <c>[Differentiable]</c> methods called.</summary>
    public SortedSet<string> Callees { get; } = new(StringComparer.Ordinal);

    /// <summary>The types whose private or protected members the body names.</summary>
    public SortedSet<string> PrivateTo { get; } = new(StringComparer.Ordinal);

    /// <summary>Where each argument of a call was written, for the checks that need the body's activity.</summary>
    public List<ArgumentSite> ArgumentSites { get; } = new();

    /// <summary>The variable the method's value is returned in (−1 for void).</summary>
    public int Result { get; private set; } = -1;

    /// <summary>Declares a parameter as a variable or an array; returns its slot.</summary>
    public int DeclareParameter(IParameterSymbol parameter, ParameterKind kind, ScalarType type)
    {
        if (kind == ParameterKind.Scalar)
        {
            return Declare(parameter, parameter.Name, type, VariableRole.Parameter);
        }

        Arrays.Add(new ArraySpec(parameter.Name, type, kind == ParameterKind.Input ? ArrayRole.Input : ArrayRole.Output));
        _arrays[parameter] = Arrays.Count - 1;
        return Arrays.Count - 1;
    }

    /// <summary>Reads the whole body as a <see cref="Region"/> whose returns set the result; null if anything was refused.</summary>
    public EquatableArray<Statement>? ReadBody(IOperation body, ScalarType? returnType)
    {
        if (returnType is { } type)
        {
            Result = NewVariable("result", type, VariableRole.Temporary);
        }

        var statements = new List<Statement>();
        bool ok = body switch
        {
            IMethodBodyOperation { BlockBody: { } block } => ReadStatement(block, statements),
            IMethodBodyOperation { ExpressionBody: { } expression } => ReadStatement(expression, statements),
            _ => Refuse(body.Syntax, "the method has no body to differentiate"),
        };
        return ok && Diagnostics.Count == 0
            ? new EquatableArray<Statement>(new Statement[] { new Region(statements.ToEquatableArray(), Result) })
            : null;
    }

    private int Declare(ISymbol symbol, string name, ScalarType type, VariableRole role)
    {
        int slot = NewVariable(name, type, role);
        _variables[symbol] = slot;
        return slot;
    }

    private int NewVariable(string name, ScalarType type, VariableRole role)
    {
        Variables.Add(new VariableSpec(name, type, role));
        return Variables.Count - 1;
    }

    private int NewArray(ISymbol? symbol, string name, ScalarType type, ArrayRole role)
    {
        Arrays.Add(new ArraySpec(name, type, role));
        if (symbol is not null)
        {
            _arrays[symbol] = Arrays.Count - 1;
        }

        return Arrays.Count - 1;
    }

    /// <summary>double, float, int, bool: the types a scalar of the body may have.</summary>
    internal static ScalarType? ScalarOf(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Double => ScalarType.Double,
        SpecialType.System_Single => ScalarType.Single,
        SpecialType.System_Int32 => ScalarType.Int32,
        SpecialType.System_Boolean => ScalarType.Boolean,
        _ => null,
    };

    /// <summary>The element type of <c>Span&lt;double|float&gt;</c> or <c>ReadOnlySpan&lt;double|float&gt;</c>, and whether it is writable.</summary>
    internal static (ScalarType Element, bool Writable)? SpanOf(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { TypeArguments.Length: 1, Name: "Span" or "ReadOnlySpan" } span &&
            span.ContainingNamespace?.ToDisplayString() == "System" &&
            ScalarOf(span.TypeArguments[0]) is ScalarType.Double or ScalarType.Single)
        {
            return (ScalarOf(span.TypeArguments[0])!.Value, span.Name == "Span");
        }

        return null;
    }

    /// <summary>What a type that is not allowed should be written as.</summary>
    internal static string Advice(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Double or SpecialType.System_Single } array =>
            "take 'ReadOnlySpan<" + array.ElementType.ToDisplayString() + ">' for data to read (an array converts to it) or 'Span<" + array.ElementType.ToDisplayString() + ">' for results the method writes",
        INamedTypeSymbol { Name: "List" or "IList" or "IReadOnlyList" or "IEnumerable" } =>
            "take 'ReadOnlySpan<double>' (CollectionsMarshal.AsSpan(list) gives one for a List<double>)",
        { SpecialType: SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_SByte or SpecialType.System_UInt16 } =>
            "use 'int' for counts and indexes",
        { SpecialType: SpecialType.System_Decimal } => "use 'double' (decimal has no derivative rules)",
        _ => "use double or float for values, int for counts and indexes, bool for conditions, and ReadOnlySpan<double>/Span<double> for data and results",
    };

    private bool Refuse(SyntaxNode node, string reason)
    {
        Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStatement, node, _method.Name, Snippet.Of(node), reason));
        return false;
    }

    private Expression? Unsupported(IOperation operation, string reason)
    {
        Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, _method.Name, Snippet.Of(operation.Syntax), reason));
        return null;
    }

    private void Check()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
    }
}

/// <summary>Where one argument of a call was written: the call's IR node (by reference) and the argument's position and syntax location.</summary>
internal sealed record ArgumentSite(object Call, int Position, LocationInfo? Location, LocationInfo? CallLocation, string Text, string CallText, string Parameter, string Callee, bool NoGradient);
