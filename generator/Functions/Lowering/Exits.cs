using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>Whether statements may, or always do, leave their block early: <c>return</c>, or <c>break</c>/<c>continue</c> of the loop around them.</summary>
internal static class Exits
{
    public static bool May(Statement statement) => MayReturn(statement) || MayBreak(statement) || MayContinue(statement);

    public static bool MayReturn(Statement statement) => statement switch
    {
        Return => true,
        If branch => Any(branch.Then, Exit.Return) || Any(branch.Else, Exit.Return),
        While loop => Any(loop.Body, Exit.Return),
        _ => false,
    };

    /// <summary>Whether it may break out of the loop around it (a loop inside it owns its own breaks).</summary>
    public static bool MayBreak(Statement statement) => statement switch
    {
        Break => true,
        If branch => Any(branch.Then, Exit.Break) || Any(branch.Else, Exit.Break),
        _ => false,
    };

    public static bool MayContinue(Statement statement) => statement switch
    {
        Continue => true,
        If branch => Any(branch.Then, Exit.Continue) || Any(branch.Else, Exit.Continue),
        _ => false,
    };

    /// <summary>Whether every path through the block leaves it.</summary>
    public static bool Always(EquatableArray<Statement> block)
    {
        foreach (Statement statement in block)
        {
            if (Always(statement))
            {
                return true;
            }
        }

        return false;
    }

    private enum Exit
    {
        Return,
        Break,
        Continue,
    }

    /// <summary>Whether a statement of the block may leave that way (a loop over the block: no enumerator or delegate per call).</summary>
    private static bool Any(EquatableArray<Statement> block, Exit exit)
    {
        foreach (Statement statement in block)
        {
            if (exit switch { Exit.Return => MayReturn(statement), Exit.Break => MayBreak(statement), _ => MayContinue(statement) })
            {
                return true;
            }
        }

        return false;
    }

    private static bool Always(Statement statement) => statement switch
    {
        Return or Break or Continue => true,
        If branch => Always(branch.Then) && Always(branch.Else),
        _ => false,
    };
}
