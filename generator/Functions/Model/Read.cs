namespace NetGen.Generator.Functions.Model;

/// <summary>The current value of a scalar variable.</summary>
internal sealed record Read(ScalarType Type, int Variable) : Expression(Type);
