using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SymDiff.Samples;
using SymDiff.Samples.Problems;
using Xunit;

namespace SymDiff.Tests.Samples;

/// <summary>
/// <see cref="OptimizationTables.Iterates"/> prints the values and gradient norms the run recorded
/// (<see cref="OptimizationResult.Values"/>, <see cref="OptimizationResult.GradientNorms"/>) without evaluating f again.
/// </summary>
public sealed class OptimizationTablesTests
{
    [Fact]
    public void Iterates_PrintsTheRecordedGradientNorms_WithoutEvaluatingTheFunction()
    {
        var f = new CountingFunction(CriticalPointFunctions.FFunction);
        var result = Newton.Minimize(f, new[] { 1.0, 1.0 });
        Assert.True(result.Converged, result.Message);
        Assert.Equal(result.Evaluations, f.Evaluations);

        f.Evaluations = 0;
        string output = Print(report => report.Iterates("run", f, result));
        Assert.Equal(0, f.Evaluations);

        string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.StartsWith("    ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(1 + result.Iterates.Count, rows.Length); // the header, then one row per iterate
        for (int k = 0; k < result.Iterates.Count; k++)
        {
            string[] cells = rows[1 + k].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(k.ToString(CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(Report.Short(result.Values[k]), cells[^2]);
            Assert.Equal(Report.Error(result.GradientNorms[k]), cells[^1]);
        }
    }

    [Fact]
    public void Iterates_ShowsTheSameNumbersAsReEvaluatingTheGradient()
    {
        // The table used to evaluate f.Gradient at every iterate; the recorded norms print identically.
        var f = CriticalPointFunctions.FFunction;
        foreach (var result in new[]
        {
            Newton.Minimize(f, new[] { 1.0, 1.0 }),
            GradientDescent.Minimize(f, new[] { 1.0, 1.0 }),
            Newton.FindCriticalPoint(f, new[] { -1.0, 0.0 }),
        })
        {
            var gradient = new double[2];
            for (int k = 0; k < result.Iterates.Count; k++)
            {
                double value = f.Gradient(result.Iterates[k], gradient);
                Assert.Equal(Report.Short(value), Report.Short(result.Values[k]));
                Assert.Equal(Report.Error(gradient.Max(Math.Abs)), Report.Error(result.GradientNorms[k]));
            }
        }
    }

    private static string Print(Action<Report> write)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        write(new Report(writer));
        return writer.ToString();
    }

    /// <summary>Counts the evaluations of a function.</summary>
    private sealed class CountingFunction(IDifferentiableFunction inner) : IDifferentiableFunction
    {
        public int Evaluations { get; set; }

        public int Dimension => inner.Dimension;

        public IReadOnlyList<string> ParameterNames => inner.ParameterNames;

        public double Value(ReadOnlySpan<double> x)
        {
            Evaluations++;
            return inner.Value(x);
        }

        public double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
        {
            Evaluations++;
            return inner.Gradient(x, gradient);
        }

        public double Hessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
        {
            Evaluations++;
            return inner.Hessian(x, gradient, hessian);
        }
    }
}
