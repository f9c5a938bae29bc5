using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Installs NetGen the way a new user would: `dotnet pack` at the root, then a fresh console project
/// that references only that package from a local folder, built and run.
/// </summary>
public class PackageTests
{
    private static readonly string Root = Path.GetFullPath(Assertions.Directory(typeof(Assertions).Assembly, "RepositoryDirectory"));

    [Fact]
    public void AFreshConsoleProjectInstallsThePackageAndPrintsTheAssignmentsGradient()
    {
        string work = Path.Combine(Path.GetTempPath(), "netgen-package-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed");
        string app = Path.Combine(work, "app");
        Directory.CreateDirectory(app);
        try
        {
            // Pack a copy of the sources: a restore in the repository itself would point its obj/
            // folders at this test's temporary package cache, and a later 'dotnet test --no-restore'
            // would fail (NETSDK1064) once the cache is deleted.
            string source = Path.Combine(work, "src");
            CopySources(Root, source);
            // As the README does it: a version of its own for the local build.
            string stamp = "0.2.0-local." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            Dotnet(source, $"pack \"{Path.Combine(source, "runtime", "NetGen.Runtime.csproj")}\" -c Release -o \"{feed}\" -p:Version={stamp}", work);
            Dotnet(source, $"pack \"{Path.Combine(source, "onnx", "NetGen.Onnx.csproj")}\" -c Release -o \"{feed}\" -p:Version={stamp}", work);
            Assert.Single(Directory.GetFiles(feed, "NetGen.Onnx.*.nupkg"));

            // One package, laid out as a source-generator package should be.
            string package = Assert.Single(Directory.GetFiles(feed, "NetGen.?.*.nupkg"));
            Assert.Matches(@"NetGen\.0\.2\.0-local\.\d{14}\.nupkg$", package);
            using (ZipArchive zip = ZipFile.OpenRead(package))
            {
                string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
                Assert.Contains("lib/net10.0/NetGen.Runtime.dll", entries);
                Assert.Contains("lib/net8.0/NetGen.Runtime.dll", entries);
                Assert.Contains("lib/net10.0/NetGen.Runtime.xml", entries);
                Assert.Contains("analyzers/dotnet/cs/NetGen.Generator.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/NetGen.CodeFixes.dll", entries);
                Assert.Contains("README.md", entries);
                Assert.Contains("docs/README.md", entries);
                Assert.Contains("docs/DESIGN.md", entries);
                Assert.Contains("docs/diagnostics.md", entries);
                Assert.DoesNotContain(entries, e => e.Contains("Sample", StringComparison.Ordinal) || e.Contains("Tests", StringComparison.Ordinal) || e.Contains("Benchmarks", StringComparison.Ordinal));
                using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
                string manifest = nuspec.ReadToEnd();
                Assert.Contains("<id>NetGen</id>", manifest, StringComparison.Ordinal);
                Assert.Contains("<license type=\"expression\">MIT</license>", manifest, StringComparison.Ordinal);
                Assert.Contains("<readme>README.md</readme>", manifest, StringComparison.Ordinal);
                Assert.DoesNotContain("<projectUrl>", manifest, StringComparison.Ordinal); // no site yet: no link to one
                Assert.DoesNotContain("Microsoft.CodeAnalysis", manifest, StringComparison.Ordinal);
            }

            string version = Path.GetFileNameWithoutExtension(package).Substring("NetGen.".Length);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <!-- ONNX Runtime and the protobuf runtime, as this test project restored them (a global
                         packages folder is a valid local feed): nothing is downloaded here. -->
                    <add key="restored" value="{GlobalPackages}" />
                  </packageSources>
                </configuration>
                """);
            // The README's command: the feed is remembered in the project's nuget.config.
            Dotnet(app, $"nuget add source \"{feed}\" --name netgen-local --configfile nuget.config", work);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="NetGen" Version="{version}" />
                    <PackageReference Include="NetGen.Onnx" Version="{version}" />
                    <PackageReference Include="Microsoft.ML.OnnxRuntime" Version="1.31.1" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using System.Globalization;
                using NetGen;

                var net = new AssignmentNet();
                new double[] { -0.8, -0.7, 0.6, -1.0, 0.5, -1.0, -0.2, -1.0, -0.7, 0.1, -1.0, 0.5, -0.7 }.CopyTo(net.Parameters);
                double[] x = { 0.6, -1.0, 0.8, -1.0, -0.4, 0.9, 0.2, 0.0 };
                double[] t = { -0.8, -0.1, 0.9, 0.7 };
                var gradient = new double[AssignmentNet.ParameterCount];
                double loss = net.Gradient(x, t, gradient);
                Console.WriteLine("L " + loss.ToString("R", CultureInfo.InvariantCulture));
                Console.WriteLine("g " + string.Join(" ", gradient.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

                // Export to ONNX and run it in ONNX Runtime: the outputs must be Forward's.
                var onnx = new MemoryStream();
                OnnxExporter.Save(net, onnx);
                using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx.ToArray());
                using var input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(x, new long[] { 4, 2 });
                using var options = new Microsoft.ML.OnnxRuntime.RunOptions();
                using var results = session.Run(options, new[] { "input" }, new[] { input }, session.OutputNames);
                var forward = new double[4];
                net.ForwardBatch(x, forward);
                double[] ort = results[0].GetTensorDataAsSpan<double>().ToArray();
                Console.WriteLine("onnx " + forward.Zip(ort, (a, b) => Math.Abs(a - b)).Max().ToString("R", CultureInfo.InvariantCulture));

                [Network(2, Loss = Loss.HalfSquaredError)]
                [Dense(3, Activation.ReLU)]
                [Dense(1)]
                public partial class AssignmentNet { }
                """);

            // An empty Directory.Build.props stops the repository's own (or any parent's) settings from applying.
            File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), "<Project />");
            string output = Dotnet(app, "run", work);

            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            double loss = double.Parse(lines.Single(l => l.StartsWith("L ", StringComparison.Ordinal))[2..], CultureInfo.InvariantCulture);
            double[] gradient = lines.Single(l => l.StartsWith("g ", StringComparison.Ordinal))[2..]
                .Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

            NetworkCase shape = NetworkCase.All.Single(c => c.Name == "AssignmentNet");
            double expectedLoss = 0;
            var expected = new double[13];
            for (int k = 0; k < 4; k++)
            {
                (double l, double[] g, _) = ReferenceNetwork.Evaluate(shape,
                    new[] { -0.8, -0.7, 0.6, -1.0, 0.5, -1.0, -0.2, -1.0, -0.7, 0.1, -1.0, 0.5, -0.7 },
                    GoldenValues.X.AsSpan(2 * k, 2).ToArray(), new[] { GoldenValues.T[k] });
                expectedLoss += l;
                for (int i = 0; i < 13; i++)
                {
                    expected[i] += g[i];
                }
            }

            double onnxDifference = double.Parse(lines.Single(l => l.StartsWith("onnx ", StringComparison.Ordinal))[5..], CultureInfo.InvariantCulture);
            Assert.True(onnxDifference <= 1e-12, $"ONNX Runtime differs from Forward by {onnxDifference}");
            Assert.Equal(2.38554, Math.Round(loss, 5));
            Assertions.Close(expectedLoss, loss, 1e-14, "L");
            Assert.Equal(13, gradient.Length);
            for (int i = 0; i < 13; i++)
            {
                Assertions.Close(expected[i], gradient[i], 1e-14, $"∂L/∂θ[{i}]");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Where this test project's restore put its packages (ONNX Runtime among them).</summary>
    private static string GlobalPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The files a pack needs (projects and shared build files), without bin/ and obj/.</summary>
    private static void CopySources(string root, string destination)
    {
        foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "LICENSE", ".editorconfig", "README.md", "docs/DESIGN.md", "docs/diagnostics.md" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(destination, file))!);
            File.Copy(Path.Combine(root, file), Path.Combine(destination, file));
        }

        foreach (string folder in new[] { "generator", "codefixes", "runtime", "onnx" })
        {
            string from = Path.Combine(root, folder);
            foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(from, file);
                string first = relative.Split(Path.DirectorySeparatorChar)[0];
                if (first is "bin" or "obj")
                {
                    continue;
                }

                string target = Path.Combine(destination, folder, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    /// <summary>Runs dotnet with an isolated package cache, so that no older NetGen package is picked up.</summary>
    private static string Dotnet(string directory, string arguments, string work)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NUGET_PACKAGES"] = Path.Combine(work, "packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using Process process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {arguments} did not finish in 8 minutes");
        }

        string output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"dotnet {arguments} failed ({process.ExitCode}):\n{output}");
        return output;
    }
}
