using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Networks.Lowering;
using NetGen.Generator.Networks.Model;
using NetGen.Generator.Networks.Rules;
using static NetGen.Generator.Common.EmitterCommon;

namespace NetGen.Generator.Networks.Emit;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// Networks with convolution and pooling layers, written over blocks of rows (images). Inside a block
    /// every image layer's output is channel-last (pixel-major), so that a convolution is one matrix product
    /// of the block's patches (im2col, one row per output pixel, columns in PyTorch's weight order (c, i, j))
    /// with Wᵀ: u = patches·Wᵀ + b, then the activation, as a dense layer over rows × pixels. Backward,
    /// ∂L/∂W += ∂L/∂uᵀ·patches, and ∂L/∂patches = ∂L/∂u·W is added back onto the input (col2im). A dense
    /// layer after an image layer reads it reordered channel-first, as <c>torch.flatten</c> does. Every
    /// member, per-sample ones included, runs on the instance's scratch, allocated with it.
    /// </summary>
    private static class Images
    {
        /// <summary>Numbers of block scratch aimed at per block (2 MB of doubles): blocks of images stay in the caches of this machine kind.</summary>
        private const long BlockBudget = 262_144;

        public static int BlockRows(NetworkSpec s) =>
            (int)System.Math.Max(1, System.Math.Min(Blocks.PreferredBlockRows, BlockBudget / System.Math.Max(1L, ImageLayers.ScratchPerRow(s.Layers.ToList()))));

        /// <summary>Where each named block matrix starts in the scratch, and the scratch's length.</summary>
        private sealed class Layout
        {
            private readonly Dictionary<string, long> _offsets = new();

            public Layout(NetworkSpec s)
            {
                long rows = BlockRows(s), at = 0;
                void Add(string name, long length)
                {
                    _offsets[name] = at;
                    at += length;
                }

                for (int l = 1; l <= s.Layers.Count; l++)
                {
                    LayerSpec layer = s.Layers[l - 1];
                    if (layer.Kind == LayerType.Conv2D)
                    {
                        if (ReordersInput(s, l))
                        {
                            Add(Name("xl", l), rows * layer.Inputs);
                        }

                        Add(Name("patches", l), rows * layer.Out.Pixels * layer.Depth);
                    }

                    if (layer.Kind is LayerType.Conv2D or LayerType.Dense)
                    {
                        Add(Name("u", l), rows * layer.Units);
                    }

                    Add(Name("z", l), rows * layer.Units);
                    Add(Name("d", l), rows * layer.Units);
                    if (layer.Kind == LayerType.Dense && s.Layers[l - 2].IsImage)
                    {
                        Add(Name("flat", l), rows * layer.Inputs);
                        Add(Name("dflat", l), rows * layer.Inputs);
                    }
                }

                if (s.Layers[s.Layers.Count - 1].IsImage)
                {
                    Add("flatOut", rows * s.Outputs);
                    Add("dflatOut", rows * s.Outputs);
                }

                for (int l = 1; l <= s.Layers.Count; l++)
                {
                    LayerSpec layer = s.Layers[l - 1];
                    if (layer.Kind == LayerType.Conv2D || (layer.Kind == LayerType.Dense && l > 1))
                    {
                        Add(Name("wt", l), layer.WeightCount);
                    }

                    if (layer.Kind == LayerType.Conv2D)
                    {
                        Add(Name("wp", l), layer.WeightCount);
                        Add(Name("dw", l), layer.WeightCount);
                    }
                }

                Length = at;
            }

            public long Length { get; }

            public long this[string name] => _offsets[name];

            public static string Name(string kind, int l) => kind + l.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Whether layer l is a convolution of the network's channel-first input with several channels: it reads a channel-last copy.</summary>
        private static bool ReordersInput(NetworkSpec s, int l) => l == 1 && s.Layers[0].Kind == LayerType.Conv2D && s.Layers[0].In.Channels > 1;

        public static void Write(SourceWriter w, NetworkSpec s)
        {
            var layout = new Layout(s);
            ComputeType t = T(s);
            Docs.Forward(w, s);
            w.Line("/// <remarks>Runs on the instance's scratch, which every member locks: calls from several threads take turns.</remarks>");
            w.Open($"public void Forward({t.ReadOnlySpan} input, {t.Span} output)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"output\", output.Length, OutputCount);");
            NoOverlap(w, "output", "input", "_parameters");
            w.Open("lock (_scratch)");
            w.Line("ForwardOne(input).CopyTo(output);");
            w.Close();
            w.Close();

            Docs.ComputeLoss(w, s);
            w.Open($"public {t.Name} ComputeLoss({t.ReadOnlySpan} input, {t.ReadOnlySpan} target)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"target\", target.Length, OutputCount);");
            w.Open("lock (_scratch)");
            w.Line("return LossAndAdjoint(ForwardOne(input), target, default);");
            w.Close();
            w.Close();

            foreach (bool withInput in new[] { false, true })
            {
                Docs.Accumulate(w, withInput);
                w.Open($"public {t.Name} AccumulateGradient({t.ReadOnlySpan} input, {t.ReadOnlySpan} target, {t.Span} gradient{(withInput ? Invariant($", {t.Span} inputGradient") : string.Empty)})");
                w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
                w.Line($"{Guard}.Length(\"target\", target.Length, OutputCount);");
                w.Line($"{Guard}.Length(\"gradient\", gradient.Length, ParameterCount);");
                if (withInput)
                {
                    w.Line($"{Guard}.Length(\"inputGradient\", inputGradient.Length, InputCount);");
                }

                NoOverlap(w, "gradient", "input", "target", "_parameters");
                if (withInput)
                {
                    NoOverlap(w, "inputGradient", "input", "target", "_parameters", "gradient");
                }

                w.Open("lock (_scratch)");
                w.Line("TransposeWeights(_scratch, true);");
                w.Line("ForwardBlock(input, 1, _scratch);");
                w.Line($"{t.Name} l = LossAndAdjoint({Output(s, layout)}, target, {OutputAdjoint(s, layout)});");
                w.Line($"BackwardBlock(input, 1, gradient, {(withInput ? "inputGradient" : "default")}, _scratch);");
                w.Line("return l;");
                w.Close();
                w.Close();
            }

            Docs.Gradient(w);
            w.Open($"public {t.Name} Gradient({t.ReadOnlySpan} inputs, {t.ReadOnlySpan} targets, {t.Span} gradient)");
            w.Line($"int count = {Guard}.Batch(inputs.Length, InputCount, targets.Length, OutputCount);");
            w.Line($"{Guard}.Length(\"gradient\", gradient.Length, ParameterCount);");
            NoOverlap(w, "gradient", "inputs", "targets", "_parameters");
            w.Open("lock (_scratch)");
            w.Line("return GradientRows(inputs, targets, gradient, _scratch);");
            w.Close();
            w.Close();

            // The batch gradient of checked arguments, with the scratch given: the threaded overload runs it per part.
            w.Line();
            w.Open($"private {t.Name} GradientRows({t.ReadOnlySpan} inputs, {t.ReadOnlySpan} targets, {t.Span} gradient, {t.Span} scratch)");
            w.Line("int count = inputs.Length / InputCount;");
            w.Line("gradient.Clear();");
            w.Line($"{t.Name} loss = {t.L("0.0")};");
            w.Line("TransposeWeights(scratch, true);");
            w.Open("for (int start = 0; start < count; start += BlockRows)");
            w.Line("int rows = global::System.Math.Min(BlockRows, count - start);");
            w.Line($"{t.ReadOnlySpan} x = inputs.Slice(start * InputCount, rows * InputCount);");
            w.Line("ForwardBlock(x, rows, scratch);");
            w.Line($"// loss and ∂l/∂y of each row: {LossRules.AdjointFormula(s.Loss)}");
            w.Open("for (int r = 0; r < rows; r++)");
            w.Line($"loss += LossAndAdjoint(scratch.Slice({OutputOffset(s, layout)} + (r * OutputCount), OutputCount), targets.Slice((start + r) * OutputCount, OutputCount), scratch.Slice({OutputAdjointOffset(s, layout)} + (r * OutputCount), OutputCount));");
            w.Close();
            w.Line("BackwardBlock(x, rows, gradient, default, scratch);");
            w.Close();
            w.Line("return loss;");
            w.Close();

            if (s.Loss == LossKind.SoftmaxCrossEntropy)
            {
                WriteProbabilities(w, s);
            }

            Loops.WriteLoss(w, s);
            WriteStorage(w, s, layout);
            WriteForwardOne(w, s, layout);
            WriteTransposeWeights(w, s, layout);
            WriteForwardBlock(w, s, layout);
            WriteBackwardBlock(w, s, layout);
        }

        private static void WriteProbabilities(SourceWriter w, NetworkSpec s)
        {
            ComputeType t = T(s);
            Docs.Probabilities(w);
            w.Open($"public void Probabilities({t.ReadOnlySpan} input, {t.Span} probabilities)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"probabilities\", probabilities.Length, OutputCount);");
            NoOverlap(w, "probabilities", "input", "_parameters");
            w.Open("lock (_scratch)");
            w.Line($"{t.ReadOnlySpan} y = ForwardOne(input);");
            w.Line("// m = maxₖ yₖ; shifting by m keeps e^(yₖ − m) ≤ 1, so logits of ±1000 stay finite");
            w.Line($"{t.Name} m = y[0];");
            w.Open("for (int k = 1; k < OutputCount; k++)");
            w.Line($"m = {LossRules.Max("m", "y[k]", t)};");
            w.Close();
            w.Line($"{t.Name} sum = {t.L("0.0")};");
            w.Open("for (int k = 0; k < OutputCount; k++)");
            w.Line($"probabilities[k] = {LossRules.ShiftedExp("y[k]", "m", t)};");
            w.Line("sum += probabilities[k];");
            w.Close();
            w.Line("// softmax(y)ₖ = e^(yₖ − m) / Σⱼ e^(yⱼ − m)");
            w.Open("for (int k = 0; k < OutputCount; k++)");
            w.Line($"probabilities[k] = {LossRules.Probability("probabilities[k]", "sum")};");
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>The network's output block: the last dense layer's z, or the last image layer's output reordered channel-first.</summary>
        private static long OutputOffset(NetworkSpec s, Layout layout) =>
            s.Layers[s.Layers.Count - 1].IsImage ? layout["flatOut"] : layout[Layout.Name("z", s.Layers.Count)];

        private static long OutputAdjointOffset(NetworkSpec s, Layout layout) =>
            s.Layers[s.Layers.Count - 1].IsImage ? layout["dflatOut"] : layout[Layout.Name("d", s.Layers.Count)];

        private static string Output(NetworkSpec s, Layout layout) => Invariant($"new {T(s).Span}(_scratch, {OutputOffset(s, layout)}, OutputCount)");

        private static string OutputAdjoint(NetworkSpec s, Layout layout) => Invariant($"new {T(s).Span}(_scratch, {OutputAdjointOffset(s, layout)}, OutputCount)");

        private static void WriteStorage(SourceWriter w, NetworkSpec s, Layout layout)
        {
            w.Line();
            w.Line("/// <summary>Images per block of the batch members.</summary>");
            w.Line($"private const int BlockRows = {BlockRows(s)};");
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Scratch of every member, owned by this instance and allocated with it: for each layer l, BlockRows");
            w.Line("/// rows of its patches (convolutions), u{l}, z{l} and d{l} (∂L/∂z{l}, then ∂L/∂u{l} in place), channel-last");
            w.Line("/// for image layers; a dense layer's flattened input; then W{l}ᵀ. Every member locks it while it runs.");
            w.Line("/// </summary>");
            w.Line($"private readonly {T(s).Name}[] _scratch = new {T(s).Name}[{layout.Length}];");
        }

        private static void WriteForwardOne(SourceWriter w, NetworkSpec s, Layout layout)
        {
            w.Line();
            w.Line("// The forward pass of one sample (a block of one row); returns its outputs in the scratch.");
            w.Open($"private {T(s).ReadOnlySpan} ForwardOne({T(s).ReadOnlySpan} input)");
            w.Line("TransposeWeights(_scratch, false);");
            w.Line("ForwardBlock(input, 1, _scratch);");
            w.Line($"return {Output(s, layout)};");
            w.Close();
        }

        private static void WriteTransposeWeights(SourceWriter w, NetworkSpec s, Layout layout)
        {
            ComputeType t = T(s);
            w.Line();
            w.Line("// Each convolution's W in its patches' column order, transposed (u = patches·Wᵀ) and not (∂patches = ∂u·W); for a backward pass");
            w.Line("// also Wᵀ of each dense layer after the first (∂L/∂a = ∂L/∂u·Wᵀ), which the forward pass does not read. Once per call.");
            w.Open($"private void TransposeWeights({t.Span} scratch, bool backward)");
            w.Line($"{t.ReadOnlySpan} p = _parameters;");
            bool opened = false;
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                (int rows, int columns) = (layer.Inputs, layer.Units);
                if (layer.Kind == LayerType.Conv2D)
                {
                    w.Line($"{RuntimeNames.Convolution}.PermuteWeights<{t.Name}>(p.Slice({s.WeightOffset(l)}, {layer.WeightCount}), {layer.Out.Channels}, {layer.In.Channels}, {layer.Kernel}, scratch.Slice({layout[Layout.Name("wt", l)]}, {layer.WeightCount}), scratch.Slice({layout[Layout.Name("wp", l)]}, {layer.WeightCount}));");
                }
                else if (layer.Kind == LayerType.Dense && l > 1)
                {
                    if (!opened)
                    {
                        w.Open("if (backward)");
                        opened = true;
                    }

                    w.Line($"{RuntimeNames.Gemm}.Transpose<{t.Name}>({rows}, {columns}, p.Slice({s.WeightOffset(l)}, {layer.WeightCount}), {columns}, scratch.Slice({layout[Layout.Name("wt", l)]}, {layer.WeightCount}), {rows});");
                }
            }

            if (opened)
            {
                w.Close();
            }

            w.Close();
        }

        /// <summary>Layer l's input in a block: x, the previous layer's z, or (a dense layer after an image layer) the flattened copy.</summary>
        private static string Input(NetworkSpec s, int l) =>
            l == 1 ? "x" : s.Layers[l - 1].Kind == LayerType.Dense && s.Layers[l - 2].IsImage ? Invariant($"flat{l}") : Invariant($"z{l - 1}");

        /// <summary>The image arguments of a runtime call: rows, layout of the input, its channels, height and width.</summary>
        private static string ImageArguments(LayerSpec layer, int l) =>
            Invariant($"rows, {(l == 1 ? "true" : "false")}, {layer.In.Channels}, {layer.In.Height}, {layer.In.Width}");

        private static string Block(Layout layout, string kind, int l, string length) =>
            Invariant($"scratch.Slice({layout[Layout.Name(kind, l)]}, {length})");

        private static void WriteForwardBlock(SourceWriter w, NetworkSpec s, Layout layout)
        {
            ComputeType t = T(s);
            w.Line();
            w.Line("// Forward pass of a block of rows (rows × InputCount in x, channel-first images) into the scratch; needs TransposeWeights first.");
            w.Open($"private void ForwardBlock({t.ReadOnlySpan} x, int rows, {t.Span} scratch)");
            w.Line($"{t.ReadOnlySpan} p = _parameters;");
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                string a = Input(s, l);
                string units = Invariant($"rows * {layer.Units}");
                w.Line($"{t.Span} z{l} = {Block(layout, "z", l, units)};");
                switch (layer.Kind)
                {
                    case LayerType.Conv2D:
                        int pixels = layer.Out.Pixels, filters = layer.Out.Channels;
                        w.Line($"// layer {l}: {layer.In} → {layer.Out}, u{l} = patches·W{l}ᵀ + b{l} (a {layer.Kernel} × {layer.Kernel} kernel, stride {layer.Stride}, padding {layer.Padding}), z{l} = {ActivationRules.ForwardFormula(layer.Activation, $"u{l}")}");
                        if (ReordersInput(s, l))
                        {
                            w.Line("// the channel-first input, reordered channel-last (each patch row is then one run of the image)");
                            w.Line($"{t.Span} xl{l} = {Block(layout, "xl", l, Invariant($"rows * {layer.Inputs}"))};");
                            w.Line($"{RuntimeNames.Convolution}.Reorder<{t.Name}>(x, rows, {layer.In.Pixels}, {layer.In.Channels}, false, xl{l});");
                            a = Invariant($"xl{l}");
                        }

                        w.Line($"{t.Span} patches{l} = {Block(layout, "patches", l, Invariant($"rows * {pixels * layer.Depth}"))};");
                        w.Line($"{RuntimeNames.Convolution}.Patches<{t.Name}>({a}, rows, {layer.In.Channels}, {layer.In.Height}, {layer.In.Width}, {layer.Kernel}, {layer.Stride}, {layer.Padding}, patches{l});");
                        w.Line($"{t.Span} u{l} = {Block(layout, "u", l, units)};");
                        w.Line($"{RuntimeNames.Gemm}.Multiply<{t.Name}>(rows * {pixels}, {filters}, {layer.Depth}, patches{l}, {layer.Depth}, false, {Block(layout, "wt", l, Invariant($"{layer.WeightCount}"))}, {filters}, u{l}, {filters}, false);");
                        w.Line($"{RuntimeNames.Convolution}.AddBias<{t.Name}>(u{l}, p.Slice({s.BiasOffset(l)}, {filters}), rows * {pixels});");
                        Activate(w, s, layer, l);
                        break;
                    case LayerType.MaxPool2D:
                    case LayerType.AvgPool2D:
                        w.Line($"// layer {l}: {layer.In} → {layer.Out}, the {(layer.Kind == LayerType.MaxPool2D ? "maximum" : "mean")} of each {layer.Kernel} × {layer.Kernel} window");
                        w.Line($"{RuntimeNames.Convolution}.{(layer.Kind == LayerType.MaxPool2D ? "MaxPool" : "AvgPool")}<{t.Name}>({a}, {ImageArguments(layer, l)}, {layer.Kernel}, z{l});");
                        break;
                    default:
                        if (a.StartsWith("flat", System.StringComparison.Ordinal))
                        {
                            LayerSpec image = s.Layers[l - 2];
                            w.Line($"// flatten: layer {l - 1}'s channel-last output reordered channel-first, as torch.flatten reads it");
                            w.Line($"{t.Span} flat{l} = {Block(layout, "flat", l, Invariant($"rows * {layer.Inputs}"))};");
                            w.Line($"{RuntimeNames.Convolution}.Reorder<{t.Name}>(z{l - 1}, rows, {image.Out.Pixels}, {image.Out.Channels}, true, flat{l});");
                        }

                        w.Line($"// layer {l}: u{l} = {a}·W{l} + b{l}, z{l} = {ActivationRules.ForwardFormula(layer.Activation, $"u{l}")}");
                        w.Line($"{t.Span} u{l} = {Block(layout, "u", l, units)};");
                        w.Line($"{RuntimeNames.Gemm}.Multiply<{t.Name}>(rows, {layer.Units}, {layer.Inputs}, {a}, {layer.Inputs}, false, p.Slice({s.WeightOffset(l)}, {layer.WeightCount}), {layer.Units}, u{l}, {layer.Units}, false);");
                        w.Line($"{RuntimeNames.Activations}.AddBias<{t.Name}>(u{l}, p.Slice({s.BiasOffset(l)}, {layer.Units}), rows);");
                        Activate(w, s, layer, l);
                        break;
                }
            }

            LayerSpec last = s.Layers[s.Layers.Count - 1];
            if (last.IsImage)
            {
                w.Line("// the output, reordered channel-first");
                w.Line($"{RuntimeNames.Convolution}.Reorder<{t.Name}>(z{s.Layers.Count}, rows, {last.Out.Pixels}, {last.Out.Channels}, true, scratch.Slice({layout["flatOut"]}, rows * OutputCount));");
            }

            w.Close();
        }

        private static void Activate(SourceWriter w, NetworkSpec s, LayerSpec layer, int l) =>
            w.Line(ActivationRules.BlockKernel(layer.Activation) is { } kernel
                ? Invariant($"{RuntimeNames.Activations}.{kernel.Name}<{T(s).Name}>(u{l}, z{l});")
                : Invariant($"u{l}.CopyTo(z{l});"));

        private static void WriteBackwardBlock(SourceWriter w, NetworkSpec s, Layout layout)
        {
            ComputeType t = T(s);
            int layers = s.Layers.Count;
            w.Line();
            w.Line("// Backward pass of a block from ∂l/∂y of each row (after ForwardBlock): adds ∂L/∂θ into gradient and, unless it is empty, writes ∂L/∂x into inputGradient.");
            w.Open($"private void BackwardBlock({t.ReadOnlySpan} x, int rows, {t.Span} gradient, {t.Span} inputGradient, {t.Span} scratch)");
            w.Line($"{t.ReadOnlySpan} p = _parameters;");
            LayerSpec last = s.Layers[layers - 1];
            w.Line($"{t.Span} d{layers} = {Block(layout, "d", layers, Invariant($"rows * {last.Units}"))};");
            if (last.IsImage)
            {
                w.Line("// ∂l/∂y back to the channel-last order of the last layer");
                w.Line($"{RuntimeNames.Convolution}.Reorder<{t.Name}>(scratch.Slice({layout["dflatOut"]}, rows * OutputCount), rows, {last.Out.Pixels}, {last.Out.Channels}, false, d{layers});");
            }

            for (int l = layers; l >= 1; l--)
            {
                LayerSpec layer = s.Layers[l - 1];
                string units = Invariant($"rows * {layer.Units}");
                string a = Input(s, l);
                if (l > 1)
                {
                    w.Line($"{t.ReadOnlySpan} z{l - 1} = {Block(layout, "z", l - 1, Invariant($"rows * {s.Layers[l - 2].Units}"))};");
                    w.Line($"{t.Span} d{l - 1} = {Block(layout, "d", l - 1, Invariant($"rows * {s.Layers[l - 2].Units}"))};");
                }

                string target = l == 1 ? "inputGradient" : Invariant($"d{l - 1}");
                if (layer.Kind is LayerType.MaxPool2D or LayerType.AvgPool2D)
                {
                    w.Line($"// layer {l}: each window's adjoint to {(layer.Kind == LayerType.MaxPool2D ? "the maximum the forward pass chose (the first on a tie)" : "each of its pixels, divided by its size")}");
                    OpenInputGradient(w, l);
                    w.Line(layer.Kind == LayerType.MaxPool2D
                        ? Invariant($"{RuntimeNames.Convolution}.MaxPoolBackward<{t.Name}>({a}, {Block(layout, "z", l, units)}, d{l}, {ImageArguments(layer, l)}, {layer.Kernel}, {target});")
                        : Invariant($"{RuntimeNames.Convolution}.AvgPoolBackward<{t.Name}>(d{l}, {ImageArguments(layer, l)}, {layer.Kernel}, {target});"));
                    CloseInputGradient(w, l);
                    continue;
                }

                w.Line($"// layer {l}: {ActivationRules.BackwardFormula(layer.Activation, $"u{l}", $"z{l}")}");
                if (ActivationRules.BlockKernel(layer.Activation) is { } kernel)
                {
                    string source = kernel.ReadsU ? "u" : "z";
                    w.Line($"{RuntimeNames.Activations}.{kernel.Name}Backward<{t.Name}>(d{l}, {Block(layout, source, l, units)});");
                }

                if (layer.Kind == LayerType.Conv2D)
                {
                    int pixels = layer.Out.Pixels, filters = layer.Out.Channels;
                    w.Line($"{t.Span} patches{l} = {Block(layout, "patches", l, Invariant($"rows * {pixels * layer.Depth}"))};");
                    string dw = Block(layout, "dw", l, Invariant($"{layer.WeightCount}"));
                    w.Line($"// ∂L/∂W{l} += ∂L/∂u{l}ᵀ·patches (in the patches' column order, then added in PyTorch's), ∂L/∂b{l} += Σ rows of ∂L/∂u{l}");
                    w.Line($"{RuntimeNames.Gemm}.Multiply<{t.Name}>({filters}, {layer.Depth}, rows * {pixels}, d{l}, {filters}, true, patches{l}, {layer.Depth}, {dw}, {layer.Depth}, false);");
                    w.Line($"{RuntimeNames.Convolution}.AddWeightGradient<{t.Name}>({dw}, {filters}, {layer.In.Channels}, {layer.Kernel}, gradient.Slice({s.WeightOffset(l)}, {layer.WeightCount}));");
                    w.Line($"{RuntimeNames.Convolution}.AddBiasGradient<{t.Name}>(d{l}, gradient.Slice({s.BiasOffset(l)}, {filters}), rows * {pixels});");
                    w.Line($"// ∂L/∂patches = ∂L/∂u{l}·W{l} (over the patches, no longer needed), added back onto the pixels each entry read");
                    OpenInputGradient(w, l);
                    w.Line($"{RuntimeNames.Gemm}.Multiply<{t.Name}>(rows * {pixels}, {layer.Depth}, {filters}, d{l}, {filters}, false, {Block(layout, "wp", l, Invariant($"{layer.WeightCount}"))}, {layer.Depth}, patches{l}, {layer.Depth}, false);");
                    string patchTarget = ReordersInput(s, l) ? Block(layout, "xl", l, Invariant($"rows * {layer.Inputs}")) : target;
                    w.Line($"{RuntimeNames.Convolution}.AddPatches<{t.Name}>(patches{l}, rows, {layer.In.Channels}, {layer.In.Height}, {layer.In.Width}, {layer.Kernel}, {layer.Stride}, {layer.Padding}, {patchTarget});");
                    if (ReordersInput(s, l))
                    {
                        w.Line($"{RuntimeNames.Convolution}.Reorder<{t.Name}>({patchTarget}, rows, {layer.In.Pixels}, {layer.In.Channels}, true, inputGradient);");
                    }

                    CloseInputGradient(w, l);
                    continue;
                }

                // dense (never the first layer of an image network)
                bool flattened = s.Layers[l - 2].IsImage;
                if (flattened)
                {
                    w.Line($"{t.ReadOnlySpan} flat{l} = {Block(layout, "flat", l, Invariant($"rows * {layer.Inputs}"))};");
                }

                w.Line($"// ∂L/∂W{l} += {a}ᵀ·∂L/∂u{l}, ∂L/∂b{l} += Σ rows of ∂L/∂u{l}");
                w.Line($"{RuntimeNames.Gemm}.Multiply<{t.Name}>({layer.Inputs}, {layer.Units}, rows, {a}, {layer.Inputs}, true, d{l}, {layer.Units}, gradient.Slice({s.WeightOffset(l)}, {layer.WeightCount}), {layer.Units}, true);");
                w.Line($"{RuntimeNames.Activations}.AddRows<{t.Name}>(d{l}, gradient.Slice({s.BiasOffset(l)}, {layer.Units}), rows);");
                w.Line($"// ∂L/∂{a} = ∂L/∂u{l}·W{l}ᵀ{(flattened ? ", reordered back to channel-last" : string.Empty)}");
                string into = flattened ? Invariant($"dflat{l}") : Invariant($"d{l - 1}");
                if (flattened)
                {
                    w.Line($"{t.Span} dflat{l} = {Block(layout, "dflat", l, Invariant($"rows * {layer.Inputs}"))};");
                }

                w.Line($"{RuntimeNames.Gemm}.Multiply<{t.Name}>(rows, {layer.Inputs}, {layer.Units}, d{l}, {layer.Units}, false, {Block(layout, "wt", l, Invariant($"{layer.WeightCount}"))}, {layer.Inputs}, {into}, {layer.Inputs}, false);");
                if (flattened)
                {
                    LayerSpec image = s.Layers[l - 2];
                    w.Line($"{RuntimeNames.Convolution}.Reorder<{t.Name}>(dflat{l}, rows, {image.Out.Pixels}, {image.Out.Channels}, false, d{l - 1});");
                }
            }

            w.Close();
        }

        private static void OpenInputGradient(SourceWriter w, int l)
        {
            if (l == 1)
            {
                w.Open("if (!inputGradient.IsEmpty)");
            }
        }

        private static void CloseInputGradient(SourceWriter w, int l)
        {
            if (l == 1)
            {
                w.Close();
            }
        }

        /// <summary>ForwardBatch over blocks: the output block copied to the outputs.</summary>
        public static void WriteForwardBatchBody(SourceWriter w, NetworkSpec s)
        {
            var layout = new Layout(s);
            w.Open("lock (_scratch)");
            w.Line("TransposeWeights(_scratch, false);");
            w.Open("for (int start = 0; start < count; start += BlockRows)");
            w.Line("int rows = global::System.Math.Min(BlockRows, count - start);");
            w.Line("ForwardBlock(inputs.Slice(start * InputCount, rows * InputCount), rows, _scratch);");
            w.Line($"new {T(s).ReadOnlySpan}(_scratch, {OutputOffset(s, layout)}, rows * OutputCount).CopyTo(outputs.Slice(start * OutputCount, rows * OutputCount));");
            w.Close();
            w.Close();
        }

        /// <summary>Evaluate over blocks: each row's loss (and arg-max) from the block's outputs.</summary>
        public static void WriteEvaluateBody(SourceWriter w, NetworkSpec s, bool softmax)
        {
            var layout = new Layout(s);
            ComputeType t = T(s);
            w.Open("lock (_scratch)");
            w.Line("TransposeWeights(_scratch, false);");
            w.Open("for (int start = 0; start < count; start += BlockRows)");
            w.Line("int rows = global::System.Math.Min(BlockRows, count - start);");
            w.Line("ForwardBlock(inputs.Slice(start * InputCount, rows * InputCount), rows, _scratch);");
            w.Open("for (int r = 0; r < rows; r++)");
            w.Line($"{t.ReadOnlySpan} y = new {t.ReadOnlySpan}(_scratch, {OutputOffset(s, layout)} + (r * OutputCount), OutputCount);");
            w.Line($"{t.ReadOnlySpan} target = targets.Slice((start + r) * OutputCount, OutputCount);");
            w.Line("loss += LossAndAdjoint(y, target, default);");
            if (softmax)
            {
                w.Open($"if ({Kernels}.ArgMax<{t.Name}>(y) == {Kernels}.ArgMax(target))");
                w.Line("correct++;");
                w.Close();
            }

            w.Close();
            w.Close();
            w.Close();
        }
    }
}
