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
    /// <summary>
    /// `dotnet run --project sample -- digits`, in-process with a recording console: at least 97 %
    /// test accuracy, the same after saving and reloading, a confusion matrix over the 360 test rows
    /// whose diagonal is the accuracy, the plot and the weights written, all in under 10 s.
    /// </summary>
    /// <summary>
    /// `dotnet run --project sample -- greeks`: the Monte Carlo price within 3 standard errors of
    /// Black–Scholes, each generated Greek against bump-and-reprice of the sample's own pricer with the
    /// same normals (pathwise Greeks are exact derivatives of that price), and close to the closed form.
    /// </summary>
    [Fact]
    public void GreeksFromOneGradientCallMatchBumpAndRepriceAndBlackScholes()
    {
        var output = new StringWriter();
        Spectre.Console.IAnsiConsole console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(output),
            Interactive = Spectre.Console.InteractionSupport.No,
        });
        Greeks.Result result = Greeks.Run(console);

        Assert.True(Math.Abs(result.Price - result.BlackScholes[0]) <= 3 * result.StandardError, $"price {result.Price} vs Black–Scholes {result.BlackScholes[0]} ± {result.StandardError}");
        double[] z = Greeks.Normals(Greeks.Paths * Greeks.Steps, 2026);
        double[] p = { Greeks.S0, Greeks.Sigma, Greeks.R, Greeks.T };
        for (int k = 0; k < 4; k++)
        {
            double h = 1e-7 * Math.Max(1, Math.Abs(p[k])); // small enough that almost no path crosses the strike between the bumps
            double[] up = (double[])p.Clone(), down = (double[])p.Clone();
            up[k] += h;
            down[k] -= h;
            double bumped = (MonteCarlo.EuropeanCall(up[0], up[1], up[2], up[3], Greeks.Strike, z, Greeks.Paths) - MonteCarlo.EuropeanCall(down[0], down[1], down[2], down[3], Greeks.Strike, z, Greeks.Paths)) / (2 * h);
            Assert.True(Math.Abs(bumped - result.Gradient[k]) <= 1e-5 * Math.Max(1, Math.Abs(bumped)), $"Greek {k}: generated {result.Gradient[k]}, bump-and-reprice {bumped}");
            Assert.True(Math.Abs(result.Gradient[k] - result.BlackScholes[k + 1]) <= 0.05 * Math.Abs(result.BlackScholes[k + 1]), $"Greek {k}: {result.Gradient[k]} vs Black–Scholes {result.BlackScholes[k + 1]}");
        }

        Assert.Contains("Black–Scholes", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("a pricing", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DigitsTrainsToNinetySevenPercentSavesAndReloads()
    {
        Spectre.Console.IAnsiConsole console = Recording(out StringWriter output);
        Digits.Result result = Digits.Run(console);

        Assert.True(result.TestAccuracy >= 0.97, $"test accuracy {result.TestAccuracy}");
        Assert.Equal(result.TestAccuracy, result.ReloadedAccuracy);
        int total = 0, diagonal = 0;
        for (int r = 0; r < 10; r++)
        {
            for (int c = 0; c < 10; c++)
            {
                total += result.Confusion[r, c];
                diagonal += r == c ? result.Confusion[r, c] : 0;
            }
        }

        Assert.Equal(360, total);
        Assert.Equal(result.TestAccuracy, diagonal / 360.0, 12);
        Assert.Equal(Digits.Epochs, result.History.Epochs);
        Assert.True(File.Exists(result.PlotPath) && new FileInfo(result.PlotPath).Length > 10_000);
        Assert.True(File.Exists(result.WeightsPath));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), $"took {result.Elapsed}");
        Assert.Contains("Test accuracy:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Confusion matrix", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A console that writes into <paramref name="output"/>, not interactive (no live progress).</summary>
    private static Spectre.Console.IAnsiConsole Recording(out StringWriter output)
    {
        output = new StringWriter();
        return Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(output),
            Interactive = Spectre.Console.InteractionSupport.No,
        });
    }

    [Fact]
    public void DigitsWithGeluLayerNormAndDropoutTrainsToNinetySevenPercentAndReloads()
    {
        Spectre.Console.IAnsiConsole console = Recording(out StringWriter output);
        Digits.Result result = Digits.RunGelu(console);

        Assert.True(result.TestAccuracy >= 0.97, $"test accuracy {result.TestAccuracy}");
        Assert.Equal(result.TestAccuracy, result.ReloadedAccuracy); // dropout is off in Evaluate: the reloaded network agrees exactly
        Assert.EndsWith("digits-gelu.safetensors", result.WeightsPath, StringComparison.Ordinal);
        Assert.True(File.Exists(result.PlotPath) && new FileInfo(result.PlotPath).Length > 10_000);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(20), $"took {result.Elapsed}");
        Assert.Contains("64-64(GELU,LayerNorm,Dropout=0.2)-10", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DigitsCnnTrainsToNinetyEightAndAHalfPercentInUnderThirtySecondsAndReloads()
    {
        Spectre.Console.IAnsiConsole console = Recording(out StringWriter output);
        Digits.Result result = Digits.RunCnn(console);

        // Issue 25's figures: at least 98.5 % on the same seeded split as `digits`, in under 30 s.
        Assert.True(result.TestAccuracy >= 0.985, $"test accuracy {result.TestAccuracy}");
        Assert.Equal(result.TestAccuracy, result.ReloadedAccuracy);
        Assert.EndsWith("digits-cnn.safetensors", result.WeightsPath, StringComparison.Ordinal);
        Assert.True(File.Exists(result.PlotPath) && new FileInfo(result.PlotPath).Length > 10_000);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), $"took {result.Elapsed}");
        Assert.Contains("1x8x8-conv16k3p1(ReLU)-maxpool2-conv32k3p1(ReLU)-maxpool2-10", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(360, Enumerable.Range(0, 10).Sum(r => Enumerable.Range(0, 10).Sum(c => result.Confusion[r, c])));
    }

    [Fact]
    public void Question1PrintsTheAssignmentsAnswersComputedByGeneratedCode()
    {
        string output = Capture(Question1.Run);
        Assert.Contains("L = 2.38554 (computed here; the assignment does not print L)", output, StringComparison.Ordinal);
        Assert.Contains("∂L/∂W1  [[0.0122 0 0.061] [-0.0268 0 -0.134]]", output, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Matches(output, "✓").Count);
        Assert.Contains("All four agree", output, StringComparison.Ordinal);
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
        double largest = double.Parse(Regex.Match(output, @"largest contracting η by bisection \(.*?\): ([0-9.E+-]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        double smallest = double.Parse(Regex.Match(output, @"smallest contracting η by bisection: ([0-9.E+-]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(largest, 0.2 - 1e-9, 0.2);
        Assert.InRange(smallest, 0.0, 1e-12);
        Assert.Contains("f''(x) = 10 (from the generated Hessian Quadratic.FHessian), so the analytic bound is 2/f'' = 0.2", output, StringComparison.Ordinal);
        Assert.Contains("(2/f'' from the Hessian: 0.2)", output, StringComparison.Ordinal);
        Assert.Contains("converges for η in (0, 0.2)", output, StringComparison.Ordinal);
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
