using System;
using System.IO;
using System.Linq;
using System.Reflection;
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

    [Theory]
    [InlineData("NetGen.Sample.AssignmentNet.g.cs")]
    [InlineData("NetGen.Sample.SoftmaxLayer.g.cs")]
    [InlineData("NetGen.Sample.Quadratic.F.g.cs")]
    public void GeneratedSourceMatchesSnapshot(string hintName)
    {
        GeneratorHarness.Run run = GeneratorHarness.Generate(SampleSource);
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
