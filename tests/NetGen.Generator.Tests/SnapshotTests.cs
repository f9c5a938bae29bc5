using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The generated source, byte for byte, against reviewed files in tests/Snapshots. To accept a
/// change on purpose, run the tests with NETGEN_UPDATE_SNAPSHOTS=1 and review the diff.
/// </summary>
public class SnapshotTests
{
    internal const string SampleSource = """
        using System;
        using NetGen;

        namespace NetGen.Sample;

        [Network(2, Loss = Loss.HalfSquaredError)]
        [Dense(3, Activation.ReLU)]
        [Dense(1)]
        public partial class AssignmentNet { }

        [Network(4, Loss = Loss.SoftmaxCrossEntropy)]
        public partial class SoftmaxLayer { }

        public static partial class Quadratic
        {
            [Differentiable(Order = 2)]
            public static double F(double x) => 5 * x * x + 2;
        }
        """;

    /// <summary>One definition of each shape the emitters write: the loop form, float, lanes, and a function of each control-flow and loop kind.</summary>
    internal const string ShapesSource = """
        using System;
        using NetGen;

        namespace NetGen.Shapes;

        [Network(4, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
        [Dense(5, Activation.Tanh)]
        [Dense(3)]
        public partial class LoopNet { }

        [Network(2, Precision = Precision.Single)]
        [Dense(3, Activation.Sigmoid)]
        [Dense(1)]
        public partial class FloatNet { }

        [Network(2)]
        [Dense(2, Activation.GELU, Residual = true)]
        [LayerNorm]
        [Dropout(0.25)]
        [Dense(1)]
        public partial class ExtrasNet { }

        [Network(3, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
        [Dense(4, Activation.ReLU)]
        [LayerNorm]
        [Dense(4, Activation.Tanh, Residual = true)]
        [Dropout(0.1)]
        [Dense(2)]
        public partial class ExtrasLoopNet { }

        [Network(2, 6, 6, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)]
        [Conv2D(3, 3, Activation.ReLU, Padding = 1)]
        [MaxPool2D(2)]
        [Conv2D(4, 2, Activation.Tanh, Stride = 2)]
        [AvgPool2D(1)]
        [Dense(2)]
        public partial class ImageNet { }

        [Network(1, 4, 4)]
        [Conv2D(2, 2, Activation.ReLU)]
        [MaxPool2D(2)]
        [Dense(2)]
        public partial class TinyImageNet { }

        public static partial class Functions
        {
            /// <summary>A branch with a return in it.</summary>
            [Differentiable]
            public static double Branch(double x, double y)
            {
                if (x > y)
                {
                    return x * Math.Exp(y);
                }

                double d = y - x;
                return d * d;
            }

            /// <summary>A carried loop (Horner's rule): taped.</summary>
            [Differentiable]
            public static double Horner(double x, ReadOnlySpan<double> c)
            {
                double p = 0;
                for (int i = c.Length - 1; i >= 0; i--)
                {
                    p = p * x + c[i];
                }

                return p;
            }

            /// <summary>A reduction with a call in its body: fused.</summary>
            [Differentiable]
            public static double LogSumExp(ReadOnlySpan<double> z)
            {
                double s = 0;
                foreach (double v in z)
                {
                    s += Math.Exp(v);
                }

                return Math.Log(s);
            }

            /// <summary>A reduction of arithmetic only: recomputed in the reverse sweep.</summary>
            [Differentiable]
            public static double SquaredDistance(ReadOnlySpan<double> a, [NoGradient] ReadOnlySpan<double> b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    double d = a[i] - b[i];
                    s += d * d;
                }

                return s;
            }

            /// <summary>A while loop with a counter and a break: Newton's method for √a.</summary>
            [Differentiable]
            public static double Root(double a)
            {
                double x = a > 1 ? a : 1;
                int it = 0;
                while (it < 50)
                {
                    double next = 0.5 * (x + a / x);
                    if (Math.Abs(next - x) < 1e-15 * x)
                    {
                        break;
                    }

                    x = next;
                    it++;
                }

                return x;
            }

            /// <summary>Span outputs: Jvp, Vjp and Jacobian.</summary>
            [Differentiable]
            public static void Polar(double r, double theta, Span<double> xy)
            {
                xy[0] = r * Math.Cos(theta);
                xy[1] = r * Math.Sin(theta);
            }

            /// <summary>A Hessian through a loop over a span.</summary>
            [Differentiable(Order = 2)]
            public static double Rosenbrock(ReadOnlySpan<double> x)
            {
                double f = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    double a = x[i + 1] - x[i] * x[i];
                    double b = 1 - x[i];
                    f += 100 * a * a + b * b;
                }

                return f;
            }
        }
        """;

    [Theory]
    [InlineData("NetGen.Sample.AssignmentNet.g.cs")]
    [InlineData("NetGen.Sample.SoftmaxLayer.g.cs")]
    [InlineData("NetGen.Sample.Quadratic.F.g.cs")]
    [InlineData("NetGen.Shapes.LoopNet.g.cs")]
    [InlineData("NetGen.Shapes.FloatNet.g.cs")]
    [InlineData("NetGen.Shapes.ExtrasNet.g.cs")]
    [InlineData("NetGen.Shapes.ExtrasLoopNet.g.cs")]
    [InlineData("NetGen.Shapes.ImageNet.g.cs")]
    [InlineData("NetGen.Shapes.TinyImageNet.g.cs")]
    [InlineData("NetGen.Shapes.Functions.Branch.g.cs")]
    [InlineData("NetGen.Shapes.Functions.Horner.g.cs")]
    [InlineData("NetGen.Shapes.Functions.LogSumExp.g.cs")]
    [InlineData("NetGen.Shapes.Functions.SquaredDistance.g.cs")]
    [InlineData("NetGen.Shapes.Functions.Root.g.cs")]
    [InlineData("NetGen.Shapes.Functions.Polar.g.cs")]
    [InlineData("NetGen.Shapes.Functions.Rosenbrock.g.cs")]
    public void GeneratedSourceMatchesSnapshot(string hintName)
    {
        GeneratorHarness.Run run = Runs.Value;
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        string actual = run.Source(hintName.Substring(0, hintName.Length - ".g.cs".Length));
        string path = Path.Combine(ProjectDirectory, "Snapshots", hintName);

        if (Environment.GetEnvironmentVariable("NETGEN_UPDATE_SNAPSHOTS") == "1")
        {
            // Rewriting is not passing: the run that rewrites fails, so that no CI run can accept a
            // change unseen. Review the diff, then run again without the variable.
            bool changed = !File.Exists(path) || File.ReadAllText(path).Replace("\r\n", "\n") != actual;
            File.WriteAllText(path, actual);
            Assert.False(changed, $"Snapshot {hintName} was rewritten; review the diff and run the tests again without NETGEN_UPDATE_SNAPSHOTS.");
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot at {path}. Run the tests with NETGEN_UPDATE_SNAPSHOTS=1 to create it, then review it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != actual)
        {
            Assert.Fail(Diff(expected, actual, hintName));
        }
    }

    /// <summary>
    /// The driver run twice on the same compilation: every output step's result is cached the second
    /// time, and the sources are the same text (a model that does not compare equal would re-emit).
    /// </summary>
    [Fact]
    public void ASecondRunOfTheDriverIsCachedAndIdentical()
    {
        var compilation = GeneratorHarness.Compilation(SampleSource, ShapesSource);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
        GeneratorDriverRunResult first = driver.GetRunResult();
        GeneratorDriverRunResult second = driver.RunGenerators(compilation.Clone()).GetRunResult();
        Assert.Equal(first.GeneratedTrees.Length, second.GeneratedTrees.Length);
        Assert.True(first.GeneratedTrees.Length >= 12);
        for (int i = 0; i < first.GeneratedTrees.Length; i++)
        {
            Assert.Equal(first.GeneratedTrees[i].FilePath, second.GeneratedTrees[i].FilePath);
            Assert.Equal(first.GeneratedTrees[i].ToString(), second.GeneratedTrees[i].ToString());
        }

        GeneratorRunResult result = second.Results.Single();
        Assert.NotEmpty(result.TrackedOutputSteps);
        foreach (var step in result.TrackedOutputSteps)
        {
            Assert.All(step.Value.SelectMany(r => r.Outputs), o => Assert.True(o.Reason == IncrementalStepRunReason.Cached, $"output step {step.Key} was {o.Reason} on the second run"));
        }
    }

    private static readonly Lazy<GeneratorHarness.Run> Runs = new(() => GeneratorHarness.Generate(SampleSource, ShapesSource));

    internal static string ProjectDirectory =>
        typeof(SnapshotTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "TestProjectDirectory").Value!;

    /// <summary>The first differing line with a little context, like a unified diff.</summary>
    private static string Diff(string expected, string actual, string name)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        int line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line])
        {
            line++;
        }

        var text = new System.Text.StringBuilder();
        text.AppendLine($"{name} differs from its snapshot at line {line + 1} (snapshot {e.Length} lines, generated {a.Length}).");
        text.AppendLine("Run the tests with NETGEN_UPDATE_SNAPSHOTS=1 to accept the new output, then review the diff in git.");
        for (int i = Math.Max(0, line - 3); i < Math.Min(Math.Max(e.Length, a.Length), line + 4); i++)
        {
            string left = i < e.Length ? e[i] : "<end>";
            string right = i < a.Length ? a[i] : "<end>";
            if (left == right)
            {
                text.AppendLine("  " + left);
            }
            else
            {
                text.AppendLine("- " + left);
                text.AppendLine("+ " + right);
            }
        }

        return text.ToString();
    }
}
