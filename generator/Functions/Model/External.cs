using NetGen.Generator.Common;

namespace NetGen.Generator.Functions.Model;

/// <summary>
/// A value NetGen does not differentiate and writes as the method wrote it: a call (by its fully
/// qualified name) of a static method whose result is an int or a bool, or whose arguments have no
/// derivative; or a <c>static readonly</c> field (<see cref="Arguments"/> empty and <see cref="IsField"/>).
/// </summary>
internal sealed record External(ScalarType Type, string Member, EquatableArray<Expression> Arguments, bool IsField = false) : Expression(Type);
