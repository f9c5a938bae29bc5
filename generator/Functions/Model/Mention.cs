using System.Globalization;
using System.Text.RegularExpressions;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// A variable named in a comment's text before names are chosen: the printer replaces each mention with
/// the variable's printed name (a transform cannot know that <c>t_*</c> of <c>f</c> prints as <c>t_f</c>).
/// </summary>
internal static class Mention
{
    private const char Open = '\u0002';
    private const char Close = '\u0003';
    private static readonly Regex Pattern = new(Open + "([0-9]+)" + Close, RegexOptions.CultureInvariant);

    /// <summary>The mention of variable <paramref name="variable"/>, quoted as comments quote names.</summary>
    public static string Of(int variable) => "'" + Open + variable.ToString(CultureInfo.InvariantCulture) + Close + "'";

    /// <summary>The text with every mention replaced by <paramref name="name"/> of its variable.</summary>
    public static string Resolve(string text, System.Func<int, string> name) =>
        text.IndexOf(Open) < 0 ? text : Pattern.Replace(text, m => name(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
}
