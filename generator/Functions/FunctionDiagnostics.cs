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
        var found = new List<DiagnosticInfo>(parse.Diagnostics);
        var problems = parse.Spec is { } spec
            ? CallGraph.Problems(spec, library)
            : CallGraph.Cycles(parse.Key, parse.Calls.Select(c => c.Callee), library);
        string name = parse.Name.Split('(')[0];
        name = name.Substring(name.LastIndexOf('.') + 1);
        foreach ((string call, DiagnosticDescriptorRef problem, string[] arguments) in problems)
        {
            var descriptor = problem switch
            {
                DiagnosticDescriptorRef.Recursion => DiagnosticDescriptors.Recursion,
                DiagnosticDescriptorRef.CalleeNotGenerated => DiagnosticDescriptors.CalleeNotGenerated,
                DiagnosticDescriptorRef.CalleeOutOfReach => DiagnosticDescriptors.CalleeOutOfReach,
                DiagnosticDescriptorRef.FunctionTooLarge => DiagnosticDescriptors.FunctionTooLarge,
                _ => DiagnosticDescriptors.HessianUnsupported,
            };
            if (call.Length == 0)
            {
                found.Add(DiagnosticInfo.Create(descriptor, parse.Location, new[] { name }.Concat(arguments).ToArray()));
                continue;
            }

            foreach (CallSite site in parse.Calls.Where(c => c.Callee == call))
            {
                string[] shown = problem switch
                {
                    DiagnosticDescriptorRef.CalleeOutOfReach => new[] { site.CalleeName, Readable(arguments[1]) },
                    DiagnosticDescriptorRef.CalleeNotGenerated => new[] { site.CalleeName },
                    _ => arguments,
                };
                found.Add(DiagnosticInfo.Create(descriptor, site.Location, new[] { name }.Concat(shown).ToArray()));
            }
        }

        return found.ToEquatableArray();
    }

    private static string Readable(string typeKey) => typeKey.Substring(typeKey.LastIndexOfAny(new[] { '.', '+' }) + 1);
}
