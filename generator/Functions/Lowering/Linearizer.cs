using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;
using NetGen.Generator.Functions.Rules;

namespace NetGen.Generator.Functions.Lowering;

/// <summary>
/// Three-address form: each differentiated operation becomes a statement of its own over variables and
/// constants (its result in a new temporary, or straight in its variable), each condition a bool
/// variable, each differentiated element read and write its own statement. Values without a
/// derivative stay the expressions the method wrote, so that they compute exactly what C# computes.
/// </summary>
internal static class Linearizer
{
    public static FunctionBody Linearize(FunctionBody body, Activity.State varied)
    {
        var program = new ProgramBuilder(body);
        List<Statement> statements = new Flattener(program, new ActiveRule(varied)).Block(body.Statements);
        return program.Build(statements);
    }

    private sealed class ActiveRule : FlatteningRule
    {
        private readonly Activity.State _varied;
        private readonly Dictionary<object, bool> _cache = new(ReferenceComparer.Instance);

        public ActiveRule(Activity.State varied) => _varied = varied;

        public override bool Separate(Expression node) => Varied(node) && node is not (Read or Constant or External);

        public override bool AtomicOperands(Expression node) => node is Operation or Conversion or GradientCall;

        public override bool AtomicConditions => true;

        public override bool AtomicElementValue(int array) => _varied.Array(array);

        /// <summary>
        /// A result may go straight into its variable unless the variable is an operand — then it needs a
        /// temporary first, so that a reverse sweep still sees the old value — except for an
        /// accumulation <c>s = s + e</c> or <c>s = s − e</c>, whose reverse needs no value at all.
        /// </summary>
        public override bool DirectRoot(int variable, Expression node)
        {
            bool reads = Statements.ReadsVariable(node, variable);
            if (!reads)
            {
                return true;
            }

            return node is Operation { Operator: Operators.Add or Operators.Subtract } o &&
                   o.Operands[0] is Read first && first.Variable == variable &&
                   !Statements.Tree(o.Operands[1]).Any(e => e is Read r && r.Variable == variable);
        }

        private readonly Dictionary<int, bool> _temporaries = new();

        public override void Temporary(int variable, Expression value) => _temporaries[variable] = Varied(value);

        private bool AnyVaried(EquatableArray<Expression> operands)
        {
            for (int i = 0; i < operands.Count; i++)
            {
                if (Varied(operands[i]))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Varied(Expression node)
        {
            switch (node)
            {
                case { IsReal: false } or Constant:
                    return false;
                case Read r:
                    return _temporaries.TryGetValue(r.Variable, out bool temporary) ? temporary : _varied.Variables[r.Variable]; // a leaf: no cache entry
            }

            if (node is Operation shallow && Statements.IsShallow(shallow))
            {
                return AnyVaried(shallow.Operands); // leaves only: not worth a cache entry
            }

            if (_cache.TryGetValue(node, out bool known))
            {
                return known;
            }

            bool value = node switch
            {
                ReadElement r => _varied.Array(r.Array),
                Operation o => AnyVaried(o.Operands), // operands come first (bottom up), so this stays shallow
                Conversion c => Varied(c.Operand),
                Conditional c => Varied(c.WhenTrue) || Varied(c.WhenFalse),
                GradientCall g => VariedCall(g),
                _ => false,
            };
            _cache[node] = value;
            return value;
        }

        private bool VariedCall(GradientCall g) =>
            g.Arguments.Where((_, i) => g.Differentiated[i]).Any(a => a is ValueArgument v ? Varied(v.Value) : a is ArrayArgument x && _varied.Array(x.Array));
    }
}
