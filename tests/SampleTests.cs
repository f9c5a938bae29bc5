using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NetGen.Sample;
using Xunit;

namespace NetGen.Tests;

/// <summary>The sample's output: what `dotnet run --project sample` prints, run in-process.</summary>
[Collection(ConsoleCollection.Name)]
public class SampleTests
{
    [Fact]
    public void Question1PrintsTheAssignmentsAnswersComputedByGeneratedCode()
    {
        string output = Capture(Question1.Run);
        Assert.Contains("L       2.38554", output, StringComparison.Ordinal);
        Assert.Contains("∂L/∂W1  [[0.0122 0 0.061] [-0.0268 0 -0.134]]", output, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Matches(output, "✓").Count);
        Assert.Contains("All five agree", output, StringComparison.Ordinal);
        AssertGeneratedFileExists(output, "NetGen.Sample.AssignmentNet");
    }

    [Fact]
    public void Question2PrintsTheClosedFormAndAFiniteDifferenceCheck()
    {
        string output = Capture(Question2.Run);
        Assert.Contains("The generated gradient is the closed form", output, StringComparison.Ordinal);
        double worst = double.Parse(Regex.Match(output, @"largest difference ([0-9.E+-]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(worst < 1e-8);
        AssertGeneratedFileExists(output, "NetGen.Sample.SoftmaxLayer");
    }

    [Fact]
    public void Question3FindsTheLearningRateRangeAndDrawsThePlot()
    {
        string output = Capture(Question3.Run);
        double largest = double.Parse(Regex.Match(output, @"bisection on divergence: ([0-9.E+-]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(largest, 0.2 - 1e-9, 0.2);
        Assert.Contains("2/f'' = 0.2", output, StringComparison.Ordinal);
        Assert.Contains("the range is (0, 1/5)", output, StringComparison.Ordinal);
        Assert.Contains("x₁ = 0 from x₀ = 1 and 0 from x₀ = −3", output, StringComparison.Ordinal);
        Assert.Matches(@"0\.10\s+converges in 1 step\s", output);
        Assert.Matches(@"0\.21\s+diverges", output);
        Assert.Matches(@"-0\.01\s+diverges", output);
        string png = Regex.Match(output, @"log scale\): (.+\.png)").Groups[1].Value.Trim();
        byte[] header = File.ReadAllBytes(png).Take(8).ToArray();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header);
        AssertGeneratedFileExists(output, "NetGen.Sample.Quadratic.F");
    }

    [Fact]
    public void GradientDescentFromTheSampleConvergesExactlyWhereTheAnalysisSays()
    {
        foreach (double eta in new[] { 0.01, 0.05, 0.1, 0.15, 0.19 })
        {
            Assert.Equal(Question3.Outcome.Converged, Question3.Descend(2.0, eta).Outcome);
        }

        foreach (double eta in new[] { -0.05, 0.21, 0.3 })
        {
            Assert.Equal(Question3.Outcome.Diverged, Question3.Descend(2.0, eta).Outcome);
        }

        Assert.Equal(1, Question3.Descend(-7.0, 0.1).Steps);
    }

    private static void AssertGeneratedFileExists(string output, string readableName)
    {
        string line = output.Split('\n').Single(l => l.Contains("Generated source: ", StringComparison.Ordinal));
        string path = line.Substring(line.IndexOf(": ", StringComparison.Ordinal) + 2).Trim();
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(readableName) + @"\.[0-9a-f]{8}\.g\.cs$", Path.GetFileName(path));
        Assert.True(File.Exists(path), $"the sample points at {path}, which does not exist");
    }

    private static string Capture(Action run)
    {
        TextWriter original = Console.Out;
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(writer);
        try
        {
            run();
        }
        finally
        {
            Console.SetOut(original);
        }

        return writer.ToString();
    }
}

/// <summary>Tests that redirect Console.Out run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
