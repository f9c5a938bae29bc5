using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Rules;

/// <summary>Small constructors of IR expressions, for the rules and the transforms (types follow the operands).</summary>
internal static class Build
{
    public static Constant Literal(ScalarType type, double value) => new(type, value);

    public static Constant Zero(ScalarType type) => new(type, 0.0);

    public static Constant One(ScalarType type) => new(type, 1.0);

    public static bool IsConstant(Expression e, double value) => e is Constant c && c.Value.Equals(value);

    /// <summary>An operation of the operands' type (a comparison, a bool).</summary>
    public static Operation Op(string key, params Expression[] operands) =>
        new(Operators.ResultType(key, operands[0].Type), key, operands.ToEquatableArray());

    /// <summary>
    /// a + b; for reals a + (−c) is written a − c and (−c) + b is b − c (the same IEEE operation, exactly;
    /// not for ints, where a checked −c can overflow and c − b cannot).
    /// </summary>
    public static Expression Add(Expression a, Expression b) =>
        IsConstant(a, 0) ? b : IsConstant(b, 0) ? a :
        a.IsReal && b is Operation { Operator: Operators.Negate } nb ? Op(Operators.Subtract, a, nb.Operands[0]) :
        a.IsReal && a is Operation { Operator: Operators.Negate } na ? Op(Operators.Subtract, b, na.Operands[0]) :
        Op(Operators.Add, a, b);

    public static Expression Subtract(Expression a, Expression b) =>
        IsConstant(b, 0) ? a : IsConstant(a, 0) ? Negate(b) : Op(Operators.Subtract, a, b);

    public static Expression Multiply(Expression a, Expression b) =>
        IsConstant(a, 1) ? b : IsConstant(b, 1) ? a :
        IsConstant(a, -1) ? Negate(b) : IsConstant(b, -1) ? Negate(a) :
        Op(Operators.Multiply, a, b);

    /// <summary>a·b where an exact zero factor wins over an infinite or NaN other one (see <see cref="Operators.MultiplyOrZero"/>).</summary>
    public static Expression MultiplyOrZero(Expression a, Expression b) =>
        IsConstant(a, 1) ? b : IsConstant(b, 1) ? a : Op(Operators.MultiplyOrZero, a, b);

    public static Expression Divide(Expression a, Expression b) => IsConstant(b, 1) ? a : Op(Operators.Divide, a, b);

    public static Expression Negate(Expression a) =>
        a is Constant c ? new Constant(c.Type, -c.Value) :
        a is Operation { Operator: Operators.Negate } n ? n.Operands[0] :
        Op(Operators.Negate, a);

    public static Expression Function(string key, params Expression[] operands) => Op(key, operands);

    public static Expression Compare(string op, Expression a, Expression b) => Op(op, a, b);

    public static Expression Select(Expression condition, Expression whenTrue, Expression whenFalse) =>
        whenTrue.Equals(whenFalse) ? whenTrue : new Conditional(whenTrue.Type, condition, whenTrue, whenFalse);
}
