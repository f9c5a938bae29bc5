using System.IO;
using System.Linq;
using System.Reflection;

namespace NetGen.Sample;

/// <summary>Where the build wrote the generated sources (EmitCompilerGeneratedFiles).</summary>
internal static class GeneratedFiles
{
    public static string Directory => Metadata("GeneratedFilesPath");

    public static string ProjectDirectory => Metadata("ProjectDirectory");

    public static string PathOf(string hintName) =>
        Path.Combine(Directory, "NetGen.Generator", "NetGen.Generator.NetGenGenerator", hintName);

    private static string Metadata(string key) =>
        typeof(GeneratedFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value ?? string.Empty;
}
