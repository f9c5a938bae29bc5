using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Networks.Model;
using static NetGen.Generator.Common.EmitterCommon;

namespace NetGen.Generator.Networks.Emit;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// The members that connect a network to the runtime, the same in both forms: its
    /// <c>INetwork</c> implementation and description, initialization, batch forward, evaluation,
    /// prediction and safetensors save/load. They are written over the forward and loss members
    /// and leave the numbers to the runtime (<c>Initialization</c>, <c>SafeTensors</c>).
    /// </summary>
    private static class Runtime
    {
        private const string Description = "global::NetGen.NetworkDescription";
        private const string Stream = "global::System.IO.Stream";

        public static void Write(SourceWriter w, NetworkSpec s)
        {
            WriteDescription(w, s);
            WriteInitialize(w, s);
            WriteForwardBatch(w, s);
            WriteEvaluate(w, s);
            if (ByLanes(s))
            {
                StraightLine.WriteForwardBatchLanes(w, s);
                if (s.Loss != LossKind.SigmoidCrossEntropy)
                {
                    StraightLine.WriteEvaluateLanes(w, s); // sigmoid cross-entropy's accuracy is per output, one row at a time
                }
            }

            if (s.Loss == LossKind.SoftmaxCrossEntropy)
            {
                WritePredict(w, s);
            }
            else if (s.Loss == LossKind.SigmoidCrossEntropy)
            {
                WritePredictBits(w, s);
            }

            WriteSaveLoad(w, s);
        }

        private static void WriteDescription(SourceWriter w, NetworkSpec s)
        {
            string layers = string.Join(", ", s.Layers.Select(LayerDescription));
            string input = s.Image is { } image ? Invariant($"new global::NetGen.ImageShape({image.Channels}, {image.Height}, {image.Width})") : Int(s.Inputs);
            w.Line();
            w.Line($"private static readonly {Description} _description = new({input}, new global::NetGen.LayerDescription[] {{ {layers} }}, global::NetGen.Loss.{s.Loss}{(s.Precision == PrecisionKind.Single ? ", global::NetGen.Precision.Single" : string.Empty)});");
            w.Line();
            w.Line($"/// <summary>The architecture: {Shape(s)};{s.Loss}, with the layout of <see cref=\"Parameters\"/>.</summary>");
            w.Line($"public {Description} Description => _description;");
            w.Line();
            w.Line($"int global::NetGen.INetwork<{T(s).Name}>.InputCount => InputCount;");
            w.Line();
            w.Line($"int global::NetGen.INetwork<{T(s).Name}>.OutputCount => OutputCount;");
            w.Line();
            w.Line($"int global::NetGen.INetwork<{T(s).Name}>.ParameterCount => ParameterCount;");
        }

        /// <summary>A layer's description: <c>new(in, out, activation)</c>, or <c>LayerDescription.Conv2D(…)</c> and the pooling factories.</summary>
        private static string LayerDescription(LayerSpec l)
        {
            string shape = Invariant($"new global::NetGen.ImageShape({l.In.Channels}, {l.In.Height}, {l.In.Width})");
            return l.Kind switch
            {
                LayerType.Conv2D => Invariant($"global::NetGen.LayerDescription.Conv2D({shape}, {l.Out.Channels}, {l.Kernel}, global::NetGen.Activation.{l.Activation}, {l.Stride}, {l.Padding})"),
                LayerType.MaxPool2D => Invariant($"global::NetGen.LayerDescription.MaxPool2D({shape}, {l.Kernel})"),
                LayerType.AvgPool2D => Invariant($"global::NetGen.LayerDescription.AvgPool2D({shape}, {l.Kernel})"),
                _ => Invariant($"new({l.Inputs}, {l.Units}, global::NetGen.Activation.{l.Activation}){Extras(l)}"),
            };
        }

        /// <summary>The initializer of a layer description's extras: <c> { Residual = true, LayerNorm = true, Dropout = 0.1 }</c>.</summary>
        private static string Extras(LayerSpec layer)
        {
            var parts = new System.Collections.Generic.List<string>();
            if (layer.Residual)
            {
                parts.Add("Residual = true");
            }

            if (layer.Norm)
            {
                parts.Add("LayerNorm = true");
            }

            if (layer.Dropout > 0)
            {
                parts.Add("Dropout = " + Literal(layer.Dropout));
            }

            return parts.Count == 0 ? string.Empty : " { " + string.Join(", ", parts) + " }";
        }

        private static void WriteInitialize(SourceWriter w, NetworkSpec s)
        {
            w.Line();
            w.Line("/// <summary>Draws every parameter by each layer's default initializer (He uniform for the ReLU family, GELU, SiLU and softplus, Glorot uniform otherwise; biases zero; layer norms γ = 1, β = 0) from <paramref name=\"seed\"/>: the same seed gives the same bits everywhere.</summary>");
            w.Line("/// <param name=\"seed\">The seed of the generator (<see cref=\"global::NetGen.SplitMix64\"/>).</param>");
            w.Line("public void Initialize(int seed) => Initialize(seed, global::NetGen.Initializer.Default);");
            w.Line();
            w.Line("/// <summary>Draws every parameter by <paramref name=\"initializer\"/> from <paramref name=\"seed\"/>: the same seed gives the same bits everywhere.</summary>");
            w.Line("/// <param name=\"seed\">The seed of the generator (<see cref=\"global::NetGen.SplitMix64\"/>).</param>");
            w.Line("/// <param name=\"initializer\">The scheme; <see cref=\"global::NetGen.Initializer.Default\"/> chooses per layer from its activation.</param>");
            if (!s.HasDropout)
            {
                w.Line("public void Initialize(int seed, global::NetGen.Initializer initializer) => global::NetGen.Initialization.Apply<" + T(s).Name + ">(_description, _parameters, seed, initializer);");
                return;
            }

            w.Line("/// <remarks>It also seeds the dropout masks with <paramref name=\"seed\"/> and starts their calls again: the same seed gives the same masks.</remarks>");
            w.Open("public void Initialize(int seed, global::NetGen.Initializer initializer)");
            w.Line("global::NetGen.Initialization.Apply<" + T(s).Name + ">(_description, _parameters, seed, initializer);");
            w.Line("_dropoutSeed = seed;");
            w.Line("_dropoutCalls = 0;");
            w.Close();
        }

        private static void WriteForwardBatch(SourceWriter w, NetworkSpec s)
        {
            w.Line();
            w.Line("/// <summary>Computes the outputs of N rows: row k of <paramref name=\"outputs\"/> is <see cref=\"Forward\"/> of row k of <paramref name=\"inputs\"/>.</summary>");
            Docs.Rows(w, "inputs", "N samples, row-major: ", "InputCount");
            Docs.Rows(w, "outputs", "Receives their outputs, row-major: ", "OutputCount");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">The lengths do not match or the spans overlap; nothing is written.</exception>");
            w.Open($"public void ForwardBatch({T(s).ReadOnlySpan} inputs, {T(s).Span} outputs)");
            w.Line($"int count = {Guard}.Batch(inputs.Length, InputCount, outputs.Length, OutputCount, \"outputs\");");
            NoOverlap(w, "outputs", "inputs", "_parameters");
            if (ImagesByBlocks(s))
            {
                Images.WriteForwardBatchBody(w, s);
            }
            else if (UsesBlocks(s))
            {
                Blocks.WriteForwardBatchBody(w, s);
            }
            else
            {
                w.Line("int k = 0;");
                if (ByLanes(s))
                {
                    w.Open($"if ({StraightLine.UseLanes(s)})");
                    w.Line("k = ForwardBatchLanes(inputs, outputs, count);");
                    w.Close();
                }

                w.Open("for (; k < count; k++)");
                w.Line("Forward(inputs.Slice(k * InputCount, InputCount), outputs.Slice(k * OutputCount, OutputCount));");
                w.Close();
            }

            w.Close();
        }

        private static void WriteEvaluate(SourceWriter w, NetworkSpec s)
        {
            if (s.Loss == LossKind.SigmoidCrossEntropy)
            {
                WriteEvaluateThresholded(w, s);
                return;
            }

            bool softmax = s.Loss == LossKind.SoftmaxCrossEntropy;
            w.Line();
            w.Line(softmax
                ? "/// <summary>The mean loss over N rows, and the accuracy: the share of rows whose arg-max output equals their arg-max target.</summary>"
                : "/// <summary>The mean loss over N rows (accuracy is NaN: it is defined for softmax networks).</summary>");
            Docs.Rows(w, "inputs", "N samples, row-major: ", "InputCount");
            Docs.Rows(w, "targets", "Their targets, row-major: ", "OutputCount");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">The lengths do not match.</exception>");
            w.Open($"public global::NetGen.Evaluation Evaluate({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets)");
            w.Line($"int count = {Guard}.Batch(inputs.Length, InputCount, targets.Length, OutputCount);");
            w.Line("double loss = 0.0;");
            if (softmax)
            {
                w.Line("int correct = 0;");
            }

            if (UsesBlocks(s))
            {
                if (s.HasImageLayers)
                {
                    Images.WriteEvaluateBody(w, s, softmax);
                }
                else
                {
                    Blocks.WriteEvaluateBody(w, s, softmax);
                }

                WriteEvaluation(w, softmax);
                return;
            }

            if (softmax)
            {
                w.Line($"{T(s).Span} y = stackalloc {T(s).Name}[OutputCount];");
            }

            w.Line("int k = 0;");
            if (ByLanes(s))
            {
                w.Open($"if ({StraightLine.UseLanes(s)})");
                w.Line(softmax ? "k = EvaluateLanes(inputs, targets, count, ref loss, ref correct);" : "k = EvaluateLanes(inputs, targets, count, ref loss);");
                w.Close();
            }

            w.Open("for (; k < count; k++)");
            w.Line($"{T(s).ReadOnlySpan} x = inputs.Slice(k * InputCount, InputCount);");
            w.Line($"{T(s).ReadOnlySpan} t = targets.Slice(k * OutputCount, OutputCount);");
            w.Line("loss += ComputeLoss(x, t);");
            if (softmax)
            {
                w.Line("Forward(x, y);");
                w.Open($"if ({Kernels}.ArgMax<{T(s).Name}>(y) == {Kernels}.ArgMax(t))");
                w.Line("correct++;");
                w.Close();
            }

            w.Close();
            WriteEvaluation(w, softmax);
        }

        /// <summary>Evaluate for sigmoid cross-entropy: the mean loss, and the share of outputs where (y &gt; 0) equals (t &gt; ½); one row at a time.</summary>
        private static void WriteEvaluateThresholded(SourceWriter w, NetworkSpec s)
        {
            w.Line();
            w.Line("/// <summary>The mean loss over N rows, and the accuracy: the share of outputs whose logit is above 0 exactly where the target is above ½.</summary>");
            Docs.Rows(w, "inputs", "N samples, row-major: ", "InputCount");
            Docs.Rows(w, "targets", "Their targets, row-major: ", "OutputCount");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">The lengths do not match.</exception>");
            w.Open($"public global::NetGen.Evaluation Evaluate({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets)");
            w.Line($"int count = {Guard}.Batch(inputs.Length, InputCount, targets.Length, OutputCount);");
            w.Line("double loss = 0.0;");
            w.Line("long correct = 0;");
            w.Line($"{T(s).Span} y = stackalloc {T(s).Name}[OutputCount];");
            w.Open("for (int k = 0; k < count; k++)");
            w.Line($"{T(s).ReadOnlySpan} x = inputs.Slice(k * InputCount, InputCount);");
            w.Line($"{T(s).ReadOnlySpan} t = targets.Slice(k * OutputCount, OutputCount);");
            w.Line("loss += ComputeLoss(x, t);");
            w.Line("Forward(x, y);");
            w.Open("for (int o = 0; o < OutputCount; o++)");
            w.Open($"if ((y[o] > {T(s).L("0.0")}) == (t[o] > {T(s).L("0.5")}))");
            w.Line("correct++;");
            w.Close();
            w.Close();
            w.Close();
            w.Line("return new global::NetGen.Evaluation(count == 0 ? double.NaN : loss / count, count == 0 ? double.NaN : (double)correct / ((long)count * OutputCount), count);");
            w.Close();
        }

        private static void WritePredictBits(SourceWriter w, NetworkSpec s)
        {
            w.Line();
            w.Line("/// <summary>The outputs predicted true for one sample, as bits: bit k is set where logit k is above 0 (outputs past the 31st are not reported).</summary>");
            w.Line("/// <param name=\"input\">The sample: <see cref=\"InputCount\"/> values.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"input\"/> has the wrong length.</exception>");
            w.Open($"public int Predict({T(s).ReadOnlySpan} input)");
            w.Line($"{T(s).Span} y = stackalloc {T(s).Name}[OutputCount];");
            w.Line("Forward(input, y);");
            w.Line("int bits = 0;");
            w.Open("for (int k = 0; k < OutputCount && k < 31; k++)");
            w.Open($"if (y[k] > {T(s).L("0.0")})");
            w.Line("bits |= 1 << k;");
            w.Close();
            w.Close();
            w.Line("return bits;");
            w.Close();
        }

        private static void WriteEvaluation(SourceWriter w, bool softmax)
        {
            w.Line(softmax
                ? "return new global::NetGen.Evaluation(count == 0 ? double.NaN : loss / count, count == 0 ? double.NaN : (double)correct / count, count);"
                : "return new global::NetGen.Evaluation(count == 0 ? double.NaN : loss / count, double.NaN, count);");
            w.Close();
        }

        /// <summary>Whether the batch members run over blocks of rows (the loop form of a network with layers).</summary>
        private static bool UsesBlocks(NetworkSpec s) => BatchByBlocks(s);

        /// <summary>Whether the batch members run whole vectors of rows, one per lane (straight-line networks below the block size).</summary>
        private static bool ByLanes(NetworkSpec s) => s.Layers.Count > 0 && !BatchByBlocks(s);

        private static void WritePredict(SourceWriter w, NetworkSpec s)
        {
            w.Line();
            w.Line("/// <summary>The predicted class of one sample: the index of its largest logit (the first on a tie).</summary>");
            w.Line("/// <param name=\"input\">The sample: <see cref=\"InputCount\"/> values.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"input\"/> has the wrong length.</exception>");
            w.Open($"public int Predict({T(s).ReadOnlySpan} input)");
            w.Line($"{T(s).Span} y = stackalloc {T(s).Name}[OutputCount];");
            w.Line("Forward(input, y);");
            w.Line($"return {Kernels}.ArgMax<{T(s).Name}>(y);");
            w.Close();
        }

        private static void WriteSaveLoad(SourceWriter w, NetworkSpec s)
        {
            string Format = "in the safetensors format: W{l} [in, out] and B{l} [out] as " + T(s).DType + ", with the architecture in the metadata";
            w.Line();
            w.Line($"/// <summary>Writes the parameters to <paramref name=\"stream\"/> {Format}.</summary>");
            w.Line($"public void Save({Stream} stream) => global::NetGen.SafeTensors.Save<{T(s).Name}>(stream, _description, _parameters);");
            w.Line();
            w.Line($"/// <summary>Writes the parameters to the file <paramref name=\"path\"/> {Format} (through a temporary file: a failed write leaves an earlier file whole).</summary>");
            w.Line("public void Save(string path) => global::NetGen.SafeTensors.Save<" + T(s).Name + ">(path, _description, _parameters);");
            w.Line();
            w.Line("/// <summary>Reads parameters written by <see cref=\"Save(global::System.IO.Stream)\"/>; every name, dtype, shape, offset and the architecture are checked first.</summary>");
            w.Line("/// <exception cref=\"global::System.IO.InvalidDataException\">The data is not this network's; the message says what differs, and the parameters are unchanged.</exception>");
            w.Line($"public void Load({Stream} stream) => global::NetGen.SafeTensors.Load<{T(s).Name}>(stream, _description, _parameters);");
            w.Line();
            w.Line("/// <summary>Reads parameters from the file <paramref name=\"path\"/>, written by <see cref=\"Save(string)\"/>; every name, dtype, shape, offset and the architecture are checked first.</summary>");
            w.Line("/// <exception cref=\"global::System.IO.InvalidDataException\">The file is not this network's; the message says what differs, and the parameters are unchanged.</exception>");
            w.Line("public void Load(string path) => global::NetGen.SafeTensors.Load<" + T(s).Name + ">(path, _description, _parameters);");
        }
    }
}
