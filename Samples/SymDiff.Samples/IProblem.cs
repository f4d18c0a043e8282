namespace SymDiff.Samples;

/// <summary>
/// One worked problem of the course documents, solved with generated derivatives and checked against the
/// document's stated answers. Add a problem by implementing this interface and listing it in <see cref="Program"/>.
/// </summary>
public interface IProblem
{
    /// <summary>The heading of the problem, e.g. which document and section it comes from.</summary>
    string Title { get; }

    /// <summary>Solves the problem and writes its checks to <paramref name="report"/>.</summary>
    void Run(Report report);
}
