namespace NetGen.Generator.Functions.Model;

/// <summary>How a parameter of a <c>[Differentiable]</c> method is passed.</summary>
internal enum ParameterKind
{
    /// <summary><c>double</c>, <c>float</c> or <c>int</c>.</summary>
    Scalar,

    /// <summary><c>ReadOnlySpan&lt;double&gt;</c> or <c>ReadOnlySpan&lt;float&gt;</c>: an input.</summary>
    Input,

    /// <summary><c>Span&lt;double&gt;</c> or <c>Span&lt;float&gt;</c>: an output the method writes.</summary>
    Output,
}

/// <summary>A parameter: its name, how it is passed, its element type, whether it is <c>[NoGradient]</c>, and its variable or array in the program.</summary>
internal sealed record ParameterSpec(string Name, ParameterKind Kind, ScalarType Type, bool NoGradient, int Slot)
{
    /// <summary>Whether the parameter is a real number or holds real numbers.</summary>
    public bool IsReal => Type is ScalarType.Double or ScalarType.Single;

    /// <summary>Whether derivatives are taken with respect to it: a real input not marked <c>[NoGradient]</c>.</summary>
    public bool Differentiated => IsReal && !NoGradient && Kind != ParameterKind.Output;

    /// <summary>Whether it is a span (an array of the program) rather than a scalar variable.</summary>
    public bool IsArray => Kind != ParameterKind.Scalar;
}
