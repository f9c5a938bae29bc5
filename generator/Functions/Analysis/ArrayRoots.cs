using System.Collections.Generic;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Analysis;

/// <summary>
/// Which array each view slices, transitively: analyses treat a view and the array under it as one
/// (a write through either is a write to both).
/// </summary>
internal static class ArrayRoots
{
    /// <summary>For each array, the array at the bottom of its views (itself if it is no view).</summary>
    public static int[] Of(FunctionBody body)
    {
        if (body.Arrays.Count == 0)
        {
            return System.Array.Empty<int>(); // nothing to walk for
        }

        int[] parent = new int[body.Arrays.Count];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        foreach (Statement statement in Statements.All(body.Statements))
        {
            if (statement is DeclareView view && view.Array != view.Base)
            {
                parent[view.Array] = view.Base;
            }
        }

        int[] root = new int[parent.Length];
        for (int i = 0; i < root.Length; i++)
        {
            int r = i;
            for (int guard = 0; parent[r] != r && guard < parent.Length; guard++)
            {
                r = parent[r];
            }

            root[i] = r;
        }

        return root;
    }
}
