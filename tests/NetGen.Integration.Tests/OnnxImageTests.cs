using System;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using NetGen.Tests.Networks;
using Onnx;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Issue 25's image networks in ONNX: Reshape, Conv (W [F, C, K, K]), MaxPool, AveragePool, Flatten and Gemm,
/// run by ONNX Runtime against ForwardBatch, and read back bit for bit.
/// </summary>
public class OnnxImageTests
{
    public static TheoryData<string> Networks => new() { nameof(ConvSmall), nameof(ConvStride), nameof(ConvTwo), nameof(PoolFirst), nameof(Cnn28), nameof(ConvTwoFloat), nameof(PoolFirstFloat), nameof(ConvSmallBlocks), nameof(ConvTwoTiny), nameof(ConvTwoTinyFloat) };

    [Theory]
    [MemberData(nameof(Networks))]
    public void OnnxRuntimeReproducesForwardAndTheModelImportsBack(string name)
    {
        object created = Activator.CreateInstance(typeof(ConvSmall).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;
        var stream = new MemoryStream();
        if (created is INetwork<float> single)
        {
            Initialization.Apply<float>(single.Description, single.Parameters, 4, Initializer.PyTorchLinear);
            OnnxExporter.Save(single, stream);
            Check(stream, single.Description, rows => Run(single, rows), 1e-5, typeof(float));
            var fresh = (INetwork<float>)Activator.CreateInstance(created.GetType())!;
            stream.Position = 0;
            OnnxImporter.LoadWeights(fresh, stream);
            Assert.Equal(single.Parameters.ToArray(), fresh.Parameters.ToArray());
            return;
        }

        var net = (INetwork)created;
        Initialization.Apply<double>(net.Description, net.Parameters, 4, Initializer.PyTorchLinear);
        OnnxExporter.Save(net, stream);
        Check(stream, net.Description, rows => Run(net, rows), 1e-12, typeof(double));
        var copy = (INetwork)Activator.CreateInstance(created.GetType())!;
        stream.Position = 0;
        OnnxImporter.LoadWeights(copy, stream);
        Assert.Equal(net.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits), copy.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void PyTorchsFormOfACnnImportsAndAgreesWithOnnxRuntime()
    {
        // As torch.onnx writes nn.Sequential(Conv2d, ReLU, MaxPool2d, Flatten, Linear): a 4-D input, Conv with its
        // own node names, Flatten, and Gemm with transB = 1 and the weight [out, in].
        var random = new Random(5);
        float[] Values(int count) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var graph = new GraphProto { Name = "torch_jit" };
        graph.Input.Add(Value("x", TensorProto.Types.DataType.Float, -1, 1, 6, 6));
        graph.Initializer.Add(Tensor("conv.weight", Values(2 * 9), 2, 1, 3, 3));
        graph.Initializer.Add(Tensor("conv.bias", Values(2), 2));
        graph.Initializer.Add(Tensor("fc.weight", Values(2 * 18), 2, 18));
        graph.Initializer.Add(Tensor("fc.bias", Values(2), 2));
        graph.Node.Add(Node("Conv", "/conv/Conv", new[] { "x", "conv.weight", "conv.bias" }, "/conv/Conv_output_0", Ints("dilations", 1, 1), Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Ints("strides", 1, 1), new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        graph.Node.Add(Node("Relu", "/relu/Relu", new[] { "/conv/Conv_output_0" }, "/relu/Relu_output_0"));
        graph.Node.Add(Node("MaxPool", "/pool/MaxPool", new[] { "/relu/Relu_output_0" }, "/pool/MaxPool_output_0", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), Ints("pads", 0, 0, 0, 0)));
        graph.Node.Add(Node("Flatten", "/flatten/Flatten", new[] { "/pool/MaxPool_output_0" }, "/flatten/Flatten_output_0", new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        graph.Node.Add(Node("Gemm", "/fc/Gemm", new[] { "/flatten/Flatten_output_0", "fc.weight", "fc.bias" }, "y", new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        graph.Output.Add(Value("y", TensorProto.Types.DataType.Float, -1, 2));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        byte[] bytes = model.ToByteArray();

        var net = new TorchCnnFloat();
        OnnxImporter.LoadWeights(net, new MemoryStream(bytes));
        float[] x = Values(3 * 36);
        var mine = new float[3 * 2];
        net.ForwardBatch(x, mine);
        using var session = new InferenceSession(bytes);
        using var input = OrtValue.CreateTensorValueFromMemory(x, new long[] { 3, 1, 6, 6 });
        using var options = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, new[] { "x" }, new[] { input }, new[] { "y" });
        float[] theirs = results[0].GetTensorDataAsSpan<float>().ToArray();
        for (int i = 0; i < mine.Length; i++)
        {
            Assert.True(Math.Abs(mine[i] - theirs[i]) <= 1e-5 * Math.Max(1, Math.Abs(theirs[i])), $"[{i}] NetGen {mine[i]}, ONNX Runtime {theirs[i]}");
        }

        // A grouped convolution, or a pool with another stride, is refused and changes nothing.
        float[] before = net.Parameters.ToArray();
        graph.Node[0].Attribute[4].I = 2;
        Assert.Contains("grouped", Assert.Throws<InvalidDataException>(() => OnnxImporter.LoadWeights(net, new MemoryStream(model.ToByteArray()))).Message, StringComparison.Ordinal);
        graph.Node[0].Attribute[4].I = 1;
        graph.Node[2].Attribute[1].Ints[0] = 1;
        Assert.Contains("stride equal to its size", Assert.Throws<InvalidDataException>(() => OnnxImporter.LoadWeights(net, new MemoryStream(model.ToByteArray()))).Message, StringComparison.Ordinal);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    private static NodeProto Node(string op, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static TensorProto Tensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long dim in dims)
        {
            shape.Dim.Add(dim < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    private static (double[] X, double[] Y) Run(INetwork net, int rows)
    {
        double[] x = NetworkData.Rows(net.Description, rows, 3).X;
        var y = new double[rows * net.OutputCount];
        net.ForwardBatch(x, y);
        return (x, y);
    }

    private static (double[] X, double[] Y) Run(INetwork<float> net, int rows)
    {
        float[] x = NetworkData.Rows(net.Description, rows, 3).X.Select(v => (float)v).ToArray();
        var y = new float[rows * net.OutputCount];
        net.ForwardBatch(x, y);
        return (x.Select(v => (double)v).ToArray(), y.Select(v => (double)v).ToArray());
    }

    private static void Check(MemoryStream stream, NetworkDescription description, Func<int, (double[] X, double[] Y)> run, double tolerance, Type number)
    {
        ModelProto model = ModelProto.Parser.ParseFrom(stream.ToArray());
        // float: Conv, MaxPool, AveragePool; double: a convolution and average pooling written out (ONNX Runtime has no double Conv)
        Assert.Contains(model.Graph.Node, n => n.Name is "conv1" or "pool1");
        Assert.Equal(number == typeof(float), model.Graph.Node.Any(n => n.OpType is "Conv" or "AveragePool"));
        using var session = new InferenceSession(stream.ToArray());
        foreach (int rows in new[] { 1, 9 })
        {
            (double[] x, double[] expected) = run(rows);
            using var options = new RunOptions();
            double[] actual;
            if (number == typeof(float))
            {
                using var input = OrtValue.CreateTensorValueFromMemory(x.Select(v => (float)v).ToArray(), new long[] { rows, description.InputCount });
                using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, new[] { "input" }, new[] { input }, new[] { "output" });
                Assert.Equal(new long[] { rows, description.OutputCount }, results[0].GetTensorTypeAndShape().Shape);
                actual = results[0].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v).ToArray();
            }
            else
            {
                using var input = OrtValue.CreateTensorValueFromMemory(x, new long[] { rows, description.InputCount });
                using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, new[] { "input" }, new[] { input }, new[] { "output" });
                Assert.Equal(new long[] { rows, description.OutputCount }, results[0].GetTensorTypeAndShape().Shape);
                actual = results[0].GetTensorDataAsSpan<double>().ToArray();
            }

            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: NetGen {expected[i]:R}, ONNX Runtime {actual[i]:R}");
            }
        }
    }
}

[Network(1, 6, 6, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Conv2D(2, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(2)]
public partial class TorchCnnFloat { }
