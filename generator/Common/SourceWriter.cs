using System.Text;

namespace NetGen.Generator.Common;

/// <summary>A small indented text writer; generated files always use '\n' line endings.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter(int indent = 0) => _indent = indent;

    /// <summary>The current indentation level, to start another writer at the same depth.</summary>
    public int Depth => _indent;

    /// <summary>Appends the text of a writer started at this one's <see cref="Depth"/>.</summary>
    public void Append(SourceWriter other) => _builder.Append(other._builder);

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    public void Open(string header)
    {
        Line(header);
        Line("{");
        Indent();
    }

    public void Close(string suffix = "")
    {
        Unindent();
        Line("}" + suffix);
    }

    public override string ToString() => _builder.ToString();
}
