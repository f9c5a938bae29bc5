using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.CodeFixes;

/// <summary>
/// Light-bulb fixes for the most common NetGen errors. Each fix edits the declaration the
/// diagnostic points at; each supports Fix All (document, project, solution).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NetGenCodeFixProvider)), Shared]
public sealed class NetGenCodeFixProvider : CodeFixProvider
{
    /// <summary>Type must be partial.</summary>
    public const string TypeNotPartial = "NETGEN001";

    /// <summary>[Dense] without [Network].</summary>
    public const string DenseWithoutNetwork = "NETGEN002";

    /// <summary>Network too large (the straight-line form forced beyond its ceiling).</summary>
    public const string NetworkTooLarge = "NETGEN009";

    /// <summary>File-local types cannot be extended.</summary>
    public const string FileLocalType = "NETGEN013";

    /// <summary>Residual layer needs as many units as inputs.</summary>
    public const string ResidualSize = "NETGEN017";

    /// <summary>[Differentiable] method must be static.</summary>
    public const string NotStatic = "NETGEN020";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(TypeNotPartial, DenseWithoutNetwork, NetworkTooLarge, FileLocalType, ResidualSize, NotStatic);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            switch (diagnostic.Id)
            {
                case TypeNotPartial when node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type:
                    Register(context, diagnostic, "Make '" + type.Identifier.ValueText + "' partial", TypeNotPartial, root, AddModifier(type, SyntaxKind.PartialKeyword));
                    break;
                case DenseWithoutNetwork when node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type:
                    int inputs = FirstDenseUnits(type) ?? 1;
                    Register(context, diagnostic, "Add [Network(" + inputs.ToString(CultureInfo.InvariantCulture) + ")]", DenseWithoutNetwork, root, AddNetwork(type, inputs));
                    break;
                case NetworkTooLarge when node.FirstAncestorOrSelf<MemberAccessExpressionSyntax>() is { Name.Identifier.ValueText: "StraightLine" } access:
                    Register(context, diagnostic, "Use EmitStyle.Loops", NetworkTooLarge, root, (access, access.WithName(SyntaxFactory.IdentifierName("Loops"))));
                    break;
                case FileLocalType when node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type:
                    Register(context, diagnostic, "Make '" + type.Identifier.ValueText + "' internal instead of file-local", FileLocalType, root, ReplaceFile(type));
                    break;
                case ResidualSize when node.FirstAncestorOrSelf<AttributeArgumentSyntax>() is { NameEquals.Name.Identifier.ValueText: "Residual", Parent: AttributeArgumentListSyntax list } argument:
                    Register(context, diagnostic, "Remove 'Residual = true'", ResidualSize, root, (list, list.WithArguments(list.Arguments.Remove(argument))));
                    break;
                case NotStatic when node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method:
                    Register(context, diagnostic, "Make '" + method.Identifier.ValueText + "' static", NotStatic, root, AddModifier(method, SyntaxKind.StaticKeyword));
                    break;
            }
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string key, SyntaxNode root, (SyntaxNode Old, SyntaxNode New) edit) =>
        context.RegisterCodeFix(
            CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(edit.Old, edit.New))), equivalenceKey: key),
            diagnostic);

    /// <summary>Adds a modifier in its conventional place: 'partial' last, 'static' after the accessibility.</summary>
    private static (SyntaxNode, SyntaxNode) AddModifier(MemberDeclarationSyntax member, SyntaxKind kind)
    {
        SyntaxTokenList modifiers = member.Modifiers;
        if (modifiers.Any(kind))
        {
            return (member, member);
        }

        SyntaxToken token = SyntaxFactory.Token(kind).WithTrailingTrivia(SyntaxFactory.Space);
        if (kind == SyntaxKind.PartialKeyword || modifiers.Count == 0)
        {
            if (modifiers.Count == 0)
            {
                // The modifier takes the leading trivia (indentation, comments) of the keyword it now precedes.
                SyntaxToken first = member.GetFirstToken(includeZeroWidth: false);
                bool firstIsAttribute = member.AttributeLists.Count > 0;
                if (!firstIsAttribute)
                {
                    MemberDeclarationSyntax stripped = member.ReplaceToken(first, first.WithLeadingTrivia());
                    return (member, stripped.WithModifiers(SyntaxFactory.TokenList(token.WithLeadingTrivia(first.LeadingTrivia))));
                }

                SyntaxToken keyword = member is TypeDeclarationSyntax type ? type.Keyword : ((MethodDeclarationSyntax)member).ReturnType.GetFirstToken();
                MemberDeclarationSyntax moved = member.ReplaceToken(keyword, keyword.WithLeadingTrivia());
                return (member, moved.WithModifiers(SyntaxFactory.TokenList(token.WithLeadingTrivia(keyword.LeadingTrivia))));
            }

            return (member, member.WithModifiers(modifiers.Add(token)));
        }

        int index = 0;
        while (index < modifiers.Count && modifiers[index].Kind() is SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword)
        {
            index++;
        }

        return (member, member.WithModifiers(modifiers.Insert(index, token)));
    }

    private static (SyntaxNode, SyntaxNode) ReplaceFile(TypeDeclarationSyntax type)
    {
        SyntaxToken file = type.Modifiers.First(m => m.IsKind(SyntaxKind.FileKeyword));
        SyntaxToken replacement = SyntaxFactory.Token(file.LeadingTrivia, SyntaxKind.InternalKeyword, file.TrailingTrivia);
        return (type, type.WithModifiers(type.Modifiers.Replace(file, replacement)));
    }

    /// <summary>[Network(n)] above the type's first attribute list.</summary>
    private static (SyntaxNode, SyntaxNode) AddNetwork(TypeDeclarationSyntax type, int inputs)
    {
        AttributeListSyntax network = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
            SyntaxFactory.Attribute(
                SyntaxFactory.IdentifierName("Network"),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(inputs))))))));
        AttributeListSyntax first = type.AttributeLists[0];
        SyntaxTriviaList indentation = first.GetLeadingTrivia();
        network = network.WithLeadingTrivia(indentation).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        return (type, type.WithAttributeLists(type.AttributeLists.Insert(0, network)));
    }

    /// <summary>
    /// The units of the type's first [Dense]: a starting guess for the number of inputs (the size of
    /// the layer the data feeds), which the user then sets to the data's width.
    /// </summary>
    private static int? FirstDenseUnits(TypeDeclarationSyntax type)
    {
        foreach (AttributeSyntax attribute in type.AttributeLists.SelectMany(l => l.Attributes))
        {
            string name = attribute.Name.ToString();
            if (name is "Dense" or "DenseAttribute" or "NetGen.Dense" or "NetGen.DenseAttribute" or "global::NetGen.Dense" or "global::NetGen.DenseAttribute" &&
                attribute.ArgumentList?.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax { Token.Value: int units } && units > 0)
            {
                return units;
            }
        }

        return null;
    }
}
