using System.Collections.Generic;
using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Emit;

/// <summary>Hands out identifiers for generated code that do not collide with each other (nor are keywords).</summary>
internal sealed class NameTable
{
    private readonly HashSet<string> _used = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, int> _next = new(System.StringComparer.Ordinal);

    /// <summary>A unique identifier from <paramref name="name"/> (<c>@</c> added before a keyword).</summary>
    public string Reserve(string name)
    {
        string plain = name.TrimStart('@');
        if (plain.Length == 0)
        {
            plain = "v";
        }

        string candidate = plain;
        int n = _next.TryGetValue(plain, out int next) ? next : 1;
        while (!_used.Add(candidate))
        {
            candidate = plain + "_" + (n++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _next[plain] = n;
        return TypeSpecParser.Escape(candidate);
    }

    /// <summary>A unique identifier <c>prefix0</c>, <c>prefix1</c>, … (the temporaries of a three-address program).</summary>
    public string Numbered(string prefix)
    {
        int n = _next.TryGetValue("#" + prefix, out int next) ? next : 0;
        string candidate;
        do
        {
            candidate = prefix + (n++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (!_used.Add(candidate));

        _next["#" + prefix] = n;
        return candidate;
    }

    /// <summary>Marks a name as taken without handing it out (a parameter's, a member's).</summary>
    public void Block(string name) => _used.Add(name.TrimStart('@'));
}
