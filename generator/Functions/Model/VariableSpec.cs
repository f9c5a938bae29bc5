namespace NetGen.Generator.Functions.Model;

/// <summary>What a scalar variable of a function's program is.</summary>
internal enum VariableRole
{
    /// <summary>A parameter of the method (a variable initialized with the argument).</summary>
    Parameter,

    /// <summary>A local the user declared.</summary>
    Local,

    /// <summary>A value a lowering or transform introduced (a subexpression, a flag, an adjoint, a tangent).</summary>
    Temporary,
}

/// <summary>A scalar variable of a function's program: its name as written (or a suggested name), its type and role.</summary>
internal sealed record VariableSpec(string Name, ScalarType Type, VariableRole Role)
{
    /// <summary>
    /// A variable derived from another (its adjoint, its tangent, its kept value): the index of that one,
    /// whose printed name replaces the <c>*</c> in <see cref="Name"/> (<c>adj_*</c> of <c>v3</c> is <c>adj_v3</c>); −1 for none.
    /// </summary>
    public int Of { get; init; } = -1;
}
