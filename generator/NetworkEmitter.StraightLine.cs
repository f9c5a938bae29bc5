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
            if (s.Loss == LossKind.SoftmaxCrossEntropy)
            {
                WriteProbabilities(w, s);
            }
        }

        private static void WriteForward(SourceWriter w, NetworkSpec s)
        {
            Docs.Forward(w, s);
            w.Open(Invariant($"public void Forward({ReadOnlySpan} input, {Span} output)"));
            w.Line(Invariant($"{Guard}.Length(nameof(input), input.Length, InputCount);"));
            w.Line(Invariant($"{Guard}.Length(nameof(output), output.Length, OutputCount);"));
            NoOverlap(w, "output", "input", "_parameters");
            LoadParameters(w, s);
            LoadVector(w, "x", "input", s.Inputs, "x = input");
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
            w.Open(Invariant($"public double ComputeLoss({ReadOnlySpan} input, {ReadOnlySpan} target)"));
            w.Line(Invariant($"{Guard}.Length(nameof(input), input.Length, InputCount);"));
            w.Line(Invariant($"{Guard}.Length(nameof(target), target.Length, OutputCount);"));
            LoadParameters(w, s);
            LoadVector(w, "x", "input", s.Inputs, "x = input");
            LoadVector(w, "t", "target", s.Outputs, "t = target");
            ForwardLayers(w, s);
            Loss(w, s, adjoint: false);
            w.Line("return l;");
            w.Close();
        }

        private static void WriteAccumulate(SourceWriter w, NetworkSpec s, bool withInput)
        {
            Docs.Accumulate(w, withInput);
            w.Open(withInput
                ? Invariant($"public double AccumulateGradient({ReadOnlySpan} input, {ReadOnlySpan} target, {Span} gradient, {Span} inputGradient)")
                : Invariant($"public double AccumulateGradient({ReadOnlySpan} input, {ReadOnlySpan} target, {Span} gradient)"));
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
            LoadVector(w, "x", "input", s.Inputs, "x = input");
            LoadVector(w, "t", "target", s.Outputs, "t = target");
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
            w.Open(Invariant($"public double Gradient({ReadOnlySpan} inputs, {ReadOnlySpan} targets, {Span} gradient)"));
            w.Line(Invariant($"int count = {Guard}.Batch(inputs.Length, InputCount, targets.Length, OutputCount);"));
            w.Line(Invariant($"{Guard}.Length(nameof(gradient), gradient.Length, ParameterCount);"));
            NoOverlap(w, "gradient", "inputs", "targets", "_parameters");
            LoadParameters(w, s);
            List<(string Local, int Index)> sinks = GradientLocals(s);
            if (sinks.Count > 0)
            {
                w.Line("// Σₖ ∂lₖ/∂θ, summed in locals and written once after the loop");
                foreach ((string local, _) in sinks)
                {
                    w.Line(Invariant($"double {local} = 0.0;"));
                }
            }

            w.Line("double loss = 0.0;");
            w.Open("for (int k = 0; k < count; k++)");
            // Indexing the rows directly measured 3–8 % faster on the assignment net than slicing a span per row.
            w.Line("// row k: inputs[k·InputCount …], targets[k·OutputCount …]");
            w.Line("int xk = k * InputCount;");
            w.Line("int tk = k * OutputCount;");
            LoadVector(w, "x", "inputs", s.Inputs, "x = inputs[k]", offset: "xk");
            LoadVector(w, "t", "targets", s.Outputs, "t = targets[k]", offset: "tk");
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
            w.Open(Invariant($"public void Probabilities({ReadOnlySpan} input, {Span} probabilities)"));
            w.Line(Invariant($"{Guard}.Length(nameof(input), input.Length, InputCount);"));
            w.Line(Invariant($"{Guard}.Length(nameof(probabilities), probabilities.Length, OutputCount);"));
            NoOverlap(w, "probabilities", "input", "_parameters");
            LoadParameters(w, s);
            LoadVector(w, "x", "input", s.Inputs, "x = input");
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
            w.Line(Invariant($"{ReadOnlySpan} p = _parameters;"));
            w.Line(Invariant($"{Guard}.Length(nameof(_parameters), p.Length, ParameterCount);"));
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                w.Line(Invariant($"// W{l}: {layer.Inputs}×{layer.Units}, row-major; b{l}: {layer.Units}"));
                for (int m = 0; m < layer.Inputs; m++)
                {
                    for (int n = 0; n < layer.Units; n++)
                    {
                        w.Line(Invariant($"double {Wt(l, m, n)} = p[{s.WeightOffset(l) + (m * layer.Units) + n}];"));
                    }
                }

                for (int n = 0; n < layer.Units; n++)
                {
                    w.Line(Invariant($"double b{l}_{n} = p[{s.BiasOffset(l) + n}];"));
                }
            }
        }

        /// <summary>Reads <paramref name="count"/> doubles into locals, from <paramref name="span"/>[0…] or [<paramref name="offset"/> + 0…].</summary>
        private static void LoadVector(SourceWriter w, string name, string span, int count, string comment, string? offset = null)
        {
            w.Line("// " + comment);
            for (int i = 0; i < count; i++)
            {
                string index = offset is null ? Invariant($"{i}") : i == 0 ? offset : Invariant($"{offset} + {i}");
                w.Line(Invariant($"double {name}_{i} = {span}[{index}];"));
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
                    w.Line(Invariant($"double u{l}_{n} = {string.Join(" + ", terms)} + b{l}_{n};"));
                }

                w.Line(Invariant($"// z{l} = {ActivationRules.ForwardFormula(layer.Activation, $"u{l}")}"));
                for (int n = 0; n < layer.Units; n++)
                {
                    w.Line(Invariant($"double z{l}_{n} = {ActivationRules.Forward(layer.Activation, $"u{l}_{n}")};"));
                }
            }
        }

        private static void SoftmaxSums(SourceWriter w, NetworkSpec s)
        {
            w.Line("// m = maxₖ yₖ; shifting by m keeps e^(yₖ − m) ≤ 1, so logits of ±1000 stay finite");
            w.Line(Invariant($"double m = {Y(s, 0)};"));
            for (int k = 1; k < s.Outputs; k++)
            {
                w.Line(Invariant($"m = {LossRules.Max("m", Y(s, k))};"));
            }

            for (int k = 0; k < s.Outputs; k++)
            {
                w.Line(Invariant($"double s_{k} = {LossRules.ShiftedExp(Y(s, k), "m")};"));
            }

            w.Line(Invariant($"double sum = {string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => Invariant($"s_{k}")))};"));
        }

        private static void Loss(SourceWriter w, NetworkSpec s, bool adjoint)
        {
            w.Line("// " + LossRules.Formula(s.Loss));
            if (s.Loss == LossKind.HalfSquaredError)
            {
                for (int k = 0; k < s.Outputs; k++)
                {
                    w.Line(Invariant($"double e_{k} = {LossRules.Error(Y(s, k), $"t_{k}")};"));
                }

                string terms = string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => LossRules.SquaredErrorTerm(Invariant($"e_{k}"))));
                w.Line(Invariant($"double l = {LossRules.SquaredErrorScale} * ({terms});"));
                if (adjoint)
                {
                    w.Line("// " + LossRules.AdjointFormula(s.Loss));
                    for (int k = 0; k < s.Outputs; k++)
                    {
                        w.Line(Invariant($"double {DY(s, k)} = {LossRules.SquaredErrorAdjoint($"e_{k}")};"));
                    }
                }

                return;
            }

            SoftmaxSums(w, s);
            w.Line("// " + LossRules.LogSumFormula);
            w.Line(Invariant($"double ones = {string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => "(" + LossRules.AtOne(Invariant($"s_{k}")) + ")"))};"));
            w.Line(Invariant($"double rest = {LossRules.Rest(string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => "(" + LossRules.BelowOne(Invariant($"s_{k}")) + ")")), "ones")};"));
            w.Line(Invariant($"double logS = {LossRules.LogSum("rest")};"));
            w.Line(Invariant($"double sumT = {string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => Invariant($"t_{k}")))};"));
            string ceTerms = string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => LossRules.CrossEntropyTerm(Invariant($"t_{k}"), Y(s, k), "m")));
            w.Line(Invariant($"double l = {ceTerms} + {LossRules.CrossEntropyLogTerm("sumT", "logS")};"));
            if (adjoint)
            {
                w.Line("// " + LossRules.AdjointFormula(s.Loss));
                for (int k = 0; k < s.Outputs; k++)
                {
                    w.Line(Invariant($"double {DY(s, k)} = {LossRules.CrossEntropyAdjoint($"s_{k}", "sum", "sumT", $"t_{k}")};"));
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
                if (ActivationRules.Gate(layer.Activation, "u") is null)
                {
                    if (l < last)
                    {
                        w.Line(Invariant($"// ∂l/∂z{l} = ∂l/∂u{l + 1}·W{l + 1}ᵀ"));
                        for (int n = 0; n < layer.Units; n++)
                        {
                            w.Line(Invariant($"double dz{l}_{n} = {PreviousAdjoint(s, l + 1, n)};"));
                        }
                    }

                    for (int n = 0; n < layer.Units; n++)
                    {
                        w.Line(Invariant($"double du{l}_{n} = {ActivationRules.Backward(layer.Activation, $"dz{l}_{n}", $"u{l}_{n}", $"z{l}_{n}")};"));
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

                w.Line(Invariant($"// for each active unit n ({ActivationRules.Gate(layer.Activation, $"u{l}_n")}): {(l < last ? $"∂l/∂z{l}_n = ∂l/∂u{l + 1}·W{l + 1}[n, ·]ᵀ, " : string.Empty)}∂l/∂W{l}[·, n] = {a}ᵀ·∂l/∂u{l}_n, ∂l/∂b{l}_n = ∂l/∂u{l}_n; inactive units pass nothing"));
                if (needAdjointAfter)
                {
                    for (int n = 0; n < layer.Units; n++)
                    {
                        w.Line(Invariant($"double du{l}_{n} = 0.0;"));
                    }
                }

                for (int n = 0; n < layer.Units; n++)
                {
                    w.Open(Invariant($"if ({ActivationRules.Gate(layer.Activation, $"u{l}_{n}")})"));
                    if (l < last)
                    {
                        w.Line(Invariant($"double dz{l}_{n} = {PreviousAdjoint(s, l + 1, n)};"));
                    }

                    w.Line(Invariant($"{(needAdjointAfter ? string.Empty : "double ")}du{l}_{n} = dz{l}_{n};"));
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
                    w.Line(Invariant($"double dx_{m} = {PreviousAdjoint(s, 1, m)};"));
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
