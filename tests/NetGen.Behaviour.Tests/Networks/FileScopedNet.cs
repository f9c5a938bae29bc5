namespace NetGen.Tests.Networks.FileScoped;

[Network(2, Loss = Loss.SoftmaxCrossEntropy)]
[Dense(2, Activation.ReLU)]
[Dense(2)]
internal partial class FileScopedNet : ISoftmaxNetwork
{
}
