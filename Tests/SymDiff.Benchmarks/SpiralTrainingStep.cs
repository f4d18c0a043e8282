using System;
using System.Globalization;
using System.IO;
using SymDiff.Learning;

namespace SymDiff.Benchmarks;

/// <summary>
/// The spiral classifier of document 001, Q3 at benchmark size: a 2-64-64-3 leaky-ReLU MLP with softmax
/// cross-entropy, a batch of 128. <see cref="Create"/> builds it with the runtime's layers (backward passes generated);
/// <see cref="HandWrittenGradient"/> is backpropagation written by hand for the same parameter layout (each dense
/// layer's W row-major, then b), the baseline.
/// </summary>
public sealed class SpiralTrainingStep
{
    /// <summary>The layer sizes.</summary>
    public const int Inputs = 2, Hidden = 64, Classes = 3, Batch = 128;

    private SpiralTrainingStep(Network network, double[] parameters, double[] inputs, double[] targets)
        => (Network, Parameters, InputBatch, Targets) = (network, parameters, inputs, targets);

    /// <summary>The network of runtime layers.</summary>
    public Network Network { get; }

    /// <summary>Its parameters.</summary>
    public double[] Parameters { get; }

    /// <summary>The batch's inputs, row-major.</summary>
    public double[] InputBatch { get; }

    /// <summary>The batch's one-hot targets, row-major.</summary>
    public double[] Targets { get; }

    /// <summary>The network, random parameters and a random batch (fixed seeds).</summary>
    public static SpiralTrainingStep Create()
    {
        var network = new Network(Layer.Dense(Inputs, Hidden), Layer.LeakyRelu(Hidden), Layer.Dense(Hidden, Hidden), Layer.LeakyRelu(Hidden),
            Layer.Dense(Hidden, Classes));
        var random = new Random(128);
        var inputs = new double[Batch * Inputs];
        var targets = new double[Batch * Classes];
        for (int s = 0; s < Batch; s++)
        {
            inputs[2 * s] = (2 * random.NextDouble()) - 1;
            inputs[(2 * s) + 1] = (2 * random.NextDouble()) - 1;
            targets[(s * Classes) + random.Next(Classes)] = 1;
        }

        var parameters = network.CreateParameters(seed: 64);
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] += 0.01 * ((2 * random.NextDouble()) - 1); // non-zero biases
        }

        return new SpiralTrainingStep(network, parameters, inputs, targets);
    }

    /// <summary>Hand-written backpropagation: the forward pass keeping activations, then the backward pass.</summary>
    public sealed class HandWritten
    {
        private readonly double[] _z1 = new double[Batch * Hidden], _a1 = new double[Batch * Hidden];
        private readonly double[] _z2 = new double[Batch * Hidden], _a2 = new double[Batch * Hidden];
        private readonly double[] _logits = new double[Batch * Classes];
        private readonly double[] _delta3 = new double[Batch * Classes];
        private readonly double[] _delta2 = new double[Batch * Hidden], _delta1 = new double[Batch * Hidden];

        /// <summary>The mean loss over the batch and its gradient.</summary>
        public double Gradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> targets, Span<double> gradient)
        {
            const int p1 = (Hidden * Inputs) + Hidden, p2 = (Hidden * Hidden) + Hidden;
            var w1 = theta.Slice(0, Hidden * Inputs);
            var b1 = theta.Slice(Hidden * Inputs, Hidden);
            var w2 = theta.Slice(p1, Hidden * Hidden);
            var b2 = theta.Slice(p1 + (Hidden * Hidden), Hidden);
            var w3 = theta.Slice(p1 + p2, Classes * Hidden);
            var b3 = theta.Slice(p1 + p2 + (Classes * Hidden), Classes);
            Dense(w1, b1, x, _z1, Inputs, Hidden);
            Leaky(_z1, _a1);
            Dense(w2, b2, _a1, _z2, Hidden, Hidden);
            Leaky(_z2, _a2);
            Dense(w3, b3, _a2, _logits, Hidden, Classes);

            double loss = 0;
            for (int s = 0; s < Batch; s++)
            {
                var z = _logits.AsSpan(s * Classes, Classes);
                double m = Math.Max(z[0], Math.Max(z[1], z[2]));
                double sum = 0;
                for (int k = 0; k < Classes; k++)
                {
                    sum += _delta3[(s * Classes) + k] = Math.Exp(z[k] - m);
                }

                double logSum = m + Math.Log(sum);
                for (int k = 0; k < Classes; k++)
                {
                    double t = targets[(s * Classes) + k];
                    loss += t * (logSum - z[k]);
                    _delta3[(s * Classes) + k] = ((_delta3[(s * Classes) + k] / sum) - t) / Batch;
                }
            }

            gradient.Clear();
            DenseBackward(w3, _a2, _delta3, gradient.Slice(p1 + p2), _delta2, Hidden, Classes);
            LeakyBackward(_z2, _delta2);
            DenseBackward(w2, _a1, _delta2, gradient.Slice(p1, p2), _delta1, Hidden, Hidden);
            LeakyBackward(_z1, _delta1);
            DenseBackward(w1, x, _delta1, gradient.Slice(0, p1), Span<double>.Empty, Inputs, Hidden);
            return loss / Batch;
        }

        private static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> z, int n, int m)
        {
            for (int s = 0; s < Batch; s++)
            {
                var xs = x.Slice(s * n, n);
                for (int i = 0; i < m; i++)
                {
                    double a = b[i];
                    var row = w.Slice(i * n, n);
                    for (int j = 0; j < n; j++)
                    {
                        a += row[j] * xs[j];
                    }

                    z[(s * m) + i] = a;
                }
            }
        }

        // dW += δ xᵀ, db += δ, δx = Wᵀδ (when wanted).
        private static void DenseBackward(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> delta, Span<double> g, Span<double> deltaX, int n, int m)
        {
            var gw = g.Slice(0, m * n);
            var gb = g.Slice(m * n, m);
            deltaX.Clear();
            for (int s = 0; s < Batch; s++)
            {
                var xs = x.Slice(s * n, n);
                for (int i = 0; i < m; i++)
                {
                    double d = delta[(s * m) + i];
                    gb[i] += d;
                    var row = gw.Slice(i * n, n);
                    for (int j = 0; j < n; j++)
                    {
                        row[j] += d * xs[j];
                    }

                    if (!deltaX.IsEmpty)
                    {
                        var back = deltaX.Slice(s * n, n);
                        var weights = w.Slice(i * n, n);
                        for (int j = 0; j < n; j++)
                        {
                            back[j] += weights[j] * d;
                        }
                    }
                }
            }
        }

        private static void Leaky(ReadOnlySpan<double> z, Span<double> a)
        {
            for (int i = 0; i < z.Length; i++)
            {
                a[i] = z[i] > 0 ? z[i] : LayerFunctions.LeakySlope * z[i];
            }
        }

        private static void LeakyBackward(ReadOnlySpan<double> z, Span<double> delta)
        {
            for (int i = 0; i < z.Length; i++)
            {
                delta[i] *= z[i] > 0 ? 1 : LayerFunctions.LeakySlope;
            }
        }
    }

    /// <summary>Checks the hand-written gradient against the network's (generated) one to 1e-12.</summary>
    public static bool Verify(TextWriter output)
    {
        var step = Create();
        var generated = new double[step.Network.ParameterCount];
        var hand = new double[generated.Length];
        double lossGenerated = step.Network.Gradient(step.Parameters, Loss.SoftmaxCrossEntropy, step.InputBatch, step.Targets, generated);
        double lossHand = new HandWritten().Gradient(step.Parameters, step.InputBatch, step.Targets, hand);
        double worst = Math.Abs(lossGenerated - lossHand);
        for (int i = 0; i < hand.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(generated[i] - hand[i]));
        }

        bool ok = worst <= 1e-12;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"spiral MLP 2-64-64-3, batch 128: hand-written vs network backpropagation {worst:0.0E+0}  {(ok ? "✓" : "✗ DISAGREES")}"));
        return ok;
    }
}
