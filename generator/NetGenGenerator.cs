using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;

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

        context.RegisterSourceOutput(functions, static (context, result) =>
            Emit(context, result, static spec => (spec.HintName, spec.MethodName), FunctionEmitter.Emit));

        // Recursion through several methods: each method's calls (with locations, not tracked), the
        // collected graph's cycles (without locations), then per method the calls that close a cycle.
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
            .Select(static (pair, _) => CallGraph.Report(pair.Left, pair.Right))
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

        context.AddSource(hint + ".g.cs", source);
    }
}
