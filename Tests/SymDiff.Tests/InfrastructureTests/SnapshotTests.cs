using System;
using System.IO;
using System.Linq;
using SymDiff.Testing;
using Xunit;

namespace SymDiff.Tests.InfrastructureTests;

/// <summary>Tests of SymDiff.Testing's <see cref="Snapshot"/>, each in its own temporary snapshot directory.</summary>
public sealed class SnapshotTests : IDisposable
{
    private const string Name = "SnapshotTests.Case";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "symdiff-snapshot-tests", Guid.NewGuid().ToString("N"));

    private string VerifiedPath => Path.Combine(_dir, Name + ".verified.cs");

    private string ReceivedPath => Path.Combine(_dir, Name + ".received.cs");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Match_Passes_AndDeletesStaleReceivedFile()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(VerifiedPath, "line 1\r\nline 2\r\n");
        File.WriteAllText(ReceivedPath, "stale");

        Snapshot.Verify("line 1\nline 2\n", Name, _dir, accept: false);

        Assert.False(File.Exists(ReceivedPath));
    }

    [Fact]
    public void Mismatch_WritesReceivedFile_AndFailsWithPathsAndDiff()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(VerifiedPath, "a\nb\nc\n");

        var e = Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify("a\r\nB\r\nc\r\n", Name, _dir, accept: false));

        Assert.Equal("a\nB\nc\n", File.ReadAllText(ReceivedPath));
        Assert.Equal("a\nb\nc\n", File.ReadAllText(VerifiedPath));
        Assert.Contains(VerifiedPath, e.Message);
        Assert.Contains(ReceivedPath, e.Message);
        Assert.Contains("rename it to .verified.cs", e.Message);
        Assert.Contains(Snapshot.AcceptVariable + "=1", e.Message);
        Assert.Contains("\n  a\n- b\n+ B\n  c\n", e.Message);
    }

    [Fact]
    public void MissingVerifiedFile_WritesReceivedFile_AndFails()
    {
        var e = Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify("new\n", Name, _dir, accept: false));

        Assert.Contains("has no verified file", e.Message);
        Assert.Contains("+ new", e.Message);
        Assert.Equal("new\n", File.ReadAllText(ReceivedPath));
    }

    [Fact]
    public void AcceptMode_OverwritesVerifiedFile_AndPasses()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(VerifiedPath, "old\n");
        File.WriteAllText(ReceivedPath, "stale");

        Snapshot.Verify("new\r\n", Name, _dir, accept: true);

        Assert.Equal("new\n", File.ReadAllText(VerifiedPath));
        Assert.False(File.Exists(ReceivedPath));
        Snapshot.Verify("new\n", Name, _dir, accept: false);
    }

    [Fact]
    public void Diff_ShowsOnlyChangedHunksWithThreeLinesOfContext()
    {
        string[] lines = Enumerable.Range(1, 40).Select(i => $"line {i}").ToArray();
        string expected = string.Join("\n", lines);
        lines[9] = "changed 10";
        lines[29] = "changed 30";

        string[] diff = Snapshot.UnifiedDiff(expected, string.Join("\n", lines)).Split('\n');

        Assert.Equal(
            new[]
            {
                "@@ -7,7 +7,7 @@", "  line 7", "  line 8", "  line 9", "- line 10", "+ changed 10", "  line 11", "  line 12", "  line 13",
                "@@ -27,7 +27,7 @@", "  line 27", "  line 28", "  line 29", "- line 30", "+ changed 30", "  line 31", "  line 32", "  line 33",
            },
            diff);
    }

    [Fact]
    public void Diff_IsCappedForLargeChanges()
    {
        string expected = string.Join("\n", Enumerable.Range(0, 200).Select(i => $"old {i}"));
        string actual = string.Join("\n", Enumerable.Range(0, 200).Select(i => $"new {i}"));

        string[] diff = Snapshot.UnifiedDiff(expected, actual).Split('\n');

        Assert.Equal(81, diff.Length);
        Assert.StartsWith("... (321 more diff lines", diff[^1]);
    }

    [Fact]
    public void SnapshotDirectory_IsTheTestProjectsSnapshotsFolder()
    {
        string dir = SymDiff.Tests.Infrastructure.Snapshot.DirectoryFor(ThisFile());

        Assert.Equal("Snapshots", Path.GetFileName(dir));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(dir)!, "SymDiff.Tests.csproj")));
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
