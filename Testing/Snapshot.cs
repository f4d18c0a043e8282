using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace SymDiff.Testing;

/// <summary>
/// Minimal snapshot testing: compares a text with a checked-in <c>&lt;name&gt;.verified.cs</c> file and, on a
/// mismatch, writes <c>&lt;name&gt;.received.cs</c> beside it and fails with a line diff.
/// </summary>
/// <remarks>
/// To accept a change, review the received file and rename it to <c>.verified.cs</c>, or rerun the tests with the
/// environment variable <c>SYMDIFF_ACCEPT_SNAPSHOTS=1</c> (mismatches then overwrite the verified file). Line
/// endings are normalised to <c>\n</c> before comparing and writing, so snapshots agree across operating systems.
/// </remarks>
public static class Snapshot
{
    /// <summary>The environment variable that, set to <c>1</c>, makes mismatching snapshots overwrite the verified file.</summary>
    public const string AcceptVariable = "SYMDIFF_ACCEPT_SNAPSHOTS";

    private const int ContextLines = 3;
    private const int MaxDiffLines = 80;

    /// <summary>Whether <see cref="AcceptVariable"/> is set to <c>1</c>.</summary>
    public static bool AcceptRequested => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    /// <summary>Asserts that <paramref name="actual"/> equals the verified snapshot <paramref name="name"/> in <paramref name="directory"/>.</summary>
    /// <param name="actual">The text produced by the test.</param>
    /// <param name="name">The snapshot's name: its files are <c>&lt;name&gt;.verified.cs</c> and <c>&lt;name&gt;.received.cs</c>.</param>
    /// <param name="directory">The directory of the snapshot files (created when needed).</param>
    /// <param name="accept">Overwrite the verified file on a mismatch; by default, whether <see cref="AcceptRequested"/>.</param>
    /// <exception cref="SnapshotMismatchException">The verified file is missing or differs, and <paramref name="accept"/> is off.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or not a valid file name.</exception>
    public static void Verify(string actual, string name, string directory, bool? accept = null)
    {
        if (Compare(actual, name, directory, accept ?? AcceptRequested) is { } failure)
        {
            throw new SnapshotMismatchException(failure);
        }
    }

    /// <summary>The work of <see cref="Verify"/>: null when the snapshot matches (or was accepted), else the failure message.</summary>
    internal static string? Compare(string actual, string name, string directory, bool accept)
    {
        if (actual is null)
        {
            throw new ArgumentNullException(nameof(actual));
        }

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
            return null;
        }

        Directory.CreateDirectory(directory);
        if (accept)
        {
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return null;
        }

        File.WriteAllText(receivedPath, received);
        return $"""
            Snapshot '{name}' {(verified is null ? "has no verified file" : "does not match")}.
              verified: {verifiedPath}
              received: {receivedPath}
            To accept: review the received file and rename it to .verified.cs, or rerun the tests with {AcceptVariable}=1.
            Diff (- verified, + received):
            {UnifiedDiff(verified ?? "", received)}
            """;
    }

    /// <summary>
    /// A compact unified-style line diff of <paramref name="expected"/> → <paramref name="actual"/>: hunks of changed lines
    /// (<c>- </c> removed, <c>+ </c> added) with up to three unchanged lines (<c>  </c>) of context, capped at 80 lines.
    /// </summary>
    public static string UnifiedDiff(string expected, string actual)
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
