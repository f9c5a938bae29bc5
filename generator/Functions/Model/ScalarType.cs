namespace NetGen.Generator.Functions.Model;

/// <summary>The type of a value in a <c>[Differentiable]</c> body: a real (differentiable), an int or a bool (never).</summary>
internal enum ScalarType
{
    /// <summary><c>double</c>.</summary>
    Double,

    /// <summary><c>float</c>.</summary>
    Single,

    /// <summary><c>int</c>: counts, sizes, indexes. C#'s int arithmetic (wrapping, or checked; division truncates).</summary>
    Int32,

    /// <summary><c>bool</c>: conditions.</summary>
    Boolean,
}
