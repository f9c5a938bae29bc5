using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>
/// Control-flow lowering: <c>return</c>, <c>break</c> and <c>continue</c> become structured code, and every
/// loop a <see cref="Loop"/> whose header holds its exits. A branch that always leaves takes the rest of
/// the block as its other arm (<c>if (c) return a; rest</c> → <c>if (c) r = a; else { rest }</c>); where a
/// statement may leave on some paths only, it sets a flag and the rest of the block runs under
/// <c>if (!flag)</c>. Only the branch the primal takes runs, as in C#.
/// </summary>
internal sealed class ControlFlowLowering
{
    private readonly ProgramBuilder _program;
    private readonly Dictionary<int, int> _flags = new(); // flag variable → kind (0 return, 1 break, 2 continue)
    private int _result;
    private int _returned = -1;
    private LoopFlags? _loop;

    private ControlFlowLowering(ProgramBuilder program) => _program = program;

    /// <summary>Lowers a parsed body (a <see cref="Region"/> with <see cref="While"/> loops) into structured statements and <see cref="Loop"/>s.</summary>
    public static FunctionBody Lower(FunctionBody body)
    {
        var program = new ProgramBuilder(body);
        var lowering = new ControlFlowLowering(program);
        var statements = new List<Statement>();
        foreach (Statement statement in body.Statements)
        {
            statements.AddRange(statement is Region region ? lowering.LowerRegion(region) : lowering.Block(new[] { statement }, 0));
        }

        return DeadFlags.Remove(program.Build(statements), lowering._flags.Keys);
    }

    private List<Statement> LowerRegion(Region region)
    {
        (int result, int returned) = (_result, _returned);
        _result = region.Result;
        _returned = -1;
        List<Statement> body = Block(region.Body.ToArray(), 0);
        if (_returned >= 0)
        {
            body.Insert(0, new Assign(_returned, Constant.Bool(false)));
        }

        (_result, _returned) = (result, returned);
        return body;
    }

    /// <summary>Lowers statements[start..], giving the rest of the block to a branch that always leaves, or guarding it after one that may.</summary>
    private List<Statement> Block(IReadOnlyList<Statement> statements, int start)
    {
        var output = new List<Statement>();
        for (int i = start; i < statements.Count; i++)
        {
            Statement statement = statements[i];
            if (statement is Return or Break or Continue)
            {
                output.AddRange(Leave(statement));
                return output; // what follows cannot run
            }

            if (statement is If branch && Exits.May(branch) && (Exits.Always(branch.Then) || Exits.Always(branch.Else)))
            {
                output.Add(GiveRest(branch, statements, i + 1));
                return output;
            }

            output.AddRange(Statement(statement));
            if (Exits.May(statement))
            {
                List<Statement> rest = Block(statements, i + 1);
                if (rest.Count > 0)
                {
                    output.Add(new If(Stay(statement), rest.ToEquatableArray(), EquatableArray<Statement>.Empty));
                }

                return output;
            }
        }

        return output;
    }

    /// <summary><c>if (c) { …; return; } rest</c> → <c>if (c) { … } else { rest }</c> (and the mirror case).</summary>
    private If GiveRest(If branch, IReadOnlyList<Statement> statements, int restStart)
    {
        IEnumerable<Statement> rest = statements.Skip(restStart);
        bool thenLeaves = Exits.Always(branch.Then), elseLeaves = Exits.Always(branch.Else);
        List<Statement> then = Block(thenLeaves ? branch.Then.ToArray() : branch.Then.Concat(rest).ToArray(), 0);
        List<Statement> otherwise = Block(elseLeaves ? branch.Else.ToArray() : branch.Else.Concat(rest).ToArray(), 0);
        return new If(branch.Condition, then.ToEquatableArray(), otherwise.ToEquatableArray()) { Source = branch.Source };
    }

    private IEnumerable<Statement> Statement(Statement statement) => statement switch
    {
        If branch => new[] { new If(branch.Condition, Block(branch.Then.ToArray(), 0).ToEquatableArray(), Block(branch.Else.ToArray(), 0).ToEquatableArray()) { Source = branch.Source } },
        While loop => LowerWhile(loop),
        Region region => LowerRegion(region),
        _ => new[] { statement },
    };

    private IEnumerable<Statement> Leave(Statement statement)
    {
        switch (statement)
        {
            case Return returned:
                if (returned.Value is { } value && _result >= 0)
                {
                    yield return new Assign(_result, value) { Source = returned.Source };
                }

                yield return new Assign(Flag(ref _returned, "returned", 0), Constant.Bool(true));
                break;
            case Break:
                yield return new Assign(Flag(ref _loop!.Break, "broke", 1), Constant.Bool(true)) { Source = "break" };
                break;
            case Continue:
                yield return new Assign(Flag(ref _loop!.Continue, "continued", 2), Constant.Bool(true)) { Source = "continue" };
                break;
        }
    }

    private int Flag(ref int slot, string name, int kind)
    {
        if (slot < 0)
        {
            slot = _program.Variable(name, ScalarType.Boolean);
            _flags[slot] = kind;
        }

        return slot;
    }

    /// <summary>The condition under which the rest of a block runs after <paramref name="statement"/>: none of the flags it may set is set.</summary>
    private Expression Stay(Statement statement)
    {
        var flags = new List<int>();
        if (Exits.MayReturn(statement) && _returned >= 0)
        {
            flags.Add(_returned);
        }

        if (_loop is not null && Exits.MayBreak(statement) && _loop.Break >= 0)
        {
            flags.Add(_loop.Break);
        }

        if (_loop is not null && Exits.MayContinue(statement) && _loop.Continue >= 0)
        {
            flags.Add(_loop.Continue);
        }

        return Not(flags);
    }

    private Expression Not(List<int> flags)
    {
        Expression any = _program.Read(flags[0]);
        for (int i = 1; i < flags.Count; i++)
        {
            any = new Operation(ScalarType.Boolean, Operators.Or, new[] { any, _program.Read(flags[i]) }.ToEquatableArray());
        }

        return new Operation(ScalarType.Boolean, Operators.Not, new[] { any }.ToEquatableArray());
    }

    private IEnumerable<Statement> LowerWhile(While loop)
    {
        LoopFlags? outer = _loop;
        List<Statement> before = Block(loop.Initializer.ToArray(), 0);
        _loop = new LoopFlags();
        List<Statement> body = Block(loop.Body.ToArray(), 0);
        List<Statement> step = Block(loop.Step.ToArray(), 0);
        LoopFlags flags = _loop;
        _loop = outer;
        bool returns = loop.Body.Any(s => Exits.MayReturn(s));
        var leave = new List<int>();
        if (flags.Break >= 0)
        {
            leave.Add(flags.Break);
            before.Add(new Assign(flags.Break, Constant.Bool(false)));
        }

        if (returns && _returned >= 0)
        {
            leave.Add(_returned);
        }

        var header = leave.Select(f => (Statement)new ExitIf(_program.Read(f))).ToList();
        if (loop.TestAfterBody && loop.Condition is { } last)
        {
            int go = _program.Variable("again", ScalarType.Boolean);
            before.Add(new Assign(go, Constant.Bool(true)));
            header.Add(new ExitIf(Negate(_program.Read(go))));
            step.Add(new Assign(go, last));
        }
        else if (loop.Condition is { } first)
        {
            header.Add(new ExitIf(Negate(first)));
        }

        if (flags.Continue >= 0)
        {
            body.Insert(0, new Assign(flags.Continue, Constant.Bool(false)));
        }

        List<Statement> guardedStep = leave.Count > 0 && step.Count > 0
            ? new List<Statement> { new If(Not(leave), step.ToEquatableArray(), EquatableArray<Statement>.Empty) }
            : step;
        before.Add(new Loop(header.ToEquatableArray(), body.ToEquatableArray(), guardedStep.ToEquatableArray()) { Title = loop.Source, Source = loop.Source });
        return before;
    }

    private static Expression Negate(Expression condition) =>
        condition is Operation { Operator: Operators.Not } not ? not.Operands[0] :
        condition is Constant c ? Constant.Bool(c.Value == 0) :
        new Operation(ScalarType.Boolean, Operators.Not, new[] { condition }.ToEquatableArray());

    private sealed class LoopFlags
    {
        public int Break = -1;
        public int Continue = -1;
    }
}
