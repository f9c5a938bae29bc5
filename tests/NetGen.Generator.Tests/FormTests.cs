using System.Linq;
using Xunit;

namespace NetGen.Tests;

/// <summary>Which form <c>EmitStyle.Auto</c> chooses for an image network: straight-line up to the measured size, blocks of images beyond.</summary>
public class FormTests
{
    [Theory]
    [InlineData("[Network(1, 6, 6)] [Conv2D(2, 3, Activation.ReLU)] [Dense(2)]", true)] // 86 + 36 + 34 + 288 = 444
    [InlineData("[Network(1, 5, 5, Loss = Loss.SoftmaxCrossEntropy)] [Conv2D(3, 2, Activation.ReLU)] [MaxPool2D(2)] [Dense(2)]", true)] // 368
    [InlineData("[Network(1, 6, 6)] [Conv2D(2, 3, Activation.ReLU)] [Dense(3)]", false)] // 119 + 36 + 35 + 288 = 478
    [InlineData("[Network(1, 6, 6, Loss = Loss.SoftmaxCrossEntropy)] [Conv2D(4, 3, Activation.ReLU, Padding = 1)] [MaxPool2D(2)] [Dense(4)]", false)] // 1,848
    [InlineData("[Network(1, 6, 6, Emit = EmitStyle.StraightLine)] [Conv2D(2, 3, Activation.ReLU)] [Dense(3)]", true)]
    [InlineData("[Network(1, 6, 6, Emit = EmitStyle.Loops)] [Conv2D(2, 3, Activation.ReLU)] [Dense(2)]", false)]
    public void AutoWritesTinyImageNetworksStraightLine(string attributes, bool straight)
    {
        GeneratorHarness.Run run = GeneratorHarness.Generate("using NetGen;\nnamespace Forms;\n" + attributes + "\npublic partial class Net { }\n");
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        string source = Assert.Single(run.Sources.Values);
        Assert.Equal(straight, source.Contains("GradientLanes512(", System.StringComparison.Ordinal));
        Assert.Equal(!straight, source.Contains("_scratch", System.StringComparison.Ordinal));
        Assert.Equal(straight, source.Split('\n').Any(line => line.Contains("double u1_0 = ", System.StringComparison.Ordinal)));
    }
}
