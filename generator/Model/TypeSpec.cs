namespace NetGen.Generator.Model;

/// <summary>Where generated members go: the namespace and the chain of partial type declarations, outermost first.</summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="Declarations">Each enclosing type's declaration head, e.g. <c>partial class Outer</c>, outermost first; the last is the target type.</param>
/// <param name="Name">The target type's name.</param>
/// <param name="HintName">A unique, stable hint name prefix: <c>Namespace.Outer.Type</c>.</param>
internal sealed record TypeSpec(string Namespace, EquatableArray<string> Declarations, string Name, string HintName);
