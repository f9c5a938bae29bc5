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
    /// The text as a <see cref="SourceText"/> read straight from the builder: a large file becomes Roslyn's chunked
    /// text without first being one string (a copy on the large-object heap, whose allocations bring full collections).
    /// </summary>
    public SourceText ToSourceText() => SourceText.From(new Reader(_builder), _builder.Length, Encoding.UTF8);

    /// <summary>Reads a builder's characters in order.</summary>
    private sealed class Reader : System.IO.TextReader
    {
        private readonly StringBuilder _text;
        private int _position;

        public Reader(StringBuilder text) => _text = text;

        public override int Peek() => _position < _text.Length ? _text[_position] : -1;

        public override int Read() => _position < _text.Length ? _text[_position++] : -1;

        public override int Read(char[] buffer, int index, int count)
        {
            int n = System.Math.Min(count, _text.Length - _position);
            if (n <= 0)
            {
                return 0;
            }

            _text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }

        public override string ReadToEnd()
        {
            string rest = _text.ToString(_position, _text.Length - _position);
            _position = _text.Length;
            return rest;
        }
    }
}
