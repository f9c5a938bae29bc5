using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Common;
using NetGen.Generator.Functions;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Lowering;
using NetGen.Generator.Functions.Model;
using Xunit;

namespace NetGen.Tests.Passes;

/// <summary>
/// The function compiler's passes one at a time, on the IR the real parser reads from source (taken
/// from the generator's tracked library step): what each pass guarantees to the next.
/// </summary>
public class PassTests
{
    private const string Source = """
        using System;
        using NetGen;

        public static partial class P
        {
            [Differentiable]
            public static double Mixed(double x, [NoGradient] double k, int n)
            {
                double a = k * 2;          // data only
                double b = x * a;          // varied
                double c = n / 2 * k;      // int arithmetic times data
                bool big = x > 1;          // varied, but a comparison: no derivative flows through it
                double y = x;
                y = 3;                     // flow-sensitive: y no longer depends on x
                return big ? b + c + y : c;
            }

            [Differentiable]
            public static double Jumps(double x, ReadOnlySpan<double> c)
            {
                double s = 0;
                int i = 0;
                while (true)
                {
                    if (i >= c.Length) break;
                    if (c[i] < 0) { i++; continue; }
                    for (int j = 0; j < 3; j++)
                    {
                        if (j == 2 && s > 100) return s;
                        s += c[i] * x;
                    }

                    i++;
                }

                return s * s;
            }

            [Differentiable]
            public static double Horner(double x, ReadOnlySpan<double> c)
            {
                double p = 0;
                for (int i = c.Length - 1; i >= 0; i--) p = p * x + c[i];
                return p;
            }

            [Differentiable]
            public static double LogSumExp(ReadOnlySpan<double> z)
            {
                double s = 0;
                foreach (double v in z) s += Math.Exp(v);
                return Math.Log(s);
            }

            [Differentiable]
            public static double SquaredNorm(ReadOnlySpan<double> a)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * a[i];
                return s;
            }

            [Differentiable]
            public static double Carried(double x, int n)
            {
                double s = 0;
                double t = 0;
                double u = 0;
                double w = 0;
                for (int i = 0; i < n; i++)
                {
                    s = s + t;     // t reaches the result only through the next iteration's s,
                    t = u * 3;     // u through the iteration after that,
                    u = x * 2;     // and x through the one after that
                    w = x * 5;     // w reaches nothing
                }

                return s + 0 * n;
            }

            [Differentiable]
            public static double RecomputedWithDeadChain(double a, [NoGradient] ReadOnlySpan<double> xs)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double u = a * xs[i];
                    double dead = u * 3;       // read only by the next, which nothing reads: both go from the replay
                    double deader = dead + 1;
                    s += u > 0 ? u * u : -u;   // u is needed by the reverse, through a branch
                }

                return s;
            }

            [Differentiable]
            public static double CarriedThroughSpans(double x, int n)
            {
                Span<double> a = stackalloc double[1];
                Span<double> b = stackalloc double[1];
                Span<double> c = stackalloc double[1];
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s = s + a[0];      // a reaches the result through the next iteration's s,
                    a[0] = b[0] * 3;   // b through the iteration after that,
                    b[0] = x * 2;      // and x through the one after that
                    c[0] = x * 5;      // c reaches nothing
                }

                return s + 0 * n;
            }

            [Differentiable]
            public static double Copies(double x)
            {
                double a = x;
                double b = a;
                double c = b;
                return c * c + Math.Sin(c * x);
            }

            [Differentiable] public static double Ping(double x) => x < 0 ? x : Pong(x - 1);
            [Differentiable] public static double Pong(double x) => 2 * Ping(x);
            [Differentiable] public static double Caller(double x) => Ping(x) + Square(x);
            [Differentiable] public static double Square(double x) => x * x;
            [Differentiable] public static double Nested(double x) => Square(Square(x) + 1);
        }
        """;

    private static readonly System.Lazy<FunctionLibrary> Library = new(() =>
    {
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(GeneratorHarness.Compilation(Source));
        return (FunctionLibrary)driver.GetRunResult().Results.Single().TrackedSteps["FunctionLibrary"].Single().Outputs.Single().Value;
    });

    private static FunctionSpec Spec(string name) => Library.Value.Functions.Single(f => f.Name == name);

    private static FunctionBody Lowered(string name) =>
        FunctionCompiler.Lower(Spec(name), Library.Value.ByKey, out string? problem) ?? throw new Xunit.Sdk.XunitException(problem ?? "not lowered");

    private static int Variable(FunctionBody body, string name) =>
        Enumerable.Range(0, body.Variables.Count).Single(v => body.Variables[v].Name == name);

    private static IEnumerable<Statement> All(FunctionBody body) => Statements.All(body.Statements);

    [Fact]
    public void ControlFlowLoweringLeavesOnlyStructuredLoopsAndBranches()
    {
        FunctionBody parsed = Spec("Jumps").Body;
        Assert.Contains(All(parsed), s => s is Return);
        Assert.Contains(All(parsed), s => s is Break);
        Assert.Contains(All(parsed), s => s is Continue);
        Assert.Contains(All(parsed), s => s is While);

        FunctionBody lowered = Lowered("Jumps");
        Assert.DoesNotContain(All(lowered), s => s is Return or Break or Continue or While);
        Assert.Equal(2, All(lowered).OfType<Loop>().Count());
        Assert.True(lowered.Result >= 0);
    }

    [Fact]
    public void ActivityFollowsTheValuesThatDependOnTheInputsFlowSensitively()
    {
        FunctionSpec spec = Spec("Mixed");
        FunctionBody body = Lowered("Mixed");
        (int[] variables, int[] arrays) = FunctionCompiler.Inputs(spec);
        Activity.State varied = Activity.Run(body, variables, arrays);

        Assert.True(varied.Variables[Variable(body, "x")]);
        Assert.True(varied.Variables[Variable(body, "b")]);
        Assert.False(varied.Variables[Variable(body, "k")]);
        Assert.False(varied.Variables[Variable(body, "a")]);
        Assert.False(varied.Variables[Variable(body, "c")]);
        Assert.False(varied.Variables[Variable(body, "n")]);
        Assert.Single(variables); // k is [NoGradient], n an int
    }

    [Fact]
    public void UsefulnessDropsValuesThatOnlyFeedAComparison()
    {
        FunctionSpec spec = Spec("Mixed");
        FunctionBody body = Lowered("Mixed");
        (bool[] useful, _) = Usefulness.Run(body, new[] { body.Result }, new int[0]);
        Assert.True(useful[Variable(body, "b")]);
        Assert.False(useful[Variable(body, "big")]); // the branch picks a value; its condition has no derivative
        Assert.True(useful[body.Result]);
        Assert.Single(FunctionCompiler.Inputs(spec).Variables);
    }

    /// <summary>
    /// Usefulness walks a body backwards and stops after one pass unless a variable became useful after one of its
    /// assignments was passed: here each value reaches the result one iteration later than the one it feeds, so the
    /// walk needs a pass per link (hand-derived: s, t, u and x are useful, w is not).
    /// </summary>
    [Fact]
    public void UsefulnessFollowsValuesCarriedBackwardsAcrossIterations()
    {
        FunctionBody body = Lowered("Carried");
        (bool[] useful, _) = Usefulness.Run(body, new[] { body.Result }, new int[0]);
        Assert.True(useful[Variable(body, "s")]);
        Assert.True(useful[Variable(body, "t")]);
        Assert.True(useful[Variable(body, "u")]);
        Assert.True(useful[Variable(body, "x")]);
        Assert.False(useful[Variable(body, "w")]);
    }

    /// <summary>
    /// The same chain through spans: usefulness passes again only when a span became useful after one of its element
    /// assignments was passed (hand-derived: a, b and x are useful, c is not).
    /// </summary>
    [Fact]
    public void UsefulnessFollowsSpansCarriedBackwardsAcrossIterations()
    {
        FunctionBody body = Lowered("CarriedThroughSpans");
        (bool[] useful, bool[] usefulArrays) = Usefulness.Run(body, new[] { body.Result }, new int[0]);
        int Array(string name) => Enumerable.Range(0, body.Arrays.Count).Single(a => body.Arrays[a].Name == name);
        Assert.True(usefulArrays[Array("a")]);
        Assert.True(usefulArrays[Array("b")]);
        Assert.True(useful[Variable(body, "x")]);
        Assert.False(usefulArrays[Array("c")]);
    }

    [Fact]
    public void TheLinearizerWritesOneOperationPerDifferentiatedStatement()
    {
        FunctionSpec spec = Spec("Copies");
        (int[] variables, int[] arrays) = FunctionCompiler.Inputs(spec);
        FunctionBody linear = FunctionCompiler.Linearize(Lowered("Copies"), variables, arrays);
        foreach (Assign a in All(linear).OfType<Assign>())
        {
            if (a.Value is Operation o)
            {
                Assert.All(o.Operands, operand => Assert.True(operand is Read or Constant or External, $"{linear.Variables[a.Variable].Name} = {a.Value} has a compound operand"));
            }
        }
    }

    [Fact]
    public void CopyPropagationRemovesTheCopiesInliningWrites()
    {
        // Inlining and flattening name arguments and results with temporaries; a temporary assigned
        // once from a value that never changes is another name for it, and copy propagation removes it.
        FunctionSpec spec = Spec("Nested");
        (int[] variables, int[] arrays) = FunctionCompiler.Inputs(spec);
        FunctionBody lowered = Lowered("Nested");
        FunctionBody linear = FunctionCompiler.Linearize(lowered, variables, arrays);
        bool IsTemporaryCopy(Statement s, FunctionBody b) => s is Assign { Value: Read } a && b.Variables[a.Variable].Role == VariableRole.Temporary && a.Variable != b.Result;
        Assert.DoesNotContain(All(linear), s => IsTemporaryCopy(s, linear));

        // The user's own names keep their copies, so the generated code reads like the method.
        FunctionSpec copies = Spec("Copies");
        FunctionBody named = FunctionCompiler.Linearize(Lowered("Copies"), FunctionCompiler.Inputs(copies).Variables, FunctionCompiler.Inputs(copies).Arrays);
        Assert.Contains(All(named).OfType<Assign>(), a => named.Variables[a.Variable].Name == "c" && a.Value is Read);
    }

    [Theory]
    [InlineData("Horner", "Taped", "carries a value")]
    [InlineData("LogSumExp", "Fused", "only accumulates")]
    [InlineData("SquaredNorm", "Recompute", "each term is cheap")]
    [InlineData("RecomputedWithDeadChain", "Recompute", "each term is cheap")]
    [InlineData("Jumps", "Taped", "")]
    public void EachLoopGetsTheStrategyItsShapeCallsFor(string name, string expected, string why)
    {
        FunctionSpec spec = Spec(name);
        (int[] variables, int[] arrays) = FunctionCompiler.Inputs(spec);
        FunctionBody linear = FunctionCompiler.Linearize(Lowered(name), variables, arrays);
        Activity.State varied = Activity.Run(linear, variables, arrays);
        Loop outer = linear.Statements.OfType<Loop>().First();
        LoopPlan plan = LoopClassifier.Classify(outer, linear, varied.Variables, Enumerable.Range(0, linear.Arrays.Count).Select(varied.Array).ToArray(), ArrayRoots.Of(linear), insideTapedLoop: false);
        Assert.Equal(expected, plan.Strategy.ToString());
        Assert.Contains(why, plan.Why, System.StringComparison.Ordinal);
    }

    [Fact]
    public void TheCallGraphFindsCyclesAndKeepsCallersOffThem()
    {
        FunctionLibrary library = Library.Value;
        Assert.Contains(CallGraph.Problems(Spec("Ping"), library), p => p.Problem == DiagnosticDescriptorRef.Recursion);
        Assert.Contains(CallGraph.Problems(Spec("Pong"), library), p => p.Problem == DiagnosticDescriptorRef.Recursion);
        // Caller is not on the cycle: its problem is a callee that cannot be generated, not a recursion.
        var caller = CallGraph.Problems(Spec("Caller"), library);
        Assert.DoesNotContain(caller, p => p.Problem == DiagnosticDescriptorRef.Recursion);
        Assert.NotEmpty(caller);
        Assert.False(CallGraph.Unit(Spec("Caller"), library).Generable);
        Assert.True(CallGraph.Unit(Spec("Square"), library).Generable);
    }

    /// <summary>
    /// The walks every pass uses: <see cref="Statements.All"/> is outer first with a statement's blocks
    /// right after it, the last block first (printed output depends on that order), and the struct
    /// walk <see cref="Statements.Walk{T}(Statement, ref T)"/> visits exactly what the iterators
    /// (<c>Expressions</c> then <c>Tree</c>) give, in the same order, for every statement of bodies
    /// with loops, branches, array writes and calls.
    /// </summary>
    [Theory]
    [InlineData("Jumps")]
    [InlineData("Mixed")]
    [InlineData("Horner")]
    [InlineData("LogSumExp")]
    [InlineData("Nested")]
    public void TheStructWalksVisitWhatTheIteratorsGiveInTheSameOrder(string name)
    {
        foreach (FunctionBody body in new[] { Spec(name).Body, Lowered(name) })
        {
            List<Statement> all = All(body).ToList();
            Assert.Equal(Reference(body.Statements), all, ReferenceComparer.Instance);
            Assert.NotEmpty(all);
            foreach (Statement statement in all)
            {
                var visited = new Recorder(new List<Expression>());
                Statements.Walk(statement, ref visited);
                Assert.Equal(Statements.Expressions(statement).SelectMany(Statements.Tree), visited.Seen, ReferenceComparer.Instance);

                var reads = new HashSet<int>();
                Statements.AddReads(statement, reads);
                Assert.Equal(visited.Seen.OfType<Read>().Select(r => r.Variable).ToHashSet(), reads);
                foreach (Expression root in Statements.Expressions(statement))
                {
                    foreach (int v in Enumerable.Range(0, body.Variables.Count))
                    {
                        Assert.Equal(Statements.Tree(root).Any(e => e is Read r && r.Variable == v), Statements.ReadsVariable(root, v));
                    }
                }
            }
        }

        // The order the walk had before it kept frames: a stack of statements, each block pushed reversed, the blocks in order.
        static List<Statement> Reference(EquatableArray<Statement> block)
        {
            var output = new List<Statement>();
            var pending = new Stack<Statement>(block.Reverse());
            while (pending.Count > 0)
            {
                Statement statement = pending.Pop();
                output.Add(statement);
                foreach (EquatableArray<Statement> inner in Statements.Blocks(statement))
                {
                    foreach (Statement s in inner.Reverse())
                    {
                        pending.Push(s);
                    }
                }
            }

            return output;
        }
    }

    private readonly struct Recorder : IExpressionVisitor
    {
        public Recorder(List<Expression> seen) => Seen = seen;

        public List<Expression> Seen { get; }

        public void Visit(Expression expression) => Seen.Add(expression);
    }

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
