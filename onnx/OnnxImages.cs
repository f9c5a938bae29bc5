using System;
using System.Collections.Generic;
using System.Globalization;
using Onnx;

namespace NetGen;

/// <summary>
/// How a convolution or pooling layer is written to ONNX, and how the importer recognizes exactly that. In
/// float a layer is one <c>Conv</c> (W [F, C, K, K], PyTorch's layout), <c>MaxPool</c> or <c>AveragePool</c>. ONNX
/// Runtime's CPU kernels of <c>Conv</c> and <c>AveragePool</c> are float only, so a double network's convolution is
/// written out as its im2col — the flat image padded with one zero, a <c>Gather</c> of every patch, a <c>MatMul</c>
/// with Wᵀ, the bias, and a transpose back to N × F × H × W — and its average pooling as a <c>Gather</c> of every
/// window and a <c>ReduceSum</c> divided by its size: operators ONNX Runtime runs in double, so the exported model
/// reproduces NetGen to double precision. (<c>MaxPool</c> runs in double as it is.)
/// </summary>
internal static class OnnxImages
{
    /// <summary>Writes layer <paramref name="index"/>'s nodes on <paramref name="input"/> (N × C × H × W); returns their output (a convolution's before its activation). W{l} and B{l} are the caller's.</summary>
    public static string Write(GraphProto graph, LayerDescription layer, string input, string index, TensorProto.Types.DataType type)
    {
        bool conv = layer.Kind == LayerKind.Conv2D;
        string output = (conv ? "u" : "p") + index;
        var b = new OnnxActivations.Builder(graph, (conv ? "conv" : "pool") + index, type);
        if (type == TensorProto.Types.DataType.Float || layer.Kind == LayerKind.MaxPool2D)
        {
            NodeProto node = conv
                ? b.Node("Conv", "conv" + index, output, input, "W" + index, "B" + index)
                : b.Node(layer.Kind == LayerKind.MaxPool2D ? "MaxPool" : "AveragePool", "pool" + index, output, input);
            if (conv)
            {
                node.Attribute.Add(Ints("pads", layer.Padding, layer.Padding, layer.Padding, layer.Padding));
            }

            node.Attribute.Add(Ints("kernel_shape", layer.Kernel, layer.Kernel));
            node.Attribute.Add(Ints("strides", layer.Stride, layer.Stride));
            return output;
        }

        ImageShape @in = layer.InputShape, @out = layer.OutputShape;
        string flat = b.Node("Reshape", null, null, input, b.Int64s("flat", new long[] { 0, -1 }, 2)).Output[0];
        if (conv)
        {
            // patches[n, p, (c·K + i)·K + j] = image[n, c, y·s + i − pad, x·s + j − pad], the appended zero outside it
            long depth = (long)@in.Channels * layer.Kernel * layer.Kernel, pixels = (long)@out.Height * @out.Width;
            string padded = b.Node("Pad", null, null, flat, b.Int64s("pads", new long[] { 0, 0, 0, 1 }, 4)).Output[0];
            string patches = Gather(b, padded, Patches(layer), pixels, depth);
            string weights = b.Node("Reshape", null, null, "W" + index, b.Int64s("weightShape", new long[] { layer.Filters, depth }, 2)).Output[0];
            NodeProto transpose = b.Node("Transpose", null, null, weights);
            transpose.Attribute.Add(Ints("perm", 1, 0));
            string product = b.Node("MatMul", null, null, patches, transpose.Output[0]).Output[0];
            string biased = b.Node("Add", null, null, product, "B" + index).Output[0];
            NodeProto channels = b.Node("Transpose", null, null, biased);
            channels.Attribute.Add(Ints("perm", 0, 2, 1));
            b.Node("Reshape", "conv" + index, output, channels.Output[0], b.Int64s("outputShape", new long[] { 0, @out.Channels, @out.Height, @out.Width }, 4));
            return output;
        }

        // windows[n, c, p, i·K + j] = image[n, c, y·K + i, x·K + j]; the mean is their sum divided by K², as NetGen's
        string windows = Gather(b, flat, Windows(layer), (long)@in.Channels * @out.Height * @out.Width, (long)layer.Kernel * layer.Kernel);
        NodeProto sum = b.Node("ReduceSum", null, null, windows, b.Int64s("axes", new long[] { 2 }, 1));
        sum.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        string mean = b.Node("Div", null, null, sum.Output[0], b.Constant("area", (double)layer.Kernel * layer.Kernel)).Output[0];
        b.Node("Reshape", "pool" + index, output, mean, b.Int64s("outputShape", new long[] { 0, @out.Channels, @out.Height, @out.Width }, 4));
        return output;
    }

    /// <summary>Whether the nodes from <paramref name="start"/> are exactly what <see cref="Write"/> writes for the layer.</summary>
    public static (int Count, string Output)? Match(IReadOnlyList<NodeProto> nodes, int start, IReadOnlyDictionary<string, TensorProto> initializers, LayerDescription layer, string input, string index, TensorProto.Types.DataType type) =>
        OnnxActivations.MatchWritten(nodes, start, initializers, graph => Write(graph, layer, input, index, type));

    private static string Gather(OnnxActivations.Builder b, string data, long[] indices, long rows, long columns)
    {
        NodeProto gather = b.Node("Gather", null, null, data, b.Int64s("indices", indices, rows, columns));
        gather.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        return gather.Output[0];
    }

    /// <summary>For each output pixel and patch entry (c, i, j), its index in the flat channel-first image, or C·H·W (the appended zero) outside it.</summary>
    private static long[] Patches(LayerDescription layer)
    {
        ImageShape @in = layer.InputShape, @out = layer.OutputShape;
        int k = layer.Kernel, depth = @in.Channels * k * k;
        var indices = new long[(long)@out.Height * @out.Width * depth];
        long zero = (long)@in.Channels * @in.Height * @in.Width;
        int at = 0;
        for (int y = 0; y < @out.Height; y++)
        {
            for (int x = 0; x < @out.Width; x++)
            {
                for (int c = 0; c < @in.Channels; c++)
                {
                    for (int i = 0; i < k; i++)
                    {
                        for (int j = 0; j < k; j++, at++)
                        {
                            int iy = (y * layer.Stride) + i - layer.Padding, ix = (x * layer.Stride) + j - layer.Padding;
                            indices[at] = iy >= 0 && iy < @in.Height && ix >= 0 && ix < @in.Width ? ((long)c * @in.Height * @in.Width) + ((long)iy * @in.Width) + ix : zero;
                        }
                    }
                }
            }
        }

        return indices;
    }

    /// <summary>For each channel, output pixel and window entry (i, j), its index in the flat channel-first image.</summary>
    private static long[] Windows(LayerDescription layer)
    {
        ImageShape @in = layer.InputShape, @out = layer.OutputShape;
        int k = layer.Kernel;
        var indices = new long[(long)@in.Channels * @out.Height * @out.Width * k * k];
        int at = 0;
        for (int c = 0; c < @in.Channels; c++)
        {
            for (int y = 0; y < @out.Height; y++)
            {
                for (int x = 0; x < @out.Width; x++)
                {
                    for (int i = 0; i < k; i++)
                    {
                        for (int j = 0; j < k; j++, at++)
                        {
                            indices[at] = ((long)c * @in.Height * @in.Width) + ((long)((y * k) + i) * @in.Width) + (x * k) + j;
                        }
                    }
                }
            }
        }

        return indices;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
