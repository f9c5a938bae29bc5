using System;
using NetGen;

namespace NetGen.Tests.Networks;

// Issue 24's losses in every form: straight-line with lane batch members, the loop form's blocks, float.

[Network(3, Loss = Loss.SigmoidCrossEntropy)]
[Dense(4, Activation.Tanh)]
[Dense(2)]
public partial class SigmoidCrossEntropySmall { }

[Network(5, Loss = Loss.SigmoidCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(7, Activation.ReLU)]
[Dense(3)]
public partial class SigmoidCrossEntropyLoops { }

[Network(5, Loss = Loss.SigmoidCrossEntropy, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(7, Activation.ReLU)]
[Dense(3)]
public partial class SigmoidCrossEntropyLoopsFloat { }

[Network(3, Loss = Loss.SigmoidCrossEntropy, Precision = Precision.Single)]
[Dense(4, Activation.Tanh)]
[Dense(2)]
public partial class SigmoidCrossEntropySmallFloat { }

[Network(3, Loss = Loss.AbsoluteError)]
[Dense(4, Activation.Tanh)]
[Dense(2)]
public partial class AbsoluteErrorSmall { }

[Network(5, Loss = Loss.AbsoluteError, Emit = EmitStyle.Loops)]
[Dense(7, Activation.ReLU)]
[Dense(3)]
public partial class AbsoluteErrorLoops { }

[Network(5, Loss = Loss.AbsoluteError, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(7, Activation.ReLU)]
[Dense(3)]
public partial class AbsoluteErrorLoopsFloat { }

[Network(3, Loss = Loss.AbsoluteError, Precision = Precision.Single)]
[Dense(4, Activation.Tanh)]
[Dense(2)]
public partial class AbsoluteErrorSmallFloat { }

[Network(3, Loss = Loss.Huber)]
[Dense(4, Activation.Tanh)]
[Dense(2)]
public partial class HuberSmall { }

[Network(5, Loss = Loss.Huber, Emit = EmitStyle.Loops)]
[Dense(7, Activation.ReLU)]
[Dense(3)]
public partial class HuberLoops { }

[Network(5, Loss = Loss.Huber, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(7, Activation.ReLU)]
[Dense(3)]
public partial class HuberLoopsFloat { }

[Network(3, Loss = Loss.Huber, Precision = Precision.Single)]
[Dense(4, Activation.Tanh)]
[Dense(2)]
public partial class HuberSmallFloat { }
