using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NetGen.Tests;

/// <summary>The generator never throws, whatever it is given, and its output does not depend on the culture.</summary>
public class RobustnessTests
{
    private const string Valid = """
        using System;
        using NetGen;

        namespace Fuzz;

        [Network(2, Loss = Loss.SoftmaxCrossEntropy)]
        [Dense(3, Activation.ReLU)]
        [Dense(2, Activation.Tanh)]
        public partial class Net { }

        public static partial class Functions
        {
            public const double K = 1.5;

            [Differentiable]
            public static double F(double x, double y) => 5 * x * x + Math.Exp(-y) / (1 + K * y);

            [Differentiable]
            public static double G(double x)
            {
                double a = Math.Sin(x);
                return F(a, x) * Math.Pow(x, 2);
            }

            [Differentiable]
            public static double H(double x) => G(x) - F(x, G(2 * x));

            [Differentiable]
            public static double I(double x, int n)
            {
                int h = n / 2;
                double s = 0;
                for (int k = n; k > 0; k -= 2)
                {
                    s += x * (k % 3) - 7 / k;
                }

                return h + s + (double)n / 4;
            }
        }
        """;

    private const string Good = """
        using NetGen;
        namespace Good;
        [Network(2)]
        [Dense(3, Activation.Sigmoid)]
        [Dense(1)]
        public partial class GoodNet { }
        """;

    /// <summary>
    /// 5,000 seeded mutations of a valid source, as an adversarial user or an IDE mid-keystroke makes
    /// them: deleted and inserted characters and tokens, case-only renames, duplicated members, huge
    /// and overflowing sizes, undefined enum values, missing 'partial'. Two partitions of 2,500 run on
    /// the two cores, each with its own seed and its own driver that is re-run on every edit (as an
    /// IDE runs it), so the set of cases does not depend on scheduling.
    /// </summary>
    [Fact]
    public void FiveThousandSeededMutationsNeverBreakTheBuild()
    {
        const int Partitions = 2;
        const int PerPartition = 2500;
        var stats = new (int Generated, int Reported)[Partitions];
        System.Threading.Tasks.Parallel.For(0, Partitions, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Partitions }, p =>
        {
            stats[p] = FuzzPartition(new Random(20261129 + p), PerPartition, p);
        });

        // The mutations must exercise both paths, or the test proves little.
        int generatedSomething = stats.Sum(s => s.Generated);
        int reported = stats.Sum(s => s.Reported);
        Assert.True(generatedSomething > 500, $"only {generatedSomething} mutated cases generated code");
        Assert.True(reported > 250, $"only {reported} mutated cases got a NETGEN diagnostic");
    }

    private static (int Generated, int Reported) FuzzPartition(Random random, int count, int partition)
    {
        SyntaxToken[] tokens = CSharpSyntaxTree.ParseText(Valid).GetRoot().DescendantTokens().ToArray();
        CSharpCompilation baseline = GeneratorHarness.Compilation(Valid, Good);
        SyntaxTree mutable = baseline.SyntaxTrees.First();
        GeneratorDriver driver = GeneratorHarness.Driver();
        int generatedSomething = 0, reported = 0;
        var checkedTexts = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string mutated = Mutate(tokens, random);
            string name = $"partition {partition} case {i}";
            CSharpCompilation input = baseline.ReplaceSyntaxTree(mutable, CSharpSyntaxTree.ParseText(mutated, GeneratorHarness.ParseOptions, path: "File0.cs"));
            driver = driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out var driverDiagnostics);
            GeneratorDriverRunResult run = driver.GetRunResult();
            GeneratorRunResult result = run.Results.Single();

            Assert.True(result.Exception is null, $"{name} threw {result.Exception}:\n{mutated}");
            Assert.DoesNotContain(driverDiagnostics, d => d.Id is "CS8784" or "CS8785" or "AD0001");
            Assert.False(result.Diagnostics.Any(d => d.Id == "NETGEN099"), $"{name}: internal error {string.Join("; ", result.Diagnostics)}\n{mutated}");
            Assert.True(result.GeneratedSources.Any(s => GeneratorHarness.Run.IsHintOf(s.HintName, "Good.GoodNet")), $"{name}: the good network beside it was not generated:\n{mutated}");

            // Nothing inside a generated file (the good network's is unchanged, and checked elsewhere).
            // Most mutations leave the generated text as it was: each distinct text is checked once.
            foreach (GeneratedSourceResult source in result.GeneratedSources.Where(s => !GeneratorHarness.Run.IsHintOf(s.HintName, "Good.GoodNet")))
            {
                if (!checkedTexts.Add(source.HintName + "\n" + source.SourceText))
                {
                    continue;
                }

                SyntaxTree tree = output.SyntaxTrees.Single(t => t.FilePath.EndsWith(source.HintName, StringComparison.Ordinal));
                Diagnostic[] inGenerated = output.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
                Assert.True(inGenerated.Length == 0, $"{name}: in generated {source.HintName}: {string.Join("; ", inGenerated.Select(d => d.ToString()))}\n{mutated}");
            }

            bool generated = result.GeneratedSources.Any(s => !GeneratorHarness.Run.IsHintOf(s.HintName, "Good.GoodNet"));
            bool diagnosed = generated || result.Diagnostics.Length > 0 || input.GetParseDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ||
                             input.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
            bool stillUsesNetGen = mutated.Contains("[Network", StringComparison.Ordinal) || mutated.Contains("[Dense", StringComparison.Ordinal) || mutated.Contains("[Differentiable", StringComparison.Ordinal);
            Assert.True(generated || diagnosed || !stillUsesNetGen, $"{name}: neither generated nor diagnosed:\n{mutated}");
            generatedSomething += generated ? 1 : 0;
            reported += result.Diagnostics.Length > 0 ? 1 : 0;
        }

        return (generatedSomething, reported);
    }

    private static string Mutate(SyntaxToken[] tokens, Random random)
    {
        var texts = tokens.Select(t => t.ToFullString()).ToList();
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations; m++)
        {
            int i = random.Next(texts.Count);
            string token = tokens[Math.Min(i, tokens.Length - 1)].Text;
            switch (random.Next(13))
            {
                case 0:
                    texts.RemoveAt(i);
                    break;
                case 1:
                    texts.Insert(i, texts[i]);
                    break;
                case 2 when i + 1 < texts.Count:
                    (texts[i], texts[i + 1]) = (texts[i + 1], texts[i]);
                    break;
                case 3:
                    int number = texts.FindIndex(random.Next(texts.Count), t => t.Trim().Length > 0 && char.IsDigit(t.Trim()[0]));
                    if (number >= 0)
                    {
                        texts[number] = " " + new[] { "0", "-1", "2147483647", "-2147483648", "1e308", "0.5", "65536", "100000", "int.MaxValue", "4097" }[random.Next(10)] + " ";
                    }

                    break;
                case 4:
                    int partial = texts.FindIndex(t => t.Contains("partial", StringComparison.Ordinal));
                    if (partial >= 0)
                    {
                        texts[partial] = texts[partial].Replace("partial", random.Next(3) == 0 ? "file partial" : string.Empty, StringComparison.Ordinal);
                    }

                    break;
                case 5:
                    int member = texts.FindIndex(random.Next(texts.Count), t => t.Trim() is "ReLU" or "Tanh" or "SoftmaxCrossEntropy");
                    if (member > 1)
                    {
                        texts[member - 2] = " (";
                        texts[member - 1] = random.Next(2) == 0 ? "Activation)" : "Loss)";
                        texts[member] = new[] { "99", "-1", "2" }[random.Next(3)];
                    }

                    break;
                case 6:
                    texts.Insert(i, new[] { "(", ")", "[", "]", "{", "}", ";", ",", "!", "?", ":" }[random.Next(11)]);
                    break;
                case 7:
                    // A case-only rename: hint names must stay unique when Net and NET meet.
                    string text = texts[i];
                    if (text.Trim().Length > 0 && char.IsLetter(text.Trim()[0]))
                    {
                        texts[i] = random.Next(2) == 0 ? text.ToUpperInvariant() : text.ToLowerInvariant();
                    }

                    break;
                case 8:
                    // A duplicated member or declaration, as pasting does: from a '[' or a keyword to the next '}' or ';'.
                    int from = texts.FindIndex(i, t => t.Trim() is "[" or "public");
                    int to = from < 0 ? -1 : texts.FindIndex(from, t => t.Trim() is "}" or ";");
                    if (from >= 0 && to >= from && to - from < 80)
                    {
                        texts.InsertRange(to + 1, texts.GetRange(from, to - from + 1));
                    }

                    break;
                case 9:
                    // Characters deleted while typing: one to three from inside a token.
                    string chars = texts[i];
                    if (chars.Length > 1)
                    {
                        int at = random.Next(chars.Length);
                        texts[i] = chars.Remove(at, Math.Min(1 + random.Next(3), chars.Length - at));
                    }

                    break;
                case 11:
                    // A member that generated code could bind to by mistake, pasted into a type body.
                    int brace = texts.FindIndex(random.Next(texts.Count), t => t.Trim() == "{");
                    if (brace >= 0)
                    {
                        texts.Insert(brace + 1, " " + new[]
                        {
                            "public static int nameof(object o) => 0;", "private sealed class var { }", "public const int n = 3;",
                            "public static double Math = 1;", "private sealed class Guard { }", "private sealed class System { }",
                            "public static double FGradient(double x) => x;", "private sealed class Span<T> { }", "private const double dX = 1;",
                            "private sealed class NetGen { }", "public int checked_ = 0;", "private static int tape;",
                        }[random.Next(12)] + " ");
                    }

                    break;
                case 10:
                    // A whole definition set twice: the same names in one namespace.
                    texts.Insert(texts.Count - 1, string.Concat(tokens.Skip(Array.FindIndex(tokens, t => t.Text == "[")).Select(t => t.ToFullString())));
                    break;
                default:
                    texts[i] = " " + new[] { "x", "y", "Math", "F", "G", "static", "ref", "double", "int", "+", "*", "/", "-", "=", "++", "file", "@class", "Forward", "Step", "x!" }[random.Next(20)] + " " + token + " ";
                    break;
            }
        }

        return string.Concat(texts);
    }

    [Fact]
    public void GeneratedSourceIsTheSameInEveryCulture()
    {
        string source = """
            using System;
            using NetGen;
            namespace Culture;
            [Network(3, Loss = Loss.SoftmaxCrossEntropy)]
            [Dense(4, Activation.Tanh)]
            [Dense(2)]
            public partial class Net { }
            [Network(40)]
            [Dense(12, Activation.Sigmoid)]
            [Dense(3)]
            public partial class LoopNet { }
            public static partial class Functions
            {
                public const double Half = 0.5;
                [Differentiable]
                public static double Index(double index, double item) => 2.25 * index * item + 1e-3 / item - Half * Math.Pow(index, 1.5);
            }
            """;
        CultureInfo original = CultureInfo.CurrentCulture, originalUi = CultureInfo.CurrentUICulture;
        var outputs = new List<string>();
        try
        {
            foreach (string name in new[] { "", "de-DE", "tr-TR", "fr-FR", "ar-SA" })
            {
                var culture = CultureInfo.GetCultureInfo(name);
                CultureInfo.CurrentCulture = culture;
                CultureInfo.CurrentUICulture = culture;
                GeneratorHarness.Run run = GeneratorHarness.Generate(source);
                Assert.Empty(run.GeneratorDiagnostics);
                outputs.Add(string.Join("\n//----\n", run.Sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + "\n" + s.Value)));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
            CultureInfo.CurrentUICulture = originalUi;
        }

        Assert.All(outputs, o => Assert.Equal(outputs[0], o));
        Assert.Contains("2.25", outputs[0], StringComparison.Ordinal);
        Assert.Contains("0.001", outputs[0], StringComparison.Ordinal);
        Assert.Contains("out double dIndex", outputs[0], StringComparison.Ordinal);
    }
}
