using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Lowering;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Transform;

/// <summary>
/// Reverse mode as a source transformation of the IR. The forward sweep is the primal, which also
/// saves what the reverse sweep will need and cannot find again: the old value of a variable an
/// assignment overwrites, where a later reverse step reads it (on the tape inside loops, in a local
/// elsewhere), and each loop's number of iterations. The reverse sweep then walks the statements
/// backwards, each applying its rule (<see cref="Operators"/>) to pass adjoints to its operands and
/// restoring what it overwrote, so that every reverse step sees the values its forward step saw.
/// Only the branch the primal took is reversed; a reduction loop (<see cref="LoopStrategy.Fused"/>)
/// runs each iteration's reverse within the forward sweep and keeps nothing.
/// </summary>
internal sealed partial class AdjointTransform
{
    private readonly ProgramBuilder _program;
    private readonly FunctionBody _source;
    private readonly AdjointRequest _request;
    private readonly int[] _roots;
    private readonly bool[] _activeVariables;
    private readonly bool[] _activeArrays;
    private readonly int[] _adjoints;
    private readonly int[] _assignments;
    private readonly Dictionary<int, int> _arrayAdjoints = new();
    private readonly Dictionary<object, LoopPlan> _plans = new(ReferenceComparer.Instance);
    private readonly Dictionary<object, int> _counters = new(ReferenceComparer.Instance);
    private readonly Dictionary<object, Save> _saves = new(ReferenceComparer.Instance);
    private readonly Dictionary<object, List<(int Variable, Save Save)>> _loopSaves = new(ReferenceComparer.Instance);
    private readonly Dictionary<object, Fusion> _fusions = new(ReferenceComparer.Instance);
    private readonly Assign?[] _local;
    private readonly Dictionary<object, int[]> _gradientPartials = new(ReferenceComparer.Instance);

    private AdjointTransform(FunctionBody body, AdjointRequest request)
    {
        _program = new ProgramBuilder(body);
        _source = body;
        _request = request;
        _roots = ArrayRoots.Of(body);
        (_activeVariables, _activeArrays) = Activity.Active(
            body,
            request.ScalarInputs,
            request.ArrayInputs.Select(a => a.Array),
            request.ResultSeed is not null && body.Result >= 0 ? new[] { body.Result } : new int[0],
            request.Cotangents.Select(c => c.Array));
        _adjoints = new int[body.Variables.Count];
        for (int v = 0; v < _adjoints.Length; v++)
        {
            _adjoints[v] = _activeVariables[v] ? _program.Derived("adj_*", v, body.Variables[v].Type) : -1;
        }

        foreach ((int array, int adjoint) in request.ArrayInputs)
        {
            _arrayAdjoints[_roots[array]] = adjoint;
        }

        foreach ((int array, int _) in request.Cotangents)
        {
            if (_activeArrays[array])
            {
                _arrayAdjoints[_roots[array]] = _program.Array("adj_" + body.Arrays[array].Name.TrimStart('@'), body.Arrays[array].Type);
            }
        }

        _local = LocalValues.Find(body);
        _assignments = new int[body.Variables.Count];
        foreach (Statement statement in Statements.All(body.Statements))
        {
            if (statement is Assign a)
            {
                _assignments[a.Variable]++;
            }
        }
    }

    /// <summary>The forward and reverse sweeps of a linearized body (see <see cref="Linearizer"/>) for the request.</summary>
    public static AdjointProgram Run(FunctionBody body, AdjointRequest request)
    {
        var transform = new AdjointTransform(body, request);
        return transform.Write(body);
    }

    private AdjointProgram Write(FunctionBody body)
    {
        PlanLoops(body.Statements, insideTapedLoop: false);
        PlanSaves(body.Statements, new HashSet<int>(), inLoop: false);
        var main = Scope.Main;
        var statements = new List<Statement>();
        statements.AddRange(Forward(body.Statements, main));
        statements.Add(new Comment("reverse sweep: adj_v = ∂F/∂v, from the result back to the parameters"));
        statements.AddRange(Seed(body));
        statements.AddRange(Reverse(body.Statements, main));
        int[] scalar = _request.ScalarInputs.Select(v => _activeVariables[v] ? _adjoints[v] : -1).ToArray();
        return new AdjointProgram(_program.Build(statements), scalar);
    }

    /// <summary>Where the reverse sweep starts: the input adjoints zeroed, the output adjoints given their cotangents, the value's adjoint its seed.</summary>
    private IEnumerable<Statement> Seed(FunctionBody body)
    {
        foreach ((int _, int adjoint) in _request.ArrayInputs)
        {
            yield return new ClearArray(adjoint);
        }

        foreach ((int array, int cotangent) in _request.Cotangents)
        {
            if (_activeArrays[array])
            {
                int adjoint = _arrayAdjoints[_roots[array]];
                yield return new DeclareArray(adjoint, new ArrayLength(array));
                yield return new CopyArray(adjoint, cotangent);
            }
        }

        if (_request.ResultSeed is { } seed && body.Result >= 0 && _activeVariables[body.Result])
        {
            yield return new Assign(_adjoints[body.Result], Convert(seed, _program.Variables[body.Result].Type));
        }
    }

    private static Expression Convert(Expression value, ScalarType type) =>
        value.Type == type ? value : value is Constant c ? new Constant(type, c.Value) : new Conversion(type, value);

    private bool ActiveRead(Expression e) => e is Read r && _activeVariables[r.Variable];

    private bool ActiveArray(int array) => _activeArrays[array];

    /// <summary>
    /// How an overwritten value is kept: on the tape (in loops) or in a local; or not at all, for an int
    /// counter stepped by a constant (<c>i++</c>, <c>j -= 2</c>), which the reverse steps back with the
    /// inverse assignment (exact: int addition wraps, and a checked one that overflowed never got here).
    /// </summary>
    private sealed record Save(bool OnTape, int Variable)
    {
        public Assign? Inverse { get; init; }
    }

    /// <summary>Where the adjoints of a reverse step go, and how statements are kept.</summary>
    private sealed class Scope
    {
        public static readonly Scope Main = new() { TopLevel = true };

        /// <summary>Inside a loop of the current unit: what is kept goes on the tape.</summary>
        public bool InLoop { get; private init; }

        /// <summary>At the top of the main reverse sweep: a first contribution may assign instead of adding.</summary>
        public bool TopLevel { get; private init; }

        /// <summary>In a fused loop's iteration: where the adjoints of values from outside the loop go instead.</summary>
        public Fusion? Fusion { get; private init; }

        /// <summary>Inside an iteration whose reverse runs right after it: its values are assigned again.</summary>
        public bool Repeats { get; private init; }

        public Scope Nested(bool loop) => new() { InLoop = InLoop || loop, Fusion = Fusion, Repeats = Repeats };

        public Scope Fused(Fusion fusion) => new() { Fusion = fusion, Repeats = true };

        /// <summary>A loop iteration whose reverse runs right after its forward, with the real adjoints (redirected as this scope's are).</summary>
        public Scope Iteration() => new() { Fusion = Fusion, Repeats = true };
    }

    /// <summary>A fused loop: its accumulator and the sensitivities of what it reads from outside.</summary>
    private sealed class Fusion
    {
        public int Accumulator { get; init; }

        public Dictionary<int, int> Variables { get; } = new();

        public Dictionary<int, int> Arrays { get; } = new();

        public List<int> Snapshot { get; } = new();
    }
}
