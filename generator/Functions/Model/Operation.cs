using System.Collections.Generic;
using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// An operator or a math function applied to operands: <see cref="Operator"/> is its key in
/// <c>Rules.Operators</c> (<c>+</c>, <c>neg</c>, <c>&lt;</c>, <c>&amp;&amp;</c>, <c>Exp</c>, <c>Log/2</c>, …). Int
/// operations keep C#'s semantics: <see cref="Checked"/> says whether overflow throws (as in a
/// <c>checked</c> context). Equality walks a long left-nested chain (<c>x·1 + x·2 + … + x·5000</c>)
/// without recursion, so that comparing specs cannot exhaust the stack.
/// </summary>
internal sealed record Operation(ScalarType Type, string Operator, EquatableArray<Expression> Operands, bool Checked = false) : Expression(Type)
{
    public bool Equals(Operation? other)
    {
        Operation? a = this, b = other;
        while (true)
        {
            if (ReferenceEquals(a, b))
            {
                return true;
            }

            if (a is null || b is null || a.Type != b.Type || a.Operator != b.Operator || a.Checked != b.Checked || a.Operands.Count != b.Operands.Count)
            {
                return false;
            }

            for (int i = 1; i < a.Operands.Count; i++)
            {
                if (!a.Operands[i].Equals(b.Operands[i]))
                {
                    return false;
                }
            }

            if (a.Operands.Count == 0)
            {
                return true;
            }

            if (a.Operands[0] is Operation left && b.Operands[0] is Operation right)
            {
                (a, b) = (left, right);
                continue;
            }

            return a.Operands[0].Equals(b.Operands[0]);
        }
    }

    /// <summary>A hash of the top of the tree only: equal trees hash equally, and no chain is walked.</summary>
    public override int GetHashCode()
    {
        unchecked
        {
            int hash = (((int)Type * 31) + EqualityComparer<string>.Default.GetHashCode(Operator)) * 31 + Operands.Count;
            for (int i = 1; i < Operands.Count; i++)
            {
                hash = (hash * 31) + (Operands[i] is Operation ? 7 : Operands[i].GetHashCode());
            }

            return hash;
        }
    }
}
