using SymDiff.Tests.Infrastructure;
using Xunit;

namespace SymDiff.Tests.Generator;

/// <summary>
/// The generated files, reviewed and frozen. A change to the engine or the emitter shows up here as a readable
/// diff; accept a reviewed change with <c>Tests/accept-snapshots.sh</c>.
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void SeedFunction() => Verify(nameof(SeedFunction), "Demo.Model.F.g.cs", """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Model
        {
            // Document 004's chain-rule example, with the design's own sigmoid.
            [Differentiable]
            public static double F(double x, double y) => (x * x + Sigmoid(y)) / (3 * x + y - Sigmoid(x));

            [Differentiable]
            public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
        }
        """);

    [Fact]
    public void NewtonSeed() => Verify(nameof(NewtonSeed), "Demo.Problems.Newton.g.cs", """
        using System;
        using SymDiff;

        namespace Demo;

        internal static partial class Problems
        {
            // Document 002, 2.2.1.
            [Differentiable]
            internal static double Newton(double x, double y) => 2 * x * x + 2 * y * y - x * y - 17 * y * Math.Cos(0.2 * Math.PI * x);
        }
        """);

    [Fact]
    public void BlockBodyWithBranches() => Verify(nameof(BlockBodyWithBranches), "Shapes.Loss.Huberish.g.cs", """
        using System;
        using SymDiff;

        namespace Shapes
        {
            public partial class Loss
            {
                private const double Delta = 1.5;

                [Differentiable]
                public static double Huberish(double r, double scale)
                {
                    var a = Math.Abs(r) / scale;
                    if (a <= Delta)
                    {
                        return 0.5 * a * a;
                    }

                    double linear = Delta * (a - 0.5 * Delta);
                    linear *= 1 + SymMath.Softplus(scale - 1);
                    return a > 10 && scale < 1 ? linear : Math.Max(linear, a);
                }
            }
        }
        """);

    [Fact]
    public void CallsAnotherDifferentiableMethod() => Verify(nameof(CallsAnotherDifferentiableMethod), "Nets.Neuron.Loss.g.cs", """
        using System;
        using SymDiff;

        namespace Nets;

        public static partial class Activations
        {
            [Differentiable]
            public static double Swish(double z) => z * SymMath.Sigmoid(z);
        }

        public static partial class Neuron
        {
            [Differentiable]
            public static double Loss(double w, double b)
            {
                const double x = 2.0, target = 0.25;
                double prediction = Activations.Swish(w * x + b);
                double error = prediction - target;
                return error * error / 2;
            }
        }
        """);

    [Fact]
    public void NestedTypesGlobalNamespaceAndKeywords() => Verify(nameof(NestedTypesGlobalNamespaceAndKeywords), "Outer_1.Inner.Area.g.cs", """
        using System;
        using SymDiff;

        public partial record Outer<T>
        {
            private partial struct Inner
            {
                [Differentiable]
                private static double Area(double @double, double r) => Math.PI * r * r + Math.Log(@double, 2);
            }
        }
        """);

    [Fact]
    public void SoftmaxCrossEntropy() => Verify(nameof(SoftmaxCrossEntropy), "Nets.Losses.SoftmaxCrossEntropy.g.cs", """
        using System;
        using SymDiff;

        namespace Nets;

        public static partial class Losses
        {
            // Document 001, Q7: cross-entropy after softmax, with the max shift of a stable log-sum-exp.
            [Differentiable]
            public static double SoftmaxCrossEntropy(ReadOnlySpan<double> z, int label)
            {
                double m = z[0];
                for (int i = 1; i < z.Length; i++)
                {
                    m = Math.Max(m, z[i]);
                }

                double s = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    s += Math.Exp(z[i] - m);
                }

                return m + Math.Log(s) - z[label];
            }
        }
        """);

    [Fact]
    public void LogSumExp() => Verify(nameof(LogSumExp), "Nets.Reductions.LogSumExp.g.cs", """
        using System;
        using SymDiff;

        namespace Nets;

        public static partial class Reductions
        {
            [Differentiable]
            public static double LogSumExp(double[] x)
            {
                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    sum += Math.Exp(x[i]);
                }

                return Math.Log(sum);
            }
        }
        """);

    // The Hessian-vector product differentiates the tangent of the value, which reads neither the value nor itself:
    // neither gets an adjoint, and the forward sweep does not compute the tangent.
    [Fact]
    public void ChainedRosenbrock() => Verify(nameof(ChainedRosenbrock), "Nets.Tests.Rosenbrock.g.cs", """
        using System;
        using SymDiff;

        namespace Nets;

        public static partial class Tests
        {
            [Differentiable]
            public static double Rosenbrock(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < x.Length - 1; i++)
                {
                    double a = 1 - x[i];
                    double b = x[i + 1] - x[i] * x[i];
                    sum += a * a + 100 * b * b;
                }

                return sum;
            }
        }
        """);

    [Fact]
    public void DenseLayer() => Verify(nameof(DenseLayer), "Nets.Layers.Dense.g.cs", """
        using System;
        using SymDiff;

        namespace Nets;

        public static partial class Layers
        {
            // y = tanh(W·x + b), W row-major with y.Length rows; x is data.
            [Differentiable]
            public static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [Constant] ReadOnlySpan<double> x, [Result] Span<double> y)
            {
                int n = x.Length;
                for (int j = 0; j < y.Length; j++)
                {
                    double activation = b[j];
                    for (int k = 0; k < n; k++)
                    {
                        activation += w[j * n + k] * x[k];
                    }

                    y[j] = Math.Tanh(activation);
                }
            }
        }
        """);

    private static void Verify(string caseName, string hintName, string source)
    {
        var run = GeneratorHarness.Run(source);
        run.AssertSuccess();
        Snapshot.Verify(run.Source(hintName), $"{nameof(SnapshotTests)}.{caseName}");
    }
}
