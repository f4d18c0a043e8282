using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex;
using DiffPlex.Model;
using Xunit.Sdk;

namespace SymDiff.Tests.Infrastructure;

/// <summary>
/// Minimal snapshot testing: compares text against a checked-in <c>Snapshots/&lt;name&gt;.verified.cs</c> file
/// of the test project and, on mismatch, writes <c>&lt;name&gt;.received.cs</c> beside it and fails with a line diff.
/// </summary>
/// <remarks>
/// To accept changes, run <c>Tests/accept-snapshots.sh</c> (renames every received file to verified) or rerun the
/// tests with the environment variable <c>SYMDIFF_ACCEPT_SNAPSHOTS=1</c> (mismatches overwrite the verified file).
/// Line endings are normalised to <c>\n</c> before comparing and writing.
/// </remarks>
public static class Snapshot
{
    /// <summary>Environment variable that, when set to <c>1</c>, makes mismatching snapshots overwrite the verified file.</summary>
    public const string AcceptVariable = "SYMDIFF_ACCEPT_SNAPSHOTS";

    private const string ProjectFile = "SymDiff.Tests.csproj";
    private const int ContextLines = 3;
    private const int MaxDiffLines = 80;

    /// <summary>Asserts that <paramref name="actual"/> equals the verified snapshot <paramref name="name"/>.</summary>
    /// <param name="actual">The text produced by the test.</param>
    /// <param name="name">The snapshot name, <c>&lt;Class&gt;.&lt;Case&gt;</c>, e.g. <c>GeneratorSnapshotTests.SeedFunction</c>.</param>
    /// <param name="callerFile">Supplied by the compiler; used to locate the test project's <c>Snapshots</c> directory.</param>
    /// <exception cref="XunitException">The snapshot is missing or differs (and accept mode is off).</exception>
    public static void Verify(string actual, string name, [CallerFilePath] string callerFile = "") =>
        Verify(actual, name, DirectoryFor(callerFile), Environment.GetEnvironmentVariable(AcceptVariable) == "1");

    /// <summary>Core of <see cref="Verify(string, string, string)"/> with the snapshot directory and accept mode explicit.</summary>
    internal static void Verify(string actual, string name, string directory, bool accept)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"Invalid snapshot name '{name}'.", nameof(name));
        }

        string verifiedPath = Path.Combine(directory, name + ".verified.cs");
        string receivedPath = Path.Combine(directory, name + ".received.cs");
        string received = Normalize(actual);
        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (received == verified)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        if (accept)
        {
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        throw new XunitException(
            $"""
            Snapshot '{name}' {(verified is null ? "has no verified file" : "does not match")}.
              verified: {verifiedPath}
              received: {receivedPath}
            To accept: run Tests/accept-snapshots.sh, or rerun the tests with {AcceptVariable}=1.
            Diff (- verified, + received):
            {UnifiedDiff(verified ?? "", received)}
            """);
    }

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

    /// <summary>
    /// A compact unified-style line diff of <paramref name="expected"/> → <paramref name="actual"/>: hunks of changed lines
    /// (<c>- </c> removed, <c>+ </c> added) with up to three unchanged lines (<c>  </c>) of context, capped at 80 lines.
    /// </summary>
    internal static string UnifiedDiff(string expected, string actual)
    {
        DiffResult diff = new Differ().CreateLineDiffs(expected, actual, ignoreWhitespace: false);
        IList<DiffBlock> blocks = diff.DiffBlocks;
        if (blocks.Count == 0)
        {
            return "  (no line differences: the texts differ only in whitespace at line ends or the final newline)";
        }

        var lines = new List<string>();
        for (int first = 0; first < blocks.Count;)
        {
            // A hunk takes every following block whose gap of unchanged lines is too small to separate the contexts.
            int last = first;
            while (last + 1 < blocks.Count && blocks[last + 1].DeleteStartA - EndA(blocks[last]) <= 2 * ContextLines)
            {
                last++;
            }

            int startA = Math.Max(0, blocks[first].DeleteStartA - ContextLines);
            int endA = Math.Min(diff.PiecesOld.Length, EndA(blocks[last]) + ContextLines);
            int startB = startA + blocks[first].InsertStartB - blocks[first].DeleteStartA;
            int lengthB = endA - startA;
            int header = lines.Count;
            lines.Add(""); // the hunk header, filled in once lengthB is known
            int a = startA;
            for (int i = first; i <= last; i++)
            {
                DiffBlock block = blocks[i];
                for (; a < block.DeleteStartA; a++)
                {
                    lines.Add("  " + diff.PiecesOld[a]);
                }

                for (int k = 0; k < block.DeleteCountA; k++)
                {
                    lines.Add("- " + diff.PiecesOld[block.DeleteStartA + k]);
                }

                for (int k = 0; k < block.InsertCountB; k++)
                {
                    lines.Add("+ " + diff.PiecesNew[block.InsertStartB + k]);
                }

                a = EndA(block);
                lengthB += block.InsertCountB - block.DeleteCountA;
            }

            for (; a < endA; a++)
            {
                lines.Add("  " + diff.PiecesOld[a]);
            }

            lines[header] = $"@@ -{startA + 1},{endA - startA} +{startB + 1},{lengthB} @@";
            first = last + 1;
        }

        var text = new StringBuilder();
        for (int i = 0; i < Math.Min(lines.Count, MaxDiffLines); i++)
        {
            text.Append(lines[i]).Append('\n');
        }

        if (lines.Count > MaxDiffLines)
        {
            text.Append($"... ({lines.Count - MaxDiffLines} more diff lines; compare the files for the rest)\n");
        }

        return text.ToString().TrimEnd('\n');

        static int EndA(DiffBlock block) => block.DeleteStartA + block.DeleteCountA;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');
}
