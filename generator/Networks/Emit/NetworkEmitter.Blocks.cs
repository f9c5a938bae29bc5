using System;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Networks.Model;
using NetGen.Generator.Networks.Lowering;
using NetGen.Generator.Networks.Rules;
using static NetGen.Generator.Common.EmitterCommon;

namespace NetGen.Generator.Networks.Emit;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// The loop form's batch members, written over blocks of rows: each layer of a block is one
    /// matrix product (<c>NetGen.Gemm</c>, register-tiled) followed by the bias and activation in one
    /// pass; backward, ∂L/∂W{l} += a{l−1}ᵀ·∂L/∂u{l} and ∂L/∂z{l−1} = ∂L/∂u{l}·W{l}ᵀ are products too.
    /// The block matrices and the transposed weights live in scratch owned by the instance,
    /// allocated with it.
    /// </summary>
    internal static class Blocks
    {
        /// <summary>At most this many numbers of block scratch (three rows × units matrices); blocks shrink for very wide networks.</summary>
        private const int MaxBlockScratch = 786_432;

        /// <summary>
        /// Rows per block where they fit (measured: docs/benchmarks/BlockSizeBenchmarks.md): six of the
        /// products' 6-row tiles, the smallest of the sizes that tie for fastest (36 to 128; 32 was 5 % slower).
        /// </summary>
        internal const int PreferredBlockRows = 36;

        /// <summary>Rows per block: <see cref="PreferredBlockRows"/>, fewer for very wide networks.</summary>
        public static int BlockRows(NetworkSpec s) => (int)Math.Max(1, Math.Min(PreferredBlockRows, MaxBlockScratch / Math.Max(1L, s.Layers.Sum(PerRow))));

        /// <summary>The scratch numbers one row of a block takes in a layer: its matrices' rows, and inv for a norm.</summary>
        private static long PerRow(LayerSpec layer) => ((long)LayerRules.MatricesPerUnit(layer) * layer.Units) + (layer.Norm ? 1 : 0);

        private static int Units(NetworkSpec s, int l) => s.Layers[l - 1].Units;

        private static int Inputs(NetworkSpec s, int l) => s.Layers[l - 1].Inputs;

        /// <summary>Where u{l}, z{l} and d{l} (∂L/∂z{l}, then ∂L/∂u{l} in place) of a block start in the scratch.</summary>
        private static long U(NetworkSpec s, int l) => (long)BlockRows(s) * s.Layers.Take(l - 1).Sum(PerRow);

        private static long Z(NetworkSpec s, int l) => U(s, l) + ((long)BlockRows(s) * Units(s, l));

        private static long D(NetworkSpec s, int l) => Z(s, l) + ((long)BlockRows(s) * Units(s, l));

        /// <summary>Where the output a{l} of a layer with extras starts (after d{l}); then h{l} (norm), the mask m{l} (dropout) and inv{l} (norm, one per row).</summary>
        private static long O(NetworkSpec s, int l) => D(s, l) + ((long)BlockRows(s) * Units(s, l));

        private static long H(NetworkSpec s, int l) => O(s, l) + ((long)BlockRows(s) * Units(s, l));

        private static long M(NetworkSpec s, int l) => H(s, l) + (s.Layers[l - 1].Norm ? (long)BlockRows(s) * Units(s, l) : 0);

        private static long Inv(NetworkSpec s, int l) => M(s, l) + (s.Layers[l - 1].Dropout > 0 ? (long)BlockRows(s) * Units(s, l) : 0);

        /// <summary>Where the layer's output starts: a{l} for a layer with extras, else z{l}.</summary>
        private static long Out(NetworkSpec s, int l) => s.Layers[l - 1].HasExtras ? O(s, l) : Z(s, l);

        /// <summary>The name the comments give the layer's output.</summary>
        private static string OutName(NetworkSpec s, int l) => s.Layers[l - 1].HasExtras ? Invariant($"a{l}") : Invariant($"z{l}");

        /// <summary>Where W{l}ᵀ (l ≥ 2) starts in the scratch.</summary>
        private static long Wt(NetworkSpec s, int l) =>
            U(s, s.Layers.Count + 1) + Enumerable.Range(2, l - 2).Sum(j => (long)Inputs(s, j) * Units(s, j));

        public static long ScratchLength(NetworkSpec s) => Wt(s, s.Layers.Count + 1);

        /// <summary>The extra arguments of ForwardBlock for a network with dropout: training, and the block's first row.</summary>
        private static string DropoutArguments(NetworkSpec s, bool training, string firstRow) =>
            s.HasDropout ? Invariant($", {(training ? "true" : "false")}, {firstRow}") : string.Empty;

        public static void WriteStorage(SourceWriter w, NetworkSpec s)
        {
            w.Line();
            w.Line($"/// <summary>Rows per block of the batch members <see cref=\"Gradient\"/>, <see cref=\"ForwardBatch\"/> and <see cref=\"Evaluate\"/>.</summary>");
            w.Line($"private const int BlockRows = {BlockRows(s)};");
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Scratch of the batch members, owned by this instance and allocated with it: for each layer l,");
            w.Line(s.Layers.Any(l => l.HasExtras)
                ? "/// u{l}, z{l} and d{l} as BlockRows × units matrices (and a layer's output a{l}, norm h{l} and inv{l}, dropout mask m{l}), then W{l}ᵀ for l ≥ 2. One instance runs"
                : "/// u{l}, z{l} and d{l} as BlockRows × units matrices, then W{l}ᵀ for l ≥ 2. One instance runs");
            w.Line("/// one batch member at a time; different instances may run on different threads.");
            w.Line("/// </summary>");
            w.Line($"private readonly {T(s).Name}[] _scratch = new {T(s).Name}[{ScratchLength(s)}];");
        }

        /// <summary>The forward pass of a block of rows into the scratch: u{l} = a{l−1}·W{l} + b{l}, z{l} = f(u{l}).</summary>
        public static void WriteForwardBlock(SourceWriter w, NetworkSpec s)
        {
            ComputeType t = T(s);
            w.Line();
            w.Line("// Forward pass of a block of rows (rows × InputCount in x): each layer one matrix product, then bias and activation in one pass.");
            w.Open($"private void ForwardBlock({t.ReadOnlySpan} x, int rows, {t.Span} scratch{(s.HasDropout ? ", bool training, int firstRow" : string.Empty)})");
            w.Line($"{t.ReadOnlySpan} p = _parameters;");
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                string a = l == 1 ? "x" : Invariant($"scratch.Slice({Out(s, l - 1)}, rows * {layer.Inputs})");
                w.Line($"// u{l} = {(l == 1 ? "x" : OutName(s, l - 1))}·W{l} + b{l}, z{l} = {ActivationRules.ForwardFormula(layer.Activation, $"u{l}")}");
                w.Line($"{t.Span} u{l} = scratch.Slice({U(s, l)}, rows * {layer.Units});");
                w.Line($"{t.Span} z{l} = scratch.Slice({Z(s, l)}, rows * {layer.Units});");
                w.Line($"{RuntimeNames.Gemm}.Multiply<{t.Name}>(rows, {layer.Units}, {layer.Inputs}, {a}, {layer.Inputs}, false, p.Slice({s.WeightOffset(l)}, {layer.Inputs * layer.Units}), {layer.Units}, u{l}, {layer.Units}, false);");
                w.Line($"{RuntimeNames.Activations}.AddBias<{t.Name}>(u{l}, p.Slice({s.BiasOffset(l)}, {layer.Units}), rows);");
                w.Line(ActivationRules.BlockKernel(layer.Activation) is { } kernel
                    ? Invariant($"{RuntimeNames.Activations}.{kernel.Name}<{t.Name}>(u{l}, z{l});")
                    : Invariant($"u{l}.CopyTo(z{l});"));
                if (layer.HasExtras)
                {
                    ExtrasForward(w, s, l, a);
                }
            }

            w.Close();
        }

        /// <summary>The extras of layer l on a block: a{l} = z{l} (+ a{l−1}), normalized in place, then masked in training.</summary>
        private static void ExtrasForward(SourceWriter w, NetworkSpec s, int l, string input)
        {
            LayerSpec layer = s.Layers[l - 1];
            int units = layer.Units;
            w.Line($"{T(s).Span} a{l} = scratch.Slice({O(s, l)}, rows * {units});");
            RowExtras.Forward(w, s, l, input, l == 1 ? "x" : OutName(s, l - 1), Names(s, l), "training", () =>
            {
                w.Line($"{T(s).Span} m{l} = scratch.Slice({M(s, l)}, rows * {units});");
                w.Line($"{RuntimeNames.Dropout}.Mask<{T(s).Name}>(m{l}, rows, {units}, _dropoutKey, firstRow, {s.FirstUnit(l)}, {Literal(layer.Dropout)}, {LayerRules.DropoutScale(layer.Dropout, s.Precision)});");
            });
        }

        /// <summary>The block's buffers of layer l's extras.</summary>
        private static RowExtras.Buffers Names(NetworkSpec s, int l)
        {
            int units = s.Layers[l - 1].Units;
            return new RowExtras.Buffers(
                Invariant($"a{l}"),
                Invariant($"scratch.Slice({H(s, l)}, rows * {units})"),
                Invariant($"scratch.Slice({Inv(s, l)}, rows)"),
                s.Layers[l - 1].Dropout > 0 ? Invariant($"m{l}") : string.Empty,
                "rows");
        }

        /// <summary>The loop over blocks of <c>Gradient</c>: forward, loss and ∂l/∂y per row, then each layer backward as products.</summary>
        public static void WriteGradientBody(SourceWriter w, NetworkSpec s)
        {
            ComputeType t = T(s);
            int layers = s.Layers.Count;
            w.Line($"{t.ReadOnlySpan} p = _parameters;");
            if (layers > 1)
            {
                w.Line("// W{l}ᵀ for ∂L/∂z{l-1} = ∂L/∂u{l}·W{l}ᵀ, once per call");
                for (int l = 2; l <= layers; l++)
                {
                    w.Line($"{t.Span} wt{l} = scratch.Slice({Wt(s, l)}, {Inputs(s, l) * Units(s, l)});");
                    w.Line($"{RuntimeNames.Gemm}.Transpose<{t.Name}>({Inputs(s, l)}, {Units(s, l)}, p.Slice({s.WeightOffset(l)}, {Inputs(s, l) * Units(s, l)}), {Units(s, l)}, wt{l}, {Inputs(s, l)});");
                }
            }

            w.Open("for (int start = 0; start < count; start += BlockRows)");
            w.Line("int rows = global::System.Math.Min(BlockRows, count - start);");
            w.Line($"{t.ReadOnlySpan} x = inputs.Slice(start * InputCount, rows * InputCount);");
            w.Line($"ForwardBlock(x, rows, scratch{DropoutArguments(s, true, "firstRow + start")});");
            int units = Units(s, layers);
            w.Line($"// loss and ∂l/∂y of each row: {LossRules.AdjointFormula(s.Loss)}");
            string y = OutName(s, layers);
            w.Line($"{t.Span} {y} = scratch.Slice({Out(s, layers)}, rows * {units});");
            w.Line($"{t.Span} d{layers} = scratch.Slice({D(s, layers)}, rows * {units});");
            w.Open("for (int r = 0; r < rows; r++)");
            w.Line($"loss += LossAndAdjoint({y}.Slice(r * {units}, {units}), targets.Slice((start + r) * OutputCount, OutputCount), d{layers}.Slice(r * {units}, {units}));");
            w.Close();
            for (int l = layers; l >= 1; l--)
            {
                LayerSpec layer = s.Layers[l - 1];
                string a = l == 1 ? "x" : OutName(s, l - 1);
                if (layer.HasExtras)
                {
                    ExtrasBackward(w, s, l);
                }

                w.Line($"// layer {l}: {ActivationRules.BackwardFormula(layer.Activation, $"u{l}", $"z{l}")}");
                if (ActivationRules.BlockKernel(layer.Activation) is { } kernel)
                {
                    if (kernel.ReadsU)
                    {
                        w.Line($"{t.ReadOnlySpan} u{l} = scratch.Slice({U(s, l)}, rows * {layer.Units});");
                    }
                    else if (layer.HasExtras)
                    {
                        // (without extras z{l} is the layer's output, already declared)
                        w.Line($"{t.ReadOnlySpan} z{l} = scratch.Slice({Z(s, l)}, rows * {layer.Units});");
                    }

                    w.Line($"{RuntimeNames.Activations}.{kernel.Name}Backward<{t.Name}>(d{l}, {(kernel.ReadsU ? "u" : "z")}{l});");
                }

                if (l > 1)
                {
                    // a{l-1}: read by the products below, and by layer l - 1's derivative
                    w.Line($"{t.ReadOnlySpan} {OutName(s, l - 1)} = scratch.Slice({Out(s, l - 1)}, rows * {layer.Inputs});");
                }

                w.Line($"// ∂L/∂W{l} += {(l == 1 ? "x" : OutName(s, l - 1))}ᵀ·∂L/∂u{l}, ∂L/∂b{l} += Σ rows of ∂L/∂u{l}");
                w.Line($"{RuntimeNames.Gemm}.Multiply<{t.Name}>({layer.Inputs}, {layer.Units}, rows, {a}, {layer.Inputs}, true, d{l}, {layer.Units}, gradient.Slice({s.WeightOffset(l)}, {layer.Inputs * layer.Units}), {layer.Units}, true);");
                w.Line($"{RuntimeNames.Activations}.AddRows<{t.Name}>(d{l}, gradient.Slice({s.BiasOffset(l)}, {layer.Units}), rows);");
                if (l > 1)
                {
                    w.Line($"// ∂L/∂{OutName(s, l - 1)} {(layer.Residual ? "+" : string.Empty)}= ∂L/∂u{l}·W{l}ᵀ");
                    if (!layer.Residual)
                    {
                        w.Line($"{t.Span} d{l - 1} = scratch.Slice({D(s, l - 1)}, rows * {layer.Inputs});");
                    }

                    w.Line($"{RuntimeNames.Gemm}.Multiply<{t.Name}>(rows, {layer.Inputs}, {layer.Units}, d{l}, {layer.Units}, false, wt{l}, {layer.Inputs}, d{l - 1}, {layer.Inputs}, {(layer.Residual ? "true" : "false")});");
                }
            }

            w.Close();
        }

        /// <summary>Layer l's extras backward on a block, in place on d{l}: from ∂L/∂a{l} to ∂L/∂z{l}; a residual's ∂L/∂r{l} is copied to d{l−1} first.</summary>
        private static void ExtrasBackward(SourceWriter w, NetworkSpec s, int l)
        {
            LayerSpec layer = s.Layers[l - 1];
            if (layer.Residual && l > 1)
            {
                w.Line($"{T(s).Span} d{l - 1} = scratch.Slice({D(s, l - 1)}, rows * {layer.Units});");
            }

            RowExtras.Buffers names = Names(s, l) with { Mask = Invariant($"scratch.Slice({M(s, l)}, rows * {layer.Units})") };
            RowExtras.Backward(w, s, l, Invariant($"d{l}"), names, l > 1 ? Invariant($"d{l - 1}") : null, null);
        }

        /// <summary>ForwardBatch over blocks: the last layer's block copied to the outputs.</summary>
        public static void WriteForwardBatchBody(SourceWriter w, NetworkSpec s)
        {
            int layers = s.Layers.Count;
            w.Open("for (int start = 0; start < count; start += BlockRows)");
            w.Line("int rows = global::System.Math.Min(BlockRows, count - start);");
            w.Line($"ForwardBlock(inputs.Slice(start * InputCount, rows * InputCount), rows, _scratch{DropoutArguments(s, false, "0")});");
            w.Line($"new {T(s).ReadOnlySpan}(_scratch, {Out(s, layers)}, rows * OutputCount).CopyTo(outputs.Slice(start * OutputCount, rows * OutputCount));");
            w.Close();
        }

        /// <summary>Evaluate over blocks: each row's loss (and arg-max) from the block's outputs.</summary>
        public static void WriteEvaluateBody(SourceWriter w, NetworkSpec s, bool softmax)
        {
            ComputeType t = T(s);
            int layers = s.Layers.Count;
            w.Open("for (int start = 0; start < count; start += BlockRows)");
            w.Line("int rows = global::System.Math.Min(BlockRows, count - start);");
            w.Line($"ForwardBlock(inputs.Slice(start * InputCount, rows * InputCount), rows, _scratch{DropoutArguments(s, false, "0")});");
            w.Open("for (int r = 0; r < rows; r++)");
            w.Line($"{t.ReadOnlySpan} y = new {t.ReadOnlySpan}(_scratch, {Out(s, layers)} + (r * OutputCount), OutputCount);");
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
        }
    }
}
