namespace NetGen.Generator.Functions.Model;

/// <summary><c>Span&lt;T&gt; array = stackalloc T[length];</c>: a zeroed array (or a transform's scratch buffer).</summary>
internal sealed record DeclareArray(int Array, Expression Length) : Statement;
