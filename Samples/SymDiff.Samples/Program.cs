using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using SymDiff.Samples.Problems;

namespace SymDiff.Samples;

/// <summary>Runs every worked problem; the exit code is 1 if any check disagrees.</summary>
public static class Program
{
    /// <summary>The problems, in the order they are printed.</summary>
    public static IReadOnlyList<IProblem> Problems { get; } = new IProblem[]
    {
        new ChainRuleProblem(),
        new NewtonStepProblem(),
        new CriticalPointsProblem(),
        new GradientDescentProblem(),
        new GaussianEstimationProblem(),
        new SigmoidNeuronProblem(),
        new LogTargetRegressionProblem(),
        new SoftmaxHessianProblem(),
        new MatrixCalculusProblem(),
        new SoftmaxRegressionProblem(),
        new LogicGatesProblem(),
        new MinMaxReluProblem(),
        new ResidualBlockProblem(),
        new BatchNormalizationProblem(),
        new SpiralClassifierProblem(),
        new AdamProblem(),
    };

    /// <summary>Entry point.</summary>
    public static int Main()
    {
        Console.OutputEncoding = Encoding.UTF8;
        return Run(Console.Out).Disagreements == 0 ? 0 : 1;
    }

    /// <summary>
    /// Runs every problem, writing the output to <paramref name="output"/>, and returns the report with the number of
    /// checks and disagreements (tests run the samples in-process this way). The output is culture-invariant and
    /// deterministic.
    /// </summary>
    public static Report Run(TextWriter output)
    {
        var report = new Report(output);
        foreach (var problem in Problems)
        {
            report.Heading(problem.Title);
            problem.Run(report);
        }

        report.Summary();
        return report;
    }
}
