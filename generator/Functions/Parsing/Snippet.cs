using System;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>Source text for messages and comments.</summary>
internal static class Snippet
{
    /// <summary>At most this many characters of source text in a message or comment.</summary>
    private const int MaxText = 80;

    /// <summary>
    /// The source text of a node with runs of white space folded to one space, shortened for
    /// messages and comments. It reads a bounded prefix of the text, so that naming every
    /// subexpression of a long body stays linear in the body's length.
    /// </summary>
    public static string Of(SyntaxNode node)
    {
        Microsoft.CodeAnalysis.Text.TextSpan span = node.Span;
        int take = Math.Min(span.Length, 4 * MaxText);
        string raw = node.SyntaxTree.TryGetText(out Microsoft.CodeAnalysis.Text.SourceText? source)
            ? source.ToString(new Microsoft.CodeAnalysis.Text.TextSpan(span.Start, take))
            : node.ToString().Substring(0, Math.Min(take, node.ToString().Length));
        var text = new System.Text.StringBuilder(Math.Min(take, MaxText + 3));
        bool space = false;
        foreach (char c in raw)
        {
            if (char.IsWhiteSpace(c))
            {
                space = text.Length > 0;
                continue;
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(c);
            if (text.Length > MaxText)
            {
                break;
            }
        }

        string result = text.ToString();
        return result.Length <= MaxText && take == span.Length ? result : result.Substring(0, Math.Min(result.Length, MaxText - 3)) + "...";
    }
}
