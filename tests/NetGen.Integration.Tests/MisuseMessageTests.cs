using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Tests;

/// <summary>Mistakes the compiler catches in calls to the runtime say what to write instead, not only that types differ.</summary>
public class MisuseMessageTests
{
    [Theory]
    [InlineData("Precision = Precision.Single", "float", "new Adam(Net.ParameterCount, 0.01)", "Adam<float>")]
    [InlineData("Precision = Precision.Double", "double", "new Adam<float>(Net.ParameterCount, 0.01f)", "new Adam(Net.ParameterCount, learningRate)")]
    public void AnOptimizerOfTheOtherPrecisionIsAnErrorThatNamesTheRightOne(string precision, string number, string optimizer, string advice)
    {
        string source = $$"""
            using NetGen;
            [Network(2, {{precision}})]
            [Dense(1)]
            public partial class Net { }
            public static class Use
            {
                public static void Train({{number}}[] x, {{number}}[] t) =>
                    Trainer.Fit(new Net(), {{optimizer}}, x, t, new TrainingOptions());
            }
            """;
        GeneratorHarness.Run run = GeneratorHarness.Generate(source);
        Diagnostic error = Assert.Single(run.CompilationErrors);
        Assert.Equal("CS0619", error.Id);
        Assert.Contains(advice, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("File0.cs", error.Location.SourceTree?.FilePath);
    }

    [Fact]
    public void MatchingPrecisionsStillCompile()
    {
        string source = """
            using NetGen;
            [Network(2, Precision = Precision.Single)] [Dense(1)] public partial class F { }
            [Network(2)] [Dense(1)] public partial class D { }
            public static class Use
            {
                public static void Train(float[] xf, float[] tf, double[] xd, double[] td)
                {
                    Trainer.Fit(new F(), new Adam<float>(F.ParameterCount, 0.01f), xf, tf, new TrainingOptions());
                    Trainer.Fit(new D(), new Adam(D.ParameterCount, 0.01), xd, td, new TrainingOptions());
                    Trainer.Fit<double>(new D(), new Sgd(D.ParameterCount, 0.1), xd, td, new TrainingOptions());
                }
            }
            """;
        Assert.Empty(GeneratorHarness.Generate(source).CompilationErrors);
    }
}
