using System.Collections.Generic;
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
    /// The loop form for networks too large to unroll: u = x·W + b as one vector multiply-add per
    /// row of W (rows are contiguous in the row-major layout), activations and adjoints in loops
    /// over units, scratch on the stack. The same rules as the straight-line form, so the same math.
    /// </summary>
    private static class Loops
    {
        public static void Write(SourceWriter w, NetworkSpec s)
        {
            Docs.Forward(w, s);
            w.Open($"public void Forward({T(s).ReadOnlySpan} input, {T(s).Span} output)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"output\", output.Length, OutputCount);");
            NoOverlap(w, "output", "input", "_parameters");
            Scratch(w, s, adjoints: false);
            Propagate(w, s);
            w.Line($"{Y(s)}.CopyTo(output);");
            w.Close();

            WriteSampleMembers(w, s);
            WriteBatchMembers(w, s);
            if (s.Loss == LossKind.SoftmaxCrossEntropy)
            {
                WriteProbabilities(w, s);
            }

            WriteCore(w, s);
        }

        /// <summary>ComputeLoss and the two AccumulateGradient overloads: one sample each.</summary>
        private static void WriteSampleMembers(SourceWriter w, NetworkSpec s)
        {
            Docs.ComputeLoss(w, s);
            w.Open($"public {T(s).Name} ComputeLoss({T(s).ReadOnlySpan} input, {T(s).ReadOnlySpan} target)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"target\", target.Length, OutputCount);");
            Scratch(w, s, adjoints: false);
            Propagate(w, s);
            w.Line($"return LossAndAdjoint({Y(s)}, target, default);");
            w.Close();

            Docs.Accumulate(w, withInput: false);
            w.Open($"public {T(s).Name} AccumulateGradient({T(s).ReadOnlySpan} input, {T(s).ReadOnlySpan} target, {T(s).Span} gradient)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"target\", target.Length, OutputCount);");
            w.Line($"{Guard}.Length(\"gradient\", gradient.Length, ParameterCount);");
            NoOverlap(w, "gradient", "input", "target", "_parameters");
            DropoutKey(w, s);
            w.Line("return AccumulateCore(input, target, gradient, default);");
            w.Close();

            Docs.Accumulate(w, withInput: true);
            w.Open($"public {T(s).Name} AccumulateGradient({T(s).ReadOnlySpan} input, {T(s).ReadOnlySpan} target, {T(s).Span} gradient, {T(s).Span} inputGradient)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"target\", target.Length, OutputCount);");
            w.Line($"{Guard}.Length(\"gradient\", gradient.Length, ParameterCount);");
            w.Line($"{Guard}.Length(\"inputGradient\", inputGradient.Length, InputCount);");
            NoOverlap(w, "gradient", "input", "target", "_parameters");
            NoOverlap(w, "inputGradient", "input", "target", "_parameters", "gradient");
            DropoutKey(w, s);
            w.Line("return AccumulateCore(input, target, gradient, inputGradient);");
            w.Close();
        }

        /// <summary>Gradient over a batch, and the GradientRows core the threaded overload runs per part.</summary>
        private static void WriteBatchMembers(SourceWriter w, NetworkSpec s)
        {
            int layers = s.Layers.Count;
            Docs.Gradient(w);
            w.Open($"public {T(s).Name} Gradient({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient)");
            w.Line($"int count = {Guard}.Batch(inputs.Length, InputCount, targets.Length, OutputCount);");
            w.Line($"{Guard}.Length(\"gradient\", gradient.Length, ParameterCount);");
            NoOverlap(w, "gradient", "inputs", "targets", "_parameters");
            DropoutKey(w, s);
            w.Line($"return GradientRows(inputs, targets, gradient, {(layers == 0 ? "default" : "_scratch")}{FirstRowArgument(s, "0")});");
            w.Close();

            // The batch gradient of checked arguments, with the scratch given: the threaded overload runs it per part.
            w.Line();
            w.Open($"private {T(s).Name} GradientRows({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient, {T(s).Span} scratch{FirstRowParameter(s)})");
            w.Line("int count = inputs.Length / InputCount;");
            w.Line("gradient.Clear();");
            w.Line($"{T(s).Name} loss = {T(s).L("0.0")};");
            if (layers == 0)
            {
                w.Open("for (int k = 0; k < count; k++)");
                w.Line("loss += AccumulateCore(inputs.Slice(k * InputCount, InputCount), targets.Slice(k * OutputCount, OutputCount), gradient, default);");
                w.Close();
            }
            else
            {
                Blocks.WriteGradientBody(w, s);
            }

            w.Line("return loss;");
            w.Close();
        }

        private static void WriteProbabilities(SourceWriter w, NetworkSpec s)
        {
            Docs.Probabilities(w);
            w.Open($"public void Probabilities({T(s).ReadOnlySpan} input, {T(s).Span} probabilities)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"probabilities\", probabilities.Length, OutputCount);");
            NoOverlap(w, "probabilities", "input", "_parameters");
            Scratch(w, s, adjoints: false);
            Propagate(w, s);
            w.Line($"{T(s).ReadOnlySpan} y = {Y(s)};");
            MaxAndSum(w, s, "probabilities");
            w.Line("// softmax(y)ₖ = e^(yₖ − m) / Σⱼ e^(yⱼ − m)");
            w.Open("for (int k = 0; k < OutputCount; k++)");
            w.Line($"probabilities[k] = {LossRules.Probability("probabilities[k]", "sum")};");
            w.Close();
            w.Close();
        }

        /// <summary>AccumulateCore (one sample, arguments already checked: forward, loss, backward) and the private helpers it calls.</summary>
        private static void WriteCore(SourceWriter w, NetworkSpec s)
        {
            int layers = s.Layers.Count;
            w.Line();
            w.Open($"private {T(s).Name} AccumulateCore({T(s).ReadOnlySpan} input, {T(s).ReadOnlySpan} target, {T(s).Span} gradient, {T(s).Span} inputGradient)");
            Scratch(w, s, adjoints: true);
            for (int l = 1; l <= layers; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                if (layer.Dropout > 0)
                {
                    w.Line($"// dropout mask of layer {l} (training): 0 or 1/(1 − p) per unit, p = {Literal(layer.Dropout)}");
                    w.Line($"{RuntimeNames.Dropout}.Mask<{T(s).Name}>(m{l}, 1, {layer.Units}, _dropoutKey, 0, {s.FirstUnit(l)}, {Literal(layer.Dropout)}, {LayerRules.DropoutScale(layer.Dropout, s.Precision)});");
                }
            }

            Propagate(w, s);
            if (layers == 0)
            {
                w.Line($"return LossAndAdjoint(input, target, inputGradient);");
            }
            else
            {
                w.Line($"{T(s).Name} l = LossAndAdjoint({Y(s)}, target, dz{layers});");
                w.Line($"Backpropagate(input, {string.Join(", ", Enumerable.Range(1, layers).Select(l => Invariant($"u{l}, z{l}, dz{l}{ExtraBuffers(s, l, types: false)}")))}, gradient, inputGradient);");
                w.Line("return l;");
            }

            w.Close();

            WritePropagate(w, s);
            WriteLoss(w, s);
            if (layers > 0)
            {
                WriteBackpropagate(w, s);
                Blocks.WriteStorage(w, s);
                Blocks.WriteForwardBlock(w, s);
            }
        }

        private static void Scratch(SourceWriter w, NetworkSpec s, bool adjoints)
        {
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                int units = s.Layers[l - 1].Units;
                w.Line($"{T(s).Span} u{l} = stackalloc {T(s).Name}[{units}];");
                w.Line($"{T(s).Span} z{l} = stackalloc {T(s).Name}[{units}];");
                if (adjoints)
                {
                    w.Line($"{T(s).Span} dz{l} = stackalloc {T(s).Name}[{units}];");
                }

                LayerSpec layer = s.Layers[l - 1];
                if (layer.HasExtras)
                {
                    w.Line($"{T(s).Span} a{l} = stackalloc {T(s).Name}[{units}];");
                }

                if (layer.Norm)
                {
                    w.Line($"{T(s).Span} h{l} = stackalloc {T(s).Name}[{units}];");
                    w.Line($"{T(s).Span} inv{l} = stackalloc {T(s).Name}[1];");
                }

                if (layer.Dropout > 0)
                {
                    w.Line(adjoints ? Invariant($"{T(s).Span} m{l} = stackalloc {T(s).Name}[{units}];") : Invariant($"{T(s).Span} m{l} = default; // inference: no dropout"));
                }
            }
        }

        private static void Propagate(SourceWriter w, NetworkSpec s)
        {
            if (s.Layers.Count > 0)
            {
                w.Line($"Propagate(input, {string.Join(", ", Enumerable.Range(1, s.Layers.Count).Select(l => Invariant($"u{l}, z{l}{ExtraBuffers(s, l, types: false)}")))});");
            }
        }

        private static string Y(NetworkSpec s) => s.Layers.Count == 0 ? "input" : Out(s, s.Layers.Count);

        /// <summary>The output of layer l: x for l = 0, a{l} for a layer with extras, else z{l}.</summary>
        private static string Out(NetworkSpec s, int l) => l == 0 ? "x" : s.Layers[l - 1].HasExtras ? Invariant($"a{l}") : Invariant($"z{l}");

        /// <summary>", a{l}, h{l}, inv{l}, m{l}": the buffers of layer l's extras, as arguments or (with types) parameters.</summary>
        private static string ExtraBuffers(NetworkSpec s, int l, bool types, bool readOnly = false)
        {
            LayerSpec layer = s.Layers[l - 1];
            string span = types ? (readOnly ? T(s).ReadOnlySpan : T(s).Span) + " " : string.Empty;
            string text = string.Empty;
            if (layer.HasExtras)
            {
                text += Invariant($", {span}a{l}");
            }

            if (layer.Norm)
            {
                text += Invariant($", {span}h{l}, {span}inv{l}");
            }

            if (layer.Dropout > 0)
            {
                text += Invariant($", {(types ? T(s).ReadOnlySpan + " " : string.Empty)}m{l}");
            }

            return text;
        }

        private static void WritePropagate(SourceWriter w, NetworkSpec s)
        {
            if (s.Layers.Count == 0)
            {
                return;
            }

            w.Line();
            w.Line("// Forward pass of one sample: u{l} = a{l-1}·W{l} + b{l}, z{l} = f(u{l}).");
            w.Open($"private void Propagate({T(s).ReadOnlySpan} x, {string.Join(", ", Enumerable.Range(1, s.Layers.Count).Select(l => Invariant($"{T(s).Span} u{l}, {T(s).Span} z{l}{ExtraBuffers(s, l, types: true)}")))})");
            w.Line($"{T(s).ReadOnlySpan} p = _parameters;");
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                string a = Out(s, l - 1);
                w.Line($"// u{l} = {a}·W{l} + b{l}: {a}[m] times row m of W{l} summed from zero, then b{l} (as the batch path's matrix product does:");
                w.Line("// a large bias added last loses nothing of the small terms)");
                w.Line($"u{l}.Clear();");
                w.Open($"for (int m = 0; m < {layer.Inputs}; m++)");
                w.Line($"{Kernels}.MultiplyAdd(p.Slice({s.WeightOffset(l)} + (m * {layer.Units}), {layer.Units}), {a}[m], u{l});");
                w.Close();
                w.Line($"{Kernels}.MultiplyAdd(p.Slice({s.BiasOffset(l)}, {layer.Units}), {T(s).L("1.0")}, u{l});");
                w.Line($"// z{l} = {ActivationRules.ForwardFormula(layer.Activation, $"u{l}")}");
                w.Open($"for (int n = 0; n < {layer.Units}; n++)");
                w.Line($"z{l}[n] = {ActivationRules.Forward(layer.Activation, $"u{l}[n]", T(s))};");
                w.Close();
                if (layer.HasExtras)
                {
                    PropagateExtras(w, s, l, a);
                }
            }

            w.Close();
        }

        /// <summary>Layer l's extras of one sample: a{l} = z{l} (+ the layer's input), normalized in place, masked when a mask is given.</summary>
        private static void PropagateExtras(SourceWriter w, NetworkSpec s, int l, string input) =>
            RowExtras.Forward(w, s, l, input, input, Names(l), Invariant($"!m{l}.IsEmpty"), fillMask: null);

        /// <summary>One sample's buffers of layer l's extras (stack spans passed to Propagate and Backpropagate).</summary>
        private static RowExtras.Buffers Names(int l) =>
            new(Invariant($"a{l}"), Invariant($"h{l}"), Invariant($"inv{l}"), Invariant($"m{l}"), "1");

        /// <summary>m = maxₖ yₖ, and (with <paramref name="exponentials"/>) each e^(yₖ − m) written there once and summed.</summary>
        private static void MaxAndSum(SourceWriter w, NetworkSpec s, string? exponentials)
        {
            w.Line("// m = maxₖ yₖ; shifting by m keeps e^(yₖ − m) ≤ 1, so logits of ±1000 stay finite");
            w.Line($"{T(s).Name} m = y[0];");
            w.Open("for (int k = 1; k < OutputCount; k++)");
            w.Line($"m = {LossRules.Max("m", "y[k]", T(s))};");
            w.Close();
            w.Line($"{T(s).Name} sum = {T(s).L("0.0")};");
            if (exponentials is not null)
            {
                w.Open("for (int k = 0; k < OutputCount; k++)");
                w.Line($"{exponentials}[k] = {LossRules.ShiftedExp("y[k]", "m", T(s))};");
                w.Line($"sum += {exponentials}[k];");
                w.Close();
            }
        }

        internal static void WriteLoss(SourceWriter w, NetworkSpec s)
        {
            w.Line();
            w.Line("// " + LossRules.Formula(s.Loss) + "; writes " + LossRules.AdjointFormula(s.Loss) + " into dy unless it is empty.");
            w.Open($"private static {T(s).Name} LossAndAdjoint({T(s).ReadOnlySpan} y, {T(s).ReadOnlySpan} t, {T(s).Span} dy)");
            if (s.Loss == LossKind.HalfSquaredError)
            {
                w.Line($"{T(s).Name} l = {T(s).L("0.0")};");
                w.Open("for (int k = 0; k < OutputCount; k++)");
                w.Line($"{T(s).Name} e = {LossRules.Error("y[k]", "t[k]")};");
                w.Line($"l += {LossRules.SquaredErrorTerm("e")};");
                w.Open("if (!dy.IsEmpty)");
                w.Line($"dy[k] = {LossRules.SquaredErrorAdjoint("e")};");
                w.Close();
                w.Close();
                w.Line($"return {LossRules.SquaredErrorScale(T(s))} * l;");
            }
            else if (LossRules.ElementWise(s.Loss))
            {
                w.Line($"{T(s).Name} l = {T(s).L("0.0")};");
                w.Open("for (int k = 0; k < OutputCount; k++)");
                w.Line($"l += {LossRules.Term(s.Loss, "y[k]", "t[k]", T(s))};");
                w.Open("if (!dy.IsEmpty)");
                w.Line($"dy[k] = {LossRules.TermAdjoint(s.Loss, "y[k]", "t[k]", T(s))};");
                w.Close();
                w.Close();
                w.Line("return l;");
            }
            else
            {
                MaxAndSum(w, s, null);
                w.Line("// " + LossRules.LogSumFormula + "; each e^(yₖ − m) computed once");
                w.Line($"{T(s).Name} belowOne = {T(s).L("0.0")};");
                w.Line($"{T(s).Name} ones = {T(s).L("0.0")};");
                w.Line($"{T(s).Name} l = {T(s).L("0.0")};");
                w.Line($"{T(s).Name} sumT = {T(s).L("0.0")};");
                w.Open("for (int k = 0; k < OutputCount; k++)");
                w.Line($"{T(s).Name} s = {LossRules.ShiftedExp("y[k]", "m", T(s))};");
                w.Line("sum += s;");
                w.Open("if (!dy.IsEmpty)");
                w.Line("dy[k] = s;");
                w.Close();
                w.Line($"belowOne += {LossRules.BelowOne("s", T(s))};");
                w.Line($"ones += {LossRules.AtOne("s", T(s))};");
                w.Line($"l += {LossRules.CrossEntropyTerm("t[k]", "y[k]", "m")};");
                w.Line("sumT += t[k];");
                w.Close();
                w.Line($"l += {LossRules.CrossEntropyLogTerm("sumT", LossRules.LogSum(LossRules.Rest("belowOne", "ones", T(s)), T(s)))};");
                w.Open("if (!dy.IsEmpty)");
                w.Open("for (int k = 0; k < OutputCount; k++)");
                w.Line($"dy[k] = {LossRules.CrossEntropyAdjoint("dy[k]", "sum", "sumT", "t[k]")};");
                w.Close();
                w.Close();
                w.Line("return l;");
            }

            w.Close();
        }

        private static void WriteBackpropagate(SourceWriter w, NetworkSpec s)
        {
            int layers = s.Layers.Count;
            IEnumerable<string> buffers = Enumerable.Range(1, layers).Select(l => Invariant($"{T(s).ReadOnlySpan} u{l}, {T(s).ReadOnlySpan} z{l}, {T(s).Span} dz{l}{ExtraBuffers(s, l, types: true, readOnly: true)}"));
            w.Line();
            w.Line("// Backward pass of one sample from ∂l/∂y in dz{L}; each dz{l} is turned into ∂l/∂u{l} in place.");
            w.Open($"private void Backpropagate({T(s).ReadOnlySpan} x, {string.Join(", ", buffers)}, {T(s).Span} gradient, {T(s).Span} inputGradient)");
            w.Line($"{T(s).ReadOnlySpan} p = _parameters;");
            for (int l = layers; l >= 1; l--)
            {
                LayerSpec layer = s.Layers[l - 1];
                string a = Out(s, l - 1);
                if (layer.HasExtras)
                {
                    BackpropagateExtras(w, s, l);
                }

                w.Line($"// layer {l}: {ActivationRules.BackwardFormula(layer.Activation, $"u{l}", $"z{l}")}");
                string backward = ActivationRules.Backward(layer.Activation, $"dz{l}[n]", $"u{l}[n]", $"z{l}[n]", T(s));
                if (backward != Invariant($"dz{l}[n]")) // the identity's derivative is 1: dz is already ∂l/∂u
                {
                    w.Open($"for (int n = 0; n < {layer.Units}; n++)");
                    w.Line($"dz{l}[n] = {backward};");
                    w.Close();
                }
                w.Line($"// ∂l/∂W{l} += {a}ᵀ·∂l/∂u{l} (row m += {a}[m]·∂l/∂u{l}), ∂l/∂b{l} += ∂l/∂u{l}");
                w.Open($"for (int m = 0; m < {layer.Inputs}; m++)");
                w.Line($"{Kernels}.MultiplyAdd(dz{l}, {a}[m], gradient.Slice({s.WeightOffset(l)} + (m * {layer.Units}), {layer.Units}));");
                w.Close();
                w.Line($"{Kernels}.MultiplyAdd(dz{l}, {T(s).L("1.0")}, gradient.Slice({s.BiasOffset(l)}, {layer.Units}));");
                string target = l == 1 ? "inputGradient" : Invariant($"dz{l - 1}");
                w.Line($"// ∂l/∂{a} = ∂l/∂u{l}·W{l}ᵀ: one dot product per row of W{l}");
                if (l == 1)
                {
                    w.Open("if (!inputGradient.IsEmpty)");
                }

                w.Open($"for (int m = 0; m < {layer.Inputs}; m++)");
                w.Line($"{target}[m] {(layer.Residual ? "+=" : "=")} {Kernels}.Dot(p.Slice({s.WeightOffset(l)} + (m * {layer.Units}), {layer.Units}), dz{l});");
                w.Close();
                if (l == 1)
                {
                    w.Close();
                }
            }

            w.Close();
        }

        /// <summary>Layer l's extras backward, in place on dz{l}: from ∂l/∂a{l} to ∂l/∂z{l}; a residual's ∂l/∂r{l} is copied to the input's adjoint first.</summary>
        private static void BackpropagateExtras(SourceWriter w, NetworkSpec s, int l)
        {
            w.Line($"// dz{l} holds ∂l/∂a{l}; back through the layer's extras to ∂l/∂z{l}");
            RowExtras.Backward(w, s, l, Invariant($"dz{l}"), Names(l), l == 1 ? "inputGradient" : Invariant($"dz{l - 1}"), l == 1 ? "!inputGradient.IsEmpty" : null);
        }
    }
}
