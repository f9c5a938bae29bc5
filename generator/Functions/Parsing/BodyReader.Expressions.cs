using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>Values: literals, variables, span elements, operators, conversions, <c>?:</c>; calls are in <c>BodyReader.Calls.cs</c>.</summary>
internal sealed partial class BodyReader
{
    private const string Values =
        "values may be literals, parameters, locals, const and static readonly fields, span elements and Length, the operators of C# on double, float, int and bool, casts between them, " +
        "c ? a : b, calls of Math functions, of other [Differentiable] methods and of methods a [GradientOf] method differentiates";

    /// <summary>The value of an operation, typed as C# types it; null (reported) when it cannot be read.</summary>
    private Expression? ReadValue(IOperation operation)
    {
        Check();
        if (operation.ConstantValue.HasValue)
        {
            return ReadConstant(operation);
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return ReadConversion(conversion);
            case ILocalReferenceOperation { Local: var local } when _variables.TryGetValue(local, out int slot):
                return new Read(Variables[slot].Type, slot);
            case IParameterReferenceOperation { Parameter: var parameter } when _variables.TryGetValue(parameter, out int slot):
                return new Read(Variables[slot].Type, slot);
            case IFieldReferenceOperation field:
                return ReadField(field);
            case IPropertyReferenceOperation property:
                return ReadProperty(property);
            case IBinaryOperation binary:
                return ReadBinary(binary);
            case IUnaryOperation unary:
                return ReadUnary(unary);
            case IConditionalOperation { Type: not null } conditional:
                return ReadConditional(conditional);
            case IInvocationOperation call:
                return ReadCall(call);
            case IParenthesizedOperation parenthesized:
                return ReadValue(parenthesized.Operand);
            case IAssignmentOperation or IIncrementOrDecrementOperation:
                Refuse(operation.Syntax, "assignments and ++/-- inside an expression have side effects; write them as statements of their own");
                return null;
            case IInvalidOperation:
                return null; // the compiler reports it
            default:
                return Unsupported(operation, Values);
        }
    }

    private Expression? ReadConstant(IOperation operation)
    {
        object? value = operation.ConstantValue.Value;
        ScalarType? type = ScalarOf(operation.Type);
        return (type, value) switch
        {
            (ScalarType.Boolean, bool b) => Constant.Bool(b),
            (ScalarType.Int32, int i) => Constant.Int(i),
            (ScalarType.Double, double d) => new Constant(ScalarType.Double, d),
            (ScalarType.Single, float f) => new Constant(ScalarType.Single, f),
            _ => Unsupported(operation, "a constant of type '" + (operation.Type?.ToDisplayString() ?? "null") + "' cannot be used here; " + Advice(operation.Type)),
        };
    }

    private Expression? ReadConversion(IConversionOperation conversion)
    {
        if (conversion.Conversion.IsIdentity)
        {
            return ReadValue(conversion.Operand);
        }

        if (conversion.Conversion.IsUserDefined || !conversion.Conversion.IsNumeric || ScalarOf(conversion.Type) is not { } target)
        {
            return Unsupported(conversion, "only conversions between double, float and int are supported; " + Advice(conversion.Type));
        }

        Expression? operand = ReadValue(conversion.Operand);
        return operand is null ? null : Convert(operand, target, conversion.IsChecked);
    }

    /// <summary>The value converted to <paramref name="type"/> (itself when it has that type).</summary>
    internal static Expression Convert(Expression value, ScalarType type, bool isChecked) =>
        value.Type == type ? value :
        value is Constant c && type is ScalarType.Double or ScalarType.Single && c.Type is ScalarType.Double or ScalarType.Single or ScalarType.Int32
            ? new Constant(type, type == ScalarType.Single ? (float)c.Value : c.Value)
            : new Conversion(type, value, isChecked);

    private Expression? ReadField(IFieldReferenceOperation field)
    {
        if (field.Field is { IsStatic: true, IsReadOnly: true } readOnly && ScalarOf(readOnly.Type) is { } type)
        {
            NoteAccess(readOnly);
            return new External(type, Qualified(readOnly), EquatableArray<Expression>.Empty, IsField: true);
        }

        return Unsupported(field, field.Field.IsStatic
            ? "a static field that is not readonly may change between the value and the gradient; make it 'const' (or 'static readonly'), or pass it in as a [NoGradient] parameter"
            : "instance fields cannot be read from a static method; pass the value in as a parameter");
    }

    private Expression? ReadProperty(IPropertyReferenceOperation property)
    {
        if (property.Instance is { } instance && ArrayOf(instance) is { } array)
        {
            if (property.Property.Name == "Length" && property.Arguments.Length == 0)
            {
                return new ArrayLength(array);
            }

            if (property.Property.IsIndexer && property.Arguments.Length == 1 && property.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32)
            {
                Expression? index = ReadValue(property.Arguments[0].Value);
                return index is null ? null : new ReadElement(Arrays[array].Type, array, index);
            }
        }

        return Unsupported(property, "of a span, a [Differentiable] body reads elements ('xs[i]', with an int index) and 'Length'; " + Values);
    }

    /// <summary>
    /// A binary operator. A left-nested chain (<c>x·1 + x·2 + … + x·n</c>) is walked down its left spine
    /// without recursion, so that a long sum neither exhausts the stack nor costs more than linear time.
    /// </summary>
    private Expression? ReadBinary(IBinaryOperation binary)
    {
        var spine = new Stack<IBinaryOperation>();
        IOperation current = binary;
        while (current is IBinaryOperation level && !level.ConstantValue.HasValue)
        {
            if (level.OperatorMethod is not null || level.IsLifted || BinaryKey(level.OperatorKind) is null || ScalarOf(level.Type) is null)
            {
                return Unsupported(level, "only the operators of C# on double, float, int and bool are supported");
            }

            spine.Push(level);
            current = level.LeftOperand;
        }

        Expression? left = ReadValue(current);
        while (spine.Count > 0 && left is not null)
        {
            IBinaryOperation level = spine.Pop();
            Expression? right = ReadValue(level.RightOperand);
            left = right is null ? null : new Operation(ScalarOf(level.Type)!.Value, BinaryKey(level.OperatorKind)!, new[] { left, right }.ToEquatableArray(), level.IsChecked);
        }

        return left;
    }

    private Expression? ReadUnary(IUnaryOperation unary)
    {
        string? key = unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => Operators.Negate,
            UnaryOperatorKind.Not => Operators.Not,
            UnaryOperatorKind.BitwiseNegation => "~",
            UnaryOperatorKind.Plus => string.Empty,
            _ => null,
        };
        if (unary.OperatorMethod is not null || unary.IsLifted || key is null || ScalarOf(unary.Type) is not { } type)
        {
            return Unsupported(unary, "only -, +, ! and ~ on double, float, int and bool are supported");
        }

        Expression? operand = ReadValue(unary.Operand);
        return operand is null || key.Length == 0 ? operand : new Operation(type, key, new[] { operand }.ToEquatableArray(), unary.IsChecked);
    }

    private Expression? ReadConditional(IConditionalOperation conditional)
    {
        if (ScalarOf(conditional.Type) is not { } type || conditional.WhenFalse is null)
        {
            return Unsupported(conditional, Values);
        }

        Expression? condition = ReadValue(conditional.Condition);
        Expression? whenTrue = condition is null ? null : ReadValue(conditional.WhenTrue);
        Expression? whenFalse = whenTrue is null ? null : ReadValue(conditional.WhenFalse);
        return whenFalse is null ? null : new Conditional(type, condition!, whenTrue!, whenFalse);
    }

    /// <summary>The key of a binary operator, or null.</summary>
    internal static string? BinaryKey(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => Operators.Add,
        BinaryOperatorKind.Subtract => Operators.Subtract,
        BinaryOperatorKind.Multiply => Operators.Multiply,
        BinaryOperatorKind.Divide => Operators.Divide,
        BinaryOperatorKind.Remainder => Operators.Remainder,
        BinaryOperatorKind.LessThan => "<",
        BinaryOperatorKind.LessThanOrEqual => "<=",
        BinaryOperatorKind.GreaterThan => ">",
        BinaryOperatorKind.GreaterThanOrEqual => ">=",
        BinaryOperatorKind.Equals => "==",
        BinaryOperatorKind.NotEquals => "!=",
        BinaryOperatorKind.ConditionalAnd => Operators.And,
        BinaryOperatorKind.ConditionalOr => Operators.Or,
        BinaryOperatorKind.And => "&",
        BinaryOperatorKind.Or => "|",
        BinaryOperatorKind.ExclusiveOr => "^",
        BinaryOperatorKind.LeftShift => "<<",
        BinaryOperatorKind.RightShift => ">>",
        _ => null,
    };

    /// <summary>The array a span-valued operation names: a span parameter, a stackalloc local or a view.</summary>
    private int? ArrayOf(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        ISymbol? symbol = operation switch
        {
            IParameterReferenceOperation p => p.Parameter,
            ILocalReferenceOperation l => l.Local,
            _ => null,
        };
        return symbol is not null && _arrays.TryGetValue(symbol, out int slot) ? slot : null;
    }

    /// <summary>A span argument: an array of the body, or <c>array.Slice(start[, length])</c>.</summary>
    private ArrayArgument? ReadSpanArgument(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        if (ArrayOf(operation) is { } whole)
        {
            return new ArrayArgument(whole);
        }

        if (operation is IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance, Arguments.Length: 1 or 2 } slice && ArrayOf(instance) is { } array)
        {
            Expression? start = ReadValue(slice.Arguments[0].Value);
            Expression? length = slice.Arguments.Length == 2 && start is not null ? ReadValue(slice.Arguments[1].Value) : null;
            return start is null || (slice.Arguments.Length == 2 && length is null) ? null : new ArrayArgument(array, start, length);
        }

        return null;
    }

    /// <summary>The fully qualified name of a static member, as generated code writes it.</summary>
    private static string Qualified(ISymbol member) =>
        member.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + Common.TypeSpecParser.Escape(member.Name);

    /// <summary>Notes a member that only its own type can reach (inlined elsewhere, it would be out of reach).</summary>
    private void NoteAccess(ISymbol member)
    {
        if (member.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal &&
            member.ContainingType is { } type)
        {
            PrivateTo.Add(FunctionKeys.TypeKey(type));
        }
    }
}
