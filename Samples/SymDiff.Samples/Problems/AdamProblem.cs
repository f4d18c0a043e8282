using System;
using System.Linq;
using SymDiff.Learning;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// Document 002, 2.2.2: Adam's first moment. Checks Eq. (20) and the closed form m_t = (1 − β₁)Σ_{i=1}^{t} β₁^{t−i} gᵢ
/// against the recursion, the weights of the document's Eq. (21) (lower limit i = 0), the bias correction of the
/// runtime's <see cref="AdamOptimizer"/> with a constant gradient, and E[m_t]/(1 − β₁ᵗ) = E[g] by a seeded Monte Carlo.
/// </summary>
public sealed class AdamProblem : IProblem
{
    /// <summary>The seed of the gradients in (a) and of the Monte Carlo in (c).</summary>
    private const int Seed = 2022;

    // Kingma and Ba's defaults: the document gives no hyper-parameters.
    private const double Alpha = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    /// <summary>The number of Monte-Carlo runs in (c).</summary>
    private const int Runs = 20000;

    /// <inheritdoc />
    public string Title => "Document 002 §2.2.2 · Adam: m_t = (1 − β₁)Σᵢ₌₁ᵗ β₁^(t−i) gᵢ and the bias correction";

    /// <inheritdoc />
    public void Run(Report report)
    {
        report.Text("The document only describes steps (i)–(vi). Kingma and Ba's Adam, which the runtime's AdamOptimizer implements:");
        report.Text("m_t = β₁m_{t−1} + (1 − β₁)g_t, v_t = β₂v_{t−1} + (1 − β₂)g_t², m̂_t = m_t/(1 − β₁ᵗ), v̂_t = v_t/(1 − β₂ᵗ),");
        report.Text("θ_t = θ_{t−1} − α m̂_t/(√v̂_t + ε), m₀ = v₀ = 0, t = 1, 2, …");
        report.Text(Invariant($"with the paper's defaults α = {Alpha}, β₁ = {Beta1}, β₂ = {Beta2}, ε = {Epsilon}."));

        Moments(report);
        BiasCorrection(report);
        MonteCarlo(report);

        report.DocumentError(
            "002 2.2.2 Eq. (21) L.120: m_t = (1 − β₁)Σ_{i=0}^{t} β₁^{t−i} gᵢ starts at i = 0, but there is no g₀ (m₀ = 0): the sum starts at",
            Invariant($"i = 1. With i = 0 the weights sum to 1 − β₁^(t+1) ({Report.Short(1 - Math.Pow(Beta1, 11))} at t = 10), contradicting the document's own"),
            Invariant($"E[m_t] = E[g](1 − β₁ᵗ) ({Report.Short(1 - Math.Pow(Beta1, 10))}). That expectation also needs E[gᵢ] = E[g] for every i (stationary"),
            "gradients), which the document does not state; Eq. (20) and Eq. (22) are right.");
        report.DocumentError(
            "002 2.2.2: no update equations and no hyper-parameters are written (only the steps (i)–(vi) of an assignment that is",
            "not reproduced), nor momentum or SGD; \"the higher derivative\" in (iii) is an average of squared gradients, not a derivative.",
            "The sample uses Kingma and Ba's equations and defaults above; the document is no source for them.");
    }

    /// <summary>(a) The recursion against Eq. (20) and the closed form; the weights of Eq. (21) as printed.</summary>
    private static void Moments(Report report)
    {
        const int steps = 10;
        double[] g = VectorChecks.Uniform(new Random(Seed), steps, -1, 2);
        var recursion = new double[steps];
        var closed = new double[steps];
        double m = 0;
        for (int t = 1; t <= steps; t++)
        {
            m = (Beta1 * m) + ((1 - Beta1) * g[t - 1]);
            recursion[t - 1] = m;
            closed[t - 1] = (1 - Beta1) * Enumerable.Range(1, t).Sum(i => Math.Pow(Beta1, t - i) * g[i - 1]);
        }

        double Weights(int from, int t) => (1 - Beta1) * Enumerable.Range(from, t - from + 1).Sum(i => Math.Pow(Beta1, t - i));
        double constant = 0;
        for (int t = 1; t <= steps; t++)
        {
            constant = (Beta1 * constant) + (1 - Beta1);
        }

        report.Text("");
        report.Text(Invariant($"(a) gradients g₁ … g₁₀ uniform in [−1, 2] (two decimals) from System.Random({Seed}): {VectorChecks.Vector(g)}"));
        report.Table("(a) m_t by the recursion vs Eq. (20) and the closed form with the sum from i = 1", "formula")
            .Check("m₁", recursion[0], (1 - Beta1) * g[0], 1e-15, "Eq. (20): (1 − β₁)g₁")
            .Check("m₂", recursion[1], (Beta1 * (1 - Beta1) * g[0]) + ((1 - Beta1) * g[1]), 1e-15, "Eq. (20)")
            .Check("m₃", recursion[2], (Beta1 * Beta1 * (1 - Beta1) * g[0]) + (Beta1 * (1 - Beta1) * g[1]) + ((1 - Beta1) * g[2]), 1e-15, "Eq. (20)")
            .CheckEntries("m_t, t = 1 … 10", recursion, closed, 1e-15, t => Invariant($" at t = {t + 1}"), "(1 − β₁)Σᵢ₌₁ᵗ β₁^(t−i) gᵢ")
            .Check("m₁₀ / g for g ≡ 1", constant, 1 - Math.Pow(Beta1, steps), 1e-15, "1 − β₁ᵗ: so E[m_t] = E[g](1 − β₁ᵗ)")
            .Check("weights, i = 1 … 10", Weights(1, steps), 1 - Math.Pow(Beta1, steps), 1e-15, "1 − β₁ᵗ = 0.651322")
            .Check("weights, i = 0 … 10 (Eq. (21))", Weights(0, steps), 1 - Math.Pow(Beta1, steps + 1), 1e-15, "1 − β₁^(t+1) = 0.686189 ≠ 1 − β₁ᵗ")
            .CheckDocument("1 − β₁¹⁰ (brief)", Weights(1, steps), "0.651322")
            .CheckDocument("1 − β₁¹¹ (brief)", Weights(0, steps), "0.686189")
            .Print();
    }

    /// <summary>(b) With a constant gradient, AdamOptimizer moves each parameter by −α·g/(|g| + ε) per step.</summary>
    private static void BiasCorrection(Report report)
    {
        double[] g = { 0.5, -2, 1e-3 };
        double[] start = { 1, 1, 1 };
        var theta = (double[])start.Clone();
        var adam = new AdamOptimizer(g.Length, Alpha, Beta1, Beta2, Epsilon);
        report.Text("");
        report.Text(Invariant($"(b) AdamOptimizer on θ₀ = {VectorChecks.Vector(start)} with the constant gradient g = {VectorChecks.Vector(g)}: then m_t = g(1 − β₁ᵗ) and"));
        report.Text("v_t = g²(1 − β₂ᵗ), so m̂_t = g and v̂_t = g², and every step is exactly −α·g/(|g| + ε) ≈ −α·sign(g), from the first on.");
        var table = report.Table("(b) AdamOptimizer.Step vs θ₀ − tα·g/(|g| + ε)", "formula");
        for (int t = 1; t <= 3; t++)
        {
            adam.Step(theta, g);
            int steps = t;
            table.CheckEntries(Invariant($"θ after step {t}"), theta, start.Select((s, i) => s - (steps * Alpha * g[i] / (Math.Abs(g[i]) + Epsilon))).ToArray(), 1e-15,
                VectorChecks.VectorEntry, t == 1 ? "ε matters for g₃ = 0.001: the step is α·(1 − 1E-5)" : "");
        }

        // Without the corrections: m₁ = (1 − β₁)g, v₁ = (1 − β₂)g².
        double m = 0, v = 0, uncorrected = 0;
        double[] uncorrectedSteps = new double[3];
        for (int t = 0; t < 3; t++)
        {
            m = (Beta1 * m) + ((1 - Beta1) * g[0]);
            v = (Beta2 * v) + ((1 - Beta2) * g[0] * g[0]);
            uncorrectedSteps[t] = Alpha * m / (Math.Sqrt(v) + Epsilon);
            uncorrected += uncorrectedSteps[t];
        }

        double corrected = Alpha * g[0] / (g[0] + Epsilon);
        table.Check("uncorrected first step / corrected (g₁ = 0.5)", uncorrectedSteps[0] / corrected,
                (1 - Beta1) * (g[0] + Epsilon) / ((Math.Sqrt(1 - Beta2) * g[0]) + Epsilon), 1e-12, "(1 − β₁)(|g| + ε)/(√(1 − β₂)|g| + ε) ≈ 3.16")
            .Print();

        var listing = report.Listing("Steps for g = 0.5 without the corrections (m_t/(√v_t + ε)) and with them; ratio (1 − β₁ᵗ)/√(1 − β₂ᵗ)",
            "t", "uncorrected step", "corrected step", "ratio");
        for (int t = 1; t <= 3; t++)
        {
            listing.Row(Invariant($"{t}"), Report.Short(uncorrectedSteps[t - 1]), Report.Short(corrected), Report.Short(uncorrectedSteps[t - 1] / corrected));
        }

        listing.Gap();
        foreach (int t in new[] { 10, 100, 1000, 10000 })
        {
            double ratio = (1 - Math.Pow(Beta1, t)) / Math.Sqrt(1 - Math.Pow(Beta2, t));
            listing.Row(Invariant($"{t}"), Report.Short(ratio * corrected), Report.Short(corrected), Report.Short(ratio));
        }

        listing.Print();
        report.Text(Invariant($"Uncorrected, the first step is {Report.Short(uncorrectedSteps[0] / corrected)} times larger, not smaller: m's bias alone would shrink it"));
        int peak = Enumerable.Range(1, 1000).MaxBy(k => (1 - Math.Pow(Beta1, k)) / Math.Sqrt(1 - Math.Pow(Beta2, k)));
        double peakRatio = (1 - Math.Pow(Beta1, peak)) / Math.Sqrt(1 - Math.Pow(Beta2, peak));
        report.Text("10-fold (1 − β₁ = 0.1), but v's shrinks the denominator √v 31.6-fold (√(1 − β₂)). The ratio peaks at");
        report.Text(Invariant($"{Report.Short(peakRatio)} at t = {peak} and tends to 1 only after thousands of steps (three uncorrected steps moved θ₁ by"));
        report.Text(Invariant($"{Report.Short(uncorrected)}, not {Report.Short(3 * corrected)})."));
    }

    /// <summary>(c) E[m_t]/(1 − β₁ᵗ) = E[g] and E[v_t]/(1 − β₂ᵗ) = E[g²] for stationary g, by a seeded Monte Carlo.</summary>
    private static void MonteCarlo(Report report)
    {
        const int t = 5;
        const double mean = 0.5;
        double halfWidth = Math.Sqrt(3); // g = 0.5 + √3·(2U − 1): E[g] = 0.5, Var g = 1, E[g²] = 1.25, Var g² = 1.8.
        var random = new Random(Seed);
        double sumM = 0, sumV = 0;
        for (int run = 0; run < Runs; run++)
        {
            double m = 0, v = 0;
            for (int step = 0; step < t; step++)
            {
                double g = mean + (halfWidth * ((2 * random.NextDouble()) - 1));
                m = (Beta1 * m) + ((1 - Beta1) * g);
                v = (Beta2 * v) + ((1 - Beta2) * g * g);
            }

            sumM += m;
            sumV += v;
        }

        double c1 = 1 - Math.Pow(Beta1, t), c2 = 1 - Math.Pow(Beta2, t);
        double Weights(double beta) => Enumerable.Range(0, t).Sum(k => Math.Pow(beta, 2 * k));
        double seM = (1 - Beta1) * Math.Sqrt(Weights(Beta1) / Runs) / c1; // standard error of the mean of m̂_t
        double seV = (1 - Beta2) * Math.Sqrt(1.8 * Weights(Beta2) / Runs) / c2;
        double averageM = sumM / Runs, averageV = sumV / Runs;

        report.Text("");
        report.Text(Invariant($"(c) {Runs} runs of t = {t} steps with i.i.d. g = 0.5 + √3(2U − 1), U uniform from System.Random({Seed}): E[g] = 0.5,"));
        report.Text(Invariant($"E[g²] = 1.25. Uncorrected, the average m₅ is {Report.Short(averageM)} and v₅ {Report.Short(averageV)}; tolerances are 4 standard errors."));
        report.Table(Invariant($"(c) Monte Carlo ({Runs} runs, t = {t}) vs Eq. (21)–(22) with the sum from i = 1; tol = 4 standard errors ({Report.Short(4 * seM)} for m̂₅, {Report.Short(4 * seV)} for v̂₅)"), "expected")
            .Check("mean of m₅", averageM, mean * c1, 4 * seM * c1, "E[g](1 − β₁ᵗ)")
            .Check("mean of m̂₅ = m₅/(1 − β₁⁵)", averageM / c1, mean, 4 * seM, "E[g]: Eq. (22)")
            .Check("mean of v₅", averageV, 1.25 * c2, 4 * seV * c2, "E[g²](1 − β₂ᵗ)")
            .Check("mean of v̂₅ = v₅/(1 − β₂⁵)", averageV / c2, 1.25, 4 * seV, "E[g²] (the raw second moment, not the variance)")
            .Print();
    }
}
