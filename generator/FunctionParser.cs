using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NetGen.Generator.Model;
using NetGen.Generator.Rules;

namespace NetGen.Generator;

/// <summary>
/// Reads a <c>[Differentiable]</c> method into a <see cref="FunctionSpec"/>: its body becomes a
/// graph of nodes in evaluation order, each distinct subexpression once.
/// </summary>
internal static class FunctionParser
{
    public const string DifferentiableAttribute = "NetGen.DifferentiableAttribute";

    public const string GradientOfAttribute = "NetGen.GradientOfAttribute";

    /// <summary>
    /// The user's <c>[GradientOf(nameof(G))]</c> method for <paramref name="target"/>, if one of the
    /// right shape is declared in its type: static, double result, G's n double parameters then n
    /// <c>out double</c> parameters.
    /// </summary>
    public static IMethodSymbol? UserGradient(IMethodSymbol target)
    {
        if (target.ContainingType is not { } type)
        {
            return null;
        }

        foreach (IMethodSymbol candidate in type.GetMembers().OfType<IMethodSymbol>())
        {
            if (GradientOfName(candidate) == target.Name && HasGradientShape(candidate, target.Parameters.Length))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The name a method's <c>[GradientOf]</c> names, or null.</summary>
    public static string? GradientOfName(IMethodSymbol method) =>
        method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == GradientOfAttribute) is { } attribute &&
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name
            ? name
            : null;

    /// <summary>static double M(double × n, out double × n).</summary>
    public static bool HasGradientShape(IMethodSymbol method, int n) =>
        method.IsStatic && method.TypeParameters.Length == 0 && method.ReturnType.SpecialType == SpecialType.System_Double &&
        method.Parameters.Length == 2 * n &&
        method.Parameters.Take(n).All(p => p.RefKind == RefKind.None && p.Type.SpecialType == SpecialType.System_Double) &&
        method.Parameters.Skip(n).All(p => p.RefKind == RefKind.Out && p.Type.SpecialType == SpecialType.System_Double);

    /// <summary>NETGEN033 for a <c>[GradientOf]</c> method whose shape fits no method of the name it gives.</summary>
    public static EquatableArray<DiagnosticInfo> ParseGradientOf(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        string? name = GradientOfName(method);
        if (name is null || method.ContainingType is null)
        {
            return EquatableArray<DiagnosticInfo>.Empty; // the compiler reports the malformed attribute
        }

        IMethodSymbol[] targets = method.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToArray();
        if (targets.Any(t => t.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Double && p.RefKind == RefKind.None) && HasGradientShape(method, t.Parameters.Length)))
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        string expected = targets.Length == 0
            ? "'" + method.ContainingType.Name + "' has no method '" + name + "'; [GradientOf] names a method of the same type"
            : "it must be 'static double " + method.Name + "(" + string.Join(", ", targets[0].Parameters.Select(p => "double " + p.Name).Concat(targets[0].Parameters.Select(p => "out double d" + char.ToUpperInvariant(p.Name[0]) + p.Name.Substring(1)))) + ")': " + name + "'s double parameters, then one 'out double' per parameter";
        return new[] { DiagnosticInfo.Create(DiagnosticDescriptors.GradientOfShape, LocationInfo.From(syntax.Identifier), method.Name, name, expected) }.ToEquatableArray();
    }

    public static ParseResult<FunctionSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        string key = CallGraph.Key(method);
        FunctionSpec? spec = null;
        try
        {
            spec = ParseCore(method, syntax, context.SemanticModel, diagnostics, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(syntax.Identifier), method.Name, ex.GetType().Name + ": " + ex.Message));
            spec = null;
        }

        return new ParseResult<FunctionSpec>(spec, diagnostics.ToEquatableArray(), key);
    }

    /// <summary>NETGEN030 for <c>[Differentiable]</c> on a local function or a lambda, which NetGen cannot extend.</summary>
    public static EquatableArray<DiagnosticInfo> ParseMisplaced(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        SyntaxNode? attribute = context.Attributes.FirstOrDefault()?.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        string what = context.TargetNode is LocalFunctionStatementSyntax local ? "local function '" + local.Identifier.ValueText + "'" : "a lambda";
        return new[] { DiagnosticInfo.Create(DiagnosticDescriptors.MisplacedDifferentiable, attribute ?? context.TargetNode, what) }.ToEquatableArray();
    }

    /// <summary>Whether <paramref name="method"/> carries <c>[Differentiable]</c>.</summary>
    public static bool IsDifferentiable(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DifferentiableAttribute);

    /// <summary>The name of the generated gradient method.</summary>
    public static string GradientName(string method) => method + "Gradient";

    private static FunctionSpec? ParseCore(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        string name = method.Name;
        if (syntax.ContainsDiagnostics && syntax.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null; // half-typed: the compiler reports the syntax error, and anything more would be noise
        }

        string key = CallGraph.Key(method);
        if (method.ContainingType.GetMembers(name).OfType<IMethodSymbol>().Count(m => CallGraph.Key(m) == key) > 1)
        {
            return null; // the same method twice (CS0111): generating either would clash
        }

        LocationInfo? identifier = LocationInfo.From(syntax.Identifier);
        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotStatic, identifier, name));
        }

        if (method.TypeParameters.Length > 0 || TypeSpecParser.IsGeneric(method.ContainingType))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericFunction, (SyntaxNode?)syntax.TypeParameterList ?? syntax, name));
        }

        if (method.ReturnType.SpecialType != SpecialType.System_Double || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDouble, syntax.ReturnType, name, "the return type", syntax.ReturnType.ToString()));
        }

        foreach (ParameterSyntax parameter in syntax.ParameterList.Parameters)
        {
            SyntaxToken modifier = parameter.Modifiers.FirstOrDefault(m =>
                m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword) ||
                m.IsKind(SyntaxKind.ParamsKeyword) || m.IsKind(SyntaxKind.ThisKeyword) || m.IsKind(SyntaxKind.ScopedKeyword));
            if (modifier != default)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ParameterModifier, LocationInfo.From(modifier), name, parameter.Identifier.ValueText, modifier.ValueText));
            }
            else if (parameter.Type is null || model.GetTypeInfo(parameter.Type, cancellationToken).Type?.SpecialType != SpecialType.System_Double)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDouble, (SyntaxNode?)parameter.Type ?? parameter, name, "parameter '" + parameter.Identifier.ValueText + "'", parameter.Type?.ToString() ?? "?"));
            }
        }

        if (method.Parameters.Any(p => p.Name.Length == 0) || syntax.ParameterList.Parameters.Any(p => p.Identifier.IsMissing))
        {
            return null; // a parameter without a name: the compiler reports the syntax error
        }

        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoBody, identifier, name));
        }

        string gradientName = GradientName(name);
        foreach (ISymbol member in method.ContainingType.GetMembers(gradientName))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GradientNameConflict, LocationInfo.From(member.Locations.FirstOrDefault()), method.ContainingType.Name, gradientName, name));
        }

        if (method.ContainingType.Name == gradientName)
        {
            // A class named FGradient cannot have a member FGradient (CS0542).
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GradientNameConflict, LocationInfo.From(method.ContainingType.Locations.FirstOrDefault()), method.ContainingType.Name, gradientName, name));
        }

        TypeSpec? type = TypeSpecParser.Parse(method.ContainingType, "its [Differentiable] method '" + name + "'", diagnostics);
        if (diagnostics.Count > 0 || type is null)
        {
            return null;
        }

        var graph = new GraphBuilder(method, syntax, model, diagnostics, cancellationToken);
        int result;
        try
        {
            result = graph.BuildBody(syntax);
        }
        catch (InsufficientExecutionStackException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, identifier, name, "its body, nested too deeply for the compiler's stack; split it into locals"));
            return null;
        }
        if (result < 0 || diagnostics.Count > 0)
        {
            return null;
        }

        string signature = name + "(" + string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ")";
        string hint = TypeSpecParser.HintName(type.Readable + "." + name, type.Key + "." + signature);
        string accessibility = SyntaxFacts.GetText(method.DeclaredAccessibility);
        return new FunctionSpec(
            type,
            TypeSpecParser.Escape(name),
            accessibility.Length == 0 ? "private" : accessibility,
            method.Parameters.Select(p => p.Name).ToEquatableArray(),
            graph.Nodes.ToEquatableArray(),
            result,
            hint,
            key,
            graph.Callees.OrderBy(c => c, StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>Turns the body into nodes; each unsupported construct adds a diagnostic at its location.</summary>
    private sealed class GraphBuilder
    {
        private readonly IMethodSymbol _method;
        private readonly SemanticModel _model;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<string, int> _unique = new(StringComparer.Ordinal);
        private readonly Dictionary<ILocalSymbol, int> _locals = new(SymbolEqualityComparer.Default);
        private readonly SyntaxNode _body;
        private Dictionary<SyntaxNode, IOperation>? _operations;

        public GraphBuilder(IMethodSymbol method, SyntaxNode body, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            _method = method;
            _body = body;
            _model = model;
            _diagnostics = diagnostics;
            _cancellationToken = cancellationToken;
        }

        public List<NodeSpec> Nodes { get; } = new();

        /// <summary>The <c>[Differentiable]</c> methods the body calls, by identity.</summary>
        public HashSet<string> Callees { get; } = new(StringComparer.Ordinal);

        public int BuildBody(MethodDeclarationSyntax syntax)
        {
            if (syntax.ExpressionBody is { } arrow)
            {
                return Visit(arrow.Expression);
            }

            BlockSyntax body = syntax.Body!;
            int result = -1;
            for (int i = 0; i < body.Statements.Count; i++)
            {
                StatementSyntax statement = body.Statements[i];
                bool last = i == body.Statements.Count - 1;
                switch (statement)
                {
                    case LocalDeclarationStatementSyntax declaration when !last && !declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                        DeclareLocals(declaration);
                        break;
                    case ReturnStatementSyntax { Expression: { } expression } when last:
                        result = Visit(expression);
                        break;
                    default:
                        Report(DiagnosticDescriptors.UnsupportedStatement, statement);
                        return -1;
                }
            }

            if (body.Statements.Count == 0)
            {
                Report(DiagnosticDescriptors.NoBody, syntax.Identifier.Parent ?? syntax, plain: true);
            }

            return result;
        }

        private void DeclareLocals(LocalDeclarationStatementSyntax declaration)
        {
            bool isConst = declaration.Modifiers.Any(SyntaxKind.ConstKeyword);
            foreach (VariableDeclaratorSyntax variable in declaration.Declaration.Variables)
            {
                if (_model.GetDeclaredSymbol(variable, _cancellationToken) is not ILocalSymbol local)
                {
                    continue;
                }

                if (local.Type.SpecialType != SpecialType.System_Double)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDouble, declaration.Declaration.Type, _method.Name, "local '" + local.Name + "'", local.Type.ToDisplayString()));
                    continue;
                }

                if (isConst)
                {
                    continue; // every use folds to its constant value
                }

                if (variable.Initializer is null)
                {
                    Report(DiagnosticDescriptors.UnsupportedStatement, variable);
                    continue;
                }

                int node = Visit(variable.Initializer.Value);
                if (node < 0)
                {
                    continue;
                }

                if (Nodes[node].Kind is NodeKind.Operation or NodeKind.Call && Nodes[node].LocalName is null)
                {
                    Nodes[node] = Nodes[node] with { LocalName = local.Name };
                }

                _locals[local] = node;
            }
        }

        private int Visit(ExpressionSyntax expression)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            Optional<object?> constant = ConstantValue(expression);
            if (constant.HasValue)
            {
                if (constant.Value is double or float or int or long or short or sbyte or byte or ushort or uint or ulong or decimal)
                {
                    double value = Convert.ToDouble(constant.Value, CultureInfo.InvariantCulture);
                    return Add(NodeKind.Constant, "const", value, 0, Array.Empty<int>(), expression);
                }

                return Unsupported(expression);
            }

            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Visit(parenthesized.Expression);

                case CastExpressionSyntax cast when IsDouble(cast) && IsDouble(cast.Expression):
                    return Visit(cast.Expression);

                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryPlusExpression } plus:
                    return Visit(plus.Operand);

                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    return Visit(suppressed.Operand); // x! only silences nullable analysis: the value is x

                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } minus when IsDouble(minus):
                    return Operation(DerivativeRules.Negate, expression, minus.Operand);

                case BinaryExpressionSyntax binary when IsDouble(binary) && BinaryKey(binary) is not null:
                    return BinaryChain(binary);

                case IdentifierNameSyntax identifier:
                    return Identifier(identifier);

                case InvocationExpressionSyntax invocation:
                    return Invocation(invocation);

                case ConditionalExpressionSyntax conditional when IsDouble(conditional):
                {
                    int condition = Condition(conditional.Condition);
                    int whenTrue = condition < 0 ? -1 : Visit(conditional.WhenTrue);
                    int whenFalse = whenTrue < 0 ? -1 : Visit(conditional.WhenFalse);
                    return whenFalse < 0 ? -1 : Add(NodeKind.Select, "?:", 0, 0, new[] { condition, whenTrue, whenFalse }, expression);
                }

                case AssignmentExpressionSyntax:
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
                case PostfixUnaryExpressionSyntax:
                    Report(DiagnosticDescriptors.UnsupportedStatement, expression);
                    return -1;

                default:
                    return Unsupported(expression);
            }
        }

        /// <summary>
        /// A condition of <c>?:</c>: comparisons of double values (<c>&lt; &lt;= &gt; &gt;= == !=</c>),
        /// combined with <c>&amp;&amp;</c>, <c>||</c> and <c>!</c>, or a constant.
        /// </summary>
        private int Condition(ExpressionSyntax expression)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            if (ConstantValue(expression) is { HasValue: true, Value: bool constant })
            {
                return Add(NodeKind.Condition, constant ? "true" : "false", 0, 0, Array.Empty<int>(), expression);
            }

            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Condition(parenthesized.Expression);

                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                    int operand = Condition(not.Operand);
                    return operand < 0 ? -1 : Add(NodeKind.Condition, "!", 0, 0, new[] { operand }, expression);

                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression } logical:
                    int left = Condition(logical.Left);
                    int right = left < 0 ? -1 : Condition(logical.Right);
                    return right < 0 ? -1 : Add(NodeKind.Condition, logical.OperatorToken.Text, 0, 0, new[] { left, right }, expression);

                case BinaryExpressionSyntax comparison when ComparisonOperator(comparison) is { } op && IsDouble(comparison.Left) && IsDouble(comparison.Right):
                    int a = Visit(comparison.Left);
                    int b = a < 0 ? -1 : Visit(comparison.Right);
                    return b < 0 ? -1 : Add(NodeKind.Condition, op, 0, 0, new[] { a, b }, expression);

                default:
                    return Unsupported(expression);
            }
        }

        private static string? ComparisonOperator(BinaryExpressionSyntax binary) => binary.Kind() switch
        {
            SyntaxKind.LessThanExpression => "<",
            SyntaxKind.LessThanOrEqualExpression => "<=",
            SyntaxKind.GreaterThanExpression => ">",
            SyntaxKind.GreaterThanOrEqualExpression => ">=",
            SyntaxKind.EqualsExpression => "==",
            SyntaxKind.NotEqualsExpression => "!=",
            _ => null,
        };

        /// <summary>
        /// A left-nested chain of binary operators (<c>x*1 + x*2 + … + x*n</c>) walked without
        /// recursion down its left spine, so that a long sum neither overflows the compiler's stack
        /// nor costs more than linear time.
        /// </summary>
        private int BinaryChain(BinaryExpressionSyntax binary)
        {
            var spine = new Stack<BinaryExpressionSyntax>();
            ExpressionSyntax current = binary;
            while (current is BinaryExpressionSyntax level && BinaryKey(level) is not null && IsDouble(level) &&
                   (spine.Count == 0 || !ConstantValue(level).HasValue))
            {
                spine.Push(level);
                current = level.Left;
            }

            int left = Visit(current);
            while (spine.Count > 0)
            {
                BinaryExpressionSyntax level = spine.Pop();
                if (left < 0)
                {
                    return -1;
                }

                int right = Visit(level.Right);
                if (right < 0)
                {
                    return -1;
                }

                left = Add(NodeKind.Operation, BinaryKey(level)!, 0, 0, new[] { left, right }, level);
            }

            return left;
        }

        private int Identifier(IdentifierNameSyntax identifier)
        {
            ISymbol? symbol = ReferencedSymbol(identifier) ?? _model.GetSymbolInfo(identifier, _cancellationToken).Symbol;
            switch (symbol)
            {
                case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _method):
                    return Add(NodeKind.Parameter, parameter.Name, 0, parameter.Ordinal, Array.Empty<int>(), identifier);
                case ILocalSymbol local when _locals.TryGetValue(local, out int node):
                    return node;
                case null:
                    return -1; // unknown name: the compiler reports it
                default:
                    return Unsupported(identifier);
            }
        }

        private int Invocation(InvocationExpressionSyntax invocation)
        {
            SymbolInfo info = _model.GetSymbolInfo(invocation, _cancellationToken);
            if (info.Symbol is not IMethodSymbol target)
            {
                // No method bound: where the compiler reports why (wrong arguments, unknown name), say
                // nothing more; otherwise it is not a method call NetGen knows.
                bool compilerError = info.CandidateReason != CandidateReason.None || info.CandidateSymbols.Length > 0 ||
                                     _model.GetDiagnostics(invocation.Span, _cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);
                return compilerError ? -1 : Unsupported(invocation);
            }

            // Math.Sign(double) returns an int, which C# widens to double where it is used.
            bool sign = target.Name == "Sign" && target.ContainingType?.ToDisplayString() == "System.Math" && target.ReturnType.SpecialType == SpecialType.System_Int32;
            bool doubles = (target.ReturnType.SpecialType == SpecialType.System_Double || sign) &&
                           target.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Double && p.RefKind == RefKind.None);
            ExpressionSyntax?[]? arguments = doubles ? Arguments(invocation, target) : null;

            string? container = target.ContainingType?.ToDisplayString();
            if (container is "System.Math" or "System.MathF" or "System.Double")
            {
                DerivativeRule? rule = container == "System.Math" ? DerivativeRules.FindFunction(target.Name, target.Parameters.Length) : null;
                if (rule is null || arguments is null || arguments.Any(a => a is null))
                {
                    string why = container == "System.MathF"
                        ? "MathF works in float; use the Math function of the same name"
                        : rule is null ? container + "." + target.Name + " has no derivative rule in NetGen" : "this overload of Math." + target.Name + " does not take double arguments only";
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFunction, invocation, _method.Name, Text(invocation), why));
                    return -1;
                }

                return Operation(rule.Key, invocation, arguments!);
            }

            if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, _method))
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Recursion, invocation, _method.Name, string.Empty));
                return -1;
            }

            bool differentiable = target.IsStatic && IsDifferentiable(target);
            if (!differentiable && arguments is not null && target.IsStatic && UserGradient(target) is { } supplied)
            {
                // The user supplied G's derivative with [GradientOf]: the chain rule goes through it.
                int[] suppliedOperands = new int[arguments.Length];
                for (int i = 0; i < arguments.Length; i++)
                {
                    suppliedOperands[i] = arguments[i] is { } argument
                        ? Visit(argument)
                        : Add(NodeKind.Constant, "const", Convert.ToDouble(target.Parameters[i].ExplicitDefaultValue, CultureInfo.InvariantCulture), 0, Array.Empty<int>(), invocation);
                    if (suppliedOperands[i] < 0)
                    {
                        return -1;
                    }
                }

                string name = supplied.ContainingType!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + TypeSpecParser.Escape(supplied.Name);
                return Add(NodeKind.Call, name, 0, 0, suppliedOperands, invocation);
            }

            if (!differentiable || arguments is null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDifferentiableCall, invocation, _method.Name, Text(invocation.Expression)));
                return -1;
            }

            string gradient = target.ContainingType!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + TypeSpecParser.Escape(GradientName(target.Name));
            int[] operands = new int[arguments.Length];
            for (int i = 0; i < arguments.Length; i++)
            {
                // An omitted argument takes its parameter's default value, a constant.
                operands[i] = arguments[i] is { } argument
                    ? Visit(argument)
                    : Add(NodeKind.Constant, "const", Convert.ToDouble(target.Parameters[i].ExplicitDefaultValue, CultureInfo.InvariantCulture), 0, Array.Empty<int>(), invocation);
                if (operands[i] < 0)
                {
                    return -1;
                }
            }

            Callees.Add(CallGraph.Key(target));
            return Add(NodeKind.Call, gradient, 0, 0, operands, invocation);
        }

        /// <summary>
        /// Arguments in parameter order (named arguments may come in any order); null where an
        /// optional parameter's argument is omitted; null overall when the call does not fit.
        /// </summary>
        private static ExpressionSyntax?[]? Arguments(InvocationExpressionSyntax invocation, IMethodSymbol target)
        {
            var result = new ExpressionSyntax?[target.Parameters.Length];
            int position = 0;
            foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
            {
                if (!argument.RefKindKeyword.IsKind(SyntaxKind.None))
                {
                    return null;
                }

                int index = argument.NameColon is { } nameColon
                    ? target.Parameters.IndexOf(target.Parameters.FirstOrDefault(p => p.Name == nameColon.Name.Identifier.ValueText)!)
                    : position;
                if (index < 0 || index >= result.Length || result[index] is not null)
                {
                    return null;
                }

                result[index] = argument.Expression;
                position++;
            }

            for (int i = 0; i < result.Length; i++)
            {
                if (result[i] is null && !(target.Parameters[i].HasExplicitDefaultValue && target.Parameters[i].ExplicitDefaultValue is double or int or long or float))
                {
                    return null;
                }
            }

            return result;
        }

        private int Operation(string key, ExpressionSyntax expression, params ExpressionSyntax[] operands)
        {
            int[] indexes = new int[operands.Length];
            for (int i = 0; i < operands.Length; i++)
            {
                indexes[i] = Visit(operands[i]);
                if (indexes[i] < 0)
                {
                    return -1;
                }
            }

            if (key is "Max/2" or "Min/2" && indexes[0] == indexes[1])
            {
                return indexes[0]; // max(a, a) = a: its derivative is 1 (½ + ½ by the tie rule), and no a >= a is written
            }

            return Add(NodeKind.Operation, key, 0, 0, indexes, expression);
        }

        /// <summary>Adds a node, or returns the existing node that computes the same thing.</summary>
        private int Add(NodeKind kind, string name, double value, int index, int[] operands, ExpressionSyntax expression)
        {
            string key = string.Join(
                "|",
                kind.ToString(),
                name,
                BitConverter.DoubleToInt64Bits(value).ToString(CultureInfo.InvariantCulture),
                index.ToString(CultureInfo.InvariantCulture),
                string.Join(",", operands.Select(o => o.ToString(CultureInfo.InvariantCulture))));
            if (_unique.TryGetValue(key, out int existing))
            {
                return existing;
            }

            Nodes.Add(new NodeSpec(kind, name, value, index, operands.ToEquatableArray(), null, Text(expression)));
            _unique[key] = Nodes.Count - 1;
            return Nodes.Count - 1;
        }

        /// <summary>
        /// Whether the expression is (or converts to) a double. Read from the body's operation tree:
        /// asking the semantic model node by node costs more than linear time on long chains.
        /// </summary>
        private bool IsDouble(ExpressionSyntax expression)
        {
            if (Operation(expression) is { } operation)
            {
                return operation.Type?.SpecialType == SpecialType.System_Double;
            }

            TypeInfo info = _model.GetTypeInfo(expression, _cancellationToken);
            return info.Type?.SpecialType == SpecialType.System_Double || info.ConvertedType?.SpecialType == SpecialType.System_Double;
        }

        /// <summary>The parameter, local or field an identifier refers to, from the operation tree (null where it does not say).</summary>
        private ISymbol? ReferencedSymbol(IdentifierNameSyntax identifier)
        {
            IOperation? operation = Operation(identifier);
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation switch
            {
                IParameterReferenceOperation parameter => parameter.Parameter,
                ILocalReferenceOperation local => local.Local,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };
        }

        /// <summary>The expression's constant value, from the operation tree where it is there.</summary>
        private Optional<object?> ConstantValue(ExpressionSyntax expression) =>
            Operation(expression) is { } operation ? operation.ConstantValue : _model.GetConstantValue(expression, _cancellationToken);

        /// <summary>The outermost operation of a syntax node (its implicit conversion, if any), built once for the whole body.</summary>
        private IOperation? Operation(SyntaxNode node)
        {
            if (_operations is null)
            {
                _operations = new Dictionary<SyntaxNode, IOperation>();
                if (_model.GetOperation(_body, _cancellationToken) is { } root)
                {
                    var pending = new Stack<IOperation>();
                    pending.Push(root);
                    while (pending.Count > 0)
                    {
                        IOperation operation = pending.Pop();
                        if (operation.Type is not null && !_operations.ContainsKey(operation.Syntax))
                        {
                            _operations[operation.Syntax] = operation; // parents come first: the outermost wins
                        }

                        foreach (IOperation child in operation.ChildOperations)
                        {
                            pending.Push(child);
                        }
                    }
                }
            }

            return _operations.TryGetValue(node, out IOperation? found) ? found : null;
        }

        private static string? BinaryKey(BinaryExpressionSyntax binary) => binary.Kind() switch
        {
            SyntaxKind.AddExpression => DerivativeRules.Add,
            SyntaxKind.SubtractExpression => DerivativeRules.Subtract,
            SyntaxKind.MultiplyExpression => DerivativeRules.Multiply,
            SyntaxKind.DivideExpression => DerivativeRules.Divide,
            _ => null,
        };

        private int Unsupported(SyntaxNode node)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, node);
            return -1;
        }

        private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, bool plain = false) =>
            _diagnostics.Add(plain
                ? DiagnosticInfo.Create(descriptor, node, _method.Name)
                : DiagnosticInfo.Create(descriptor, node, _method.Name, Text(node)));
    }

    /// <summary>At most this many characters of source text in a message or comment.</summary>
    private const int MaxText = 80;

    /// <summary>
    /// The source text of a node with runs of white space folded to one space, shortened for
    /// messages and comments. It reads a bounded prefix of the text, so that naming every
    /// subexpression of a long body stays linear in the body's length.
    /// </summary>
    internal static string Text(SyntaxNode node)
    {
        Microsoft.CodeAnalysis.Text.TextSpan span = node.Span;
        int take = Math.Min(span.Length, 4 * MaxText);
        string raw = node.SyntaxTree.TryGetText(out Microsoft.CodeAnalysis.Text.SourceText? source)
            ? source.ToString(new Microsoft.CodeAnalysis.Text.TextSpan(span.Start, take))
            : node.ToString().Substring(0, take);
        var text = new System.Text.StringBuilder(Math.Min(take, MaxText + 3));
        bool space = false;
        foreach (char c in raw)
        {
            if (char.IsWhiteSpace(c))
            {
                space = text.Length > 0;
                continue;
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(c);
            if (text.Length > MaxText)
            {
                break;
            }
        }

        string result = text.ToString();
        return result.Length <= MaxText && take == span.Length ? result : result.Substring(0, Math.Min(result.Length, MaxText - 3)) + "...";
    }
}
