using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Legacy;

/// <summary>One call from a <c>[Differentiable]</c> method to another.</summary>
/// <param name="Callee">The callee's identity (its documentation id).</param>
/// <param name="CalleeName">The callee as people name it.</param>
/// <param name="Location">Where the call is written.</param>
internal sealed record CallSite(string Callee, string CalleeName, LocationInfo? Location);

/// <summary>The calls a <c>[Differentiable]</c> method makes to other <c>[Differentiable]</c> methods, with where they are.</summary>
/// <param name="Method">The method's identity (its documentation id).</param>
/// <param name="Name">The method as people name it (<c>Type.Method</c>).</param>
/// <param name="Calls">Its calls to other <c>[Differentiable]</c> methods, itself excluded (the parser reports that).</param>
internal sealed record CallSites(string Method, string Name, EquatableArray<CallSite> Calls)
{
    /// <summary>The same method without locations, so that whitespace edits leave the collected graph unchanged.</summary>
    public CallEdges ToEdges()
    {
        var callees = new string[Calls.Count];
        for (int i = 0; i < callees.Length; i++)
        {
            callees[i] = Calls[i].Callee;
        }

        return new CallEdges(Method, Name, callees.ToEquatableArray());
    }
}

/// <summary>A node of the call graph: a method and the <c>[Differentiable]</c> methods it calls.</summary>
internal sealed record CallEdges(string Method, string Name, EquatableArray<string> Callees);

/// <summary>A call that closes a cycle: the callee, and the cycle as people read it (<c>Q.F -> Q.G -> Q.F</c>).</summary>
internal sealed record ClosingCall(string Callee, string CalleeName, string Cycle);

/// <summary>A method that lies on a cycle of calls between two or more methods, and its calls that close one.</summary>
internal sealed record RecursiveMethod(string Method, EquatableArray<ClosingCall> Calls);

/// <summary>Whether a <c>[Differentiable]</c> method parsed, and what it calls (no locations).</summary>
internal sealed record FunctionStatus(string Key, bool Ok, EquatableArray<string> Callees);
