namespace NetGen.Generator.Model;

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
}

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
    string Source);

/// <summary>A <c>[Differentiable]</c> method, ready to emit.</summary>
/// <param name="Key">The method's identity (its documentation id), as the call graph names it.</param>
/// <param name="Callees">The identities of the <c>[Differentiable]</c> methods it calls: it can be generated only if they are.</param>
internal sealed record FunctionSpec(
    TypeSpec Type,
    string MethodName,
    string Accessibility,
    EquatableArray<string> Parameters,
    EquatableArray<NodeSpec> Nodes,
    int Result,
    string HintName,
    string Key,
    EquatableArray<string> Callees);
