using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Common;
using Xunit;

namespace NetGen.Tests.Common;

/// <summary>
/// Generated files reach Roslyn as a <see cref="SourceText"/> over the writer's builder, not a copy: it must read, split
/// into lines and hash exactly as Roslyn's own text of the same characters does (the checksum goes into the PDB). The
/// interpolated <c>Line($"…")</c> must format in the invariant culture whatever the current one is, and write an
/// empty line as <c>Line()</c> does.
/// </summary>
public class SourceWriterTests
{
    [Fact]
    public void TheBuilderTextReadsAndHashesAsRoslynsOwnText()
    {
        // Several builder chunks: a small first buffer, then lines past it; non-ASCII characters as in the comments.
        var w = new SourceWriter(0, 16);
        for (int i = 0; i < 3000; i++)
        {
            w.Line("// ∂L/∂w" + i.ToString(CultureInfo.InvariantCulture) + " = δ·x, line " + i.ToString(CultureInfo.InvariantCulture));
            w.Indent();
            w.Line("double v" + i.ToString(CultureInfo.InvariantCulture) + " = 1;");
            w.Unindent();
        }

        string expected = w.ToString();
        SourceText text = w.ToSourceText();
        SourceText roslyn = SourceText.From(expected, Encoding.UTF8);

        Assert.Equal(expected.Length, text.Length);
        Assert.Equal(expected, text.ToString());
        Assert.Equal(expected.Substring(70_000, 5_000), text.ToString(new TextSpan(70_000, 5_000)));
        Assert.Equal(expected[123_456], text[123_456]);
        Assert.Equal(expected[0], text[0]);
        var copy = new char[4_000];
        text.CopyTo(99_000, copy, 0, copy.Length);
        Assert.Equal(expected.Substring(99_000, 4_000), new string(copy));
        Assert.Equal(roslyn.Lines.Count, text.Lines.Count);
        Assert.Equal(roslyn.Lines[4321].ToString(), text.Lines[4321].ToString());
        Assert.Same(Encoding.UTF8, text.Encoding);
        Assert.Equal(roslyn.ChecksumAlgorithm, text.ChecksumAlgorithm);
        Assert.Equal(System.Convert.ToBase64String(roslyn.GetChecksum().ToArray()), System.Convert.ToBase64String(text.GetChecksum().ToArray()));
        Assert.True(text.ContentEquals(roslyn));
    }

    [Fact]
    public void AnEmptyFileIsRoslynsEmptyText()
    {
        SourceText text = new SourceWriter().ToSourceText();
        SourceText roslyn = SourceText.From(string.Empty, Encoding.UTF8);
        Assert.Equal(0, text.Length);
        Assert.Equal(string.Empty, text.ToString());
        Assert.Equal(roslyn.Lines.Count, text.Lines.Count);
        Assert.Equal(System.Convert.ToBase64String(roslyn.GetChecksum().ToArray()), System.Convert.ToBase64String(text.GetChecksum().ToArray()));
        Assert.True(text.ContentEquals(roslyn));
    }

    [Fact]
    public void InterpolatedLinesAreInvariantAndIndentedAsPlainOnes()
    {
        CultureInfo original = CultureInfo.CurrentCulture;
        try
        {
            // Cultures whose numbers differ from C#'s: a comma decimal separator, and a minus sign that is not '-'.
            foreach (string name in new[] { "de-DE", "sv-SE", "ar-SA" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
                var w = new SourceWriter(1);
                int negative = -3;
                long large = -12_345_678_901;
                double half = 0.5;
                string? nothing = null;
                string empty = string.Empty;
                w.Line($"x[{negative}] = {half} + {large}{nothing};");
                w.Line($"{empty}");
                w.Open($"if (k < {1_000})");
                w.Line($"{(float)-1.25}f;");
                w.Close();
                Assert.Equal("    x[-3] = 0.5 + -12345678901;\n\n    if (k < 1000)\n    {\n        -1.25f;\n    }\n", w.ToString());
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }
}
