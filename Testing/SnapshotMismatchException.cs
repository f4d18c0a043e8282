using System;

namespace SymDiff.Testing;

/// <summary>
/// A snapshot is missing, differs from the received text, or has nothing left to compare with. Any test framework
/// reports it as a failure; its message names the files and shows the line diff.
/// </summary>
public sealed class SnapshotMismatchException : Exception
{
    /// <summary>Creates the exception with its <paramref name="message"/>.</summary>
    public SnapshotMismatchException(string message)
        : base(message)
    {
    }
}
