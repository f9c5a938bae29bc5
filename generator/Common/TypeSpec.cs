namespace NetGen.Generator.Common;

/// <summary>Where generated members go: the namespace and the chain of partial type declarations, outermost first.</summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="Declarations">Each enclosing type's declaration head, e.g. <c>partial class Outer</c>, outermost first; the last is the target type.</param>
/// <param name="Name">The target type's name.</param>
/// <param name="Readable">The type as people name it, for hint names: <c>Namespace.Outer.Type</c>.</param>
/// <param name="Key">The exact identity of the type (<c>Namespace.Outer+Type</c> with metadata names), for unique hint names.</param>
/// <param name="MarkedGenerated">Whether the user's declaration already carries <c>[GeneratedCode]</c> (which allows one per type).</param>
internal sealed record TypeSpec(string Namespace, EquatableArray<string> Declarations, string Name, string Readable, string Key, bool MarkedGenerated = false)
{
    /// <summary>The hint name of the type's generated file (see <c>TypeSpecParser.HintName</c>).</summary>
    public string HintName => TypeSpecParser.HintName(Readable, Key);
}
