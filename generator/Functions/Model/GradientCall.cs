using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// A call of a method whose derivative the user supplies with <c>[GradientOf]</c>: <see cref="Function"/>
/// computes the value, <see cref="Gradient"/> (of the shape NetGen generates) the value and the
/// partial derivatives. <see cref="Differentiated"/> says, per argument, whether it gets one.
/// </summary>
internal sealed record GradientCall(ScalarType Type, string Function, string Gradient, EquatableArray<Argument> Arguments, EquatableArray<bool> Differentiated) : Expression(Type);
