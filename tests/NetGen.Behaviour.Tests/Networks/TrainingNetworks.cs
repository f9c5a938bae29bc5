namespace NetGen.Tests.Networks;

/// <summary>XOR's classic net: 2-8-1 with tanh.</summary>
[Network(2)]
[Dense(8, Activation.Tanh)]
[Dense(1)]
public partial class XorNet
{
}

/// <summary>A small classifier in the straight-line form.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(5, Activation.ReLU)]
[Dense(3)]
public partial class Classifier
{
}

/// <summary>The same classifier in the loop form.</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
[Dense(5, Activation.ReLU)]
[Dense(3)]
public partial class ClassifierLoops
{
}

/// <summary>A network with a different architecture but the same parameter count as <see cref="Classifier"/> (43).</summary>
[Network(4, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(5, Activation.Tanh)]
[Dense(3)]
public partial class ClassifierTanh
{
}
