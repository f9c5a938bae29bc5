using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>The attributes of the function side, read from symbols.</summary>
internal static class FunctionAttributes
{
    public const string Differentiable = "NetGen.DifferentiableAttribute";
    public const string GradientOf = "NetGen.GradientOfAttribute";
    public const string NoGradient = "NetGen.NoGradientAttribute";

    public static bool IsDifferentiable(IMethodSymbol method) => Has(method, Differentiable);

    public static bool IsNoGradient(IParameterSymbol parameter) => Has(parameter, NoGradient);

    /// <summary>The <c>Order</c> named argument of <c>[Differentiable]</c> (1 when absent).</summary>
    public static int OrderOf(IMethodSymbol method)
    {
        AttributeData? attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == Differentiable);
        foreach (KeyValuePair<string, TypedConstant> argument in attribute?.NamedArguments ?? ImmutableArray<KeyValuePair<string, TypedConstant>>.Empty)
        {
            if (argument.Key == "Order" && argument.Value.Value is int order)
            {
                return order;
            }
        }

        return 1;
    }

    private static bool Has(ISymbol symbol, string attribute) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attribute);
}
