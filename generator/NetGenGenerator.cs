using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Functions;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Emit;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Parsing;
using NetGen.Generator.Networks;
using NetGen.Generator.Networks.Emit;
using NetGen.Generator.Networks.Model;

namespace NetGen.Generator;

/// <summary>
/// The pipeline, and only the pipeline. Each kind of definition is found with
/// <c>ForAttributeWithMetadataName</c> and read once per edit into an equatable spec plus its
/// diagnostics; source and diagnostics are separate outputs (as the System.Text.Json generator does), so
/// that an edit which only moves a definition — changing its diagnostics' locations, not its spec —
/// regenerates no source. Comments at each step say what re-runs on an edit.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetGenGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        InitializeNetworks(context);
        InitializeFunctions(context);
    }

    private static void InitializeNetworks(IncrementalGeneratorInitializationContext context)
    {
        // Re-runs for every [Network] type on each edit (the attributes' symbols are needed); its output
        // compares by value, so unchanged networks stop here.
        IncrementalValuesProvider<ParseResult<NetworkSpec>> networks = context.SyntaxProvider
            .ForAttributeWithMetadataName(NetworkParser.NetworkAttribute, static (node, _) => node is TypeDeclarationSyntax, NetworkParser.Parse)
            .WithTrackingName(TrackingNames.Networks);

        // Source: only a network whose spec changed is written again (a spec holds no location).
        IncrementalValuesProvider<NetworkSpec> specs = networks
            .Select(static (r, _) => r.Spec!)
            .Where(static s => s is not null)
            .WithTrackingName(TrackingNames.NetworkSpecs);
        context.RegisterSourceOutput(specs, static (context, spec) => AddSource(context, spec.Type.HintName, spec.Type.Name, () => NetworkEmitter.Emit(spec)));

        // Diagnostics: re-reported when they (or their locations) change.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = networks
            .Select(static (r, _) => r.Diagnostics)
            .WithTrackingName(TrackingNames.NetworkDiagnostics);
        context.RegisterSourceOutput(diagnostics, static (context, found) => Report(context, found));

        // NETGEN002 for layer attributes without [Network]: each is reported once, at the type's first layer attribute.
        foreach (string layerAttribute in new[] { NetworkParser.DenseAttribute, NetworkParser.LayerNormAttribute, NetworkParser.DropoutAttribute, NetworkParser.Conv2DAttribute, NetworkParser.MaxPool2DAttribute, NetworkParser.AvgPool2DAttribute })
        {
            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> orphans = context.SyntaxProvider
                .ForAttributeWithMetadataName(layerAttribute, static (node, _) => node is TypeDeclarationSyntax, NetworkParser.ParseOrphanLayers)
                .WithTrackingName(TrackingNames.OrphanLayers);
            context.RegisterSourceOutput(orphans, static (context, found) => Report(context, found));
        }
    }

    private static void InitializeFunctions(IncrementalGeneratorInitializationContext context)
    {
        // Binds each [Differentiable] body once per edit: the spec (the IR), its diagnostics and its
        // calls (with locations) come from that one reading.
        IncrementalValuesProvider<FunctionParse> parses = context.SyntaxProvider
            .ForAttributeWithMetadataName(FunctionAttributes.Differentiable, static (node, _) => node is MethodDeclarationSyntax, FunctionParser.Parse)
            .WithTrackingName(TrackingNames.Functions);

        // The specs without locations, collected: what calls are inlined from. Re-runs when any spec changes.
        IncrementalValueProvider<FunctionLibrary> library = parses
            .Select(static (p, _) => (p.Spec, Edges: new CallEdges(p.Key, p.Name.Split('(')[0], p.Calls.Select(c => c.Callee).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToEquatableArray())))
            .WithTrackingName(TrackingNames.FunctionSpecs)
            .Collect()
            .Select(static (all, _) => new FunctionLibrary(
                all.Where(a => a.Spec is not null).Select(a => a.Spec!).OrderBy(s => s.Key, StringComparer.Ordinal).ToEquatableArray(),
                all.Select(a => a.Edges).OrderBy(e => e.Key, StringComparer.Ordinal).ToEquatableArray()))
            .WithTrackingName(TrackingNames.FunctionLibrary);

        // Per method: its spec and its callees' (transitively). A method is written again only when it or
        // a method it calls changed, wherever that is (a callee or a [GradientOf] added in another file).
        IncrementalValuesProvider<FunctionUnit> units = parses
            .Select(static (p, _) => p.Spec!)
            .Where(static s => s is not null)
            .Combine(library)
            .Select(static (pair, _) => CallGraph.Unit(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.FunctionUnits);
        context.RegisterSourceOutput(units, static (context, unit) => AddSource(context, unit.Spec.HintName, unit.Spec.Name, () => FunctionEmitter.Emit(unit)));

        // Diagnostics: a method's own, and those of its calls once every method is known.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parses
            .Combine(library)
            .Select(static (pair, _) => FunctionDiagnostics.Report(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.FunctionDiagnostics);
        context.RegisterSourceOutput(diagnostics, static (context, found) => Report(context, found));

        // [Differentiable] on a local function or a lambda: nothing NetGen can extend.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> misplaced = context.SyntaxProvider
            .ForAttributeWithMetadataName(FunctionAttributes.Differentiable, static (node, _) => node is LocalFunctionStatementSyntax or LambdaExpressionSyntax, FunctionParser.ParseMisplaced)
            .WithTrackingName(TrackingNames.Misplaced);
        context.RegisterSourceOutput(misplaced, static (context, found) => Report(context, found));

        // [GradientOf] methods: their shape against the method they name.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> gradientOf = context.SyntaxProvider
            .ForAttributeWithMetadataName(FunctionAttributes.GradientOf, static (node, _) => node is MethodDeclarationSyntax, GradientOfReader.Read)
            .WithTrackingName(TrackingNames.GradientOf);
        context.RegisterSourceOutput(gradientOf, static (context, found) => Report(context, found));
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    private static void AddSource(SourceProductionContext context, string hint, string display, Func<SourceText?> emit)
    {
        SourceText? source;
        try
        {
            source = emit();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never let one definition take down the compilation; report it and keep going.
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, display, ex.GetType().Name + ": " + ex.Message + " at " + ex.StackTrace));
            return;
        }

        if (source is null)
        {
            return; // its diagnostics say why
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
