using System;
using System.Globalization;
using System.Linq;

namespace NetGen.Sample;

/// <summary>
/// Question 2: ∂E/∂y of softmax + cross-entropy, from the generated softmax layer (a network with no
/// [Dense] layer, so its input gradient is ∂E/∂y), beside the closed form softmax(y)·Σt − t.
/// </summary>
internal static class Question2
{
    public static void Run()
    {
        Console.WriteLine("Question 2 — ∂E/∂y of softmax + cross-entropy (generated SoftmaxLayer.AccumulateGradient)");
        var layer = new SoftmaxLayer();
        double[] y = { 1.2, -0.3, 2.5, 0.4 };
        Console.WriteLine($"  logits y = {Show(y)}");

        // (a) a general target whose sum is not 1
        double[] t = { 0.1, 0.6, 0.2, 0.3 };
        double[] generated = InputGradient(layer, y, t);
        double[] softmax = Softmax(y);
        double sumT = t.Sum();
        double[] closed = softmax.Select((s, i) => s * sumT - t[i]).ToArray();
        Console.WriteLine($"  (a) target t = {Show(t)}, Σt = {sumT.ToString("0.###", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"      generated ∂E/∂y        = {Show(generated)}");
        Console.WriteLine($"      softmax(y)·Σt − t      = {Show(closed)}");
        Console.WriteLine($"      largest difference     = {MaxDifference(generated, closed):E2}");

        // (b) a one-hot target: ∂E/∂yᵢ = softmax(y)ᵢ for i ≠ h and softmax(y)ₕ − 1 at h
        const int h = 1;
        double[] oneHot = new double[y.Length];
        oneHot[h] = 1;
        double[] generatedOneHot = InputGradient(layer, y, oneHot);
        double[] cases = softmax.Select((s, i) => i == h ? s - 1 : s).ToArray();
        Console.WriteLine($"  (b) one-hot target, h = {h}: t = {Show(oneHot)}");
        Console.WriteLine($"      generated ∂E/∂y        = {Show(generatedOneHot)}");
        Console.WriteLine($"      softmax(y) − t         = {Show(softmax.Select((s, i) => s - oneHot[i]).ToArray())}");
        Console.WriteLine($"      softmax(y)ᵢ (i ≠ h), softmax(y)ₕ − 1 = {Show(cases)}");
        Console.WriteLine($"      largest difference     = {MaxDifference(generatedOneHot, cases):E2}");

        // (c) central finite differences of the generated loss
        double worst = Math.Max(
            MaxDifference(generated, CentralDifference(layer, y, t)),
            MaxDifference(generatedOneHot, CentralDifference(layer, y, oneHot)));
        Console.WriteLine($"  (c) central finite differences (h = 1e-6) of E, both targets: largest difference {worst:E2}");
        bool ok = MaxDifference(generated, closed) < 1e-12 && MaxDifference(generatedOneHot, cases) < 1e-12 && worst < 1e-8;
        Console.WriteLine(ok
            ? "  The generated gradient is the closed form softmax(y)·Σt − t, and softmax(y) − t for a one-hot target."
            : "  MISMATCH between the generated gradient and the closed form.");
        Console.WriteLine($"  Generated source: {GeneratedFiles.PathOf("NetGen.Sample.SoftmaxLayer")}");
        Console.WriteLine();
    }

    private static double[] InputGradient(SoftmaxLayer layer, double[] y, double[] t)
    {
        var dy = new double[SoftmaxLayer.InputCount];
        layer.AccumulateGradient(y, t, Span<double>.Empty, dy);
        return dy;
    }

    private static double[] CentralDifference(SoftmaxLayer layer, double[] y, double[] t)
    {
        const double step = 1e-6;
        var result = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            double[] plus = (double[])y.Clone(), minus = (double[])y.Clone();
            plus[i] += step;
            minus[i] -= step;
            result[i] = (layer.ComputeLoss(plus, t) - layer.ComputeLoss(minus, t)) / (2 * step);
        }

        return result;
    }

    /// <summary>softmax(y), written out here independently of the generated code.</summary>
    private static double[] Softmax(double[] y)
    {
        double[] e = y.Select(Math.Exp).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    private static double MaxDifference(double[] a, double[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();

    private static string Show(double[] values) =>
        "[" + string.Join(" ", values.Select(v => v.ToString("0.000000;-0.000000", CultureInfo.InvariantCulture).PadLeft(9))) + "]";
}
