using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>
/// Inlining: each call to another <c>[Differentiable]</c> method becomes the callee's body, lowered
/// and inlined in turn, its parameters bound to the arguments (a span argument names the caller's
/// array, or a slice of it), its value assigned where the call was. The derivatives then go through
/// the callee as through the caller's own code, in every mode, with nothing between them.
/// </summary>
internal sealed class Inliner
{
    /// <summary>At most this many statements after inlining (every size is bounded before code is written).</summary>
    public const int MaxStatements = Analysis.CallGraph.MaxStatements;

    private readonly IReadOnlyDictionary<string, FunctionSpec> _library;
    private readonly List<string> _stack = new();

    private Inliner(IReadOnlyDictionary<string, FunctionSpec> library) => _library = library;

    /// <summary>Why the last expansion failed (a cycle, a callee that could not be read, a size), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The method's body, control flow lowered and every call inlined; null (with <see cref="Problem"/>) where that cannot be done.</summary>
    public static FunctionBody? Expand(FunctionSpec spec, IReadOnlyDictionary<string, FunctionSpec> library, out string? problem)
    {
        var inliner = new Inliner(library);
        FunctionBody? body = inliner.Expand(spec);
        if (body is not null && Statements.All(body.Statements).Count() > MaxStatements)
        {
            inliner.Problem = Analysis.CallGraph.TooLarge;
            body = null;
        }

        problem = inliner.Problem;
        return body;
    }

    private FunctionBody? Expand(FunctionSpec spec)
    {
        if (_stack.Contains(spec.Key))
        {
            Problem = "it calls itself through " + string.Join(" -> ", _stack.Skip(_stack.IndexOf(spec.Key)).Select(k => _library.TryGetValue(k, out FunctionSpec? s) ? s.Name : k).Concat(new[] { spec.Name }));
            return null;
        }

        _stack.Add(spec.Key);
        FunctionBody lowered = ControlFlowLowering.Lower(spec.Body);
        var program = new ProgramBuilder(lowered);
        List<Statement> flat = new Flattener(program, CallRule.Instance).Block(lowered.Statements);
        List<Statement>? inlined = Replace(flat, program);
        _stack.RemoveAt(_stack.Count - 1);
        return inlined is null ? null : CopyPropagation.Run(program.Build(inlined));
    }

    private List<Statement>? Replace(IEnumerable<Statement> block, ProgramBuilder program)
    {
        var output = new List<Statement>();
        foreach (Statement statement in block)
        {
            IEnumerable<Statement>? replaced = statement switch
            {
                Assign { Value: Call call } a => Inline(call.Callee, call.Arguments, a.Variable, program, a.Source),
                CallStatement call => Inline(call.Callee, call.Arguments, -1, program, call.Source),
                If b => Nested(b, program),
                Loop l => Nested(l, program),
                _ => new[] { statement },
            };
            if (replaced is null)
            {
                return null;
            }

            output.AddRange(replaced);
        }

        return output;
    }

    private IEnumerable<Statement>? Nested(Statement statement, ProgramBuilder program)
    {
        switch (statement)
        {
            case If b:
                List<Statement>? then = Replace(b.Then, program), otherwise = then is null ? null : Replace(b.Else, program);
                return otherwise is null ? null : new[] { b with { Then = then!.ToEquatableArray(), Else = otherwise.ToEquatableArray() } };
            case Loop l:
                List<Statement>? header = Replace(l.Header, program), body = header is null ? null : Replace(l.Body, program), step = body is null ? null : Replace(l.Step, program);
                return step is null ? null : new[] { l with { Header = header!.ToEquatableArray(), Body = body!.ToEquatableArray(), Step = step.ToEquatableArray() } };
            default:
                return new[] { statement };
        }
    }

    private IEnumerable<Statement>? Inline(string key, EquatableArray<Argument> arguments, int result, ProgramBuilder program, string source)
    {
        if (!_library.TryGetValue(key, out FunctionSpec? callee))
        {
            Problem = "a method it calls could not be generated";
            return null;
        }

        if (Expand(callee) is not { } body)
        {
            return null;
        }

        var output = new List<Statement> { new Comment("inlined " + callee.Type.Name + "." + callee.Name + ": " + source) };
        int[] variables = body.Variables.Select(v => program.Variable(v.Name, v.Type, v.Role == VariableRole.Parameter ? VariableRole.Temporary : v.Role)).ToArray();
        int[] arrays = new int[body.Arrays.Count];
        for (int a = 0; a < arrays.Length; a++)
        {
            arrays[a] = -1;
        }

        for (int p = 0; p < callee.Parameters.Count; p++)
        {
            ParameterSpec parameter = callee.Parameters[p];
            Argument argument = arguments[p];
            if (!parameter.IsArray)
            {
                output.Add(new Assign(variables[parameter.Slot], ((ValueArgument)argument).Value) { Source = parameter.Name });
            }
            else if (argument is ArrayArgument { Start: null } whole)
            {
                arrays[parameter.Slot] = whole.Array;
            }
            else if (argument is ArrayArgument slice)
            {
                arrays[parameter.Slot] = program.Array(parameter.Name, parameter.Type, ArrayRole.View);
                output.Add(new DeclareView(arrays[parameter.Slot], slice.Array, slice.Start, slice.Length) { Source = parameter.Name });
            }
        }

        for (int a = 0; a < arrays.Length; a++)
        {
            arrays[a] = arrays[a] >= 0 ? arrays[a] : program.Array(body.Arrays[a].Name, body.Arrays[a].Type, body.Arrays[a].Role);
        }

        output.AddRange(new Renamer(v => variables[v], a => arrays[a]).Block(body.Statements));
        if (result >= 0 && body.Result >= 0)
        {
            output.Add(new Assign(result, new Read(body.Variables[body.Result].Type, variables[body.Result])) { Source = source });
        }

        return output;
    }

    /// <summary>Calls get statements of their own, so that each can be replaced by the callee's body.</summary>
    private sealed class CallRule : FlatteningRule
    {
        public static readonly CallRule Instance = new();

        public override bool Separate(Expression node) => node is Call;
    }
}
