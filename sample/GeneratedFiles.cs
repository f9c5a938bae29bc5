using System.IO;
using System.Linq;
using System.Reflection;

namespace NetGen.Sample;

/// <summary>Where the build wrote the generated sources (EmitCompilerGeneratedFiles).</summary>
internal static class GeneratedFiles
{
    public static string Directory => Metadata("GeneratedFilesPath");

    public static string ProjectDirectory => Metadata("ProjectDirectory");

    /// <summary>Writes a plot as a 900 × 540 PNG next to the sample's project file and returns its path.</summary>
    public static string SavePlot(ScottPlot.Plot plot, string fileName)
    {
        string path = Path.Combine(ProjectDirectory, fileName);
        plot.SavePng(path, 900, 540);
        return path;
    }

    /// <summary>
    /// The generated file of a definition, by its readable name (<c>NetGen.Sample.AssignmentNet</c>);
    /// the file is named that, a dot, 8 hex digits that keep names unique, and <c>.g.cs</c>.
    /// </summary>
    public static string PathOf(string readableName)
    {
        string folder = Path.Combine(Directory, "NetGen.Generator", "NetGen.Generator.NetGenGenerator");
        string? file = System.IO.Directory.Exists(folder)
            ? System.IO.Directory.EnumerateFiles(folder, readableName + ".*.g.cs").OrderBy(f => f, System.StringComparer.Ordinal).FirstOrDefault()
            : null;
        return file ?? Path.Combine(folder, readableName + ".g.cs");
    }

    private static string Metadata(string key) =>
        typeof(GeneratedFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value ?? string.Empty;
}
