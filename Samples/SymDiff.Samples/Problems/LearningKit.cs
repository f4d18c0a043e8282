using System;
using SymDiff.Learning;

namespace SymDiff.Samples.Problems;

/// <summary>Small helpers the training samples share: datasets as flat row-major arrays, accuracy, full-batch training.</summary>
public static class LearningKit
{
    /// <summary>The four inputs (0,0), (0,1), (1,0), (1,1) of a two-input logic gate, row-major.</summary>
    public static double[] GateInputs { get; } = { 0, 0, 0, 1, 1, 0, 1, 1 };

    /// <summary>One-hot targets: row s has a 1 in column <c>labels[s]</c>.</summary>
    /// <param name="labels">The class of each sample.</param>
    /// <param name="classes">The number of classes.</param>
    /// <returns>labels.Length × classes values.</returns>
    public static double[] OneHot(ReadOnlySpan<int> labels, int classes)
    {
        var targets = new double[labels.Length * classes];
        for (int s = 0; s < labels.Length; s++)
        {
            targets[(s * classes) + labels[s]] = 1;
        }

        return targets;
    }

    /// <summary>
    /// The fraction of samples classified right: for one output, output &gt; 0 (σ &gt; ½) means class 1 and the target
    /// is 0 or 1; for several outputs, the largest output is the class and the target is one-hot.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="parameters">Its parameters.</param>
    /// <param name="inputs">The samples.</param>
    /// <param name="targets">Their targets.</param>
    /// <returns>The accuracy, in [0, 1].</returns>
    public static double Accuracy(Network network, ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
    {
        int m = network.OutputSize;
        int batch = inputs.Length / network.InputSize;
        var outputs = new double[batch * m];
        network.Predict(parameters, inputs, outputs);
        int right = 0;
        for (int s = 0; s < batch; s++)
        {
            var output = outputs.AsSpan(s * m, m);
            var target = targets.Slice(s * m, m);
            bool correct = m == 1
                ? (output[0] > 0) == (target[0] > 0.5)
                : ArgMax(output) == ArgMax(target);
            right += correct ? 1 : 0;
        }

        return (double)right / batch;
    }

    /// <summary>Trains on the whole dataset at every step; returns the loss before each step (and after the last).</summary>
    /// <param name="network">The network.</param>
    /// <param name="parameters">Its parameters, updated.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="inputs">The samples.</param>
    /// <param name="targets">Their targets.</param>
    /// <param name="steps">The number of steps.</param>
    /// <returns>steps + 1 losses.</returns>
    public static double[] Train(Network network, double[] parameters, Loss loss, IOptimizer optimizer, double[] inputs, double[] targets, int steps)
    {
        var history = new double[steps + 1];
        var gradient = new double[network.ParameterCount];
        for (int k = 0; k < steps; k++)
        {
            history[k] = network.Gradient(parameters, loss, inputs, targets, gradient);
            optimizer.Step(parameters, gradient);
        }

        history[steps] = network.Loss(parameters, loss, inputs, targets);
        return history;
    }

    /// <summary>The index of the largest value (the first, on ties).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The index.</returns>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
