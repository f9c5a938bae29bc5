using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>Statements: declarations, assignments, branches, returns; loops are in <c>BodyReader.Loops.cs</c>.</summary>
internal sealed partial class BodyReader
{
    private const string Allowed =
        "a [Differentiable] body declares double, float, int and bool locals and stackalloc spans, assigns them (=, +=, -=, *=, /=, %=, ++, --), " +
        "writes elements of spans it declared or of its Span outputs, branches with if/else and ?:, loops with for, foreach, while and do, " +
        "and uses break, continue and return anywhere";

    private bool ReadStatement(IOperation operation, List<Statement> into)
    {
        Check();
        switch (operation)
        {
            case IBlockOperation block:
                foreach (IOperation statement in block.Operations)
                {
                    if (!ReadStatement(statement, into))
                    {
                        return false; // one refusal at a time: what follows may depend on it
                    }
                }

                return true;
            case IEmptyOperation:
                return true;
            case IVariableDeclarationGroupOperation group:
                return group.Declarations.SelectMany(d => d.Declarators).Aggregate(true, (all, d) => ReadDeclarator(d, into) && all);
            case IExpressionStatementOperation { Operation: var expression }:
                return ReadEffect(expression, into);
            case IConditionalOperation { Type: null } branch:
                return ReadIf(branch, into);
            case IReturnOperation returned:
                return ReadReturn(returned, into);
            case IBranchOperation { BranchKind: BranchKind.Break }:
                into.Add(new Break { Source = "break" });
                return true;
            case IBranchOperation { BranchKind: BranchKind.Continue }:
                into.Add(new Continue { Source = "continue" });
                return true;
            case ILoopOperation loop:
                return ReadLoop(loop, into);
            default:
                return RefuseStatement(operation);
        }
    }

    private bool RefuseStatement(IOperation operation) => operation switch
    {
        IBranchOperation or ILabeledOperation => Refuse(operation.Syntax, "goto and labels are not supported; write the jump with if/else, break or continue"),
        ISwitchOperation => Refuse(operation.Syntax, "switch is not supported; write it as if/else if/else"),
        ILocalFunctionOperation => Refuse(operation.Syntax, "local functions are not supported; make it a static [Differentiable] method of the class and call it"),
        ITryOperation or IUsingOperation or ILockOperation => Refuse(operation.Syntax, "try, using and lock are not supported in a [Differentiable] body; keep such code outside and pass its results in"),
        _ => Refuse(operation.Syntax, Allowed),
    };

    /// <summary>A local: a scalar (with or without a value), a stackalloc span, or a span that names another.</summary>
    private bool ReadDeclarator(IVariableDeclaratorOperation declarator, List<Statement> into)
    {
        ILocalSymbol local = declarator.Symbol;
        if (local.IsConst)
        {
            return true; // every use folds to its constant value
        }

        IOperation? initializer = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
        if (SpanOf(local.Type) is { } span)
        {
            return ReadSpanLocal(local, span.Element, initializer, declarator.Syntax, into);
        }

        if (ScalarOf(local.Type) is not { } type)
        {
            SyntaxNode where = (declarator.Syntax.Parent as VariableDeclarationSyntax)?.Type ?? declarator.Syntax;
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotDouble, where, _method.Name, "local '" + local.Name + "'", local.Type.ToDisplayString(), Advice(local.Type)));
            return false;
        }

        int slot = Declare(local, local.Name, type, VariableRole.Local);
        if (initializer is null)
        {
            return true; // assigned later: the compiler checks that it is before any use
        }

        Expression? value = ReadValue(initializer);
        if (value is null)
        {
            return false;
        }

        into.Add(new Assign(slot, value) { Source = Snippet.Of(declarator.Syntax) });
        return true;
    }

    /// <summary><c>Span&lt;T&gt; u = stackalloc T[n]</c> (with or without an initializer list) or <c>ReadOnlySpan&lt;T&gt; row = xs.Slice(a, n)</c>.</summary>
    private bool ReadSpanLocal(ILocalSymbol local, ScalarType element, IOperation? initializer, SyntaxNode syntax, List<Statement> into)
    {
        SyntaxNode? value = (syntax as VariableDeclaratorSyntax)?.Initializer?.Value;
        while (value is ParenthesizedExpressionSyntax parenthesized)
        {
            value = parenthesized.Expression;
        }

        if (value is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax)
        {
            return ReadStackAlloc(local, element, value, into);
        }

        if (initializer is not null && ReadSpanArgument(initializer) is { } view)
        {
            int slot = NewArray(local, local.Name, element, ArrayRole.View);
            _viewBases[slot] = view.Array;
            into.Add(new DeclareView(slot, view.Array, view.Start, view.Length) { Source = Snippet.Of(syntax) });
            return true;
        }

        return Refuse(syntax, "a span local must be 'Span<double> u = stackalloc double[n];' or a span of the method's own ('ReadOnlySpan<double> row = xs.Slice(i * n, n);')");
    }

    private bool ReadStackAlloc(ILocalSymbol local, ScalarType element, SyntaxNode value, List<Statement> into)
    {
        InitializerExpressionSyntax? list = value switch
        {
            StackAllocArrayCreationExpressionSyntax s => s.Initializer,
            ImplicitStackAllocArrayCreationExpressionSyntax i => i.Initializer,
            _ => null,
        };
        ExpressionSyntax? size = (value as StackAllocArrayCreationExpressionSyntax)?.Type is ArrayTypeSyntax { RankSpecifiers.Count: 1 } arrayType &&
                                 arrayType.RankSpecifiers[0].Sizes.Count == 1 && arrayType.RankSpecifiers[0].Sizes[0] is not OmittedArraySizeExpressionSyntax
            ? arrayType.RankSpecifiers[0].Sizes[0]
            : null;
        Expression? length = size is not null
            ? (_model.GetOperation(size, _cancellationToken) is { } sizeOperation ? ReadValue(sizeOperation) : null)
            : list is not null ? Constant.Int(list.Expressions.Count) : null;
        if (length is null || length.Type != ScalarType.Int32)
        {
            return length is null && Diagnostics.Count > 0 || Refuse(value, "the length of a stackalloc span must be an int expression");
        }

        int slot = NewArray(local, local.Name, element, ArrayRole.Local);
        into.Add(new DeclareArray(slot, length) { Source = Snippet.Of(value.Parent?.Parent ?? value) });
        for (int i = 0; i < (list?.Expressions.Count ?? 0); i++)
        {
            if (_model.GetOperation(list!.Expressions[i], _cancellationToken) is not { } item || ReadValue(item) is not { } itemValue)
            {
                return false;
            }

            into.Add(new AssignElement(slot, Constant.Int(i), Convert(itemValue, element, false)));
        }

        return true;
    }

    private bool ReadIf(IConditionalOperation branch, List<Statement> into)
    {
        Expression? condition = ReadValue(branch.Condition);
        var then = new List<Statement>();
        var otherwise = new List<Statement>();
        bool ok = condition is not null;
        ok &= ReadStatement(branch.WhenTrue, then);
        ok &= branch.WhenFalse is null || ReadStatement(branch.WhenFalse, otherwise);
        if (ok)
        {
            into.Add(new If(condition!, then.ToEquatableArray(), otherwise.ToEquatableArray()) { Source = "if (" + Snippet.Of(branch.Condition.Syntax) + ")" });
        }

        return ok;
    }

    private bool ReadReturn(IReturnOperation returned, List<Statement> into)
    {
        Expression? value = null;
        if (returned.ReturnedValue is { } operation && (value = ReadValue(operation)) is null)
        {
            return false;
        }

        into.Add(new Return(value) { Source = Snippet.Of(returned.Syntax) });
        return true;
    }

    /// <summary>An expression statement: an assignment, <c>++</c>/<c>--</c>, or a call of a method that writes span outputs.</summary>
    private bool ReadEffect(IOperation operation, List<Statement> into)
    {
        string source = Snippet.Of(operation.Syntax);
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
                return ReadAssignment(assignment.Target, assignment.Value, into, source);
            case ICompoundAssignmentOperation compound:
                return ReadCompound(compound, into, source);
            case IIncrementOrDecrementOperation step:
                return ReadStep(step, into, source);
            case IInvocationOperation call when call.TargetMethod.ReturnsVoid:
                return ReadCallStatement(call, operation.Parent?.Syntax ?? call.Syntax, into);
            case IInvocationOperation:
                return Refuse(operation.Syntax, "a call whose result is not used changes nothing that can be differentiated; use its value or remove it");
            case IThrowOperation:
                return Refuse(operation.Syntax, "throw is not supported in a [Differentiable] body; check arguments before calling it");
            default:
                return Refuse(operation.Syntax, Allowed);
        }
    }

    private bool ReadAssignment(IOperation target, IOperation value, List<Statement> into, string source)
    {
        if (SpanOf(target.Type) is not null)
        {
            return ReadViewAssignment(target, value, into, source);
        }

        Expression? right = ReadValue(value);
        return right is not null && Store(target, right, into, source);
    }

    /// <summary><c>x op= e</c> is <c>x = (T)(x op e)</c>, with the operator's type as C# chose it.</summary>
    private bool ReadCompound(ICompoundAssignmentOperation compound, List<Statement> into, string source)
    {
        Expression? current = ReadValue(compound.Target);
        Expression? right = current is null ? null : ReadValue(compound.Value);
        if (current is null || right is null)
        {
            return false;
        }

        if (compound.OperatorMethod is not null || BinaryKey(compound.OperatorKind) is not { } key)
        {
            return Refuse(compound.Syntax, "only +=, -=, *=, /=, %=, &=, |=, ^=, <<= and >>= on numbers are supported");
        }

        ScalarType type = key is "<<" or ">>" ? current.Type : right.Type;
        Expression result = new Operation(type, key, new[] { Convert(current, type, compound.IsChecked), right }.ToEquatableArray(), compound.IsChecked);
        return Store(compound.Target, Convert(result, current.Type, compound.IsChecked), into, source);
    }

    private bool ReadStep(IIncrementOrDecrementOperation step, List<Statement> into, string source)
    {
        Expression? current = ReadValue(step.Target);
        if (current is null)
        {
            return false;
        }

        string key = step.Kind == OperationKind.Increment ? Operators.Add : Operators.Subtract;
        Expression one = current.Type == ScalarType.Int32 ? Constant.Int(1) : new Constant(current.Type, 1.0);
        return Store(step.Target, new Operation(current.Type, key, new[] { current, one }.ToEquatableArray(), step.IsChecked), into, source);
    }

    /// <summary>Writes a value to a local, a parameter, or an element of a writable span.</summary>
    private bool Store(IOperation target, Expression value, List<Statement> into, string source)
    {
        switch (target)
        {
            case ILocalReferenceOperation { Local: var local } when _variables.TryGetValue(local, out int slot):
                into.Add(new Assign(slot, value) { Source = source });
                return true;
            case IParameterReferenceOperation { Parameter: var parameter } when _variables.TryGetValue(parameter, out int slot):
                into.Add(new Assign(slot, value) { Source = source });
                return true;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } element when ArrayOf(instance) is { } array:
                IArgumentOperation index = element.Arguments[0];
                if (Arrays[array].Role == ArrayRole.Input)
                {
                    return Refuse(target.Syntax, "spans the method reads are read-only; the gradient method writes their derivatives");
                }

                Expression? position = ReadValue(index.Value);
                if (position is not null)
                {
                    into.Add(new AssignElement(array, position, value) { Source = source });
                }

                return position is not null;
            default:
                return Refuse(target.Syntax, "only locals, parameters and elements of the method's Span outputs and stackalloc spans can be assigned");
        }
    }

    private bool ReadViewAssignment(IOperation target, IOperation value, List<Statement> into, string source)
    {
        if (target is ILocalReferenceOperation { Local: var local } && _arrays.TryGetValue(local, out int slot) &&
            Arrays[slot].Role == ArrayRole.View && ReadSpanArgument(value) is { } view && Root(view.Array) == Root(slot))
        {
            into.Add(new DeclareView(slot, view.Array, view.Start, view.Length) { Source = source });
            return true;
        }

        return Refuse(target.Syntax, "a span local can be given another slice of the span it was declared from ('row = xs.Slice(i * n, n);'), nothing else; declare another span local for another span");
    }
}
