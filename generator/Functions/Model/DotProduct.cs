namespace NetGen.Generator.Functions.Model;

/// <summary>Σᵢ a[i]·b[i] over two arrays of the same length (a tangent through a span's partials).</summary>
internal sealed record DotProduct(ScalarType Type, int A, int B) : Expression(Type);
