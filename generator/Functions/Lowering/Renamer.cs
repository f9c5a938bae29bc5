using System;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>Rewrites which variables and arrays statements and expressions use (inlining moves a callee's body into its caller's tables).</summary>
internal sealed class Renamer
{
    private readonly Func<int, int> _variable;
    private readonly Func<int, int> _array;

    public Renamer(Func<int, int> variable, Func<int, int> array)
    {
        _variable = variable;
        _array = array;
    }

    public EquatableArray<Statement> Block(EquatableArray<Statement> block) => block.Select(Statement).ToEquatableArray();

    public Statement Statement(Statement s) => s switch
    {
        Assign a => a with { Variable = _variable(a.Variable), Value = Value(a.Value) },
        AssignElement e => e with { Array = _array(e.Array), Index = Value(e.Index), Value = Value(e.Value) },
        DeclareArray d => d with { Array = _array(d.Array), Length = Value(d.Length) },
        DeclareView v => v with { Array = _array(v.Array), Base = _array(v.Base), Start = v.Start is null ? null : Value(v.Start), Length = v.Length is null ? null : Value(v.Length) },
        If b => b with { Condition = Value(b.Condition), Then = Block(b.Then), Else = Block(b.Else) },
        Loop l => l with { Header = Block(l.Header), Body = Block(l.Body), Step = Block(l.Step) },
        ExitIf x => x with { Condition = Value(x.Condition) },
        CallStatement c => c with { Arguments = Arguments(c.Arguments) },
        Push p => p with { Value = Value(p.Value) },
        Pop p => p with { Variable = _variable(p.Variable) },
        Repeat r => r with { Count = Value(r.Count), Body = Block(r.Body) },
        ClearArray c => c with { Array = _array(c.Array) },
        AddScaled a => a with { Target = _array(a.Target), From = _array(a.From), Scale = Value(a.Scale) },
        CopyArray c => c with { Target = _array(c.Target), From = _array(c.From) },
        _ => s,
    };

    public Expression Value(Expression e) => e switch
    {
        Read r => r with { Variable = _variable(r.Variable) },
        ReadElement r => r with { Array = _array(r.Array), Index = Value(r.Index) },
        ArrayLength l => l with { Array = _array(l.Array) },
        Operation o => RenameChain(o),
        Conversion c => c with { Operand = Value(c.Operand) },
        Conditional c => c with { Condition = Value(c.Condition), WhenTrue = Value(c.WhenTrue), WhenFalse = Value(c.WhenFalse) },
        Call c => c with { Arguments = Arguments(c.Arguments) },
        GradientCall g => g with { Arguments = Arguments(g.Arguments) },
        External x => x with { Arguments = x.Arguments.Select(Value).ToEquatableArray() },
        _ => e,
    };

    /// <summary>An operation, walking a left-nested chain without recursion.</summary>
    private Expression RenameChain(Operation top)
    {
        var spine = new System.Collections.Generic.Stack<Operation>();
        Expression current = top;
        while (current is Operation o && o.Operands.Count > 0)
        {
            spine.Push(o);
            current = o.Operands[0];
        }

        Expression left = Value(current);
        while (spine.Count > 0)
        {
            Operation level = spine.Pop();
            var operands = new Expression[level.Operands.Count];
            operands[0] = left;
            for (int i = 1; i < operands.Length; i++)
            {
                operands[i] = Value(level.Operands[i]);
            }

            left = level with { Operands = operands.ToEquatableArray() };
        }

        return left;
    }

    private EquatableArray<Argument> Arguments(EquatableArray<Argument> arguments) =>
        arguments.Select(a => a switch
        {
            ValueArgument v => (Argument)new ValueArgument(Value(v.Value)),
            ArrayArgument r => new ArrayArgument(_array(r.Array), r.Start is null ? null : Value(r.Start), r.Length is null ? null : Value(r.Length)),
            _ => a,
        }).ToEquatableArray();
}
