using System;
using System.Linq;
using SymDiff.Learning;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// Document 001, Q3: a leaky-ReLU MLP with a softmax cross-entropy loss. Checks the document's gradients
/// (∂L/∂z = ŷ − y and ∂L/∂W⁽¹⁾ = ((W⁽²⁾)ᵀ(ŷ − y) ⊙ g'(z⁽¹⁾))xᵀ) against the generated backpropagation, then trains a
/// 2-32-32-3 leaky-ReLU network with Adam on three interleaved spirals, printing the loss per epoch.
/// </summary>
public sealed class SpiralClassifierProblem : IProblem
{
    private const int Classes = 3;
    private const int PerClass = 100;

    /// <inheritdoc />
    public string Title => "Document 001 Q3 · a leaky-ReLU MLP with softmax cross-entropy, trained on three spirals";

    /// <inheritdoc />
    public void Run(Report report)
    {
        CheckDocumentGradients(report);
        Train(report);
    }

    /// <summary>z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾, a = g(z⁽¹⁾) with the leaky ReLU (slope 0.01), z = W⁽²⁾a + b⁽²⁾, ŷ = softmax(z), L = −log ŷₖ.</summary>
    private static void CheckDocumentGradients(Report report)
    {
        const int d = 3, hidden = 4;
        var network = new Network(Layer.Dense(d, hidden), Layer.LeakyRelu(hidden), Layer.Dense(hidden, Classes));
        var random = new Random(1003);
        var theta = VectorChecks.Uniform(random, network.ParameterCount, -1, 1);
        var x = VectorChecks.Uniform(random, d, -2, 2);
        var y = LearningKit.OneHot(new[] { 1 }, Classes);
        var gradient = new double[network.ParameterCount];
        double loss = network.Gradient(theta, Loss.SoftmaxCrossEntropy, x, y, gradient);

        // The document's formulas, computed here by hand.
        var w1 = theta.AsSpan(network.ParameterRange(0)).ToArray();
        var w2 = theta.AsSpan(network.ParameterRange(2)).ToArray();
        var z1 = Enumerable.Range(0, hidden).Select(i => w1[(hidden * d) + i] + Enumerable.Range(0, d).Sum(j => w1[(i * d) + j] * x[j])).ToArray();
        var a = z1.Select(v => v > 0 ? v : 0.01 * v).ToArray();
        var z = Enumerable.Range(0, Classes).Select(k => w2[(Classes * hidden) + k] + Enumerable.Range(0, hidden).Sum(i => w2[(k * hidden) + i] * a[i])).ToArray();
        var p = VectorChecks.Softmax(z);
        var delta = p.Zip(y, (pk, yk) => pk - yk).ToArray();                                                          // ∂L/∂z = ŷ − y
        var back = Enumerable.Range(0, hidden).Select(i => Enumerable.Range(0, Classes).Sum(k => w2[(k * hidden) + i] * delta[k]) * (z1[i] > 0 ? 1 : 0.01)).ToArray();
        var expectedW1 = Enumerable.Range(0, hidden * d).Select(e => back[e / d] * x[e % d]).ToArray();             // ((W⁽²⁾)ᵀδ ⊙ g'(z⁽¹⁾))xᵀ
        var expectedW2 = Enumerable.Range(0, Classes * hidden).Select(e => delta[e / hidden] * a[e % hidden]).ToArray(); // δ aᵀ

        report.Text(Invariant($"One sample, d = {d}, {hidden} hidden units, K = {Classes} classes, label 2, random weights and x from System.Random(1003);"));
        report.Text(Invariant($"z⁽¹⁾ = ({string.Join(", ", z1.Select(Report.Short))}): the 0.01 slope is used."));
        var table = report.Table("The network's generated gradient vs the document's formulas", "formula");
        table.Check("L = −log ŷ₂", loss, -Math.Log(p[1]), 1e-14);
        table.CheckEntries("∂L/∂W⁽¹⁾", gradient.AsSpan(0, hidden * d), expectedW1, 1e-14, VectorChecks.MatrixEntry(d), "((W⁽²⁾)ᵀ(ŷ − y) ⊙ g'(z⁽¹⁾))xᵀ (Q3 c)");
        table.CheckEntries("∂L/∂W⁽²⁾", gradient.AsSpan(network.ParameterRange(2).Start.Value, Classes * hidden), expectedW2, 1e-14, VectorChecks.MatrixEntry(hidden), "(ŷ − y)aᵀ");
        var lossGradient = new double[Classes];
        LayerFunctions.SoftmaxCrossEntropyGradient(z, y, lossGradient);
        table.CheckEntries("∂L/∂z", lossGradient, delta, 1e-15, VectorChecks.VectorEntry, "ŷ − y (Q3 b)");
        table.Print();
        report.DocumentError(
            "001 Q3 b writes ∂L/∂zᵢ = ∂L/∂ŷᵢ · ∂ŷᵢ/∂zᵢ, one term; L depends on zᵢ through every ŷₘ, so it is Σₘ ∂L/∂ŷₘ · ∂ŷₘ/∂zᵢ",
            "= −(1/ŷₖ)·∂ŷₖ/∂zᵢ (only ŷₖ appears in L). Read literally the single term is 0 for i ≠ k, where the value is ŷᵢ.",
            "The result it states, ŷᵢ − yᵢ, is right (checked above).");
        report.DocumentError(
            "001 Q3 a and b: ŷₖ = e^{zᵢ}/Σⱼe^{zⱼ} should be e^{zₖ}/Σⱼe^{zⱼ}, and \"yᵢ = e^{zᵢ}/Σ\" should be ŷᵢ.");
    }

    /// <summary>Three interleaved spirals, 100 points each, with a little noise: row-major inputs and one-hot targets.</summary>
    private static (double[] Inputs, double[] Targets, int[] Labels) Spirals(int seed)
    {
        var random = new Random(seed);
        var inputs = new double[2 * Classes * PerClass];
        var labels = new int[Classes * PerClass];
        for (int c = 0; c < Classes; c++)
        {
            for (int i = 0; i < PerClass; i++)
            {
                int s = (c * PerClass) + i;
                double r = (double)i / PerClass;
                double angle = (4.0 * c) + (4.0 * r) + (0.2 * ((2 * random.NextDouble()) - 1));
                inputs[2 * s] = r * Math.Sin(angle);
                inputs[(2 * s) + 1] = r * Math.Cos(angle);
                labels[s] = c;
            }
        }

        return (inputs, LearningKit.OneHot(labels, Classes), labels);
    }

    private static void Train(Report report)
    {
        var (inputs, targets, _) = Spirals(seed: 42);
        var network = new Network(Layer.Dense(2, 32), Layer.LeakyRelu(32), Layer.Dense(32, 32), Layer.LeakyRelu(32), Layer.Dense(32, Classes));
        var theta = network.CreateParameters(seed: 1);
        var adam = new AdamOptimizer(network.ParameterCount, learningRate: 0.01);
        var gradient = new double[network.ParameterCount];
        const int batch = 30, epochs = 150;
        int samples = Classes * PerClass;
        var order = Enumerable.Range(0, samples).ToArray();
        var shuffle = new Random(7);
        var batchInputs = new double[batch * 2];
        var batchTargets = new double[batch * Classes];

        report.Text("");
        report.Text(Invariant($"Three interleaved spirals, {PerClass} points each (noise ±0.2 rad, System.Random(42)); a 2-32-32-3 leaky-ReLU network,"));
        report.Text(Invariant($"{network.ParameterCount} parameters, Glorot-uniform from seed 1; Adam α = 0.01, mini-batches of {batch}, reshuffled every epoch (seed 7)."));
        var listing = report.Listing("Mean training loss per epoch (every 10th epoch shown) and accuracy", "epoch", "loss", "accuracy");
        listing.Row("0", Report.Short(network.Loss(theta, Loss.SoftmaxCrossEntropy, inputs, targets)),
            Report.Short(LearningKit.Accuracy(network, theta, inputs, targets)));
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            for (int i = samples - 1; i > 0; i--)
            {
                int j = shuffle.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            double sum = 0;
            for (int start = 0; start < samples; start += batch)
            {
                for (int b = 0; b < batch; b++)
                {
                    int s = order[start + b];
                    inputs.AsSpan(2 * s, 2).CopyTo(batchInputs.AsSpan(2 * b));
                    targets.AsSpan(Classes * s, Classes).CopyTo(batchTargets.AsSpan(Classes * b));
                }

                sum += network.Gradient(theta, Loss.SoftmaxCrossEntropy, batchInputs, batchTargets, gradient);
                adam.Step(theta, gradient);
            }

            if (epoch % 10 == 0)
            {
                listing.Row(Invariant($"{epoch}"), Report.Short(sum / (samples / batch)), Report.Short(LearningKit.Accuracy(network, theta, inputs, targets)));
            }
        }

        listing.Print();
        var table = report.Table("After training");
        double accuracy = LearningKit.Accuracy(network, theta, inputs, targets);
        table.Verify("training accuracy ≥ 0.97", accuracy >= 0.97, Report.Short(accuracy), "≥ 0.97", "a linear classifier reaches about 0.5 on spirals");
        var (test, testTargets, _) = Spirals(seed: 43);
        double testAccuracy = LearningKit.Accuracy(network, theta, test, testTargets);
        table.Verify("accuracy on fresh spirals ≥ 0.9", testAccuracy >= 0.9, Report.Short(testAccuracy), "≥ 0.9", "new noise, System.Random(43)");
        table.Print();
    }
}
