using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NetGen.Generator.Common;


namespace NetGen.Generator.Functions.Legacy;

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
            ParameterKind? kind = parameter.Type is null ? null : KindOf(model.GetTypeInfo(parameter.Type, cancellationToken).Type);
            SyntaxToken modifier = parameter.Modifiers.FirstOrDefault(m =>
                m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword) ||
                m.IsKind(SyntaxKind.ParamsKeyword) || m.IsKind(SyntaxKind.ThisKeyword) ||
                (m.IsKind(SyntaxKind.ScopedKeyword) && kind != ParameterKind.Span));
            if (modifier != default)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ParameterModifier, LocationInfo.From(modifier), name, parameter.Identifier.ValueText, modifier.ValueText));
            }
            else if (kind is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDouble, (SyntaxNode?)parameter.Type ?? parameter, name, "parameter '" + parameter.Identifier.ValueText + "'", parameter.Type?.ToString() ?? "?"));
            }
        }

        int order = OrderOf(method);
        if (order is not (1 or 2))
        {
            SyntaxNode? attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == DifferentiableAttribute)?.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOrder, attribute ?? syntax, name, order.ToString(CultureInfo.InvariantCulture)));
        }

        if (order == 2 && method.Parameters.Any(p => KindOf(p.Type) != ParameterKind.Double))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HessianUnsupported, identifier, name, "it has span or int parameters; the Hessian takes methods of double parameters"));
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
        ParameterSpec[] parameters = method.Parameters
            .Select(p => new ParameterSpec(p.Name, KindOf(p.Type) ?? ParameterKind.Double, IsNoGradient(p)))
            .ToArray();
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

        if (order == 2 && (graph.Loops.Count > 0 || graph.Nodes.Any(n => n.Kind is NodeKind.Call or NodeKind.Element)))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HessianUnsupported, identifier, name,
                graph.Loops.Count > 0 ? "its body has a loop" : "it calls another method; inline the call"));
            return null;
        }

        string signature = name + "(" + string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ")";
        string hint = TypeSpecParser.HintName(type.Readable + "." + name, type.Key + "." + signature);
        string accessibility = SyntaxFacts.GetText(method.DeclaredAccessibility);
        return new FunctionSpec(
            type,
            TypeSpecParser.Escape(name),
            accessibility.Length == 0 ? "private" : accessibility,
            parameters.ToEquatableArray(),
            graph.Nodes.ToEquatableArray(),
            result,
            hint,
            key,
            graph.Callees.OrderBy(c => c, StringComparer.Ordinal).ToEquatableArray())
        {
            Loops = graph.Loops.ToEquatableArray(),
            Order = order,
        };
    }

    public const string NoGradientAttribute = "NetGen.NoGradientAttribute";

    /// <summary>double, <c>ReadOnlySpan&lt;double&gt;</c> or int; null for any other type.</summary>
    internal static ParameterKind? KindOf(ITypeSymbol? type) => type switch
    {
        { SpecialType: SpecialType.System_Double } => ParameterKind.Double,
        { SpecialType: SpecialType.System_Int32 } => ParameterKind.Int,
        INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } span
            when span.TypeArguments[0].SpecialType == SpecialType.System_Double && span.ContainingNamespace?.ToDisplayString() == "System" => ParameterKind.Span,
        _ => null,
    };

    /// <summary>Whether a parameter carries <c>[NoGradient]</c>.</summary>
    internal static bool IsNoGradient(IParameterSymbol parameter) =>
        parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NoGradientAttribute);

    /// <summary>The <c>Order</c> named argument of <c>[Differentiable]</c> (1 when absent).</summary>
    internal static int OrderOf(IMethodSymbol method)
    {
        AttributeData? attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == DifferentiableAttribute);
        foreach (KeyValuePair<string, TypedConstant> argument in attribute?.NamedArguments ?? ImmutableArray<KeyValuePair<string, TypedConstant>>.Empty)
        {
            if (argument.Key == "Order" && argument.Value.Value is int order)
            {
                return order;
            }
        }

        return 1;
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

        /// <summary>The loops of the body, by id.</summary>
        public List<LoopSpec> Loops { get; } = new();

        /// <summary>int locals, as the C# text of their (never changed) value.</summary>
        private readonly Dictionary<ILocalSymbol, string> _ints = new(SymbolEqualityComparer.Default);
        private HashSet<ISymbol>? _written;

        /// <summary>The loop whose body is being read (−1: none), its variable and that variable's name in the generated code.</summary>
        private int _loop = -1;
        private ISymbol? _loopVariable;
        private string? _loopVariableName;

        /// <summary>The condition under which the method has returned so far (−1: on no path), and the value it returned there.</summary>
        private int _done = -1;
        private int _result = -1;

        /// <summary>The names of the loop variables (and foreach indexes), which generated locals must not take.</summary>
        public HashSet<string> LoopVariables { get; } = new(StringComparer.Ordinal);

        private const string Allowed =
            "a [Differentiable] body declares double and int locals, assigns double locals (=, +=, -=, *=, /=, ++, --), branches with if/else, " +
            "returns anywhere outside loops, and loops with 'for (int i = a; i < b; i++)' or 'foreach (double v in span)'";

        public int BuildBody(MethodDeclarationSyntax syntax)
        {
            if (syntax.ExpressionBody is { } arrow)
            {
                return Visit(arrow.Expression);
            }

            BlockSyntax body = syntax.Body!;
            if (body.Statements.Count == 0)
            {
                Report(DiagnosticDescriptors.NoBody, syntax.Identifier.Parent ?? syntax, plain: true);
                return -1;
            }

            if (!Statements(body.Statements))
            {
                return -1;
            }

            return _result; // −1 only where the compiler reports a path without 'return' (CS0161)
        }

        private bool Returned => _done >= 0 && Nodes[_done] is { Kind: NodeKind.Condition, Name: "true" };

        private bool Statements(IEnumerable<StatementSyntax> statements)
        {
            foreach (StatementSyntax statement in statements)
            {
                if (Returned)
                {
                    break; // unreachable: the compiler warns (CS0162)
                }

                if (!Statement(statement))
                {
                    return false;
                }
            }

            return true;
        }

        private bool Statement(StatementSyntax statement)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (statement)
            {
                case BlockSyntax block:
                    return Statements(block.Statements);
                case EmptyStatementSyntax:
                    return true;
                case LocalDeclarationStatementSyntax declaration when !declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) && !declaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword):
                    return DeclareLocals(declaration);
                case ExpressionStatementSyntax expression:
                    return Assignment(statement, expression.Expression);
                case IfStatementSyntax branch:
                    return If(branch);
                case ReturnStatementSyntax { Expression: { } value }:
                    return Return(statement, value);
                case ForStatementSyntax loop:
                    return For(loop);
                case ForEachStatementSyntax loop:
                    return ForEach(loop);
                case WhileStatementSyntax or DoStatementSyntax:
                    return Refuse(statement, "while and do loops are not supported, since how often they run is known only as they run; write 'for (int i = a; i < b; i++)' with int bounds");
                case SwitchStatementSyntax:
                    return Refuse(statement, "switch is not supported; write it as if/else");
                case GotoStatementSyntax or LabeledStatementSyntax:
                    return Refuse(statement, "goto and labels are not supported; write the jump as if/else");
                case BreakStatementSyntax or ContinueStatementSyntax:
                    return Refuse(statement, "break and continue are not supported; put the rest of the loop body under an if");
                default:
                    return Refuse(statement, Allowed);
            }
        }

        private bool Refuse(SyntaxNode node, string reason)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStatement, node, _method.Name, Text(node), reason));
            return false;
        }

        private bool DeclareLocals(LocalDeclarationStatementSyntax declaration)
        {
            bool isConst = declaration.Modifiers.Any(SyntaxKind.ConstKeyword);
            foreach (VariableDeclaratorSyntax variable in declaration.Declaration.Variables)
            {
                if (_model.GetDeclaredSymbol(variable, _cancellationToken) is not ILocalSymbol local)
                {
                    continue;
                }

                if (isConst)
                {
                    continue; // every use folds to its constant value
                }

                if (local.Type.SpecialType == SpecialType.System_Int32)
                {
                    if (variable.Initializer is null)
                    {
                        return Refuse(variable, "an int local needs its value where it is declared ('int n = xs.Length;')");
                    }

                    if (Written().Contains(local))
                    {
                        return Refuse(variable, "int locals cannot change after their declaration; declare another one");
                    }

                    string? text = IntText(variable.Initializer.Value);
                    if (text is null)
                    {
                        return false;
                    }

                    _ints[local] = text;
                    continue;
                }

                if (local.Type.SpecialType != SpecialType.System_Double)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDouble, declaration.Declaration.Type, _method.Name, "local '" + local.Name + "'", local.Type.ToDisplayString()));
                    return false;
                }

                if (variable.Initializer is null)
                {
                    _locals[local] = -1; // assigned later (the compiler checks that it is before any use)
                    continue;
                }

                int node = Visit(variable.Initializer.Value);
                if (node < 0)
                {
                    return false;
                }

                _locals[local] = Named(node, local.Name);
            }

            return true;
        }

        /// <summary>Names the node after the local it initializes, if it computes something and has no name yet.</summary>
        private int Named(int node, string local)
        {
            if (Nodes[node].Kind is NodeKind.Operation or NodeKind.Call or NodeKind.Select or NodeKind.Element && Nodes[node].LocalName is null)
            {
                Nodes[node] = Nodes[node] with { LocalName = local };
            }

            return node;
        }

        /// <summary><c>local = e</c>, <c>local op= e</c>, <c>local++</c>: the local now names a new value.</summary>
        private bool Assignment(StatementSyntax statement, ExpressionSyntax expression)
        {
            ExpressionSyntax target;
            string? key;
            ExpressionSyntax? value = null;
            switch (expression)
            {
                case AssignmentExpressionSyntax assignment:
                    target = assignment.Left;
                    value = assignment.Right;
                    key = assignment.Kind() switch
                    {
                        SyntaxKind.SimpleAssignmentExpression => string.Empty,
                        SyntaxKind.AddAssignmentExpression => DerivativeRules.Add,
                        SyntaxKind.SubtractAssignmentExpression => DerivativeRules.Subtract,
                        SyntaxKind.MultiplyAssignmentExpression => DerivativeRules.Multiply,
                        SyntaxKind.DivideAssignmentExpression => DerivativeRules.Divide,
                        _ => null,
                    };
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix:
                    target = postfix.Operand;
                    key = postfix.IsKind(SyntaxKind.PostIncrementExpression) ? DerivativeRules.Add : DerivativeRules.Subtract;
                    break;
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix:
                    target = prefix.Operand;
                    key = prefix.IsKind(SyntaxKind.PreIncrementExpression) ? DerivativeRules.Add : DerivativeRules.Subtract;
                    break;
                case InvocationExpressionSyntax:
                    return Refuse(statement, "a call whose result is not used changes nothing that can be differentiated; use its value or remove it");
                default:
                    return Refuse(statement, Allowed);
            }

            ISymbol? symbol = target is IdentifierNameSyntax name ? ReferencedSymbol(name) ?? _model.GetSymbolInfo(name, _cancellationToken).Symbol : null;
            if (symbol is ILocalSymbol local && _locals.TryGetValue(local, out int old))
            {
                if (key is null)
                {
                    return Refuse(statement, "only =, +=, -=, *= and /= assign double locals");
                }

                int right = value is null ? Add(NodeKind.Constant, "const", 1.0, 0, Array.Empty<int>(), "1") : Visit(value);
                if (right < 0 || (key.Length > 0 && old < 0))
                {
                    return false; // reading an unassigned local: the compiler reports it
                }

                int updated = key.Length == 0 ? right : Add(NodeKind.Operation, key, 0, 0, new[] { old, right }, Text(expression));
                _locals[local] = Named(updated, local.Name);
                return true;
            }

            string why = symbol switch
            {
                IParameterSymbol => "parameters cannot be assigned; copy the value to a local ('double y = x;') and change that",
                ILocalSymbol when SymbolEqualityComparer.Default.Equals(symbol, _loopVariable) => "the loop variable changes only in the loop's header",
                ILocalSymbol { Type.SpecialType: SpecialType.System_Int32 } => "int locals cannot change after their declaration; declare another one",
                _ when target is ElementAccessExpressionSyntax => "spans are read-only in a [Differentiable] method; the gradient method writes their derivatives",
                _ => "only double locals of the method can be assigned",
            };
            return symbol is null && target is IdentifierNameSyntax ? false : Refuse(statement, why);
        }

        private bool If(IfStatementSyntax branch)
        {
            int condition = Condition(branch.Condition);
            if (condition < 0)
            {
                return false;
            }

            if (Nodes[condition] is { Kind: NodeKind.Condition, Operands.Count: 0 } constant)
            {
                // if (true) / if (false): only one branch can run.
                return constant.Name == "true" ? Statement(branch.Statement) : branch.Else is null || Statement(branch.Else.Statement);
            }

            var before = new Dictionary<ILocalSymbol, int>(_locals, SymbolEqualityComparer.Default);
            int done = _done, result = _result;
            if (!Statement(branch.Statement))
            {
                return false;
            }

            var thenLocals = new Dictionary<ILocalSymbol, int>(_locals, SymbolEqualityComparer.Default);
            int thenDone = _done, thenResult = _result;
            _locals.Clear();
            foreach (KeyValuePair<ILocalSymbol, int> pair in before)
            {
                _locals[pair.Key] = pair.Value;
            }

            _done = done;
            _result = result;
            if (branch.Else is { } otherwise && !Statement(otherwise.Statement))
            {
                return false;
            }

            string source = "if (" + Text(branch.Condition) + ")";
            bool thenReturned = thenDone >= 0 && Nodes[thenDone] is { Kind: NodeKind.Condition, Name: "true" };
            bool elseReturned = Returned;
            foreach (ILocalSymbol local in before.Keys)
            {
                int a = thenLocals[local], b = _locals[local];
                _locals[local] = thenReturned ? b : elseReturned ? a : Merge(condition, a, b, local.Name, source);
            }

            if (thenDone < 0 && _done < 0)
            {
                return true;
            }

            // The method has returned where (c and the first branch returned) or (not c and the second did).
            int not = -1;
            int whenTrue = thenDone < 0 ? -1 : thenReturned ? condition : Add(NodeKind.Condition, "&&", 0, 0, new[] { condition, thenDone }, source);
            int whenFalse = _done < 0 ? -1 : Add(NodeKind.Condition, "!", 0, 0, new[] { condition }, source);
            if (whenFalse >= 0)
            {
                not = whenFalse;
                whenFalse = elseReturned ? not : Add(NodeKind.Condition, "&&", 0, 0, new[] { not, _done }, source);
            }

            int returnedResult = thenResult < 0 ? _result : _result < 0 ? thenResult : Merge(condition, thenResult, _result, null, source);
            _done = thenReturned && elseReturned
                ? Add(NodeKind.Condition, "true", 0, 0, Array.Empty<int>(), "true")
                : whenTrue < 0 ? whenFalse : whenFalse < 0 ? whenTrue : Add(NodeKind.Condition, "||", 0, 0, new[] { whenTrue, whenFalse }, source);
            _result = returnedResult;
            return true;
        }

        /// <summary>
        /// The value of a local after an if/else: c ? a : b. An accumulation in one or both branches
        /// (<c>s + e₁</c> against <c>s</c> or <c>s + e₂</c>, s carried by a loop) is written s + (c ? e₁ : e₂), so that the loop stays a reduction.
        /// </summary>
        private int Merge(int condition, int a, int b, string? local, string source)
        {
            if (a == b || b < 0)
            {
                return a;
            }

            if (a < 0)
            {
                return b;
            }

            foreach (string op in new[] { DerivativeRules.Add, DerivativeRules.Subtract })
            {
                (int Base, int Term)? Split(int node) =>
                    Nodes[node] is { Kind: NodeKind.Operation } n && n.Name == op && Nodes[n.Operands[0]].Kind == NodeKind.Carried ? (n.Operands[0], n.Operands[1]) : null;

                (int Base, int Term)? left = Split(a), right = Split(b);
                int zero = Add(NodeKind.Constant, "const", 0.0, 0, Array.Empty<int>(), "0");
                (int Base, int TermA, int TermB)? parts =
                    left is { } l && right is { } r && l.Base == r.Base ? (l.Base, l.Term, r.Term) :
                    left is { } l2 && l2.Base == b ? (b, l2.Term, zero) :
                    right is { } r2 && r2.Base == a ? (a, zero, r2.Term) :
                    null;
                if (parts is { } p)
                {
                    int term = p.TermA == p.TermB ? p.TermA : Add(NodeKind.Select, "?:", 0, 0, new[] { condition, p.TermA, p.TermB }, source);
                    return Add(NodeKind.Operation, op, 0, 0, new[] { p.Base, term }, source);
                }
            }

            int select = Add(NodeKind.Select, "?:", 0, 0, new[] { condition, a, b }, source);
            return local is null ? select : Named(select, local);
        }

        private bool Return(StatementSyntax statement, ExpressionSyntax expression)
        {
            if (_loop >= 0)
            {
                return Refuse(statement, "return inside a loop is not supported; keep the value in a local and return it after the loop");
            }

            int value = Visit(expression);
            if (value < 0)
            {
                return false;
            }

            _result = _done < 0 ? value : Merge(_done, _result, value, null, "return " + Text(expression));
            _done = Add(NodeKind.Condition, "true", 0, 0, Array.Empty<int>(), "true");
            return true;
        }

        private bool For(ForStatementSyntax loop)
        {
            if (loop.Declaration is not { Variables.Count: 1 } declaration || loop.Initializers.Count > 0 ||
                declaration.Variables[0].Initializer is not { } initializer ||
                _model.GetDeclaredSymbol(declaration.Variables[0], _cancellationToken) is not ILocalSymbol { Type.SpecialType: SpecialType.System_Int32 } variable)
            {
                return Refuse(loop, "a loop's header must be 'for (int i = start; i < end; i++)': one int variable declared with its first value");
            }

            if (loop.Condition is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression or (int)SyntaxKind.LessThanOrEqualExpression } condition ||
                condition.Left is not IdentifierNameSyntax left || !SymbolEqualityComparer.Default.Equals(ReferencedSymbol(left) ?? _model.GetSymbolInfo(left, _cancellationToken).Symbol, variable))
            {
                return Refuse((SyntaxNode?)loop.Condition ?? loop, "a loop's condition must be 'i < end' or 'i <= end' with an int bound");
            }

            int step = loop.Incrementors.Count == 1 ? Step(loop.Incrementors[0], variable) : 0;
            if (step <= 0)
            {
                return Refuse(loop.Incrementors.Count > 0 ? loop.Incrementors[0] : loop, "a loop's increment must be 'i++', '++i' or 'i += k' with a positive int constant k");
            }

            if (_loop >= 0)
            {
                return Refuse(loop, "loops inside loops are not supported; write the inner loop's work without a loop or in a separate [Differentiable] method of doubles");
            }

            string? start = IntText(initializer.Value);
            string? end = start is null ? null : IntText(condition.Right);
            if (end is null)
            {
                return false;
            }

            foreach (SyntaxNode node in loop.Statement.DescendantNodesAndSelf())
            {
                if (WriteTarget(node) is IdentifierNameSyntax name && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(name) ?? _model.GetSymbolInfo(name, _cancellationToken).Symbol, variable))
                {
                    return Refuse(node, "the loop variable changes only in the loop's header");
                }
            }

            string header = "for (" + Text(declaration) + "; " + Text(condition) + "; " + Text(loop.Incrementors[0]) + ")";
            return Loop(loop.Statement, variable, TypeSpecParser.Escape(variable.Name), start!, end, condition.IsKind(SyntaxKind.LessThanOrEqualExpression), step, header, null);
        }

        private bool ForEach(ForEachStatementSyntax loop)
        {
            if (_loop >= 0)
            {
                return Refuse(loop, "loops inside loops are not supported; write the inner loop's work without a loop or in a separate [Differentiable] method of doubles");
            }

            if (loop.Expression is not IdentifierNameSyntax spanName ||
                (ReferencedSymbol(spanName) ?? _model.GetSymbolInfo(spanName, _cancellationToken).Symbol) is not IParameterSymbol span ||
                !SymbolEqualityComparer.Default.Equals(span.ContainingSymbol, _method) || KindOf(span.Type) != ParameterKind.Span ||
                _model.GetDeclaredSymbol(loop, _cancellationToken) is not ILocalSymbol { Type.SpecialType: SpecialType.System_Double } element)
            {
                return Refuse(loop, "foreach runs only over a ReadOnlySpan<double> parameter, as 'foreach (double v in span)'");
            }

            // The hidden index: a name no parameter or local of the method has.
            var taken = new HashSet<string>(_method.Parameters.Select(p => p.Name), StringComparer.Ordinal);
            foreach (SyntaxNode node in _body.DescendantNodes())
            {
                if (node is VariableDeclaratorSyntax v)
                {
                    taken.Add(v.Identifier.ValueText);
                }
                else if (node is ForEachStatementSyntax f)
                {
                    taken.Add(f.Identifier.ValueText);
                }
            }

            string index = "i_" + element.Name;
            while (taken.Contains(index))
            {
                index += "_";
            }

            string spanText = TypeSpecParser.Escape(span.Name);
            string header = "foreach (" + Text(loop.Type) + " " + loop.Identifier.ValueText + " in " + spanText + ")";
            return Loop(loop.Statement, null, index, "0", spanText + ".Length", false, 1, header, (element, span.Ordinal));
        }

        /// <summary>The loop's step: 1 for i++ and ++i, k for i += k; 0 for anything else.</summary>
        private int Step(ExpressionSyntax incrementor, ILocalSymbol variable)
        {
            bool IsVariable(ExpressionSyntax e) => e is IdentifierNameSyntax n && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(n) ?? _model.GetSymbolInfo(n, _cancellationToken).Symbol, variable);
            return incrementor switch
            {
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression } p when IsVariable(p.Operand) => 1,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression } p when IsVariable(p.Operand) => 1,
                AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } a when IsVariable(a.Left) && ConstantValue(a.Right) is { HasValue: true, Value: int k } => k,
                _ => 0,
            };
        }

        /// <summary>
        /// Reads a loop body: the double locals it assigns that live outside it are carried from one
        /// iteration to the next; each is a <see cref="NodeKind.Carried"/> node at the top of the body.
        /// </summary>
        private bool Loop(StatementSyntax body, ILocalSymbol? variable, string variableName, string start, string end, bool inclusive, int step, string header, (ILocalSymbol Local, int Span)? element)
        {
            var carried = new List<ILocalSymbol>();
            foreach (SyntaxNode node in body.DescendantNodesAndSelf())
            {
                if (WriteTarget(node) is IdentifierNameSyntax name && (ReferencedSymbol(name) ?? _model.GetSymbolInfo(name, _cancellationToken).Symbol) is ILocalSymbol local &&
                    _locals.ContainsKey(local) && !carried.Contains(local, SymbolEqualityComparer.Default))
                {
                    carried.Add(local);
                }
            }

            int id = Loops.Count;
            Loops.Add(null!); // reserved: the body may not hold another loop
            LoopVariables.Add(variableName);
            int[] initial = carried.Select(l => _locals[l] >= 0 ? _locals[l] : Add(NodeKind.Constant, "const", 0.0, 0, Array.Empty<int>(), "0")).ToArray();
            _loop = id;
            _loopVariable = variable;
            _loopVariableName = variableName;
            int[] carriedNodes = new int[carried.Count];
            for (int s = 0; s < carried.Count; s++)
            {
                carriedNodes[s] = Add(NodeKind.Carried, carried[s].Name, 0, s, Array.Empty<int>(), carried[s].Name);
                Nodes[carriedNodes[s]] = Nodes[carriedNodes[s]] with { LocalName = carried[s].Name };
                _locals[carried[s]] = carriedNodes[s];
            }

            if (element is { } e)
            {
                _locals[e.Local] = Named(Add(NodeKind.Element, variableName, 0, e.Span, Array.Empty<int>(), e.Local.Name), e.Local.Name);
            }

            bool ok = Statement(body);
            int[] updates = carried.Select(l => _locals[l]).ToArray();
            _loop = -1;
            _loopVariable = null;
            _loopVariableName = null;
            if (!ok)
            {
                return false;
            }

            bool reduction = IsReduction(carriedNodes, updates);
            int loopNode = Add(NodeKind.Loop, "loop", 0, id, initial.Concat(updates).ToArray(), header);
            for (int s = 0; s < carried.Count; s++)
            {
                int output = Add(NodeKind.LoopOutput, carried[s].Name, 0, s, new[] { loopNode }, carried[s].Name);
                _locals[carried[s]] = output;
            }

            Loops[id] = new LoopSpec(variableName, start, end, inclusive, step, carriedNodes.ToEquatableArray(), updates.ToEquatableArray(), reduction, header);
            return true;
        }

        /// <summary>
        /// Whether each carried local only accumulates: its update is s + e or s − e, with e not
        /// reading any carried local, and s used nowhere else in the body.
        /// </summary>
        private bool IsReduction(int[] carried, int[] updates)
        {
            if (carried.Length == 0)
            {
                return true;
            }

            int first = carried.Min();
            bool[] dependsOnCarried = new bool[Nodes.Count];
            for (int i = first; i < Nodes.Count; i++)
            {
                dependsOnCarried[i] = Nodes[i].Kind == NodeKind.Carried || Nodes[i].Operands.Any(o => o >= first && dependsOnCarried[o]);
            }

            // Only what the updates use counts (an if/else leaves the values of its branches behind).
            bool[] used = new bool[Nodes.Count];
            foreach (int u in updates)
            {
                used[u] = true;
            }

            for (int i = Nodes.Count - 1; i >= first; i--)
            {
                if (used[i])
                {
                    foreach (int o in Nodes[i].Operands)
                    {
                        used[o] = true;
                    }
                }
            }

            for (int s = 0; s < carried.Length; s++)
            {
                int u = updates[s], c = carried[s];
                if (u == c)
                {
                    continue;
                }

                NodeSpec update = Nodes[u];
                bool accumulates = update.Kind == NodeKind.Operation && update.Operands.Count == 2 &&
                    ((update.Name == DerivativeRules.Add && update.Operands[0] == c && update.Operands[1] != c) ||
                     (update.Name == DerivativeRules.Add && update.Operands[1] == c && update.Operands[0] != c) ||
                     (update.Name == DerivativeRules.Subtract && update.Operands[0] == c && update.Operands[1] != c));
                int term = update.Operands.Count == 2 ? (update.Operands[0] == c ? update.Operands[1] : update.Operands[0]) : -1;
                if (!accumulates || dependsOnCarried[term])
                {
                    return false;
                }

                int uses = 0;
                for (int i = first; i < Nodes.Count; i++)
                {
                    uses += used[i] ? Nodes[i].Operands.Count(o => o == c) : 0;
                }

                if (uses != 1)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The expression a node assigns or increments, if it does.</summary>
        private static ExpressionSyntax? WriteTarget(SyntaxNode node) => node switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left,
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => postfix.Operand,
            ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
            _ => null,
        };

        /// <summary>The symbols the body assigns or increments anywhere.</summary>
        private HashSet<ISymbol> Written()
        {
            if (_written is null)
            {
                _written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                foreach (SyntaxNode node in _body.DescendantNodes())
                {
                    if (WriteTarget(node) is IdentifierNameSyntax name && (ReferencedSymbol(name) ?? _model.GetSymbolInfo(name, _cancellationToken).Symbol) is { } symbol)
                    {
                        _written.Add(symbol);
                    }
                }
            }

            return _written;
        }

        /// <summary>
        /// An int expression as C# text for the generated code: int parameters, the loop variable, int
        /// locals, constants, <c>span.Length</c>, and <c>+ − * / %</c> of those. Null (reported) otherwise.
        /// </summary>
        private string? IntText(ExpressionSyntax expression)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            if (ConstantValue(expression) is { HasValue: true, Value: int constant })
            {
                string digits = constant.ToString(CultureInfo.InvariantCulture);
                return constant < 0 ? "(" + digits + ")" : digits;
            }

            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return IntText(parenthesized.Expression) is { } inner ? "(" + inner + ")" : null;
                case IdentifierNameSyntax identifier:
                    switch (ReferencedSymbol(identifier) ?? _model.GetSymbolInfo(identifier, _cancellationToken).Symbol)
                    {
                        case IParameterSymbol { Type.SpecialType: SpecialType.System_Int32 } parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _method):
                            return TypeSpecParser.Escape(parameter.Name);
                        case ILocalSymbol local when _loopVariable is not null && SymbolEqualityComparer.Default.Equals(local, _loopVariable):
                            return _loopVariableName;
                        case ILocalSymbol local when _ints.TryGetValue(local, out string? text):
                            return "(" + text + ")";
                        case null:
                            return null;
                    }

                    break;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length", Expression: IdentifierNameSyntax spanName }
                    when (ReferencedSymbol(spanName) ?? _model.GetSymbolInfo(spanName, _cancellationToken).Symbol) is IParameterSymbol span &&
                         SymbolEqualityComparer.Default.Equals(span.ContainingSymbol, _method) && KindOf(span.Type) == ParameterKind.Span:
                    return TypeSpecParser.Escape(span.Name) + ".Length";
                case BinaryExpressionSyntax binary when NaturalType(binary)?.SpecialType == SpecialType.System_Int32 &&
                                                       binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression or SyntaxKind.ModuloExpression:
                    string? l = IntText(binary.Left);
                    string? r = l is null ? null : IntText(binary.Right);
                    return r is null ? null : Wrap(binary.Left, l!) + " " + binary.OperatorToken.Text + " " + Wrap(binary.Right, r);
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } minus:
                    return IntText(minus.Operand) is { } operand ? "-" + Wrap(minus.Operand, operand) : null;
            }

            Refuse(expression, "int values here may be int parameters, int locals, the loop variable, constants, span.Length, and + - * / % of those");
            return null;

            static string Wrap(ExpressionSyntax e, string text) => e is BinaryExpressionSyntax ? "(" + text + ")" : text;
        }

        /// <summary>The type of an expression before any implicit conversion.</summary>
        private ITypeSymbol? NaturalType(ExpressionSyntax expression)
        {
            IOperation? operation = Operation(expression);
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation is not null ? operation.Type : _model.GetTypeInfo(expression, _cancellationToken).Type;
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

            if (expression is not InvocationExpressionSyntax && NaturalType(expression) is { SpecialType: SpecialType.System_Int32 })
            {
                // An int where a double is expected (i, n - 1, xs.Length): a value with no derivative.
                string? text = IntText(expression);
                return text is null ? -1 : Add(NodeKind.Integer, text, 0, 0, Array.Empty<int>(), Text(expression));
            }

            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Visit(parenthesized.Expression);

                case ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax spanName, ArgumentList.Arguments.Count: 1 } access
                    when access.ArgumentList.Arguments[0] is { RefKindKeyword.RawKind: 0, NameColon: null } index &&
                         (ReferencedSymbol(spanName) ?? _model.GetSymbolInfo(spanName, _cancellationToken).Symbol) is IParameterSymbol span &&
                         SymbolEqualityComparer.Default.Equals(span.ContainingSymbol, _method) && KindOf(span.Type) == ParameterKind.Span:
                {
                    string? text = IntText(index.Expression);
                    return text is null ? -1 : Add(NodeKind.Element, text, 0, span.Ordinal, Array.Empty<int>(), Text(access));
                }

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
                    Refuse(expression, "assignments and ++/-- inside an expression have side effects; write them as statements of their own");
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

                case BinaryExpressionSyntax comparison when ComparisonOperator(comparison) is { } op && IsNumber(comparison.Left) && IsNumber(comparison.Right):
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
                case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _method) && parameter.Type.SpecialType == SpecialType.System_Double:
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
            string? container = target.ContainingType?.ToDisplayString();
            DerivativeRule? rule = container == "System.Math" ? DerivativeRules.FindFunction(target.Name, target.Parameters.Length) : null;
            bool doubles = (target.ReturnType.SpecialType == SpecialType.System_Double || sign) &&
                           target.Parameters.All(p => p.RefKind == RefKind.None &&
                               (p.Type.SpecialType == SpecialType.System_Double || (rule is not null && p.Type.SpecialType == SpecialType.System_Int32 && DerivativeRules.IsIntOperand(rule.Key, p.Ordinal))));
            ExpressionSyntax?[]? arguments = doubles ? Arguments(invocation, target) : null;

            if (container is "System.Math" or "System.MathF" or "System.Double")
            {
                if (rule is null || arguments is null || arguments.Any(a => a is null))
                {
                    string why = container == "System.MathF"
                        ? "MathF works in float; use the Math function of the same name"
                        : rule is null ? container + "." + target.Name + " has no derivative rule in NetGen" : "this overload of Math." + target.Name + " does not take double arguments only";
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFunction, invocation, _method.Name, Text(invocation), why));
                    return -1;
                }

                int[] indexes = new int[arguments.Length];
                for (int i = 0; i < arguments.Length; i++)
                {
                    // An int operand (ScaleB's exponent) stays an int in the generated call.
                    string? text = DerivativeRules.IsIntOperand(rule.Key, i) ? IntText(arguments[i]!) : null;
                    indexes[i] = DerivativeRules.IsIntOperand(rule.Key, i)
                        ? text is null ? -1 : Add(NodeKind.Integer, text, 0, 0, Array.Empty<int>(), arguments[i]!)
                        : Visit(arguments[i]!);
                    if (indexes[i] < 0)
                    {
                        return -1;
                    }
                }

                return Add(NodeKind.Operation, rule.Key, 0, 0, indexes, invocation);
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

            if (differentiable && target.Parameters.Any(p => KindOf(p.Type) != ParameterKind.Double))
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFunction, invocation, _method.Name, Text(invocation),
                    "calls to [Differentiable] methods with span or int parameters are not supported; write the callee's loop in this method"));
                return -1;
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
            int call = Add(NodeKind.Call, gradient, 0, 0, operands, invocation);
            int[] passive = target.Parameters.Where(IsNoGradient).Select(p => p.Ordinal).ToArray();
            if (passive.Length > 0)
            {
                // The callee's gradient writes no derivative for its [NoGradient] parameters.
                Nodes[call] = Nodes[call] with { Passive = passive.ToEquatableArray() };
            }

            return call;
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
        private int Add(NodeKind kind, string name, double value, int index, int[] operands, SyntaxNode expression) =>
            Add(kind, name, value, index, operands, Text(expression));

        /// <summary>
        /// Adds a node, or returns the existing node that computes the same thing: one computed
        /// before the current loop, or one of the current loop's body. A node of a loop body is never
        /// shared outside it.
        /// </summary>
        private int Add(NodeKind kind, string name, double value, int index, int[] operands, string source)
        {
            string key = string.Join(
                "|",
                kind.ToString(),
                name,
                BitConverter.DoubleToInt64Bits(value).ToString(CultureInfo.InvariantCulture),
                index.ToString(CultureInfo.InvariantCulture),
                string.Join(",", operands.Select(o => o.ToString(CultureInfo.InvariantCulture))));
            if (_unique.TryGetValue(key + "|-1", out int existing))
            {
                return existing;
            }

            // Parameters and constants are the same in every iteration: they belong to no loop.
            int loop = kind is NodeKind.Parameter or NodeKind.Constant ? -1 : _loop;
            string scoped = key + "|" + loop.ToString(CultureInfo.InvariantCulture);
            if (_unique.TryGetValue(scoped, out existing))
            {
                return existing;
            }

            Nodes.Add(new NodeSpec(kind, name, value, index, operands.ToEquatableArray(), null, source) { Loop = loop });
            _unique[scoped] = Nodes.Count - 1;
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

        /// <summary>Whether the expression is a double or an int.</summary>
        private bool IsNumber(ExpressionSyntax expression) =>
            IsDouble(expression) || NaturalType(expression)?.SpecialType == SpecialType.System_Int32;

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
