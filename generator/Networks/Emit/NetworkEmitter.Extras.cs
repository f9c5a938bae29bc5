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
    /// The straight-line form of the layer extras (<see cref="LayerRules"/>): after z{l} = f(u{l}) come
    /// the residual r{l} = a{l−1} + z{l}, the layer norm n{l} and the dropout q{l}, in that order; the
    /// last of them is named a{l}, the layer's output. Backward, the same stages in reverse.
    /// </summary>
    private static partial class StraightLine
    {
        private enum StageKind
        {
            Residual,
            Norm,
            Dropout,
        }

        /// <summary>One extra of layer l: its input's and its output's names (per unit: name_n).</summary>
        private readonly record struct Stage(StageKind Kind, string In, string Out);

        /// <summary>The extras of layer l in order; dropout only in training.</summary>
        private static List<Stage> Stages(LayerSpec layer, int l, bool training)
        {
            var kinds = new List<(StageKind Kind, string Name)>();
            if (layer.Residual)
            {
                kinds.Add((StageKind.Residual, Invariant($"r{l}")));
            }

            if (layer.Norm)
            {
                kinds.Add((StageKind.Norm, Invariant($"n{l}")));
            }

            if (layer.Dropout > 0 && training)
            {
                kinds.Add((StageKind.Dropout, Invariant($"q{l}")));
            }

            var stages = new List<Stage>();
            string input = Invariant($"z{l}");
            for (int i = 0; i < kinds.Count; i++)
            {
                string output = i == kinds.Count - 1 ? Invariant($"a{l}") : kinds[i].Name;
                stages.Add(new Stage(kinds[i].Kind, input, output));
                input = output;
            }

            return stages;
        }

        /// <summary>∂l/∂r{l}_m of a residual layer l (the adjoint of the residual stage's output), which also flows to a{l−1}_m.</summary>
        private static string ResidualAdjoint(NetworkSpec s, int l, int m) =>
            Invariant($"d{Stages(s.Layers[l - 1], l, training: true)[0].Out}_{m}");

        /// <summary>The extras of layer l forward; <paramref name="trainingRow"/> is null in inference (no dropout).</summary>
        private static void ExtrasForward(SourceWriter w, NetworkSpec s, ComputeType v, int l, string? trainingRow)
        {
            LayerSpec layer = s.Layers[l - 1];
            int units = layer.Units;
            List<Stage> stages = Stages(layer, l, trainingRow is not null);
            if (stages.Count == 0)
            {
                w.Line($"// dropout is off in inference: a{l} = z{l}");
                for (int n = 0; n < units; n++)
                {
                    w.Line($"{v.Declare} a{l}_{n} = z{l}_{n};");
                }

                return;
            }

            foreach (Stage stage in stages)
            {
                switch (stage.Kind)
                {
                    case StageKind.Residual:
                        w.Line($"// {stage.Out} = {AName(s, l - 1)} + {stage.In}: {LayerRules.ResidualFormula}");
                        for (int n = 0; n < units; n++)
                        {
                            w.Line($"{v.Declare} {stage.Out}_{n} = {A(s, l - 1, n)} + {stage.In}_{n};");
                        }

                        break;
                    case StageKind.Norm:
                        string count = v.L(Literal(units));
                        w.Line($"// {stage.Out} = LayerNorm({stage.In})·γ{l} + β{l}; {LayerRules.NormFormula}");
                        w.Line($"{v.Declare} mu{l} = ({string.Join(" + ", Enumerable.Range(0, units).Select(n => Invariant($"{stage.In}_{n}")))}) / {count};");
                        for (int n = 0; n < units; n++)
                        {
                            w.Line($"{v.Declare} c{l}_{n} = {stage.In}_{n} - mu{l};");
                        }

                        string squares = v.SumOfProducts(Enumerable.Range(0, units).Select(n => (Invariant($"c{l}_{n}"), Invariant($"c{l}_{n}"))).ToList(), addend: null);
                        string sqrt = v.IsLanes ? Invariant($"{v.VectorClass}.Sqrt") : Invariant($"{v.Math}.Sqrt");
                        w.Line($"{v.Declare} inv{l} = {v.L("1.0")} / {sqrt}(({squares}) / {count} + {v.L(Literal(LayerRules.NormEpsilon))});");
                        for (int n = 0; n < units; n++)
                        {
                            w.Line($"{v.Declare} h{l}_{n} = c{l}_{n} * inv{l};");
                        }

                        for (int n = 0; n < units; n++)
                        {
                            w.Line($"{v.Declare} {stage.Out}_{n} = h{l}_{n} * gm{l}_{n} + bt{l}_{n};");
                        }

                        break;
                    default:
                        w.Line($"// {stage.Out} = {stage.In}·m{l}, p = {Literal(layer.Dropout)}; {LayerRules.DropoutFormula}");
                        string scale = v.IsLanes ? v.Broadcast(LayerRules.DropoutScale(layer.Dropout, s.Precision)) : LayerRules.DropoutScale(layer.Dropout, s.Precision);
                        for (int n = 0; n < units; n++)
                        {
                            w.Line($"{v.Declare} m{l}_{n} = {RuntimeNames.Dropout}.Scale(_dropoutKey, {trainingRow}, {s.FirstUnit(l) + n}, {Literal(layer.Dropout)}, {scale});");
                        }

                        for (int n = 0; n < units; n++)
                        {
                            w.Line($"{v.Declare} {stage.Out}_{n} = {stage.In}_{n} * m{l}_{n};");
                        }

                        break;
                }
            }
        }

        /// <summary>From ∂l/∂a{l} (da{l}_n, declared) back through the extras to ∂l/∂z{l} (dz{l}_n), with ∂l/∂γ and ∂l/∂β.</summary>
        private static void ExtrasBackward(SourceWriter w, NetworkSpec s, ComputeType v, int l, Sink sink)
        {
            LayerSpec layer = s.Layers[l - 1];
            int units = layer.Units;
            List<Stage> stages = Stages(layer, l, training: true);
            for (int i = stages.Count - 1; i >= 0; i--)
            {
                Stage stage = stages[i];
                switch (stage.Kind)
                {
                    case StageKind.Residual:
                        w.Line($"// residual backward: ∂l/∂{stage.In} = ∂l/∂{stage.Out}, which also flows to the layer's input");
                        for (int n = 0; n < units; n++)
                        {
                            w.Line($"{v.Declare} d{stage.In}_{n} = d{stage.Out}_{n};");
                        }

                        break;
                    case StageKind.Norm:
                        string count = v.L(Literal(units));
                        w.Line("// " + LayerRules.NormBackwardFormula);
                        for (int n = 0; n < units; n++)
                        {
                            Add(w, v, sink, Invariant($"ggm{l}_{n}"), s.NormOffset(l) + n, Invariant($"d{stage.Out}_{n}"), Invariant($"h{l}_{n}"));
                            Add(w, v, sink, Invariant($"gbt{l}_{n}"), s.NormOffset(l) + units + n, Invariant($"d{stage.Out}_{n}"), null);
                        }

                        for (int n = 0; n < units; n++)
                        {
                            w.Line($"{v.Declare} e{l}_{n} = d{stage.Out}_{n} * gm{l}_{n};");
                        }

                        w.Line($"{v.Declare} me{l} = ({string.Join(" + ", Enumerable.Range(0, units).Select(n => Invariant($"e{l}_{n}")))}) / {count};");
                        w.Line($"{v.Declare} meh{l} = ({v.SumOfProducts(Enumerable.Range(0, units).Select(n => (Invariant($"e{l}_{n}"), Invariant($"h{l}_{n}"))).ToList(), addend: null)}) / {count};");
                        for (int n = 0; n < units; n++)
                        {
                            w.Line($"{v.Declare} d{stage.In}_{n} = inv{l} * (e{l}_{n} - me{l} - h{l}_{n} * meh{l});");
                        }

                        break;
                    default:
                        w.Line("// " + LayerRules.DropoutBackwardFormula);
                        for (int n = 0; n < units; n++)
                        {
                            w.Line($"{v.Declare} d{stage.In}_{n} = d{stage.Out}_{n} * m{l}_{n};");
                        }

                        break;
                }
            }
        }

        /// <summary>γ{l} and β{l} of a layer with a norm, into locals gm{l}_n and bt{l}_n.</summary>
        private static void LoadNormLocals(SourceWriter w, NetworkSpec s, ComputeType v, int l)
        {
            LayerSpec layer = s.Layers[l - 1];
            if (!layer.Norm)
            {
                return;
            }

            w.Line($"// γ{l}, β{l}: {layer.Units} each");
            for (int n = 0; n < layer.Units; n++)
            {
                w.Line($"{v.Declare} gm{l}_{n} = {v.Broadcast(Invariant($"p[{s.NormOffset(l) + n}]"))};");
            }

            for (int n = 0; n < layer.Units; n++)
            {
                w.Line($"{v.Declare} bt{l}_{n} = {v.Broadcast(Invariant($"p[{s.NormOffset(l) + layer.Units + n}]"))};");
            }
        }

        /// <summary>The gradient locals of γ{l} and β{l}.</summary>
        private static void NormGradientLocals(NetworkSpec s, int l, List<(string Local, int Index)> locals)
        {
            LayerSpec layer = s.Layers[l - 1];
            if (!layer.Norm)
            {
                return;
            }

            for (int n = 0; n < layer.Units; n++)
            {
                locals.Add((Invariant($"ggm{l}_{n}"), s.NormOffset(l) + n));
            }

            for (int n = 0; n < layer.Units; n++)
            {
                locals.Add((Invariant($"gbt{l}_{n}"), s.NormOffset(l) + layer.Units + n));
            }
        }
    }

    /// <summary>
    /// The layer extras over rows, as the loop form (one row, stack buffers) and blocks (BlockRows rows,
    /// instance scratch) both call them: the runtime's <c>Layers</c> and <c>Dropout</c> on the buffers each
    /// form names. One description of the calls, two sets of names.
    /// </summary>
    private static class RowExtras
    {
        /// <summary>The buffers of layer l's extras in a form: its output a, h and inv (norm), the mask (dropout), the row count, and p (the parameters).</summary>
        public readonly record struct Buffers(string Output, string Normalized, string Inverse, string Mask, string Rows);

        /// <summary>a{l} = z{l} (+ the layer's input), normalized in place; then, when <paramref name="maskGuard"/> holds (training), multiplied by the mask.</summary>
        public static void Forward(SourceWriter w, NetworkSpec s, int l, string input, string inputName, Buffers b, string maskGuard, System.Action? fillMask)
        {
            LayerSpec layer = s.Layers[l - 1];
            int units = layer.Units;
            string t = T(s).Name;
            if (layer.Residual)
            {
                w.Line($"// {b.Output} = {inputName} + z{l}: {LayerRules.ResidualFormula}");
                w.Line($"{RuntimeNames.Layers}.Add<{t}>({input}, z{l}, {b.Output});");
            }
            else
            {
                w.Line($"z{l}.CopyTo({b.Output});");
            }

            if (layer.Norm)
            {
                w.Line($"// {b.Output} = LayerNorm({b.Output})·γ{l} + β{l}, in place; {LayerRules.NormFormula}");
                w.Line($"{RuntimeNames.Layers}.NormForward<{t}>({b.Output}, p.Slice({s.NormOffset(l)}, {units}), p.Slice({s.NormOffset(l) + units}, {units}), {b.Normalized}, {b.Inverse}, {b.Output}, {b.Rows});");
            }

            if (layer.Dropout > 0)
            {
                w.Line($"// {LayerRules.DropoutFormula}; p = {Literal(layer.Dropout)}");
                w.Open($"if ({maskGuard})");
                fillMask?.Invoke();
                w.Line($"{RuntimeNames.Layers}.Multiply<{t}>({b.Output}, {b.Mask}, {b.Output});");
                w.Close();
            }
        }

        /// <summary>In place on <paramref name="d"/>: from ∂L/∂a{l} back through dropout and norm to ∂L/∂r{l}; a residual's ∂L/∂r{l} is copied to <paramref name="inputAdjoint"/> first (the product that follows adds to it).</summary>
        public static void Backward(SourceWriter w, NetworkSpec s, int l, string d, Buffers b, string? inputAdjoint, string? inputGuard)
        {
            LayerSpec layer = s.Layers[l - 1];
            int units = layer.Units;
            string t = T(s).Name;
            if (layer.Dropout > 0)
            {
                w.Line("// " + LayerRules.DropoutBackwardFormula);
                w.Line($"{RuntimeNames.Layers}.Multiply<{t}>({d}, {b.Mask}, {d});");
            }

            if (layer.Norm)
            {
                w.Line("// " + LayerRules.NormBackwardFormula);
                w.Line($"{RuntimeNames.Layers}.NormBackward<{t}>({d}, {b.Normalized}, {b.Inverse}, p.Slice({s.NormOffset(l)}, {units}), gradient.Slice({s.NormOffset(l)}, {units}), gradient.Slice({s.NormOffset(l) + units}, {units}), {b.Rows});");
            }

            if (layer.Residual && inputAdjoint is not null)
            {
                w.Line($"// residual backward: ∂L/∂z{l} = ∂L/∂r{l}, which also flows to the layer's input (the product below adds to it)");
                if (inputGuard is not null)
                {
                    w.Open($"if ({inputGuard})");
                }

                w.Line($"{d}.CopyTo({inputAdjoint});");
                if (inputGuard is not null)
                {
                    w.Close();
                }
            }
        }
    }
}
