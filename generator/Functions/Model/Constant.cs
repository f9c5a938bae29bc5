namespace NetGen.Generator.Functions.Model;

/// <summary>A compile-time constant of its type (ints and bools are held exactly as doubles: 0 and 1 for false and true).</summary>
internal sealed record Constant(ScalarType Type, double Value) : Expression(Type)
{
    public static Constant Real(ScalarType type, double value) => new(type, value);

    public static Constant Int(int value) => new(ScalarType.Int32, value);

    public static Constant Bool(bool value) => new(ScalarType.Boolean, value ? 1 : 0);
}
