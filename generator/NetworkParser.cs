using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>Reads a <c>[Network]</c> class and its <c>[Dense]</c> layers into a <see cref="NetworkSpec"/>.</summary>
internal static class NetworkParser
{
    public const string NetworkAttribute = "NetGen.NetworkAttribute";
    public const string DenseAttribute = "NetGen.DenseAttribute";

    /// <summary>
    /// Networks with at most this many parameters are written straight-line; larger ones with loops.
    /// Straight-line code keeps every parameter, activation and gradient in a local; past a few
    /// hundred parameters the JIT runs out of registers and tracked locals, and the loop form wins
    /// (see the scale figures in README.md).
    /// </summary>
    public const int StraightLineMaxParameters = 500;

    /// <summary>The loop form keeps u, z and ∂l/∂z of every layer on the stack: at most this many doubles.</summary>
    public const int MaxScratch = 32 * 1024;

    /// <summary>At most this many parameters in the straight-line form (beyond it the file and the JIT's work grow too large).</summary>
    public const int MaxStraightLineParameters = 16 * 1024;

    /// <summary>At most this many parameters (the flat array's length).</summary>
    public const int MaxParameters = 64 * 1024 * 1024;

    public static ParseResult<NetworkSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        if (context.Attributes.Length != 1)
        {
            // [Network] twice: the compiler already reports CS0579 and there is nothing sensible to generate.
            return Result(null, diagnostics);
        }

        NetworkSpec? spec = null;
        try
        {
            spec = ParseCore(type, declaration, context.Attributes[0], diagnostics, cancellationToken);
        }
        catch (System.Exception ex) when (ex is not System.OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(declaration.Identifier), type.Name, ex.GetType().Name + ": " + ex.Message));
        }

        return Result(spec, diagnostics);
    }

    /// <summary>NETGEN002 for a class that has <c>[Dense]</c> but no <c>[Network]</c>.</summary>
    public static EquatableArray<DiagnosticInfo> ParseOrphanLayers(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkAttribute))
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        SyntaxNode? attribute = context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        return new[] { DiagnosticInfo.Create(DiagnosticDescriptors.DenseWithoutNetwork, attribute ?? context.TargetNode, type.Name) }.ToEquatableArray();
    }

    private static NetworkSpec? ParseCore(INamedTypeSymbol type, TypeDeclarationSyntax declaration, AttributeData network, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        int before = diagnostics.Count;
        if (type.TypeKind != TypeKind.Class || type.IsRecord || type.IsStatic)
        {
            string what = type.IsStatic ? "a static class" : type.IsRecord ? "a record" : "not a class";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNetworkType, LocationInfo.From(declaration.Identifier), type.Name, what));
        }

        if (TypeSpecParser.IsGeneric(type))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNetwork, LocationInfo.From(declaration.Identifier), type.Name));
        }

        TypeSpec? typeSpec = TypeSpecParser.Parse(type, "the network", diagnostics);

        // [Network(inputs, Loss = …)]
        if (network.AttributeConstructor is null || network.ConstructorArguments.Length != 1 || network.ConstructorArguments[0].Value is not int inputs)
        {
            return null; // the compiler reports the malformed attribute
        }

        var networkSyntax = network.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        if (inputs <= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInputs, Argument(networkSyntax, 0, "inputs") ?? (SyntaxNode?)networkSyntax, Int(inputs)));
        }

        LossKind loss = LossKind.HalfSquaredError;
        int style = 0;
        foreach (KeyValuePair<string, TypedConstant> named in network.NamedArguments)
        {
            if (named.Key == "Emit" && named.Value.Value is int styleValue)
            {
                if (styleValue is < 0 or > 2)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedEmitStyle, NamedArgument(networkSyntax, "Emit") ?? (SyntaxNode?)networkSyntax, "(EmitStyle)" + Int(styleValue)));
                }

                style = styleValue;
            }

            if (named.Key == "Loss" && named.Value.Value is int lossValue)
            {
                if (lossValue is < 0 or > (int)LossKind.SoftmaxCrossEntropy)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedLoss, NamedArgument(networkSyntax, "Loss") ?? (SyntaxNode?)networkSyntax, "(Loss)" + Int(lossValue)));
                }
                else
                {
                    loss = (LossKind)lossValue;
                }
            }
        }

        // [Dense(units, activation)] in source order
        var layers = new List<LayerSpec>();
        int width = inputs;
        foreach (AttributeData dense in type.GetAttributes())
        {
            if (dense.AttributeClass?.ToDisplayString() != DenseAttribute)
            {
                continue;
            }

            if (dense.AttributeConstructor is null || dense.ConstructorArguments.Length != 2 ||
                dense.ConstructorArguments[0].Value is not int units || dense.ConstructorArguments[1].Value is not int activation)
            {
                return null; // the compiler reports the malformed attribute
            }

            var denseSyntax = dense.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            if (units <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidUnits, Argument(denseSyntax, 0, "units") ?? (SyntaxNode?)denseSyntax, Int(units)));
            }

            if (activation is < 0 or > (int)ActivationKind.Tanh)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedActivation, Argument(denseSyntax, 1, "activation") ?? (SyntaxNode?)denseSyntax, "(Activation)" + Int(activation)));
            }

            layers.Add(new LayerSpec(width, units, (ActivationKind)activation));
            width = units;
        }

        if (diagnostics.Count > before || typeSpec is null)
        {
            return null;
        }

        // Size: parameters and the loop form's stack scratch.
        long parameters = 0;
        long scratch = 0;
        foreach (LayerSpec layer in layers)
        {
            parameters += ((long)layer.Inputs * layer.Units) + layer.Units;
            scratch += 3L * layer.Units;
        }

        EmitForm form = style switch
        {
            1 => EmitForm.StraightLine,
            2 => EmitForm.Loops,
            _ => parameters <= StraightLineMaxParameters ? EmitForm.StraightLine : EmitForm.Loops,
        };
        bool straightTooLarge = form == EmitForm.StraightLine && parameters > MaxStraightLineParameters;
        if (parameters > MaxParameters || (form == EmitForm.Loops && scratch > MaxScratch) || straightTooLarge)
        {
            string why = parameters > MaxParameters
                ? string.Format(CultureInfo.InvariantCulture, "{0} parameters, more than the limit of {1}", parameters, MaxParameters)
                : straightTooLarge
                    ? string.Format(CultureInfo.InvariantCulture, "{0} parameters, more than the straight-line form's limit of {1}; use Emit = EmitStyle.Auto or EmitStyle.Loops", parameters, MaxStraightLineParameters)
                    : string.Format(CultureInfo.InvariantCulture, "its layers need {0} doubles of stack scratch per sample (3 per unit), more than the limit of {1}", scratch, MaxScratch);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, (SyntaxNode?)networkSyntax ?? declaration, type.Name, why));
            return null;
        }

        // Members the user wrote that the generated code would also declare.
        HashSet<string> generated = GeneratedMemberNames(layers.Count, loss);
        foreach (ISymbol member in type.GetMembers().OrderBy(m => m.Name, System.StringComparer.Ordinal))
        {
            if (!member.IsImplicitlyDeclared && generated.Contains(member.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberConflict, LocationInfo.From(member.Locations.FirstOrDefault()), type.Name, member.Name));
            }
        }

        if (diagnostics.Count > before)
        {
            return null;
        }

        bool userConstructor = type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && !c.IsImplicitlyDeclared);
        return new NetworkSpec(typeSpec, inputs, loss, layers.ToEquatableArray(), !userConstructor, form);
    }

    /// <summary>The names a network's generated code declares.</summary>
    public static HashSet<string> GeneratedMemberNames(int layers, LossKind loss)
    {
        var names = new HashSet<string>
        {
            "InputCount", "OutputCount", "ParameterCount", "Parameters", "_parameters",
            "Forward", "ComputeLoss", "AccumulateGradient", "Gradient", "Step",
            "AccumulateCore", "Propagate", "Backpropagate", "LossAndAdjoint",
        };
        if (loss == LossKind.SoftmaxCrossEntropy)
        {
            names.Add("Probabilities");
        }

        for (int l = 1; l <= layers; l++)
        {
            names.Add("W" + Int(l));
            names.Add("B" + Int(l));
        }

        return names;
    }

    private static ParseResult<NetworkSpec> Result(NetworkSpec? spec, List<DiagnosticInfo> diagnostics) =>
        new(spec, diagnostics.ToEquatableArray());

    /// <summary>The syntax of a constructor argument, by position or by name (<c>units: 3</c>).</summary>
    private static SyntaxNode? Argument(AttributeSyntax? attribute, int position, string name)
    {
        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = attribute?.ArgumentList?.Arguments ?? default;
        foreach (AttributeArgumentSyntax argument in arguments)
        {
            if (argument.NameColon?.Name.Identifier.ValueText == name)
            {
                return argument.Expression;
            }
        }

        int index = 0;
        foreach (AttributeArgumentSyntax argument in arguments)
        {
            if (argument.NameColon is null && argument.NameEquals is null)
            {
                if (index == position)
                {
                    return argument.Expression;
                }

                index++;
            }
        }

        return null;
    }

    private static SyntaxNode? NamedArgument(AttributeSyntax? attribute, string name) =>
        attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.Expression;

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
