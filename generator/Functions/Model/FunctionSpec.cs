using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// A <c>[Differentiable]</c> method as the pipeline caches it: its signature, its body (the IR) and
/// what it calls. It holds no location, so that an edit that only moves the method regenerates nothing.
/// </summary>
/// <param name="Key">The method's identity (its documentation id), as calls name it.</param>
/// <param name="Type">Where the generated members go.</param>
/// <param name="Name">The method's name (unescaped).</param>
/// <param name="Accessibility">The generated members' accessibility: the method's own.</param>
/// <param name="HintName">The generated file's hint name.</param>
/// <param name="ReturnType">The value's type, or null for a method that returns its results in span outputs.</param>
/// <param name="Parameters">The parameters, in order.</param>
/// <param name="Body">The body.</param>
/// <param name="Order">1: first derivatives; 2: also the Hessian.</param>
/// <param name="CheckedByDefault">Whether the compilation checks int overflow by default (generated code writes <c>checked</c>/<c>unchecked</c> only where the method differs).</param>
/// <param name="Callees">The <c>[Differentiable]</c> methods the body calls, by key, sorted.</param>
/// <param name="PrivateTo">The types (by key) whose private or protected members the body names: inlined into a method of another type, they would be out of reach.</param>
internal sealed record FunctionSpec(
    string Key,
    TypeSpec Type,
    string Name,
    string Accessibility,
    string HintName,
    ScalarType? ReturnType,
    EquatableArray<ParameterSpec> Parameters,
    FunctionBody Body,
    int Order,
    bool CheckedByDefault,
    EquatableArray<string> Callees,
    EquatableArray<string> PrivateTo);
