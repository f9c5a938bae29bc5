using NetGen;
using NetGen.Tests.Networks;

/// <summary>A network in the global namespace.</summary>
[Network(1)]
[Dense(2, Activation.Sigmoid)]
[Dense(1)]
internal partial class GlobalNet : IGeneratedNetwork
{
}
