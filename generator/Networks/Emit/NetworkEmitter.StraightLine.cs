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
    /// The straight-line form: every parameter read into a local once, every unit's pre-activation,
    /// activation and adjoint its own statement, no loops except over the samples of a batch.
    /// Names follow the math: x_m, u1_n, z1_n, w1_m_n, b1_n, dz1_n, du1_n, t_k.
    /// </summary>
    private static partial class StraightLine
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
            if (!BatchByBlocks(s) && !s.HasDropout)
            {
                w.Line();
                w.Line("// The batch gradient of some rows for the threaded overload (straight-line code needs no scratch).");
                w.Line($"private {T(s).Name} GradientRows({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient, {T(s).Span} scratch) => Gradient(inputs, targets, gradient);");
            }
            if (s.Loss == LossKind.SoftmaxCrossEntropy)
            {
                WriteProbabilities(w, s);
            }
        }

        private static void WriteForward(SourceWriter w, NetworkSpec s)
        {
            Docs.Forward(w, s);
            w.Open($"public void Forward({T(s).ReadOnlySpan} input, {T(s).Span} output)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"output\", output.Length, OutputCount);");
            NoOverlap(w, "output", "input", "_parameters");
            LoadParameters(w, s);
            LoadVector(w, T(s), "x", "input", s.Inputs, "x = input");
            ForwardLayers(w, s, T(s));
            w.Line("// output = y");
            for (int k = 0; k < s.Outputs; k++)
            {
                w.Line($"output[{k}] = {Y(s, k)};");
            }

            w.Close();
        }

        private static void WriteComputeLoss(SourceWriter w, NetworkSpec s)
        {
            Docs.ComputeLoss(w, s);
            w.Open($"public {T(s).Name} ComputeLoss({T(s).ReadOnlySpan} input, {T(s).ReadOnlySpan} target)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"target\", target.Length, OutputCount);");
            LoadParameters(w, s);
            LoadVector(w, T(s), "x", "input", s.Inputs, "x = input");
            LoadVector(w, T(s), "t", "target", s.Outputs, "t = target");
            ForwardLayers(w, s, T(s));
            Loss(w, s, T(s), adjoint: false);
            w.Line("return l;");
            w.Close();
        }

        private static void WriteAccumulate(SourceWriter w, NetworkSpec s, bool withInput)
        {
            Docs.Accumulate(w, withInput);
            w.Open(withInput
                ? Invariant($"public {T(s).Name} AccumulateGradient({T(s).ReadOnlySpan} input, {T(s).ReadOnlySpan} target, {T(s).Span} gradient, {T(s).Span} inputGradient)")
                : Invariant($"public {T(s).Name} AccumulateGradient({T(s).ReadOnlySpan} input, {T(s).ReadOnlySpan} target, {T(s).Span} gradient)"));
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

            DropoutKey(w, s);

            LoadParameters(w, s);
            LoadVector(w, T(s), "x", "input", s.Inputs, "x = input");
            LoadVector(w, T(s), "t", "target", s.Outputs, "t = target");
            ForwardLayers(w, s, T(s), "0", withInput);
            Loss(w, s, T(s), adjoint: true);
            Backward(w, s, T(s), Sink.Span, withInput);
            if (withInput)
            {
                w.Line("// inputGradient = ∂l/∂x");
                for (int m = 0; m < s.Inputs; m++)
                {
                    w.Line($"inputGradient[{m}] = dx_{m};");
                }
            }

            w.Line("return l;");
            w.Close();
        }

        private static void WriteGradient(SourceWriter w, NetworkSpec s)
        {
            Docs.Gradient(w);
            w.Open($"public {T(s).Name} Gradient({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient)");
            w.Line($"int count = {Guard}.Batch(inputs.Length, InputCount, targets.Length, OutputCount);");
            w.Line($"{Guard}.Length(\"gradient\", gradient.Length, ParameterCount);");
            NoOverlap(w, "gradient", "inputs", "targets", "_parameters");
            DropoutKey(w, s);

            if (BatchByBlocks(s))
            {
                // Large enough that blocks of rows as matrix products beat unrolled rows (measured).
                w.Line($"return GradientRows(inputs, targets, gradient, _scratch{FirstRowArgument(s, "0")});");
                w.Close();
                w.Line();
                w.Open($"private {T(s).Name} GradientRows({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient, {T(s).Span} scratch{FirstRowParameter(s)})");
                w.Line("int count = inputs.Length / InputCount;");
                w.Line("gradient.Clear();");
                w.Line($"{T(s).Name} loss = {T(s).L("0.0")};");
                Blocks.WriteGradientBody(w, s);
                w.Line("return loss;");
                w.Close();
                Loops.WriteLoss(w, s);
                Blocks.WriteStorage(w, s);
                Blocks.WriteForwardBlock(w, s);
                return;
            }

            if (s.Layers.Count == 0)
            {
                // No parameters: the loss alone, row by row.
                w.Line($"{T(s).Name} loss = {T(s).L("0.0")};");
                w.Line("int k = 0;");
                w.Open("for (; k < count; k++)");
                GradientRow(w, s, T(s));
                w.Line("loss += l;");
                w.Close();
                w.Line("return loss;");
                w.Close();
                return;
            }

            if (s.HasDropout)
            {
                // The rows' work is in GradientRows, which the threaded overload also runs per part with its first row (which keys the masks).
                w.Line("return GradientRows(inputs, targets, gradient, default, 0);");
                w.Close();
                w.Line();
                w.Open($"private {T(s).Name} GradientRows({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient, {T(s).Span} scratch, int firstRow)");
                w.Line("int count = inputs.Length / InputCount;");
            }

            w.Line($"// {Wide(s).Count} rows or more: {Wide(s).Count} (or {Narrow(s).Count}) rows at a time, one per vector lane");
            w.Open($"if ({UseLanes(s)})");
            w.Line($"return GradientLanes(inputs, targets, gradient, count{FirstRowArgument(s, "firstRow")});");
            w.Close();
            List<(string Local, int Index)> sinks = GradientSums(w, s);
            GradientLoop(w, s, T(s), sinks);
            WriteSums(w, sinks);
            w.Close();

            w.Line();
            w.Line($"// Gradient for {Wide(s).Count} rows or more: {LanesComment(s, "then the rest one at a time.")}");
            w.Line("// Each part is its own method: the JIT compiles a method past its size limits without optimizing it.");
            w.Open($"private {T(s).Name} GradientLanes({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient, int count{FirstRowParameter(s)})");
            w.Line("int k = 0;");
            string rest = FirstRowArgument(s, "firstRow");
            w.Line($"{T(s).Name} loss = {Wide(s).VectorClass}.IsHardwareAccelerated ? {LanesPart(Wide(s))}(inputs, targets, gradient, count, ref k{rest}) : {LanesPart(Narrow(s))}(inputs, targets, gradient, count, ref k{rest});");
            w.Open("if (k < count)");
            w.Line($"loss += {LanesPart(T(s))}(inputs, targets, gradient, count, k{rest});");
            w.Close();
            w.Line("return loss;");
            w.Close();
            foreach (ComputeType v in new[] { Wide(s), Narrow(s), T(s) })
            {
                w.Line();
                w.Line(v.IsLanes
                    ? Invariant($"// Rows k, k + {v.Count}, … in {v.Count} lanes while {v.Count} are left (lane j of each vector below holds row k + j): gradient = Σ over them, and their loss; k moves past them.")
                    : "// The rows from k one at a time: gradient += Σ over them, and their loss.");
                w.Open($"private {T(s).Name} {LanesPart(v)}({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, {T(s).Span} gradient, int count, {(v.IsLanes ? "ref int k" : "int k")}{FirstRowParameter(s)})");
                sinks = GradientSums(w, s, declareK: false);
                GradientLoop(w, s, v, sinks);
                WriteSums(w, sinks, add: !v.IsLanes);
                w.Close();
            }
        }

        /// <summary>The name of the lanes gradient's part in <paramref name="v"/>: <c>GradientLanes512</c>, <c>GradientLanes256</c>, <c>GradientLanesRest</c>.</summary>
        private static string LanesPart(ComputeType v) => v.IsLanes ? Invariant($"GradientLanes{v.Bits}") : "GradientLanesRest";

        /// <summary>The widest lanes: 512-bit vectors of the network's number type.</summary>
        private static ComputeType Wide(NetworkSpec s) => T(s).Lanes(512);

        /// <summary>Lanes where 512-bit vectors are not accelerated: 256-bit vectors.</summary>
        private static ComputeType Narrow(NetworkSpec s) => T(s).Lanes(256);

        /// <summary>
        /// When a batch member takes its lanes method: from one 512-bit vector of rows. Below it, unrolled
        /// rows measured faster: a 4-row Vector256 step, with its broadcasts and reductions, took 1.4× the
        /// time of 4 scalar rows (2-3-1, double).
        /// </summary>
        public static string UseLanes(NetworkSpec s) => Invariant($"count >= {Wide(s).Count} && {Narrow(s).VectorClass}.IsHardwareAccelerated");

        private static string LanesComment(NetworkSpec s, string tail) =>
            Invariant($"vectors of {Wide(s).Count} rows where 512-bit vectors are accelerated, else of {Narrow(s).Count}; {tail}");

        /// <summary>
        /// Opens the block of the lanes method that runs in <paramref name="v"/>: 512-bit lanes if accelerated,
        /// else 256-bit lanes.
        /// </summary>
        private static void OpenLanes(SourceWriter w, ComputeType v)
        {
            w.Line($"// {v.Count} rows at a time: lane j of each vector below holds row k + j");
            w.Open(v.Bits == 512 ? Invariant($"if ({v.VectorClass}.IsHardwareAccelerated)") : "else");
        }

        /// <summary>p and the locals that sum Σₖ ∂lₖ/∂θ and L, zero; k = 0 when <paramref name="declareK"/>.</summary>
        private static List<(string Local, int Index)> GradientSums(SourceWriter w, NetworkSpec s, bool declareK = true)
        {
            w.Line($"{T(s).ReadOnlySpan} p = _parameters;");
            w.Line($"{Guard}.Length(\"_parameters\", p.Length, ParameterCount);");
            List<(string Local, int Index)> sinks = GradientLocals(s);
            w.Line("// Σₖ ∂lₖ/∂θ, summed in locals and written once at the end");
            foreach ((string local, _) in sinks)
            {
                w.Line($"{T(s).Name} {local} = {T(s).L("0.0")};");
            }

            w.Line($"{T(s).Name} loss = {T(s).L("0.0")};");
            if (declareK)
            {
                w.Line("int k = 0;");
            }

            return sinks;
        }

        /// <summary>gradient = the sums (or += them when <paramref name="add"/>); return L.</summary>
        private static void WriteSums(SourceWriter w, List<(string Local, int Index)> sinks, bool add = false)
        {
            w.Line(add ? "// gradient += Σₖ ∂lₖ/∂θ" : "// gradient = Σₖ ∂lₖ/∂θ");
            foreach ((string local, int index) in sinks)
            {
                w.Line($"gradient[{index}] {(add ? "+=" : "=")} {local};");
            }

            w.Line("return loss;");
        }

        /// <summary>
        /// The gradient's batch loop in <paramref name="v"/>: Σₖ ∂lₖ/∂θ into the method's sums
        /// <paramref name="sinks"/>; for lanes, into per-lane sums (named v…) added to them after the loop.
        /// </summary>
        private static void GradientLoop(SourceWriter w, NetworkSpec s, ComputeType v, List<(string Local, int Index)> sinks) =>
            RowLoop(
                w,
                s,
                v,
                before: body =>
                {
                    if (v.IsLanes)
                    {
                        body.Line("// vgθ: Σₖ ∂lₖ/∂θ over the rows in each lane");
                        foreach ((string local, _) in sinks)
                        {
                            body.Line($"{v.Declare} {LaneSum(v, local)} = {v.L("0.0")};");
                        }

                        body.Line($"{v.Declare} {LossSum(s)} = {v.L("0.0")};");
                    }
                },
                step: body =>
                {
                    GradientRow(body, s, v);
                    if (!v.IsLanes)
                    {
                        body.Line("loss += l;");
                    }
                    else if (s.Loss != LossKind.HalfSquaredError)
                    {
                        body.Line("losses += l;");
                    }

                },
                after: body =>
                {
                    if (v.IsLanes)
                    {
                        body.Line("// gθ += Σ over the lanes of vgθ");
                        foreach ((string local, _) in sinks)
                        {
                            body.Line($"{local} += {v.Sum(LaneSum(v, local))};");
                        }

                        body.Line($"loss += {LossTotal(s, v)};");
                    }
                });

        /// <summary>
        /// A loop over the rows from k in <paramref name="v"/>: the parameters into locals, then
        /// <paramref name="before"/>, the loop of <paramref name="step"/> (one row, or one row per lane,
        /// at k), and <paramref name="after"/>. For lanes, the constants the code names are declared first.
        /// </summary>
        private static void RowLoop(SourceWriter w, NetworkSpec s, ComputeType v, System.Action<SourceWriter> before, System.Action<SourceWriter> step, System.Action<SourceWriter> after)
        {
            // The body is written first, so that the constants it names (lanes) are declared above it.
            var body = new SourceWriter(w.Depth);
            LoadParameterLocals(body, s, v);
            before(body);
            body.Open(v.IsLanes ? Invariant($"for (; k <= count - {v.Count}; k += {v.Count})") : "for (; k < count; k++)");
            step(body);
            body.Close();
            after(body);
            if (v.IsLanes)
            {
                w.Line("// constants, in every lane; MultiplyAdd(a, b, c) = a·b + c with one rounding");
                foreach (string constant in v.ConstantDeclarations())
                {
                    w.Line(constant);
                }
            }

            w.Append(body);
        }

        /// <summary>What lanes sum per lane for the loss: Σ eₖ² (squared error, halved once at the end) or the losses l.</summary>
        private static string LossSum(NetworkSpec s) => s.Loss == LossKind.HalfSquaredError ? "squares" : "losses";

        /// <summary>Σ over the lanes of <see cref="LossSum"/>, as a loss.</summary>
        private static string LossTotal(NetworkSpec s, ComputeType v) => s.Loss == LossKind.HalfSquaredError
            ? Invariant($"{LossRules.SquaredErrorScale(v.Element)} * {v.Sum(LossSum(s))}")
            : v.Sum(LossSum(s));

        /// <summary>The local that sums ∂l/∂θ: the method's own for a scalar, its per-lane sums (v…) for lanes.</summary>
        private static string LaneSum(ComputeType v, string local) => v.IsLanes ? "v" + local : local;

        /// <summary>
        /// <c>int ForwardBatchLanes(inputs, outputs, count)</c>: the outputs of whole vectors of rows;
        /// returns how many rows it wrote (ForwardBatch does the rest).
        /// </summary>
        public static void WriteForwardBatchLanes(SourceWriter w, NetworkSpec s) =>
            WriteLanesMethod(w, s, "ForwardBatch", Invariant($"ForwardBatchLanes({T(s).ReadOnlySpan} inputs, {T(s).Span} outputs, int count)"), v =>
                RowLoop(w, s, v, before: _ => { }, step: body =>
                {
                    RowStart(body, v, withTargets: false);
                    LoadVector(body, v, "x", "inputs", s.Inputs, "x = inputs[k + j], lane j", offset: "xk", stride: "InputCount");
                    ForwardLayers(body, s, v);
                    body.Line("// outputs[k + j] = y, lane j");
                    for (int n = 0; n < s.Outputs; n++)
                    {
                        body.Line($"{RuntimeNames.Lanes}.Store({Y(s, n)}, outputs, k * OutputCount, OutputCount, {n});");
                    }
                }, after: _ => { }));

        /// <summary>
        /// <c>private int {name}Lanes(…)</c>: p, then <paramref name="loop"/> in 512-bit lanes where they are
        /// accelerated, else in 256-bit lanes; returns the rows done (the member does the rest one at a time).
        /// </summary>
        private static void WriteLanesMethod(SourceWriter w, NetworkSpec s, string member, string signature, System.Action<ComputeType> loop)
        {
            w.Line();
            w.Line($"// {member} for {Wide(s).Count} rows or more: {LanesComment(s, "returns the rows done.")}");
            w.Open("private int " + signature);
            w.Line($"{T(s).ReadOnlySpan} p = _parameters;");
            w.Line($"{Guard}.Length(\"_parameters\", p.Length, ParameterCount);");
            w.Line("int k = 0;");
            foreach (ComputeType v in new[] { Wide(s), Narrow(s) })
            {
                OpenLanes(w, v);
                loop(v);
                w.Close();
            }

            w.Line("return k;");
            w.Close();
        }

        /// <summary>
        /// <c>int EvaluateLanes(inputs, targets, count, ref loss[, ref correct])</c>: Σ of the losses (and, for
        /// softmax, the rows whose arg-max output is their arg-max target) of whole vectors of rows; returns
        /// how many rows it did (Evaluate does the rest).
        /// </summary>
        public static void WriteEvaluateLanes(SourceWriter w, NetworkSpec s)
        {
            bool softmax = s.Loss == LossKind.SoftmaxCrossEntropy;
            WriteLanesMethod(w, s, "Evaluate", Invariant($"EvaluateLanes({T(s).ReadOnlySpan} inputs, {T(s).ReadOnlySpan} targets, int count, ref double loss{(softmax ? ", ref int correct" : string.Empty)})"), v =>
                RowLoop(
                    w,
                    s,
                    v,
                    before: body => body.Line($"{v.Declare} {LossSum(s)} = {v.L("0.0")};"),
                    step: body =>
                    {
                        RowStart(body, v, withTargets: true);
                        LoadVector(body, v, "x", "inputs", s.Inputs, "x = inputs[k + j], lane j", offset: "xk", stride: "InputCount");
                        LoadVector(body, v, "t", "targets", s.Outputs, "t = targets[k + j], lane j", offset: "tk", stride: "OutputCount");
                        ForwardLayers(body, s, v);
                        Loss(body, s, v, adjoint: false);
                        if (s.Loss != LossKind.HalfSquaredError)
                        {
                            body.Line("losses += l;");
                        }

                        if (softmax)
                        {
                            body.Line("// per lane: the first index of the largest output, and of the largest target (NaN counts as largest)");
                            foreach ((string name, System.Func<int, string> value) in new (string, System.Func<int, string>)[] { ("Y", k => Y(s, k)), ("T", k => Invariant($"t_{k}")) })
                            {
                                body.Line($"{v.Declare} max{name} = {value(0)};");
                                body.Line($"{v.Declare} arg{name} = {v.L("0.0")};");
                                for (int n = 1; n < s.Outputs; n++)
                                {
                                    body.Line($"{RuntimeNames.Lanes}.ArgMaxStep(ref max{name}, ref arg{name}, {value(n)}, {n});");
                                }
                            }

                            body.Line("correct += " + RuntimeNames.Lanes + ".CountEqual(argY, argT);");
                        }
                    },
                    after: body => body.Line($"loss += {LossTotal(s, v)};")));
        }

        /// <summary>The offsets of the row (or rows) at k.</summary>
        private static void RowStart(SourceWriter w, ComputeType v, bool withTargets)
        {
            // Indexing the rows directly measured 3–8 % faster on the assignment net than slicing a span per row.
            w.Line(v.IsLanes
                ? Invariant($"// rows k … k + {v.Count - 1}: inputs[k·InputCount …]{(withTargets ? ", targets[k·OutputCount …]" : string.Empty)}")
                : "// row k: inputs[k·InputCount …], targets[k·OutputCount …]");
            w.Line("int xk = k * InputCount;");
            if (withTargets)
            {
                w.Line("int tk = k * OutputCount;");
            }
        }

        /// <summary>One step of the batch loop: the row (or rows, one per lane) at k, forward and backward.</summary>
        private static void GradientRow(SourceWriter w, NetworkSpec s, ComputeType v)
        {
            RowStart(w, v, withTargets: true);
            LoadVector(w, v, "x", "inputs", s.Inputs, v.IsLanes ? "x = inputs[k + j], lane j" : "x = inputs[k]", offset: "xk", stride: "InputCount");
            LoadVector(w, v, "t", "targets", s.Outputs, v.IsLanes ? "t = targets[k + j], lane j" : "t = targets[k]", offset: "tk", stride: "OutputCount");
            ForwardLayers(w, s, v, s.HasDropout ? "firstRow + k" : "k");
            Loss(w, s, v, adjoint: s.Layers.Count > 0);
            Backward(w, s, v, Sink.Locals, withInput: false);
        }

        private static void WriteProbabilities(SourceWriter w, NetworkSpec s)
        {
            Docs.Probabilities(w);
            w.Open($"public void Probabilities({T(s).ReadOnlySpan} input, {T(s).Span} probabilities)");
            w.Line($"{Guard}.Length(\"input\", input.Length, InputCount);");
            w.Line($"{Guard}.Length(\"probabilities\", probabilities.Length, OutputCount);");
            NoOverlap(w, "probabilities", "input", "_parameters");
            LoadParameters(w, s);
            LoadVector(w, T(s), "x", "input", s.Inputs, "x = input");
            ForwardLayers(w, s, T(s));
            SoftmaxSums(w, s, T(s));
            w.Line("// softmax(y)ₖ = e^(yₖ − m) / Σⱼ e^(yⱼ − m)");
            for (int k = 0; k < s.Outputs; k++)
            {
                w.Line($"probabilities[{k}] = {LossRules.Probability($"s_{k}", "sum")};");
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
            w.Line($"{T(s).ReadOnlySpan} p = _parameters;");
            w.Line($"{Guard}.Length(\"_parameters\", p.Length, ParameterCount);");
            LoadParameterLocals(w, s, T(s));
        }

        /// <summary>Every parameter from p into a local of the number type <paramref name="v"/> (in every lane for vectors).</summary>
        private static void LoadParameterLocals(SourceWriter w, NetworkSpec s, ComputeType v)
        {
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                if (layer.IsImage)
                {
                    ImageParameterLocals(w, s, v, l);
                    continue;
                }

                w.Line($"// W{l}: {layer.Inputs}×{layer.Units}, row-major; b{l}: {layer.Units}{(v.IsLanes ? " (the same in every lane)" : string.Empty)}");
                for (int m = 0; m < layer.Inputs; m++)
                {
                    for (int n = 0; n < layer.Units; n++)
                    {
                        w.Line($"{v.Declare} {Wt(l, m, n)} = {v.Broadcast(Invariant($"p[{s.WeightOffset(l) + (m * layer.Units) + n}]"))};");
                    }
                }

                for (int n = 0; n < layer.Units; n++)
                {
                    w.Line($"{v.Declare} b{l}_{n} = {v.Broadcast(Invariant($"p[{s.BiasOffset(l) + n}]"))};");
                }

                LoadNormLocals(w, s, v, l);
            }
        }

        /// <summary>
        /// Reads <paramref name="count"/> values into locals, from <paramref name="span"/>[0…] or
        /// [<paramref name="offset"/> + 0…]; for lanes, from the rows of <paramref name="stride"/> values that start there.
        /// </summary>
        private static void LoadVector(SourceWriter w, ComputeType v, string name, string span, int count, string comment, string? offset = null, string? stride = null)
        {
            w.Line("// " + comment);
            for (int i = 0; i < count; i++)
            {
                string value = offset is null ? Invariant($"{span}[{i}]") : v.Load(span, offset, stride!, i);
                w.Line($"{v.Declare} {name}_{i} = {value};");
            }
        }

        /// <summary>
        /// The forward pass into locals. <paramref name="trainingRow"/> is null for inference; for training it
        /// is the row number (of lane 0) that keys the dropout masks; <paramref name="withInput"/> when the backward
        /// pass also writes ∂l/∂x.
        /// </summary>
        private static void ForwardLayers(SourceWriter w, NetworkSpec s, ComputeType v, string? trainingRow = null, bool withInput = false)
        {
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                if (layer.IsImage)
                {
                    ImageForward(w, s, v, l, positions: trainingRow is not null && PassesAdjointDown(s, l, withInput));
                    continue;
                }

                w.Line($"// u{l} = {AName(s, l - 1)}·W{l} + b{l}");
                for (int n = 0; n < layer.Units; n++)
                {
                    var terms = Enumerable.Range(0, layer.Inputs).Select(m => (A(s, l - 1, m), Wt(l, m, n))).ToList();
                    w.Line($"{v.Declare} u{l}_{n} = {v.SumOfProducts(terms, Invariant($"b{l}_{n}"))};");
                }

                w.Line($"// z{l} = {ActivationRules.ForwardFormula(layer.Activation, $"u{l}")}");
                for (int n = 0; n < layer.Units; n++)
                {
                    w.Line($"{v.Declare} z{l}_{n} = {ActivationRules.Forward(layer.Activation, $"u{l}_{n}", v)};");
                }

                if (layer.HasExtras)
                {
                    ExtrasForward(w, s, v, l, trainingRow);
                }
            }
        }

        private static void SoftmaxSums(SourceWriter w, NetworkSpec s, ComputeType v)
        {
            w.Line("// m = maxₖ yₖ; shifting by m keeps e^(yₖ − m) ≤ 1, so logits of ±1000 stay finite");
            w.Line($"{v.Declare} m = {Y(s, 0)};");
            for (int k = 1; k < s.Outputs; k++)
            {
                w.Line($"m = {LossRules.Max("m", Y(s, k), v)};");
            }

            for (int k = 0; k < s.Outputs; k++)
            {
                w.Line($"{v.Declare} s_{k} = {LossRules.ShiftedExp(Y(s, k), "m", v)};");
            }

            w.Line($"{v.Declare} sum = {string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => Invariant($"s_{k}")))};");
        }

        private static void Loss(SourceWriter w, NetworkSpec s, ComputeType v, bool adjoint)
        {
            w.Line("// " + LossRules.Formula(s.Loss));
            if (s.Loss == LossKind.HalfSquaredError)
            {
                for (int k = 0; k < s.Outputs; k++)
                {
                    w.Line($"{v.Declare} e_{k} = {LossRules.Error(Y(s, k), $"t_{k}")};");
                }

                if (v.IsLanes)
                {
                    // Lanes sum Σₖ eₖ² per lane by fused multiply-adds and apply the ½ once after the loop (measured 6 % faster on 2-3-1).
                    w.Line($"// squares += Σₖ eₖ² (l = {LossRules.SquaredErrorScale(v.Element)}·Σₖ eₖ², the {LossRules.SquaredErrorScale(v.Element)} applied to the sum after the loop)");
                    w.Line($"{LossSum(s)} = {v.SumOfProducts(Enumerable.Range(0, s.Outputs).Select(k => (Invariant($"e_{k}"), Invariant($"e_{k}"))).ToList(), LossSum(s))};");
                }
                else
                {
                    string terms = string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => LossRules.SquaredErrorTerm(Invariant($"e_{k}"))));
                    w.Line($"{v.Declare} l = {LossRules.SquaredErrorScale(v)} * ({terms});");
                }

                if (adjoint)
                {
                    w.Line("// " + LossRules.AdjointFormula(s.Loss));
                    for (int k = 0; k < s.Outputs; k++)
                    {
                        w.Line($"{v.Declare} {DY(s, k)} = {LossRules.SquaredErrorAdjoint($"e_{k}")};");
                    }
                }

                return;
            }

            if (LossRules.ElementWise(s.Loss))
            {
                w.Line($"{v.Declare} l = {string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => "(" + LossRules.Term(s.Loss, Y(s, k), Invariant($"t_{k}"), v) + ")"))};");
                if (adjoint)
                {
                    w.Line("// " + LossRules.AdjointFormula(s.Loss));
                    for (int k = 0; k < s.Outputs; k++)
                    {
                        w.Line($"{v.Declare} {DY(s, k)} = {LossRules.TermAdjoint(s.Loss, Y(s, k), Invariant($"t_{k}"), v)};");
                    }
                }

                return;
            }

            SoftmaxSums(w, s, v);
            w.Line("// " + LossRules.LogSumFormula);
            w.Line($"{v.Declare} ones = {string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => "(" + LossRules.AtOne(Invariant($"s_{k}"), v) + ")"))};");
            w.Line($"{v.Declare} rest = {LossRules.Rest(string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => "(" + LossRules.BelowOne(Invariant($"s_{k}"), v) + ")")), "ones", v)};");
            w.Line($"{v.Declare} logS = {LossRules.LogSum("rest", v)};");
            w.Line($"{v.Declare} sumT = {string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => Invariant($"t_{k}")))};");
            string ceTerms = string.Join(" + ", Enumerable.Range(0, s.Outputs).Select(k => LossRules.CrossEntropyTerm(Invariant($"t_{k}"), Y(s, k), "m")));
            w.Line($"{v.Declare} l = {ceTerms} + {LossRules.CrossEntropyLogTerm("sumT", "logS")};");
            if (adjoint)
            {
                w.Line("// " + LossRules.AdjointFormula(s.Loss));
                for (int k = 0; k < s.Outputs; k++)
                {
                    w.Line($"{v.Declare} {DY(s, k)} = {LossRules.CrossEntropyAdjoint($"s_{k}", "sum", "sumT", $"t_{k}")};");
                }
            }
        }

        /// <summary>
        /// The backward pass, last layer first. ∂l/∂z{l} of a hidden layer is written at the start of
        /// that layer's section; for a gated activation (ReLU) each unit's work sits in an
        /// <c>if</c> on its gate, so an inactive unit costs one comparison, as in hand-written code.
        /// </summary>
        private static void Backward(SourceWriter w, NetworkSpec s, ComputeType v, Sink sink, bool withInput)
        {
            int last = s.Layers.Count;
            for (int l = last; l >= 1; l--)
            {
                LayerSpec layer = s.Layers[l - 1];
                if (layer.IsImage)
                {
                    ImageBackward(w, s, v, l, sink, withInput);
                    continue;
                }

                string a = AName(s, l - 1);
                bool needAdjointAfter = l > 1 || withInput;
                w.Line($"// layer {l} backward: {ActivationRules.BackwardFormula(layer.Activation, $"u{l}", $"z{l}")}");
                // Lanes cannot branch per sample: a gated unit's adjoint is masked instead (du = dz where u > 0, else 0).
                if (v.IsLanes || layer.HasExtras || ActivationRules.Gate(layer.Activation, "u", v) is null)
                {
                    if (layer.HasExtras)
                    {
                        if (l < last)
                        {
                            w.Line($"// ∂l/∂a{l} = ∂l/∂u{l + 1}·W{l + 1}ᵀ{ResidualTerm(s, l + 1)}");
                            for (int n = 0; n < layer.Units; n++)
                            {
                                w.Line($"{v.Declare} da{l}_{n} = {PreviousAdjoint(s, v, l + 1, n)};");
                            }
                        }

                        ExtrasBackward(w, s, v, l, sink);
                    }
                    else if (l < last)
                    {
                        w.Line($"// ∂l/∂z{l} = ∂l/∂u{l + 1}·W{l + 1}ᵀ{ResidualTerm(s, l + 1)}");
                        for (int n = 0; n < layer.Units; n++)
                        {
                            w.Line($"{v.Declare} dz{l}_{n} = {PreviousAdjoint(s, v, l + 1, n)};");
                        }
                    }

                    for (int n = 0; n < layer.Units; n++)
                    {
                        w.Line($"{v.Declare} du{l}_{n} = {ActivationRules.Backward(layer.Activation, $"dz{l}_{n}", $"u{l}_{n}", $"z{l}_{n}", v)};");
                    }

                    w.Line($"// ∂l/∂W{l} = {a}ᵀ·∂l/∂u{l}, ∂l/∂b{l} = ∂l/∂u{l}");
                    for (int m = 0; m < layer.Inputs; m++)
                    {
                        for (int n = 0; n < layer.Units; n++)
                        {
                            Add(w, v, sink, Invariant($"g{Wt(l, m, n)}"), s.WeightOffset(l) + (m * layer.Units) + n, A(s, l - 1, m), Invariant($"du{l}_{n}"));
                        }
                    }

                    for (int n = 0; n < layer.Units; n++)
                    {
                        Add(w, v, sink, Invariant($"gb{l}_{n}"), s.BiasOffset(l) + n, Invariant($"du{l}_{n}"), null);
                    }

                    continue;
                }

                w.Line($"// for each active unit n ({ActivationRules.Gate(layer.Activation, $"u{l}_n", v)}): {(l < last ? $"∂l/∂z{l}_n = ∂l/∂u{l + 1}·W{l + 1}[n, ·]ᵀ{ResidualTerm(s, l + 1)}, " : string.Empty)}∂l/∂W{l}[·, n] = {a}ᵀ·∂l/∂u{l}_n, ∂l/∂b{l}_n = ∂l/∂u{l}_n; inactive units pass nothing");
                if (needAdjointAfter)
                {
                    for (int n = 0; n < layer.Units; n++)
                    {
                        w.Line($"{v.Declare} du{l}_{n} = {v.L("0.0")};");
                    }
                }

                for (int n = 0; n < layer.Units; n++)
                {
                    w.Open($"if ({ActivationRules.Gate(layer.Activation, $"u{l}_{n}", v)})");
                    if (l < last)
                    {
                        w.Line($"{v.Declare} dz{l}_{n} = {PreviousAdjoint(s, v, l + 1, n)};");
                    }

                    w.Line($"{(needAdjointAfter ? string.Empty : v.Declare + " ")}du{l}_{n} = dz{l}_{n};");
                    for (int m = 0; m < layer.Inputs; m++)
                    {
                        Add(w, v, sink, Invariant($"g{Wt(l, m, n)}"), s.WeightOffset(l) + (m * layer.Units) + n, A(s, l - 1, m), Invariant($"du{l}_{n}"));
                    }

                    Add(w, v, sink, Invariant($"gb{l}_{n}"), s.BiasOffset(l) + n, Invariant($"du{l}_{n}"), null);
                    w.Close();
                }
            }

            if (withInput && last > 0)
            {
                w.Line(s.Layers[0].IsImage ? "// ∂l/∂x = " + AdjointFormula(s, 1) : Invariant($"// ∂l/∂x = ∂l/∂u1·W1ᵀ{ResidualTerm(s, 1)}"));
                for (int m = 0; m < s.Inputs; m++)
                {
                    w.Line($"{v.Declare} dx_{m} = {PreviousAdjoint(s, v, 1, m)};");
                }
            }
        }

        /// <summary>∂l/∂a{l-1}_m = Σₙ ∂l/∂u{l}_n · W{l}[m, n] (+ ∂l/∂r{l}_m when layer l is residual: a{l-1} is added to its output).</summary>
        private static string PreviousAdjoint(NetworkSpec s, ComputeType v, int l, int m) => s.Layers[l - 1].IsImage ? ImageAdjoint(s, v, l, m) :
            v.SumOfProducts(Enumerable.Range(0, s.Layers[l - 1].Units).Select(n => (Invariant($"du{l}_{n}"), Wt(l, m, n))).ToList(), addend: s.Layers[l - 1].Residual ? ResidualAdjoint(s, l, m) : null);

        /// <summary>The comment's residual term: " + ∂l/∂r{l}" when layer l is residual.</summary>
        private static string ResidualTerm(NetworkSpec s, int l) => l <= s.Layers.Count && s.Layers[l - 1].Residual ? Invariant($" + ∂l/∂r{l}") : string.Empty;

        /// <summary><c>∂l/∂θᵢ += a·b</c> (or <c>+= a</c>), into the gradient span (one sample) or the local that sums it.</summary>
        private static void Add(SourceWriter w, ComputeType v, Sink sink, string local, int index, string a, string? b) =>
            w.Line(sink == Sink.Span ? Invariant($"gradient[{index}] += {Product(a, b)};")
                : b is null ? Invariant($"{LaneSum(v, local)} += {a};")
                : v.AddProduct(LaneSum(v, local), a, b));

        private static string Product(string a, string? b) => b is null ? a : a + " * " + b;

        private static List<(string Local, int Index)> GradientLocals(NetworkSpec s)
        {
            var locals = new List<(string, int)>();
            for (int l = 1; l <= s.Layers.Count; l++)
            {
                LayerSpec layer = s.Layers[l - 1];
                if (layer.IsImage)
                {
                    ImageGradientLocals(s, l, locals);
                    continue;
                }

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

                NormGradientLocals(s, l, locals);
            }

            return locals;
        }

        private static string Wt(int l, int m, int n) => "w" + Int(l) + "_" + Int(m) + "_" + Int(n);

        /// <summary>The activation a{l}_m feeding layer l + 1: x for l = 0.</summary>
        private static string A(NetworkSpec s, int l, int m) => (l == 0 ? "x" : (s.Layers[l - 1].HasExtras ? "a" : "z") + Int(l)) + "_" + Int(m);

        private static string Y(NetworkSpec s, int k) => A(s, s.Layers.Count, k);

        /// <summary>The name of layer l's output in comments: x, z{l} or a{l}.</summary>
        private static string AName(NetworkSpec s, int l) => A(s, l, 0).Substring(0, A(s, l, 0).LastIndexOf('_'));

        /// <summary>∂l/∂y, which the loss writes: dx_k, dz{L}_k, or da{L}_k.</summary>
        private static string DY(NetworkSpec s, int k) => "d" + Y(s, k);
    }
}
