using System;
using System.Collections.Generic;
using System.Linq;
using static System.FormattableString;

namespace SymDiff.Samples;

/// <summary>Prints the runs of the runtime's optimizers: the path taken and how the run ended.</summary>
public static class OptimizationTables
{
    /// <summary>
    /// Prints the iterates of <paramref name="result"/> as a table k, x₁ … xₙ, f, ‖∇f‖∞ (the values and gradient
    /// norms the run recorded, <see cref="OptimizationResult.Values"/> and <see cref="OptimizationResult.GradientNorms"/>:
    /// nothing is re-evaluated), then one line with the status, the iterations and the evaluations. Long runs show the
    /// first <paramref name="head"/> and the last <paramref name="tail"/> rows.
    /// </summary>
    public static void Iterates(this Report report, string caption, IDifferentiableFunction f, OptimizationResult result, int head = int.MaxValue, int tail = 0)
    {
        var headers = new List<string> { "k" };
        headers.AddRange(f.ParameterNames);
        headers.Add("f");
        headers.Add("‖∇f‖∞");
        var listing = report.Listing(caption, headers.ToArray());

        int count = result.Iterates.Count;
        for (int k = 0; k < count; k++)
        {
            if (k >= head && k < count - tail)
            {
                if (k == head)
                {
                    listing.Gap();
                }

                continue;
            }

            var cells = new List<string> { k.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            cells.AddRange(result.Iterates[k].Select(Report.Short));
            cells.Add(Report.Short(result.Values[k]));
            cells.Add(Report.Error(result.GradientNorms[k]));
            listing.Row(cells.ToArray());
        }

        listing.Print();
        report.Text("");
        report.Text(Invariant($"{result.Method}: {result.Status} after {result.Iterations} iterations, {result.Evaluations} evaluations") +
            (result.FallbackIterations > 0 ? Invariant($", {result.FallbackIterations} with the fallback") : ""));
    }

    /// <summary>The point with the function's parameter names, e.g. "(x = 1.5, y = 2)", shortest round-trip digits.</summary>
    public static string Point(IDifferentiableFunction f, IReadOnlyList<double> x) =>
        "(" + string.Join(", ", f.ParameterNames.Select((name, i) => name + " = " + Report.Format(x[i]))) + ")";
}
