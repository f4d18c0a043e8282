using System;
using System.Linq;
using SymDiff.Learning;
using SymDiff.Tests.Numeric;
using Xunit;

namespace SymDiff.Tests.Runtime.Learning;

/// <summary>
/// Every built-in layer's generated backward pass (vector-Jacobian product) and tangent (Jacobian-vector product)
/// against Ridders-extrapolated central differences of its forward pass, at random points away from kinks.
/// </summary>
public class LayerTests
{
    /// <summary>A layer function over (parameters, input) → output, with its generated VJP and JVP.</summary>
    private delegate void Forward(double[] parameters, double[] input, double[] output);

    private delegate void Backward(double[] parameters, double[] input, double[] output, double[] cotangent, double[] gradient);

    private delegate void Tangent(double[] parameters, double[] input, double[] output, double[] vector, double[] product);

    /// <summary>The generated <c>FBackward</c>: the same product, given the output instead of computing it.</summary>
    private delegate void KnownOutputBackward(double[] parameters, double[] input, double[] output, double[] cotangent, double[] gradient);

    private static double[] Random(Random random, int n, double scale = 1) => Enumerable.Range(0, n).Select(_ => ((2 * random.NextDouble()) - 1) * scale).ToArray();

    /// <summary>Checks uᵀJ and J·v of a layer at a random point against finite differences of u·F.</summary>
    private static void Check(string name, int parameterCount, int inputSize, int outputSize, Forward forward, Backward backward, Tangent tangent,
        KnownOutputBackward knownOutput, int seed)
    {
        var random = new Random(seed);
        var parameters = Random(random, parameterCount);
        var input = Random(random, inputSize, 2);
        var u = Random(random, outputSize);
        var v = Random(random, parameterCount + inputSize);

        double Weighted(double[] point)
        {
            var y = new double[outputSize];
            forward(point[..parameterCount], point[parameterCount..], y);
            return y.Select((value, i) => value * u[i]).Sum();
        }

        var point = parameters.Concat(input).ToArray();
        var expected = NumericKit.Gradient(Weighted, point, 1e-2);
        var gradient = new double[parameterCount + inputSize];
        var output = new double[outputSize];
        backward(parameters, input, output, u, gradient);
        NumericKit.AssertAllClose(expected, gradient, 1e-8, name + " backward", scale: Math.Max(1, expected.Max(Math.Abs)));

        // The backward pass writes the output too (to rounding: its forward sweep may order sums differently).
        var reference = new double[outputSize];
        forward(parameters, input, reference);
        NumericKit.AssertAllClose(reference, output, 1e-14, name + " output", scale: Math.Max(1, reference.Max(Math.Abs)));

        // Backward, after the forward pass: the same gradient, and the output left as it was.
        var given = (double[])reference.Clone();
        var fromOutput = new double[parameterCount + inputSize];
        knownOutput(parameters, input, given, u, fromOutput);
        NumericKit.AssertAllClose(gradient, fromOutput, 1e-14, name + " Backward", scale: Math.Max(1, gradient.Max(Math.Abs)));
        Assert.Equal(reference, given);

        // J·v: u·(J·v) = (uᵀJ)·v for the same u, and each output's directional derivative by differences.
        var product = new double[outputSize];
        tangent(parameters, input, new double[outputSize], v, product);
        for (int k = 0; k < outputSize; k++)
        {
            int row = k;
            double Along(double t)
            {
                var y = new double[outputSize];
                var moved = point.Select((p, i) => p + (t * v[i])).ToArray();
                forward(moved[..parameterCount], moved[parameterCount..], y);
                return y[row];
            }

            NumericKit.AssertClose(NumericKit.Derivative(Along, 0, 1e-2), product[k], 1e-8, $"{name} tangent, output {k}", scale: Math.Max(1, Math.Abs(product[k])));
        }
    }

    [Theory]
    [InlineData(1, 3, 2, 1)]
    [InlineData(4, 2, 3, 2)]
    [InlineData(5, 1, 1, 3)]
    public void Dense(int batch, int n, int m, int seed)
        => Check("dense", (m * n) + m, batch * n, batch * m,
            (p, x, y) => LayerFunctions.Dense(p, x, y, batch, n, m),
            (p, x, y, u, g) => LayerFunctions.DenseVectorJacobianProduct(p, x, y, batch, n, m, u, g),
            (p, x, y, v, jv) => LayerFunctions.DenseJacobianVectorProduct(p, x, y, batch, n, m, v, jv),
            (p, x, y, u, g) => LayerFunctions.DenseBackward(p, x, y, batch, n, m, u, g), seed);

    [Theory]
    [InlineData(2, 3, 1)]
    [InlineData(6, 2, 2)]
    [InlineData(3, 1, 3)]
    public void BatchNormalization(int batch, int d, int seed)
        => Check("batch normalisation", 2 * d, batch * d, batch * d,
            (p, x, y) => LayerFunctions.BatchNormalization(p, x, y, batch, d),
            (p, x, y, u, g) => LayerFunctions.BatchNormalizationVectorJacobianProduct(p, x, y, batch, d, u, g),
            (p, x, y, v, jv) => LayerFunctions.BatchNormalizationJacobianVectorProduct(p, x, y, batch, d, v, jv),
            (p, x, y, u, g) => LayerFunctions.BatchNormalizationBackward(p, x, y, batch, d, u, g), seed);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    public void Residual(int n, int seed)
        => Check("residual", (2 * n * n) + (2 * n), n, n,
            (p, x, y) => LayerFunctions.Residual(p, x, y),
            (p, x, y, u, g) => LayerFunctions.ResidualVectorJacobianProduct(p, x, y, u, g),
            (p, x, y, v, jv) => LayerFunctions.ResidualJacobianVectorProduct(p, x, y, v, jv),
            (p, x, y, u, g) => LayerFunctions.ResidualBackward(p, x, y, u, g), seed);

    [Theory]
    [InlineData("relu")]
    [InlineData("leaky")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    public void Activations(string which)
    {
        (ActivationForward f, VectorJacobianProduct b, ActivationTangent t, ActivationBackward known) = which switch
        {
            "relu" => ((ActivationForward)LayerFunctions.Relu, (VectorJacobianProduct)LayerFunctions.ReluVectorJacobianProduct, (ActivationTangent)LayerFunctions.ReluJacobianVectorProduct,
                (ActivationBackward)LayerFunctions.ReluBackward),
            "leaky" => (LayerFunctions.LeakyRelu, LayerFunctions.LeakyReluVectorJacobianProduct, LayerFunctions.LeakyReluJacobianVectorProduct, LayerFunctions.LeakyReluBackward),
            "sigmoid" => (LayerFunctions.Sigmoid, LayerFunctions.SigmoidVectorJacobianProduct, LayerFunctions.SigmoidJacobianVectorProduct, LayerFunctions.SigmoidBackward),
            _ => (LayerFunctions.Tanh, LayerFunctions.TanhVectorJacobianProduct, LayerFunctions.TanhJacobianVectorProduct, LayerFunctions.TanhBackward),
        };
        Check(which, 0, 7, 7, (p, x, y) => f(x, y), (p, x, y, u, g) => b(x, y, u, g), (p, x, y, v, jv) => t(x, y, v, jv), (p, x, y, u, g) => known(x, y, u, g),
            seed: which.Length);
    }

    /// <summary>An activation's generated vector-Jacobian product (it writes the outputs too).</summary>
    private delegate void VectorJacobianProduct(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> cotangent, Span<double> gradient);

    [Fact]
    public void Activations_HaveTheirTextbookDerivatives()
    {
        double[] x = { -2.5, -0.3, 0.4, 3.0 };
        double[] ones = { 1, 1, 1, 1 };
        double[] g = new double[4], y = new double[4];
        LayerFunctions.ReluVectorJacobianProduct(x, y, ones, g);
        Assert.Equal(new[] { 0.0, 0, 1, 1 }, g);
        LayerFunctions.LeakyReluVectorJacobianProduct(x, y, ones, g);
        Assert.Equal(new[] { 0.01, 0.01, 1, 1 }, g);
        Assert.Equal(new[] { -0.025, -0.003, 0.4, 3.0 }, y);
        LayerFunctions.TanhVectorJacobianProduct(x, y, ones, g);
        NumericKit.AssertAllClose(x.Select(v => 1 - (Math.Tanh(v) * Math.Tanh(v))).ToArray(), g, 1e-15, "tanh'");
        LayerFunctions.SigmoidVectorJacobianProduct(x, y, ones, g);
        NumericKit.AssertAllClose(x.Select(v => Math.Exp(-v) / Math.Pow(1 + Math.Exp(-v), 2)).ToArray(), g, 1e-15, "σ'");
    }

    /// <summary>The full batch-normalisation gradient: (γ/(N√(σ²+ε)))(N gᵢ − Σg − x̂ᵢ Σ g x̂) per feature (biased σ²).</summary>
    [Fact]
    public void BatchNormalization_MatchesTheClosedForm()
    {
        const int batch = 5;
        var random = new Random(7);
        var x = Random(random, batch, 3);
        var u = Random(random, batch);
        double gamma = 1.7, beta = -0.4;
        var gradient = new double[2 + batch];
        LayerFunctions.BatchNormalizationVectorJacobianProduct(new[] { gamma, beta }, x, new double[batch], batch, 1, u, gradient);

        double mean = x.Average();
        double variance = x.Select(v => (v - mean) * (v - mean)).Average();
        double root = Math.Sqrt(variance + LayerFunctions.BatchNormEpsilon);
        var xHat = x.Select(v => (v - mean) / root).ToArray();
        double sumG = u.Sum(), sumGx = u.Zip(xHat, (a, b) => a * b).Sum();
        var expected = Enumerable.Range(0, batch).Select(i => gamma / (batch * root) * ((batch * u[i]) - sumG - (xHat[i] * sumGx))).ToArray();
        NumericKit.AssertAllClose(expected, gradient[2..], 1e-13, "∂L/∂x");
        NumericKit.AssertClose(sumGx, gradient[0], 1e-13, "∂L/∂γ");
        NumericKit.AssertClose(sumG, gradient[1], 1e-13, "∂L/∂β");
    }

    [Fact]
    public void Losses_HaveTheirClosedFormGradients()
    {
        double[] z = { 1.5, -0.5, 0.25 };
        double[] t = { 0, 1, 0 };
        var g = new double[3];
        double loss = LayerFunctions.SoftmaxCrossEntropyGradient(z, t, g);
        double sum = z.Sum(Math.Exp);
        var p = z.Select(v => Math.Exp(v) / sum).ToArray();
        NumericKit.AssertClose(-Math.Log(p[1]), loss, 1e-15, "cross-entropy");
        NumericKit.AssertAllClose(p.Zip(t, (a, b) => a - b).ToArray(), g, 1e-15, "ŷ − y");

        loss = LayerFunctions.SquaredErrorGradient(z, t, g);
        NumericKit.AssertClose(0.5 * z.Zip(t, (a, b) => (a - b) * (a - b)).Sum(), loss, 1e-15, "squared error");
        NumericKit.AssertAllClose(z.Zip(t, (a, b) => a - b).ToArray(), g, 1e-15, "y − t");

        loss = LayerFunctions.SigmoidCrossEntropyGradient(z, t, g);
        var s = z.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
        NumericKit.AssertClose(-s.Zip(t, (a, b) => (b * Math.Log(a)) + ((1 - b) * Math.Log(1 - a))).Sum(), loss, 1e-14, "binary cross-entropy");
        NumericKit.AssertAllClose(s.Zip(t, (a, b) => a - b).ToArray(), g, 1e-15, "σ − t");

        // Stable for large logits: finite loss, exact gradient.
        loss = LayerFunctions.SoftmaxCrossEntropyGradient(new[] { 1000.0, -1000, 0 }, t, g);
        Assert.Equal(2000.0, loss);
        Assert.Equal(new[] { 1.0, -1, 0 }, g);
        loss = LayerFunctions.SigmoidCrossEntropyGradient(new[] { 800.0, -800, 0 }, new[] { 0.0, 0, 1 }, g);
        NumericKit.AssertClose(800 + Math.Log(2), loss, 1e-15, "binary cross-entropy at ±800");
    }
}
