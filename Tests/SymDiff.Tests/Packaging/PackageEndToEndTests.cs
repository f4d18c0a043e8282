using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using Xunit;
using Xunit.Sdk;

namespace SymDiff.Tests.Packaging;

/// <summary>
/// Packs the <c>SymDiff</c> and <c>SymDiff.Testing</c> packages once (into a temporary local folder feed, with a version unique to this run) and
/// uses it exactly as a user would: brand-new projects outside the repository, a nuget.config naming the local feed
/// (plus the repository's own sources for the SDK's implicit packages), a <c>PackageReference</c>, build, run.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    /// <summary>Each <c>dotnet</c> call is killed past this.</summary>
    public static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(5);

    public PackageFixture()
    {
        RepoRoot = FindRepoRoot();
        Root = Path.Combine(Path.GetTempPath(), "symdiff-e2e", Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Version = "0.1.0-e2e." + DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);

        // stop MSBuild's upward search for Directory.Build.* so nothing outside the temporary folder leaks in
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), NuGetConfig(Feed, Path.Combine(RepoRoot, "nuget.config")));

        // the repository's bin/obj are left alone: everything the pack builds goes under the temporary folder
        Dotnet.Run(RepoRoot, "pack", Path.Combine(RepoRoot, "Runtime", "SymDiff.Runtime.csproj"), "-c", "Release",
            "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"), "-p:Version=" + Version);
        Package = Path.Combine(Feed, "SymDiff." + Version + ".nupkg");
        Assert.True(File.Exists(Package), "dotnet pack made no " + Package);
        Dotnet.Run(RepoRoot, "pack", Path.Combine(RepoRoot, "Testing", "SymDiff.Testing.csproj"), "-c", "Release",
            "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"), "-p:Version=" + Version);
        TestingPackage = Path.Combine(Feed, "SymDiff.Testing." + Version + ".nupkg");
        Assert.True(File.Exists(TestingPackage), "dotnet pack made no " + TestingPackage);
    }

    public string RepoRoot { get; }

    /// <summary>The temporary folder holding the feed, the artifacts and the user projects.</summary>
    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    /// <summary>The <c>SymDiff</c> package.</summary>
    public string Package { get; }

    /// <summary>The <c>SymDiff.Testing</c> package (the snapshot helper).</summary>
    public string TestingPackage { get; }

    public void Dispose()
    {
        TryDelete(Root);
        // the unique version was restored into the global packages folder: take it out again
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "symdiff", "symdiff.testing" })
        {
            string cached = Path.Combine(packages, id);
            TryDelete(Path.Combine(cached, Version.ToLowerInvariant()));
            if (Directory.Exists(cached) && !Directory.EnumerateFileSystemEntries(cached).Any())
            {
                TryDelete(cached);
            }
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SymDiff.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SymDiff.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The local feed first, then every source of the repository's nuget.config.</summary>
    private static string NuGetConfig(string feed, string repoConfig)
    {
        var sources = new XElement("packageSources", new XElement("clear"),
            new XElement("add", new XAttribute("key", "symdiff-local"), new XAttribute("value", feed)));
        var repoSources = XDocument.Load(repoConfig).Root?.Element("packageSources")?.Elements("add") ?? Enumerable.Empty<XElement>();
        foreach (var add in repoSources)
        {
            sources.Add(new XElement(add));
        }

        return new XDocument(new XElement("configuration", sources)).ToString() + "\n";
    }
}

/// <summary>Runs <c>dotnet</c> with a timeout, capturing its output.</summary>
internal static class Dotnet
{
    public static string Run(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        // a child build must not inherit the MSBuild state of the `dotnet test` that started this test host
        foreach (string key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            psi.Environment.Remove(key);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.Environment["UseSharedCompilation"] = "false";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)PackageFixture.ProcessTimeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new XunitException($"dotnet {string.Join(' ', args)} timed out after {PackageFixture.ProcessTimeout}:\n{output}");
        }

        process.WaitForExit(); // drains the asynchronous readers
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        if (process.ExitCode != 0)
        {
            throw new XunitException($"dotnet {string.Join(' ', args)} exited with {process.ExitCode}:\n{text}");
        }

        return text;
    }
}

/// <summary>
/// End-to-end (slow, ~1 min: packs, restores from a local feed, builds and runs fresh projects): the NuGet package
/// used as a user would use it.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class PackageEndToEndTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _package;

    public PackageEndToEndTests(PackageFixture package) => _package = package;

    [Fact]
    public void EndToEnd_Package_HoldsRuntimeForBothFrameworks_AndOnlyTheRoslynComponentsPerRoslynVersion()
    {
        using var zip = ZipFile.OpenRead(_package.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("README.md", entries);
        Assert.Contains("lib/net8.0/SymDiff.Runtime.dll", entries);
        Assert.Contains("lib/net10.0/SymDiff.Runtime.dll", entries);
        // one folder per lowest Roslyn version: the code fixes need Workspaces 4.14, the rest runs on 4.8
        Assert.Equal(
            new[]
            {
                "analyzers/dotnet/roslyn4.14/cs/SymDiff.Analyzers.dll", "analyzers/dotnet/roslyn4.14/cs/SymDiff.CodeFixes.dll",
                "analyzers/dotnet/roslyn4.14/cs/SymDiff.Generator.dll",
                "analyzers/dotnet/roslyn4.8/cs/SymDiff.Analyzers.dll", "analyzers/dotnet/roslyn4.8/cs/SymDiff.Generator.dll",
            },
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).OrderBy(e => e, StringComparer.Ordinal));

        using var nuspecStream = zip.GetEntry("SymDiff.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("SymDiff", metadata.Element(ns + "id")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.Null(metadata.Element(ns + "icon"));
        // the runtime's own use of the generator must not become a package dependency
        Assert.Empty(metadata.Descendants(ns + "dependency"));

        Assert.True(File.Exists(Path.ChangeExtension(_package.Package, ".snupkg")), "no symbol package");
    }

    [Fact]
    public void EndToEnd_ConsoleApp_Net10_FromLocalFeed_RunsGeneratedGradient()
    {
        string dir = Path.Combine(_package.Root, "ConsoleUser");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "ConsoleUser.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SymDiff" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), """
            using System;
            using System.Globalization;
            using SymDiff;

            Span<double> g = stackalloc double[2];
            double f = Model.FGradient(1.5, 0.7, g);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GRADIENT {f:R} {g[0]:R} {g[1]:R}"));

            public static partial class Model
            {
                [Differentiable]
                public static double F(double x, double y) => x * x * y + Math.Sin(y);
            }
            """);

        string output = Dotnet.Run(dir, "run", "-c", "Release", "--disable-build-servers");

        string line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("GRADIENT ", StringComparison.Ordinal))
            ?? throw new XunitException("no GRADIENT line in:\n" + output);
        double[] values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, values.Length);
        const double x = 1.5, y = 0.7;
        Assert.Equal(x * x * y + Math.Sin(y), values[0], 1e-12);
        Assert.Equal(2 * x * y, values[1], 1e-12);
        Assert.Equal(x * x + Math.Cos(y), values[2], 1e-12);
    }

    [Fact]
    public void EndToEnd_ClassLibrary_Net8_FromLocalFeed_BuildsWithGeneratedCode()
    {
        string dir = Path.Combine(_package.Root, "LibraryUser");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "LibraryUser.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- the package's numeric-stability analyzer flags Logistic below: kept a warning, to see that it ran -->
                <WarningsNotAsErrors>SYMDIFF101</WarningsNotAsErrors>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SymDiff" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Loss.cs"), """
            using System;
            using SymDiff;

            namespace LibraryUser;

            public static partial class Loss
            {
                [Differentiable]
                public static double Logistic(double w, double b) => Math.Log(1 + Math.Exp(-(w * 2 + b)));

                /// <summary>Uses the generated method, so the build fails if the generator did not run.</summary>
                public static double Slope(double w, double b)
                {
                    Span<double> g = stackalloc double[2];
                    LogisticGradient(w, b, g);
                    return g[0];
                }
            }
            """);

        string output = Dotnet.Run(dir, "build", "-c", "Release", "--disable-build-servers");

        // the analyzer shipped in analyzers/dotnet/cs ran (log(1 + exp(x)) overflows; it suggests SymMath.Softplus)
        Assert.Contains("warning SYMDIFF101", output, StringComparison.Ordinal);

        Assert.True(File.Exists(Path.Combine(dir, "bin", "Release", "net8.0", "LibraryUser.dll")), "no net8.0 library built");
        string generated = Path.Combine(dir, "obj", "Release", "net8.0", "generated");
        var files = Directory.Exists(generated)
            ? Directory.GetFiles(generated, "*.cs", SearchOption.AllDirectories)
            : Array.Empty<string>();
        Assert.Contains(files, f => f.Contains("SymDiff.Generator", StringComparison.Ordinal)
            && File.ReadAllText(f).Contains("LogisticGradient", StringComparison.Ordinal));

        // the library compiled against the net8.0 runtime assembly of the package
        string assets = File.ReadAllText(Path.Combine(dir, "obj", "project.assets.json"));
        Assert.Contains("lib/net8.0/SymDiff.Runtime.dll", assets, StringComparison.Ordinal);
    }

    [Fact]
    public void EndToEnd_TestingPackage_HoldsTheHelperForNet8_WithItsReadme_AndDependsOnlyOnDiffPlex()
    {
        using var zip = ZipFile.OpenRead(_package.TestingPackage);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("README.md", entries);
        Assert.Contains("lib/net8.0/SymDiff.Testing.dll", entries);
        Assert.Contains("lib/net8.0/SymDiff.Testing.xml", entries);
        Assert.Contains("build/SymDiff.Testing.targets", entries);
        Assert.Contains("buildTransitive/SymDiff.Testing.targets", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal));

        using var nuspecStream = zip.GetEntry("SymDiff.Testing.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        Assert.Equal(new[] { "DiffPlex" }, nuspec.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).Distinct());
    }

    [Fact]
    public void EndToEnd_SnapshotHelper_ChecksAUsersGeneratedFiles_AndFailsOnAChangedDerivative()
    {
        // A library with a [Differentiable] method that writes its generated files to obj/generated, and a checker
        // (a console app standing in for a test project) that snapshots them with SymDiff.Testing.
        string root = Path.Combine(_package.Root, "SnapshotUser");
        string lib = Path.Combine(root, "Lib");
        string check = Path.Combine(root, "Check");
        Directory.CreateDirectory(lib);
        Directory.CreateDirectory(check);
        File.WriteAllText(Path.Combine(lib, "Lib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                <CompilerGeneratedFilesOutputPath>obj/generated</CompilerGeneratedFilesOutputPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SymDiff" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        string model = """
            using SymDiff;

            namespace Lib;

            public static partial class Model
            {
                [Differentiable]
                public static double F(double x) => x * x * x;
            }
            """;
        File.WriteAllText(Path.Combine(lib, "Model.cs"), model);
        File.WriteAllText(Path.Combine(check, "Check.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SymDiff.Testing" Version="{_package.Version}" />
                <ProjectReference Include="../Lib/Lib.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(check, "Program.cs"), """
            using System;
            using SymDiff.Testing;

            try
            {
                GeneratedCodeSnapshots.Verify("../Lib/obj/generated", "GeneratedSnapshots");
                Console.WriteLine("SNAPSHOTS MATCH");
            }
            catch (SnapshotMismatchException e)
            {
                Console.WriteLine("SNAPSHOTS DIFFER");
                Console.WriteLine(e.Message);
            }
            """);
        string snapshots = Path.Combine(check, "GeneratedSnapshots");
        string Check() => Dotnet.Run(check, "run", "-c", "Release", "--disable-build-servers");

        // First run: no snapshot yet. The received file is the generated one.
        string first = Check();
        Assert.Contains("SNAPSHOTS DIFFER", first, StringComparison.Ordinal);
        Assert.Contains("Snapshot 'Lib.Model.F' has no verified file", first, StringComparison.Ordinal);
        string received = Path.Combine(snapshots, "Lib.Model.F.received.cs");
        Assert.Equal(
            File.ReadAllText(Path.Combine(lib, "obj", "generated", "SymDiff.Generator", "SymDiff.Generator.DifferentiableGenerator", "Lib.Model.F.g.cs")).Replace("\r\n", "\n"),
            File.ReadAllText(received));

        // Accepted (renamed, as the message says): the next run matches.
        File.Move(received, Path.Combine(snapshots, "Lib.Model.F.verified.cs"));
        Assert.Contains("SNAPSHOTS MATCH", Check(), StringComparison.Ordinal);

        // The method changes: its derivative changes, and the snapshot fails with the diff.
        File.WriteAllText(Path.Combine(lib, "Model.cs"), model.Replace("x * x * x", "x * x * x * x"));
        string changed = Check();
        Assert.Contains("SNAPSHOTS DIFFER", changed, StringComparison.Ordinal);
        Assert.Contains("Snapshot 'Lib.Model.F' does not match", changed, StringComparison.Ordinal);
        Assert.Contains("\n- ", changed, StringComparison.Ordinal);
        Assert.Contains("\n+ ", changed, StringComparison.Ordinal);
    }
}
