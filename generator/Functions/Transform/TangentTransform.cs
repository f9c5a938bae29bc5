using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Lowering;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Transform;

/// <summary>What a tangent sweep computes: from tangents of the inputs, the tangents of the value and of the outputs.</summary>
/// <param name="ScalarInputs">Each differentiated scalar input and the variable holding its tangent.</param>
/// <param name="ArrayInputs">Each differentiated input array and the array holding its tangent.</param>
/// <param name="ArrayOutputs">Each output array and the array its tangent is written into.</param>
internal sealed record TangentRequest(
    IReadOnlyList<(int Variable, int Tangent)> ScalarInputs,
    IReadOnlyList<(int Array, int Tangent)> ArrayInputs,
    IReadOnlyList<(int Array, int Tangent)> ArrayOutputs);

/// <summary>The program a tangent transform wrote, and the variable of the value's tangent (−1 where it has none: the value is constant).</summary>
internal sealed record TangentProgram(FunctionBody Body, int ResultTangent);

/// <summary>
/// Forward mode as a source transformation: each differentiated assignment is followed by its
/// tangent, Σⱼ ∂v/∂operandⱼ · ṫⱼ from the same rules as the reverse sweep; loops and branches stay as
/// the primal runs them. No tape: the cost is that of the primal and its tangents.
/// </summary>
internal sealed class TangentTransform
{
    private readonly ProgramBuilder _program;
    private readonly TangentRequest _request;
    private readonly bool[] _active;
    private readonly bool[] _activeArrays;
    private readonly int[] _tangents;
    private readonly Dictionary<int, int> _arrayTangents = new();
    private readonly int[] _roots;

    private TangentTransform(FunctionBody body, TangentRequest request)
    {
        _program = new ProgramBuilder(body);
        _request = request;
        _roots = ArrayRoots.Of(body);
        (_active, _activeArrays) = Activity.Active(
            body,
            request.ScalarInputs.Select(s => s.Variable),
            request.ArrayInputs.Select(a => a.Array),
            body.Result >= 0 ? new[] { body.Result } : new int[0],
            request.ArrayOutputs.Select(o => o.Array));
        _tangents = new int[body.Variables.Count];
        for (int v = 0; v < _tangents.Length; v++)
        {
            _tangents[v] = -1;
        }

        foreach ((int variable, int tangent) in request.ScalarInputs)
        {
            _tangents[variable] = tangent;
        }

        for (int v = 0; v < body.Variables.Count; v++)
        {
            if (_active[v] && _tangents[v] < 0)
            {
                _tangents[v] = _program.Derived("t_*", v, body.Variables[v].Type);
            }
        }

        foreach ((int array, int tangent) in request.ArrayInputs.Concat(request.ArrayOutputs))
        {
            _arrayTangents[_roots[array]] = tangent;
        }
    }

    public static TangentProgram Run(FunctionBody body, TangentRequest request)
    {
        var transform = new TangentTransform(body, request);
        var statements = new List<Statement>();
        statements.AddRange(request.ArrayOutputs.Select(o => (Statement)new ClearArray(o.Tangent)));
        statements.AddRange(transform.Block(body.Statements));
        int result = body.Result >= 0 && transform._active[body.Result] ? transform._tangents[body.Result] : -1;
        return new TangentProgram(transform._program.Build(statements), result);
    }

    private List<Statement> Block(EquatableArray<Statement> block)
    {
        var output = new List<Statement>();
        foreach (Statement statement in block)
        {
            switch (statement)
            {
                case Assign a when _active[a.Variable]:
                    Assign(a, output);
                    break;
                case AssignElement e when Active(e.Array):
                    output.Add(e);
                    output.Add(new AssignElement(Tangent(e.Array), e.Index, TangentOf(e.Value)));
                    break;
                case DeclareArray d when Active(d.Array):
                    output.Add(d);
                    output.Add(new DeclareArray(Tangent(d.Array), d.Length));
                    break;
                case DeclareView v when Active(v.Array):
                    output.Add(v);
                    output.Add(new DeclareView(Tangent(v.Array), Tangent(v.Base), v.Start, v.Length));
                    break;
                case If b:
                    output.Add(b with { Then = Block(b.Then).ToEquatableArray(), Else = Block(b.Else).ToEquatableArray() });
                    break;
                case Loop l:
                    output.Add(l with { Body = Block(l.Body).ToEquatableArray(), Step = Block(l.Step).ToEquatableArray() });
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    private bool Active(int array) => _activeArrays[array];

    private int Tangent(int array)
    {
        if (_arrayTangents.TryGetValue(array, out int tangent))
        {
            return tangent;
        }

        if (_program.Arrays[array].Role is not (ArrayRole.Local or ArrayRole.View) && _arrayTangents.TryGetValue(_roots[array], out tangent))
        {
            return tangent;
        }

        tangent = _program.Array("t_" + _program.Arrays[array].Name.TrimStart('@'), _program.Arrays[array].Type, _program.Arrays[array].Role == ArrayRole.View ? ArrayRole.View : ArrayRole.Scratch);
        _arrayTangents[array] = tangent;
        return tangent;
    }

    /// <summary>The tangent of an atom (a variable or a constant): zero where it has none.</summary>
    private Expression TangentOf(Expression atom) =>
        atom is Read r && _active[r.Variable] ? _program.Read(_tangents[r.Variable]) : Build.Zero(atom.Type);

    private void Assign(Assign a, List<Statement> output)
    {
        int tangent = _tangents[a.Variable];
        ScalarType type = _program.Variables[a.Variable].Type;
        switch (a.Value)
        {
            case Operation o when o.Operator is Operators.Add or Operators.Subtract && o.Operands[0] is Read s && s.Variable == a.Variable:
                output.Add(a);
                output.Add(new Assign(tangent, Build.Op(o.Operator, _program.Read(tangent), TangentOf(o.Operands[1]))));
                return;
            case Operation o when Operators.Get(o.Operator).Partials is { } partials:
                output.Add(a);
                output.Add(new Comment(Operators.Get(o.Operator).Caption) { About = a });
                output.Add(new Assign(tangent, Combination(o, partials, a.Variable)));
                return;
            case Read r:
                output.Add(a);
                output.Add(new Assign(tangent, Convert(TangentOf(r), type)));
                return;
            case Conversion c:
                output.Add(a);
                output.Add(new Assign(tangent, c.Operand.IsReal ? Convert(TangentOf(c.Operand), type) : Build.Zero(type)));
                return;
            case ReadElement r when Active(r.Array):
                output.Add(a);
                output.Add(new Assign(tangent, new ReadElement(r.Type, Tangent(r.Array), r.Index)));
                return;
            case GradientCall g:
                output.AddRange(Gradient(a, g));
                return;
            default:
                output.Add(a);
                output.Add(new Assign(tangent, Build.Zero(type)));
                return;
        }
    }

    /// <summary>Σⱼ ∂v/∂operandⱼ · ṫ(operandⱼ) over the differentiated operands.</summary>
    private Expression Combination(Operation o, Partial[] partials, int result)
    {
        OperatorRule rule = Operators.Get(o.Operator);
        Expression[] operands = o.Operands.ToArray();
        Expression sum = Build.Zero(o.Type);
        Expression? resultRead = null;
        for (int j = 0; j < operands.Length; j++)
        {
            if (j == rule.IntOperand || !(operands[j] is Read r && _active[r.Variable]))
            {
                continue;
            }

            Expression partial = partials[j](operands, resultRead ??= _program.Read(result));
            if (Build.IsConstant(partial, 0))
            {
                continue;
            }

            Expression t = TangentOf(operands[j]);
            sum = Build.Add(sum, rule.ZeroWins ? Build.MultiplyOrZero(t, partial) : Build.Multiply(partial, t));
        }

        return sum;
    }

    private IEnumerable<Statement> Gradient(Assign a, GradientCall g)
    {
        int[] partials = new int[g.Arguments.Count];
        int[] spans = new int[g.Arguments.Count];
        var before = new List<Statement>();
        for (int i = 0; i < g.Arguments.Count; i++)
        {
            partials[i] = spans[i] = -1;
            if (g.Differentiated[i] && g.Arguments[i] is ValueArgument v)
            {
                partials[i] = _program.Derived("*_d" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Variable, v.Value.Type);
            }
            else if (g.Differentiated[i] && g.Arguments[i] is ArrayArgument span)
            {
                spans[i] = _program.Array("partials", _program.Arrays[span.Array].Type);
                before.Add(new DeclareArray(spans[i], span.Length ?? new ArrayLength(span.Array)));
            }
        }

        foreach (Statement s in before)
        {
            yield return s;
        }

        yield return new CallGradient(a.Variable, g.Gradient, g.Arguments, partials.ToEquatableArray(), spans.ToEquatableArray()) { Source = a.Source };
        Expression sum = Build.Zero(g.Type);
        for (int i = 0; i < g.Arguments.Count; i++)
        {
            if (partials[i] >= 0)
            {
                sum = Build.Add(sum, Build.Multiply(_program.Read(partials[i]), TangentOf(((ValueArgument)g.Arguments[i]).Value)));
            }
            else if (spans[i] >= 0 && g.Arguments[i] is ArrayArgument span && Active(span.Array))
            {
                int tangent = Tangent(span.Array);
                if (span.Start is not null)
                {
                    int view = _program.Array("t_slice", _program.Arrays[span.Array].Type, ArrayRole.View);
                    yield return new DeclareView(view, tangent, span.Start, span.Length);
                    tangent = view;
                }

                sum = Build.Add(sum, new DotProduct(g.Type, spans[i], tangent));
            }
        }

        yield return new Assign(_tangents[a.Variable], sum);
    }

    private static Expression Convert(Expression value, ScalarType type) =>
        value.Type == type ? value : value is Constant c ? new Constant(type, c.Value) : new Conversion(type, value);
}
