using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Analysis;

/// <summary>
/// Activity, forward ("varied"): which variables and arrays may depend on a differentiated input at
/// each point of the body. Flow-sensitive (an assignment replaces a variable's activity; a branch
/// joins its arms; a loop runs to a fixed point), with views and the arrays under them as one.
/// Derivatives flow only through reals: a comparison, an int, a conversion from an int and a value
/// NetGen does not differentiate are constant.
/// </summary>
internal sealed class Activity
{
    private readonly FunctionBody _body;
    private readonly int[] _roots;
    private readonly Stack<int> _results = new();
    private readonly Action<object, State>? _visit;

    private Activity(FunctionBody body, Action<object, State>? visit)
    {
        _body = body;
        _roots = ArrayRoots.Of(body);
        _visit = visit;
    }

    /// <summary>
    /// Runs the analysis from the given seeds (differentiated parameters, as variables and arrays) and
    /// returns, per variable and per array, whether it is varied anywhere. <paramref name="visit"/> sees
    /// each call-like node (<see cref="Call"/>, <see cref="CallStatement"/>, <see cref="GradientCall"/>,
    /// <see cref="External"/>) with the state where it is evaluated, once the loops have converged.
    /// </summary>
    public static State Run(FunctionBody body, IEnumerable<int> variables, IEnumerable<int> arrays, Action<object, State>? visit = null)
    {
        var analysis = new Activity(body, visit);
        var state = new State(body.Variables.Count, body.Arrays.Count, analysis._roots);
        foreach (int v in variables)
        {
            state.Variables[v] = true;
        }

        foreach (int a in arrays)
        {
            state.Arrays[analysis._roots[a]] = true;
        }

        var everywhere = state.Copy();
        analysis.Block(body.Statements, state, everywhere, report: true);
        everywhere.Join(state);
        return everywhere;
    }

    /// <summary>
    /// The variables and arrays derivatives flow through, for the reverse and the forward transforms alike:
    /// varied from the inputs (this analysis), useful to the outputs (<see cref="Usefulness"/>), and for a
    /// variable, real.
    /// </summary>
    public static (bool[] Variables, bool[] Arrays) Active(FunctionBody body, IEnumerable<int> inputVariables, IEnumerable<int> inputArrays, IEnumerable<int> outputVariables, IEnumerable<int> outputArrays)
    {
        State varied = Run(body, inputVariables, inputArrays);
        (bool[] usefulVariables, bool[] usefulArrays) = Usefulness.Run(body, outputVariables, outputArrays);
        var variables = new bool[body.Variables.Count];
        for (int v = 0; v < variables.Length; v++)
        {
            variables[v] = varied.Variables[v] && usefulVariables[v] && body.Variables[v].Type is ScalarType.Double or ScalarType.Single;
        }

        var arrays = new bool[body.Arrays.Count];
        for (int a = 0; a < arrays.Length; a++)
        {
            arrays[a] = varied.Array(a) && usefulArrays[a];
        }

        return (variables, arrays);
    }

    private void Block(EquatableArray<Statement> block, State state, State everywhere, bool report)
    {
        foreach (Statement statement in block)
        {
            Step(statement, state, everywhere, report);
        }
    }

    private void Step(Statement statement, State state, State everywhere, bool report)
    {
        if (report)
        {
            Visit(statement, state);
        }

        switch (statement)
        {
            case Assign a:
                state.Variables[a.Variable] = state.Varied(a.Value);
                everywhere.Variables[a.Variable] |= state.Variables[a.Variable];
                break;
            case AssignElement e:
                state.Arrays[_roots[e.Array]] |= state.Varied(e.Value);
                everywhere.Arrays[_roots[e.Array]] |= state.Arrays[_roots[e.Array]];
                break;
            case DeclareArray d when _roots[d.Array] == d.Array && _body.Arrays[d.Array].Role == ArrayRole.Local:
                state.Arrays[d.Array] = false; // zeroed
                break;
            case If branch:
                State other = state.Copy();
                Block(branch.Then, state, everywhere, report);
                Block(branch.Else, other, everywhere, report);
                state.Join(other);
                break;
            case While loop:
                Block(loop.Initializer, state, everywhere, report);
                Repeat(state, everywhere, report, loop.Body, loop.Step);
                break;
            case Loop loop:
                Repeat(state, everywhere, report, loop.Header, Concat(loop.Body, loop.Step));
                break;
            case Region region:
                _results.Push(region.Result);
                Block(region.Body, state, everywhere, report);
                _results.Pop();
                break;
            case Return { Value: { } value } when _results.Count > 0 && _results.Peek() >= 0:
                state.Variables[_results.Peek()] |= state.Varied(value);
                everywhere.Variables[_results.Peek()] |= state.Variables[_results.Peek()];
                break;
            case CallStatement call when call.Arguments.Any(state.Varied):
                foreach (ArrayArgument array in call.Arguments.OfType<ArrayArgument>())
                {
                    state.Arrays[_roots[array.Array]] = true;
                    everywhere.Arrays[_roots[array.Array]] = true;
                }

                break;
        }
    }

    private static EquatableArray<Statement> Concat(EquatableArray<Statement> a, EquatableArray<Statement> b) => a.Concat(b).ToEquatableArray();

    /// <summary>A loop: its blocks run until the state no longer grows; then once more to report.</summary>
    private void Repeat(State state, State everywhere, bool report, EquatableArray<Statement> first, EquatableArray<Statement> second)
    {
        for (int guard = 0; guard <= state.Variables.Length + state.Arrays.Length + 1; guard++)
        {
            State before = state.Copy();
            Block(first, state, everywhere, false);
            Block(second, state, everywhere, false);
            state.Join(before);
            if (state.SameAs(before))
            {
                break;
            }
        }

        if (report && _visit is not null)
        {
            State again = state.Copy();
            Block(first, again, everywhere, true);
            Block(second, again, everywhere, true);
        }
    }

    private void Visit(Statement statement, State state)
    {
        if (_visit is null)
        {
            return;
        }

        if (statement is CallStatement call)
        {
            _visit(call, state);
        }

        foreach (Expression root in Statements.Expressions(statement))
        {
            foreach (Expression e in Statements.Tree(root))
            {
                if (e is Call or GradientCall or External)
                {
                    _visit(e, state);
                }
            }
        }
    }

    /// <summary>Which variables and arrays are varied.</summary>
    internal sealed class State
    {
        private readonly int[] _roots;

        public State(int variables, int arrays, int[] roots)
        {
            Variables = new bool[variables];
            Arrays = new bool[arrays];
            _roots = roots;
        }

        public bool[] Variables { get; }

        /// <summary>Indexed by root array (see <see cref="ArrayRoots"/>); use <see cref="Array"/>.</summary>
        public bool[] Arrays { get; }

        public bool Array(int array) => Arrays[_roots[array]];

        public State Copy()
        {
            var copy = new State(Variables.Length, Arrays.Length, _roots);
            System.Array.Copy(Variables, copy.Variables, Variables.Length);
            System.Array.Copy(Arrays, copy.Arrays, Arrays.Length);
            return copy;
        }

        public void Join(State other)
        {
            for (int i = 0; i < Variables.Length; i++)
            {
                Variables[i] |= other.Variables[i];
            }

            for (int i = 0; i < Arrays.Length; i++)
            {
                Arrays[i] |= other.Arrays[i];
            }
        }

        public bool SameAs(State other) => Variables.SequenceEqual(other.Variables) && Arrays.SequenceEqual(other.Arrays);

        public bool Varied(Argument argument) => argument switch
        {
            ValueArgument v => Varied(v.Value),
            ArrayArgument a => Array(a.Array),
            _ => false,
        };

        /// <summary>Whether a value may depend on a differentiated input (walked without recursion: chains may be long).</summary>
        public bool Varied(Expression root)
        {
            switch (root)
            {
                case Constant:
                    return false;
                case Read leaf:
                    return leaf.IsReal && Variables[leaf.Variable]; // most values: no stack
            }

            Stack<Expression> pending = Statements.Rent();
            try
            {
                return Varied(root, pending);
            }
            finally
            {
                Statements.Return(pending);
            }
        }

        private bool Varied(Expression root, Stack<Expression> pending)
        {
            pending.Push(root);
            while (pending.Count > 0)
            {
                Expression e = pending.Pop();
                if (!e.IsReal)
                {
                    continue;
                }

                switch (e)
                {
                    case Read r when Variables[r.Variable]:
                        return true;
                    case ReadElement r when Array(r.Array):
                        return true;
                    case Operation o:
                        foreach (Expression operand in o.Operands)
                        {
                            pending.Push(operand);
                        }

                        break;
                    case Conversion c:
                        pending.Push(c.Operand);
                        break;
                    case Conditional c:
                        pending.Push(c.WhenTrue);
                        pending.Push(c.WhenFalse);
                        break;
                    case Call c when c.Arguments.OfType<ArrayArgument>().Any(a => Array(a.Array)):
                        return true;
                    case Call c:
                        foreach (ValueArgument v in c.Arguments.OfType<ValueArgument>())
                        {
                            pending.Push(v.Value);
                        }

                        break;
                    case GradientCall g:
                        for (int i = 0; i < g.Arguments.Count; i++)
                        {
                            if (g.Differentiated[i] && g.Arguments[i] is ArrayArgument a && Array(a.Array))
                            {
                                return true;
                            }

                            if (g.Differentiated[i] && g.Arguments[i] is ValueArgument v)
                            {
                                pending.Push(v.Value);
                            }
                        }

                        break;
                }
            }

            return false;
        }
    }
}
