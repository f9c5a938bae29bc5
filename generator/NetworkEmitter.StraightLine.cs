using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using NetGen.Generator.Rules;
using static NetGen.Generator.EmitterCommon;

namespace NetGen.Generator;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// The straight-line form: every parameter read into a local once, every unit's pre-activation,
    /// activation and adjoint its own statement, no loops except over the samples of a batch.
    /// Names follow the math: x_m, u1_n, z1_n, w1_m_n, b1_n, dz1_n, du1_n, t_k.
    /// </summary>
    private static class StraightLine
    {
        /// <summary>Where parameter gradients go.</summary>
        private enum Sink
        {
            /// <summary><c>gradient[i] += …</c> (one sample).</summary>
            Span,

            /// <summary><c>gw1_0_0 += …</c>, locals written once after the batch loop.</summary>
            Locals,
        }

        public static void Write(SourceWriter w, NetworkSpec s)
        {
            WriteForward(w, s);
            WriteComputeLoss(w, s);
            WriteAccumulate(w, s, withInput: false);
            WriteAccumulate(w, s, withInput: true);
            WriteGradient(w, s);
            if (!BatchByBlocks(s))
            {
                w.Line();
                w.Line("// The batch gradient of some rows for the threaded overload (straight-line code needs no scratch).");
                w.Line(Invariant($"private {T(s).Name} GradientRows({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient, {T(s).Span} scratch) => Gradient(inputs, targets, gradient);"));
            }
            if (s.Loss == LossKind.SoftmaxCrossEntropy)
            {
                WriteProbabilities(w, s);
            }
        }

        private static void WriteForward(SourceWriter w, NetworkSpec s)
        {
            Docs.Forward(w, s);
            w.Open(Invariant($"public void Forward({T(s).ReadOnlySpan} input, {T(s).Span} output)"));
            w.Line(Invariant($"{Guard}.Length(nameof(input), input.Length, InputCount);"));
            w.Line(Invariant($"{Guard}.Length(nameof(output), output.Length, OutputCount);"));
            NoOverlap(w, "output", "input", "_parameters");
            LoadParameters(w, s);
            LoadVector(w, s, "x", "input", s.Inputs, "x = input");
            ForwardLayers(w, s);
            w.Line("// output = y");
            for (int k = 0; k < s.Outputs; k++)
            {
                w.Line(Invariant($"output[{k}] = {Y(s, k)};"));
            }

            w.Close();
        }

        private static void WriteComputeLoss(SourceWriter w, NetworkSpec s)
        {
            Docs.ComputeLoss(w, s);
            w.Open(Invariant($"public {T(s).Name} ComputeLoss({T(s).ReadOnlySpan} input, {T(s).ReadOnlySpan} target)"));
            w.Line(Invariant($"{Guard}.Length(nameof(input), input.Length, InputCount);"));
            w.Line(Invariant($"{Guard}.Length(nameof(target), target.Length, OutputCount);"));
            LoadParameters(w, s);
            LoadVector(w, s, "x", "input", s.Inputs, "x = input");
            LoadVector(w, s, "t", "target", s.Outputs, "t = target");
            ForwardLayers(w, s);
            Loss(w, s, adjoint: false);
            w.Line("return l;");
            w.Close();
        }

        private static void WriteAccumulate(SourceWriter w, NetworkSpec s, bool withInput)
        {
            Docs.Accumulate(w, withInput);
            w.Open(withInput
                ? Invariant($"public {T(s).Name} AccumulateGradient({T(s).ReadOnlySpan} input, {T(s).ReadOnlySpan} target, {T(s).Span} gradient, {T(s).Span} inputGradient)")
                : Invariant($"public {T(s).Name} AccumulateGradient({T(s).ReadOnlySpan} input, {T(s).ReadOnlySpan} target, {T(s).Span} gradient)"));
            w.Line(Invariant($"{Guard}.Length(nameof(input), input.Length, InputCount);"));
            w.Line(Invariant($"{Guard}.Length(nameof(target), target.Length, OutputCount);"));
            w.Line(Invariant($"{Guard}.Length(nameof(gradient), gradient.Length, ParameterCount);"));
            if (withInput)
            {
                w.Line(Invariant($"{Guard}.Length(nameof(inputGradient), inputGradient.Length, InputCount);"));
            }

            NoOverlap(w, "gradient", "input", "target", "_parameters");
            if (withInput)
            {
                NoOverlap(w, "inputGradient", "input", "target", "_parameters", "gradient");
            }

            LoadParameters(w, s);
            LoadVector(w, s, "x", "input", s.Inputs, "x = input");
            LoadVector(w, s, "t", "target", s.Outputs, "t = target");
            ForwardLayers(w, s);
            Loss(w, s, adjoint: true);
            Backward(w, s, Sink.Span, withInput);
            if (withInput)
            {
                w.Line("// inputGradient = ∂l/∂x");
                for (int m = 0; m < s.Inputs; m++)
                {
                    w.Line(Invariant($"inputGradient[{m}] = dx_{m};"));
                }
            }

            w.Line("return l;");
            w.Close();
        }

        private static void WriteGradient(SourceWriter w, NetworkSpec s)
        {
            Docs.Gradient(w);
            w.Open(Invariant($"public {T(s).Name} Gradient({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient)"));
            w.Line(Invariant($"int count = {Guard}.Batch(inputs.Length, InputCount, targets.Length, OutputCount);"));
            w.Line(Invariant($"{Guard}.Length(nameof(gradient), gradient.Length, ParameterCount);"));
            NoOverlap(w, "gradient", "inputs", "targets", "_parameters");
            if (BatchByBlocks(s))
            {
                // Large enough that blocks of rows as matrix products beat unrolled rows (measured).
                w.Line("return GradientRows(inputs, targets, gradient, _scratch);");
                w.Close();
                w.Line();
                w.Open(Invariant($"private {T(s).Name} GradientRows({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient, {T(s).Span} scratch)"));
                w.Line("int count = inputs.Length / InputCount;");
                w.Line("gradient.Clear();");
                w.Line(Invariant($"{T(s).Name} loss = {T(s).L("0.0")};"));
                Blocks.WriteGradientBody(w, s);
                w.Line("return loss;");
                w.Close();
                Loops.WriteLoss(w, s);
                Blocks.WriteStorage(w, s);
                Blocks.WriteForwardBlock(w, s);
                return;
            }

            LoadParameters(w, s);
            List<(string Local, int Index)> sinks = GradientLocals(s);
            if (sinks.Count > 0)
            {
                w.Line("// Σₖ ∂lₖ/∂θ, summed in locals and written once after the loop");
                foreach ((string local, _) in sinks)
                {
                    w.Line(Invariant($"{T(s).Name} {local} = {T(s).L("0.0")};"));
                }
            }

            w.Line(Invariant($"{T(s).Name} loss = {T(s).L("0.0")};"));
            w.Open("for (int k = 0; k < count; k++)");
            // Indexing the rows directly measured 3–8 % faster on the assignment net than slicing a span per row.
            w.Line("// row k: inputs[k·InputCount …], targets[k·OutputCount …]");
            w.Line("int xk = k * InputCount;");
            w.Line("int tk = k * OutputCount;");
            LoadVector(w, s, "x", "inputs", s.Inputs, "x = inputs[k]", offset: "xk");
            LoadVector(w, s, "t", "targets", s.Outputs, "t = targets[k]", offset: "tk");
            ForwardLayers(w, s);
            Loss(w, s, adjoint: s.Layers.Count > 0);
            Backward(w, s, Sink.Locals, withInput: false);
            w.Line("loss += l;");
            w.Close();
            if (sinks.Count > 0)
            {
                w.Line("// gradient = Σₖ ∂lₖ/∂θ");
                foreach ((string local, int index) in sinks)
                {
                    w.Line(Invariant($"gradient[{index}] = {local};"));
                }
            }

            w.Line("return loss;");
            w.Close();
        }

        private static void WriteProbabilities(SourceWriter w, NetworkSpec s)
        {
            Docs.Probabilities(w);
            w.Open(Invariant($"public void Probabilities({T(s).ReadOnlySpan} input, {T(s).Span} probabilities)"));
            w.Line(Invariant($"{Guard}.Length(nameof(input), input.Length, InputCount);"));
            w.Line(Invariant($"{Guard}.Length(nameof(probabilities), probabilities.Length, OutputCount);"));
            NoOverlap(w, "probabilities", "input", "_parameters");
            LoadParameters(w, s);
            LoadVector(w, s, "x", "input", s.Inputs, "x = input");
            ForwardLayers(w, s);
            SoftmaxSums(w, s);
            w.Line("// softmax(y)ₖ = e^(yₖ − m) / Σⱼ e^(yⱼ − m)");
            for (int k = 0; k < s.Outputs; k++)
            {
                w.Line(Invariant($"probabilities[{k}] = {LossRules.Probability($"s_{k}", "sum")};"));
            }

            w.Close();
        }

        private static void LoadParameters(SourceWriter w, NetworkSpec s)
        {
            if (s.Layers.Count == 0)
            {
                return;
            }

            // Stating the length once lets the JIT drop every later bounds check on p (measured: the
            // span constructor alone cost ~10 ns a call on the assignment net).
            w.Line(Invariant($"{T(s).ReadOnlySpan} p = _parameters;"));
            w.Line(Invariant($"{Guard}.Length(nameof(_parameters), p.Length, ParameterCount);"));
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                w.Line(Invariant($"// W{l}: {layer.Inputs}×{layer.Units}, row-major; b{l}: {layer.Units}"));
                for (int m = 0; m < layer.Inputs; m++)
                {
                    for (int n = 0; n < layer.Units; n++)
                    {
                        w.Line(Invariant($"{T(s).Name} {Wt(l, m, n)} = p[{s.WeightOffset(l) + (m * layer.Units) + n}];"));
                    }
                }

                for (int n = 0; n < layer.Units; n++)
                {
                    w.Line(Invariant($"{T(s).Name} b{l}_{n} = p[{s.BiasOffset(l) + n}];"));
                }
            }
        }

        /// <summary>Reads <paramref name="count"/> doubles into locals, from <paramref name="span"/>[0…] or [<paramref name="offset"/> + 0…].</summary>
        private static void LoadVector(SourceWriter w, NetworkSpec s, string name, string span, int count, string comment, string? offset = null)
        {
            w.Line("// " + comment);
            for (int i = 0; i < count; i++)
            {
                string index = offset is null ? Invariant($"{i}") : i == 0 ? offset : Invariant($"{offset} + {i}");
                w.Line(Invariant($"{T(s).Name} {name}_{i} = {span}[{index}];"));
            }
        }

        private static void ForwardLayers(SourceWriter w, NetworkSpec s)
        {
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                w.Line(Invariant($"// u{l} = {(l == 1 ? "x" : $"z{l - 1}")}·W{l} + b{l}"));
                for (int n = 0; n < layer.Units; n++)
                {
                    IEnumerable<string> terms = Enumerable.Range(0, layer.Inputs).Select(m => Invariant($"{A(l - 1, m)} * {Wt(l, m, n)}"));
                    w.Line(Invariant($"{T(s).Name} u{l}_{n} = {string.Join(" + ", terms)} + b{l}_{n};"));
                }

                w.Line(Invariant($"// z{l} = {ActivationRules.ForwardFormula(layer.Activation, $"u{l}")}"));
                for (int n = 0; n < layer.Units; n++)
                {
                    w.Line(Invariant($"{T(s).Name} z{l}_{n} = {ActivationRules.Forward(layer.Activation, $"u{l}_{n}", T(s))};"));
                }
            }
        }

        private static void SoftmaxSums(SourceWriter w, NetworkSpec s)
        {
            w.Line("// m = maxₖ yₖ; shifting by m keeps e^(yₖ − m) ≤ 1, so logits of ±1000 stay finite");
            w.Line(Invariant($"{T(s).Name} m = {Y(s, 0)};"));
            for (int k = 1; k < s.Outputs; k++)
            {
                w.Line(Invariant($"m = {LossRules.Max("m", Y(s, k), T(s))};"));
            }

            for (int k = 0; k < s.Outputs; k++)
            {
                w.Line(Invariant($"{T(s).Name} s_{k} = {LossRules.ShiftedExp(Y(s, k), "m", T(s))};"));
            }

            w.Line(Invariant($"{T(s).Name} sum = {string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => Invariant($"s_{k}")))};"));
        }

        private static void Loss(SourceWriter w, NetworkSpec s, bool adjoint)
        {
            w.Line("// " + LossRules.Formula(s.Loss));
            if (s.Loss == LossKind.HalfSquaredError)
            {
                for (int k = 0; k < s.Outputs; k++)
                {
                    w.Line(Invariant($"{T(s).Name} e_{k} = {LossRules.Error(Y(s, k), $"t_{k}")};"));
                }

                string terms = string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => LossRules.SquaredErrorTerm(Invariant($"e_{k}"))));
                w.Line(Invariant($"{T(s).Name} l = {LossRules.SquaredErrorScale(T(s))} * ({terms});"));
                if (adjoint)
                {
                    w.Line("// " + LossRules.AdjointFormula(s.Loss));
                    for (int k = 0; k < s.Outputs; k++)
                    {
                        w.Line(Invariant($"{T(s).Name} {DY(s, k)} = {LossRules.SquaredErrorAdjoint($"e_{k}")};"));
                    }
                }

                return;
            }

            SoftmaxSums(w, s);
            w.Line("// " + LossRules.LogSumFormula);
            w.Line(Invariant($"{T(s).Name} ones = {string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => "(" + LossRules.AtOne(Invariant($"s_{k}"), T(s)) + ")"))};"));
            w.Line(Invariant($"{T(s).Name} rest = {LossRules.Rest(string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => "(" + LossRules.BelowOne(Invariant($"s_{k}"), T(s)) + ")")), "ones", T(s))};"));
            w.Line(Invariant($"{T(s).Name} logS = {LossRules.LogSum("rest")};"));
            w.Line(Invariant($"{T(s).Name} sumT = {string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => Invariant($"t_{k}")))};"));
            string ceTerms = string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => LossRules.CrossEntropyTerm(Invariant($"t_{k}"), Y(s, k), "m")));
            w.Line(Invariant($"{T(s).Name} l = {ceTerms} + {LossRules.CrossEntropyLogTerm("sumT", "logS")};"));
            if (adjoint)
            {
                w.Line("// " + LossRules.AdjointFormula(s.Loss));
                for (int k = 0; k < s.Outputs; k++)
                {
                    w.Line(Invariant($"{T(s).Name} {DY(s, k)} = {LossRules.CrossEntropyAdjoint($"s_{k}", "sum", "sumT", $"t_{k}")};"));
                }
            }
        }

        /// <summary>
        /// The backward pass, last layer first. ∂l/∂z{l} of a hidden layer is written at the start of
        /// that layer's section; for a gated activation (ReLU) each unit's work sits in an
        /// <c>if</c> on its gate, so an inactive unit costs one comparison, as in hand-written code.
        /// </summary>
        private static void Backward(SourceWriter w, NetworkSpec s, Sink sink, bool withInput)
        {
            int last = s.Layers.Count;
            for (int l = last; l >= 1; l--)
            {
                LayerSpec layer = s.Layers[l - 1];
                string a = l == 1 ? "x" : Invariant($"z{l - 1}");
                bool needAdjointAfter = l > 1 || withInput;
                w.Line(Invariant($"// layer {l} backward: {ActivationRules.BackwardFormula(layer.Activation, $"u{l}", $"z{l}")}"));
                if (ActivationRules.Gate(layer.Activation, "u", T(s)) is null)
                {
                    if (l < last)
                    {
                        w.Line(Invariant($"// ∂l/∂z{l} = ∂l/∂u{l + 1}·W{l + 1}ᵀ"));
                        for (int n = 0; n < layer.Units; n++)
                        {
                            w.Line(Invariant($"{T(s).Name} dz{l}_{n} = {PreviousAdjoint(s, l + 1, n)};"));
                        }
                    }

                    for (int n = 0; n < layer.Units; n++)
                    {
                        w.Line(Invariant($"{T(s).Name} du{l}_{n} = {ActivationRules.Backward(layer.Activation, $"dz{l}_{n}", $"u{l}_{n}", $"z{l}_{n}", T(s))};"));
                    }

                    w.Line(Invariant($"// ∂l/∂W{l} = {a}ᵀ·∂l/∂u{l}, ∂l/∂b{l} = ∂l/∂u{l}"));
                    for (int m = 0; m < layer.Inputs; m++)
                    {
                        for (int n = 0; n < layer.Units; n++)
                        {
                            Add(w, sink, Invariant($"g{Wt(l, m, n)}"), s.WeightOffset(l) + (m * layer.Units) + n, Invariant($"{A(l - 1, m)} * du{l}_{n}"));
                        }
                    }

                    for (int n = 0; n < layer.Units; n++)
                    {
                        Add(w, sink, Invariant($"gb{l}_{n}"), s.BiasOffset(l) + n, Invariant($"du{l}_{n}"));
                    }

                    continue;
                }

                w.Line(Invariant($"// for each active unit n ({ActivationRules.Gate(layer.Activation, $"u{l}_n", T(s))}): {(l < last ? $"∂l/∂z{l}_n = ∂l/∂u{l + 1}·W{l + 1}[n, ·]ᵀ, " : string.Empty)}∂l/∂W{l}[·, n] = {a}ᵀ·∂l/∂u{l}_n, ∂l/∂b{l}_n = ∂l/∂u{l}_n; inactive units pass nothing"));
                if (needAdjointAfter)
                {
                    for (int n = 0; n < layer.Units; n++)
                    {
                        w.Line(Invariant($"{T(s).Name} du{l}_{n} = {T(s).L("0.0")};"));
                    }
                }

                for (int n = 0; n < layer.Units; n++)
                {
                    w.Open(Invariant($"if ({ActivationRules.Gate(layer.Activation, $"u{l}_{n}", T(s))})"));
                    if (l < last)
                    {
                        w.Line(Invariant($"{T(s).Name} dz{l}_{n} = {PreviousAdjoint(s, l + 1, n)};"));
                    }

                    w.Line(Invariant($"{(needAdjointAfter ? string.Empty : T(s).Name + " ")}du{l}_{n} = dz{l}_{n};"));
                    for (int m = 0; m < layer.Inputs; m++)
                    {
                        Add(w, sink, Invariant($"g{Wt(l, m, n)}"), s.WeightOffset(l) + (m * layer.Units) + n, Invariant($"{A(l - 1, m)} * du{l}_{n}"));
                    }

                    Add(w, sink, Invariant($"gb{l}_{n}"), s.BiasOffset(l) + n, Invariant($"du{l}_{n}"));
                    w.Close();
                }
            }

            if (withInput && last > 0)
            {
                w.Line("// ∂l/∂x = ∂l/∂u1·W1ᵀ");
                for (int m = 0; m < s.Inputs; m++)
                {
                    w.Line(Invariant($"{T(s).Name} dx_{m} = {PreviousAdjoint(s, 1, m)};"));
                }
            }
        }

        /// <summary>∂l/∂a{l-1}_m = Σₙ ∂l/∂u{l}_n · W{l}[m, n].</summary>
        private static string PreviousAdjoint(NetworkSpec s, int l, int m) =>
            string.Join(" + ", Enumerable.Range(0, s.Layers[l - 1].Units).Select(n => Invariant($"du{l}_{n} * {Wt(l, m, n)}")));

        private static void Add(SourceWriter w, Sink sink, string local, int index, string value) =>
            w.Line(sink == Sink.Span
                ? Invariant($"gradient[{index}] += {value};")
                : Invariant($"{local} += {value};"));

        private static List<(string Local, int Index)> GradientLocals(NetworkSpec s)
        {
            var locals = new List<(string, int)>();
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                for (int m = 0; m < layer.Inputs; m++)
                {
                    for (int n = 0; n < layer.Units; n++)
                    {
                        locals.Add((Invariant($"g{Wt(l, m, n)}"), s.WeightOffset(l) + (m * layer.Units) + n));
                    }
                }

                for (int n = 0; n < layer.Units; n++)
                {
                    locals.Add((Invariant($"gb{l}_{n}"), s.BiasOffset(l) + n));
                }
            }

            return locals;
        }

        private static string Wt(int l, int m, int n) => Invariant($"w{l}_{m}_{n}");

        /// <summary>The activation a{l}_m feeding layer l + 1: x for l = 0.</summary>
        private static string A(int l, int m) => l == 0 ? Invariant($"x_{m}") : Invariant($"z{l}_{m}");

        private static string Y(NetworkSpec s, int k) => A(s.Layers.Count, k);

        private static string DY(NetworkSpec s, int k) => s.Layers.Count == 0 ? Invariant($"dx_{k}") : Invariant($"dz{s.Layers.Count}_{k}");
    }
}
