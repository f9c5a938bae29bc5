using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Legacy;

/// <summary>The kind of one node of a differentiable function's expression graph.</summary>
internal enum NodeKind
{
    /// <summary>A compile-time constant (literal, <c>const</c> field, folded constant expression).</summary>
    Constant,

    /// <summary>A parameter of the method; <see cref="NodeSpec.Index"/> is its position.</summary>
    Parameter,

    /// <summary>An operator or a <c>Math</c> function; <see cref="NodeSpec.Name"/> is the rule's key in <c>DerivativeRules</c>.</summary>
    Operation,

    /// <summary>A call to another <c>[Differentiable]</c> method; <see cref="NodeSpec.Name"/> is its generated gradient method.</summary>
    Call,

    /// <summary>
    /// A condition (bool): a comparison of two values or a logical combination of conditions;
    /// <see cref="NodeSpec.Name"/> is the operator (<c>&lt;</c>, <c>&amp;&amp;</c>, <c>!</c>, …) or <c>true</c>/<c>false</c>.
    /// It has no derivative.
    /// </summary>
    Condition,

    /// <summary><c>c ? a : b</c>: operands are the condition, then the two values. Its derivative is that of the branch taken.</summary>
    Select,

    /// <summary>An int expression used as a double (<c>i</c>, <c>n - 1</c>, <c>xs.Length</c>); <see cref="NodeSpec.Name"/> is its C# text. No derivative.</summary>
    Integer,

    /// <summary><c>span[index]</c>: <see cref="NodeSpec.Index"/> is the span parameter, <see cref="NodeSpec.Name"/> the index's C# text.</summary>
    Element,

    /// <summary>A local a loop updates, as it is at the start of an iteration; <see cref="NodeSpec.Index"/> is its slot in the loop.</summary>
    Carried,

    /// <summary>
    /// A loop, after its body's nodes: <see cref="NodeSpec.Index"/> is its <see cref="LoopSpec"/>; the
    /// operands are the carried locals' values before the loop, then at the end of an iteration.
    /// </summary>
    Loop,

    /// <summary>A carried local after its loop: <see cref="NodeSpec.Index"/> is its slot; the operand is the loop.</summary>
    LoopOutput,
}

/// <summary>What a parameter of a <c>[Differentiable]</c> method is.</summary>
internal enum ParameterKind
{
    /// <summary><c>double</c>: gets an <c>out double dName</c>.</summary>
    Double,

    /// <summary><c>ReadOnlySpan&lt;double&gt;</c>: gets a <c>Span&lt;double&gt; dName</c>.</summary>
    Span,

    /// <summary><c>int</c>: never differentiated.</summary>
    Int,
}

/// <summary>A parameter: its name, kind, and whether it is <c>[NoGradient]</c>.</summary>
internal sealed record ParameterSpec(string Name, ParameterKind Kind, bool NoGradient)
{
    /// <summary>Whether the gradient method writes a derivative for it.</summary>
    public bool Differentiated => !NoGradient && Kind != ParameterKind.Int;
}

/// <summary>
/// A <c>for</c> loop (a <c>foreach</c> over a span is one over its indexes): its header as C# text,
/// the locals it carries from one iteration to the next, and how its reverse pass is written.
/// </summary>
/// <param name="Variable">The loop variable.</param>
/// <param name="Start">The first value, as C#.</param>
/// <param name="End">The bound, as C#.</param>
/// <param name="Inclusive">Whether the condition is <c>&lt;=</c> rather than <c>&lt;</c>.</param>
/// <param name="Step">The increment, a positive constant.</param>
/// <param name="Carried">The <see cref="NodeKind.Carried"/> node of each carried local.</param>
/// <param name="Updates">Each carried local's value at the end of an iteration.</param>
/// <param name="Reduction">Whether every carried local only accumulates (<c>s += f(i)</c>, f not reading any carried local): then the reverse pass recomputes each iteration and needs no tape.</param>
/// <param name="Header">The loop's header as written, for comments.</param>
internal sealed record LoopSpec(
    string Variable,
    string Start,
    string End,
    bool Inclusive,
    int Step,
    EquatableArray<int> Carried,
    EquatableArray<int> Updates,
    bool Reduction,
    string Header);

/// <summary>
/// One node of the expression graph, in evaluation order. Operands refer to earlier nodes by index.
/// </summary>
/// <param name="Kind">What the node is.</param>
/// <param name="Name">Rule key, parameter name, or fully qualified gradient method.</param>
/// <param name="Value">The constant's value.</param>
/// <param name="Index">The parameter's position.</param>
/// <param name="Operands">Indexes of the operand nodes.</param>
/// <param name="LocalName">The local variable this node initializes, if any (used to name it).</param>
/// <param name="Source">The source text of the expression, for the comment.</param>
internal sealed record NodeSpec(
    NodeKind Kind,
    string Name,
    double Value,
    int Index,
    EquatableArray<int> Operands,
    string? LocalName,
    string Source)
{
    /// <summary>The loop whose body computes this node, or −1 outside loops.</summary>
    public int Loop { get; init; } = -1;

    /// <summary>For a call: the operands the callee writes no derivative for (<c>[NoGradient]</c> parameters).</summary>
    public EquatableArray<int> Passive { get; init; } = EquatableArray<int>.Empty;
}

/// <summary>A <c>[Differentiable]</c> method, ready to emit.</summary>
/// <param name="Key">The method's identity (its documentation id), as the call graph names it.</param>
/// <param name="Callees">The identities of the <c>[Differentiable]</c> methods it calls: it can be generated only if they are.</param>
internal sealed record FunctionSpec(
    TypeSpec Type,
    string MethodName,
    string Accessibility,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<NodeSpec> Nodes,
    int Result,
    string HintName,
    string Key,
    EquatableArray<string> Callees)
{
    /// <summary>The loops, by <see cref="NodeSpec.Index"/> of their <see cref="NodeKind.Loop"/> node.</summary>
    public EquatableArray<LoopSpec> Loops { get; init; } = EquatableArray<LoopSpec>.Empty;

    /// <summary>1: the gradient; 2: also the Hessian.</summary>
    public int Order { get; init; } = 1;
}
