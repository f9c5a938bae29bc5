using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Legacy;
using NetGen.Generator.Networks;
using NetGen.Generator.Networks.Emit;
using NetGen.Generator.Networks.Model;

namespace NetGen.Generator;

/// <summary>
/// The pipeline, and only the pipeline: each kind of definition is found with
/// <c>ForAttributeWithMetadataName</c>, parsed into an equatable spec (or diagnostics), and emitted.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetGenGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult<NetworkSpec>> networks = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.NetworkAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                NetworkParser.Parse)
            .WithTrackingName(TrackingNames.Networks);

        context.RegisterSourceOutput(networks, static (context, result) =>
            Emit(context, result, static spec => (spec.Type.HintName, spec.Type.Name), NetworkEmitter.Emit));

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> orphanLayers = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.DenseAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                NetworkParser.ParseOrphanLayers)
            .WithTrackingName(TrackingNames.OrphanLayers);

        context.RegisterSourceOutput(orphanLayers, static (context, diagnostics) => Report(context, diagnostics));

        IncrementalValuesProvider<ParseResult<FunctionSpec>> functions = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                FunctionParser.DifferentiableAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                FunctionParser.Parse)
            .WithTrackingName(TrackingNames.Functions);

        // A method that calls a [Differentiable] method that cannot be generated cannot be generated
        // either (its code would call a missing gradient): the collected set of such methods, by identity.
        IncrementalValueProvider<EquatableArray<string>> unavailable = functions
            .Select(static (result, _) => new FunctionStatus(result.Key, result.Spec is not null, result.Spec?.Callees ?? EquatableArray<string>.Empty))
            .Collect()
            .Select(CallGraph.FindUnavailable)
            .WithTrackingName(TrackingNames.Unavailable);

        context.RegisterSourceOutput(functions.Combine(unavailable), static (context, pair) =>
        {
            ParseResult<FunctionSpec> result = pair.Left;
            if (result.Spec is { } spec && System.Linq.Enumerable.Contains(pair.Right, spec.Key))
            {
                result = result with { Spec = null }; // NETGEN031 is reported at its calls below
            }

            Emit(context, result, static spec => (spec.HintName, spec.MethodName), FunctionEmitter.Emit);
        });

        // [Differentiable] on a local function or a lambda: nothing NetGen can extend.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> misplaced = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                FunctionParser.DifferentiableAttribute,
                static (node, _) => node is LocalFunctionStatementSyntax or LambdaExpressionSyntax,
                FunctionParser.ParseMisplaced)
            .WithTrackingName(TrackingNames.Misplaced);

        context.RegisterSourceOutput(misplaced, static (context, diagnostics) => Report(context, diagnostics));

        // [GradientOf] methods: their shape against the method they name.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> gradientOf = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                FunctionParser.GradientOfAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                FunctionParser.ParseGradientOf)
            .WithTrackingName(TrackingNames.GradientOf);

        context.RegisterSourceOutput(gradientOf, static (context, diagnostics) => Report(context, diagnostics));

        // Recursion through several methods: each method's calls (with locations, not tracked), the
        // collected graph's cycles (without locations), then per method the calls that close a cycle
        // or that call a method that cannot be generated.
        IncrementalValuesProvider<CallSites> callSites = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                FunctionParser.DifferentiableAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                CallGraph.ParseCallSites);

        IncrementalValueProvider<EquatableArray<RecursiveMethod>> cycles = callSites
            .Select(static (sites, _) => sites.ToEdges())
            .WithTrackingName(TrackingNames.CallGraph)
            .Collect()
            .Select(CallGraph.FindCycles)
            .WithTrackingName(TrackingNames.Cycles);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> recursion = callSites
            .Combine(cycles)
            .Combine(unavailable)
            .Select(static (pair, _) => CallGraph.Report(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.Recursion);

        context.RegisterSourceOutput(recursion, static (context, diagnostics) => Report(context, diagnostics));
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    private static void Emit<T>(SourceProductionContext context, ParseResult<T> result, Func<T, (string Hint, string Name)> name, Func<T, string> emit)
        where T : class
    {
        Report(context, result.Diagnostics);
        if (result.Spec is not { } spec)
        {
            return;
        }

        (string hint, string display) = name(spec);
        string source;
        try
        {
            source = emit(spec);
        }
        catch (Exception ex)
        {
            // Never let one definition take down the compilation; report it and keep going.
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, display, ex.GetType().Name + ": " + ex.Message));
            return;
        }

        try
        {
            context.AddSource(hint + ".g.cs", source);
        }
        catch (ArgumentException ex)
        {
            // Hint names are unique by construction (see TypeSpecParser.HintName); should two
            // definitions still meet, say so at the definition instead of losing the whole run.
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, display, "hint name '" + hint + "' is taken (" + ex.Message + ")"));
        }
    }
}
