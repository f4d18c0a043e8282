using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;

namespace SymDiff.Testing;

/// <summary>
/// Snapshot tests of everything SymDiff generated for a project: each generated file (<c>Namespace.Type.Method.g.cs</c>)
/// must equal its reviewed copy <c>Namespace.Type.Method.verified.cs</c>, so a change in a derivative, whether from
/// an edit of the method or from a new SymDiff version, fails a test until someone has read it.
/// </summary>
/// <remarks>
/// <para>The project with the <c>[Differentiable]</c> methods writes its generated files to disk with</para>
/// <code>
/// &lt;EmitCompilerGeneratedFiles&gt;true&lt;/EmitCompilerGeneratedFiles&gt;
/// &lt;CompilerGeneratedFilesOutputPath&gt;obj/generated&lt;/CompilerGeneratedFilesOutputPath&gt;
/// </code>
/// <para>and a test project that references it (so it is built first) calls</para>
/// <code>
/// GeneratedCodeSnapshots.Verify("../MyLibrary/obj/generated", "GeneratedSnapshots");
/// </code>
/// <para>Relative paths are taken from the directory of the calling source file, not from the working directory.
/// On a mismatch every differing file is written as <c>.received.cs</c> and one <see cref="SnapshotMismatchException"/>
/// lists them all with their diffs; accept reviewed changes by renaming them, or by running the tests once with
/// <c>SYMDIFF_ACCEPT_SNAPSHOTS=1</c>. A verified file whose method no longer generates anything fails too (and is
/// deleted in accept mode), so the snapshot directory must hold only these snapshots.</para>
/// </remarks>
public static class GeneratedCodeSnapshots
{
    /// <summary>The folder, inside a project's generated-files directory, that holds SymDiff's files.</summary>
    public static readonly string GeneratorFolder = Path.Combine("SymDiff.Generator", "SymDiff.Generator.DifferentiableGenerator");

    private const string GeneratedSuffix = ".g.cs";
    private const string VerifiedSuffix = ".verified.cs";

    /// <summary>Verifies every file SymDiff generated in <paramref name="generatedDirectory"/> against <paramref name="snapshotDirectory"/>.</summary>
    /// <param name="generatedDirectory">
    /// The project's <c>CompilerGeneratedFilesOutputPath</c>, or SymDiff's folder inside it (<see cref="GeneratorFolder"/>).
    /// </param>
    /// <param name="snapshotDirectory">The directory of the verified snapshots, used for nothing else.</param>
    /// <param name="callerFile">Supplied by the compiler: relative paths are taken from this file's directory.</param>
    /// <exception cref="SnapshotMismatchException">A file differs from its snapshot, has none, or a snapshot has no file.</exception>
    /// <exception cref="DirectoryNotFoundException">There are no generated files to verify (the message says how to emit them).</exception>
    /// <exception cref="InvalidOperationException">A path is relative and the calling file's directory is not on this machine.</exception>
    public static void Verify(string generatedDirectory, string snapshotDirectory = "GeneratedSnapshots", [CallerFilePath] string callerFile = "")
    {
        var baseDirectory = Path.GetDirectoryName(callerFile);
        if (!Path.IsPathRooted(generatedDirectory) || !Path.IsPathRooted(snapshotDirectory))
        {
            if (string.IsNullOrEmpty(baseDirectory) || !Directory.Exists(baseDirectory))
            {
                throw new InvalidOperationException(
                    $"Relative paths are taken from the calling source file's directory, '{baseDirectory}', which does not exist here " +
                    "(a ContinuousIntegrationBuild or PathMap rewrites source paths): pass absolute paths instead.");
            }
        }

        Verify(Resolve(baseDirectory, generatedDirectory), Resolve(baseDirectory, snapshotDirectory), Snapshot.AcceptRequested);
    }

    /// <summary><see cref="Verify(string, string, string)"/> with the accept mode explicit; relative paths are taken from the working directory.</summary>
    public static void Verify(string generatedDirectory, string snapshotDirectory, bool accept)
    {
        var generated = GeneratedFiles(generatedDirectory);
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in generated)
        {
            var name = Path.GetFileName(file);
            name = name.Substring(0, name.Length - GeneratedSuffix.Length);
            names.Add(name);
            if (Snapshot.Compare(File.ReadAllText(file), name, snapshotDirectory, accept) is { } failure)
            {
                failures.Add(failure);
            }
        }

        if (Directory.Exists(snapshotDirectory))
        {
            foreach (var verified in Directory.GetFiles(snapshotDirectory, "*" + VerifiedSuffix).OrderBy(f => f, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(verified);
                name = name.Substring(0, name.Length - VerifiedSuffix.Length);
                if (names.Contains(name))
                {
                    continue;
                }

                if (accept)
                {
                    File.Delete(verified);
                }
                else
                {
                    failures.Add($"Snapshot '{name}' has no generated file: its method is gone, renamed, or no longer [Differentiable]. Delete {verified} (or rerun the tests with {Snapshot.AcceptVariable}=1).");
                }
            }
        }

        if (failures.Count > 0)
        {
            throw new SnapshotMismatchException(
                $"{failures.Count} of SymDiff's generated files differ from their snapshots in {snapshotDirectory}:\n\n" + string.Join("\n\n", failures));
        }
    }

    /// <summary>SymDiff's generated files under <paramref name="directory"/>, in ordinal order.</summary>
    private static string[] GeneratedFiles(string directory)
    {
        var folder = Path.Combine(directory, GeneratorFolder);
        if (!Directory.Exists(folder))
        {
            folder = directory;
        }

        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*" + GeneratedSuffix) : Array.Empty<string>();
        if (files.Length == 0)
        {
            throw new DirectoryNotFoundException(
                $"No files generated by SymDiff in '{directory}'. In the project with the [Differentiable] methods set " +
                "<EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles> and <CompilerGeneratedFilesOutputPath> to this directory, " +
                "and reference that project from the test project so that it is built first.");
        }

        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    private static string Resolve(string? baseDirectory, string path)
        => Path.GetFullPath(string.IsNullOrEmpty(baseDirectory) || Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));
}
