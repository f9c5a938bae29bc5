using System;
using NetGen;

namespace NetGen.Tests.Networks;

// Issue 24's activations, each in every form: straight-line per-sample members with lane batch members (small),
// the loop form's blocks, and float.

/// <summary>LeakyReLU: straight-line (13 parameters; batch members in lanes).</summary>
[Network(2, Loss = Loss.HalfSquaredError)]
[Dense(3, Activation.LeakyReLU)]
[Dense(1)]
public partial class LeakyReLUSmall { }

/// <summary>LeakyReLU: the loop form (blocks), softmax cross-entropy.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(6, Activation.LeakyReLU)]
[Dense(5, Activation.LeakyReLU)]
[Dense(3)]
public partial class LeakyReLULoops { }

/// <summary>LeakyReLU: the loop form in float.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(6, Activation.LeakyReLU)]
[Dense(5, Activation.LeakyReLU)]
[Dense(3)]
public partial class LeakyReLULoopsFloat { }

/// <summary>LeakyReLU: straight-line in float.</summary>
[Network(2, Loss = Loss.HalfSquaredError, Precision = Precision.Single)]
[Dense(3, Activation.LeakyReLU)]
[Dense(1)]
public partial class LeakyReLUSmallFloat { }

/// <summary>ELU: straight-line (13 parameters; batch members in lanes).</summary>
[Network(2, Loss = Loss.HalfSquaredError)]
[Dense(3, Activation.ELU)]
[Dense(1)]
public partial class ELUSmall { }

/// <summary>ELU: the loop form (blocks), softmax cross-entropy.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(6, Activation.ELU)]
[Dense(5, Activation.ELU)]
[Dense(3)]
public partial class ELULoops { }

/// <summary>ELU: the loop form in float.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(6, Activation.ELU)]
[Dense(5, Activation.ELU)]
[Dense(3)]
public partial class ELULoopsFloat { }

/// <summary>ELU: straight-line in float.</summary>
[Network(2, Loss = Loss.HalfSquaredError, Precision = Precision.Single)]
[Dense(3, Activation.ELU)]
[Dense(1)]
public partial class ELUSmallFloat { }

/// <summary>GELU: straight-line (13 parameters; batch members in lanes).</summary>
[Network(2, Loss = Loss.HalfSquaredError)]
[Dense(3, Activation.GELU)]
[Dense(1)]
public partial class GELUSmall { }

/// <summary>GELU: the loop form (blocks), softmax cross-entropy.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(6, Activation.GELU)]
[Dense(5, Activation.GELU)]
[Dense(3)]
public partial class GELULoops { }

/// <summary>GELU: the loop form in float.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(6, Activation.GELU)]
[Dense(5, Activation.GELU)]
[Dense(3)]
public partial class GELULoopsFloat { }

/// <summary>GELU: straight-line in float.</summary>
[Network(2, Loss = Loss.HalfSquaredError, Precision = Precision.Single)]
[Dense(3, Activation.GELU)]
[Dense(1)]
public partial class GELUSmallFloat { }

/// <summary>SiLU: straight-line (13 parameters; batch members in lanes).</summary>
[Network(2, Loss = Loss.HalfSquaredError)]
[Dense(3, Activation.SiLU)]
[Dense(1)]
public partial class SiLUSmall { }

/// <summary>SiLU: the loop form (blocks), softmax cross-entropy.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(6, Activation.SiLU)]
[Dense(5, Activation.SiLU)]
[Dense(3)]
public partial class SiLULoops { }

/// <summary>SiLU: the loop form in float.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(6, Activation.SiLU)]
[Dense(5, Activation.SiLU)]
[Dense(3)]
public partial class SiLULoopsFloat { }

/// <summary>SiLU: straight-line in float.</summary>
[Network(2, Loss = Loss.HalfSquaredError, Precision = Precision.Single)]
[Dense(3, Activation.SiLU)]
[Dense(1)]
public partial class SiLUSmallFloat { }

/// <summary>Softplus: straight-line (13 parameters; batch members in lanes).</summary>
[Network(2, Loss = Loss.HalfSquaredError)]
[Dense(3, Activation.Softplus)]
[Dense(1)]
public partial class SoftplusSmall { }

/// <summary>Softplus: the loop form (blocks), softmax cross-entropy.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(6, Activation.Softplus)]
[Dense(5, Activation.Softplus)]
[Dense(3)]
public partial class SoftplusLoops { }

/// <summary>Softplus: the loop form in float.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(6, Activation.Softplus)]
[Dense(5, Activation.Softplus)]
[Dense(3)]
public partial class SoftplusLoopsFloat { }

/// <summary>Softplus: straight-line in float.</summary>
[Network(2, Loss = Loss.HalfSquaredError, Precision = Precision.Single)]
[Dense(3, Activation.Softplus)]
[Dense(1)]
public partial class SoftplusSmallFloat { }
