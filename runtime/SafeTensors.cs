using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using NetGen.CompilerServices;

namespace NetGen;

/// <summary>
/// Saves and loads a network's parameters in the safetensors format
/// (https://github.com/huggingface/safetensors): an 8-byte little-endian header length, a JSON header
/// (padded with spaces to a multiple of 8 bytes), then the raw little-endian data. One tensor per
/// layer weight <c>W{l}</c> (shape [in, out], the transpose of PyTorch's <c>nn.Linear.weight</c>) and
/// bias <c>B{l}</c> (shape [out]), dtype F64 (F32 for float networks), and <c>__metadata__</c> naming
/// the format, NetGen's version and the architecture. Called by the generated <c>Save</c> and <c>Load</c>.
/// </summary>
public static class SafeTensors
{
    /// <summary>The <c>format</c> entry of the metadata.</summary>
    public const string Format = "netgen";

    /// <summary>Headers longer than this are refused (a corrupt length would otherwise ask for gigabytes).</summary>
    public const int MaxHeaderLength = 100 * 1024 * 1024;

    private static readonly string Version = typeof(SafeTensors).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    /// <summary>Writes the parameters to <paramref name="stream"/>.</summary>
    public static void Save<T>(Stream stream, NetworkDescription description, ReadOnlySpan<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(description);
        Guard.Length(nameof(parameters), parameters.Length, description.ParameterCount);
        int size = DTypeSize<T>();
        byte[] header = Header(description, DType<T>(), size);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(parameters));
        }
        else
        {
            var buffer = new byte[size];
            foreach (T value in parameters)
            {
                WriteLittleEndian(value, buffer);
                stream.Write(buffer);
            }
        }
    }

    /// <summary>Writes the parameters to a file, through a temporary file beside it, so that a failed write leaves any earlier file whole.</summary>
    public static void Save<T>(string path, NetworkDescription description, ReadOnlySpan<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string temporary = path + ".tmp";
        using (FileStream stream = File.Create(temporary))
        {
            Save(stream, description, parameters);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Reads parameters written by <see cref="Save{T}(Stream, NetworkDescription, ReadOnlySpan{T})"/>
    /// (or by Python's safetensors with the same names, dtypes and shapes) into <paramref name="parameters"/>.
    /// Every name, dtype, shape and offset, the architecture in the metadata (when there is one) and the
    /// length are checked first; on any mismatch, truncation or corruption it throws and the
    /// parameters are left untouched.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not a safetensors file of this network; the message says what differs.</exception>
    public static void Load<T>(Stream stream, NetworkDescription description, Span<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(description);
        Guard.Length(nameof(parameters), parameters.Length, description.ParameterCount);
        int size = DTypeSize<T>();
        string dtype = DType<T>();

        Span<byte> lengthBytes = stackalloc byte[8];
        int got = ReadFully(stream, lengthBytes);
        if (got < 8)
        {
            throw new InvalidDataException($"The file ends after {got} bytes; a safetensors file starts with an 8-byte header length.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException($"The header length is {headerLength} bytes; expected 1 to {MaxHeaderLength}.");
        }

        if (stream.CanSeek && stream.Length - stream.Position < (long)headerLength)
        {
            throw new InvalidDataException($"The header length is {headerLength} bytes, past the end of the file ({stream.Length - stream.Position} bytes follow).");
        }

        var header = new byte[headerLength];
        got = ReadFully(stream, header);
        if (got < header.Length)
        {
            throw new InvalidDataException($"The file ends {got} bytes into a header of {headerLength} bytes.");
        }

        long dataLength = (long)description.ParameterCount * size;
        var expected = Expected(description, size);
        using (JsonDocument document = Parse(header))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("The header is not a JSON object.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var spans = new List<(long Start, long End, string Name)>();
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    CheckMetadata(property.Value, description);
                    continue;
                }

                if (!expected.TryGetValue(property.Name, out (int[] Shape, long Offset) tensor))
                {
                    throw new InvalidDataException($"The file has a tensor '{property.Name}' that the network {description.Architecture} does not (expected {string.Join(", ", expected.Keys)}).");
                }

                seen.Add(property.Name);
                (string fileType, int[] shape, long start, long end) = ReadTensor(property);
                if (fileType != dtype)
                {
                    throw new InvalidDataException($"Tensor '{property.Name}' has dtype {fileType}; this network's parameters are {dtype}.");
                }

                if (!shape.AsSpan().SequenceEqual(tensor.Shape))
                {
                    throw new InvalidDataException($"Tensor '{property.Name}' has shape [{string.Join(", ", shape)}]; the network {description.Architecture} needs [{string.Join(", ", tensor.Shape)}].");
                }

                long elements = 1;
                foreach (int dimension in shape)
                {
                    elements *= dimension;
                }

                if (end - start != elements * size || start < 0 || end > dataLength)
                {
                    throw new InvalidDataException($"Tensor '{property.Name}' has data offsets [{start}, {end}); {elements} values of {dtype} need {elements * size} bytes within the {dataLength} bytes of data.");
                }

                spans.Add((start, end, property.Name));
            }

            foreach (string name in expected.Keys)
            {
                if (!seen.Contains(name))
                {
                    throw new InvalidDataException($"The file has no tensor '{name}', which the network {description.Architecture} needs.");
                }
            }

            // The data section is covered exactly once: no holes, no overlaps.
            spans.Sort((a, b) => a.Start.CompareTo(b.Start));
            long at = 0;
            foreach ((long start, long end, string name) in spans)
            {
                if (start != at)
                {
                    throw new InvalidDataException($"Tensor '{name}' starts at byte {start} of the data; the tensors before it end at {at} (a hole or an overlap).");
                }

                at = end;
            }

            var data = new byte[dataLength];
            got = ReadFully(stream, data);
            if (got < data.Length)
            {
                throw new InvalidDataException($"The file ends {got} bytes into {dataLength} bytes of data.");
            }

            if (stream.ReadByte() >= 0)
            {
                throw new InvalidDataException($"The file continues past the {dataLength} bytes of data its header describes.");
            }

            // Everything checked: now, and only now, the parameters change.
            var values = new T[description.ParameterCount];
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    continue;
                }

                (_, _, long start, long end) = ReadTensor(property);
                (_, long offset) = expected[property.Name];
                int count = (int)((end - start) / size);
                for (int i = 0; i < count; i++)
                {
                    values[offset + i] = ReadLittleEndian<T>(data.AsSpan((int)start + (i * size), size));
                }
            }

            values.CopyTo(parameters);
        }
    }

    /// <summary>Reads a file into memory, checks it whole, then loads it (the parameters change only if all is well).</summary>
    public static void Load<T>(string path, NetworkDescription description, Span<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new MemoryStream(File.ReadAllBytes(path), writable: false);
        Load(stream, description, parameters);
    }

    private static byte[] Header(NetworkDescription description, string dtype, int size)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", Format);
            json.WriteString("netgen_version", Version);
            json.WriteString("architecture", description.Architecture);
            json.WriteEndObject();
            long offset = 0;
            for (int l = 1; l <= description.Layers.Count; l++)
            {
                LayerDescription layer = description.Layers[l - 1];
                if (layer.WeightCount == 0)
                {
                    continue; // pooling: no tensors
                }

                offset = Tensor(json, "W" + l.ToString(CultureInfo.InvariantCulture), dtype, WeightShape(layer), offset, size);
                offset = Tensor(json, "B" + l.ToString(CultureInfo.InvariantCulture), dtype, new[] { layer.BiasCount }, offset, size);
                if (layer.LayerNorm)
                {
                    offset = Tensor(json, "Gamma" + l.ToString(CultureInfo.InvariantCulture), dtype, new[] { layer.Units }, offset, size);
                    offset = Tensor(json, "Beta" + l.ToString(CultureInfo.InvariantCulture), dtype, new[] { layer.Units }, offset, size);
                }
            }

            json.WriteEndObject();
        }

        // Pad with spaces so that the data starts 8-byte aligned, as the format recommends.
        int padded = (int)((buffer.Length + 8 + 7) / 8 * 8) - 8;
        while (buffer.Length < padded)
        {
            buffer.WriteByte((byte)' ');
        }

        return buffer.ToArray();
    }

    private static long Tensor(Utf8JsonWriter json, string name, string dtype, int[] shape, long offset, int size)
    {
        long bytes = size;
        foreach (int dimension in shape)
        {
            bytes *= dimension;
        }

        json.WriteStartObject(name);
        json.WriteString("dtype", dtype);
        json.WriteStartArray("shape");
        foreach (int dimension in shape)
        {
            json.WriteNumberValue(dimension);
        }

        json.WriteEndArray();
        json.WriteStartArray("data_offsets");
        json.WriteNumberValue(offset);
        json.WriteNumberValue(offset + bytes);
        json.WriteEndArray();
        json.WriteEndObject();
        return offset + bytes;
    }

    /// <summary>W's shape: [inputs, units] for a dense layer; [filters, channels, kernel, kernel] for a convolution, as PyTorch's conv weight.</summary>
    private static int[] WeightShape(LayerDescription layer) => layer.Kind == LayerKind.Conv2D
        ? new[] { layer.Filters, layer.InputShape.Channels, layer.Kernel, layer.Kernel }
        : new[] { layer.Inputs, layer.Units };

    /// <summary>Each tensor's shape and its offset in the flat parameter vector.</summary>
    private static Dictionary<string, (int[] Shape, long Offset)> Expected(NetworkDescription description, int size)
    {
        var expected = new Dictionary<string, (int[], long)>(StringComparer.Ordinal);
        for (int l = 1; l <= description.Layers.Count; l++)
        {
            LayerDescription layer = description.Layers[l - 1];
            if (layer.WeightCount == 0)
            {
                continue;
            }

            expected["W" + l.ToString(CultureInfo.InvariantCulture)] = (WeightShape(layer), description.WeightOffset(l));
            expected["B" + l.ToString(CultureInfo.InvariantCulture)] = (new[] { layer.BiasCount }, description.BiasOffset(l));
            if (layer.LayerNorm)
            {
                expected["Gamma" + l.ToString(CultureInfo.InvariantCulture)] = (new[] { layer.Units }, description.NormOffset(l));
                expected["Beta" + l.ToString(CultureInfo.InvariantCulture)] = (new[] { layer.Units }, description.NormOffset(l) + layer.Units);
            }
        }

        return expected;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static JsonDocument Parse(byte[] header)
    {
        try
        {
            StrictUtf8.GetCharCount(header); // invalid bytes and overlong encodings
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"The header is not valid UTF-8 (byte {ex.Index} of the header): the safetensors header is UTF-8 JSON.", ex);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The header is not valid JSON: " + ex.Message, ex);
        }

        try
        {
            CheckText(document.RootElement);
        }
        catch (InvalidOperationException ex)
        {
            document.Dispose();
            throw new InvalidDataException("The header has a name or text that is not valid Unicode (an escaped lone surrogate such as \\ud800): " + ex.Message, ex);
        }

        return document;
    }

    /// <summary>Reads every name and string once, so that an escaped lone surrogate fails here and not halfway through loading.</summary>
    private static void CheckText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    _ = property.Name;
                    CheckText(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    CheckText(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }

    private static void CheckMetadata(JsonElement metadata, NetworkDescription description)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("__metadata__ is not a JSON object.");
        }

        if (metadata.TryGetProperty("architecture", out JsonElement architecture))
        {
            string? text = architecture.ValueKind == JsonValueKind.String ? architecture.GetString() : null;
            if (text != description.Architecture)
            {
                throw new InvalidDataException($"The file holds the weights of the architecture '{text}'; this network is '{description.Architecture}'.");
            }
        }
    }

    private static (string DType, int[] Shape, long Start, long End) ReadTensor(JsonProperty property)
    {
        try
        {
            JsonElement tensor = property.Value;
            string dtype = tensor.GetProperty("dtype").GetString() ?? string.Empty;
            var shape = new List<int>();
            foreach (JsonElement dimension in tensor.GetProperty("shape").EnumerateArray())
            {
                shape.Add(dimension.GetInt32());
            }

            JsonElement offsets = tensor.GetProperty("data_offsets");
            if (offsets.GetArrayLength() != 2)
            {
                throw new InvalidDataException($"Tensor '{property.Name}' has {offsets.GetArrayLength()} data offsets; expected 2.");
            }

            return (dtype, shape.ToArray(), offsets[0].GetInt64(), offsets[1].GetInt64());
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"Tensor '{property.Name}' is not a safetensors entry (dtype, shape, data_offsets): {ex.Message}", ex);
        }
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer.Slice(total));
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static string DType<T>() => typeof(T) == typeof(double) ? "F64" : typeof(T) == typeof(float) ? "F32" : throw new NotSupportedException(typeof(T).Name);

    private static int DTypeSize<T>() => typeof(T) == typeof(double) ? 8 : typeof(T) == typeof(float) ? 4 : throw new NotSupportedException(typeof(T).Name);

    private static void WriteLittleEndian<T>(T value, Span<byte> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination, double.CreateTruncating(value));
        }
        else
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination, float.CreateTruncating(value));
        }
    }

    private static T ReadLittleEndian<T>(ReadOnlySpan<byte> source)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double)
            ? T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(source))
            : T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(source));
}
