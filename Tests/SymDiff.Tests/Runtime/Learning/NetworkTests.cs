using System;
using System.Linq;
using SymDiff.Learning;
using SymDiff.Tests.Numeric;
using Xunit;

namespace SymDiff.Tests.Runtime.Learning;

/// <summary>A layer of a user's own: one [Differentiable] forward method, nothing else.</summary>
public static partial class CustomLayers
{
    /// <summary>A gated layer yᵢ = xᵢ·σ(aᵢxᵢ + bᵢ) with parameters a (n) then b (n).</summary>
    [Differentiable]
    public static void Gate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, [Result] Span<double> y)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            y[i] = x[i] * SymMath.Sigmoid((parameters[i] * x[i]) + parameters[n + i]);
        }
    }

    /// <summary>The layer, from the method and the two the generator added.</summary>
    public static Layer GateLayer(int n) => Layer.Create("gate", n, n, 2 * n, Gate, GateBackward, GateJacobianVectorProduct);
}

/// <summary>Backpropagation through whole networks against finite differences, shapes, Gauss-Newton, allocation.</summary>
public class NetworkTests
{
    private static double[] Random(Random random, int n, double scale = 1) => Enumerable.Range(0, n).Select(_ => ((2 * random.NextDouble()) - 1) * scale).ToArray();

    private static double[] OneHot(Random random, int batch, int classes)
    {
        var targets = new double[batch * classes];
        for (int s = 0; s < batch; s++)
        {
            targets[(s * classes) + random.Next(classes)] = 1;
        }

        return targets;
    }

    /// <summary>Every kind of layer in one network; the gradient of the mean loss against differences.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Gradient_OfAWholeNetwork_MatchesFiniteDifferences(int batch)
    {
        var network = new Network(
            Layer.Dense(3, 4), Layer.BatchNormalization(4), Layer.LeakyRelu(4), Layer.Residual(4), Layer.Tanh(4),
            CustomLayers.GateLayer(4), Layer.Dense(4, 3), Layer.Sigmoid(3), Layer.Dense(3, 3));
        // Random parameters, not the initial ones: batch normalisation of one sample outputs β, which starts at 0,
        // the leaky ReLU's kink.
        var random = new Random(batch);
        var theta = Random(random, network.ParameterCount);
        var inputs = Random(random, batch * 3, 2);
        var targets = OneHot(random, batch, 3);
        var gradient = new double[network.ParameterCount];
        double loss = network.Gradient(theta, Loss.SoftmaxCrossEntropy, inputs, targets, gradient);

        NumericKit.AssertClose(network.Loss(theta, Loss.SoftmaxCrossEntropy, inputs, targets), loss, 1e-15, "the loss Gradient returns");
        var expected = NumericKit.Gradient(p => network.Loss(p, Loss.SoftmaxCrossEntropy, inputs, targets), theta, 1e-3);
        NumericKit.AssertAllClose(expected, gradient, 1e-7, "∂loss/∂θ", scale: expected.Max(Math.Abs));
    }

    [Fact]
    public void Gradient_WithSquaredErrorAndSigmoidCrossEntropy_MatchesFiniteDifferences()
    {
        var network = new Network(Layer.Dense(2, 5), Layer.Tanh(5), Layer.Dense(5, 2));
        var random = new Random(3);
        var theta = network.CreateParameters(seed: 2);
        var inputs = Random(random, 6 * 2);
        var targets = Random(random, 6 * 2).Select(v => Math.Abs(v)).ToArray();
        foreach (var loss in new[] { Loss.SquaredError, Loss.SigmoidCrossEntropy })
        {
            var gradient = new double[network.ParameterCount];
            network.Gradient(theta, loss, inputs, targets, gradient);
            var expected = NumericKit.Gradient(p => network.Loss(p, loss, inputs, targets), theta, 1e-2);
            NumericKit.AssertAllClose(expected, gradient, 1e-8, loss.Name, scale: expected.Max(Math.Abs));
        }
    }

    /// <summary>For a linear model and squared error, the Gauss-Newton matrix is the Hessian: compare with differences of the gradient.</summary>
    [Fact]
    public void GaussNewtonProduct_OfALinearModel_IsTheHessianProduct()
    {
        var network = new Network(Layer.Dense(3, 2));
        var random = new Random(5);
        var theta = network.CreateParameters(seed: 1);
        var inputs = Random(random, 5 * 3);
        var targets = Random(random, 5 * 2);
        var v = Random(random, network.ParameterCount);
        var product = new double[network.ParameterCount];
        network.GaussNewtonVectorProduct(theta, Loss.SquaredError, inputs, targets, v, product);

        double[] GradientAt(double[] p)
        {
            var g = new double[network.ParameterCount];
            network.Gradient(p, Loss.SquaredError, inputs, targets, g);
            return g;
        }

        var hessian = NumericKit.HessianFromGradient(GradientAt, theta, 1e-1);
        int n = network.ParameterCount;
        var expected = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Sum(j => hessian[(i * n) + j] * v[j])).ToArray();
        NumericKit.AssertAllClose(expected, product, 1e-10, "G·v");
    }

    /// <summary>For a nonlinear network, G·v against JᵀHJv built from difference Jacobians, sample by sample.</summary>
    [Fact]
    public void GaussNewtonProduct_MatchesJacobianTransposeHessianJacobian()
    {
        var network = new Network(Layer.Dense(2, 3), Layer.Tanh(3), CustomLayers.GateLayer(3), Layer.Dense(3, 3));
        var random = new Random(8);
        var theta = network.CreateParameters(seed: 4);
        const int batch = 3;
        var inputs = Random(random, batch * 2);
        var targets = OneHot(random, batch, 3);
        var v = Random(random, network.ParameterCount);
        var product = new double[network.ParameterCount];
        network.GaussNewtonVectorProduct(theta, Loss.SoftmaxCrossEntropy, inputs, targets, v, product);

        int n = network.ParameterCount;
        var expected = new double[n];
        for (int s = 0; s < batch; s++)
        {
            var x = inputs.AsSpan(s * 2, 2).ToArray();
            double[] Output(double[] p)
            {
                var y = new double[3];
                network.Predict(p, x, y);
                return y;
            }

            // J (3 × n) by differences, column by column; H = diag(p) − ppᵀ of softmax.
            var jacobian = new double[3 * n];
            for (int j = 0; j < n; j++)
            {
                int column = j;
                for (int k = 0; k < 3; k++)
                {
                    int row = k;
                    jacobian[(k * n) + j] = NumericKit.Derivative(t => Output(NumericKit.With(theta, column, theta[column] + t))[row], 0, 1e-2);
                }
            }

            var y = Output(theta);
            double sum = y.Sum(Math.Exp);
            var pr = y.Select(z => Math.Exp(z) / sum).ToArray();
            var jv = Enumerable.Range(0, 3).Select(k => Enumerable.Range(0, n).Sum(j => jacobian[(k * n) + j] * v[j])).ToArray();
            var hjv = Enumerable.Range(0, 3).Select(k => (pr[k] * jv[k]) - (pr[k] * pr.Zip(jv, (a, b) => a * b).Sum())).ToArray();
            for (int j = 0; j < n; j++)
            {
                expected[j] += Enumerable.Range(0, 3).Sum(k => jacobian[(k * n) + j] * hjv[k]) / batch;
            }
        }

        NumericKit.AssertAllClose(expected, product, 1e-8, "G·v", scale: expected.Max(Math.Abs));
    }

    [Fact]
    public void Layers_ThatDoNotFit_AreAnErrorNamingThemAndTheirSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new Network(Layer.Dense(2, 8), Layer.Relu(8), Layer.Dense(4, 1)));
        Assert.Contains("Layer 2 'dense' takes 4 inputs, but layer 1 'ReLU' gives 8 outputs.", e.Message);
        Assert.Throws<ArgumentException>(() => new Network());

        var network = new Network(Layer.Dense(2, 3), CustomLayers.GateLayer(3));
        var theta = network.CreateParameters(seed: 1);
        var g = new double[network.ParameterCount];
        e = Assert.Throws<ArgumentException>(() => network.Gradient(theta, Loss.SquaredError, new double[5], new double[6], g));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("not a whole, non-zero number of samples of 2 inputs", e.Message);
        e = Assert.Throws<ArgumentException>(() => network.Gradient(theta, Loss.SquaredError, new double[4], new double[3], g));
        Assert.Equal("targets", e.ParamName);
        Assert.Contains("6 elements (2 samples × 3 outputs)", e.Message);
        e = Assert.Throws<ArgumentException>(() => network.Gradient(theta.AsSpan(1), Loss.SquaredError, new double[4], new double[6], g));
        Assert.Equal("parameters", e.ParamName);
        Assert.Equal(9 + 6, network.ParameterCount);
        Assert.Equal(9..15, network.ParameterRange(1));
    }

    [Fact]
    public void AGradientStep_AfterWarmUp_AllocatesNothing()
    {
        var network = new Network(Layer.Dense(2, 16), Layer.LeakyRelu(16), CustomLayers.GateLayer(16), Layer.Dense(16, 3));
        var random = new Random(1);
        var theta = network.CreateParameters(seed: 1);
        var inputs = Random(random, 32 * 2);
        var targets = OneHot(random, 32, 3);
        var gradient = new double[network.ParameterCount];
        var adam = new AdamOptimizer(network.ParameterCount, learningRate: 0.01);

        void Step()
        {
            network.Gradient(theta, Loss.SoftmaxCrossEntropy, inputs, targets, gradient);
            adam.Step(theta, gradient);
        }

        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
