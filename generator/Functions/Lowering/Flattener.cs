using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>What a flattening takes out of expressions into statements of their own.</summary>
internal abstract class FlatteningRule
{
    /// <summary>Whether the node must be computed by a statement of its own (its value then read from a temporary).</summary>
    public abstract bool Separate(Expression node);

    /// <summary>Whether a separated node's operands must be atoms (variables or constants).</summary>
    public virtual bool AtomicOperands(Expression node) => false;

    /// <summary>Whether an <see cref="If"/>'s condition must be a variable (so that a reverse sweep can test it again).</summary>
    public virtual bool AtomicConditions => false;

    /// <summary>Whether a value written to an element of <paramref name="array"/> must be an atom.</summary>
    public virtual bool AtomicElementValue(int array) => false;

    /// <summary>Whether an assignment may compute the node straight into its variable (not into a temporary first).</summary>
    public virtual bool DirectRoot(int variable, Expression node) => true;

    /// <summary>A temporary now holds <paramref name="value"/>.</summary>
    public virtual void Temporary(int variable, Expression value)
    {
    }
}

/// <summary>
/// Rewrites expressions so that chosen nodes get statements of their own, in evaluation order,
/// keeping C#'s short-circuits: a node under <c>?:</c>, or on the right of <c>&amp;&amp;</c>/<c>||</c>, is
/// computed under an <see cref="If"/> that the primal's own condition decides. Used to take calls
/// out for inlining and, once activity is known, to write each differentiated operation as one
/// three-address statement (what the transforms take).
/// </summary>
internal sealed class Flattener
{
    private readonly ProgramBuilder _program;
    private readonly FlatteningRule _rule;
    private readonly Dictionary<object, bool> _needs = new(ReferenceComparer.Instance);

    public Flattener(ProgramBuilder program, FlatteningRule rule)
    {
        _program = program;
        _rule = rule;
    }

    public List<Statement> Block(EquatableArray<Statement> block)
    {
        var output = new List<Statement>();
        foreach (Statement statement in block)
        {
            Statement(statement, output);
        }

        return output;
    }

    private void Statement(Statement statement, List<Statement> output)
    {
        switch (statement)
        {
            case Assign a:
                output.Add(a with { Value = Root(a.Variable, a.Value, output) });
                break;
            case AssignElement e:
                Expression index = Index(e.Index, output);
                Expression value = Value(e.Value, output);
                output.Add(e with { Index = index, Value = _rule.AtomicElementValue(e.Array) ? Atom(value, output, "v") : value });
                break;
            case DeclareArray d:
                output.Add(d with { Length = Value(d.Length, output) });
                break;
            case DeclareView v:
                Expression? start = v.Start is null ? null : Value(v.Start, output);
                output.Add(v with { Start = start, Length = v.Length is null ? null : Value(v.Length, output) });
                break;
            case If branch:
                Expression condition = Value(branch.Condition, output);
                if (_rule.AtomicConditions)
                {
                    condition = Atom(condition, output, "c");
                }

                output.Add(branch with { Condition = condition, Then = Block(branch.Then).ToEquatableArray(), Else = Block(branch.Else).ToEquatableArray() });
                break;
            case Loop loop:
                output.Add(loop with { Header = Block(loop.Header).ToEquatableArray(), Body = Block(loop.Body).ToEquatableArray(), Step = Block(loop.Step).ToEquatableArray() });
                break;
            case ExitIf exit:
                output.Add(exit with { Condition = Value(exit.Condition, output) });
                break;
            case CallStatement call:
                output.Add(call with { Arguments = Arguments(call.Arguments, output) });
                break;
            default:
                output.Add(statement);
                break;
        }
    }

    /// <summary>The value of an assignment: computed straight into the variable where the rule allows.</summary>
    private Expression Root(int variable, Expression value, List<Statement> output)
    {
        if (!Needs(value))
        {
            return value;
        }

        Expression rebuilt = Rebuild(value, output);
        if (_rule.Separate(rebuilt) && rebuilt is not Read && _rule.DirectRoot(variable, rebuilt))
        {
            return _rule.AtomicOperands(rebuilt) ? AtomizeOperands(rebuilt, output) : rebuilt;
        }

        return Finish(rebuilt, output);
    }

    /// <summary>An index: atomized when it reads an array (a reverse sweep must not read an array again).</summary>
    private Expression Index(Expression index, List<Statement> output)
    {
        Expression value = Value(index, output);
        return _rule.AtomicConditions && Statements.Tree(value).Any(e => e is ReadElement or Call or External) ? Atom(value, output, "k") : value;
    }

    /// <summary>The expression with its separated nodes computed by statements added to <paramref name="output"/>.</summary>
    public Expression Value(Expression e, List<Statement> output) => Needs(e) ? Finish(Rebuild(e, output), output) : e;

    /// <summary>A rebuilt node: separated into a temporary when the rule says so.</summary>
    private Expression Finish(Expression node, List<Statement> output)
    {
        if (!_rule.Separate(node) || node is Read or Constant)
        {
            return node;
        }

        if (_rule.AtomicOperands(node))
        {
            node = AtomizeOperands(node, output);
        }

        return Atom(node, output, Hint(node));
    }

    /// <summary>Rebuilds a node whose subtree needs flattening: short-circuits become branches, chains are walked without recursion.</summary>
    private Expression Rebuild(Expression e, List<Statement> output)
    {
        switch (e)
        {
            case Conditional c:
                return RebuildConditional(c, output);
            case Operation { Operator: Operators.And or Operators.Or } logic when Needs(logic.Operands[1]):
                return RebuildShortCircuit(logic, output);
            case Operation o:
                return RebuildChain(o, output);
            default:
                return Map(e, child => Value(child, output));
        }
    }

    private Expression RebuildConditional(Conditional c, List<Statement> output)
    {
        Expression condition = Value(c.Condition, output);
        if (!Needs(c.WhenTrue) && !Needs(c.WhenFalse) && !_rule.Separate(c))
        {
            return c with { Condition = condition };
        }

        int result = _program.Variable("v", c.Type);
        _rule.Temporary(result, c);
        var then = new List<Statement>();
        then.Add(new Assign(result, Value(c.WhenTrue, then)));
        var otherwise = new List<Statement>();
        otherwise.Add(new Assign(result, Value(c.WhenFalse, otherwise)));
        output.Add(new If(_rule.AtomicConditions ? Atom(condition, output, "c") : condition, then.ToEquatableArray(), otherwise.ToEquatableArray()));
        return _program.Read(result);
    }

    private Expression RebuildShortCircuit(Operation logic, List<Statement> output)
    {
        int result = _program.Variable("c", ScalarType.Boolean);
        output.Add(new Assign(result, Value(logic.Operands[0], output)));
        var right = new List<Statement>();
        right.Add(new Assign(result, Value(logic.Operands[1], right)));
        Expression test = logic.Operator == Operators.And
            ? _program.Read(result)
            : new Operation(ScalarType.Boolean, Operators.Not, new Expression[] { _program.Read(result) }.ToEquatableArray());
        output.Add(new If(test, right.ToEquatableArray(), EquatableArray<Statement>.Empty));
        return _program.Read(result);
    }

    /// <summary>A left-nested chain of operations, bottom up, each level separated as the rule says.</summary>
    private Expression RebuildChain(Operation top, List<Statement> output)
    {
        var spine = new Stack<Operation>();
        Expression current = top;
        while (current is Operation o && o.Operator is not (Operators.And or Operators.Or) && Needs(o) && o.Operands.Count > 0)
        {
            spine.Push(o);
            current = o.Operands[0];
        }

        if (spine.Count == 0)
        {
            return Map(top, child => Value(child, output)); // a && or || whose right side needs nothing
        }

        Expression left = Value(current, output);
        while (spine.Count > 0)
        {
            Operation level = spine.Pop();
            EquatableArray<Expression> operands;
            if (level.Operands.Count == 2)
            {
                operands = new EquatableArray<Expression>(ImmutableArray.Create(left, Value(level.Operands[1], output))); // most levels: no scratch array
            }
            else
            {
                var all = new Expression[level.Operands.Count];
                all[0] = left;
                for (int i = 1; i < all.Length; i++)
                {
                    all[i] = Value(level.Operands[i], output);
                }

                operands = all.ToEquatableArray();
            }

            Expression rebuilt = level with { Operands = operands };
            left = spine.Count == 0 ? rebuilt : Finish(rebuilt, output);
        }

        return left;
    }

    private Expression AtomizeOperands(Expression node, List<Statement> output) => Map(node, child => Atom(child, output, Hint(child)));

    /// <summary>The value as a variable or constant: a temporary assigned here when it is neither.</summary>
    public Expression Atom(Expression value, List<Statement> output, string hint)
    {
        if (value is Read or Constant)
        {
            return value;
        }

        int temporary = _program.Variable(hint, value.Type);
        _rule.Temporary(temporary, value);
        output.Add(new Assign(temporary, value));
        return _program.Read(temporary);
    }

    private string Hint(Expression node) => node switch
    {
        ReadElement r => _program.Arrays[r.Array].Name.TrimStart('@') + "_i",
        { Type: ScalarType.Boolean } => "c",
        { Type: ScalarType.Int32 } => "k",
        _ => "v",
    };

    private EquatableArray<Argument> Arguments(EquatableArray<Argument> arguments, List<Statement> output) =>
        arguments.Select(a => a switch
        {
            ValueArgument v => new ValueArgument(Value(v.Value, output)),
            ArrayArgument { Start: { } start } r => new ArrayArgument(r.Array, Value(start, output), r.Length is null ? null : Value(r.Length, output)),
            _ => a,
        }).ToEquatableArray();

    /// <summary>The node with each direct operand replaced.</summary>
    private Expression Map(Expression e, Func<Expression, Expression> f) => e switch
    {
        ReadElement r => r with { Index = f(r.Index) },
        Operation { Operands.Count: 2 } o => o with { Operands = new EquatableArray<Expression>(ImmutableArray.Create(f(o.Operands[0]), f(o.Operands[1]))) },
        Operation o => o with { Operands = o.Operands.Select(f).ToEquatableArray() },
        Conversion c => c with { Operand = f(c.Operand) },
        Conditional c => c with { Condition = f(c.Condition), WhenTrue = f(c.WhenTrue), WhenFalse = f(c.WhenFalse) },
        Call c => c with { Arguments = MapArguments(c.Arguments, f) },
        GradientCall g => g with { Arguments = MapArguments(g.Arguments, f) },
        External x => x with { Arguments = x.Arguments.Select(f).ToEquatableArray() },
        _ => e,
    };

    private static EquatableArray<Argument> MapArguments(EquatableArray<Argument> arguments, Func<Expression, Expression> f) =>
        arguments.Select(a => a switch
        {
            ValueArgument v => new ValueArgument(f(v.Value)),
            ArrayArgument { Start: { } start } r => new ArrayArgument(r.Array, f(start), r.Length is null ? null : f(r.Length)),
            _ => a,
        }).ToEquatableArray();

    private bool AnyChildNeeds(Expression e, Stack<Expression> children)
    {
        children.Clear();
        Statements.PushChildren(e, children);
        foreach (Expression c in children)
        {
            if (c is Read or Constant ? _rule.Separate(c) : c is Operation o && Statements.IsShallow(o) ? NeedsShallow(o) : _needs.TryGetValue(c, out bool n) && n)
            {
                return true;
            }
        }

        return false;
    }

    private bool NeedsShallow(Operation o)
    {
        if (_rule.Separate(o))
        {
            return true;
        }

        for (int i = 0; i < o.Operands.Count; i++)
        {
            if (_rule.Separate(o.Operands[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether anything in the subtree is separated (computed once per node, bottom up, without recursion).</summary>
    private bool Needs(Expression root)
    {
        if (root is Read or Constant)
        {
            return _rule.Separate(root); // a leaf: not worth a cache entry (most nodes are leaves)
        }

        if (root is Operation shallow && Statements.IsShallow(shallow))
        {
            return NeedsShallow(shallow); // an operation of leaves: neither
        }

        if (_needs.TryGetValue(root, out bool known))
        {
            return known;
        }

        var order = new List<Expression>();
        var pending = new Stack<Expression>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            Expression e = pending.Pop();
            if (e is Read or Constant || (e is Operation o && Statements.IsShallow(o)) || _needs.ContainsKey(e))
            {
                continue;
            }

            order.Add(e);
            Statements.PushChildren(e, pending);
        }

        var children = new Stack<Expression>();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            Expression e = order[i];
            _needs[e] = _rule.Separate(e) || AnyChildNeeds(e, children);
        }

        return _needs[root];
    }
}
