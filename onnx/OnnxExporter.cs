using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using NetGen.CompilerServices;

namespace NetGen;

/// <summary>
/// Writes a network as an ONNX model (opset 17, IR version 8) that ONNX Runtime and other engines
/// run: one <c>Gemm</c> per layer (Y = X·W + b, W [in, out] as NetGen stores it), the layer's
/// activation (one operator where ONNX Runtime has its kernel, else an exact decomposition), a residual
/// layer's <c>Add</c> of its input, a layer norm (<c>LayerNormalization</c> in float, written out in double;
/// dropout is training only and absent), a dynamic batch dimension <c>N</c>, input <c>input</c>
/// [N, inputs] and output <c>output</c> [N, outputs]; softmax networks also output
/// <c>probabilities</c> = <c>Softmax</c>(output, axis 1). Tensors are float64 for a double network
/// and float32 for a float network (<c>Precision = Precision.Single</c>), the parameters' own values.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The operator set the model declares.</summary>
    public const long Opset = 17;

    /// <summary>The model's input name.</summary>
    public const string InputName = "input";

    /// <summary>The model's output name (the last layer's outputs; logits for softmax networks).</summary>
    public const string OutputName = "output";

    /// <summary>Softmax networks' second output: softmax over the outputs.</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>Writes <paramref name="network"/> to <paramref name="stream"/> as an ONNX model.</summary>
    public static void Save(INetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Build(network).WriteTo(stream);
    }

    /// <summary>Writes <paramref name="network"/> to the file <paramref name="path"/> as an ONNX model.</summary>
    public static void Save(INetwork network, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelProto model = Build(network);
        using FileStream stream = File.Create(path);
        model.WriteTo(stream);
    }

    /// <summary>Writes the float network <paramref name="network"/> to <paramref name="stream"/> as an ONNX model of float32 tensors.</summary>
    public static void Save(INetwork<float> network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Build(network).WriteTo(stream);
    }

    /// <summary>Writes the float network <paramref name="network"/> to the file <paramref name="path"/> as an ONNX model of float32 tensors.</summary>
    public static void Save(INetwork<float> network, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelProto model = Build(network);
        using FileStream stream = File.Create(path);
        model.WriteTo(stream);
    }

    /// <summary>The model as a protobuf message.</summary>
    internal static ModelProto Build(INetwork network) => Build<double>(network);

    /// <summary>The model of a network of either precision, its tensors in that precision.</summary>
    internal static ModelProto Build<T>(INetwork<T> network)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        NetworkDescription description = network.Description;
        ReadOnlySpan<T> parameters = network.Parameters;
        Guard.Length("network.Parameters", parameters.Length, description.ParameterCount);

        var graph = new GraphProto { Name = "netgen" };
        var type = typeof(T) == typeof(float) ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.Double;
        graph.Input.Add(Value(InputName, description.InputCount, type));
        string current = InputName;
        bool image = false;
        if (description.InputShape is { } shape && description.Layers.Count > 0 && description.Layers[0].Kind != LayerKind.Dense)
        {
            // The rows are flat (N × C·H·W, channel-first): one Reshape to N × C × H × W for the image layers.
            var dims = new TensorProto { Name = "imageShape", DataType = (int)TensorProto.Types.DataType.Int64 };
            dims.Dims.Add(4);
            dims.Int64Data.AddRange(new long[] { -1, shape.Channels, shape.Height, shape.Width });
            graph.Initializer.Add(dims);
            var reshape = new NodeProto { OpType = "Reshape", Name = "image" };
            reshape.Input.Add(current);
            reshape.Input.Add("imageShape");
            reshape.Output.Add("image");
            graph.Node.Add(reshape);
            current = "image";
            image = true;
        }

        for (int l = 1; l <= description.Layers.Count; l++)
        {
            LayerDescription layer = description.Layers[l - 1];
            string index = l.ToString(CultureInfo.InvariantCulture);
            if (layer.Kind != LayerKind.Dense)
            {
                current = ImageLayer(graph, layer, index, current, parameters.Slice(description.WeightOffset(l), layer.WeightCount), parameters.Slice(description.BiasOffset(l), layer.BiasCount), type);
                continue;
            }

            if (image)
            {
                current = Flatten(graph, current, "flatten" + index);
                image = false;
            }

            graph.Initializer.Add(Tensor("W" + index, parameters.Slice(description.WeightOffset(l), layer.Inputs * layer.Units), layer.Inputs, layer.Units));
            graph.Initializer.Add(Tensor("B" + index, parameters.Slice(description.BiasOffset(l), layer.Units), layer.Units));
            string u = "u" + index;
            var gemm = new NodeProto { OpType = "Gemm", Name = "layer" + index };
            gemm.Input.Add(current);
            gemm.Input.Add("W" + index);
            gemm.Input.Add("B" + index);
            gemm.Output.Add(u);
            graph.Node.Add(gemm);
            string layerInput = current;
            current = u;
            current = OnnxActivations.Add(graph, layer.Activation, current, index, type);
            if (layer.Residual)
            {
                // r = x + z: the layer's input plus its activation.
                var add = new NodeProto { OpType = "Add", Name = "residual" + index };
                add.Input.Add(layerInput);
                add.Input.Add(current);
                add.Output.Add("r" + index);
                graph.Node.Add(add);
                current = "r" + index;
            }

            if (layer.LayerNorm)
            {
                // Layer norm over the units: one LayerNormalization in float, written out in double (OnnxActivations.Norm says why).
                int norm = description.NormOffset(l);
                graph.Initializer.Add(Tensor("Gamma" + index, parameters.Slice(norm, layer.Units), layer.Units));
                graph.Initializer.Add(Tensor("Beta" + index, parameters.Slice(norm + layer.Units, layer.Units), layer.Units));
                current = OnnxActivations.Norm(graph, current, index, type);
            }

            // Dropout is training only: the exported model is inference and has none.
        }

        if (image)
        {
            current = Flatten(graph, current, "flatten");
        }

        var output = new NodeProto { OpType = "Identity", Name = "output" };
        output.Input.Add(current);
        output.Output.Add(OutputName);
        graph.Node.Add(output);
        graph.Output.Add(Value(OutputName, description.OutputCount, type));
        if (description.Loss == Loss.SoftmaxCrossEntropy)
        {
            var softmax = new NodeProto { OpType = "Softmax", Name = "softmax" };
            softmax.Input.Add(OutputName);
            softmax.Output.Add(ProbabilitiesName);
            softmax.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(softmax);
            graph.Output.Add(Value(ProbabilitiesName, description.OutputCount, type));
        }

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "NetGen",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString(3) ?? "0",
            DocString = description.Architecture,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "architecture", Value = description.Architecture });
        return model;
    }

    /// <summary>A convolution (W [F, C, K, K] as PyTorch's, then its activation) or pooling over N × C × H × W, as <see cref="OnnxImages"/> writes it.</summary>
    private static string ImageLayer<T>(GraphProto graph, LayerDescription layer, string index, string current, ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, TensorProto.Types.DataType type)
        where T : unmanaged
    {
        if (layer.Kind != LayerKind.Conv2D)
        {
            return OnnxImages.Write(graph, layer, current, index, type);
        }

        graph.Initializer.Add(Tensor("W" + index, weights, layer.Filters, layer.InputShape.Channels, layer.Kernel, layer.Kernel));
        graph.Initializer.Add(Tensor("B" + index, biases, layer.Filters));
        return OnnxActivations.Add(graph, layer.Activation, OnnxImages.Write(graph, layer, current, index, type), index, type);
    }

    /// <summary>N × C × H × W to N × C·H·W, channel-first, as torch.flatten.</summary>
    private static string Flatten(GraphProto graph, string current, string name)
    {
        var flatten = new NodeProto { OpType = "Flatten", Name = name };
        flatten.Input.Add(current);
        flatten.Output.Add(name);
        flatten.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(flatten);
        return name;
    }

    private static ValueInfoProto Value(string name, int width, TensorProto.Types.DataType type)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static TensorProto Tensor<T>(string name, ReadOnlySpan<T> values, params long[] dims)
        where T : unmanaged
    {
        bool single = typeof(T) == typeof(float);
        var tensor = new TensorProto { Name = name, DataType = (int)(single ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.Double) };
        tensor.Dims.AddRange(dims);
        int size = single ? sizeof(float) : sizeof(double);
        byte[] raw = new byte[values.Length * size];
        if (single)
        {
            ReadOnlySpan<float> floats = MemoryMarshal.Cast<T, float>(values);
            for (int i = 0; i < floats.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * size), floats[i]);
            }
        }
        else
        {
            ReadOnlySpan<double> doubles = MemoryMarshal.Cast<T, double>(values);
            for (int i = 0; i < doubles.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * size), doubles[i]);
            }
        }

        tensor.RawData = ByteString.CopyFrom(raw);
        return tensor;
    }
}
