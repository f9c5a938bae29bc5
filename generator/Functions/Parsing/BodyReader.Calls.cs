using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>Calls: math functions, other <c>[Differentiable]</c> methods, <c>[GradientOf]</c> functions, and values NetGen does not differentiate.</summary>
internal sealed partial class BodyReader
{
    private Expression? ReadCall(IInvocationOperation call)
    {
        IMethodSymbol target = call.TargetMethod;
        if (!target.IsStatic || target.IsGenericMethod || target.ReturnsByRef || target.ReturnsByRefReadonly)
        {
            return NotDifferentiable(call);
        }

        if (IsMathType(target.ContainingType))
        {
            return ReadMath(call, target);
        }

        if (FunctionAttributes.IsDifferentiable(target))
        {
            return ReadDifferentiable(call, target) is { } arguments && ScalarOf(target.ReturnType) is { } type
                ? Remember(new Call(type, FunctionKeys.Key(target), arguments), call, target)
                : null;
        }

        if (GradientOfReader.Find(target) is { } gradient)
        {
            return ReadGradientCall(call, target, gradient);
        }

        return ReadExternal(call, target);
    }

    private static bool IsMathType(INamedTypeSymbol? type) =>
        type is { SpecialType: SpecialType.System_Double or SpecialType.System_Single } ||
        type?.ToDisplayString() is "System.Math" or "System.MathF";

    /// <summary>A math function: an operation with a derivative rule, or (int or bool result) a value with none.</summary>
    private Expression? ReadMath(IInvocationOperation call, IMethodSymbol target)
    {
        string key = Operators.FunctionKey(target.Name, target.Parameters.Length);
        OperatorRule? rule = Operators.Find(key);
        Expression?[]? operands = ReadScalarArguments(call, target);
        if (operands is null || operands.Any(o => o is null))
        {
            return null;
        }

        ScalarType? result = ScalarOf(target.ReturnType);
        if (rule is not null && rule.Arity == operands.Length && result is { } type && Fits(rule, operands!, type))
        {
            return new Operation(type, key, operands.Select(o => o!).ToEquatableArray());
        }

        if (result is ScalarType.Int32 or ScalarType.Boolean || (result is { } passive && operands.All(o => !o!.IsReal)))
        {
            return new External(result.Value, Qualified(target), operands.Select(o => o!).ToEquatableArray());
        }

        string why = rule is null
            ? target.ContainingType.Name + "." + target.Name + " has no derivative rule in NetGen"
            : "this overload of " + target.ContainingType.Name + "." + target.Name + " is not supported; use the one of " + rule.Arity + " double or float arguments";
        Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFunction, call.Syntax, _method.Name, Snippet.Of(call.Syntax), why, Operators.SupportedFunctions));
        return null;
    }

    /// <summary>Whether the operands have the types the rule takes: all reals of the result's type (ints where it says).</summary>
    private static bool Fits(OperatorRule rule, Expression[] operands, ScalarType result)
    {
        if (rule.Partials is null)
        {
            return true;
        }

        for (int i = 0; i < operands.Length; i++)
        {
            ScalarType expected = i == rule.IntOperand ? ScalarType.Int32 : result;
            if (operands[i].Type != expected)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The arguments of a call to another <c>[Differentiable]</c> method, in parameter order.</summary>
    private EquatableArray<Argument>? ReadDifferentiable(IInvocationOperation call, IMethodSymbol target)
    {
        if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, _method.OriginalDefinition))
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Recursion, call.Syntax, _method.Name, string.Empty));
            return null;
        }

        IArgumentOperation?[] byParameter = ByParameter(call, target);
        var arguments = new Argument[target.Parameters.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            IParameterSymbol parameter = target.Parameters[i];
            if (byParameter[i] is not { } argument || parameter.RefKind != RefKind.None)
            {
                NotDifferentiable(call);
                return null;
            }

            Argument? read = SpanOf(parameter.Type) is { } span ? ReadArrayArgument(argument, span.Writable) : ReadValue(argument.Value) is { } value ? new ValueArgument(value) : null;
            if (read is null)
            {
                return null;
            }

            arguments[i] = read;
        }

        string key = FunctionKeys.Key(target);
        Callees.Add(key);
        Calls.Add(new CallSite(key, FunctionKeys.DisplayName(target), LocationInfo.From(call.Syntax)));
        return arguments.ToEquatableArray();
    }

    private Argument? ReadArrayArgument(IArgumentOperation argument, bool writable)
    {
        if (ReadSpanArgument(argument.Value) is not { } array)
        {
            Refuse(argument.Syntax, "a span argument must be a span of the method's own (a parameter, a stackalloc local) or a Slice of one");
            return null;
        }

        if (writable && Arrays[Root(array.Array)].Role == ArrayRole.Input)
        {
            Refuse(argument.Syntax, "this parameter is an output the callee writes; pass a Span the method may write (a stackalloc local or one of its own outputs)");
            return null;
        }

        return array;
    }

    /// <summary>The array a view (transitively) slices; itself for any other array.</summary>
    private int Root(int array) => _viewBases.TryGetValue(array, out int root) ? Root(root) : array;

    private readonly Dictionary<int, int> _viewBases = new();

    private bool ReadCallStatement(IInvocationOperation call, SyntaxNode statement, List<Statement> into)
    {
        IMethodSymbol target = call.TargetMethod;
        if (!FunctionAttributes.IsDifferentiable(target) || !target.IsStatic || target.IsGenericMethod)
        {
            return Refuse(statement, "a void call is allowed only to a [Differentiable] method that writes its results into Span arguments; mark '" + target.Name + "' [Differentiable] or compute its results here");
        }

        if (ReadDifferentiable(call, target) is not { } arguments)
        {
            return false;
        }

        var read = new CallStatement(FunctionKeys.Key(target), arguments) { Source = Snippet.Of(call.Syntax) };
        Remember(read, call, target);
        into.Add(read);
        return true;
    }

    /// <summary>A call whose derivative the user supplies with [GradientOf].</summary>
    private Expression? ReadGradientCall(IInvocationOperation call, IMethodSymbol target, IMethodSymbol gradient)
    {
        if (!_model.Compilation.IsSymbolAccessibleWithin(gradient, _method.ContainingType) || gradient.ContainingType.IsFileLocal)
        {
            Refuse(call.Syntax, "its [GradientOf] method '" + gradient.Name + "' is not accessible from '" + _method.ContainingType.Name + "'; make it internal or public");
            return null;
        }

        IArgumentOperation?[] byParameter = ByParameter(call, target);
        var arguments = new Argument[target.Parameters.Length];
        var differentiated = new bool[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            IParameterSymbol parameter = target.Parameters[i];
            differentiated[i] = GradientOfReader.Differentiated(parameter);
            Argument? read = byParameter[i] is not { } argument ? null
                : SpanOf(parameter.Type) is not null ? ReadArrayArgument(argument, false)
                : ReadValue(argument.Value) is { } value ? new ValueArgument(value) : null;
            if (read is null)
            {
                return byParameter[i] is null ? NotDifferentiable(call) : null;
            }

            arguments[i] = read;
        }

        NoteAccess(gradient);
        NoteAccess(target);
        var node = new GradientCall(ScalarOf(target.ReturnType)!.Value, Qualified(target), Qualified(gradient), arguments.ToEquatableArray(), differentiated.ToEquatableArray());
        return Remember(node, call, target);
    }

    /// <summary>A static method NetGen does not differentiate: allowed where its arguments have no derivative, or its result is an int or a bool.</summary>
    private Expression? ReadExternal(IInvocationOperation call, IMethodSymbol target)
    {
        if (ScalarOf(target.ReturnType) is not { } type || target.ContainingType.IsFileLocal ||
            target.Parameters.Any(p => p.RefKind != RefKind.None || ScalarOf(p.Type) is null))
        {
            return NotDifferentiable(call);
        }

        Expression?[]? operands = ReadScalarArguments(call, target);
        if (operands is null || operands.Any(o => o is null))
        {
            return null;
        }

        NoteAccess(target);
        var node = new External(type, Qualified(target), operands.Select(o => o!).ToEquatableArray());
        return type is ScalarType.Double or ScalarType.Single ? Remember(node, call, target) : node;
    }

    private Expression?[]? ReadScalarArguments(IInvocationOperation call, IMethodSymbol target)
    {
        IArgumentOperation?[] byParameter = ByParameter(call, target);
        if (byParameter.Any(a => a is null) || target.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            NotDifferentiable(call);
            return null;
        }

        return byParameter.Select(a => ReadValue(a!.Value)).ToArray();
    }

    /// <summary>The arguments in parameter order (named arguments may come in any order; omitted ones carry their default).</summary>
    private static IArgumentOperation?[] ByParameter(IInvocationOperation call, IMethodSymbol target)
    {
        var result = new IArgumentOperation?[target.Parameters.Length];
        foreach (IArgumentOperation argument in call.Arguments)
        {
            if (argument.Parameter is { } parameter && argument.ArgumentKind != ArgumentKind.ParamArray && parameter.Ordinal < result.Length)
            {
                result[parameter.Ordinal] = argument;
            }
        }

        return result;
    }

    /// <summary>Notes where each argument of a call was written, for the checks that need the body's activity.</summary>
    private T Remember<T>(T node, IInvocationOperation call, IMethodSymbol target)
        where T : class
    {
        string callee = FunctionKeys.DisplayName(target);
        bool external = node is External;
        foreach (IArgumentOperation argument in call.Arguments)
        {
            if (argument.Parameter is { } parameter && argument.ArgumentKind == ArgumentKind.Explicit)
            {
                bool stops = external || FunctionAttributes.IsNoGradient(parameter) || (node is GradientCall && !GradientOfReader.Differentiated(parameter));
                if (stops)
                {
                    ArgumentSites.Add(new ArgumentSite(node, parameter.Ordinal, LocationInfo.From(argument.Syntax), LocationInfo.From(call.Syntax), Snippet.Of(argument.Syntax), Snippet.Of(call.Syntax), parameter.Name, callee, !external));
                }
            }
        }

        return node;
    }

    private Expression? NotDifferentiable(IInvocationOperation call)
    {
        string why = call.TargetMethod.IsStatic
            ? "NetGen differentiates math functions (" + Operators.SupportedFunctions + ") and [Differentiable] methods, and calls other static methods only where their result is an int or a bool, or their arguments have no derivative"
            : "it is an instance method; NetGen calls static methods only";
        Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDifferentiableCall, call.Syntax, _method.Name, Snippet.Of(call.Syntax), why));
        return null;
    }
}
