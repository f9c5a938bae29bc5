using System.Collections.Generic;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Analysis;

/// <summary>Walks of the IR: every statement and every expression, nested ones included.</summary>
internal static class Statements
{
    /// <summary>The statements of a block and of every block inside it, outer first.</summary>
    public static IEnumerable<Statement> All(EquatableArray<Statement> block)
    {
        var pending = new Stack<Statement>();
        for (int i = block.Count - 1; i >= 0; i--)
        {
            pending.Push(block[i]);
        }

        while (pending.Count > 0)
        {
            Statement statement = pending.Pop();
            yield return statement;
            foreach (EquatableArray<Statement> inner in Blocks(statement))
            {
                for (int i = inner.Count - 1; i >= 0; i--)
                {
                    pending.Push(inner[i]);
                }
            }
        }
    }

    /// <summary>The blocks a statement holds, in order.</summary>
    public static IEnumerable<EquatableArray<Statement>> Blocks(Statement statement)
    {
        switch (statement)
        {
            case If branch:
                yield return branch.Then;
                yield return branch.Else;
                break;
            case While loop:
                yield return loop.Initializer;
                yield return loop.Body;
                yield return loop.Step;
                break;
            case Loop loop:
                yield return loop.Header;
                yield return loop.Body;
                yield return loop.Step;
                break;
            case Region region:
                yield return region.Body;
                break;
            case Repeat repeat:
                yield return repeat.Body;
                break;
            case CheckpointReverse checkpoint:
                yield return checkpoint.Replay;
                yield return checkpoint.Reverse;
                break;
        }
    }

    /// <summary>The statements <paramref name="keep"/> accepts, at any depth (the blocks that hold them rebuilt).</summary>
    public static List<Statement> Filter(IEnumerable<Statement> block, System.Func<Statement, bool> keep)
    {
        var output = new List<Statement>();
        foreach (Statement statement in block)
        {
            if (!keep(statement))
            {
                continue;
            }

            output.Add(statement switch
            {
                If b => b with { Then = Filter(b.Then, keep).ToEquatableArray(), Else = Filter(b.Else, keep).ToEquatableArray() },
                While l => l with { Initializer = Filter(l.Initializer, keep).ToEquatableArray(), Body = Filter(l.Body, keep).ToEquatableArray(), Step = Filter(l.Step, keep).ToEquatableArray() },
                Loop l => l with { Header = Filter(l.Header, keep).ToEquatableArray(), Body = Filter(l.Body, keep).ToEquatableArray(), Step = Filter(l.Step, keep).ToEquatableArray() },
                Region r => r with { Body = Filter(r.Body, keep).ToEquatableArray() },
                Repeat r => r with { Body = Filter(r.Body, keep).ToEquatableArray() },
                _ => statement,
            });
        }

        return output;
    }

    /// <summary>The expressions a statement evaluates itself (not those of the blocks it holds).</summary>
    public static IEnumerable<Expression> Expressions(Statement statement)
    {
        switch (statement)
        {
            case Assign a:
                yield return a.Value;
                break;
            case AssignElement e:
                yield return e.Index;
                yield return e.Value;
                break;
            case DeclareArray d:
                yield return d.Length;
                break;
            case DeclareView v:
                if (v.Start is not null)
                {
                    yield return v.Start;
                }

                if (v.Length is not null)
                {
                    yield return v.Length;
                }

                break;
            case If branch:
                yield return branch.Condition;
                break;
            case While loop when loop.Condition is not null:
                yield return loop.Condition;
                break;
            case ExitIf exit:
                yield return exit.Condition;
                break;
            case Return { Value: { } value }:
                yield return value;
                break;
            case CallStatement call:
                foreach (Expression e in ArgumentExpressions(call.Arguments))
                {
                    yield return e;
                }

                break;
            case Push push:
                yield return push.Value;
                break;
            case Repeat repeat:
                yield return repeat.Count;
                break;
            case AddScaled scaled:
                yield return scaled.Scale;
                break;
        }
    }

    /// <summary>An expression and every expression inside it, outer first.</summary>
    public static IEnumerable<Expression> Tree(Expression root)
    {
        if (IsLeaf(root))
        {
            yield return root; // most operands are leaves: no stack for them
            yield break;
        }

        // Children are pushed in order (so they come out last first), without an iterator per node:
        // this walk runs over every expression of every pass, and its garbage was most of the generator's time.
        var pending = new Stack<Expression>(16);
        pending.Push(root);
        while (pending.Count > 0)
        {
            Expression e = pending.Pop();
            yield return e;
            PushChildren(e, pending);
        }
    }

    private static bool IsLeaf(Expression e) => e is Constant or Read or ArrayLength or DotProduct;

    private static void PushChildren(Expression e, Stack<Expression> pending)
    {
        switch (e)
        {
            case ReadElement r:
                pending.Push(r.Index);
                break;
            case Operation o:
                for (int i = 0; i < o.Operands.Count; i++)
                {
                    pending.Push(o.Operands[i]);
                }

                break;
            case Conversion c:
                pending.Push(c.Operand);
                break;
            case Conditional c:
                pending.Push(c.Condition);
                pending.Push(c.WhenTrue);
                pending.Push(c.WhenFalse);
                break;
            case Call c:
                PushArguments(c.Arguments, pending);
                break;
            case GradientCall g:
                PushArguments(g.Arguments, pending);
                break;
            case External x:
                for (int i = 0; i < x.Arguments.Count; i++)
                {
                    pending.Push(x.Arguments[i]);
                }

                break;
        }
    }

    private static void PushArguments(EquatableArray<Argument> arguments, Stack<Expression> pending)
    {
        for (int i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case ValueArgument v:
                    pending.Push(v.Value);
                    break;
                case ArrayArgument { Start: { } start } a:
                    pending.Push(start);
                    if (a.Length is not null)
                    {
                        pending.Push(a.Length);
                    }

                    break;
            }
        }
    }

    /// <summary>The direct operands of an expression.</summary>
    public static IEnumerable<Expression> Children(Expression e)
    {
        switch (e)
        {
            case ReadElement r:
                yield return r.Index;
                break;
            case Operation o:
                foreach (Expression x in o.Operands)
                {
                    yield return x;
                }

                break;
            case Conversion c:
                yield return c.Operand;
                break;
            case Conditional c:
                yield return c.Condition;
                yield return c.WhenTrue;
                yield return c.WhenFalse;
                break;
            case Call c:
                foreach (Expression x in ArgumentExpressions(c.Arguments))
                {
                    yield return x;
                }

                break;
            case GradientCall g:
                foreach (Expression x in ArgumentExpressions(g.Arguments))
                {
                    yield return x;
                }

                break;
            case External x:
                foreach (Expression a in x.Arguments)
                {
                    yield return a;
                }

                break;
        }
    }

    private static IEnumerable<Expression> ArgumentExpressions(EquatableArray<Argument> arguments)
    {
        foreach (Argument argument in arguments)
        {
            switch (argument)
            {
                case ValueArgument v:
                    yield return v.Value;
                    break;
                case ArrayArgument { Start: { } start } a:
                    yield return start;
                    if (a.Length is not null)
                    {
                        yield return a.Length;
                    }

                    break;
            }
        }
    }
}
