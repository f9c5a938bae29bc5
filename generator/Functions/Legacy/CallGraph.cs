using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Legacy;

/// <summary>
/// Finds recursion that runs through more than one <c>[Differentiable]</c> method (F calls G, G calls F),
/// which no single method's parse can see. Three steps: each method's calls (with locations), the
/// collected graph's cycles (without locations, so whitespace edits leave it unchanged), and per
/// method the diagnostics at its calls that close a cycle.
/// </summary>
internal static class CallGraph
{
    private const string Arrow = " -> ";

    /// <summary>Longer cycles are shown by their ends, so that a message stays readable.</summary>
    private const int MaxNamesShown = 8;

    /// <summary>The calls <paramref name="context"/>'s method makes to other <c>[Differentiable]</c> methods.</summary>
    public static CallSites ParseCallSites(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        string key = Key(method);
        string name = DisplayName(method);
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        SyntaxNode? body = (SyntaxNode?)syntax.ExpressionBody ?? syntax.Body;
        if (body is null)
        {
            return new CallSites(key, name, EquatableArray<CallSite>.Empty);
        }

        var calls = new List<CallSite>();
        try
        {
            foreach (InvocationExpressionSyntax invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (context.SemanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol target &&
                    FunctionParser.IsDifferentiable(target))
                {
                    string callee = Key(target);
                    if (callee != key)
                    {
                        calls.Add(new CallSite(callee, DisplayName(target), LocationInfo.From(invocation)));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The method's own parse reports what is wrong with it; the graph just loses its edges.
            calls.Clear();
        }

        return new CallSites(key, name, calls.ToEquatableArray());
    }

    /// <summary>The methods that lie on a cycle of calls between two or more methods, with their calls that close one.</summary>
    public static EquatableArray<RecursiveMethod> FindCycles(ImmutableArray<CallEdges> methods, CancellationToken cancellationToken)
    {
        // One node per method (a partial method can be found twice), numbered in a fixed order for deterministic output.
        string[] keys = methods.Select(m => m.Method).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var number = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++)
        {
            number.Add(keys[i], i);
        }

        var names = new string[keys.Length];
        var callees = new List<int>[keys.Length];
        foreach (CallEdges method in methods)
        {
            int v = number[method.Method];
            names[v] = method.Name;
            callees[v] ??= new List<int>();
            foreach (string callee in method.Callees)
            {
                // A callee from another assembly cannot call back into this one's methods.
                if (number.TryGetValue(callee, out int w) && !callees[v].Contains(w))
                {
                    callees[v].Add(w);
                }
            }
        }

        var result = new List<RecursiveMethod>();
        var search = new PathSearch(callees);
        foreach (List<int> component in StronglyConnectedComponents(callees, cancellationToken))
        {
            if (component.Count < 2)
            {
                continue;
            }

            component.Sort();
            foreach (int member in component)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var closing = new List<ClosingCall>();
                foreach (int callee in callees[member].Where(c => component.BinarySearch(c) >= 0))
                {
                    var cycle = new List<string> { names[member] };
                    cycle.AddRange(search.Shortest(callee, member).Select(m => names[m]));
                    closing.Add(new ClosingCall(keys[callee], names[callee], Describe(cycle)));
                }

                result.Add(new RecursiveMethod(keys[member], closing.ToEquatableArray()));
            }
        }

        result.Sort((x, y) => StringComparer.Ordinal.Compare(x.Method, y.Method));
        return result.ToEquatableArray();
    }

    /// <summary>Tarjan's algorithm, iterative so that a long chain of calls cannot overflow the compiler's stack.</summary>
    private static List<List<int>> StronglyConnectedComponents(List<int>[] callees, CancellationToken cancellationToken)
    {
        int n = callees.Length;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        var stack = new Stack<int>();
        var work = new Stack<(int Node, int Edge)>();
        var components = new List<List<int>>();
        int counter = 1; // 0 marks "not visited"

        for (int start = 0; start < n; start++)
        {
            if (index[start] != 0)
            {
                continue;
            }

            Enter(start);
            while (work.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (int v, int edge) = work.Pop();
                if (edge < callees[v].Count)
                {
                    work.Push((v, edge + 1));
                    int w = callees[v][edge];
                    if (index[w] == 0)
                    {
                        Enter(w);
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }

                    continue;
                }

                if (low[v] == index[v])
                {
                    var members = new List<int>();
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        members.Add(w);
                    }
                    while (w != v);
                    components.Add(members);
                }

                if (work.Count > 0)
                {
                    int parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
            }
        }

        return components;

        void Enter(int node)
        {
            index[node] = low[node] = counter++;
            stack.Push(node);
            onStack[node] = true;
            work.Push((node, 0));
        }
    }

    /// <summary>Breadth-first search for the shortest chain of calls, reusing its arrays between searches.</summary>
    private sealed class PathSearch
    {
        private readonly List<int>[] _callees;
        private readonly int[] _previous;
        private readonly int[] _visited;
        private readonly Queue<int> _queue = new();
        private int _stamp;

        public PathSearch(List<int>[] callees)
        {
            _callees = callees;
            _previous = new int[callees.Length];
            _visited = new int[callees.Length];
        }

        /// <summary>The shortest chain of calls from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
        public List<int> Shortest(int from, int to)
        {
            _stamp++;
            _queue.Clear();
            _visited[from] = _stamp;
            _previous[from] = -1;
            _queue.Enqueue(from);
            while (_queue.Count > 0)
            {
                int node = _queue.Dequeue();
                if (node == to)
                {
                    var path = new List<int>();
                    for (int at = node; at >= 0; at = _previous[at])
                    {
                        path.Add(at);
                    }

                    path.Reverse();
                    return path;
                }

                foreach (int next in _callees[node])
                {
                    if (_visited[next] != _stamp)
                    {
                        _visited[next] = _stamp;
                        _previous[next] = node;
                        _queue.Enqueue(next);
                    }
                }
            }

            return new List<int> { from, to }; // unreachable for members of one strongly connected component
        }
    }

    /// <summary>
    /// The <c>[Differentiable]</c> methods of this compilation that cannot be generated: those whose
    /// own parse failed, and, transitively, those that call one (their generated code would call a
    /// gradient method that does not exist). Sorted, so that the value compares equal across runs.
    /// </summary>
    public static EquatableArray<string> FindUnavailable(ImmutableArray<FunctionStatus> functions, CancellationToken cancellationToken)
    {
        var ok = new Dictionary<string, bool>(StringComparer.Ordinal);
        var callers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (FunctionStatus function in functions)
        {
            ok[function.Key] = ok.TryGetValue(function.Key, out bool before) ? before && function.Ok : function.Ok;
            foreach (string callee in function.Callees)
            {
                if (!callers.TryGetValue(callee, out List<string>? list))
                {
                    callers[callee] = list = new List<string>();
                }

                list.Add(function.Key);
            }
        }

        var failed = new HashSet<string>(ok.Where(p => !p.Value).Select(p => p.Key), StringComparer.Ordinal);
        var work = new Stack<string>(failed);
        while (work.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (callers.TryGetValue(work.Pop(), out List<string>? list))
            {
                foreach (string caller in list)
                {
                    if (failed.Add(caller))
                    {
                        work.Push(caller);
                    }
                }
            }
        }

        return failed.OrderBy(k => k, StringComparer.Ordinal).ToEquatableArray();
    }

    /// <summary>
    /// NETGEN026 at each call of <paramref name="sites"/>'s method that closes a cycle, naming the
    /// cycle; NETGEN031 at each call of a method that cannot be generated.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> Report(CallSites sites, EquatableArray<RecursiveMethod> cycles, EquatableArray<string> unavailable)
    {
        RecursiveMethod? self = cycles.FirstOrDefault(m => m.Method == sites.Method);
        string head = sites.Name.Split('(')[0];
        string shortName = head.Substring(head.LastIndexOf('.') + 1);
        var diagnostics = new List<DiagnosticInfo>();
        foreach (CallSite call in sites.Calls)
        {
            if (self?.Calls.FirstOrDefault(c => c.Callee == call.Callee) is { } closing)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Recursion, call.Location, shortName, " through '" + closing.CalleeName + "' (" + closing.Cycle + ")"));
            }
            else if (unavailable.Contains(call.Callee))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CalleeNotGenerated, call.Location, shortName, call.CalleeName));
            }
        }

        return diagnostics.ToEquatableArray();
    }

    private static string Describe(List<string> names) =>
        names.Count <= MaxNamesShown
            ? string.Join(Arrow, names)
            : string.Join(Arrow, names.Take(MaxNamesShown - 2)) + Arrow + "… (" + (names.Count - MaxNamesShown).ToString(CultureInfo.InvariantCulture) + " more)" + Arrow + string.Join(Arrow, names.Skip(names.Count - 2));

    /// <summary>
    /// <c>Type.Method</c>, with the parameter types when the method is overloaded
    /// (<c>Q.F(double, double)</c>), so that a cycle through overloads reads unambiguously.
    /// </summary>
    public static string DisplayName(IMethodSymbol method)
    {
        string name = method.ContainingType is { } type ? type.Name + "." + method.Name : method.Name;
        bool overloaded = method.ContainingType is { } container && container.GetMembers(method.Name).OfType<IMethodSymbol>().Skip(1).Any();
        return overloaded
            ? name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")"
            : name;
    }

    /// <summary>A method's identity in the call graph: its documentation id.</summary>
    public static string Key(IMethodSymbol method)
    {
        IMethodSymbol definition = method.OriginalDefinition;
        return definition.GetDocumentationCommentId() ?? definition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
    }
}
