using System.Collections.Generic;
using System.Linq;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Emit;

/// <summary>
/// Writes a program's statements as C#. A local is declared where it is first assigned at the top of
/// the method, else just before the top-level statement that first uses it; an array is a
/// <c>stackalloc</c> where it is declared once at the top with a small constant length, else a pooled
/// buffer (<c>Buffers.Zeroed</c>) returned at the end, so that nothing is allocated per call.
/// </summary>
internal sealed class BodyPrinter
{
    private const int StackLimit = 128;
    private readonly FunctionBody _body;
    private readonly ExpressionPrinter _print;
    private readonly NameTable _names;
    private readonly string[] _variables;
    private readonly string[] _arrays;
    private readonly bool[] _declaredVariables;
    private readonly bool[] _declaredArrays;
    private readonly bool[] _pooled;
    private readonly int[] _roots;
    private readonly string[] _pools;
    private readonly bool[] _writable;

    private readonly bool _noStack;

    /// <param name="noStack">The body runs inside a loop of the member: no <c>stackalloc</c> (each would take more stack).</param>
    public BodyPrinter(FunctionBody body, NameTable names, IReadOnlyDictionary<int, string> variables, IReadOnlyDictionary<int, string> arrays, bool checkedByDefault, bool noStack = false)
    {
        _noStack = noStack;
        _body = body;
        _names = names;
        names.Expect(body.Variables.Count + body.Arrays.Count);
        _variables = new string[body.Variables.Count];
        for (int v = 0; v < _variables.Length; v++)
        {
            VariableSpec spec = body.Variables[v];
            _variables[v] = variables.TryGetValue(v, out string? n) ? n :
                spec.Of >= 0 && spec.Of < v ? names.Reserve(spec.Name.Replace("*", _variables[spec.Of].TrimStart('@'))) :
                spec.Role == VariableRole.Temporary && spec.Name is "v" or "c" or "k" ? names.Numbered(spec.Name) :
                names.Reserve(spec.Name.Replace("*", "v"));
        }
        _arrays = new string[body.Arrays.Count];
        for (int a = 0; a < _arrays.Length; a++)
        {
            _arrays[a] = arrays.TryGetValue(a, out string? n) ? n : names.Reserve(body.Arrays[a].Name);
        }

        _declaredVariables = new bool[body.Variables.Count];
        foreach (int v in variables.Keys)
        {
            if ((uint)v < (uint)_declaredVariables.Length)
            {
                _declaredVariables[v] = true;
            }
        }

        _declaredArrays = new bool[body.Arrays.Count];
        foreach (int a in arrays.Keys)
        {
            if ((uint)a < (uint)_declaredArrays.Length)
            {
                _declaredArrays[a] = true;
            }
        }

        _pooled = new bool[body.Arrays.Count];
        _pools = new string[body.Arrays.Count];
        _roots = ArrayRoots.Of(body);
        _writable = new bool[body.Arrays.Count];
        for (int a = 0; a < _writable.Length; a++)
        {
            _writable[a] = body.Arrays[_roots[a]].Role != ArrayRole.Input;
        }

        _print = new ExpressionPrinter(_variables, _arrays, checkedByDefault);
        foreach (Statement statement in Statements.All(body.Statements))
        {
            if (statement is Push or Pop)
            {
                UsesTape = true;
                break;
            }
        }
    }

    public bool UsesTape { get; }

    public ExpressionPrinter Expressions => _print;

    /// <summary>The name given to a variable.</summary>
    public string Variable(int v) => _variables[v];

    public string Array(int a) => _arrays[a];

    /// <summary>Writes the body's statements (the top level of the method).</summary>
    public void Write(SourceWriter w)
    {
        // Each array's declarations: how many, and the first (an array declared once at the top with a small constant length is a stackalloc).
        var first = new DeclareArray?[_body.Arrays.Count];
        _arrayDeclarations.Clear();
        foreach (Statement statement in Statements.All(_body.Statements))
        {
            if (statement is DeclareArray d)
            {
                _arrayDeclarations[d.Array] = _arrayDeclarations.TryGetValue(d.Array, out int count) ? count + 1 : 1;
                first[d.Array] ??= d;
            }
        }

        HashSet<Statement>? topLevel = null; // built only for a body that declares an array
        for (int a = 0; a < _body.Arrays.Count; a++)
        {
            int declarations = _arrayDeclarations.TryGetValue(a, out int count) ? count : 0;
            _pooled[a] = declarations > 0 && !_declaredArrays[a] &&
                !(declarations == 1 && !_noStack && (topLevel ??= new HashSet<Statement>(_body.Statements, Lowering.StatementReference.Instance)).Contains(first[a]!) &&
                  first[a]!.Length is Constant { Value: <= StackLimit });
        }

        _declarations = new Declarations(_body, (bool[])_declaredVariables.Clone(), (bool[])_declaredArrays.Clone());
        Block(w, _body.Statements);
    }

    private Dictionary<int, int> _arrayDeclarations = new();
    private Declarations? _declarations;

    /// <summary>Returns the pooled buffers (call before the method returns).</summary>
    public void Release(SourceWriter w)
    {
        for (int a = 0; a < _pooled.Length; a++)
        {
            if (_pooled[a])
            {
                w.Line(RuntimeNames.Buffers + ".Release(ref " + _pools[a] + ");");
            }
        }
    }

    private string SpanType(int array) =>
        (_writable[array] ? RuntimeNames.Span : RuntimeNames.ReadOnlySpan) + "<" + ExpressionPrinter.TypeName(_body.Arrays[array].Type) + ">";

    /// <summary>Declares the locals and arrays the statement uses first and cannot declare itself.</summary>
    private void DeclareBefore(SourceWriter w, Statement statement)
    {
        if (_declarations!.Before(statement) is not { } before)
        {
            return;
        }

        foreach (int a in before.Arrays)
        {
            bool declaresItself = (statement is DeclareArray d && d.Array == a && !_pooled[a]) || (statement is DeclareView v && v.Array == a);
            if (declaresItself || _declaredArrays[a])
            {
                continue;
            }

            _declaredArrays[a] = true;
            if (_pooled[a])
            {
                _pools[a] = _names.Reserve(_arrays[a] + "_pool");
                w.Line(ExpressionPrinter.TypeName(_body.Arrays[a].Type) + "[]? " + _pools[a] + " = null;");
                w.Line(SpanType(a) + " " + _arrays[a] + " = default;");
            }
            else
            {
                int view = Statements.All(_body.Statements).OfType<DeclareView>().First(x => x.Array == a).Base;
                w.Line(SpanType(a) + " " + _arrays[a] + " = " + _arrays[view] + ";");
            }
        }

        foreach (int v in before.Variables)
        {
            if (!_declaredVariables[v])
            {
                _declaredVariables[v] = true;
                w.Line(ExpressionPrinter.TypeName(_body.Variables[v].Type) + " " + _variables[v] + " = " + ExpressionPrinter.Zero(_body.Variables[v].Type) + ";");
            }
        }
    }

    /// <summary>A comment's text with the variables it mentions by their printed names.</summary>
    private string Resolve(string text) => Mention.Resolve(text, _mentioned ??= v => _variables[v].TrimStart('@'));

    private System.Func<int, string>? _mentioned;

    /// <summary>A statement as a comment shows it: <c>Math.Exp(y)</c>, not <c>global::System.Math.Exp(y)</c>.</summary>
    private static string Readable(string code) =>
        code.Replace("global::System.", string.Empty).Replace(RuntimeNames.CompilerServices + ".", string.Empty);

    private void Statement(SourceWriter w, Statement statement)
    {
        DeclareBefore(w, statement);
        switch (statement)
        {
            case Assign a:
                WriteAssignment(w, a, _declarations!.Declares(a, a.Variable) && !_declaredVariables[a.Variable]);
                break;
            case AssignElement e:
                w.Line(ElementAssignment(e));
                break;
            case DeclareArray d:
                w.Line(DeclareArray(d));
                break;
            case DeclareView v:
                string slice = v.Start is null ? _arrays[v.Base] : _arrays[v.Base] + ".Slice(" + _print.Print(v.Start) + (v.Length is null ? string.Empty : ", " + _print.Print(v.Length)) + ")";
                w.Line((_declaredArrays[v.Array] ? string.Empty : SpanType(v.Array) + " ") + _arrays[v.Array] + " = " + slice + ";");
                _declaredArrays[v.Array] = true;
                break;
            case If b:
                WriteIf(w, b);
                break;
            case Loop l:
                WriteLoop(w, l);
                break;
            case ExitIf x:
                w.Line("if (" + _print.Print(x.Condition) + ") break;");
                break;
            case Repeat r:
                string counter = _names.Reserve("iteration");
                if (r.Title.Length > 0)
                {
                    w.Line("// " + Resolve(r.Title));
                }

                w.Open("for (int " + counter + " = " + _print.Print(r.Count) + "; " + counter + " > 0; " + counter + "--)");
                Block(w, r.Body);
                w.Close();
                break;
            case Push p:
                w.Line("tape[taped++] = " + (p.Value.Type == ScalarType.Boolean ? _print.Print(new Conditional(ScalarType.Double, p.Value, Constant.Real(ScalarType.Double, 1), Constant.Real(ScalarType.Double, 0))) : _print.Print(p.Value)) + ";");
                break;
            case Pop p:
                w.Line(_variables[p.Variable] + " = " + _body.Variables[p.Variable].Type switch
                {
                    ScalarType.Double => "tape[--taped];",
                    ScalarType.Single => "(float)tape[--taped];",
                    ScalarType.Int32 => "(int)tape[--taped];",
                    _ => "tape[--taped] != 0.0;",
                });
                break;
            case Comment c:
                StringBuilder line = w.StartLine().Append("// ");
                if (c.About is Assign about)
                {
                    AppendAbout(line, about);
                }

                line.Append(Resolve(c.Text));
                w.EndLine();
                break;
            case ClearArray c:
                w.Line(_arrays[c.Array] + ".Clear();");
                break;
            case CopyArray c:
                w.Line(_arrays[c.From] + ".CopyTo(" + _arrays[c.Target] + ");");
                break;
            case AddScaled c:
                w.Line(RuntimeNames.Kernels + ".MultiplyAdd(" + _arrays[c.From] + ", " + _print.Print(c.Scale) + ", " + _arrays[c.Target] + ");");
                break;
            case CallGradient g:
                w.Line(CallGradient(g));
                break;
            case CheckpointStart c:
                WriteCheckpointStart(w, c);
                break;
            case CheckpointSave c:
                WriteCheckpointSave(w, c);
                break;
            case CheckpointReverse c:
                WriteCheckpointReverse(w, c);
                break;
            default:
                throw new System.InvalidOperationException(statement.GetType().Name + " cannot be written here");
        }
    }

    /// <summary>
    /// A block's statements. Before each run of statements without a loop, room on the tape for what
    /// the run pushes (one test per run, not per value: in a loop, once per iteration); a loop reserves
    /// for its own body, and what follows it for itself.
    /// </summary>
    private void Block(SourceWriter w, EquatableArray<Statement> block, bool reserve = true)
    {
        bool reserved = !reserve;
        for (int i = 0; i < block.Count; i++)
        {
            if (!reserved)
            {
                if (UsesTape)
                {
                    Reserve(w, PushesBeforeLoop(block, i));
                }

                reserved = true;
            }

            Statement(w, block[i]);
            reserved &= !HoldsLoop(block[i]);
        }
    }

    private static bool HoldsLoop(Statement statement) => statement switch
    {
        Loop or Repeat or CheckpointReverse => true,
        If b => AnyHoldsLoop(b.Then) || AnyHoldsLoop(b.Else),
        Region r => AnyHoldsLoop(r.Body),
        _ => false,
    };

    private static bool AnyHoldsLoop(EquatableArray<Statement> block)
    {
        foreach (Statement statement in block)
        {
            if (HoldsLoop(statement))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The printed names of a checkpoint store: its array, its count, its interval, and the size of one checkpoint.</summary>
    private readonly Dictionary<int, (string Pool, string Count, string Every, string Size)> _stores = new();

    private void WriteCheckpointStart(SourceWriter w, CheckpointStart c)
    {
        (string Pool, string Count, string Every, string Size) store = (_names.Reserve("checkpoints_pool"), _names.Reserve("checkpoints"), _names.Reserve("every"), _names.Reserve("state"));
        _stores[c.Store] = store;
        w.Line("double[]? " + store.Pool + " = null;");
        w.Line("int " + store.Count + " = 0;");
        w.Line("int " + store.Every + " = " + RuntimeNames.Checkpoints + ".FirstInterval;");
        string size = string.Join(" + ", new[] { c.Variables.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(c.Arrays.Select(a => _arrays[a] + ".Length")));
        w.Line("int " + store.Size + " = " + size + "; // values in one checkpoint: " + (c.Variables.Count == 0 ? "no local" : string.Join(", ", c.Variables.Select(v => _variables[v].TrimStart('@')))) + (c.Arrays.Count == 0 ? string.Empty : ", and the elements of " + string.Join(", ", c.Arrays.Select(a => _arrays[a].TrimStart('@')))));
    }

    private void WriteCheckpointSave(SourceWriter w, CheckpointSave c)
    {
        (string pool, string count, string every, string size) = _stores[c.Store];
        w.Open("if ((" + _variables[c.Counter] + " - " + _variables[c.After] + ") % " + every + " == 0)");
        string slot = _names.Reserve("slot");
        w.Line(RuntimeNames.Span + "<double> " + slot + " = " + RuntimeNames.Checkpoints + ".Next(ref " + pool + ", ref " + count + ", ref " + every + ", " + size + ");");
        for (int i = 0; i < c.Variables.Count; i++)
        {
            int v = c.Variables[i];
            string value = _body.Variables[v].Type == ScalarType.Boolean ? "(" + _variables[v] + " ? 1.0 : 0.0)" : _variables[v];
            w.Line(slot + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "] = " + value + ";");
        }

        if (c.Arrays.Count > 0)
        {
            string at = _names.Reserve("at");
            w.Line("int " + at + " = " + c.Variables.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
            foreach (int a in c.Arrays)
            {
                w.Line(RuntimeNames.Checkpoints + ".Put(" + _arrays[a] + ", " + slot + ", ref " + at + ");");
            }
        }

        w.Close();
    }

    private void WriteCheckpointReverse(SourceWriter w, CheckpointReverse c)
    {
        (string pool, string count, string every, string size) = _stores[c.Store];
        if (c.Title.Length > 0)
        {
            w.Line("// " + Resolve(c.Title));
        }

        string segment = _names.Reserve("segment");
        w.Open("for (int " + segment + " = " + count + " - 1; " + segment + " >= 0; " + segment + "--)");
        string slot = _names.Reserve("slot");
        w.Line(RuntimeNames.ReadOnlySpan + "<double> " + slot + " = " + RuntimeNames.Checkpoints + ".At(" + pool + ", " + segment + ", " + size + ");");
        for (int i = 0; i < c.Variables.Count; i++)
        {
            int v = c.Variables[i];
            string index = slot + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
            w.Line(_variables[v] + " = " + _body.Variables[v].Type switch
            {
                ScalarType.Double => index,
                ScalarType.Single => "(float)" + index,
                ScalarType.Int32 => "(int)" + index,
                _ => index + " != 0.0",
            } + ";");
        }

        if (c.Arrays.Count > 0)
        {
            string at = _names.Reserve("at");
            w.Line("int " + at + " = " + c.Variables.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
            foreach (int a in c.Arrays)
            {
                w.Line(RuntimeNames.Checkpoints + ".Get(" + slot + ", ref " + at + ", " + _arrays[a] + ");");
            }
        }

        string length = _names.Reserve("length");
        w.Line("int " + length + " = global::System.Math.Min(" + every + ", " + _variables[c.Counter] + " - " + _variables[c.After] + " - " + segment + " * " + every + ");");
        string replay = _names.Reserve("iteration");
        w.Open("for (int " + replay + " = " + length + "; " + replay + " > 0; " + replay + "--)");
        Block(w, c.Replay);
        w.Close();
        string back = _names.Reserve("iteration");
        w.Open("for (int " + back + " = " + length + "; " + back + " > 0; " + back + "--)");
        Block(w, c.Reverse);
        w.Close();
        w.Close();
        w.Line(RuntimeNames.Checkpoints + ".Release(ref " + pool + ");");
    }

    /// <summary>
    /// The assignment a comment is about, as it reads: <c>v = value</c>. An assignment written as such keeps where
    /// its value is in the text (by its variable: no lookup by reference), so that the comment copies it instead of
    /// printing it again (each statement of a forward-mode body, and of a reverse sweep, is followed or answered by one).
    /// </summary>
    private void AppendAbout(StringBuilder text, Assign a)
    {
        (Assign? printed, int start, int length) = _printed.Length > a.Variable ? _printed[a.Variable] : default;
        if (!ReferenceEquals(printed, a) || !ReferenceEquals(text, _printedIn))
        {
            text.Append(Readable(Assignment(a, false).TrimEnd(';')));
            return;
        }

        if (_copy.Length < length)
        {
            _copy = new char[System.Math.Max(length, 2 * _copy.Length)];
        }

        text.CopyTo(start, _copy, 0, length);
        text.Append(_variables[a.Variable]).Append(" = ");
        if (System.Array.IndexOf(_copy, ':', 0, length) >= 0)
        {
            text.Append(Readable(new string(_copy, 0, length))); // a qualified name to shorten
        }
        else
        {
            text.Append(_copy, 0, length);
        }
    }

    private char[] _copy = new char[256];

    /// <summary>For each variable, the last assignment written to it as <c>v = value</c> (or a declaration), and where its value is in <see cref="_printedIn"/>.</summary>
    private (Assign? Assign, int Start, int Length)[] _printed = System.Array.Empty<(Assign?, int, int)>();
    private StringBuilder? _printedIn;

    /// <summary>An assignment statement, with its source as a comment when the printed code does not show it.</summary>
    private void WriteAssignment(SourceWriter w, Assign a, bool declare)
    {
        StringBuilder text = w.StartLine();
        int start = text.Length;
        int value = AppendAssignment(text, a, declare);
        if (value >= 0)
        {
            if (!ReferenceEquals(text, _printedIn))
            {
                _printedIn = text;
                _printed = new (Assign?, int, int)[_body.Variables.Count];
            }

            _printed[a.Variable] = (a, value, text.Length - 1 - value); // the value, without the ';'
        }

        if (a.Source.Length > 0 && text.ToString(start, text.Length - start).IndexOf(a.Source, System.StringComparison.Ordinal) < 0)
        {
            text.Append(" // ").Append(a.Source);
        }

        w.EndLine();
    }

    private string Assignment(Assign a, bool declare)
    {
        var text = new StringBuilder();
        AppendAssignment(text, a, declare);
        return text.ToString();
    }

    /// <summary>Writes <c>[type] v = value;</c> or a compound assignment; returns where the value starts, or -1 for a compound form.</summary>
    private int AppendAssignment(StringBuilder text, Assign a, bool declare)
    {
        string target = _variables[a.Variable];
        if (declare)
        {
            _declaredVariables[a.Variable] = true;
            text.Append(ExpressionPrinter.TypeName(_body.Variables[a.Variable].Type)).Append(' ');
        }
        else if (a.Value is Operation { Operands.Count: 2 } o && o.Operands[0] is Read self && self.Variable == a.Variable &&
            o.Operator is Operators.Add or Operators.Subtract or Operators.Multiply or Operators.Divide && (a.Value.Type != ScalarType.Int32 || !o.Checked))
        {
            if (a.Value.Type == ScalarType.Int32 && o.Operands[1] is Constant { Value: 1 } && o.Operator is Operators.Add or Operators.Subtract)
            {
                text.Append(target).Append(o.Operator == Operators.Add ? "++;" : "--;");
                return -1;
            }

            text.Append(target).Append(' ').Append(o.Operator).Append("= ");
            _print.Write(text, o.Operands[1]);
            text.Append(';');
            return -1;
        }

        text.Append(target).Append(" = ");
        int value = text.Length;
        _print.Write(text, a.Value);
        text.Append(';');
        return value;
    }

    private string ElementAssignment(AssignElement e)
    {
        string target = _arrays[e.Array] + "[" + _print.Print(e.Index) + "]";
        if (e.Value is Operation { Operator: Operators.Add, Operands.Count: 2 } o && o.Operands[0] is ReadElement r && r.Array == e.Array && r.Index.Equals(e.Index))
        {
            return target + " += " + _print.Print(o.Operands[1]) + ";";
        }

        return target + " = " + _print.Print(e.Value) + ";";
    }

    private string DeclareArray(DeclareArray d)
    {
        string type = ExpressionPrinter.TypeName(_body.Arrays[d.Array].Type);
        if (_pooled[d.Array])
        {
            return _arrays[d.Array] + " = " + RuntimeNames.Buffers + ".Zeroed(ref " + _pools[d.Array] + ", " + _print.Print(d.Length) + ");";
        }

        _declaredArrays[d.Array] = true;
        return SpanType(d.Array) + " " + _arrays[d.Array] + " = stackalloc " + type + "[" + _print.Print(d.Length) + "];";
    }

    /// <summary><c>if (c) { … } else { … }</c>; an empty branch is left out (<c>if (!c) { … }</c>), and both empty, the whole (a condition has no side effects).</summary>
    private void WriteIf(SourceWriter w, If b)
    {
        if (b.Then.Count == 0 && b.Else.Count == 0)
        {
            return;
        }

        bool negate = b.Then.Count == 0;
        bool reserve = HoldsLoop(b); // else the block around counted what its branches push
        w.Open("if (" + _print.Print(negate ? Negate(b.Condition) : b.Condition) + ")");
        Block(w, negate ? b.Else : b.Then, reserve);
        w.Close();
        if (!negate && b.Else.Count > 0)
        {
            w.Open("else");
            Block(w, b.Else, reserve);
            w.Close();
        }
    }

    /// <summary>
    /// A loop: <c>for (; condition; step)</c> when its header is exit tests only and its step one statement,
    /// <c>while (condition)</c> with the step at the end of the body when the step is longer (nothing in a
    /// lowered body jumps to the step), else <c>while (true)</c> with the exit tests where they are.
    /// </summary>
    private void WriteLoop(SourceWriter w, Loop l)
    {
        if (l.Title.Length > 0)
        {
            w.Line("// " + Resolve(l.Title));
        }

        if (l.Header.Count > 0 && l.Header.All(s => s is ExitIf))
        {
            Expression stay = l.Header.Select(s => Negate(((ExitIf)s).Condition)).Aggregate((a, b) => new Operation(ScalarType.Boolean, Operators.And, new[] { a, b }.ToEquatableArray()));
            string condition = _print.Print(stay);
            if (l.Step.Count == 1 && l.Step[0] is Assign)
            {
                string step = Assignment((Assign)l.Step[0], false).TrimEnd(';');
                w.Open("for (; " + condition + "; " + step + ")");
                Block(w, l.Body);
                w.Close();
                return;
            }

            w.Open("while (" + condition + ")");
            Block(w, l.Body);
            Block(w, l.Step);
            w.Close();
            return;
        }

        w.Open("while (true)");
        Block(w, l.Header);
        Block(w, l.Body);
        Block(w, l.Step);
        w.Close();
    }

    /// <summary>What the statements of a block from <paramref name="start"/> up to its next loop push.</summary>
    private static int PushesBeforeLoop(EquatableArray<Statement> block, int start)
    {
        int pushes = 0;
        for (int i = start; i < block.Count && !HoldsLoop(block[i]); i++)
        {
            pushes += Pushes(block[i]);
        }

        return pushes;
    }

    /// <summary>
    /// The values a block pushes on the tape in one run, at most (both branches of an if counted; a
    /// nested loop reserves room for its own iterations).
    /// </summary>
    private static int Pushes(EquatableArray<Statement> block)
    {
        int pushes = 0;
        foreach (Statement statement in block)
        {
            pushes += Pushes(statement);
        }

        return pushes;
    }

    private static int Pushes(Statement statement) => statement switch
    {
        Push => 1,
        If b when !HoldsLoop(b) => Pushes(b.Then) + Pushes(b.Else),
        Region r => Pushes(r.Body),
        _ => 0,
    };

    /// <summary>Room on the tape for what the next statements push: one test per loop iteration, not per value.</summary>
    private static void Reserve(SourceWriter w, int pushes)
    {
        if (pushes > 0)
        {
            string count = pushes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w.Line("if (taped > tape.Length - " + count + ") tape = " + RuntimeNames.Tape + ".Grow(tape, taped, " + count + ", ref tape_pool);");
        }
    }

    private static Expression Negate(Expression condition) =>
        condition is Operation { Operator: Operators.Not } not ? not.Operands[0] :
        new Operation(ScalarType.Boolean, Operators.Not, new[] { condition }.ToEquatableArray());

    private string CallGradient(CallGradient g)
    {
        var arguments = g.Arguments.Select(_print.Argument).ToList();
        for (int i = 0; i < g.Arguments.Count; i++)
        {
            if (g.Partials[i] >= 0)
            {
                arguments.Add("out " + Declared(g.Partials[i], g) + _variables[g.Partials[i]]);
            }
            else if (g.PartialArrays[i] >= 0)
            {
                arguments.Add(_arrays[g.PartialArrays[i]]);
            }
        }

        string call = g.Gradient + "(" + string.Join(", ", arguments) + ");";
        return (g.Result >= 0 ? Declared(g.Result, g) + _variables[g.Result] + " = " : "_ = ") + call;
    }

    /// <summary>The type keyword where a top-level statement declares the variable, else nothing.</summary>
    private string Declared(int variable, Statement statement)
    {
        if (_declaredVariables[variable] || _declarations is null || !_declarations.Declares(statement, variable))
        {
            return string.Empty;
        }

        _declaredVariables[variable] = true;
        return ExpressionPrinter.TypeName(_body.Variables[variable].Type) + " ";
    }
}
