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
    /// Convolutions and poolings of a tiny image network in the straight-line form: every value of every image a
    /// local (numbered channel-major, as the input and <c>torch.flatten</c> number them), each output value a sum
    /// over its taps (<see cref="ImageWiring"/>), so that the batch members run one image per vector lane like any
    /// straight-line network. A convolution is a dense layer whose weights are shared and whose inputs are the
    /// kernel's window; a pooling has no parameters and routes its adjoint back through its window.
    /// </summary>
    private static partial class StraightLine
    {
        /// <summary>A convolution's filters and biases into locals: w{l}_f_c_i_j, b{l}_f.</summary>
        private static void ImageParameterLocals(SourceWriter w, NetworkSpec s, ComputeType v, int l)
        {
            LayerSpec layer = s.Layers[l - 1];
            if (layer.Kind != LayerType.Conv2D)
            {
                return; // a pooling has no parameters
            }

            w.Line($"// W{l}: {layer.Out.Channels}×{layer.In.Channels}×{layer.Kernel}×{layer.Kernel} filters, as PyTorch's; b{l}: {layer.Out.Channels}{(v.IsLanes ? " (the same in every lane)" : string.Empty)}");
            for (int weight = 0; weight < layer.WeightCount; weight++)
            {
                w.Line($"{v.Declare} {ImageWiring.WeightName(l, layer, weight)} = {v.Broadcast(Invariant($"p[{s.WeightOffset(l) + weight}]"))};");
            }

            for (int f = 0; f < layer.Out.Channels; f++)
            {
                w.Line($"{v.Declare} b{l}_{f} = {v.Broadcast(Invariant($"p[{s.BiasOffset(l) + f}]"))};");
            }
        }

        /// <summary>Σ over the layer's weights and biases of ∂l/∂θ, as (local, index in the gradient).</summary>
        private static void ImageGradientLocals(NetworkSpec s, int l, List<(string Local, int Index)> locals)
        {
            LayerSpec layer = s.Layers[l - 1];
            if (layer.Kind != LayerType.Conv2D)
            {
                return;
            }

            for (int weight = 0; weight < layer.WeightCount; weight++)
            {
                locals.Add(("g" + ImageWiring.WeightName(l, layer, weight), s.WeightOffset(l) + weight));
            }

            for (int f = 0; f < layer.Out.Channels; f++)
            {
                locals.Add((Invariant($"gb{l}_{f}"), s.BiasOffset(l) + f));
            }
        }

        /// <summary>Layer l forward: a convolution's u{l} and z{l}, or a pooling's z{l} (and, for max when <paramref name="positions"/>, the position i{l} of each window's maximum, which the backward pass reads to pass ∂l/∂z{l} down).</summary>
        private static void ImageForward(SourceWriter w, NetworkSpec s, ComputeType v, int l, bool positions)
        {
            LayerSpec layer = s.Layers[l - 1];
            string a = AName(s, l - 1);
            string numbering = Invariant($"value n of {layer.Out} is (c·{layer.Out.Height} + p)·{layer.Out.Width} + q");
            if (layer.Kind == LayerType.Conv2D)
            {
                w.Line($"// u{l} = conv(W{l}, {a}) + b{l}, {layer.In} → {layer.Out}: u{l}[f, p, q] = b{l}_f + Σ_c,i,j W{l}[f, c, i, j]·{a}[c, {Position("p", layer)} + i, {Position("q", layer)} + j] over the taps inside the image ({numbering})");
                for (int n = 0; n < layer.Units; n++)
                {
                    var terms = ImageWiring.Taps(layer, n).Select(t => (A(s, l - 1, t.Input), ImageWiring.WeightName(l, layer, t.Weight))).ToList();
                    string bias = Invariant($"b{l}_{ImageWiring.Channel(layer, n)}");
                    w.Line($"{v.Declare} u{l}_{n} = {(terms.Count == 0 ? bias : v.SumOfProducts(terms, bias))};");
                }

                w.Line($"// z{l} = {ActivationRules.ForwardFormula(layer.Activation, $"u{l}")}");
                for (int n = 0; n < layer.Units; n++)
                {
                    w.Line($"{v.Declare} z{l}_{n} = {ActivationRules.Forward(layer.Activation, $"u{l}_{n}", v)};");
                }

                return;
            }

            int k = layer.Kernel;
            if (layer.Kind == LayerType.AvgPool2D)
            {
                w.Line($"// z{l} = avgpool({a}, {k}), {layer.In} → {layer.Out}: z{l}[c, p, q] = (Σ of {a}'s {k}×{k} window at ({k}p, {k}q), in row-major order) / {k * k} ({numbering})");
                for (int n = 0; n < layer.Units; n++)
                {
                    string sum = string.Join(" + ", ImageWiring.Taps(layer, n).Select(t => A(s, l - 1, t.Input)));
                    w.Line(k == 1 ? Invariant($"{v.Declare} z{l}_{n} = {sum};") : Invariant($"{v.Declare} z{l}_{n} = ({sum}) / {v.L(Invariant($"{k * k}.0"))};"));
                }

                return;
            }

            if (k == 1)
            {
                w.Line($"// z{l} = maxpool({a}, 1) = {a}");
                for (int n = 0; n < layer.Units; n++)
                {
                    w.Line($"{v.Declare} z{l}_{n} = {A(s, l - 1, n)};");
                }

                return;
            }

            w.Line($"// z{l} = maxpool({a}, {k}), {layer.In} → {layer.Out}: z{l}[c, p, q] = the largest of {a}'s {k}×{k} window at ({k}p, {k}q){(positions ? Invariant($", i{l} its position in the window") : string.Empty)}; a value replaces the running maximum when greater or NaN, as in PyTorch (ties keep the first) ({numbering})");
            for (int n = 0; n < layer.Units; n++)
            {
                List<ImageWiring.Tap> window = ImageWiring.Taps(layer, n);
                string? position = positions ? Invariant($"i{l}_{n}") : null;
                w.Line($"{v.Declare} z{l}_{n} = {A(s, l - 1, window[0].Input)};");
                if (position is not null)
                {
                    w.Line($"{v.Declare} {position} = {v.L("0.0")};");
                }

                for (int t = 1; t < window.Count; t++)
                {
                    w.Line(v.PoolMaxStep(Invariant($"z{l}_{n}"), position, A(s, l - 1, window[t].Input), window[t].Weight));
                }
            }
        }

        /// <summary>"2p − 1": where a convolution's window starts along an axis, in its comment.</summary>
        private static string Position(string axis, LayerSpec layer) =>
            (layer.Stride == 1 ? axis : Invariant($"{layer.Stride}{axis}")) + (layer.Padding == 0 ? string.Empty : Invariant($" − {layer.Padding}"));

        /// <summary>
        /// Layer l backward: ∂l/∂z{l} from the layer above (when anything reads it); for a convolution ∂l/∂u{l} and
        /// its filters' and biases' gradients, each tap adding a{l-1}·∂l/∂u{l}. A pooling's adjoint reaches the layer
        /// below through <see cref="ImageAdjoint"/>.
        /// </summary>
        private static void ImageBackward(SourceWriter w, NetworkSpec s, ComputeType v, int l, Sink sink, bool withInput)
        {
            LayerSpec layer = s.Layers[l - 1];
            bool conv = layer.Kind == LayerType.Conv2D;
            if (l < s.Layers.Count && (conv || PassesAdjointDown(s, l, withInput)))
            {
                w.Line($"// layer {l} backward: ∂l/∂z{l} = {AdjointFormula(s, l + 1)}");
                for (int n = 0; n < layer.Units; n++)
                {
                    w.Line($"{v.Declare} dz{l}_{n} = {PreviousAdjoint(s, v, l + 1, n)};");
                }
            }

            if (!conv)
            {
                return;
            }

            w.Line($"// {ActivationRules.BackwardFormula(layer.Activation, $"u{l}", $"z{l}")}");
            for (int n = 0; n < layer.Units; n++)
            {
                w.Line($"{v.Declare} du{l}_{n} = {ActivationRules.Backward(layer.Activation, $"dz{l}_{n}", $"u{l}_{n}", $"z{l}_{n}", v)};");
            }

            string a = AName(s, l - 1);
            w.Line($"// ∂l/∂W{l}[f, c, i, j] = Σ_p,q ∂l/∂u{l}[f, p, q]·{a}[c, {Position("p", layer)} + i, {Position("q", layer)} + j], ∂l/∂b{l}_f = Σ_p,q ∂l/∂u{l}[f, p, q]");
            for (int n = 0; n < layer.Units; n++)
            {
                foreach (ImageWiring.Tap tap in ImageWiring.Taps(layer, n))
                {
                    Add(w, v, sink, "g" + ImageWiring.WeightName(l, layer, tap.Weight), s.WeightOffset(l) + tap.Weight, A(s, l - 1, tap.Input), Invariant($"du{l}_{n}"));
                }

                int f = ImageWiring.Channel(layer, n);
                Add(w, v, sink, Invariant($"gb{l}_{f}"), s.BiasOffset(l) + f, Invariant($"du{l}_{n}"), null);
            }
        }

        /// <summary>Whether anything reads the adjoint that image layer l passes down: a convolution below it, or ∂l/∂x.</summary>
        private static bool PassesAdjointDown(NetworkSpec s, int l, bool withInput) =>
            withInput || s.Layers.Take(l - 1).Any(layer => layer.Kind == LayerType.Conv2D);

        /// <summary>The comment's formula for ∂l/∂a{l-1}, the adjoint that layer l passes down.</summary>
        private static string AdjointFormula(NetworkSpec s, int l)
        {
            LayerSpec layer = s.Layers[l - 1];
            return layer.Kind switch
            {
                LayerType.Conv2D => Invariant($"Σ_f,i,j ∂l/∂u{l}[f, p, q]·W{l}[f, c, i, j] over the outputs (p, q) whose window reads [c, {Position("p", layer)} + i, {Position("q", layer)} + j] (the transposed convolution)"),
                LayerType.MaxPool2D => layer.Kernel == 1 ? Invariant($"∂l/∂z{l}") : Invariant($"∂l/∂z{l} at the maximum i{l} of each window, 0 elsewhere"),
                LayerType.AvgPool2D => layer.Kernel == 1 ? Invariant($"∂l/∂z{l}") : Invariant($"∂l/∂z{l} / {layer.Kernel * layer.Kernel} at every value of its window"),
                _ => Invariant($"∂l/∂u{l}·W{l}ᵀ"),
            };
        }

        /// <summary>
        /// ∂l/∂a{l-1}_m through image layer l: for a convolution Σ ∂l/∂u{l}_n·W over the taps that read value m; for a
        /// max pooling ∂l/∂z{l} of m's window where m is its maximum; for an average pooling ∂l/∂z{l} / k². A value no
        /// window or kernel reads (a stride or pooling skips it) gets 0.
        /// </summary>
        private static string ImageAdjoint(NetworkSpec s, ComputeType v, int l, int m)
        {
            LayerSpec layer = s.Layers[l - 1];
            List<ImageWiring.Use> uses = ImageWiring.UsesOf(layer)[m];
            if (uses.Count == 0)
            {
                return v.L("0.0");
            }

            if (layer.Kind == LayerType.Conv2D)
            {
                return v.SumOfProducts(uses.Select(u => (Invariant($"du{l}_{u.Unit}"), ImageWiring.WeightName(l, layer, u.Weight))).ToList(), addend: null);
            }

            string dz = Invariant($"dz{l}_{uses[0].Unit}"); // windows do not overlap: one use
            int area = layer.Kernel * layer.Kernel;
            if (area == 1)
            {
                return dz;
            }

            return layer.Kind == LayerType.AvgPool2D
                ? Invariant($"{dz} / {v.L(Invariant($"{area}.0"))}")
                : v.Select(v.Equal(Invariant($"i{l}_{uses[0].Unit}"), v.L(Invariant($"{uses[0].Weight}.0"))), dz, v.L("0.0"));
        }
    }
}
