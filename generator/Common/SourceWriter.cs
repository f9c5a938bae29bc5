using System;
using System.Globalization;
using System.Runtime.CompilerServices;
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

    /// <summary>
    /// Writes one line from an interpolated string, each value formatted with the invariant culture, straight
    /// into the file: no string per line, no boxing of its numbers (<c>Invariant($"…")</c> made both).
    /// </summary>
    public SourceWriter Line([InterpolatedStringHandlerArgument("")] ref LineText text)
    {
        text.End();
        return this;
    }

    /// <summary><see cref="Open(string)"/> from an interpolated string, formatted as <see cref="Line(ref LineText)"/> formats it.</summary>
    public void Open([InterpolatedStringHandlerArgument("")] ref LineText header)
    {
        header.End();
        Line("{");
        Indent();
    }

    /// <summary>
    /// The handler of <see cref="Line(ref LineText)"/>: the line's indentation, then its parts as they come,
    /// in the invariant culture. A line that comes out empty is written as <see cref="Line(string)"/> writes
    /// one, without indentation.
    /// </summary>
    [InterpolatedStringHandler]
    public readonly struct LineText
    {
        private readonly StringBuilder _builder;
        private readonly int _start;
        private readonly int _text;

        public LineText(int literalLength, int formattedCount, SourceWriter writer)
        {
            _builder = writer._builder;
            _start = _builder.Length;
            writer.StartLine();
            _text = _builder.Length;
        }

        public void AppendLiteral(string value) => _builder.Append(value);

        public void AppendFormatted(string? value) => _builder.Append(value);

        public void AppendFormatted(int value) => _builder.Append(value.ToString(CultureInfo.InvariantCulture));

        public void AppendFormatted(long value) => _builder.Append(value.ToString(CultureInfo.InvariantCulture));

        public void AppendFormatted<T>(T value) => _builder.Append(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());

        public void AppendFormatted<T>(T value, string? format) => _builder.Append(value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString());

        internal void End()
        {
            if (_builder.Length == _text)
            {
                _builder.Length = _start; // nothing but indentation: an empty line
            }

            _builder.Append('\n');
        }
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
        private string? _flat;

        public BuilderText(StringBuilder text)
            : base(checksumAlgorithm: SourceHashAlgorithm.Sha1) => _text = text;

        public override Encoding Encoding => Encoding.UTF8;

        public override int Length => _text.Length;

        // StringBuilder's indexer walks its chunks from the last: a reader that asks character by character gets a
        // flat copy, made once (Roslyn itself reads in blocks, through CopyTo).
        public override char this[int position] => (_flat ??= _text.ToString())[position];

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count) =>
            _text.CopyTo(sourceIndex, destination, destinationIndex, count);

        public override string ToString(TextSpan span) => _text.ToString(span.Start, span.Length);
    }
}
