using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using NetGen.CompilerServices;
using NetGen.Tests.Networks;
using Onnx;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// ONNX export checked by a real engine: every exported model runs in ONNX Runtime and reproduces
/// ForwardBatch (and softmax probabilities) to 1e-12; import reads NetGen's export bit for bit and
/// PyTorch's nn.Linear form (Gemm, transB = 1), and refuses anything else without changing the network.
/// </summary>
public class OnnxTests
{
    public static TheoryData<string> Networks => new()
    {
        nameof(OnnxNone), nameof(OnnxSoftmaxNone), nameof(OnnxIdentity1), nameof(OnnxRelu1), nameof(OnnxSigmoid1), nameof(OnnxTanh1),
        nameof(OnnxTwo), nameof(OnnxTwoLoops), nameof(OnnxThree), nameof(OnnxFour), nameof(OnnxFourLoops), nameof(OnnxWideLoops),
    };

    internal static INetwork Create(string name, int seed)
    {
        var net = (INetwork)Activator.CreateInstance(typeof(OnnxNone).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;
        Initialization.Apply<double>(net.Description, net.Parameters, seed, Initializer.PyTorchLinear); // nonzero biases too
        return net;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void OnnxRuntimeReproducesForward(string name)
    {
        INetwork net = Create(name, 3);
        var stream = new MemoryStream();
        OnnxExporter.Save(net, stream);
        using var session = new InferenceSession(stream.ToArray());
        Assert.Equal(new[] { "input" }, session.InputNames);
        bool softmax = net.Description.Loss == Loss.SoftmaxCrossEntropy;
        Assert.Equal(softmax ? new[] { "output", "probabilities" } : new[] { "output" }, session.OutputNames);

        var random = new Random(7);
        foreach (int batch in new[] { 1, 64 })
        {
            double[] x = Enumerable.Range(0, batch * net.InputCount).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
            var expected = new double[batch * net.OutputCount];
            net.ForwardBatch(x, expected);
            using var input = OrtValue.CreateTensorValueFromMemory(x, new long[] { batch, net.InputCount });
            using var options = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, new[] { "input" }, new[] { input }, session.OutputNames);
            AssertClose(expected, results[0].GetTensorDataAsSpan<double>().ToArray());
            Assert.Equal(new long[] { batch, net.OutputCount }, results[0].GetTensorTypeAndShape().Shape);
            if (softmax)
            {
                var probabilities = new double[batch * net.OutputCount];
                var row = new double[net.OutputCount];
                for (int k = 0; k < batch; k++)
                {
                    ((dynamic)net).Probabilities(new ReadOnlySpan<double>(x, k * net.InputCount, net.InputCount).ToArray(), row);
                    row.CopyTo(probabilities, k * net.OutputCount);
                }

                AssertClose(probabilities, results[1].GetTensorDataAsSpan<double>().ToArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ExportThenImportIsBitExact(string name)
    {
        INetwork net = Create(name, 5);
        var stream = new MemoryStream();
        OnnxExporter.Save(net, stream);
        INetwork fresh = Create(name, 99);
        stream.Position = 0;
        OnnxImporter.LoadWeights(fresh, stream);
        Assert.Equal(net.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits), fresh.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(nameof(OnnxFloatSoftmax))]
    [InlineData(nameof(OnnxFloatLoops))]
    public void FloatNetworksExportAsFloat32ThatOnnxRuntimeRunsAndImportBack(string name)
    {
        var net = (INetwork<float>)Activator.CreateInstance(typeof(OnnxNone).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;
        Initialization.Apply<float>(net.Description, net.Parameters, 4, Initializer.PyTorchLinear);
        var stream = new MemoryStream();
        OnnxExporter.Save(net, stream);
        ModelProto model = ModelProto.Parser.ParseFrom(stream.ToArray());
        Assert.All(model.Graph.Initializer, t => Assert.Equal((int)TensorProto.Types.DataType.Float, t.DataType));

        using var session = new InferenceSession(stream.ToArray());
        var random = new Random(8);
        const int batch = 16;
        float[] x = Enumerable.Range(0, batch * net.InputCount).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var expected = new float[batch * net.OutputCount];
        net.ForwardBatch(x, expected);
        using var input = OrtValue.CreateTensorValueFromMemory(x, new long[] { batch, net.InputCount });
        using var options = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, new[] { "input" }, new[] { input }, session.OutputNames);
        float[] actual = results[0].GetTensorDataAsSpan<float>().ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            // Two float32 engines summing in different orders: a few float ulps apart.
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"{i}: NetGen {expected[i]}, ONNX Runtime {actual[i]}");
        }

        var fresh = (INetwork<float>)Activator.CreateInstance(net.GetType())!;
        stream.Position = 0;
        OnnxImporter.LoadWeights(fresh, stream);
        Assert.Equal(net.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits), fresh.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    public static TheoryData<string, bool> NewActivations => new()
    {
        { "LeakyReLU", false }, { "ELU", false }, { "SiLU", false }, { "Softplus", false }, { "GELU", false },
        { "LeakyReLU", true }, { "ELU", true }, { "SiLU", true }, { "Softplus", true }, { "GELU", true },
    };

    [Theory]
    [MemberData(nameof(NewActivations))]
    public void NewActivationsExportAsOnnxRuntimeRunsThemAndImportBack(string activation, bool float32)
    {
        foreach (string form in new[] { "Small", "Loops" })
        {
            string name = "NetGen.Tests.Networks." + activation + form + (float32 ? "Float" : string.Empty);
            Type type = typeof(OnnxNone).Assembly.GetType(name)!;
            var random = new Random(12);
            const int Batch = 20;
            var stream = new MemoryStream();
            if (float32)
            {
                var net = (INetwork<float>)Activator.CreateInstance(type)!;
                Initialization.Apply<float>(net.Description, net.Parameters, 6, Initializer.PyTorchLinear);
                OnnxExporter.Save(net, stream);
                float[] x = Enumerable.Range(0, Batch * net.InputCount).Select(_ => (float)((random.NextDouble() * 8) - 4)).ToArray();
                var expected = new float[Batch * net.OutputCount];
                net.ForwardBatch(x, expected);
                using var session = new InferenceSession(stream.ToArray());
                using var input = OrtValue.CreateTensorValueFromMemory(x, new long[] { Batch, net.InputCount });
                using var options = new RunOptions();
                using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, new[] { "input" }, new[] { input }, session.OutputNames);
                float[] actual = results[0].GetTensorDataAsSpan<float>().ToArray();
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"{name} {i}: NetGen {expected[i]}, ONNX Runtime {actual[i]}");
                }

                var fresh = (INetwork<float>)Activator.CreateInstance(type)!;
                stream.Position = 0;
                OnnxImporter.LoadWeights(fresh, stream);
                Assert.Equal(net.Parameters.ToArray(), fresh.Parameters.ToArray());
            }
            else
            {
                var net = (INetwork)Activator.CreateInstance(type)!;
                Initialization.Apply<double>(net.Description, net.Parameters, 6, Initializer.PyTorchLinear);
                OnnxExporter.Save(net, stream);
                double[] x = Enumerable.Range(0, Batch * net.InputCount).Select(_ => (random.NextDouble() * 8) - 4).ToArray();
                x[0] = 0; // an exact zero through the first layer's kinks
                var expected = new double[Batch * net.OutputCount];
                net.ForwardBatch(x, expected);
                using var session = new InferenceSession(stream.ToArray());
                using var input = OrtValue.CreateTensorValueFromMemory(x, new long[] { Batch, net.InputCount });
                using var options = new RunOptions();
                using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, new[] { "input" }, new[] { input }, session.OutputNames);
                AssertClose(expected, results[0].GetTensorDataAsSpan<double>().ToArray());
                INetwork fresh = (INetwork)Activator.CreateInstance(type)!;
                stream.Position = 0;
                OnnxImporter.LoadWeights(fresh, stream);
                Assert.Equal(net.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits), fresh.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
            }
        }
    }

    public static TheoryData<string, bool> Extras => new()
    {
        { "NormSmall", false }, { "ResidualSmall", false }, { "ResidualNormBlocks", false }, { "ResidualNormLoops", false }, { "DropoutSmall", false }, { "DropoutBlocks", false }, { "DropoutLoops", false },
        { "NormSmall", true }, { "ResidualSmall", true }, { "ResidualNormBlocks", true }, { "ResidualNormLoops", true }, { "DropoutSmall", true }, { "DropoutBlocks", true }, { "DropoutLoops", true },
    };

    [Theory]
    [MemberData(nameof(Extras))]
    public void LayerNormResidualAndDropoutExportAsOnnxRuntimeRunsThemAndImportBack(string name, bool float32)
    {
        // γ and β away from 1 and 0; inputs with a wide spread, and one row nearly constant in a normalized layer's units.
        Type type = typeof(OnnxNone).Assembly.GetType("NetGen.Tests.Networks." + name + (float32 ? "Float" : string.Empty))!;
        var random = new Random(21);
        const int Batch = 40;
        var stream = new MemoryStream();
        var parameters = (INetwork)Activator.CreateInstance(typeof(OnnxNone).Assembly.GetType("NetGen.Tests.Networks." + name)!)!;
        Initialization.Apply<double>(parameters.Description, parameters.Parameters, 6, Initializer.PyTorchLinear);
        for (int l = 1; l <= parameters.Description.Layers.Count; l++)
        {
            LayerDescription layer = parameters.Description.Layers[l - 1];
            for (int j = 0; layer.LayerNorm && j < layer.Units; j++)
            {
                parameters.Parameters[parameters.Description.NormOffset(l) + j] = 0.5 + random.NextDouble();
                parameters.Parameters[parameters.Description.NormOffset(l) + layer.Units + j] = random.NextDouble() - 0.5;
            }
        }

        double[] x = Enumerable.Range(0, Batch * parameters.InputCount).Select(_ => (random.NextDouble() * 8) - 4).ToArray();
        Array.Clear(x, 0, parameters.InputCount); // a row of zeros: the first layer's outputs are its biases
        ModelProto model;
        if (float32)
        {
            var net = (INetwork<float>)Activator.CreateInstance(type)!;
            for (int i = 0; i < net.ParameterCount; i++)
            {
                net.Parameters[i] = (float)parameters.Parameters[i];
            }

            OnnxExporter.Save(net, stream);
            float[] xf = x.Select(v => (float)v).ToArray();
            var expected = new float[Batch * net.OutputCount];
            net.ForwardBatch(xf, expected);
            using var session = new InferenceSession(stream.ToArray());
            using var input = OrtValue.CreateTensorValueFromMemory(xf, new long[] { Batch, net.InputCount });
            using var options = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, new[] { "input" }, new[] { input }, session.OutputNames);
            float[] actual = results[0].GetTensorDataAsSpan<float>().ToArray();
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"{name} float {i}: NetGen {expected[i]}, ONNX Runtime {actual[i]}");
            }

            var fresh = (INetwork<float>)Activator.CreateInstance(type)!;
            stream.Position = 0;
            OnnxImporter.LoadWeights(fresh, stream);
            Assert.Equal(net.Parameters.ToArray(), fresh.Parameters.ToArray());
            model = ModelProto.Parser.ParseFrom(stream.ToArray());
        }
        else
        {
            OnnxExporter.Save(parameters, stream);
            var expected = new double[Batch * parameters.OutputCount];
            parameters.ForwardBatch(x, expected);
            using var session = new InferenceSession(stream.ToArray());
            using var input = OrtValue.CreateTensorValueFromMemory(x, new long[] { Batch, parameters.InputCount });
            using var options = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, new[] { "input" }, new[] { input }, session.OutputNames);
            AssertClose(expected, results[0].GetTensorDataAsSpan<double>().ToArray());
            var fresh = (INetwork)Activator.CreateInstance(type)!;
            stream.Position = 0;
            OnnxImporter.LoadWeights(fresh, stream);
            Assert.Equal(parameters.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits), fresh.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
            model = ModelProto.Parser.ParseFrom(stream.ToArray());
        }

        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Dropout"); // inference has none
        Assert.Equal(float32 ? parameters.Description.Layers.Count(l => l.LayerNorm) : 0, model.Graph.Node.Count(n => n.OpType == "LayerNormalization"));
        Assert.Equal(parameters.Description.Layers.Count(l => l.Residual), model.Graph.Node.Count(n => n.OpType == "Add" && n.Name.StartsWith("residual", StringComparison.Ordinal)));
    }

    [Fact]
    public void AModelWithoutTheNetworksNormOrResidualIsRefused()
    {
        var withNorm = new NormSmall();
        Initialization.Apply<double>(withNorm.Description, withNorm.Parameters, 2, Initializer.Default);
        var stream = new MemoryStream();
        OnnxExporter.Save(withNorm, stream);
        ModelProto model = ModelProto.Parser.ParseFrom(stream.ToArray());

        // The same model into a network without the norm, and with the norm's node removed into the network with it.
        var plain = new OnnxGeluPlain();
        double[] before = plain.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => OnnxImporter.LoadWeights(plain, new MemoryStream(stream.ToArray())));
        Assert.Contains("LayerNorm", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, plain.Parameters.ToArray());

        // Remove the written-out norm's nodes, and wire the next layer to what the norm read.
        byte[] cut = Mutate(model, m =>
        {
            NodeProto[] norm = m.Graph.Node.Where(n => n.Name.StartsWith("norm1/", StringComparison.Ordinal)).ToArray();
            int at = m.Graph.Node.IndexOf(norm[0]);
            foreach (NodeProto node in norm)
            {
                m.Graph.Node.Remove(node);
            }

            m.Graph.Node[at].Input[0] = norm[0].Input[0];
        });

        // And a norm whose ε is another: refused too.
        byte[] otherEpsilon = Mutate(model, m => m.Graph.Initializer.Single(t => t.Name == "norm1/epsilon").RawData = ByteString.CopyFrom(BitConverter.GetBytes(1e-6)));
        Assert.Throws<InvalidDataException>(() => OnnxImporter.LoadWeights(withNorm, new MemoryStream(otherEpsilon)));
        double[] kept = withNorm.Parameters.ToArray();
        error = Assert.Throws<InvalidDataException>(() => OnnxImporter.LoadWeights(withNorm, new MemoryStream(cut)));
        Assert.Contains("LayerNorm", error.Message, StringComparison.Ordinal);
        Assert.Equal(kept, withNorm.Parameters.ToArray());
    }

    [Fact]
    public void DoubleGeluIsWrittenOutToDoublePrecisionAcrossItsWholeRange()
    {
        // y = GELU(x₀): W1 passes x₀ to every unit, W2 takes the first; u runs over both sides of the switch at |u|/√2 = 2.5.
        var net = new GELUSmall();
        net.Parameters.Clear();
        net.Parameters[0] = net.Parameters[1] = net.Parameters[2] = 1; // W1 row 0
        net.Parameters[9] = 1;                                          // W2[0]
        double[] u = { 0, 1e-300, -1e-300, 0.5, -0.5, 1, -1, 2.5, -2.5, 3.5355339059327373, -3.5355339059327373, 3.6, -3.6, 6, -6, 10, -10, 30, -30, 40, -40 };
        double[] x = u.SelectMany(v => new[] { v, 0.0 }).ToArray();
        var expected = new double[u.Length];
        net.ForwardBatch(x, expected);
        var stream = new MemoryStream();
        OnnxExporter.Save(net, stream);
        using var session = new InferenceSession(stream.ToArray());
        using var input = OrtValue.CreateTensorValueFromMemory(x, new long[] { u.Length, 2 });
        using var options = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, new[] { "input" }, new[] { input }, session.OutputNames);
        double[] actual = results[0].GetTensorDataAsSpan<double>().ToArray();
        for (int i = 0; i < u.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-13 * Math.Max(Math.Abs(expected[i]), 1e-300) || expected[i] == actual[i], $"GELU({u[i]:R}): NetGen {expected[i]:R}, ONNX Runtime {actual[i]:R}");
        }
    }

    [Fact]
    public void AnActivationsDecompositionMustBeExactlyWhatNetGenWrites()
    {
        var net = new SoftplusSmall();
        Initialization.Apply<double>(net.Description, net.Parameters, 2, Initializer.PyTorchLinear);
        ModelProto model = OnnxExporter.Build(net);
        NodeProto log = model.Graph.Node.First(n => n.OpType == "Log");
        log.OpType = "Exp"; // the same nodes and names, another function
        var target = new SoftplusSmall();
        Assert.Throws<InvalidDataException>(() => OnnxImporter.LoadWeights(target, new MemoryStream(model.ToByteArray())));
        Assert.All(target.Parameters.ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void AFloat64ModelIsNotRoundedIntoAFloatNetwork()
    {
        INetwork source = Create(nameof(OnnxTwo), 3); // float64 weights that float32 does not hold
        var stream = new MemoryStream();
        OnnxExporter.Save(source, stream);
        var target = new OnnxFloatTwo();
        target.Parameters.Fill(0.25f);
        stream.Position = 0;
        var ex = Assert.Throws<InvalidDataException>(() => OnnxImporter.LoadWeights(target, stream));
        Assert.Contains("float32", ex.Message, StringComparison.Ordinal);
        Assert.All(target.Parameters.ToArray(), v => Assert.Equal(0.25f, v));
    }

    /// <summary>
    /// A model in the form PyTorch's exporter writes for Sequential(Linear(4, 5), ReLU(), Linear(5, 3)):
    /// Gemm nodes with transB = 1 and weights [out, in], built here independently of the exporter and
    /// run by ONNX Runtime; after import, NetGen's Forward gives ONNX Runtime's outputs.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PyTorchsLinearFormImportsAndAgreesWithOnnxRuntime(bool float32)
    {
        var random = new Random(11);
        double[] w1 = Enumerable.Range(0, 5 * 4).Select(_ => random.NextDouble() - 0.5).ToArray(); // [out = 5, in = 4]
        double[] b1 = Enumerable.Range(0, 5).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] w2 = Enumerable.Range(0, 3 * 5).Select(_ => random.NextDouble() - 0.5).ToArray(); // [3, 5]
        double[] b2 = Enumerable.Range(0, 3).Select(_ => random.NextDouble() - 0.5).ToArray();
        if (float32)
        {
            foreach (double[] a in new[] { w1, b1, w2, b2 })
            {
                for (int i = 0; i < a.Length; i++)
                {
                    a[i] = (float)a[i];
                }
            }
        }

        ModelProto model = PyTorchStyle(float32, ("0.weight", w1, new long[] { 5, 4 }), ("0.bias", b1, new long[] { 5 }), ("2.weight", w2, new long[] { 3, 5 }), ("2.bias", b2, new long[] { 3 }));
        var net = new Classifier(); // 4-5(ReLU)-3, softmax
        OnnxImporter.LoadWeights(net, new MemoryStream(model.ToByteArray()));
        Assert.Equal(w1[(1 * 4) + 2], net.W1[(2 * 5) + 1]); // W1[in = 2, out = 1] is weight[out = 1, in = 2]

        using var session = new InferenceSession(model.ToByteArray());
        double[] x = Enumerable.Range(0, 8 * 4).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var expected = new double[8 * 3];
        net.ForwardBatch(x, expected);
        using var options = new RunOptions();
        double[] actual;
        if (float32)
        {
            float[] xf = x.Select(v => (float)v).ToArray();
            using var input = OrtValue.CreateTensorValueFromMemory(xf, new long[] { 8, 4 });
            using var results = session.Run(options, new[] { "input.1" }, new[] { input }, session.OutputNames);
            actual = results[0].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v).ToArray();
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"{i}: {expected[i]} vs {actual[i]}");
            }
        }
        else
        {
            using var input = OrtValue.CreateTensorValueFromMemory(x, new long[] { 8, 4 });
            using var results = session.Run(options, new[] { "input.1" }, new[] { input }, session.OutputNames);
            AssertClose(expected, results[0].GetTensorDataAsSpan<double>().ToArray());
        }
    }

    public static TheoryData<string> Refusals => new() { "operator", "shape", "activation", "layers", "softmax", "garbage", "input", "no output", "add with one input", "huge shape", "wrapping shape", "negative shape" };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void AnythingElseIsRefusedAndChangesNothing(string kind)
    {
        var model = OnnxExporter.Build(Create(nameof(OnnxTwo), 1));
        INetwork target = kind == "softmax" ? new XorNet() : Create(nameof(OnnxTwo), 2);
        if (kind == "softmax")
        {
            model = OnnxExporter.Build(new XorNet());
            var softmax = new NodeProto { OpType = "Softmax" };
            softmax.Input.Add("output");
            softmax.Output.Add("p");
            model.Graph.Node.Add(softmax);
        }

        byte[] bytes = kind switch
        {
            "operator" => Mutate(model, m => m.Graph.Node[1].OpType = "LeakyRelu"),
            "shape" => OnnxExporter.Build(Create(nameof(OnnxRelu1), 1)).ToByteArray(),
            "activation" => Mutate(model, m => m.Graph.Node[1].OpType = "Tanh"),
            "layers" => OnnxExporter.Build(Create(nameof(OnnxThree), 1)).ToByteArray(),
            "garbage" => new byte[] { 1, 2, 3, 4, 5, 255, 255 },
            "input" => Mutate(model, m => m.Graph.Node[0].Input[0] = "elsewhere"),
            "no output" => Mutate(model, m => m.Graph.Node[0].Output.Clear()),
            "add with one input" => Mutate(model, m =>
            {
                NodeProto gemm = m.Graph.Node[0];
                gemm.OpType = "MatMul";
                gemm.Attribute.Clear();
                gemm.Input.RemoveAt(2);
                var add = new NodeProto { OpType = "Add", Name = "one input" };
                add.Input.Add(gemm.Output[0]);
                add.Output.Add("added");
                m.Graph.Node.Insert(1, add);
            }),
            "huge shape" => Mutate(model, m => { m.Graph.Initializer[0].Dims.Clear(); m.Graph.Initializer[0].Dims.AddRange(new[] { 1L << 40, 1L << 20 }); }),
            "wrapping shape" => Mutate(model, m => { m.Graph.Initializer[0].Dims.Clear(); m.Graph.Initializer[0].Dims.AddRange(new[] { 1L << 32, 1L << 32 }); m.Graph.Initializer[0].RawData = Google.Protobuf.ByteString.Empty; m.Graph.Initializer[0].DoubleData.Clear(); }),
            "negative shape" => Mutate(model, m => { m.Graph.Initializer[0].Dims.Clear(); m.Graph.Initializer[0].Dims.AddRange(new[] { -2L, -4L }); }),
            _ => model.ToByteArray(),
        };
        double[] before = target.Parameters.ToArray();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidDataException>(() => OnnxImporter.LoadWeights(target, new MemoryStream(bytes)));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.Equal(before, target.Parameters.ToArray());
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated before refusing: a declared size was trusted"); // the model itself is a few hundred bytes
    }

    private static byte[] Mutate(ModelProto model, Action<ModelProto> change)
    {
        ModelProto copy = model.Clone();
        change(copy);
        return copy.ToByteArray();
    }

    /// <summary>Gemm(transB = 1) layers with a ReLU between, input "input.1", output named as PyTorch names it.</summary>
    private static ModelProto PyTorchStyle(bool float32, params (string Name, double[] Values, long[] Dims)[] tensors)
    {
        var type = float32 ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.Double;
        var graph = new GraphProto { Name = "main_graph" };
        foreach ((string name, double[] values, long[] dims) in tensors)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)type };
            tensor.Dims.AddRange(dims);
            if (float32)
            {
                tensor.FloatData.AddRange(values.Select(v => (float)v));
            }
            else
            {
                tensor.DoubleData.AddRange(values);
            }

            graph.Initializer.Add(tensor);
        }

        graph.Input.Add(Value("input.1", type, 4));
        graph.Node.Add(Gemm("/0/Gemm", "input.1", "0.weight", "0.bias", "/0/Gemm_output_0"));
        var relu = new NodeProto { Name = "/1/Relu", OpType = "Relu" };
        relu.Input.Add("/0/Gemm_output_0");
        relu.Output.Add("/1/Relu_output_0");
        graph.Node.Add(relu);
        graph.Node.Add(Gemm("/2/Gemm", "/1/Relu_output_0", "2.weight", "2.bias", "9"));
        graph.Output.Add(Value("9", type, 3));
        var model = new ModelProto { IrVersion = 8, ProducerName = "pytorch", ProducerVersion = "2.5.0", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 17 });
        return model;

        static NodeProto Gemm(string name, string x, string w, string b, string y)
        {
            var node = new NodeProto { Name = name, OpType = "Gemm" };
            node.Input.Add(x);
            node.Input.Add(w);
            node.Input.Add(b);
            node.Output.Add(y);
            node.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 1 });
            node.Attribute.Add(new AttributeProto { Name = "beta", Type = AttributeProto.Types.AttributeType.Float, F = 1 });
            node.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            return node;
        }

        static ValueInfoProto Value(string name, TensorProto.Types.DataType type, int width)
        {
            var shape = new TensorShapeProto();
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
        }
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]) / Math.Max(1.0, Math.Abs(expected[i]));
            Assert.True(error <= 1e-12, $"[{i}]: NetGen {expected[i]:R}, ONNX Runtime {actual[i]:R} (relative {error:E2})");
        }
    }
}
