using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;
using SamplesProgram = SymDiff.Samples.Program;

namespace SymDiff.Tests.Samples;

/// <summary>
/// Runs the samples program (the course documents' worked problems) in-process, as
/// <c>dotnet run --project Samples/SymDiff.Samples</c> does, and requires every check to agree.
/// </summary>
public sealed class SamplesTests
{
    [Fact]
    public void EveryCheckAgreesAndEveryProblemIsPrinted()
    {
        string output = Run(CultureInfo.InvariantCulture, out var report);

        string disagreements = string.Join("\n", output.Split('\n').Where(line => line.Contains("DISAGREES")));
        Assert.True(report.Disagreements == 0, $"{report.Disagreements} of {report.Checks} sample checks disagree:\n{disagreements}");
        Assert.True(report.Checks >= 100, $"only {report.Checks} checks were made");
        Assert.Equal(16, SamplesProgram.Problems.Count);
        foreach (var problem in SamplesProgram.Problems)
        {
            Assert.Contains(problem.Title + "\n" + new string('═', problem.Title.Length) + "\n", output);
        }

        Assert.Contains($"All {report.Checks} checks agree.", output);
    }

    [Fact]
    public void OutputIsDeterministicAndCultureInvariant()
    {
        // A culture with a decimal comma must not change a single character.
        string invariant = Run(CultureInfo.InvariantCulture, out _);
        string german = Run(CultureInfo.GetCultureInfo("de-DE"), out _);
        Assert.Equal(invariant, german);
    }

    private static string Run(CultureInfo culture, out SymDiff.Samples.Report report)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            report = SamplesProgram.Run(writer);
            return writer.ToString();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
