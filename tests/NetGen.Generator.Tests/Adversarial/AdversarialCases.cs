using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetGen.Tests.Adversarial;

/// <summary>One adversarial source: what NetGen must report, and what it must still generate.</summary>
/// <param name="Name">What the case tries.</param>
/// <param name="Source">The user's code (usings of System, NetGen and ProbeSupport are added).</param>
/// <param name="Errors">The NETGEN ids that must be reported, and no others.</param>
/// <param name="Generates">Readable names of definitions that must be generated (Namespace.Type[.Method]).</param>
/// <param name="Exe">Compile as a program (top-level statements).</param>
/// <param name="Compiles">The case must compile with no error at all (and its probe, if any, pass).</param>
public sealed record AdversarialCase(string Name, string Source, string[] Errors, string[] Generates, bool Exe = false, bool Compiles = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// About a hundred sources an adversarial user (or an IDE, mid-keystroke) gives the generator.
/// Where a case generates, a class <c>Probe</c> with <c>static double Run()</c> checks the result
/// against finite differences inside the compiled case.
/// </summary>
public static class AdversarialCases
{
    private static readonly string[] None = System.Array.Empty<string>();

    public static IEnumerable<object[]> Data => All().Select(c => new object[] { c });

    /// <summary>A probe for a network of <paramref name="inputs"/> inputs and <paramref name="outputs"/> outputs: its gradient against finite differences.</summary>
    public static string NetProbe(string type, int inputs, int outputs, string create = "")
    {
        string x = string.Join(", ", Enumerable.Range(0, inputs).Select(i => (0.3 - (0.25 * i)).ToString("R", CultureInfo.InvariantCulture)));
        string t = string.Join(", ", Enumerable.Range(0, outputs).Select(k => (k == 0 ? 1.0 : 0.0).ToString("R", CultureInfo.InvariantCulture)));
        string make = create.Length > 0 ? create : "new " + type + "()";
        return $$"""

            public static class Probe
            {
                public static double Run()
                {
                    var n = {{make}};
                    double[] x = { {{x}} };
                    double[] t = { {{t}} };
                    return Check.Network(() => n.Parameters, () => n.ComputeLoss(x, t), g => n.Gradient(x, t, g));
                }
            }
            """;
    }

    /// <summary>A probe of a one-argument [Differentiable] method at <paramref name="x"/>.</summary>
    public static string FnProbe(string method, double x) => $$"""

        public static class Probe
        {
            public static double Run() => Check.Function({{method}}, {{method}}Gradient, {{x.ToString("R", CultureInfo.InvariantCulture)}});
        }
        """;

    /// <summary>A probe of a two-argument [Differentiable] method at (x, y).</summary>
    public static string FnProbe2(string method, double x, double y) => $$"""

        public static class Probe
        {
            public static double Run() => Check.Function({{method}}, {{method}}Gradient, {{x.ToString("R", CultureInfo.InvariantCulture)}}, {{y.ToString("R", CultureInfo.InvariantCulture)}});
        }
        """;

    private static AdversarialCase Ok(string name, string source, params string[] generates) => new(name, source, None, generates, Compiles: true);

    private static AdversarialCase Error(string name, string source, string[] errors, params string[] generates) => new(name, source, errors, generates);

    private static string[] Ids(params string[] ids) => ids;

    public static IEnumerable<AdversarialCase> All()
    {
        // 1. Hint names: unique under case-insensitive comparison and Unicode normalization, never thrown.
        yield return Ok("class names differing only in case", """
            namespace H1;
            [Network(2)] [Dense(1)] public partial class Net { }
            [Network(3)] [Dense(2)] public partial class NET { }
            """ + NetProbe("Net", 2, 1), "H1.Net", "H1.NET");
        yield return Ok("namespaces differing only in case", """
            namespace H2 { [Network(2)] [Dense(1)] public partial class Net { } }
            namespace h2 { [Network(2)] [Dense(1)] public partial class Net { } }
            namespace H2 {
            """ + NetProbe("Net", 2, 1) + "}", "H2.Net", "h2.Net");
        yield return Ok("a member named nameof in a network type (generated code uses string literals)", """
            namespace H1b;
            [Network(2)] [Dense(3, Activation.Tanh)] [Dense(1)] public partial class Net { public static int nameof(object o) => 0; }
            [Network(40, Emit = EmitStyle.Loops)] [Dense(8, Activation.ReLU)] [Dense(2)] public partial class Big { private static string nameof(int k) => ""; }
            """ + NetProbe("Net", 2, 1), "H1b.Net", "H1b.Big");
        yield return Ok("a network type the user already marks [GeneratedCode] (allowed once per type)", """
            namespace H1c;
            [System.CodeDom.Compiler.GeneratedCode("mine", "1")] [Network(2)] [Dense(1)] public partial class Net { }
            """ + NetProbe("Net", 2, 1), "H1c.Net");
        yield return Ok("methods differing only in case", """
            namespace H3;
            public static partial class Q
            {
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static double f(double x) => 3 * x;
            }
            """ + FnProbe("Q.F", 1.5), "H3.Q.F", "H3.Q.f");
        yield return Ok("overloads", """
            namespace H4;
            public static partial class Q
            {
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static double F(double x, double y) => x * y;
            }
            """ + FnProbe2("Q.F", 1.5, -2), "H4.Q.F");
        yield return Error("the same method pasted twice (CS0111)", """
            namespace H5;
            public static partial class Q
            {
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static double G(double x) => x + 1;
            }
            """ + FnProbe("Q.G", 2), None, "H5.Q.G");
        yield return Error("[Network] on two parts of one class (CS0579)", """
            namespace H6;
            [Network(2)] public partial class Net { }
            [Network(2)] [Dense(1)] public partial class Net { }
            [Network(2)] [Dense(1)] public partial class Other { }
            """ + NetProbe("Other", 2, 1), None, "H6.Other");
        yield return Ok("names in composed and decomposed Unicode", """
            namespace H7;
            [Network(2)] [Dense(1)] public partial class Caf\u00e9 { }
            [Network(2)] [Dense(1)] public partial class Cafe\u0301 { }
            """ + NetProbe("Caf\u00e9", 2, 1));
        yield return Ok("a nested type and a type whose name looks like it", """
            namespace H8;
            public partial class Outer { [Network(2)] [Dense(1)] public partial class Net { } }
            [Network(2)] [Dense(1)] public partial class Outer_Net { }
            """ + NetProbe("Outer.Net", 2, 1), "H8.Outer.Net", "H8.Outer_Net");
        yield return Ok("escaped keyword names", """
            namespace @event;
            [Network(2)] [Dense(1)] public partial class @class { }
            public static partial class @static { [Differentiable] public static double @double(double @in) => @in * @in; }
            """ + NetProbe("@class", 2, 1));
        yield return Ok("a very long name", "namespace H10;\n[Network(2)] [Dense(1)] public partial class N" + new string('e', 400) + " { }\n" + NetProbe("N" + new string('e', 400), 2, 1));
        yield return Ok("the same type name in many namespaces", string.Concat(Enumerable.Range(0, 20).Select(i => $"namespace H11.N{i} {{ [Network(2)] [Dense(1)] public partial class Net {{ }} }}\n")) + "namespace H11.N0 {" + NetProbe("Net", 2, 1) + "}");
        yield return Ok("a network and a method of the same readable name", """
            namespace H12;
            public static partial class Q { [Differentiable] public static double F(double x) => x * x; }
            public static partial class Q2 { }
            [Network(1)] [Dense(1)] public partial class F { }
            """ + FnProbe("Q.F", 0.5), "H12.Q.F", "H12.F");

        // 2. Sizes: bounded in saturating arithmetic before any code is written.
        yield return Error("inputs of int.MaxValue and three layers of int.MaxValue", "namespace S1;\n[Network(int.MaxValue)] [Dense(int.MaxValue)] [Dense(int.MaxValue)] [Dense(int.MaxValue)] public partial class Net { }", Ids("NETGEN009"));
        yield return Error("one layer of int.MaxValue", "namespace S2;\n[Network(2)] [Dense(int.MaxValue)] public partial class Net { }", Ids("NETGEN009"));
        yield return Error("a wide layer that overflows int", "namespace S3;\n[Network(65536)] [Dense(65536)] public partial class Net { }", Ids("NETGEN009"));
        yield return Ok("200,000 inputs and no layer: loops", "namespace S4;\n[Network(200000)] public partial class Net { }\n", "S4.Net");
        yield return Error("200,000 inputs and no layer, forced straight-line", "namespace S5;\n[Network(200000, Emit = EmitStyle.StraightLine)] public partial class Net { }", Ids("NETGEN009"));
        yield return Error("straight-line one parameter above the ceiling", "namespace S6;\n[Network(4095, Emit = EmitStyle.StraightLine)] [Dense(1)] public partial class Net { }", Ids("NETGEN009"));
        yield return Ok("straight-line at the ceiling", "namespace S7;\n[Network(2000, Emit = EmitStyle.StraightLine)] [Dense(1)] public partial class Net { }", "S7.Net");
        yield return Error("stack scratch over the limit", "namespace S8;\n[Network(2)] [Dense(6000)] [Dense(6000)] public partial class Net { }", Ids("NETGEN009"));
        yield return Error("zero units", "namespace S9;\n[Network(2)] [Dense(0)] public partial class Net { }", Ids("NETGEN004"));
        yield return Error("negative inputs", "namespace S10;\n[Network(-5)] [Dense(1)] public partial class Net { }", Ids("NETGEN003"));
        yield return Error("int.MinValue units", "namespace S11;\n[Network(2)] [Dense(int.MinValue)] public partial class Net { }", Ids("NETGEN004"));
        yield return Ok("a large network in the loop form", "namespace S12;\n[Network(300)] [Dense(40, Activation.Tanh)] [Dense(3)] public partial class Net { }\n" + NetProbe("Net", 300, 3), "S12.Net");

        // 3. [Differentiable] bodies whose generated code used to clash or warn.
        yield return Ok("a local named like a call's partial", """
            namespace D1;
            public static partial class Q
            {
                [Differentiable] public static double G(double x) => x * x * x;
                [Differentiable] public static double F(double x)
                {
                    double v0_d0 = G(x) * 2;
                    double v0 = v0_d0 + x;
                    return v0 * G(x + 1);
                }
            }
            """ + FnProbe("Q.F", 0.7), "D1.Q.F", "D1.Q.G");
        yield return Ok("locals named like adjoints and outputs", """
            namespace D2;
            public static partial class Q
            {
                [Differentiable] public static double F(double x, double dX)
                {
                    double adj_x = x * dX;
                    double adj_adj_x = adj_x * adj_x;
                    return adj_adj_x + dX;
                }
            }
            """ + FnProbe2("Q.F", 0.7, 1.3), "D2.Q.F");
        yield return Ok("Math.Max(x, x) writes no self-comparison", """
            namespace D3;
            public static partial class Q { [Differentiable] public static double F(double x) => Math.Max(x, x) + Math.Min(x, x) * x; }
            """ + FnProbe("Q.F", 1.1), "D3.Q.F");
        yield return Ok("Math.Clamp(x, x, 3) writes no self-comparison", """
            namespace D4;
            public static partial class Q { [Differentiable] public static double F(double x) => Math.Clamp(x, x, 3.0) * x; }
            """ + FnProbe("Q.F", 0.4), "D4.Q.F");
        yield return Ok("x! is the value x", """
            namespace D5;
            public static partial class Q { [Differentiable] public static double F(double x) => x! * x; }
            """ + FnProbe("Q.F", 2), "D5.Q.F");
        yield return Ok("an omitted optional argument", """
            namespace D6;
            public static partial class Q
            {
                [Differentiable] public static double G(double x, double scale = 3) => scale * x * x;
                [Differentiable] public static double F(double x) => G(x) + G(x, 2);
            }
            """ + FnProbe("Q.F", 1.25), "D6.Q.F", "D6.Q.G");
        yield return Ok("named arguments in another order", """
            namespace D7;
            public static partial class Q
            {
                [Differentiable] public static double G(double a, double b) => a - 2 * b;
                [Differentiable] public static double F(double x) => G(b: x * x, a: x);
            }
            """ + FnProbe("Q.F", 1.25), "D7.Q.F");
        yield return Error("a caller of a method that failed", """
            namespace D8;
            public static partial class Q
            {
                [Differentiable] public static double G(double x) => x switch { > 0 => x, _ => 0 };
                [Differentiable] public static double F(double x) => 2 * G(x);
                [Differentiable] public static double H(double x) => F(x) + 1;
                [Differentiable] public static double K(double x) => x * 3;
            }
            """ + FnProbe("Q.K", 2), Ids("NETGEN028", "NETGEN031"), "D8.Q.K");
        yield return Error("a caller of a method in a non-partial class", """
            namespace D9;
            public static class P { [Differentiable] public static double G(double x) => x * x; }
            public static partial class Q { [Differentiable] public static double F(double x) => P.G(x); }
            """, Ids("NETGEN001", "NETGEN031"));
        yield return Error("recursion through overloads", """
            namespace D10;
            public static partial class Q
            {
                [Differentiable] public static double F(double x) => F(x, 1);
                [Differentiable] public static double F(double x, double y) => F(x * y);
            }
            """, Ids("NETGEN026"));
        yield return Error("mutual recursion", """
            namespace D11;
            public static partial class A { [Differentiable] public static double F(double x) => B.G(x); }
            public static partial class B { [Differentiable] public static double G(double x) => A.F(x) * x; }
            """, Ids("NETGEN026"));
        yield return Ok("MathF through a float conversion", "namespace D12;\npublic static partial class Q { [Differentiable] public static double F(double x) => MathF.Sin((float)x); }", "D12.Q.F");
        yield return Error("Math.IEEERemainder", "namespace D13;\npublic static partial class Q { [Differentiable] public static double F(double x) => Math.IEEERemainder(x, 2); }", Ids("NETGEN032"));
        yield return Ok("step functions have derivative 0", """
            namespace D14;
            public static partial class Q { [Differentiable] public static double F(double x) => Math.Floor(x) + Math.Ceiling(x) * x + Math.Round(x) + Math.Truncate(x) + Math.Sign(x) * x * x; }
            """ + FnProbe("Q.F", 1.3), "D14.Q.F");
        yield return Ok("every new Math function", """
            namespace D15;
            public static partial class Q
            {
                [Differentiable] public static double F(double x) =>
                    Math.Atan(x) + Math.Asin(x / 2) + Math.Acos(x / 3) + Math.Sinh(x) + Math.Cosh(x) + Math.Asinh(x)
                    + Math.Acosh(x + 2) + Math.Atanh(x / 2) + Math.Log10(x + 1) + Math.Log2(x + 1) + Math.Log(x + 1, 3)
                    + Math.Cbrt(x) + Math.FusedMultiplyAdd(x, x, 1) + Math.Atan2(x, 2);
            }
            """ + FnProbe("Q.F", 0.6), "D15.Q.F");
        yield return Ok("Pow with a zero exponent at zero", "namespace D16;\npublic static partial class Q { [Differentiable] public static double F(double x) => Math.Pow(x, 0.0) + x; }\n" + FnProbe("Q.F", 0.0), "D16.Q.F");
        yield return Ok("a conditional", "namespace D17;\npublic static partial class Q { [Differentiable] public static double F(double x) => x > 0 ? x * x : -x; }\n" + FnProbe("Q.F", 0.7), "D17.Q.F");
        yield return Ok("conditions with && || ! and a comparison of a value with itself", "namespace D17b;\npublic static partial class Q { [Differentiable] public static double F(double x, double y) => (x > 0 && !(y < 1)) || x == x ? x * y : Math.Sin(y); }\n" + FnProbe2("Q.F", 0.7, 1.5), "D17b.Q.F");
        yield return Error("a switch expression", "namespace D17c;\npublic static partial class Q { [Differentiable] public static double F(double x) => x switch { > 0 => x, _ => 0 }; }", Ids("NETGEN028"));
        yield return Ok("an assignment to a parameter", "namespace D18;\npublic static partial class Q { [Differentiable] public static double F(double x) { x = 2 * x; return x * x; } }\n" + FnProbe("Q.F", 0.7), "D18.Q.F");
        yield return Ok("a while loop", "namespace D19;\npublic static partial class Q { [Differentiable] public static double F(double x) { while (x > 1) { x = x / 2; } return x * x; } }\n" + FnProbe("Q.F", 5.3), "D19.Q.F");
        // Issue 22's constructs: each compiles without a warning in generated code and agrees with differences.
        yield return Ok("nested loops, break, continue and a return inside a loop", """
            namespace D19a;
            public static partial class Q
            {
                [Differentiable]
                public static double F(double x)
                {
                    double s = 0;
                    for (int i = 0; i < 6; i++)
                    {
                        if (i == 1) continue;
                        for (int j = i; j >= 0; j -= 2)
                        {
                            s += Math.Sin(x * (i + j));
                            if (s > 3) break;
                        }

                        if (s < -2) return s * x;
                    }

                    return s;
                }
            }
            """ + FnProbe("Q.F", 0.4), "D19a.Q.F");
        yield return Ok("do-while Newton iteration with an int counter", """
            namespace D19b;
            public static partial class Q
            {
                [Differentiable]
                public static double F(double a)
                {
                    double x = 1;
                    int it = 0;
                    do { x = x - (x * x - a) / (2 * x); it++; } while (Math.Abs(x * x - a) > 1e-14 && it < 50);
                    return x;
                }
            }
            """ + FnProbe("Q.F", 2.0), "D19b.Q.F");
        yield return Ok("a stack array rewritten in place and a call with spans in a loop", """
            namespace D19c;
            public static partial class Q
            {
                [Differentiable]
                public static double Smooth(ReadOnlySpan<double> u, int i) => 0.25 * u[i - 1] + 0.5 * u[i] + 0.25 * u[i + 1];

                [Differentiable]
                public static double F(double x)
                {
                    int n = 8;
                    Span<double> u = stackalloc double[n];
                    Span<double> next = stackalloc double[n];
                    for (int i = 0; i < n; i++) u[i] = Math.Cos(x * i);
                    for (int pass = 0; pass < 3; pass++)
                    {
                        for (int i = 1; i < n - 1; i++) next[i] = Smooth(u, i);
                        for (int i = 1; i < n - 1; i++) u[i] = next[i];
                    }

                    double s = 0;
                    foreach (double v in u) s += v * v;
                    return s;
                }
            }
            """ + FnProbe("Q.F", 0.3), "D19c.Q.F", "D19c.Q.Smooth");
        yield return Ok("locals named like the generated ones (tape, taped, after, slot, segment, every, state, iterations, adj_x, t_x, v0)", """
            namespace D19d;
            public static partial class Q
            {
                [Differentiable(Order = 2)]
                public static double F(double x, int steps)
                {
                    double tape = x, taped = 0, after = 1, slot = 0, segment = 0, every = 0, state = 0, iterations = 0, adj_x = 0, t_x = 0, v0 = 0, checkpoints = 0;
                    for (int length = 0; length < steps; length++)
                    {
                        after = after * 0.9 + Math.Sin(tape) * 0.1;
                        slot += after * tape; segment = slot - after; every = segment * x; state += every; iterations += state * 1e-3;
                        adj_x = iterations; t_x = adj_x * 0.5; v0 = t_x + taped; checkpoints = v0;
                    }

                    return checkpoints + after;
                }

                [Differentiable]
                public static double G(double x) => F(x, 20);
            }
            """ + FnProbe("Q.G", 0.8), "D19d.Q.F", "D19d.Q.G");
        yield return Ok("a void method writing span outputs, read back and written twice", """
            namespace D19e;
            public static partial class Q
            {
                [Differentiable]
                public static void P(double r, double t, Span<double> xy)
                {
                    xy[0] = r;
                    xy[0] = r * Math.Cos(t);
                    xy[1] = xy[0] * Math.Tan(t);
                }

                [Differentiable]
                public static double F(double x)
                {
                    Span<double> xy = stackalloc double[2];
                    P(x, 0.3 * x, xy);
                    return xy[0] * xy[1];
                }
            }
            """ + FnProbe("Q.F", 0.9), "D19e.Q.P", "D19e.Q.F");
        yield return Ok("a float method with MathF and a loop", """
            namespace D19f;
            public static partial class Q
            {
                [Differentiable]
                public static float G(float x)
                {
                    float s = 0f;
                    for (int i = 1; i <= 4; i++) s += MathF.Exp(-x * i) / i;
                    return s;
                }

                [Differentiable]
                public static double F(double x) => x * x;
            }
            """ + FnProbe("Q.F", 0.5), "D19f.Q.G", "D19f.Q.F");
        yield return Ok("int arithmetic of every kind inside loops (division, remainder, shifts, unchecked overflow)", """
            namespace D19g;
            public static partial class Q
            {
                [Differentiable]
                public static double F(double x)
                {
                    double s = 0;
                    int h = int.MaxValue - 3;
                    for (int i = 7; i > -7; i -= 3)
                    {
                        int q = i / 2, r = i % 3, b = (i << 2) >> 1;
                        h = unchecked(h + 2);
                        s += x * q + r * x * x + b / 4.0 + (h < 0 ? 1 : 0) * x;
                    }

                    return s;
                }
            }
            """ + FnProbe("Q.F", 1.3), "D19g.Q.F");
        yield return Ok("a loop that never ends (the compiler warns at the method, not in generated code)", "namespace D19h;\n#pragma warning disable CS0162\npublic static partial class Q { [Differentiable] public static double F(double x) { for (;;) { x = x * 0.5; } return x; } }\n", "D19h.Q.F");
        yield return Ok("a local the method assigns and never reads (the compiler warns at the method only)", "namespace D19i;\n#pragma warning disable CS0219\npublic static partial class Q { [Differentiable(Order = 2)] public static double F(double x) { double unused = 2; int n = 3; return x * x; } }\n" + FnProbe("Q.F", 0.7), "D19i.Q.F");
        yield return Error("a [GradientOf] method private to another class is refused, not called (CS0122)", "namespace D19j;\npublic static partial class A { public static double G(double x) => Math.Sin(x); [GradientOf(nameof(G))] private static double GByHand(double x, out double dX) { dX = Math.Cos(x); return Math.Sin(x); } }\npublic static partial class B { [Differentiable] public static double F(double x) => A.G(x) * x; }\n", Ids("NETGEN025"));
        yield return Error("a call to a plain method", "namespace D20;\npublic static partial class Q { static double G(double x) => x; [Differentiable] public static double F(double x) => G(x); }", Ids("NETGEN027"));
        yield return Error("an instance method", "namespace D21;\npublic partial class Q { [Differentiable] public double F(double x) => x; }", Ids("NETGEN020"));
        yield return Error("a long parameter", "namespace D22;\npublic static partial class Q { [Differentiable] public static double F(long x) => x; }", Ids("NETGEN021"));
        yield return Error("a ref parameter", "namespace D23;\npublic static partial class Q { [Differentiable] public static double F(ref double x) => x; }", Ids("NETGEN022"));
        yield return Error("a generic method", "namespace D24;\npublic static partial class Q { [Differentiable] public static double F<T>(double x) => x; }", Ids("NETGEN023"));
        yield return Error("an extern method", "namespace D25;\npublic static partial class Q { [Differentiable] public static extern double F(double x); }", Ids("NETGEN024"));
        yield return Error("a name the gradient takes", "namespace D26;\npublic static partial class Q { public static int FGradient; [Differentiable] public static double F(double x) => x; }", Ids("NETGEN029"));
        yield return Error("a static field", "namespace D27;\npublic static partial class Q { static double k = 2; [Differentiable] public static double F(double x) => k * x; }", Ids("NETGEN028"));
        yield return Ok("a long sum of products", "namespace D28;\npublic static partial class Q { [Differentiable] public static double F(double x) => " + string.Join(" + ", Enumerable.Range(1, 300).Select(i => $"x * {i}")) + "; }\n" + FnProbe("Q.F", 0.5), "D28.Q.F");
        yield return Ok("a const local and a const field", """
            namespace D29;
            public static partial class Q
            {
                public const double K = 1.5;
                [Differentiable] public static double F(double x) { const double half = 0.5; double a = K * x; return half * a * a; }
            }
            """ + FnProbe("Q.F", 2), "D29.Q.F");
        yield return Ok("a user-supplied derivative", """
            namespace D31;
            public static partial class Q
            {
                public static double Cube(double x) => x * x * x;
                [GradientOf(nameof(Cube))] public static double CubeGradient(double x, out double dX) { dX = 3 * x * x; return Cube(x); }
                [Differentiable] public static double F(double x) => Cube(x + 1) * 2;
            }
            """ + FnProbe("Q.F", 0.4), "D31.Q.F");
        yield return Error("a user-supplied derivative of the wrong shape", """
            namespace D32;
            public static partial class Q
            {
                public static double Cube(double x) => x * x * x;
                [GradientOf(nameof(Cube))] public static double CubeGradient(double x, ref double dX) { dX = 3 * x * x; return Cube(x); }
                [Differentiable] public static double F(double x) => Cube(x) * 2;
            }
            """, Ids("NETGEN027", "NETGEN033"));
        yield return Ok("a method in a nested static class", """
            namespace D30;
            public static partial class Outer { public static partial class Inner { [Differentiable] internal static double F(double x) => Math.Exp(-x * x); } }
            """ + FnProbe("Outer.Inner.F", 0.3), "D30.Outer.Inner.F");

        // 4. Types that NetGen extends.
        yield return Ok("a network with a primary constructor", "namespace T1;\n[Network(2)] [Dense(1)] public partial class Net(int seed) { public int Seed => seed; }\n" + NetProbe("Net", 2, 1, "new Net(3)"), "T1.Net");
        yield return Ok("a base class without a parameterless constructor", """
            namespace T2;
            public class Base { protected Base(int value) { Value = value; } public int Value { get; } }
            [Network(2)] [Dense(1)] public partial class Net : Base { public Net() : base(1) { } }
            """ + NetProbe("Net", 2, 1), "T2.Net");
        yield return Ok("a derived class with its own constructor", "namespace T3;\n[Network(2)] [Dense(3, Activation.Tanh)] [Dense(1)] public partial class Net { public Net() { Tag = 1; } public int Tag { get; } }\n" + NetProbe("Net", 2, 1), "T3.Net");
        yield return Error("a base class declaring Forward", """
            namespace T4;
            public class Base { public virtual void Forward(ReadOnlySpan<double> input, Span<double> output) { } }
            [Network(2)] [Dense(1)] public partial class Net : Base { }
            """, Ids("NETGEN012"));
        yield return Error("a base class declaring a protected Step", "namespace T5;\npublic class Base { protected void Step() { } }\n[Network(2)] [Dense(1)] public partial class Net : Base { }", Ids("NETGEN012"));
        yield return Ok("a base class with a private Step", "namespace T6;\npublic class Base { private void Step() { } public void Use() => Step(); }\n[Network(2)] [Dense(1)] public partial class Net : Base { }\n" + NetProbe("Net", 2, 1), "T6.Net");
        yield return Error("a file-local network", "namespace T7;\n[Network(2)] [Dense(1)] file partial class Net { }", Ids("NETGEN013"));
        yield return Error("a [Differentiable] method in a file-local class", "namespace T8;\nfile static partial class Q { [Differentiable] public static double F(double x) => x; }", Ids("NETGEN013"));
        yield return Error("a record", "namespace T9;\n[Network(2)] public partial record Net { }", Ids("NETGEN010"));
        yield return Error("a struct", "namespace T10;\n[Network(2)] public partial struct Net { }", Ids("NETGEN010"));
        yield return Error("a static class", "namespace T11;\n[Network(2)] public static partial class Net { }", Ids("NETGEN010"));
        yield return Error("a generic class", "namespace T12;\n[Network(2)] public partial class Net<T> { }", Ids("NETGEN008"));
        yield return Error("nested in a generic class", "namespace T13;\npublic partial class Outer<T> { [Network(2)] public partial class Net { } }", Ids("NETGEN008"));
        yield return Error("nested in a non-partial class", "namespace T14;\npublic class Outer { [Network(2)] [Dense(1)] public partial class Net { } }", Ids("NETGEN001"));
        yield return Ok("nested in a partial struct", "namespace T15;\npublic partial struct Outer { [Network(2)] [Dense(1)] public partial class Net { } }\n" + NetProbe("Outer.Net", 2, 1), "T15.Outer.Net");
        yield return Ok("an abstract network", "namespace T16;\n[Network(2)] [Dense(1)] public abstract partial class Net { }\npublic sealed class Concrete : Net { }\n" + NetProbe("Concrete", 2, 1), "T16.Net");
        yield return Ok("in the global namespace", "[Network(2)] [Dense(1)] public partial class GlobalAdversarialNet { }\n" + NetProbe("GlobalAdversarialNet", 2, 1), "GlobalAdversarialNet");
        yield return Ok("internal, nested in a private class", """
            namespace T18;
            public partial class Outer
            {
                public static double Probe() => Hidden.Run();
                private partial class Hidden
                {
                    [Network(2)] [Dense(1)] internal sealed partial class Net { }
                    public static double Run()
                    {
                        var n = new Net();
                        double[] x = { 0.3, -0.2 };
                        double[] t = { 1.0 };
                        return Check.Network(() => n.Parameters, () => n.ComputeLoss(x, t), g => n.Gradient(x, t, g));
                    }
                }
            }
            public static class Probe { public static double Run() => Outer.Probe(); }
            """, "T18.Outer.Hidden.Net");
        yield return Error("a member that conflicts", "namespace T19;\n[Network(2)] [Dense(1)] public partial class Net { public void Forward() { } }", Ids("NETGEN007"));
        yield return Ok("a user-written overload of a non-generated name", "namespace T20;\n[Network(2)] [Dense(1)] public partial class Net { public void Train() { } }\n" + NetProbe("Net", 2, 1), "T20.Net");
        yield return Error("[Dense] without [Network]", "namespace T21;\n[Dense(3)] public partial class Net { }", Ids("NETGEN002"));
        yield return Error("an undefined activation", "namespace T22;\n[Network(2)] [Dense(3, (Activation)9)] public partial class Net { }", Ids("NETGEN005"));
        yield return Error("an undefined loss", "namespace T23;\n[Network(2, Loss = (Loss)5)] public partial class Net { }", Ids("NETGEN006"));
        yield return Error("an undefined emit style", "namespace T24;\n[Network(2, Emit = (EmitStyle)3)] public partial class Net { }", Ids("NETGEN011"));
        yield return Ok("[Network] after the [Dense] layers", "namespace T25;\n[Dense(3, Activation.Sigmoid)] [Dense(1)] [Network(2)] public partial class Net { }\n" + NetProbe("Net", 2, 1), "T25.Net");
        yield return Ok("a softmax network in both forms", """
            namespace T26;
            [Network(3, Loss = Loss.SoftmaxCrossEntropy)] [Dense(4, Activation.ReLU)] [Dense(3)] public partial class Net { }
            [Network(3, Loss = Loss.SoftmaxCrossEntropy, Emit = EmitStyle.Loops)] [Dense(4, Activation.ReLU)] [Dense(3)] public partial class LoopNet { }
            """ + NetProbe("Net", 3, 3), "T26.Net", "T26.LoopNet");

        // Issue 24's layer extras: misplaced, out of range, too large, and beside names the generated code uses.
        yield return Ok("a residual layer and a layer norm beside fields named like the generated locals", """
            namespace T27;
            [Network(3)] [Dense(3, Activation.GELU, Residual = true)] [LayerNorm] [Dense(2)]
            public partial class Net { public double mu1 = 5; public int inv1 = 2; public double h1_0 = 3; private static double da1_0 => 4; }
            """ + NetProbe("Net", 3, 2), "T27.Net");
        yield return Ok("a layer norm and a residual layer in the loop form", """
            namespace T28;
            [Network(4, Emit = EmitStyle.Loops)] [Dense(4, Activation.Tanh, Residual = true)] [LayerNorm] [Dense(4, Activation.ReLU)] [LayerNorm] [Dense(1)]
            public partial class Net { }
            """ + NetProbe("Net", 4, 1), "T28.Net");
        yield return Ok("a member named Gamma1 where no layer norm generates it", "namespace T29;\n[Network(2)] [Dense(2)] [Dropout(0.5)] [Dense(1)] public partial class Net { public int Gamma1 = 1; }", "T29.Net");
        yield return Error("a member named Gamma1 beside a layer norm", "namespace T30;\n[Network(2)] [Dense(2)] [LayerNorm] [Dense(1)] public partial class Net { public int Gamma1 = 1; }", Ids("NETGEN007"));
        yield return Ok("a dropout of 0, which drops nothing (the probe's gradient is the loss's)", "namespace T37;\n[Network(2)] [Dense(3, Activation.Tanh)] [Dropout(0.0)] [Dense(1)] public partial class Net { }\n" + NetProbe("Net", 2, 1), "T37.Net");
        yield return Error("a dropout of 1", "namespace T31;\n[Network(2)] [Dense(2)] [Dropout(1.0)] public partial class Net { }", Ids("NETGEN018"));
        yield return Error("a dropout of infinity", "namespace T32;\n[Network(2)] [Dense(2)] [Dropout(double.PositiveInfinity)] public partial class Net { }", Ids("NETGEN018"));
        yield return Error("a layer norm before any layer", "namespace T33;\n[Network(2)] [LayerNorm] [Dense(2)] public partial class Net { }", Ids("NETGEN016"));
        yield return Error("a residual layer of another size", "namespace T34;\n[Network(2)] [Dense(3, Residual = true)] public partial class Net { }", Ids("NETGEN017"));
        yield return Error("[LayerNorm] and [Dropout] without [Network]", "namespace T35;\n[LayerNorm] [Dropout(0.5)] public partial class Net { }", Ids("NETGEN002"));
        yield return Error("a huge residual layer with a norm", "namespace T36;\n[Network(100000)] [Dense(100000, Activation.ReLU, Residual = true)] [LayerNorm] [Dropout(0.1)] public partial class Net { }", Ids("NETGEN009"));

        // Issue 25's image layers: degenerate sizes, huge images, pools of 1, and names the generated code uses.
        yield return Ok("a pool of 1 and a 1 × 1 kernel (both pass the image through, the probe's gradient is the loss's)", "namespace T38;\n[Network(2, 3, 3)] [MaxPool2D(1)] [Conv2D(2, 1, Activation.Tanh)] [AvgPool2D(1)] [Dense(2)] public partial class Net { }\n" + NetProbe("Net", 18, 2), "T38.Net");
        yield return Ok("a convolution whose padding is larger than its kernel (an output border of bias only)", "namespace T39;\n[Network(1, 2, 2)] [Conv2D(2, 2, Activation.Tanh, Padding = 3)] [Dense(1)] public partial class Net { }\n" + NetProbe("Net", 4, 1), "T39.Net");
        yield return Ok("a stride larger than the kernel (pixels no kernel reads get a zero gradient)", "namespace T40;\n[Network(1, 7, 7)] [Conv2D(2, 2, Activation.Tanh, Stride = 3)] [Dense(1)] public partial class Net { }\n" + NetProbe("Net", 49, 1), "T40.Net");
        yield return Ok("an image network beside members named like the generated scratch", "namespace T41;\n[Network(1, 4, 4)] [Conv2D(2, 3)] [Dense(1)] public partial class Net { public int patches1 = 1; public double flat2 = 2; private static int TransposeWeights2 => 3; }\n" + NetProbe("Net", 16, 1), "T41.Net");
        yield return Error("a kernel of 0", "namespace T42;\n[Network(1, 8, 8)] [Conv2D(2, 0)] [Dense(1)] public partial class Net { }\n[Network(2)] [Dense(1)] public partial class Good { }", Ids("NETGEN019"), "T42.Good");
        yield return Error("a stride of 0", "namespace T43;\n[Network(1, 8, 8)] [Conv2D(2, 3, Stride = 0)] public partial class Net { }", Ids("NETGEN019"));
        yield return Error("a 10⁶-pixel image under a convolution", "namespace T44;\n[Network(1, 1000, 1000)] [Conv2D(8, 3)] [MaxPool2D(2)] [Dense(10)] public partial class Net { }", Ids("NETGEN009"));
        yield return Error("an image of more than int.MaxValue values", "namespace T45;\n[Network(65536, 65536, 2)] [Conv2D(1, 1)] public partial class Net { }", Ids("NETGEN009"));
        yield return Error("a pool larger than the image", "namespace T46;\n[Network(1, 3, 3)] [MaxPool2D(4)] public partial class Net { }", Ids("NETGEN019"));
        yield return Error("a pool of int.MaxValue", "namespace T47;\n[Network(1, 3, 3)] [AvgPool2D(int.MaxValue)] public partial class Net { }", Ids("NETGEN019"));
        yield return Error("a padding of int.MaxValue", "namespace T48;\n[Network(1, 3, 3)] [Conv2D(1, 3, Padding = int.MaxValue)] public partial class Net { }", Ids("NETGEN019"));
        yield return Error("a convolution on a flat input", "namespace T49;\n[Network(64)] [Conv2D(2, 3)] public partial class Net { }", Ids("NETGEN039"));
        yield return Error("a member named W2 beside a convolution's W2", "namespace T50;\n[Network(1, 4, 4)] [MaxPool2D(2)] [Conv2D(2, 1)] public partial class Net { public int W2 = 1; }", Ids("NETGEN007"));
        yield return Ok("a member named W1 where a pooling generates none", "namespace T51;\n[Network(1, 4, 4)] [MaxPool2D(2)] [Dense(1)] public partial class Net { public int W1 = 1; }", "T51.Net");

        // 5. Half-typed code, as an IDE sends it between keystrokes.
        yield return Error("[Network( unfinished", "namespace I1;\n[Network(\npublic partial class Net { }\n[Network(2)] [Dense(1)] public partial class Good { }", None, "I1.Good");
        yield return Error("Activation. unfinished", "namespace I2;\n[Network(2)] [Dense(3, Activation.)] public partial class Net { }", None);
        yield return Error("a class without a name", "namespace I3;\n[Network(2)] [Dense(1)] public partial class { }", None);
        yield return Error("a missing closing bracket", "namespace I4;\n[Network(2)] [Dense(3, Activation.ReLU) public partial class Net { }", None);
        yield return Error("an arrow with nothing after it", "namespace I5;\npublic static partial class Q { [Differentiable] public static double F(double x) => ; [Differentiable] public static double G(double x) => x * x; }\n" + FnProbe("Q.G", 3), None, "I5.Q.G");
        yield return Error("a binary operator with one operand", "namespace I6;\npublic static partial class Q { [Differentiable] public static double F(double x) => x + ; }", None);
        yield return Error("a local with no value", "namespace I7;\npublic static partial class Q { [Differentiable] public static double F(double x) { double a = ; return a * x; } }", None);
        yield return Error("a string where the inputs go", "namespace I8;\n[Network(\"2\")] [Dense(1)] public partial class Net { }", None);
        yield return Error("a fraction where the inputs go", "namespace I9;\n[Network(2.5)] [Dense(1)] public partial class Net { }", None);
        yield return Error("a misspelled activation", "namespace I10;\n[Network(2)] [Dense(3, Activation.Relu)] public partial class Net { }", None);
        yield return Error("Loss = with nothing", "namespace I11;\n[Network(2, Loss = )] public partial class Net { }", None);
        // Semantic errors the parser's error screen must flag (then the compiler's own diagnostics decide): each is
        // the compiler's error alone, with no NetGen diagnostic and nothing generated beside it.
        yield return Error("a local read before it is assigned (CS0165)", "namespace I20;\npublic static partial class Q { [Differentiable] public static double F(double x) { double y; if (x > 0) y = 1; return y * x; } }", None);
        yield return Error("a pattern variable read where the pattern may have failed (CS0165, no local declared without a value)", "namespace I28;\npublic static partial class Q { [Differentiable] public static double F(double x) { object o = x; double y = 0; if (x > 0 && o is double d) y = d; return y + d; } }", None);
        yield return Error("an if whose last branch runs off the end (CS0161, the last statement not a return)", "namespace I29;\npublic static partial class Q { [Differentiable] public static double F(double x) { if (x > 0) { return x; } else if (x < -1) { return -x; } } }", None);
        yield return Error("a loop whose end is reachable without a return (CS0161)", "namespace I21;\npublic static partial class Q { [Differentiable] public static double F(double x) { while (true) { x = x * 2; if (x > 10) break; } } }", None);
        yield return Error("a string into a double (CS0029)", "namespace I22;\npublic static partial class Q { [Differentiable] public static double F(double x) { double y = \"a\"; return y * x; } }", None);
        yield return Error("a double into an int without a cast (CS0266)", "namespace I23;\npublic static partial class Q { [Differentiable] public static double F(double x) { int k = x; return k * x; } }", None);
        yield return Error("a constant division by zero (CS0020)", "namespace I24;\npublic static partial class Q { [Differentiable] public static double F(double x) { const int k = 1 / 0; return x * k; } }", None);
        yield return Error("a local declared twice (CS0128)", "namespace I25;\npublic static partial class Q { [Differentiable] public static double F(double x) { double z = x; double z = 2; return z * x; } }", None);
        yield return Error("an out parameter never assigned (CS0177)", "namespace I26;\npublic static partial class Q { [Differentiable] public static double F(double x, out double y) { return x; } }", None);
        yield return Error("a call to a method that does not exist (CS0103)", "namespace I27;\npublic static partial class Q { [Differentiable] public static double F(double x) => x * Missing(x); }", None);
        yield return Error("a body missing its return (the compiler's CS0161)", "namespace I12;\npublic static partial class Q { [Differentiable] public static double F(double x) { double a = x * x; } }", None);
        yield return Error("an unknown name", "namespace I13;\npublic static partial class Q { [Differentiable] public static double F(double x) => x * y; }", None);
        yield return Error("an unknown method", "namespace I14;\npublic static partial class Q { [Differentiable] public static double F(double x) => Foo(x); }", None);
        yield return Error("a call with a missing argument", "namespace I15;\npublic static partial class Q { [Differentiable] public static double G(double a, double b) => a * b; [Differentiable] public static double F(double x) => G(x); }", None);
        yield return Error("a parameter without a name", "namespace I16;\npublic static partial class Q { [Differentiable] public static double F(double) => 1; }", None);
        yield return Error("an unclosed class", "namespace I17;\n[Network(2)] [Dense(1)] public partial class Net {\n", None);
        yield return Error("a duplicated [Dense] line", "namespace I18;\n[Network(2)] [Dense(3, Activation.ReLU)] [Dense(3, Activation.ReLU)] [Dense(1)] public partial class Net { }\n" + NetProbe("Net", 2, 1), None, "I18.Net");
        yield return Error("a method body cut in half", "namespace I19;\npublic static partial class Q { [Differentiable] public static double F(double x) { double a = Math.Exp(x; return a; } }", None);

        // 6. Top-level statements and local functions.
        yield return new AdversarialCase("[Differentiable] on a local function in top-level statements", """
            Console.WriteLine(F(2));
            [Differentiable]
            static double F(double x) => x * x;
            """, Ids("NETGEN030"), None, Exe: true);
        yield return Error("[Differentiable] on a local function in a method", """
            namespace L2;
            public static class Q
            {
                public static double H(double x)
                {
                    return F(x);
                    [Differentiable] static double F(double y) => y * y;
                }
            }
            """, Ids("NETGEN030"));
        yield return Error("[Differentiable] on a lambda", """
            namespace L3;
            public static class Q
            {
                public static Func<double, double> F = [Differentiable] (double x) => x * x;
            }
            """, Ids("NETGEN030"));
        yield return new AdversarialCase("a network beside top-level statements", """
            var n = new TopNet();
            Console.WriteLine(n.Parameters.Length);
            [Network(2)] [Dense(1)] public partial class TopNet { }
            """ + NetProbe("TopNet", 2, 1), None, new[] { "TopNet" }, Exe: true, Compiles: true);

        // 7. Each misuse beside a valid definition in the same file: the valid one still generates.
        yield return Error("misuse and valid definitions together", """
            namespace M1;
            [Network(0)] public partial class Bad { }
            [Network(2)] [Dense(2, Activation.Tanh)] [Dense(1)] public partial class Good { }
            public static partial class Q
            {
                [Differentiable] public static double Bad(double x) => x switch { > 1 => x, _ => 1 };
                [Differentiable] public static double Good(double x) => Math.Sin(x) * x;
            }
            """ + NetProbe("Good", 2, 1), Ids("NETGEN003", "NETGEN028"), "M1.Good", "M1.Q.Good");
    }
}
