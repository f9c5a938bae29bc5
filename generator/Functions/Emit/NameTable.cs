using System.Collections.Generic;
using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Emit;

/// <summary>Hands out identifiers for generated code that do not collide with each other (nor are keywords).</summary>
internal sealed class NameTable
{
    /// <summary>The names taken (a dictionary, not a set: netstandard2.0's set cannot be sized ahead).</summary>
    private Dictionary<string, bool> _used = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, int> _next = new(System.StringComparer.Ordinal);

    /// <summary>
    /// For each prefix <see cref="Numbered"/> was called with, the next number: every <c>prefixN</c> below it is
    /// taken (handed out, or skipped because it was taken). Kept as a counter, not as thousands of set entries.
    /// </summary>
    private readonly Dictionary<string, int> _numbered = new(System.StringComparer.Ordinal);

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
        while (IsNumbered(candidate) || !Take(candidate))
        {
            candidate = plain + "_" + (n++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (n != 1 || next != 0)
        {
            _next[plain] = n; // only a name asked for again needs its counter
        }

        return TypeSpecParser.Escape(candidate);
    }

    /// <summary>A unique identifier <c>prefix0</c>, <c>prefix1</c>, … (the temporaries of a three-address program).</summary>
    public string Numbered(string prefix)
    {
        int n = _numbered.TryGetValue(prefix, out int next) ? next : 0;
        string candidate = prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (_used.ContainsKey(candidate) || IsNumberedByOther(candidate, prefix))
        {
            candidate = prefix + (++n).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _numbered[prefix] = n + 1;
        return candidate;
    }

    /// <summary>Marks a name as taken without handing it out (a parameter's, a member's).</summary>
    public void Block(string name) => _used[name.TrimStart('@')] = true;

    /// <summary>Makes room for <paramref name="count"/> more names at once (a body's locals), instead of growing step by step.</summary>
    public void Expect(int count)
    {
        if (count > 64)
        {
            var sized = new Dictionary<string, bool>(_used.Count + count, System.StringComparer.Ordinal);
            foreach (KeyValuePair<string, bool> name in _used)
            {
                sized[name.Key] = true;
            }

            _used = sized;
        }
    }

    private bool Take(string name)
    {
        if (_used.ContainsKey(name))
        {
            return false;
        }

        _used[name] = true;
        return true;
    }

    private bool IsNumbered(string name) => IsNumberedByOther(name, null);

    /// <summary>Whether <see cref="Numbered"/> has handed out (or passed) <paramref name="name"/> for a prefix other than <paramref name="except"/>.</summary>
    private bool IsNumberedByOther(string name, string? except)
    {
        foreach (KeyValuePair<string, int> counter in _numbered)
        {
            string prefix = counter.Key;
            if (prefix == except || name.Length <= prefix.Length || !name.StartsWith(prefix, System.StringComparison.Ordinal) ||
                (name[prefix.Length] == '0' && name.Length > prefix.Length + 1) || name.Length - prefix.Length > 9)
            {
                continue;
            }

            int number = 0;
            int i = prefix.Length;
            for (; i < name.Length && name[i] >= '0' && name[i] <= '9'; i++)
            {
                number = (number * 10) + (name[i] - '0');
            }

            if (i == name.Length && number < counter.Value)
            {
                return true;
            }
        }

        return false;
    }
}
