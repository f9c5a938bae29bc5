using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generator.Common;

/// <summary>A small indented text writer; generated files always use '\n' line endings.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder;
    private int _indent;

    public SourceWriter(int indent = 0)
        : this(indent, 16)
    {
    }

    /// <param name="capacity">The characters expected: a large file is then one buffer, not hundreds of chunks that each garbage collection moves.</param>
    public SourceWriter(int indent, int capacity)
    {
        _indent = indent;
        _builder = new StringBuilder(capacity);
    }

    /// <summary>The current indentation level, to start another writer at the same depth.</summary>
    public int Depth => _indent;

    /// <summary>Appends the text of a writer started at this one's <see cref="Depth"/>.</summary>
    public void Append(SourceWriter other)
    {
        // netstandard2.0 has no Append(StringBuilder): that call would take Append(object), a string of the whole text.
        char[] buffer = _copy ??= new char[4096];
        for (int at = 0; at < other._builder.Length; at += buffer.Length)
        {
            int n = System.Math.Min(buffer.Length, other._builder.Length - at);
            other._builder.CopyTo(at, buffer, 0, n);
            _builder.Append(buffer, 0, n);
        }
    }

    [System.ThreadStatic]
    private static char[]? _copy;

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

    /// <summary>Starts a line (its indentation written) to be written straight into the builder; end it with <see cref="EndLine"/>.</summary>
    public StringBuilder StartLine()
    {
        _builder.Append(' ', _indent * 4);
        return _builder;
    }

    /// <summary>Ends a line begun with <see cref="StartLine"/>.</summary>
    public void EndLine() => _builder.Append('\n');

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

    /// <summary>
    /// The text as a <see cref="SourceText"/> over the builder itself: Roslyn reads it in blocks
    /// (<see cref="SourceText.CopyTo"/>), so the file is never copied into a string or into Roslyn's chunks.
    /// The writer must not be written to afterwards.
    /// </summary>
    public SourceText ToSourceText() => new BuilderText(_builder);

    /// <summary>A finished builder as source text, in UTF-8 (the encoding Roslyn requires of generated files).</summary>
    private sealed class BuilderText : SourceText
    {
        private readonly StringBuilder _text;

        public BuilderText(StringBuilder text)
            : base(checksumAlgorithm: SourceHashAlgorithm.Sha1) => _text = text;

        public override Encoding Encoding => Encoding.UTF8;

        public override int Length => _text.Length;

        public override char this[int position] => _text[position];

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count) =>
            _text.CopyTo(sourceIndex, destination, destinationIndex, count);

        public override string ToString(TextSpan span) => _text.ToString(span.Start, span.Length);
    }
}
