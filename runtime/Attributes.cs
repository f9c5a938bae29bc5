using System;

namespace NetGen;

/// <summary>
/// Marks a <c>partial</c> class as a neural network. NetGen generates straight-line forward and
/// backward code for it at build time from this attribute and the <see cref="DenseAttribute"/>
/// layers that follow it, in source order.
/// </summary>
/// <example>
/// <code>
/// [Network(2, Loss = Loss.HalfSquaredError)]
/// [Dense(3, Activation.ReLU)]
/// [Dense(1)]
/// public partial class AssignmentNet { }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>Declares a network with <paramref name="inputs"/> inputs.</summary>
    /// <param name="inputs">The number of inputs; must be positive.</param>
    public NetworkAttribute(int inputs) => Inputs = inputs;

    /// <summary>
    /// Declares a network whose input is an image of <paramref name="channels"/> × <paramref name="height"/> ×
    /// <paramref name="width"/> values, channel-major (PyTorch's NCHW order without the N): value (c, y, x) of a row
    /// is at c·height·width + y·width + x. <see cref="Inputs"/> is their product. <see cref="Conv2DAttribute"/>,
    /// <see cref="MaxPool2DAttribute"/> and <see cref="AvgPool2DAttribute"/> layers need this form.
    /// </summary>
    /// <param name="channels">The number of channels (1 for a grey image); must be positive.</param>
    /// <param name="height">The number of rows of pixels; must be positive.</param>
    /// <param name="width">The number of columns of pixels; must be positive.</param>
    public NetworkAttribute(int channels, int height, int width)
    {
        Channels = channels;
        Height = height;
        Width = width;
        Inputs = (int)Math.Clamp((long)channels * height * width, int.MinValue, int.MaxValue);
    }

    /// <summary>The number of inputs of the network (for an image, channels × height × width).</summary>
    public int Inputs { get; }

    /// <summary>The image input's channels, or 0 for a flat input.</summary>
    public int Channels { get; }

    /// <summary>The image input's height, or 0 for a flat input.</summary>
    public int Height { get; }

    /// <summary>The image input's width, or 0 for a flat input.</summary>
    public int Width { get; }

    /// <summary>The loss applied to the last layer's outputs. Defaults to <see cref="Loss.HalfSquaredError"/>.</summary>
    public Loss Loss { get; set; } = Loss.HalfSquaredError;

    /// <summary>
    /// How the code is written. <see cref="EmitStyle.Auto"/> (the default) unrolls small networks into
    /// straight-line code and writes loops for large ones; the other values force one form.
    /// </summary>
    public EmitStyle Emit { get; set; } = EmitStyle.Auto;

    /// <summary>
    /// The number type of the parameters, inputs, outputs and gradients: <see cref="Precision.Double"/>
    /// (the default) or <see cref="Precision.Single"/>, which generates every member over <see cref="float"/>.
    /// </summary>
    public Precision Precision { get; set; } = Precision.Double;
}

/// <summary>The number type of a network's parameters, inputs and outputs.</summary>
public enum Precision
{
    /// <summary>64-bit <see cref="double"/> (the default).</summary>
    Double = 0,

    /// <summary>32-bit <see cref="float"/>.</summary>
    Single = 1,
}

/// <summary>How NetGen writes a network's forward and backward code.</summary>
public enum EmitStyle
{
    /// <summary>Straight-line up to a few hundred parameters (fastest there), loops above.</summary>
    Auto = 0,

    /// <summary>Every unit and weight its own statement, no loops except over a batch's samples.</summary>
    StraightLine = 1,

    /// <summary>Loops over the rows of each weight matrix, with vectorized kernels.</summary>
    Loops = 2,
}

/// <summary>
/// A fully connected layer u = x·W + b followed by an element-wise activation z = f(u).
/// Layers apply in the order their attributes appear in source.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Declares a layer of <paramref name="units"/> units.</summary>
    /// <param name="units">The number of units (outputs) of the layer; must be positive.</param>
    /// <param name="activation">The element-wise activation; <see cref="Activation.Identity"/> by default.</param>
    public DenseAttribute(int units, Activation activation = Activation.Identity)
    {
        Units = units;
        Activation = activation;
    }

    /// <summary>The number of units of the layer.</summary>
    public int Units { get; }

    /// <summary>The element-wise activation of the layer.</summary>
    public Activation Activation { get; }

    /// <summary>
    /// Whether the layer adds its input to its output: z = x + f(x·W + b) (a residual, or skip,
    /// connection). The layer's units must equal its inputs; otherwise NETGEN017.
    /// </summary>
    public bool Residual { get; set; }
}

/// <summary>
/// A two-dimensional convolution, as PyTorch's <c>nn.Conv2d(channels, filters, kernel, stride, padding)</c>
/// followed by an element-wise activation: u[f, y, x] = b[f] + Σ_c Σ_i Σ_j W[f, c, i, j]·in[c, y·s + i − p, x·s + j − p],
/// with zeros outside the input. Its weights come first in the flat parameter vector as PyTorch lays them out,
/// W [filters, channels, kernel, kernel], then B [filters]. The output is filters × ⌊(h + 2p − k)/s⌋ + 1 ×
/// ⌊(w + 2p − k)/s⌋ + 1. Needs an image input (<see cref="NetworkAttribute(int, int, int)"/>); shapes are checked at
/// compile time (NETGEN019).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : Attribute
{
    /// <summary>Declares a convolution of <paramref name="filters"/> square <paramref name="kernel"/> × <paramref name="kernel"/> filters.</summary>
    /// <param name="filters">The number of filters (output channels); must be positive.</param>
    /// <param name="kernel">The side of the square kernel; must be positive and fit the padded input.</param>
    /// <param name="activation">The element-wise activation; <see cref="Activation.Identity"/> by default.</param>
    public Conv2DAttribute(int filters, int kernel, Activation activation = Activation.Identity)
    {
        Filters = filters;
        Kernel = kernel;
        Activation = activation;
    }

    /// <summary>The number of filters (output channels).</summary>
    public int Filters { get; }

    /// <summary>The side of the square kernel.</summary>
    public int Kernel { get; }

    /// <summary>The element-wise activation.</summary>
    public Activation Activation { get; }

    /// <summary>The step between kernel positions, in both directions; 1 by default.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>The zeros added on each side of the input, in both directions; 0 by default.</summary>
    public int Padding { get; set; }
}

/// <summary>
/// Max pooling over size × size windows with stride size and no padding, per channel, as PyTorch's
/// <c>nn.MaxPool2d(size)</c>: the output is channels × ⌊h/size⌋ × ⌊w/size⌋ (rows and columns that do not fill a
/// window are dropped). The gradient goes to the first maximum of each window in row-major order, as PyTorch's.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute : Attribute
{
    /// <summary>Declares max pooling over <paramref name="size"/> × <paramref name="size"/> windows.</summary>
    /// <param name="size">The window's side and stride; must be positive and at most the input's height and width.</param>
    public MaxPool2DAttribute(int size) => Size = size;

    /// <summary>The window's side and stride.</summary>
    public int Size { get; }
}

/// <summary>
/// Average pooling over size × size windows with stride size and no padding, per channel, as PyTorch's
/// <c>nn.AvgPool2d(size)</c>: the output is channels × ⌊h/size⌋ × ⌊w/size⌋, each the mean of its window.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2DAttribute : Attribute
{
    /// <summary>Declares average pooling over <paramref name="size"/> × <paramref name="size"/> windows.</summary>
    /// <param name="size">The window's side and stride; must be positive and at most the input's height and width.</param>
    public AvgPool2DAttribute(int size) => Size = size;

    /// <summary>The window's side and stride.</summary>
    public int Size { get; }
}

/// <summary>
/// Layer normalization of the output of the <see cref="DenseAttribute"/> layer before it, over its
/// units, as PyTorch's <c>nn.LayerNorm(units)</c>: y = (z − μ)/√(σ² + 10⁻⁵)·γ + β with μ and the biased
/// variance σ² of the layer's z. γ (initialized to 1) and β (to 0) are parameters, stored right after
/// the layer's W and B: γ then β. Write it directly after a [Dense] (and before its [Dropout]).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LayerNormAttribute : Attribute
{
}

/// <summary>
/// Dropout of the output of the <see cref="DenseAttribute"/> layer before it (after its
/// <see cref="LayerNormAttribute"/>, if any). In the gradient members (training) each unit of each
/// row is zeroed with probability p and the kept units are scaled by 1/(1 − p); the mask is fresh per
/// row and call, drawn from a counter-based generator the instance owns, seeded by <c>Initialize(seed)</c>
/// (the same seed gives the same masks on every machine and for every thread count). <c>Forward</c>,
/// <c>ForwardBatch</c>, <c>ComputeLoss</c>, <c>Evaluate</c> and <c>Predict</c> are inference and ignore it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>Declares dropout with probability <paramref name="p"/>.</summary>
    /// <param name="p">The probability that a unit is zeroed, in [0, 1); otherwise NETGEN018.</param>
    public DropoutAttribute(double p) => P = p;

    /// <summary>The probability that a unit is zeroed.</summary>
    public double P { get; }
}

/// <summary>
/// Marks a static method returning <see cref="double"/> for differentiation. Its parameters are
/// <see cref="double"/>, <see cref="ReadOnlySpan{T}"/> of double, or <see cref="int"/>. NetGen
/// generates <c>NameGradient(…, out double dA, …, Span&lt;double&gt; dXs, …)</c> next to it, which
/// returns the value and writes the derivative with respect to every double and span parameter that
/// is not marked <see cref="NoGradientAttribute"/> (int parameters are never differentiated). The
/// containing type must be <c>partial</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>
    /// 1 (the default): generate the gradient. 2: also generate
    /// <c>NameHessian(…, Span&lt;double&gt; gradient, Span&lt;double&gt; hessian)</c>, which writes the gradient
    /// and the n×n matrix of second derivatives (row-major, symmetric), by forward-over-reverse
    /// differentiation. Order 2 takes methods of double parameters without loops or calls.
    /// </summary>
    public int Order { get; set; } = 1;
}

/// <summary>
/// Marks a parameter of a <c>[Differentiable]</c> method as data: NetGen writes no derivative for it
/// (for example the x and y values of a curve fit). Use it on double and <c>ReadOnlySpan&lt;double&gt;</c> parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoGradientAttribute : Attribute
{
}

/// <summary>
/// Supplies the derivative of a static method that NetGen cannot differentiate itself (an external
/// or hand-optimized function). Put it on a method of the same type, with the shape NetGen generates:
/// <c>double GGradient(double a, …, out double dA, …)</c>, returning G's value and writing each
/// partial derivative. A <c>[Differentiable]</c> method that calls <c>G</c> is then differentiated
/// through it (chain rule).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GradientOfAttribute : Attribute
{
    /// <summary>Declares this method the gradient of <paramref name="method"/> (use <c>nameof</c>).</summary>
    /// <param name="method">The name of the method in the same type whose value and derivatives this method computes.</param>
    public GradientOfAttribute(string method) => Method = method;

    /// <summary>The name of the method this one differentiates.</summary>
    public string Method { get; }
}

/// <summary>Element-wise activation of a <see cref="DenseAttribute"/> layer.</summary>
public enum Activation
{
    /// <summary>f(u) = u; f'(u) = 1.</summary>
    Identity = 0,

    /// <summary>f(u) = max(0, u); f'(u) = 1 for u &gt; 0 and 0 otherwise (f'(0) = 0, as in PyTorch).</summary>
    ReLU = 1,

    /// <summary>f(u) = 1 / (1 + e^(−u)); f'(u) = f(u)·(1 − f(u)).</summary>
    Sigmoid = 2,

    /// <summary>f(u) = tanh(u); f'(u) = 1 − tanh(u)².</summary>
    Tanh = 3,

    /// <summary>f(u) = u for u &gt; 0, else 0.01·u (PyTorch's default slope); f'(u) = 1 for u &gt; 0, 0.01 at and below 0.</summary>
    LeakyReLU = 4,

    /// <summary>f(u) = u for u &gt; 0, else e^u − 1 (α = 1, e^u − 1 computed accurately near 0); f'(u) = 1 for u &gt; 0, else e^u.</summary>
    ELU = 5,

    /// <summary>f(u) = u·Φ(u) = ½u(1 + erf(u/√2)), the exact form (PyTorch's default); f'(u) = Φ(u) + u·φ(u).</summary>
    GELU = 6,

    /// <summary>f(u) = u·σ(u) (also called swish); f'(u) = σ(u)(1 + u(1 − σ(u))).</summary>
    SiLU = 7,

    /// <summary>f(u) = log(1 + e^u), computed as max(u, 0) + log(1 + e^(−|u|)) so that it is finite and exact for large |u|; f'(u) = σ(u).</summary>
    Softplus = 8,
}

/// <summary>Loss of a <see cref="NetworkAttribute"/> network on one sample.</summary>
public enum Loss
{
    /// <summary>l = ½ Σₖ (yₖ − tₖ)²; ∂l/∂y = y − t.</summary>
    HalfSquaredError = 0,

    /// <summary>
    /// Softmax cross-entropy on logits y: l = −Σₖ tₖ log softmax(y)ₖ, computed with the log-sum-exp
    /// shift so that large logits stay finite; ∂l/∂yᵢ = softmax(y)ᵢ·Σₖ tₖ − tᵢ. Targets need not be
    /// one-hot nor sum to 1.
    /// </summary>
    SoftmaxCrossEntropy = 1,

    /// <summary>
    /// Sigmoid cross-entropy on logits y (PyTorch's <c>BCEWithLogitsLoss</c> with sum reduction):
    /// l = Σₖ max(yₖ, 0) − yₖtₖ + log(1 + e^(−|yₖ|)), finite and exact at logits of ±1000; ∂l/∂yₖ = σ(yₖ) − tₖ.
    /// Each output is its own yes/no: <c>Predict</c> returns the outputs whose logit is above 0 as bits, and
    /// <c>Evaluate</c>'s accuracy is the share of outputs where (y &gt; 0) equals (t &gt; ½).
    /// </summary>
    SigmoidCrossEntropy = 2,

    /// <summary>l = Σₖ |yₖ − tₖ| (L1); ∂l/∂yₖ = sign(yₖ − tₖ), 0 where they are equal.</summary>
    AbsoluteError = 3,

    /// <summary>Huber with δ = 1 (PyTorch's <c>HuberLoss</c>, sum reduction): l = Σₖ ½eₖ² where |eₖ| ≤ 1, else |eₖ| − ½, eₖ = yₖ − tₖ; ∂l/∂yₖ = clamp(eₖ, −1, 1).</summary>
    Huber = 4,
}
