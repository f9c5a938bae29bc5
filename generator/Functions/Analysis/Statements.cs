using System.Collections.Generic;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Analysis;

/// <summary>What a walk of the IR does with each expression it reaches (a struct, so that walks allocate nothing).</summary>
internal interface IExpressionVisitor
{
    void Visit(Expression expression);
}

/// <summary>Finds a read of one variable.</summary>
internal struct ReadFinder : IExpressionVisitor
{
    private readonly int _variable;

    public ReadFinder(int variable)
    {
        _variable = variable;
        Found = false;
    }

    public bool Found { get; private set; }

    public void Visit(Expression expression) => Found |= expression is Read r && r.Variable == _variable;
}

/// <summary>Walks of the IR: every statement and every expression, nested ones included.</summary>
internal static class Statements
{
    /// <summary>
    /// The statements of a block and of every block inside it, outer first; a statement's blocks come
    /// right after it, the last block first (passes and printed output depend on this order). The work
    /// stack holds one frame per open block, not one entry per statement: a long straight line would
    /// otherwise grow a large-object array on every walk.
    /// </summary>
    public static IEnumerable<Statement> All(EquatableArray<Statement> block)
    {
        Stack<(EquatableArray<Statement> Block, int Next)>? frames = null; // only once a statement holds blocks
        EquatableArray<Statement> current = block;
        int next = 0;
        while (true)
        {
            if (next >= current.Count)
            {
                if (frames is not { Count: > 0 })
                {
                    yield break;
                }

                (current, next) = frames.Pop();
                continue;
            }

            Statement statement = current[next++];
            yield return statement;
            if (statement is If or While or Loop or Region or Repeat or CheckpointReverse)
            {
                frames ??= new Stack<(EquatableArray<Statement> Block, int Next)>();
                frames.Push((current, next));
                PushBlocks(statement, frames);
                (current, next) = frames.Pop();
            }
        }
    }

    /// <summary>Pushes a frame for each block a statement holds, in order (so the last block is walked first).</summary>
    private static void PushBlocks(Statement statement, Stack<(EquatableArray<Statement> Block, int Next)> frames)
    {
        switch (statement)
        {
            case If branch:
                frames.Push((branch.Then, 0));
                frames.Push((branch.Else, 0));
                break;
            case While loop:
                frames.Push((loop.Initializer, 0));
                frames.Push((loop.Body, 0));
                frames.Push((loop.Step, 0));
                break;
            case Loop loop:
                frames.Push((loop.Header, 0));
                frames.Push((loop.Body, 0));
                frames.Push((loop.Step, 0));
                break;
            case Region region:
                frames.Push((region.Body, 0));
                break;
            case Repeat repeat:
                frames.Push((repeat.Body, 0));
                break;
            case CheckpointReverse checkpoint:
                frames.Push((checkpoint.Replay, 0));
                frames.Push((checkpoint.Reverse, 0));
                break;
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

    /// <summary>An operation whose operands are all variables or constants (most nodes of a three-address body): passes compute what they need of it directly, without a cache entry.</summary>
    public static bool IsShallow(Operation o)
    {
        for (int i = 0; i < o.Operands.Count; i++)
        {
            if (o.Operands[i] is not (Read or Constant))
            {
                return false;
            }
        }

        return true;
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

    /// <summary>
    /// Visits every expression a statement evaluates itself (not those of the blocks it holds), nested ones
    /// included, outer first. Allocates nothing: the visitor is a struct and the work stack is reused. The
    /// passes that read every expression of a body (declarations, activity, block-local values) walk with
    /// this; the iterators above cost most of the generator's time in garbage when every pass used them.
    /// </summary>
    public static void Walk<T>(Statement statement, ref T visitor)
        where T : struct, IExpressionVisitor
    {
        Stack<Expression> pending = Rent();
        PushOwn(statement, pending);
        Drain(pending, ref visitor);
        Return(pending);
    }

    /// <summary>Visits an expression and every expression inside it, outer first, allocating nothing.</summary>
    public static void Walk<T>(Expression root, ref T visitor)
        where T : struct, IExpressionVisitor
    {
        if (IsLeaf(root))
        {
            visitor.Visit(root);
            return;
        }

        Stack<Expression> pending = Rent();
        pending.Push(root);
        Drain(pending, ref visitor);
        Return(pending);
    }

    /// <summary>The variables read anywhere in a statement's own expressions, added to <paramref name="into"/>.</summary>
    public static void AddReads(Statement statement, ICollection<int> into)
    {
        var reads = new ReadCollector(into);
        Walk(statement, ref reads);
    }

    /// <summary>The variables read anywhere in an expression, added to <paramref name="into"/>.</summary>
    public static void AddReads(Expression expression, ICollection<int> into)
    {
        var reads = new ReadCollector(into);
        Walk(expression, ref reads);
    }

    /// <summary>The variables read anywhere in the statements, nested blocks included, added to <paramref name="into"/>.</summary>
    public static void AddReads(IEnumerable<Statement> statements, ICollection<int> into)
    {
        var reads = new ReadCollector(into);
        foreach (Statement statement in statements)
        {
            Walk(statement, ref reads);
        }
    }

    /// <summary>Adds to <paramref name="counts"/> how often the statements' own expressions read each variable.</summary>
    public static void CountReads(IEnumerable<Statement> statements, int[] counts)
    {
        foreach (Statement statement in statements)
        {
            CountReads(statement, counts);
        }
    }

    /// <summary>Adds to <paramref name="counts"/> how often a statement's own expressions read each variable.</summary>
    public static void CountReads(Statement statement, int[] counts)
    {
        var counter = new ReadCounter(counts, null, 1);
        Walk(statement, ref counter);
    }

    /// <summary>Takes an expression's reads off <paramref name="counts"/>; returns the variables no longer read at all.</summary>
    public static List<int> Uncount(Expression expression, int[] counts)
    {
        var freed = new List<int>();
        var counter = new ReadCounter(counts, freed, -1);
        Walk(expression, ref counter);
        return freed;
    }

    private readonly struct ReadCounter : IExpressionVisitor
    {
        private readonly int[] _counts;
        private readonly int _step;

        private readonly List<int>? _freed;

        public ReadCounter(int[] counts, List<int>? freed, int step)
        {
            _counts = counts;
            _freed = freed;
            _step = step;
        }

        public void Visit(Expression expression)
        {
            if (expression is Read r && (_counts[r.Variable] += _step) == 0)
            {
                _freed?.Add(r.Variable);
            }
        }
    }

    /// <summary>Pushes an expression's direct operands (they pop last first).</summary>
    public static void PushChildren(Expression e, Stack<Expression> pending)
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

    [System.ThreadStatic]
    private static Stack<Stack<Expression>>? _free;

    /// <summary>A work stack for a walk (return it when done); walks nest, so each takes its own.</summary>
    internal static Stack<Expression> Rent() =>
        _free is { Count: > 0 } free ? free.Pop() : new Stack<Expression>(16);

    internal static void Return(Stack<Expression> pending)
    {
        pending.Clear();
        (_free ??= new Stack<Stack<Expression>>()).Push(pending);
    }

    private static void Drain<T>(Stack<Expression> pending, ref T visitor)
        where T : struct, IExpressionVisitor
    {
        while (pending.Count > 0)
        {
            Expression e = pending.Pop();
            visitor.Visit(e);
            PushChildren(e, pending);
        }
    }

    /// <summary>Pushes a statement's own expressions so that they pop in the order <see cref="Expressions"/> gives them.</summary>
    private static void PushOwn(Statement statement, Stack<Expression> pending)
    {
        int start = pending.Count;
        switch (statement)
        {
            case Assign a:
                pending.Push(a.Value);
                return;
            case AssignElement e:
                pending.Push(e.Value);
                pending.Push(e.Index);
                return;
            case Push push:
                pending.Push(push.Value);
                return;
            case If branch:
                pending.Push(branch.Condition);
                return;
            case ExitIf exit:
                pending.Push(exit.Condition);
                return;
            case Repeat repeat:
                pending.Push(repeat.Count);
                return;
            case DeclareArray declare:
                pending.Push(declare.Length);
                return;
            case AddScaled scaled:
                pending.Push(scaled.Scale);
                return;
            case While { Condition: { } condition }:
                pending.Push(condition);
                return;
            case Return { Value: { } value }:
                pending.Push(value);
                return;
            case not (DeclareView or CallStatement):
                return; // no expressions of its own (a comment, a loop, a pop, …): no iterator
        }

        foreach (Expression e in Expressions(statement))
        {
            pending.Push(e);
        }

        if (pending.Count - start > 1)
        {
            Expression[] own = new Expression[pending.Count - start];
            for (int i = 0; i < own.Length; i++)
            {
                own[i] = pending.Pop(); // reversed
            }

            foreach (Expression e in own)
            {
                pending.Push(e);
            }
        }
    }

    /// <summary>Whether the expression reads the variable anywhere.</summary>
    public static bool ReadsVariable(Expression root, int variable)
    {
        var finder = new ReadFinder(variable);
        Walk(root, ref finder);
        return finder.Found;
    }

    /// <summary>Whether any of a statement's own expressions (not those of the blocks it holds) reads the variable.</summary>
    public static bool ReadsVariable(Statement statement, int variable)
    {
        var finder = new ReadFinder(variable);
        Walk(statement, ref finder);
        return finder.Found;
    }

    /// <summary>
    /// Whether an expression the statements evaluate themselves (nested expressions included, not those of the
    /// blocks they hold) passes the test: <c>statements.SelectMany(Expressions).SelectMany(Tree).Any(test)</c>
    /// without an iterator per statement and per expression.
    /// </summary>
    public static bool AnyExpression(IReadOnlyList<Statement> statements, System.Func<Expression, bool> test)
    {
        var finder = new ExpressionFinder(test);
        for (int i = 0; i < statements.Count && !finder.Found; i++)
        {
            Walk(statements[i], ref finder);
        }

        return finder.Found;
    }

    private struct ExpressionFinder : IExpressionVisitor
    {
        private readonly System.Func<Expression, bool> _test;

        public ExpressionFinder(System.Func<Expression, bool> test)
        {
            _test = test;
            Found = false;
        }

        public bool Found { get; private set; }

        public void Visit(Expression expression)
        {
            if (!Found && _test(expression))
            {
                Found = true;
            }
        }
    }

    private struct ReadCollector : IExpressionVisitor
    {
        private readonly ICollection<int> _into;

        public ReadCollector(ICollection<int> into) => _into = into;

        public void Visit(Expression expression)
        {
            if (expression is Read r)
            {
                _into.Add(r.Variable);
            }
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
