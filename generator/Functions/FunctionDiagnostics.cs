using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Analysis;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions;

/// <summary>
/// The diagnostics of one <c>[Differentiable]</c> method: those found while reading it, and those of its
/// calls once every method is known (recursion, a callee that cannot be generated, one whose private
/// members the caller cannot reach), each at its call; size and second-derivative limits at the method.
/// </summary>
internal static class FunctionDiagnostics
{
    public static EquatableArray<DiagnosticInfo> Report(FunctionParse parse, FunctionLibrary library)
    {
        if (parse.Spec is not { } spec)
        {
            return parse.Diagnostics;
        }

        var found = new List<DiagnosticInfo>(parse.Diagnostics);
        foreach ((string call, DiagnosticDescriptorRef problem, string[] arguments) in CallGraph.Problems(spec, library))
        {
            var descriptor = problem switch
            {
                DiagnosticDescriptorRef.Recursion => DiagnosticDescriptors.Recursion,
                DiagnosticDescriptorRef.CalleeNotGenerated => DiagnosticDescriptors.CalleeNotGenerated,
                DiagnosticDescriptorRef.CalleeOutOfReach => DiagnosticDescriptors.CalleeOutOfReach,
                DiagnosticDescriptorRef.FunctionTooLarge => DiagnosticDescriptors.FunctionTooLarge,
                _ => DiagnosticDescriptors.HessianUnsupported,
            };
            IEnumerable<LocationInfo?> where = call.Length == 0
                ? new[] { parse.Location }
                : parse.Calls.Where(c => c.Callee == call).Select(c => c.Location).Distinct();
            string[] shown = problem == DiagnosticDescriptorRef.CalleeOutOfReach ? new[] { arguments[0], Readable(arguments[1]) } : arguments;
            foreach (LocationInfo? location in where)
            {
                found.Add(DiagnosticInfo.Create(descriptor, location, new[] { spec.Name }.Concat(shown).ToArray()));
            }
        }

        return found.ToEquatableArray();
    }

    private static string Readable(string typeKey) => typeKey.Substring(typeKey.LastIndexOfAny(new[] { '.', '+' }) + 1);
}
