using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Parsing;

/// <summary>
/// Checks that need the body's activity: a value that depends on a differentiated parameter must not
/// go where its derivative would be lost — a callee's <c>[NoGradient]</c> parameter, a parameter a
/// <c>[GradientOf]</c> method gives no derivative for, or a method NetGen does not differentiate.
/// </summary>
internal static class ArgumentChecks
{
    public static IEnumerable<DiagnosticInfo> Check(FunctionSpec spec, List<ArgumentSite> sites, string method)
    {
        if (sites.Count == 0)
        {
            return Enumerable.Empty<DiagnosticInfo>();
        }

        var byNode = new Dictionary<object, List<ArgumentSite>>(ReferenceComparer.Instance);
        foreach (ArgumentSite site in sites)
        {
            if (!byNode.TryGetValue(site.Call, out List<ArgumentSite>? list))
            {
                byNode[site.Call] = list = new List<ArgumentSite>();
            }

            list.Add(site);
        }

        var found = new List<DiagnosticInfo>();
        var reported = new HashSet<ArgumentSite>();
        Activity.Run(
            spec.Body,
            spec.Parameters.Where(p => p.Differentiated && !p.IsArray).Select(p => p.Slot),
            spec.Parameters.Where(p => p.Differentiated && p.IsArray).Select(p => p.Slot),
            (node, state) =>
            {
                if (!byNode.TryGetValue(node, out List<ArgumentSite>? list))
                {
                    return;
                }

                foreach (ArgumentSite site in list)
                {
                    if (Varied(node, site.Position, state) && reported.Add(site))
                    {
                        found.Add(site.NoGradient
                            ? DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeLost, site.Location, method, site.Text, site.Parameter, site.Callee)
                            : DiagnosticInfo.Create(DiagnosticDescriptors.NotDifferentiableCall, site.CallLocation, method, site.CallText, "its argument '" + site.Text + "' depends on a differentiated parameter, and NetGen has no derivative for '" + site.Callee + "'"));
                    }
                }
            });
        return found;
    }

    private static bool Varied(object node, int position, Activity.State state) => node switch
    {
        Call c when position < c.Arguments.Count => state.Varied(c.Arguments[position]),
        CallStatement c when position < c.Arguments.Count => state.Varied(c.Arguments[position]),
        GradientCall g when position < g.Arguments.Count => state.Varied(g.Arguments[position]),
        External x when position < x.Arguments.Count => state.Varied(x.Arguments[position]),
        _ => false,
    };

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
