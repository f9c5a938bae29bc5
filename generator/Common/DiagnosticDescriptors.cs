using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Common;

/// <summary>Every diagnostic NetGen reports. Each id has a section in docs/diagnostics.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Usage = "NetGen.Usage";
    private const string Networks = "NetGen.Network";
    private const string Functions = "NetGen.Differentiable";

    public static readonly DiagnosticDescriptor TypeNotPartial = Create(
        "NETGEN001", Usage, "Type must be partial",
        "'{0}' must be declared 'partial' because NetGen adds generated members to {1}; add the 'partial' modifier to '{0}'");

    public static readonly DiagnosticDescriptor DenseWithoutNetwork = Create(
        "NETGEN002", Networks, "[Dense] without [Network]",
        "'{0}' has layers ([Dense], [Conv2D], [MaxPool2D], [AvgPool2D], [LayerNorm] or [Dropout]) but no [Network] attribute; add [Network(inputs)] (or [Network(channels, height, width)] for images) to '{0}' to declare its input");

    public static readonly DiagnosticDescriptor InvalidInputs = Create(
        "NETGEN003", Networks, "Network inputs must be positive",
        "[Network] declares {0} inputs; a network needs at least 1 input, so pass a positive number");

    public static readonly DiagnosticDescriptor InvalidUnits = Create(
        "NETGEN004", Networks, "Layer units must be positive",
        "[Dense] declares {0} units; a layer needs at least 1 unit, so pass a positive number");

    public static readonly DiagnosticDescriptor UndefinedActivation = Create(
        "NETGEN005", Networks, "Undefined activation",
        "{0} is not a defined Activation; use Activation.Identity, ReLU, Sigmoid, Tanh, LeakyReLU, ELU, GELU, SiLU or Softplus");

    public static readonly DiagnosticDescriptor UndefinedLoss = Create(
        "NETGEN006", Networks, "Undefined loss",
        "{0} is not a defined Loss; use Loss.HalfSquaredError, SoftmaxCrossEntropy, SigmoidCrossEntropy, AbsoluteError or Huber");

    public static readonly DiagnosticDescriptor MemberConflict = Create(
        "NETGEN007", Networks, "Member conflicts with a generated member",
        "'{0}.{1}' conflicts with the member '{1}' that NetGen generates for the network '{0}'; rename or remove '{1}'");

    public static readonly DiagnosticDescriptor GenericNetwork = Create(
        "NETGEN008", Networks, "Generic networks are not supported",
        "Network '{0}' is generic or nested in a generic type; NetGen generates fixed-shape code for non-generic classes only, so remove the type parameters");

    public static readonly DiagnosticDescriptor NetworkTooLarge = Create(
        "NETGEN009", Networks, "Network too large",
        "Network '{0}' is too large: {1}");

    public static readonly DiagnosticDescriptor InvalidNetworkType = Create(
        "NETGEN010", Networks, "[Network] needs a non-static class",
        "'{0}' is {1}; [Network] must be put on a non-static, non-record class");

    public static readonly DiagnosticDescriptor UndefinedEmitStyle = Create(
        "NETGEN011", Networks, "Undefined emit style",
        "{0} is not a defined EmitStyle; use EmitStyle.Auto, EmitStyle.StraightLine or EmitStyle.Loops");

    public static readonly DiagnosticDescriptor InheritedMemberConflict = Create(
        "NETGEN012", Networks, "Inherited member conflicts with a generated member",
        "Network '{0}' inherits '{1}' from '{2}', which the member '{1}' that NetGen generates would hide; rename '{1}' in '{2}', make it private, or do not derive '{0}' from '{2}'");

    public static readonly DiagnosticDescriptor FileLocalType = Create(
        "NETGEN013", Usage, "File-local types cannot be extended",
        "'{0}' is declared 'file', so the part NetGen generates for {1} would be a different type; remove the 'file' modifier (use 'internal' to keep it out of other assemblies)");

    public static readonly DiagnosticDescriptor UndefinedPrecision = Create(
        "NETGEN014", Networks, "Undefined precision",
        "{0} is not a defined Precision; use Precision.Double or Precision.Single");

    public static readonly DiagnosticDescriptor SingleSoftmaxOutput = Create(
        "NETGEN015", Networks, "Softmax cross-entropy needs two or more outputs",
        "Network '{0}' uses Loss.SoftmaxCrossEntropy with one output, whose softmax is always 1: its loss is always 0 and it never learns; give its last layer two units (one logit per class) for two classes");

    public static readonly DiagnosticDescriptor MisplacedLayerExtra = Create(
        "NETGEN016", Networks, "[LayerNorm] or [Dropout] in the wrong place",
        "{0}; write [LayerNorm] and then [Dropout] directly after the [Dense] whose output they take, at most one of each per layer");

    public static readonly DiagnosticDescriptor ResidualSize = Create(
        "NETGEN017", Networks, "Residual layer needs as many units as inputs",
        "Layer {0} is residual (its output is its input plus its activation) but has {1} inputs and {2} units; give it {1} units, or remove Residual = true");

    public static readonly DiagnosticDescriptor InvalidDropout = Create(
        "NETGEN018", Networks, "Dropout probability outside [0, 1)",
        "[Dropout({0})]: the probability that a unit is zeroed must be at least 0 and less than 1; pass a value such as 0.1");

    public static readonly DiagnosticDescriptor ImageLayerShape = Create(
        "NETGEN019", Networks, "Convolution or pooling does not fit its input",
        "Layer {0}, {1}: {2}");

    public static readonly DiagnosticDescriptor MisplacedImageLayer = Create(
        "NETGEN039", Networks, "Convolution or pooling in the wrong place",
        "Layer {0}, {1}: {2}");

    public static readonly DiagnosticDescriptor NotStatic = Create(
        "NETGEN020", Functions, "[Differentiable] method must be static",
        "[Differentiable] method '{0}' must be static; add the 'static' modifier");

    public static readonly DiagnosticDescriptor NotDouble = Create(
        "NETGEN021", Functions, "Type not supported in a [Differentiable] method",
        "[Differentiable] method '{0}' cannot have {1} of type '{2}': {3}");

    public static readonly DiagnosticDescriptor ParameterModifier = Create(
        "NETGEN022", Functions, "[Differentiable] parameter has a modifier",
        "Parameter '{1}' of [Differentiable] method '{0}' is declared '{2}'; differentiable methods take their parameters by value, so remove '{2}'{3}");

    public static readonly DiagnosticDescriptor GenericFunction = Create(
        "NETGEN023", Functions, "Generic [Differentiable] method",
        "[Differentiable] method '{0}' is generic or in a generic type; remove the type parameters");

    public static readonly DiagnosticDescriptor NoBody = Create(
        "NETGEN024", Functions, "[Differentiable] method has no body",
        "[Differentiable] method '{0}' has no body to differentiate; give it an expression body (=> …) or a block of statements");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Create(
        "NETGEN025", Functions, "Statement not supported in a [Differentiable] method",
        "'{1}' in [Differentiable] method '{0}' is not supported: {2}");

    public static readonly DiagnosticDescriptor Recursion = Create(
        "NETGEN026", Functions, "Recursive [Differentiable] method",
        "[Differentiable] method '{0}' calls itself{1}; NetGen writes a callee's derivative into its caller, which a recursion would never finish, so rewrite it as a loop");

    public static readonly DiagnosticDescriptor NotDifferentiableCall = Create(
        "NETGEN027", Functions, "Call to a method that is not differentiable",
        "'{1}' called from [Differentiable] method '{0}' cannot be differentiated: {2}; mark it [Differentiable] (static, with double, float, int and span parameters), give it a derivative with a [GradientOf] method, or write its computation in '{0}'");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Create(
        "NETGEN028", Functions, "Expression not supported in a [Differentiable] method",
        "'{1}' in [Differentiable] method '{0}' is not supported: {2}");

    public static readonly DiagnosticDescriptor GradientNameConflict = Create(
        "NETGEN029", Functions, "Generated member name is taken",
        "'{0}' already has a member named '{1}', which NetGen generates for [Differentiable] method '{2}'; rename one of them");

    public static readonly DiagnosticDescriptor MisplacedDifferentiable = Create(
        "NETGEN030", Functions, "[Differentiable] on a local function or lambda",
        "[Differentiable] is on {0}, which NetGen cannot extend with a gradient method; move it to a static method of a static partial class");

    public static readonly DiagnosticDescriptor CalleeNotGenerated = Create(
        "NETGEN031", Functions, "Call to a [Differentiable] method that could not be generated",
        "[Differentiable] method '{0}' calls '{1}', whose derivatives could not be generated (see the errors reported in '{1}' or in a method it calls); fix those and '{0}' is generated too");

    public static readonly DiagnosticDescriptor UnsupportedFunction = Create(
        "NETGEN032", Functions, "Function has no derivative rule",
        "'{1}' in [Differentiable] method '{0}' cannot be differentiated: {2}. The math functions NetGen differentiates are {3}");

    public static readonly DiagnosticDescriptor GradientOfShape = Create(
        "NETGEN033", Functions, "[GradientOf] method has the wrong shape",
        "[GradientOf] method '{0}' cannot be the gradient of '{1}': {2}");

    public static readonly DiagnosticDescriptor InvalidOrder = Create(
        "NETGEN034", Functions, "[Differentiable] Order must be 1 or 2",
        "[Differentiable] method '{0}' asks for Order = {1}; NetGen writes first derivatives (Order = 1) and also the Hessian (Order = 2), so use 1 or 2");

    public static readonly DiagnosticDescriptor HessianUnsupported = Create(
        "NETGEN035", Functions, "Hessian not supported for this method",
        "[Differentiable(Order = 2)] method '{0}' cannot have a generated Hessian: {1}");

    public static readonly DiagnosticDescriptor DerivativeLost = Create(
        "NETGEN036", Functions, "A derivative would be lost at a [NoGradient] parameter",
        "[Differentiable] method '{0}' passes '{1}', which depends on a differentiated parameter, to parameter '{2}' of '{3}', which gets no derivative ([NoGradient], or not differentiated by its [GradientOf] method), so the derivative through it would be lost; remove [NoGradient] from '{2}' (and give the [GradientOf] method a derivative for it), or pass a value that does not depend on the differentiated parameters");

    public static readonly DiagnosticDescriptor CalleeOutOfReach = Create(
        "NETGEN037", Functions, "Callee uses members the caller cannot reach",
        "[Differentiable] method '{0}' calls '{1}', which uses private members of '{2}'; NetGen writes a callee's derivative into its caller's generated code, where they are out of reach, so make those members internal");

    public static readonly DiagnosticDescriptor FunctionTooLarge = Create(
        "NETGEN038", Functions, "[Differentiable] method too large",
        "[Differentiable] method '{0}' is too large to generate: {1}");

    public static readonly DiagnosticDescriptor InternalError = Create(
        "NETGEN099", Usage, "NetGen internal error",
        "NetGen could not generate '{0}': {1}; the rest of the compilation is unaffected. Please report this with the definition that caused it");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = new()
    {
        [TypeNotPartial.Id] = TypeNotPartial,
        [DenseWithoutNetwork.Id] = DenseWithoutNetwork,
        [InvalidInputs.Id] = InvalidInputs,
        [InvalidUnits.Id] = InvalidUnits,
        [UndefinedActivation.Id] = UndefinedActivation,
        [UndefinedLoss.Id] = UndefinedLoss,
        [MemberConflict.Id] = MemberConflict,
        [GenericNetwork.Id] = GenericNetwork,
        [NetworkTooLarge.Id] = NetworkTooLarge,
        [InvalidNetworkType.Id] = InvalidNetworkType,
        [UndefinedEmitStyle.Id] = UndefinedEmitStyle,
        [InheritedMemberConflict.Id] = InheritedMemberConflict,
        [FileLocalType.Id] = FileLocalType,
        [UndefinedPrecision.Id] = UndefinedPrecision,
        [SingleSoftmaxOutput.Id] = SingleSoftmaxOutput,
        [MisplacedLayerExtra.Id] = MisplacedLayerExtra,
        [ResidualSize.Id] = ResidualSize,
        [InvalidDropout.Id] = InvalidDropout,
        [ImageLayerShape.Id] = ImageLayerShape,
        [MisplacedImageLayer.Id] = MisplacedImageLayer,
        [NotStatic.Id] = NotStatic,
        [NotDouble.Id] = NotDouble,
        [ParameterModifier.Id] = ParameterModifier,
        [GenericFunction.Id] = GenericFunction,
        [NoBody.Id] = NoBody,
        [UnsupportedStatement.Id] = UnsupportedStatement,
        [Recursion.Id] = Recursion,
        [NotDifferentiableCall.Id] = NotDifferentiableCall,
        [UnsupportedExpression.Id] = UnsupportedExpression,
        [GradientNameConflict.Id] = GradientNameConflict,
        [MisplacedDifferentiable.Id] = MisplacedDifferentiable,
        [CalleeNotGenerated.Id] = CalleeNotGenerated,
        [UnsupportedFunction.Id] = UnsupportedFunction,
        [GradientOfShape.Id] = GradientOfShape,
        [InvalidOrder.Id] = InvalidOrder,
        [HessianUnsupported.Id] = HessianUnsupported,
        [DerivativeLost.Id] = DerivativeLost,
        [CalleeOutOfReach.Id] = CalleeOutOfReach,
        [FunctionTooLarge.Id] = FunctionTooLarge,
        [InternalError.Id] = InternalError,
    };

    public static IEnumerable<DiagnosticDescriptor> Descriptors => All.Values;

    public static DiagnosticDescriptor ById(string id) => All[id];

    private static DiagnosticDescriptor Create(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "See docs/diagnostics.md#" + id.ToLowerInvariant() + " in the NetGen package's repository for examples and fixes.");
}
