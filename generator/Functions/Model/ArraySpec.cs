namespace NetGen.Generator.Functions.Model;

/// <summary>What an array (a span) of a function's program is.</summary>
internal enum ArrayRole
{
    /// <summary>A <c>ReadOnlySpan&lt;T&gt;</c> parameter: read only.</summary>
    Input,

    /// <summary>A <c>Span&lt;T&gt;</c> parameter: the method's results.</summary>
    Output,

    /// <summary><c>Span&lt;T&gt; u = stackalloc T[n];</c>, zeroed where it is declared.</summary>
    Local,

    /// <summary>A slice of another array (a span argument of an inlined call).</summary>
    View,

    /// <summary>A buffer a transform introduced (an adjoint, a tangent, a seed, a sensitivity).</summary>
    Scratch,
}

/// <summary>An array of a function's program: its name, its element type and role.</summary>
internal sealed record ArraySpec(string Name, ScalarType Type, ArrayRole Role);
