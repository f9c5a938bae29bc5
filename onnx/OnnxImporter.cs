using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Onnx;

namespace NetGen;

/// <summary>
/// Copies the weights of an ONNX multilayer perceptron or convolutional network into a network of the same shape. It reads
/// NetGen's own export (<c>Gemm</c> with W [in, out]) and the form PyTorch's exporter writes for
/// <c>nn.Linear</c> (<c>Gemm</c> with <c>transB = 1</c> and the weight [out, in]), as well as
/// <c>MatMul</c> + <c>Add</c>; activations <c>Relu</c>, <c>Sigmoid</c>, <c>Tanh</c>; <c>Identity</c>,
/// and a final <c>Softmax</c> for softmax networks. Weights in float32 are widened exactly. Anything
/// else — another operator, shape, activation or number of layers — is refused with an
/// <see cref="InvalidDataException"/> that says what differs, before the parameters change.
/// </summary>
public static class OnnxImporter
{
    /// <summary>Reads an ONNX model from <paramref name="stream"/> and copies its weights into <paramref name="network"/>.</summary>
    /// <exception cref="InvalidDataException">The model is not an MLP of the network's shape; nothing is changed.</exception>
    public static void LoadWeights(INetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        double[] parameters = Read(Parse(stream), network.Description);
        parameters.CopyTo(network.Parameters);
    }

    /// <summary>Reads the ONNX model in the file <paramref name="path"/> and copies its weights into <paramref name="network"/>.</summary>
    public static void LoadWeights(INetwork network, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new MemoryStream(File.ReadAllBytes(path), writable: false);
        LoadWeights(network, stream);
    }

    /// <summary>
    /// Reads an ONNX model from <paramref name="stream"/> and copies its weights into the float network
    /// <paramref name="network"/>. Every weight must be a float32 value (float32 tensors, or float64
    /// values that float32 holds exactly): a float64 model is refused rather than rounded.
    /// </summary>
    /// <exception cref="InvalidDataException">The model is not an MLP of the network's shape, or holds a weight float32 cannot hold; nothing is changed.</exception>
    public static void LoadWeights(INetwork<float> network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        double[] parameters = Read(Parse(stream), network.Description);
        var narrowed = new float[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            narrowed[i] = (float)parameters[i];
            if (narrowed[i] != parameters[i] && !double.IsNaN(parameters[i]))
            {
                throw new InvalidDataException($"Parameter {i} of the model is {parameters[i].ToString("R", CultureInfo.InvariantCulture)}, which float32 does not hold; this network is float. Load the model into the network's double twin, or export it in float32.");
            }
        }

        narrowed.CopyTo(network.Parameters);
    }

    /// <summary>Reads the ONNX model in the file <paramref name="path"/> and copies its weights into the float network <paramref name="network"/>.</summary>
    public static void LoadWeights(INetwork<float> network, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new MemoryStream(File.ReadAllBytes(path), writable: false);
        LoadWeights(network, stream);
    }

    private static ModelProto Parse(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException("The stream is not an ONNX model: " + ex.Message, ex);
        }
    }

    /// <summary>The activation whose decomposition starts at node <paramref name="start"/>, if one does exactly.</summary>
    private static (Activation Activation, int Count, string Output)? Decomposed(IReadOnlyList<NodeProto> nodes, int start, Dictionary<string, TensorProto> initializers, string input, int layer, TensorProto.Types.DataType type)
    {
        string index = layer.ToString(CultureInfo.InvariantCulture);
        foreach (Activation activation in OnnxActivations.Decomposable)
        {
            if (nodes[start].Name.StartsWith(OnnxActivations.Prefix(activation) + index + "/", StringComparison.Ordinal) &&
                OnnxActivations.Match(nodes, start, initializers, activation, input, index, type) is { } match)
            {
                return (activation, match.Count, match.Output);
            }
        }

        return null;
    }

    private sealed class Layer
    {
        public double[] Weights = Array.Empty<double>(); // [in, out], row-major
        public double[] Biases = Array.Empty<double>();
        public int Inputs;
        public int Units;
        public Activation Activation = Activation.Identity;
        public string Input = string.Empty; // the value the layer's product reads: a residual adds it back
        public bool Residual;
        public double[]? Gamma;
        public double[]? Beta;
        public LayerKind Kind;
        public int Filters;
        public int Channels;
        public int Kernel;
        public int Stride;
        public int Padding;

        /// <summary>Whether an activation may still attach: nothing follows the product yet.</summary>
        public bool Open => Activation == Activation.Identity && !Residual && Gamma is null;
    }

    /// <summary>The parameters in NetGen's layout, after every check against <paramref name="description"/>.</summary>
    internal static double[] Read(ModelProto model, NetworkDescription description)
    {
        GraphProto graph = model.Graph ?? throw new InvalidDataException("The model has no graph.");
        var initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto tensor in graph.Initializer)
        {
            initializers[tensor.Name] = tensor;
        }

        string current = graph.Input.Select(i => i.Name).FirstOrDefault(n => !initializers.ContainsKey(n))
            ?? throw new InvalidDataException("The model's graph has no input.");
        var layers = new List<Layer>();
        Layer? pendingMatMul = null;
        bool softmax = false;
        var type = (TensorProto.Types.DataType)(graph.Input.FirstOrDefault(i => i.Name == current)?.Type?.TensorType?.ElemType ?? (int)TensorProto.Types.DataType.Double);
        for (int n = 0; n < graph.Node.Count; n++)
        {
            NodeProto node = graph.Node[n];
            string where = $"node '{node.Name}' ({node.OpType})";
            Expect(node.Output.Count >= 1, where, "has no output");
            if (softmax)
            {
                throw new InvalidDataException($"{where} follows the Softmax; an MLP ends with it.");
            }

            string layerIndex = layers.Count.ToString(CultureInfo.InvariantCulture);
            if (layers.Count > 0 && layers[^1].Gamma is null && node.Name.StartsWith("norm" + layerIndex + "/", StringComparison.Ordinal) &&
                OnnxActivations.MatchNorm(graph.Node, n, initializers, current, layerIndex, type) is { } norm)
            {
                // A double layer norm, written out: exactly NetGen's nodes and constants.
                layers[^1].Gamma = Bias(initializers, "Gamma" + layerIndex, layers[^1].Units, where);
                layers[^1].Beta = Bias(initializers, "Beta" + layerIndex, layers[^1].Units, where);
                pendingMatMul = null;
                current = norm.Output;
                n += norm.Count - 1;
                continue;
            }

            if (layers.Count < description.Layers.Count && description.Layers[layers.Count].Kind != LayerKind.Dense &&
                OnnxImages.Match(graph.Node, n, initializers, description.Layers[layers.Count], current, (layers.Count + 1).ToString(CultureInfo.InvariantCulture), type) is { } written)
            {
                // A convolution or pooling exactly as NetGen writes it (in double, written out).
                layers.Add(ImageLayer(description.Layers[layers.Count], initializers, layers.Count + 1, current, where));
                pendingMatMul = null;
                current = written.Output;
                n += written.Count - 1;
                continue;
            }

            if (layers.Count > 0 && layers[^1].Open && node.Name.Contains('/', StringComparison.Ordinal) &&
                Decomposed(graph.Node, n, initializers, current, layers.Count, type) is { } decomposed)
            {
                // An activation NetGen writes as several operators: exactly its nodes and constants.
                layers[^1].Activation = decomposed.Activation;
                pendingMatMul = null;
                current = decomposed.Output;
                n += decomposed.Count - 1;
                continue;
            }

            switch (node.OpType)
            {
                case "Gemm":
                    Expect(node.Input.Count >= 2 && node.Input[0] == current, where, "does not take the previous layer's output as its first input");
                    Expect(Int(node, "transA", 0) == 0, where, "has transA = 1");
                    Expect(Float(node, "alpha", 1f) == 1f && Float(node, "beta", 1f) == 1f, where, "has alpha or beta other than 1");
                    bool transposed = Int(node, "transB", 0) == 1;
                    (double[] b, long[] bDims) = Values(initializers, node.Input[1], where);
                    Expect(bDims.Length == 2, where, $"has a weight of {bDims.Length} dimensions; expected 2");
                    int inputs = (int)(transposed ? bDims[1] : bDims[0]), units = (int)(transposed ? bDims[0] : bDims[1]);
                    var layer = new Layer { Inputs = inputs, Units = units, Weights = transposed ? Transpose(b, units, inputs) : b, Input = current };
                    layer.Biases = node.Input.Count > 2 && node.Input[2].Length > 0 ? Bias(initializers, node.Input[2], units, where) : new double[units];
                    layers.Add(layer);
                    current = node.Output[0];
                    break;
                case "MatMul":
                    Expect(node.Input.Count == 2 && node.Input[0] == current, where, "does not multiply the previous layer's output");
                    (double[] w, long[] wDims) = Values(initializers, node.Input[1], where);
                    Expect(wDims.Length == 2, where, $"has a weight of {wDims.Length} dimensions; expected 2");
                    pendingMatMul = new Layer { Inputs = (int)wDims[0], Units = (int)wDims[1], Weights = w, Biases = new double[(int)wDims[1]], Input = current };
                    layers.Add(pendingMatMul);
                    current = node.Output[0];
                    break;
                case "Add" when layers.Count > 0 && node.Input.Count == 2 && (node.Input[0] == current || node.Input[1] == current) &&
                                (node.Input[0] == current ? node.Input[1] : node.Input[0]) == layers[^1].Input && !initializers.ContainsKey(layers[^1].Input):
                    // A residual: the layer's output plus its input.
                    Expect(!layers[^1].Residual && layers[^1].Gamma is null, where, "adds the layer's input a second time, or after its norm");
                    Expect(layers[^1].Inputs == layers[^1].Units, where, "adds the layer's input to an output of another size");
                    layers[^1].Residual = true;
                    pendingMatMul = null;
                    current = node.Output[0];
                    break;
                case "Add" when pendingMatMul is not null:
                    Expect(node.Input.Count == 2, where, $"has {node.Input.Count} inputs; an Add of a bias has 2");
                    string other = node.Input[0] == current ? node.Input[1] : node.Input[1] == current ? node.Input[0] : throw new InvalidDataException($"{where} does not add to the previous layer's output.");
                    pendingMatMul.Biases = Bias(initializers, other, pendingMatMul.Units, where);
                    pendingMatMul = null;
                    current = node.Output[0];
                    break;
                case "Relu" or "Sigmoid" or "Tanh" or "LeakyRelu" or "Elu" or "Softplus" or "Gelu":
                    Expect(node.Input.Count == 1 && node.Input[0] == current, where, "does not apply to the previous layer's output");
                    Expect(layers.Count > 0 && layers[^1].Open, where, "is not the activation of a layer");
                    Expect(node.OpType != "LeakyRelu" || Float(node, "alpha", 0.01f) == 0.01f, where, "has a slope other than 0.01 (NetGen's LeakyReLU has PyTorch's default)");
                    Expect(node.OpType != "Elu" || Float(node, "alpha", 1f) == 1f, where, "has an alpha other than 1");
                    Expect(node.OpType != "Gelu" || node.Attribute.All(a => a.Name != "approximate" || a.S.ToStringUtf8() == "none"), where, "is the tanh approximation; NetGen's GELU is the exact form");
                    layers[^1].Activation = node.OpType switch
                    {
                        "Relu" => Activation.ReLU,
                        "Sigmoid" => Activation.Sigmoid,
                        "Tanh" => Activation.Tanh,
                        "LeakyRelu" => Activation.LeakyReLU,
                        "Elu" => Activation.ELU,
                        "Softplus" => Activation.Softplus,
                        _ => Activation.GELU,
                    };
                    pendingMatMul = null;
                    current = node.Output[0];
                    break;
                case "LayerNormalization":
                    Expect(layers.Count > 0 && layers[^1].Gamma is null, where, "is not the one norm of a layer");
                    Expect(node.Input.Count == 3 && node.Input[0] == current, where, "does not normalize the previous layer's output with a scale and a bias");
                    Expect(Int(node, "axis", -1) is -1 or 1, where, "does not normalize over the units (axis −1)");
                    Expect(Math.Abs(Float(node, "epsilon", 1e-5f) - 1e-5f) <= 1e-12f, where, "has an epsilon other than 1e-5 (NetGen's, as nn.LayerNorm)");
                    Expect(Int(node, "stash_type", 1) == 1, where, "has a stash type other than float");
                    Expect(node.Output.Count == 1, where, "has the training outputs (mean, inverse deviation)");
                    layers[^1].Gamma = Bias(initializers, node.Input[1], layers[^1].Units, where);
                    layers[^1].Beta = Bias(initializers, node.Input[2], layers[^1].Units, where);
                    pendingMatMul = null;
                    current = node.Output[0];
                    break;
                case "Dropout":
                    // Inference: dropout passes its input on (a training-mode export's ratio is the network's own [Dropout]).
                    Expect(node.Input.Count >= 1 && node.Input[0] == current && layers.Count > 0, where, "does not drop the previous layer's output");
                    pendingMatMul = null;
                    current = node.Output[0];
                    break;
                case "Reshape" when layers.Count == 0 && description.InputShape is { } shape:
                    // The flat rows to N × C × H × W.
                    Expect(node.Input.Count == 2 && node.Input[0] == current, where, "does not reshape the input");
                    long[] dims = Int64s(initializers, node.Input[1], where);
                    Expect(dims.Length == 4 && dims[0] is -1 or 0 && dims[1] == shape.Channels && dims[2] == shape.Height && dims[3] == shape.Width, where, $"reshapes the input to [{string.Join(", ", dims)}]; the network's image is [N, {shape.Channels}, {shape.Height}, {shape.Width}]");
                    current = node.Output[0];
                    break;
                case "Conv":
                    Expect(node.Input.Count >= 2 && node.Input[0] == current, where, "does not take the previous layer's output");
                    (double[] filters, long[] fDims) = Values(initializers, node.Input[1], where);
                    Expect(fDims.Length == 4 && fDims[2] == fDims[3], where, $"has a weight of shape [{string.Join(", ", fDims)}]; expected [filters, channels, k, k]");
                    Expect(Int(node, "group", 1) == 1, where, "is a grouped convolution");
                    Expect(Ints(node, "dilations").All(d => d == 1), where, "is dilated");
                    Expect(!node.Attribute.Any(a => a.Name == "auto_pad" && a.S.ToStringUtf8() is not ("NOTSET" or "")), where, "uses auto_pad; NetGen reads explicit pads");
                    long[] pads = Ints(node, "pads");
                    long[] strides = Ints(node, "strides");
                    Expect(pads.Length is 0 or 4 && pads.Distinct().Count() <= 1, where, "has unequal pads; NetGen pads every side alike");
                    Expect(strides.Length is 0 or 2 && strides.Distinct().Count() <= 1, where, "has unequal strides");
                    var conv = new Layer
                    {
                        Kind = LayerKind.Conv2D,
                        Filters = (int)fDims[0],
                        Channels = (int)fDims[1],
                        Kernel = (int)fDims[2],
                        Stride = strides.Length == 0 ? 1 : (int)strides[0],
                        Padding = pads.Length == 0 ? 0 : (int)pads[0],
                        Weights = filters,
                        Input = current,
                    };
                    conv.Biases = node.Input.Count > 2 && node.Input[2].Length > 0 ? Bias(initializers, node.Input[2], conv.Filters, where) : new double[conv.Filters];
                    layers.Add(conv);
                    current = node.Output[0];
                    break;
                case "MaxPool" or "AveragePool":
                    Expect(node.Input.Count == 1 && node.Input[0] == current && node.Output.Count == 1, where, "does not pool the previous layer's output (or has the indices output)");
                    long[] kernel = Ints(node, "kernel_shape");
                    long[] poolStrides = Ints(node, "strides");
                    Expect(kernel.Length == 2 && kernel[0] == kernel[1] && poolStrides.SequenceEqual(kernel), where, "is not a square window with stride equal to its size");
                    Expect(Ints(node, "pads").All(p => p == 0) && Int(node, "ceil_mode", 0) == 0 && Ints(node, "dilations").All(d => d == 1), where, "has padding, ceil mode or dilation");
                    layers.Add(new Layer { Kind = node.OpType == "MaxPool" ? LayerKind.MaxPool2D : LayerKind.AvgPool2D, Kernel = (int)kernel[0], Stride = (int)kernel[0], Input = current });
                    current = node.Output[0];
                    break;
                case "Flatten":
                    Expect(node.Input.Count == 1 && node.Input[0] == current && Int(node, "axis", 1) == 1, where, "does not flatten the previous output from axis 1");
                    current = node.Output[0];
                    break;
                case "Identity":
                    Expect(node.Input.Count == 1 && node.Input[0] == current, where, "does not pass on the previous layer's output");
                    current = node.Output[0];
                    break;
                case "Softmax":
                    Expect(node.Input.Count == 1 && node.Input[0] == current, where, "does not apply to the last layer's output");
                    Expect(Int(node, "axis", -1) is 1 or -1, where, "is not over the outputs (axis 1)");
                    softmax = true;
                    break;
                default:
                    throw new InvalidDataException($"The model uses the operator {node.OpType} ({where}); NetGen reads networks of Conv, MaxPool, AveragePool, Flatten, Gemm or MatMul + Add, its activations, a residual Add, LayerNormalization, Dropout, Identity and a final Softmax.");
            }
        }

        // The network's shape, layer by layer.
        string found = Architecture(description.InputCount, layers);
        if (layers.Count != description.Layers.Count || (layers.Count > 0 && layers[0].Kind == LayerKind.Dense && layers[0].Inputs != description.InputCount))
        {
            throw new InvalidDataException($"The model is {found}; the network is {description.Architecture}.");
        }

        var parameters = new double[description.ParameterCount];
        for (int l = 1; l <= layers.Count; l++)
        {
            Layer layer = layers[l - 1];
            LayerDescription expected = description.Layers[l - 1];
            if (layer.Kind != LayerKind.Dense || expected.Kind != LayerKind.Dense)
            {
                if (layer.Kind != expected.Kind || layer.Kernel != expected.Kernel || layer.Stride != expected.Stride || layer.Activation != expected.Activation ||
                    (layer.Kind == LayerKind.Conv2D && (layer.Filters != expected.Filters || layer.Channels != expected.InputShape.Channels || layer.Padding != expected.Padding)))
                {
                    throw new InvalidDataException($"Layer {l} of the model is {Describe(layer)}; the network's is {expected.Kind}({expected.Filters} filters of {expected.InputShape.Channels} channels, kernel {expected.Kernel}, stride {expected.Stride}, padding {expected.Padding}, {expected.Activation}). The model is {found}; the network is {description.Architecture}.");
                }

                layer.Weights.CopyTo(parameters, description.WeightOffset(l));
                layer.Biases.CopyTo(parameters, description.BiasOffset(l));
                continue;
            }

            if (layer.Inputs != expected.Inputs || layer.Units != expected.Units || layer.Activation != expected.Activation ||
                layer.Residual != expected.Residual || (layer.Gamma is not null) != expected.LayerNorm)
            {
                throw new InvalidDataException($"Layer {l} of the model is {layer.Inputs}→{layer.Units} ({Extras(layer.Activation, layer.Residual, layer.Gamma is not null)}); the network's is {expected.Inputs}→{expected.Units} ({Extras(expected.Activation, expected.Residual, expected.LayerNorm)}). The model is {found}; the network is {description.Architecture}.");
            }

            layer.Weights.CopyTo(parameters, description.WeightOffset(l));
            layer.Biases.CopyTo(parameters, description.BiasOffset(l));
            if (layer.Gamma is not null)
            {
                layer.Gamma.CopyTo(parameters, description.NormOffset(l));
                layer.Beta!.CopyTo(parameters, description.NormOffset(l) + layer.Units);
            }
        }

        if (softmax && description.Loss != Loss.SoftmaxCrossEntropy)
        {
            throw new InvalidDataException($"The model ends with a Softmax; the network {description.Architecture} has no softmax.");
        }

        return parameters;
    }

    private static string Architecture(int inputs, List<Layer> layers) =>
        (layers.Count > 0 && layers[0].Kind == LayerKind.Dense ? layers[0].Inputs : inputs).ToString(CultureInfo.InvariantCulture) +
        string.Concat(layers.Select(l => "-" + (l.Kind == LayerKind.Dense ? l.Units.ToString(CultureInfo.InvariantCulture) + (l.Open ? string.Empty : "(" + Extras(l.Activation, l.Residual, l.Gamma is not null) + ")") : Describe(l))));

    private static string Describe(Layer l) => l.Kind == LayerKind.Conv2D
        ? string.Create(CultureInfo.InvariantCulture, $"Conv2D({l.Filters} filters of {l.Channels} channels, kernel {l.Kernel}, stride {l.Stride}, padding {l.Padding}, {l.Activation})")
        : string.Create(CultureInfo.InvariantCulture, $"{l.Kind}({l.Kernel})");

    /// <summary>A convolution or pooling NetGen wrote: its kind and sizes from the description, its W [F, C, K, K] and B from the initializers.</summary>
    private static Layer ImageLayer(LayerDescription expected, Dictionary<string, TensorProto> initializers, int l, string input, string where)
    {
        var layer = new Layer { Kind = expected.Kind, Kernel = expected.Kernel, Stride = expected.Stride, Padding = expected.Padding, Filters = expected.Filters, Channels = expected.InputShape.Channels, Input = input };
        if (expected.Kind == LayerKind.Conv2D)
        {
            string index = l.ToString(CultureInfo.InvariantCulture);
            (double[] w, long[] dims) = Values(initializers, "W" + index, where);
            Expect(dims.SequenceEqual(new long[] { expected.Filters, expected.InputShape.Channels, expected.Kernel, expected.Kernel }), where, $"has a weight of shape [{string.Join(", ", dims)}]; expected [{expected.Filters}, {expected.InputShape.Channels}, {expected.Kernel}, {expected.Kernel}]");
            layer.Weights = w;
            layer.Biases = Bias(initializers, "B" + index, expected.Filters, where);
        }

        return layer;
    }

    private static long[] Ints(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.Ints.ToArray() : Array.Empty<long>();

    /// <summary>An int64 initializer's values (a shape), at most 16 of them.</summary>
    private static long[] Int64s(Dictionary<string, TensorProto> initializers, string name, string where)
    {
        Expect(initializers.TryGetValue(name, out TensorProto? tensor) && tensor.DataType == (int)TensorProto.Types.DataType.Int64, where, $"reads '{name}', which is not an int64 constant");
        long[] values = tensor!.RawData.Length > 0 && tensor.RawData.Length <= 128
            ? Enumerable.Range(0, tensor.RawData.Length / 8).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(tensor.RawData.Span.Slice(i * 8))).ToArray()
            : tensor.Int64Data.Take(16).ToArray();
        return values;
    }

    private static string Extras(Activation activation, bool residual, bool norm) =>
        string.Join(",", new[] { activation.ToString(), residual ? "Residual" : null, norm ? "LayerNorm" : null }.Where(p => p is not null));

    private static void Expect(bool condition, string where, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException($"{where} {problem}; NetGen reads MLPs only.");
        }
    }

    private static long Int(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.I : fallback;

    private static float Float(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.F : fallback;

    private static double[] Bias(Dictionary<string, TensorProto> initializers, string name, int units, string where)
    {
        (double[] values, long[] dims) = Values(initializers, name, where);
        Expect(dims.Length == 1 && dims[0] == units, where, $"has a bias of shape [{string.Join(", ", dims)}]; expected [{units}]");
        return values;
    }

    /// <summary>An initializer's values as doubles (float32 widens exactly), and its dimensions.</summary>
    private static (double[] Values, long[] Dims) Values(Dictionary<string, TensorProto> initializers, string name, string where)
    {
        if (!initializers.TryGetValue(name, out TensorProto? tensor))
        {
            throw new InvalidDataException($"{where} reads '{name}', which is not a constant (initializer): NetGen reads fixed weights only.");
        }

        long[] dims = tensor.Dims.ToArray();
        long count = 1;
        foreach (long dim in dims)
        {
            // Checked before anything is allocated: a declared size is not trusted, and a 64-bit product may not wrap.
            if (dim < 0 || dim > Array.MaxLength || (dim > 0 && count > Array.MaxLength / dim))
            {
                throw new InvalidDataException($"Initializer '{name}' of {where} has the shape [{string.Join(", ", dims)}], whose size is negative or larger than an array holds.");
            }

            count *= dim;
        }

        var type = (TensorProto.Types.DataType)tensor.DataType;
        long stored = type switch
        {
            TensorProto.Types.DataType.Double => tensor.RawData.Length > 0 ? tensor.RawData.Length / 8 : tensor.DoubleData.Count,
            TensorProto.Types.DataType.Float => tensor.RawData.Length > 0 ? tensor.RawData.Length / 4 : tensor.FloatData.Count,
            _ => -1,
        };
        if (stored != count)
        {
            throw new InvalidDataException($"Initializer '{name}' of {where} has data type {type} and shape [{string.Join(", ", dims)}] ({count} values) but holds {(stored < 0 ? "data of another type" : stored + " values")}; NetGen reads float64 and float32 weights.");
        }

        var values = new double[count];
        byte[] raw = tensor.RawData.ToByteArray();
        switch (type)
        {
            case TensorProto.Types.DataType.Double when raw.Length == count * 8:
                for (int i = 0; i < count; i++)
                {
                    values[i] = System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(i * 8));
                }

                break;
            case TensorProto.Types.DataType.Double when tensor.DoubleData.Count == count:
                tensor.DoubleData.CopyTo(values, 0);
                break;
            case TensorProto.Types.DataType.Float when raw.Length == count * 4:
                for (int i = 0; i < count; i++)
                {
                    values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * 4));
                }

                break;
            case TensorProto.Types.DataType.Float when tensor.FloatData.Count == count:
                for (int i = 0; i < count; i++)
                {
                    values[i] = tensor.FloatData[i];
                }

                break;
            default:
                throw new InvalidDataException($"Initializer '{name}' of {where} has data type {(TensorProto.Types.DataType)tensor.DataType} or a length that does not match its shape; NetGen reads float64 and float32 weights.");
        }

        return (values, dims);
    }

    private static double[] Transpose(double[] values, int rows, int columns)
    {
        var result = new double[values.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }
}
