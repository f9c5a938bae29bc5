using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Networks.Model;

namespace NetGen.Generator.Networks.Lowering;

/// <summary>
/// The number type a network's code computes in, and how each operation is written in it: a scalar
/// (<c>double</c> or <c>float</c>: operators, <c>?:</c>, <c>Math</c>) or lanes of one
/// (<c>Vector512&lt;T&gt;</c> / <c>Vector256&lt;T&gt;</c>, one sample per lane: the same operators,
/// masks for comparisons, <c>NetGen.Lanes</c> for fused multiply-add, exp, tanh and loads). The
/// emitters and rules write every type, literal and function through it, so that one description of
/// each member lowers to double or float, one row or a vector of rows.
/// </summary>
internal sealed class ComputeType
{
    /// <summary>Constants that lanes name once per block (declared before the numbers below: static fields start in order) instead of writing <c>Vector512.Create(…)</c> at each use.</summary>
    private static readonly (string Literal, string Name)[] NamedConstants = { ("0.0", "zero"), ("0.5", "half"), ("1.0", "one") };

    public static readonly ComputeType Double = new("double", string.Empty, "global::System.Math", "F64", 64);
    public static readonly ComputeType Single = new("float", "f", "global::System.MathF", "F32", 32);

    private const string Intrinsics = "global::System.Runtime.Intrinsics.";

    private readonly string _suffix;
    private readonly ComputeType? _element;
    private readonly bool[] _used = new bool[NamedConstants.Length];

    // Written into nearly every line of a network's file: each made once per type.
    private string? _span;
    private string? _readOnlySpan;
    private string? _vectorClass;

    private ComputeType(string name, string suffix, string math, string dtype, int bits)
    {
        Name = name;
        _suffix = suffix;
        Math = math;
        DType = dtype;
        Bits = bits;
        Count = 1;
    }

    private ComputeType(ComputeType element, int bits)
    {
        _element = element;
        _suffix = element._suffix;
        Math = element.Math;
        DType = element.DType;
        Bits = bits;
        Count = bits / element.Bits;
        Name = Intrinsics + "Vector" + Invariant($"{bits}") + "<" + element.Name + ">";
    }

    /// <summary>The C# type: <c>double</c>, <c>float</c>, or the vector type for lanes.</summary>
    public string Name { get; }

    /// <summary><c>global::System.Math</c> or <c>global::System.MathF</c>.</summary>
    public string Math { get; }

    /// <summary>The safetensors dtype.</summary>
    public string DType { get; }

    /// <summary>The width in bits: of the number, or of the vector for lanes.</summary>
    public int Bits { get; }

    /// <summary>Samples per value: 1, or the lane count.</summary>
    public int Count { get; }

    /// <summary>Whether a value holds one sample per lane.</summary>
    public bool IsLanes => _element is not null;

    /// <summary>The number type of one lane (itself for a scalar).</summary>
    public ComputeType Element => _element ?? this;

    /// <summary>Lanes of this number type in a vector of <paramref name="bits"/> bits.</summary>
    public ComputeType Lanes(int bits) => new(Element, bits);

    /// <summary>How a local of this type is declared: its type, written out (a <c>var</c> would bind to a user type named <c>var</c>).</summary>
    public string Declare => Name;

    public string Span => _span ??= "global::System.Span<" + Element.Name + ">";

    public string ReadOnlySpan => _readOnlySpan ??= "global::System.ReadOnlySpan<" + Element.Name + ">";

    /// <summary>The static class of the vector type, e.g. <c>global::System.Runtime.Intrinsics.Vector512</c>.</summary>
    public string VectorClass => _vectorClass ??= Intrinsics + "Vector" + Invariant($"{Bits}");

    /// <summary>
    /// A constant: <c>0.5</c> → <c>0.5</c>, <c>0.5f</c>, or that value in every lane (by name for
    /// the common ones: <c>zero</c>, <c>half</c>, <c>one</c>, declared by <see cref="ConstantDeclarations"/>).
    /// </summary>
    public string L(string literal)
    {
        if (!IsLanes)
        {
            return literal + _suffix;
        }

        for (int i = 0; i < NamedConstants.Length; i++)
        {
            if (NamedConstants[i].Literal == literal)
            {
                _used[i] = true;
                return NamedConstants[i].Name;
            }
        }

        return VectorClass + ".Create(" + Element.L(literal) + ")";
    }

    /// <summary>The declarations of the named constants that <see cref="L"/> has returned so far (lanes).</summary>
    public System.Collections.Generic.IEnumerable<string> ConstantDeclarations()
    {
        for (int i = 0; i < NamedConstants.Length; i++)
        {
            if (_used[i])
            {
                string value = NamedConstants[i].Literal == "0.0" ? Name + ".Zero" : VectorClass + ".Create(" + Element.L(NamedConstants[i].Literal) + ")";
                yield return Name + " " + NamedConstants[i].Name + " = " + value + ";";
            }
        }
    }

    /// <summary>A scalar value in every lane (itself for a scalar).</summary>
    public string Broadcast(string value) => IsLanes ? VectorClass + ".Create(" + value + ")" : value;

    /// <summary>The sum of the lanes (the value itself for a scalar).</summary>
    public string Sum(string value) => IsLanes ? VectorClass + ".Sum(" + value + ")" : value;

    /// <summary>
    /// Value <paramref name="column"/> of the row at <paramref name="start"/> of a row-major span
    /// whose rows are <paramref name="stride"/> long; for lanes, of that row and the next ones.
    /// </summary>
    public string Load(string span, string start, string stride, int column) => IsLanes
        ? Invariant($"{RuntimeNames.Lanes}.Load{Bits}({span}, {start}, {stride}, {column})")
        : column == 0 ? Invariant($"{span}[{start}]") : Invariant($"{span}[{start} + {column}]");

    public string Exp(string x) => IsLanes ? RuntimeNames.Lanes + ".Exp(" + x + ")" : Math + ".Exp(" + x + ")";

    /// <summary>A function of the runtime's <c>Special</c> (scalars) or <c>Lanes</c> (vectors), by name: <c>Gelu</c>, <c>Softplus</c>, ….</summary>
    public string Special(string function, string x) => (IsLanes ? RuntimeNames.Lanes : RuntimeNames.Special) + "." + function + "(" + x + ")";

    public string Tanh(string x) => IsLanes ? RuntimeNames.Lanes + ".Tanh(" + x + ")" : Math + ".Tanh(" + x + ")";

    public string Abs(string a) => IsLanes ? VectorClass + ".Abs(" + a + ")" : Math + ".Abs(" + a + ")";

    public string Max(string a, string b) => IsLanes ? VectorClass + ".Max(" + a + ", " + b + ")" : Math + ".Max(" + a + ", " + b + ")";

    /// <summary>log(1 + x), accurate where x is small.</summary>
    public string LogOnePlus(string x) => (IsLanes ? RuntimeNames.Lanes : RuntimeNames.Kernels) + ".LogOnePlus(" + x + ")";

    /// <summary>
    /// max(0, u) with NaN kept: <c>u &lt; 0 ? 0 : u</c>; for lanes the hardware's max with u second,
    /// which returns u when it is NaN (measured 10 % faster on 2-3-1 than a compare and a blend).
    /// </summary>
    public string ReLU(string u) => IsLanes ? RuntimeNames.Lanes + ".ReLU(" + u + ")" : Select(Less(u, L("0.0")), L("0.0"), u);

    /// <summary><c>c ? a : b</c>; for lanes, per lane by the mask c.</summary>
    public string Select(string condition, string a, string b) =>
        IsLanes ? VectorClass + ".ConditionalSelect(" + condition + ", " + a + ", " + b + ")" : condition + " ? " + a + " : " + b;

    public string Less(string a, string b) => IsLanes ? VectorClass + ".LessThan(" + a + ", " + b + ")" : a + " < " + b;

    public string Greater(string a, string b) => IsLanes ? VectorClass + ".GreaterThan(" + a + ", " + b + ")" : a + " > " + b;

    public string Equal(string a, string b) => IsLanes ? VectorClass + ".Equals(" + a + ", " + b + ")" : a + " == " + b;

    /// <summary>
    /// Σᵢ aᵢ·bᵢ (+ <paramref name="addend"/>): a sum of products as written by hand for a scalar,
    /// a chain of fused multiply-adds for lanes.
    /// </summary>
    public string SumOfProducts(System.Collections.Generic.IReadOnlyList<(string A, string B)> terms, string? addend)
    {
        if (!IsLanes)
        {
            string sum = string.Join(" + ", terms.Select(t => t.A + " * " + t.B));
            return addend is null ? sum : sum + " + " + addend;
        }

        string result = addend ?? terms[terms.Count - 1].A + " * " + terms[terms.Count - 1].B;
        for (int i = addend is null ? terms.Count - 2 : terms.Count - 1; i >= 0; i--)
        {
            result = RuntimeNames.Lanes + ".MultiplyAdd(" + terms[i].A + ", " + terms[i].B + ", " + result + ")";
        }

        return result;
    }

    /// <summary>
    /// The statement of one step of a max pooling's window: where <paramref name="value"/> (at window position
    /// <paramref name="position"/>) is greater than <paramref name="best"/> or NaN, it and its position replace them
    /// (PyTorch's rule: ties keep the first maximum, the last NaN wins); for lanes, per lane. Without a
    /// <paramref name="bestPosition"/> (inference) only the maximum is kept.
    /// </summary>
    public string PoolMaxStep(string best, string? bestPosition, string value, int position) => bestPosition is null
        ? IsLanes
            ? Invariant($"{best} = {RuntimeNames.Lanes}.PoolMax({best}, {value});")
            : Invariant($"{best} = {value} > {best} || {Name}.IsNaN({value}) ? {value} : {best};")
        : IsLanes
            ? Invariant($"{RuntimeNames.Lanes}.PoolMaxStep(ref {best}, ref {bestPosition}, {value}, {position});")
            : Invariant($"if ({value} > {best} || {Name}.IsNaN({value})) {{ {best} = {value}; {bestPosition} = {L(Invariant($"{position}.0"))}; }}");

    /// <summary>The statement <c>sum += a·b</c>.</summary>
    public string AddProduct(string sum, string a, string b) => IsLanes
        ? sum + " = " + RuntimeNames.Lanes + ".MultiplyAdd(" + a + ", " + b + ", " + sum + ");"
        : sum + " += " + a + " * " + b + ";";

    public static ComputeType Of(NetworkSpec spec) => spec.Precision == PrecisionKind.Single ? Single : Double;

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
