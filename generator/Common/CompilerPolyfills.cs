// netstandard2.0 lacks these types; the C# compiler finds them by name.
namespace System.Runtime.CompilerServices
{
    /// <summary>Records and init accessors need it.</summary>
    internal static class IsExternalInit
    {
    }

    /// <summary>Marks <see cref="NetGen.Generator.Common.SourceWriter.LineText"/> as an interpolated string handler.</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
    internal sealed class InterpolatedStringHandlerAttribute : Attribute
    {
    }

    /// <summary>Names the arguments an interpolated string handler's constructor takes (<c>""</c>: the receiver).</summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    internal sealed class InterpolatedStringHandlerArgumentAttribute : Attribute
    {
        public InterpolatedStringHandlerArgumentAttribute(string argument) => Arguments = new[] { argument };

        public InterpolatedStringHandlerArgumentAttribute(params string[] arguments) => Arguments = arguments;

        public string[] Arguments { get; }
    }
}
