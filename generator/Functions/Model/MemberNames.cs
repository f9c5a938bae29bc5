namespace NetGen.Generator.Functions.Model;

/// <summary>The names of the members NetGen generates for a <c>[Differentiable]</c> method, and of their extra parameters: one naming table for the whole function side.</summary>
internal static class MemberNames
{
    public static string Gradient(string method) => method + "Gradient";

    public static string Hessian(string method) => method + "Hessian";

    public static string Jvp(string method) => method + "Jvp";

    public static string Vjp(string method) => method + "Vjp";

    public static string Jacobian(string method) => method + "Jacobian";

    /// <summary>The derivative (adjoint, cotangent or gradient) parameter of a parameter: x → dX.</summary>
    public static string Derivative(string parameter) => "d" + Capitalized(parameter);

    /// <summary>The tangent parameter of a parameter: x → tX.</summary>
    public static string Tangent(string parameter) => "t" + Capitalized(parameter);

    /// <summary>The tangent of a method's value in its Jvp: <c>out double tResult</c>.</summary>
    public const string TangentResult = "tResult";

    private static string Capitalized(string name)
    {
        string plain = name.TrimStart('@');
        return char.ToUpperInvariant(plain[0]) + plain.Substring(1);
    }
}
