namespace NetGen.Generator.Functions.Model;

/// <summary>
/// A value of a function's program, typed as C# types it (every implicit conversion is an explicit
/// <see cref="Conversion"/>), so that the generated code computes exactly what the method computes.
/// </summary>
internal abstract record Expression(ScalarType Type)
{
    /// <summary>Whether the value is a real number (has a derivative).</summary>
    public bool IsReal => Type is ScalarType.Double or ScalarType.Single;
}
