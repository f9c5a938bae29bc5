using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Analysis;

/// <summary>
/// The call graph of the <c>[Differentiable]</c> methods: which can be generated (every method they
/// call, transitively, can be, and none of them calls itself back), how large each is once its callees
/// are written into it, and the problems of each call, for diagnostics.
/// </summary>
internal static class CallGraph
{
    /// <summary>At most this many statements, callees written in (every size is bounded before code is written).</summary>
    public const int MaxStatements = 100_000;

    /// <summary>The reason NETGEN038 gives.</summary>
    public static readonly string TooLarge = "with the methods it calls written into it, it has more than " + MaxStatements.ToString(CultureInfo.InvariantCulture) + " statements; split the work into fewer or smaller calls, or put the repeated part in a loop";

    /// <summary>The unit that generates <paramref name="spec"/>: it and its callees, transitively.</summary>
    public static FunctionUnit Unit(FunctionSpec spec, FunctionLibrary library)
    {
        if (Problems(spec, library).Count > 0)
        {
            return new FunctionUnit(spec, EquatableArray<FunctionSpec>.Empty, false); // its diagnostics say why
        }

        var callees = new SortedDictionary<string, FunctionSpec>(System.StringComparer.Ordinal);
        var pending = new Stack<string>(spec.Callees);
        bool complete = true;
        while (pending.Count > 0)
        {
            string key = pending.Pop();
            if (key == spec.Key || callees.ContainsKey(key))
            {
                complete &= key != spec.Key;
                continue;
            }

            if (!library.ByKey.TryGetValue(key, out FunctionSpec? callee))
            {
                complete = false;
                continue;
            }

            callees[key] = callee;
            foreach (string next in callee.Callees)
            {
                pending.Push(next);
            }
        }

        return new FunctionUnit(spec, callees.Values.ToEquatableArray(), complete);
    }

    /// <summary>What keeps a method from being generated, keyed by the call (callee key) it is at, or by "" for the method itself.</summary>
    public static List<(string Call, DiagnosticDescriptorRef Problem, string[] Arguments)> Problems(FunctionSpec spec, FunctionLibrary library)
    {
        var problems = Cycles(spec.Key, spec.Callees, library);
        foreach (string callee in spec.Callees.Where(c => !problems.Any(p => p.Call == c)))
        {
            if (!Available(callee, library, new HashSet<string>()))
            {
                problems.Add((callee, DiagnosticDescriptorRef.CalleeNotGenerated, new[] { Name(callee, library) }));
            }
            else if (Reach(callee, library).FirstOrDefault(t => t != spec.Type.Key && !spec.Type.Key.StartsWith(t + "+", System.StringComparison.Ordinal)) is { } type)
            {
                problems.Add((callee, DiagnosticDescriptorRef.CalleeOutOfReach, new[] { Name(callee, library), type }));
            }
        }

        if (problems.Count == 0 && Size(spec, library, new Dictionary<string, long>()) > MaxStatements)
        {
            problems.Add((string.Empty, DiagnosticDescriptorRef.FunctionTooLarge, new[] { TooLarge }));
        }

        if (problems.Count == 0 && spec.Order == 2 && UsesGradientOf(spec, library))
        {
            problems.Add((string.Empty, DiagnosticDescriptorRef.HessianUnsupported, new[] { "it (or a method it calls) uses a [GradientOf] derivative, which gives no second derivatives; mark that function [Differentiable] instead, or remove 'Order = 2'" }));
        }

        return problems;
    }

    /// <summary>NETGEN026 at each call that closes a cycle (a method that could not be read closes cycles too).</summary>
    public static List<(string Call, DiagnosticDescriptorRef Problem, string[] Arguments)> Cycles(string key, IEnumerable<string> callees, FunctionLibrary library)
    {
        var problems = new List<(string, DiagnosticDescriptorRef, string[])>();
        foreach (string callee in callees.Distinct())
        {
            if (Cycle(callee, key, library) is { } cycle)
            {
                problems.Add((callee, DiagnosticDescriptorRef.Recursion, new[] { " through '" + Name(callee, library) + "' (" + cycle + ")" }));
            }
        }

        return problems;
    }

    private static string Name(string key, FunctionLibrary library) =>
        library.Edges.TryGetValue(key, out CallEdges? e) ? e.Name : key;

    /// <summary>A path from <paramref name="from"/> back to <paramref name="to"/>, as people read it, or null.</summary>
    private static string? Cycle(string from, string to, FunctionLibrary library)
    {
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>();
        queue.Enqueue(from);
        previous[from] = to;
        while (queue.Count > 0)
        {
            string key = queue.Dequeue();
            if (!library.Edges.TryGetValue(key, out CallEdges? s))
            {
                continue;
            }

            foreach (string next in s.Callees)
            {
                if (next == to)
                {
                    var path = new List<string> { Name(to, library) };
                    for (string k = key; k != to; k = previous[k])
                    {
                        path.Insert(1, Name(k, library));
                    }

                    path.Add(Name(to, library));
                    return Describe(path);
                }

                if (!previous.ContainsKey(next))
                {
                    previous[next] = key;
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    private const int MaxNamesShown = 8;

    /// <summary>A path as people read it, its middle left out when it is long.</summary>
    private static string Describe(List<string> names) =>
        names.Count <= MaxNamesShown
            ? string.Join(" -> ", names)
            : string.Join(" -> ", names.Take(MaxNamesShown - 2)) + " -> … (" + (names.Count - MaxNamesShown).ToString(CultureInfo.InvariantCulture) + " more) -> " + string.Join(" -> ", names.Skip(names.Count - 2));

    private static bool Available(string key, FunctionLibrary library, HashSet<string> seen)
    {
        if (!seen.Add(key))
        {
            return true;
        }

        return library.ByKey.TryGetValue(key, out FunctionSpec? s) && s.Callees.All(c => Available(c, library, seen));
    }

    /// <summary>The types whose private members a callee (or what it calls) names.</summary>
    private static IEnumerable<string> Reach(string key, FunctionLibrary library)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>(new[] { key });
        while (pending.Count > 0)
        {
            string key2 = pending.Pop();
            if (!seen.Add(key2) || !library.ByKey.TryGetValue(key2, out FunctionSpec? s))
            {
                continue;
            }

            foreach (string type in s.PrivateTo)
            {
                yield return type;
            }

            foreach (string next in s.Callees)
            {
                pending.Push(next);
            }
        }
    }

    private static long Size(FunctionSpec spec, FunctionLibrary library, Dictionary<string, long> sizes)
    {
        if (sizes.TryGetValue(spec.Key, out long known))
        {
            return known;
        }

        sizes[spec.Key] = MaxStatements + 1L; // a cycle counts as too large (it is reported as a cycle first)
        long size = 0;
        foreach (Statement statement in Statements.All(spec.Body.Statements))
        {
            size++;
            IEnumerable<string> called = Statements.Expressions(statement).SelectMany(Statements.Tree).OfType<Call>().Select(c => c.Callee);
            if (statement is CallStatement call)
            {
                called = called.Append(call.Callee);
            }

            foreach (string callee in called)
            {
                size += library.ByKey.TryGetValue(callee, out FunctionSpec? s) ? Size(s, library, sizes) : 0;
                if (size > MaxStatements)
                {
                    break;
                }
            }
        }

        sizes[spec.Key] = size;
        return size;
    }

    private static IEnumerable<FunctionSpec> Callees(FunctionSpec spec, FunctionLibrary library)
    {
        var seen = new HashSet<string> { spec.Key };
        var pending = new Stack<string>(spec.Callees);
        while (pending.Count > 0)
        {
            string key = pending.Pop();
            if (seen.Add(key) && library.ByKey.TryGetValue(key, out FunctionSpec? callee))
            {
                yield return callee;
                foreach (string next in callee.Callees)
                {
                    pending.Push(next);
                }
            }
        }
    }

    private static bool UsesGradientOf(FunctionSpec spec, FunctionLibrary library) =>
        new[] { spec }.Concat(Callees(spec, library))
            .Any(s => Statements.All(s.Body.Statements).SelectMany(Statements.Expressions).SelectMany(Statements.Tree).Any(e => e is GradientCall));
}

/// <summary>A diagnostic of the call graph, named without the Roslyn descriptor (the analysis is plain data).</summary>
internal enum DiagnosticDescriptorRef
{
    Recursion,
    CalleeNotGenerated,
    CalleeOutOfReach,
    FunctionTooLarge,
    HessianUnsupported,
}
