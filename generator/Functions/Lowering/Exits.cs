using System.Linq;
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
        If branch => branch.Then.Any(MayReturn) || branch.Else.Any(MayReturn),
        While loop => loop.Body.Any(MayReturn),
        _ => false,
    };

    /// <summary>Whether it may break out of the loop around it (a loop inside it owns its own breaks).</summary>
    public static bool MayBreak(Statement statement) => statement switch
    {
        Break => true,
        If branch => branch.Then.Any(MayBreak) || branch.Else.Any(MayBreak),
        _ => false,
    };

    public static bool MayContinue(Statement statement) => statement switch
    {
        Continue => true,
        If branch => branch.Then.Any(MayContinue) || branch.Else.Any(MayContinue),
        _ => false,
    };

    /// <summary>Whether every path through the block leaves it.</summary>
    public static bool Always(EquatableArray<Statement> block) => block.Any(Always);

    private static bool Always(Statement statement) => statement switch
    {
        Return or Break or Continue => true,
        If branch => Always(branch.Then) && Always(branch.Else),
        _ => false,
    };
}
