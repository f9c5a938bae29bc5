using System.Collections.Generic;
using NetGen.Generator.Functions.Model;

namespace NetGen.Generator.Functions.Transform;

/// <summary>
/// What a reverse sweep computes: the adjoints of <see cref="ScalarInputs"/> and of the arrays in
/// <see cref="ArrayInputs"/> (into the given adjoint arrays, overwritten), from seeds on the method's
/// value (<see cref="ResultSeed"/>) and on its output arrays (<see cref="Cotangents"/>).
/// </summary>
/// <param name="ScalarInputs">The variables whose adjoints are wanted (the differentiated double parameters).</param>
/// <param name="ArrayInputs">Input arrays and the arrays their adjoints go into (the dName spans).</param>
/// <param name="ResultSeed">∂F/∂(value): the adjoint the value starts with (1 for a gradient), or null for a void method.</param>
/// <param name="Cotangents">Output arrays and the arrays holding their cotangents.</param>
internal sealed record AdjointRequest(
    IReadOnlyList<int> ScalarInputs,
    IReadOnlyList<(int Array, int Adjoint)> ArrayInputs,
    Expression? ResultSeed,
    IReadOnlyList<(int Array, int Cotangent)> Cotangents);

/// <summary>The program a reverse-mode transform wrote, and where it left each scalar input's adjoint (−1: it has none, its derivative is 0).</summary>
internal sealed record AdjointProgram(FunctionBody Body, int[] ScalarAdjoints);
