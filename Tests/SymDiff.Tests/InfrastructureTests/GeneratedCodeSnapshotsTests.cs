using System;
using System.IO;
using SymDiff.Testing;
using Xunit;

namespace SymDiff.Tests.InfrastructureTests;

/// <summary>
/// Tests of SymDiff.Testing's <see cref="GeneratedCodeSnapshots"/> on a fake generated-files directory laid out as
/// <c>EmitCompilerGeneratedFiles</c> lays it out, each in its own temporary directory.
/// </summary>
public sealed class GeneratedCodeSnapshotsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "symdiff-generated-snapshots", Guid.NewGuid().ToString("N"));

    private string Generated => Path.Combine(_root, "obj", "generated");

    private string SymDiffFolder => Path.Combine(Generated, GeneratedCodeSnapshots.GeneratorFolder);

    private string Snapshots => Path.Combine(_root, "GeneratedSnapshots");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void AcceptingWritesOneVerifiedFilePerGeneratedFileAndThenEverythingMatches()
    {
        Generate("Demo.Model.F", "f 1\r\n");
        Generate("Demo.Model.G", "g 1\n");
        GenerateElsewhere("OtherGenerator", "Other.g.cs");

        GeneratedCodeSnapshots.Verify(Generated, Snapshots, accept: true);

        Assert.Equal(new[] { "Demo.Model.F.verified.cs", "Demo.Model.G.verified.cs" }, SnapshotFiles());
        Assert.Equal("f 1\n", File.ReadAllText(Path.Combine(Snapshots, "Demo.Model.F.verified.cs")));
        GeneratedCodeSnapshots.Verify(Generated, Snapshots, accept: false);
    }

    [Fact]
    public void EveryChangedOrNewFileIsWrittenAsReceivedAndListedWithItsDiffInOneFailure()
    {
        Generate("Demo.Model.F", "f 1\n");
        Generate("Demo.Model.G", "g 1\n");
        GeneratedCodeSnapshots.Verify(Generated, Snapshots, accept: true);
        Generate("Demo.Model.F", "f 2\n");
        Generate("Demo.Model.G", "g 2\n");
        Generate("Demo.Model.H", "h 1\n");

        var e = Assert.Throws<SnapshotMismatchException>(() => GeneratedCodeSnapshots.Verify(Generated, Snapshots, accept: false));

        Assert.StartsWith("3 of SymDiff's generated files differ", e.Message);
        Assert.Contains("- f 1\n+ f 2", e.Message);
        Assert.Contains("- g 1\n+ g 2", e.Message);
        Assert.Contains("Snapshot 'Demo.Model.H' has no verified file", e.Message);
        Assert.Equal("f 2\n", File.ReadAllText(Path.Combine(Snapshots, "Demo.Model.F.received.cs")));
        Assert.Equal("f 1\n", File.ReadAllText(Path.Combine(Snapshots, "Demo.Model.F.verified.cs")));
    }

    [Fact]
    public void ASnapshotWhoseMethodGeneratesNothingFailsAndAcceptingDeletesIt()
    {
        Generate("Demo.Model.F", "f\n");
        Generate("Demo.Model.G", "g\n");
        GeneratedCodeSnapshots.Verify(Generated, Snapshots, accept: true);
        File.Delete(Path.Combine(SymDiffFolder, "Demo.Model.G.g.cs"));

        var e = Assert.Throws<SnapshotMismatchException>(() => GeneratedCodeSnapshots.Verify(Generated, Snapshots, accept: false));
        Assert.Contains("Snapshot 'Demo.Model.G' has no generated file", e.Message);

        GeneratedCodeSnapshots.Verify(Generated, Snapshots, accept: true);
        Assert.Equal(new[] { "Demo.Model.F.verified.cs" }, SnapshotFiles());
    }

    [Fact]
    public void SymDiffsOwnFolderCanBeGivenDirectly()
    {
        Generate("Demo.Model.F", "f\n");

        GeneratedCodeSnapshots.Verify(SymDiffFolder, Snapshots, accept: true);

        Assert.Equal(new[] { "Demo.Model.F.verified.cs" }, SnapshotFiles());
    }

    [Fact]
    public void NoGeneratedFilesIsAnErrorThatSaysHowToEmitThem()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => GeneratedCodeSnapshots.Verify(Generated, Snapshots, accept: false));

        Assert.Contains("<EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>", e.Message);
        Assert.False(Directory.Exists(Snapshots));
    }

    [Fact]
    public void RelativePathsAreTakenFromTheCallingSourceFile()
    {
        Generate("Demo.Model.F", "f\n");
        var testFile = Path.Combine(_root, "Tests", "GeneratedCodeTests.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(testFile)!);

        // Fails (no verified file yet), or accepts when the tests run with SYMDIFF_ACCEPT_SNAPSHOTS=1: either way into Snapshots.
        try
        {
            GeneratedCodeSnapshots.Verify("../obj/generated", "../GeneratedSnapshots", testFile);
        }
        catch (SnapshotMismatchException)
        {
        }

        var written = Snapshot.AcceptRequested ? "Demo.Model.F.verified.cs" : "Demo.Model.F.received.cs";
        Assert.Equal(new[] { written }, SnapshotFiles());
    }

    [Fact]
    public void RelativePathsFromASourceFileThatIsNotHereAreAnError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => GeneratedCodeSnapshots.Verify("obj/generated", "GeneratedSnapshots", "/_/Tests/GeneratedCodeTests.cs"));

        Assert.Contains("pass absolute paths", e.Message);
    }

    private void Generate(string name, string text)
    {
        Directory.CreateDirectory(SymDiffFolder);
        File.WriteAllText(Path.Combine(SymDiffFolder, name + ".g.cs"), text);
    }

    private void GenerateElsewhere(string generator, string file)
    {
        var folder = Path.Combine(Generated, generator);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, file), "not SymDiff's\n");
    }

    private string[] SnapshotFiles()
    {
        var files = Directory.GetFiles(Snapshots);
        for (int i = 0; i < files.Length; i++)
        {
            files[i] = Path.GetFileName(files[i]);
        }

        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
