using System;
using System.IO;
using System.Runtime.CompilerServices;
using SymDiff.Testing;

namespace SymDiff.Tests.Infrastructure;

/// <summary>
/// The generator's snapshot tests: <see cref="SymDiff.Testing.Snapshot"/> (the snapshot helper SymDiff.Testing
/// publishes for users) over the checked-in <c>Snapshots/&lt;name&gt;.verified.cs</c> files of this test project.
/// </summary>
/// <remarks>
/// To accept changes, run <c>Tests/accept-snapshots.sh</c> (renames every received file to verified) or rerun the
/// tests with the environment variable <c>SYMDIFF_ACCEPT_SNAPSHOTS=1</c> (mismatches overwrite the verified file).
/// </remarks>
public static class Snapshot
{
    private const string ProjectFile = "SymDiff.Tests.csproj";

    /// <summary>Asserts that <paramref name="actual"/> equals the verified snapshot <paramref name="name"/>.</summary>
    /// <param name="actual">The text produced by the test.</param>
    /// <param name="name">The snapshot name, <c>&lt;Class&gt;.&lt;Case&gt;</c>, e.g. <c>GeneratorSnapshotTests.SeedFunction</c>.</param>
    /// <param name="callerFile">Supplied by the compiler; used to locate the test project's <c>Snapshots</c> directory.</param>
    /// <exception cref="SnapshotMismatchException">The snapshot is missing or differs (and accept mode is off).</exception>
    public static void Verify(string actual, string name, [CallerFilePath] string callerFile = "") =>
        SymDiff.Testing.Snapshot.Verify(actual, name, DirectoryFor(callerFile));

    /// <summary>
    /// The <c>Snapshots</c> directory of the test project that contains <paramref name="sourceFile"/>: found by walking up
    /// from the file to the directory holding <c>SymDiff.Tests.csproj</c>, independent of the current directory.
    /// </summary>
    internal static string DirectoryFor(string sourceFile)
    {
        for (string? dir = Path.GetDirectoryName(sourceFile); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, ProjectFile)))
            {
                return Path.Combine(dir, "Snapshots");
            }
        }

        throw new InvalidOperationException($"No directory above '{sourceFile}' contains {ProjectFile}.");
    }
}
