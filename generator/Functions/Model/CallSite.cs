using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>One call from a <c>[Differentiable]</c> method to another, with where it is written (for diagnostics).</summary>
/// <param name="Callee">The callee's key.</param>
/// <param name="CalleeName">The callee as people name it (<c>Type.Method</c>).</param>
/// <param name="Location">Where the call is written.</param>
internal sealed record CallSite(string Callee, string CalleeName, LocationInfo? Location);
