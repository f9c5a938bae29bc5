using NetGen;

namespace NetGen.Tests.Networks;

// Issue 24's layer extras — [LayerNorm], Residual = true, [Dropout(p)] — in every form: straight-line with
// lane batch members (under 32 parameters), straight-line per-sample members with block batch members, the
// loop form, and float twins of each. Each "X" has an "XFloat" of the same shape.

/// <summary>Layer norm after GELU, straight-line with lanes (19 parameters).</summary>
[Network(2, Loss = Loss.HalfSquaredError)]
[Dense(3, Activation.GELU)]
[LayerNorm]
[Dense(1)]
public partial class NormSmall { }

[Network(2, Loss = Loss.HalfSquaredError, Precision = Precision.Single)]
[Dense(3, Activation.GELU)]
[LayerNorm]
[Dense(1)]
public partial class NormSmallFloat { }

/// <summary>Two residual layers, the first at the input (ReLU: the gated path is off for it), straight-line with lanes (28 parameters).</summary>
[Network(3, Loss = Loss.HalfSquaredError)]
[Dense(3, Activation.ReLU, Residual = true)]
[Dense(3, Activation.Tanh, Residual = true)]
[Dense(1)]
public partial class ResidualSmall { }

[Network(3, Loss = Loss.HalfSquaredError, Precision = Precision.Single)]
[Dense(3, Activation.ReLU, Residual = true)]
[Dense(3, Activation.Tanh, Residual = true)]
[Dense(1)]
public partial class ResidualSmallFloat { }

/// <summary>Residual and norm together, straight-line per sample and blocks for batches (63 parameters), sigmoid cross-entropy.</summary>
[Network(3, Loss = Loss.SigmoidCrossEntropy)]
[Dense(4, Activation.SiLU)]
[LayerNorm]
[Dense(4, Activation.ELU, Residual = true)]
[LayerNorm]
[Dense(2)]
public partial class ResidualNormBlocks { }

[Network(3, Loss = Loss.SigmoidCrossEntropy, Precision = Precision.Single)]
[Dense(4, Activation.SiLU)]
[LayerNorm]
[Dense(4, Activation.ELU, Residual = true)]
[LayerNorm]
[Dense(2)]
public partial class ResidualNormBlocksFloat { }

/// <summary>The loop form: norm, residual + norm, softmax cross-entropy.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(6, Activation.GELU)]
[LayerNorm]
[Dense(6, Activation.ReLU, Residual = true)]
[LayerNorm]
[Dense(3)]
public partial class ResidualNormLoops { }

[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(6, Activation.GELU)]
[LayerNorm]
[Dense(6, Activation.ReLU, Residual = true)]
[LayerNorm]
[Dense(3)]
public partial class ResidualNormLoopsFloat { }

/// <summary>Dropout after a ReLU layer, straight-line with lanes (17 parameters).</summary>
[Network(2, Loss = Loss.HalfSquaredError)]
[Dense(4, Activation.ReLU)]
[Dropout(0.25)]
[Dense(1)]
public partial class DropoutSmall { }

[Network(2, Loss = Loss.HalfSquaredError, Precision = Precision.Single)]
[Dense(4, Activation.ReLU)]
[Dropout(0.25)]
[Dense(1)]
public partial class DropoutSmallFloat { }

/// <summary>Norm then dropout, then a residual layer with dropout: straight-line per sample, blocks for batches (57 parameters).</summary>
[Network(3, Loss = Loss.Huber)]
[Dense(4, Activation.Tanh)]
[LayerNorm]
[Dropout(0.2)]
[Dense(4, Activation.Identity, Residual = true)]
[Dropout(0.5)]
[Dense(2)]
public partial class DropoutBlocks { }

[Network(3, Loss = Loss.Huber, Precision = Precision.Single)]
[Dense(4, Activation.Tanh)]
[LayerNorm]
[Dropout(0.2)]
[Dense(4, Activation.Identity, Residual = true)]
[Dropout(0.5)]
[Dense(2)]
public partial class DropoutBlocksFloat { }

/// <summary>The loop form with norm and dropout, softmax cross-entropy.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(8, Activation.GELU)]
[LayerNorm]
[Dropout(0.5)]
[Dense(8, Activation.ReLU, Residual = true)]
[Dropout(0.1)]
[Dense(3)]
public partial class DropoutLoops { }

[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(8, Activation.GELU)]
[LayerNorm]
[Dropout(0.5)]
[Dense(8, Activation.ReLU, Residual = true)]
[Dropout(0.1)]
[Dense(3)]
public partial class DropoutLoopsFloat { }

/// <summary>Dropout of the outputs, to observe masks: straight-line per sample, blocks for batches (256 parameters).</summary>
[Network(3)]
[Dense(64)]
[Dropout(0.3)]
public partial class DropoutOutput { }

/// <summary>Dropout of the outputs, straight-line with lanes (12 parameters).</summary>
[Network(2)]
[Dense(4)]
[Dropout(0.5)]
public partial class DropoutOutputSmall { }

/// <summary>Dropout of the outputs, the loop form.</summary>
[Network(3, Emit = EmitStyle.Loops)]
[Dense(64)]
[Dropout(0.3)]
public partial class DropoutOutputLoops { }

/// <summary>Dropout of the outputs in float, straight-line with lanes.</summary>
[Network(2, Precision = Precision.Single)]
[Dense(4)]
[Dropout(0.5)]
public partial class DropoutOutputSmallFloat { }

/// <summary>A ReLU layer without extras (the gated backward path) before a residual layer, whose skip adds to its adjoint.</summary>
[Network(3)]
[Dense(3, Activation.ReLU)]
[Dense(3, Activation.Tanh, Residual = true)]
[Dense(1)]
public partial class GatedResidualSmall { }
