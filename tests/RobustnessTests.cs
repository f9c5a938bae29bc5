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

    [Fact]
    public void TwoThousandSeededMutationsNeverCrashTheGenerator()
    {
        var random = new Random(20261128);
        SyntaxToken[] tokens = CSharpSyntaxTree.ParseText(Valid).GetRoot().DescendantTokens().ToArray();
        var generatedSomething = 0;
        var reported = 0;
        for (int i = 0; i < 2000; i++)
        {
            string mutated = Mutate(tokens, random);
            GeneratorHarness.Run run = GeneratorHarness.Generate(mutated, Good);

            Assert.True(run.Exception is null, $"case {i} threw {run.Exception}:\n{mutated}");
            Assert.DoesNotContain(run.DriverDiagnostics, d => d.Id is "CS8784" or "CS8785");
            Assert.False(run.GeneratorDiagnostics.Any(d => d.Id == "NETGEN099"), $"case {i}: internal error {string.Join("; ", run.GeneratorDiagnostics)}\n{mutated}");
            Assert.True(run.Generated("Good.GoodNet"), $"case {i}: the good network beside it was not generated:\n{mutated}");

            bool generated = run.Sources.Keys.Any(k => !GeneratorHarness.Run.IsHintOf(k, "Good.GoodNet"));
            bool diagnosed = generated || run.GeneratorDiagnostics.Count > 0 || run.Input.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
            bool stillUsesNetGen = mutated.Contains("[Network", StringComparison.Ordinal) || mutated.Contains("[Dense", StringComparison.Ordinal) || mutated.Contains("[Differentiable", StringComparison.Ordinal);
            Assert.True(generated || diagnosed || !stillUsesNetGen, $"case {i}: neither generated nor diagnosed:\n{mutated}");
            generatedSomething += generated ? 1 : 0;
            reported += run.GeneratorDiagnostics.Count > 0 ? 1 : 0;
        }

        // The mutations must exercise both paths, or the test proves little.
        Assert.True(generatedSomething > 200, $"only {generatedSomething} mutated cases generated code");
        Assert.True(reported > 100, $"only {reported} mutated cases got a NETGEN diagnostic");
    }

    private static string Mutate(SyntaxToken[] tokens, Random random)
    {
        var texts = tokens.Select(t => t.ToFullString()).ToList();
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations; m++)
        {
            int i = random.Next(texts.Count);
            string token = tokens[Math.Min(i, tokens.Length - 1)].Text;
            switch (random.Next(8))
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
                        texts[number] = " " + new[] { "0", "-1", "2147483647", "-2147483648", "1e308", "0.5" }[random.Next(6)] + " ";
                    }

                    break;
                case 4:
                    int partial = texts.FindIndex(t => t.Contains("partial", StringComparison.Ordinal));
                    if (partial >= 0)
                    {
                        texts[partial] = texts[partial].Replace("partial", string.Empty, StringComparison.Ordinal);
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
                    texts.Insert(i, new[] { "(", ")", "[", "]", "{", "}", ";", "," }[random.Next(8)]);
                    break;
                default:
                    texts[i] = " " + new[] { "x", "y", "Math", "F", "G", "static", "ref", "double", "int", "+", "*", "/", "-", "=", "++" }[random.Next(15)] + " " + token + " ";
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
