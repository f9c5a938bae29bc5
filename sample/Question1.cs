using System;
using System.Globalization;
using System.Linq;

namespace NetGen.Sample;

/// <summary>Question 1: the gradients of the 2-3-1 ReLU network, from the generated code.</summary>
internal static class Question1
{
    public static void Run()
    {
        Console.WriteLine("Question 1 — gradients of the 2-3-1 ReLU network (generated AssignmentNet.Gradient)");
        var net = new AssignmentNet();
        double[] w1 = { -0.8, -0.7, 0.6, -1.0, 0.5, -1.0 };   // W1, 2×3, row-major
        double[] b1 = { -0.2, -1.0, -0.7 };
        double[] w2 = { 0.1, -1.0, 0.5 };                     // W2, 3×1
        double[] b2 = { -0.7 };
        w1.CopyTo(net.W1);
        b1.CopyTo(net.B1);
        w2.CopyTo(net.W2);
        b2.CopyTo(net.B2);
        double[] x = { 0.6, -1.0, 0.8, -1.0, -0.4, 0.9, 0.2, 0.0 }; // X, 4×2, row-major
        double[] t = { -0.8, -0.1, 0.9, 0.7 };

        var gradient = new double[AssignmentNet.ParameterCount];
        double loss = net.Gradient(x, t, gradient);
        var g = gradient.AsSpan();
        ReadOnlySpan<double> gW1 = g.Slice(0, 6), gB1 = g.Slice(6, 3), gW2 = g.Slice(9, 3), gB2 = g.Slice(12, 1);

        // The assignment prints the four gradients (docs/assignment.md); it does not print L.
        Console.WriteLine($"  L = {Format(loss)} (computed here; the assignment does not print L)");
        var rows = new (string Name, string Computed, string Printed)[]
        {
            ("∂L/∂b2", Format(gB2[0]), "-2.732"),
            ("∂L/∂b1", Vector(gB1), "[0.0268 0 0.134]"),
            ("∂L/∂w2", Vector(gW2), "[0.1168 0 0.1536]"),
            ("∂L/∂W1", Matrix(gW1, 2, 3), "[[0.0122 0 0.061] [-0.0268 0 -0.134]]"),
        };
        int width = rows.Max(r => r.Computed.Length);
        Console.WriteLine($"  {"",-7} {"NetGen (rounded to 5 decimals)".PadRight(width)}   assignment");
        bool agree = true;
        foreach (var (name, computed, printed) in rows)
        {
            bool same = Parse(computed).SequenceEqual(Parse(printed));
            agree &= same;
            Console.WriteLine($"  {name,-7} {computed.PadRight(width)}   {printed}   {(same ? "✓" : "✗ differs")}");
        }

        Console.WriteLine(agree
            ? "  All four agree with the assignment's printed answers."
            : "  MISMATCH: the generated gradient does not agree with the assignment.");
        Console.WriteLine($"  Generated source: {GeneratedFiles.PathOf("NetGen.Sample.AssignmentNet")}");
        Console.WriteLine();
    }

    internal static string Format(double value)
    {
        double rounded = Math.Round(value, 5, MidpointRounding.ToEven);
        return (rounded == 0 ? 0.0 : rounded).ToString("0.#####", CultureInfo.InvariantCulture);
    }

    private static string Vector(ReadOnlySpan<double> values)
    {
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            parts[i] = Format(values[i]);
        }

        return "[" + string.Join(" ", parts) + "]";
    }

    private static string Matrix(ReadOnlySpan<double> values, int rows, int columns)
    {
        var parts = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            parts[r] = Vector(values.Slice(r * columns, columns));
        }

        return "[" + string.Join(" ", parts) + "]";
    }

    /// <summary>The numbers in a printed value, for comparison.</summary>
    private static double[] Parse(string text) =>
        text.Split(new[] { '[', ']', ' ' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture))
            .ToArray();
}
