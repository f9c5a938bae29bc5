using System;
using Xunit;

namespace NetGen.Tests.Passes;

/// <summary>Each loop's generated comment says which strategy it got and why, and the code is that strategy's.</summary>
public class LoopStrategyCommentTests
{
    [Fact]
    public void TheGeneratedCommentSaysWhichStrategyEachLoopGot()
    {
        string source = """
            using System;
            using NetGen;
            namespace Demo;
            public static partial class Q
            {
                [Differentiable]
                public static double Sum(double a, [NoGradient] ReadOnlySpan<double> xs)
                {
                    double s = 0;
                    foreach (double x in xs) s += Math.Exp(a * x);
                    return s;
                }

                [Differentiable]
                public static double Squares(ReadOnlySpan<double> xs)
                {
                    double s = 0;
                    for (int i = 0; i < xs.Length; i++) s += xs[xs.Length - 1 - i] * i;
                    return s;
                }

                [Differentiable]
                public static double Power(double a, int n)
                {
                    double p = 1;
                    for (int i = 0; i < n; i++) p *= a;
                    return p;
                }

                [Differentiable]
                public static double Horner(double x, ReadOnlySpan<double> c)
                {
                    double p = 0;
                    for (int i = c.Length - 1; i >= 0; i--) p = p * x + c[i];
                    return p;
                }
            }
            """;
        GeneratorHarness.Run run = GeneratorHarness.Generate(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Contains("'s' only accumulates, so each iteration's reverse runs as it goes, summing the derivatives of its terms", run.Source("Demo.Q.Sum"), StringComparison.Ordinal);
        Assert.Contains("'s' only accumulates and each term is cheap, so its reverse runs it again, passing ∂F/∂s to each term (no tape)", run.Source("Demo.Q.Squares"), StringComparison.Ordinal);

        string power = run.Source("Demo.Q.Power");
        Assert.Contains("'p' carries a value from one iteration to the next other than a running sum, and its value depends on 2 differentiated values from before it ('a', 'p'), so forward mode runs through it", power, StringComparison.Ordinal);
        Assert.DoesNotContain("taped", power, StringComparison.Ordinal);

        // Horner reads the differentiated span c in the loop: one input per element, so it is taped.
        string horner = run.Source("Demo.Q.Horner");
        Assert.Contains("'p' carries a value from one iteration to the next other than a running sum, so it is taped", horner, StringComparison.Ordinal);
        Assert.Contains("tape[taped++] = p;", horner, StringComparison.Ordinal);
    }
}
