using System;
using SymDiff.Learning;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// Document 003, Q1: a one-hidden-layer ReLU network that computes (min(x₁, x₂), max(x₁, x₂)) exactly, with the
/// document's weights, built from runtime layers; its generated backpropagation at the exact weights (a zero of the
/// loss, so the gradient must vanish); the document's wrong per-unit weights; and the same network trained from
/// random weights.
/// </summary>
public sealed class MinMaxReluProblem : IProblem
{
    /// <summary>Hidden units ReLU(−x₁), ReLU(x₁), ReLU(x₁ − x₂), ReLU(x₂), ReLU(−x₂): W₁ (5 × 2), b₁ = 0, then W₂ (2 × 5), b₂ = 0.</summary>
    private static readonly double[] Exact =
    {
        -1, 0, 1, 0, 1, -1, 0, 1, 0, -1, // W₁, row per hidden unit: the document's "wt. vector of x₁ → [−1, +1, +1, 0, 0], x₂ → [0, 0, −1, +1, −1]"
        0, 0, 0, 0, 0,                   // b₁
        -1, 1, -1, 0, 0, 0, 0, 1, 1, -1, // W₂: y₁ = −ReLU(x₁ − x₂) + ReLU(x₁) − ReLU(−x₁), y₂ = ReLU(x₁ − x₂) + ReLU(x₂) − ReLU(−x₂)
        0, 0,                            // b₂
    };

    private static readonly double[] Points = { 3, 1, 1, 3, -2, 5, 0.5, -0.25, -1.5, -4, 2, 2, 0, -7 };

    /// <inheritdoc />
    public string Title => "Document 003 Q1 · min and max with a 2-5-2 ReLU network: exact weights, backpropagation, training";

    /// <inheritdoc />
    public void Run(Report report)
    {
        var network = new Network(Layer.Dense(2, 5), Layer.Relu(5), Layer.Dense(5, 2));
        report.Text("min(x₁, x₂) = −ReLU(x₁ − x₂) + ReLU(x₁) − ReLU(−x₁) and max(x₁, x₂) = ReLU(x₁ − x₂) + ReLU(x₂) − ReLU(−x₂):");
        report.Text("hidden units [ReLU(−x₁), ReLU(x₁), ReLU(x₁ − x₂), ReLU(x₂), ReLU(−x₂)], all biases 0 (the document's weights).");

        int count = Points.Length / 2;
        var outputs = new double[Points.Length];
        var targets = Targets(Points);
        network.Predict(Exact, Points, outputs);
        var table = report.Table("The network with the document's weights, exactly (tolerance 0)", "min / max");
        for (int s = 0; s < count; s++)
        {
            table.Check(Invariant($"min{Pair(s)}"), outputs[2 * s], targets[2 * s], 0);
            table.Check(Invariant($"max{Pair(s)}"), outputs[(2 * s) + 1], targets[(2 * s) + 1], 0);
        }

        var gradient = new double[network.ParameterCount];
        double loss = network.Gradient(Exact, Loss.SquaredError, Points, targets, gradient);
        table.Check("squared-error loss at the exact weights", loss, 0, 0);
        table.Check("largest |∂loss/∂θ| (generated backpropagation)", VectorChecks.MaxAbs(gradient), 0, 0, "a zero of the loss is a stationary point");
        table.Print();

        // The per-unit line of the document: ReLU(x₁ − x₂) → [−1, 1].
        var wrong = (double[])Exact.Clone();
        wrong[4] = -1;
        wrong[5] = 1;
        network.Predict(wrong, Points, outputs);
        report.Text("");
        report.Text(Invariant($"With the per-unit weights ReLU(x₁ − x₂) → [−1, 1]: (3, 1) ↦ ({Report.Short(outputs[0])}, {Report.Short(outputs[1])}), (1, 3) ↦ ({Report.Short(outputs[2])}, {Report.Short(outputs[3])})."));
        report.DocumentError(
            "003 Q1 lists the weights of the unit ReLU(x₁ − x₂) as [−1, 1]: those compute ReLU(x₂ − x₁) and contradict its own weight",
            "vectors (+1 from x₁, −1 from x₂). The network above then maps (3, 1) to (3, 1) instead of (1, 3). The weights are [+1, −1].");

        Train(report, network, targets);
    }

    private static string Pair(int s) => Invariant($"({Report.Short(Points[2 * s])}, {Report.Short(Points[(2 * s) + 1])})");

    private static double[] Targets(ReadOnlySpan<double> points)
    {
        var targets = new double[points.Length];
        for (int s = 0; s < points.Length / 2; s++)
        {
            targets[2 * s] = Math.Min(points[2 * s], points[(2 * s) + 1]);
            targets[(2 * s) + 1] = Math.Max(points[2 * s], points[(2 * s) + 1]);
        }

        return targets;
    }

    /// <summary>The same 2-5-2 network trained with Adam on random points: the exact weights are one of its minima.</summary>
    private static void Train(Report report, Network network, double[] exactTargets)
    {
        var random = new Random(31);
        var inputs = new double[2 * 256];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (10 * random.NextDouble()) - 5;
        }

        var targets = Targets(inputs);
        var theta = network.CreateParameters(seed: 7);
        var adam = new AdamOptimizer(network.ParameterCount, learningRate: 0.01);
        var history = LearningKit.Train(network, theta, Loss.SquaredError, adam, inputs, targets, 3000);
        var listing = report.Listing("Trained from random weights (seed 7) on 256 random points in [−5, 5]², Adam α = 0.01, full batch", "step", "mean ½‖y − t‖²");
        foreach (int k in new[] { 0, 100, 300, 1000, 2000, 3000 })
        {
            listing.Row(Invariant($"{k}"), Report.Short(history[k]));
        }

        listing.Print();
        var outputs = new double[Points.Length];
        network.Predict(theta, Points, outputs);
        double worst = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(outputs[i] - exactTargets[i]));
        }

        var table = report.Table("The trained network on the points above");
        table.Check("largest |output − (min, max)|", worst, 0, 1e-3, "training approaches an exact network");
        table.Print();
    }
}
