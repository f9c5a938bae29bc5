namespace NetGen.Tests.Networks;

// Every activation, both losses, 0 to 4 layers, both emit forms: the shapes the ONNX tests export.
#pragma warning disable SA1402 // one file of small declarations

[Network(3)]
public partial class OnnxNone { }

[Network(4, Loss = Loss.SoftmaxCrossEntropy)]
public partial class OnnxSoftmaxNone { }

[Network(3)]
[Dense(2)]
public partial class OnnxIdentity1 { }

[Network(3)]
[Dense(4, Activation.ReLU)]
public partial class OnnxRelu1 { }

[Network(3)]
[Dense(4, Activation.Sigmoid)]
public partial class OnnxSigmoid1 { }

[Network(3)]
[Dense(4, Activation.Tanh)]
public partial class OnnxTanh1 { }

[Network(3, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(5, Activation.ReLU)]
[Dense(3)]
public partial class OnnxTwo { }

[Network(3, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(5, Activation.ReLU)]
[Dense(3)]
public partial class OnnxTwoLoops { }

[Network(4)]
[Dense(6, Activation.Tanh)]
[Dense(5, Activation.Sigmoid)]
[Dense(2)]
public partial class OnnxThree { }

[Network(5, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(6, Activation.ReLU)]
[Dense(6, Activation.Tanh)]
[Dense(4, Activation.Sigmoid)]
[Dense(3)]
public partial class OnnxFour { }

[Network(5, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(6, Activation.ReLU)]
[Dense(6, Activation.Tanh)]
[Dense(4, Activation.Sigmoid)]
[Dense(3)]
public partial class OnnxFourLoops { }

[Network(40)]
[Dense(30, Activation.Tanh)]
[Dense(4)]
public partial class OnnxWideLoops { }

/// <summary>Float networks: exported as float32 models.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Dense(6, Activation.Tanh)]
[Dense(3)]
public partial class OnnxFloatSoftmax { }

[Network(5, Emit = EmitStyle.Loops, Precision = Precision.Single)]
[Dense(40, Activation.ReLU)]
[Dense(8, Activation.Sigmoid)]
[Dense(2)]
public partial class OnnxFloatLoops { }

/// <summary>The float twin of <see cref="OnnxTwo"/>.</summary>
[Network(3, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Single)]
[Dense(5, Activation.ReLU)]
[Dense(3)]
public partial class OnnxFloatTwo { }

/// <summary>NormSmall without its [LayerNorm]: a model of NormSmall must not load into it.</summary>
[Network(2)]
[Dense(3, Activation.GELU)]
[Dense(1)]
public partial class OnnxGeluPlain { }
