using System;
using System.Text;
using SymDiff.Samples.Problems;

namespace SymDiff.Samples;

/// <summary>Runs every worked problem; the exit code is 1 if any check disagrees.</summary>
public static class Program
{
    /// <summary>The problems, in the order they are printed.</summary>
    private static readonly IProblem[] Problems =
    {
        new ChainRuleProblem(),
        new NewtonStepProblem(),
    };

    /// <summary>Entry point.</summary>
    public static int Main()
    {
        Console.OutputEncoding = Encoding.UTF8;
        var report = new Report(Console.Out);
        foreach (var problem in Problems)
        {
            report.Heading(problem.Title);
            problem.Run(report);
        }

        report.Summary();
        return report.Disagreements == 0 ? 0 : 1;
    }
}
