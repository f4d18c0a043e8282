using System;
using System.Linq;
using Xunit;
using static SymDiff.Tests.Numeric.ArrayProcedureModels;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// <c>[Differentiable]</c> methods over arrays and loops (<see cref="ArrayProcedureModels"/>, compiled once through
/// the real generator): every generated method against independent truths (closed forms to 1e-12, Ridders-extrapolated
/// finite differences of the user's method and of the generated gradient), value against the user's method,
/// Jacobian / VJP / JVP consistency, empty and length-1 arrays, the span contract and allocation.
/// </summary>
public sealed class ArrayProcedureTests
{
    private const double Step = 0.1;

    private static double[] Random(Random rng, int n, double low = -1, double high = 1) =>
        Enumerable.Range(0, n).Select(_ => low + ((high - low) * rng.NextDouble())).ToArray();

    private static double[] S(double value) => new[] { value };

    private static double[] Identity(int n, double scale = 1)
    {
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            m[(i * n) + i] = scale;
        }

        return m;
    }

    private static double[] Softmax(double[] z)
    {
        double max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        double s = e.Sum();
        return e.Select(v => v / s).ToArray();
    }

    /// <summary>diag(p) − ppᵀ.</summary>
    private static double[] SoftmaxHessian(double[] p)
    {
        int n = p.Length;
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                h[(i * n) + j] = (i == j ? p[i] : 0) - (p[i] * p[j]);
            }
        }

        return h;
    }

    // ----- scalar-valued methods -----

    [Fact]
    public void CenteredSquares_GradientIsTwoDeviationsOverN_HessianIsTheCenteringMatrix()
    {
        var f = Models.Scalar("CenteredSquares");
        var rng = new Random(11);
        foreach (int n in new[] { 1, 2, 7 })
        {
            double[] x = Random(rng, n);
            double m = x.Average();
            var h = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    h[(i * n) + j] = (2.0 / n) * ((i == j ? 1 : 0) - (1.0 / n));
                }
            }

            Assert.Equal(x.Sum(v => (v - m) * (v - m)) / n, f.Value(new[] { x }), 12);
            f.Check(new[] { x }, Step, x.Select(v => 2 * (v - m) / n).ToArray(), h, seed: n);
        }
    }

    [Fact]
    public void LineFit_GradientAndHessianOfTheMeanSquaredErrorPlusPenalty()
    {
        var f = Models.Scalar("LineFit");
        var rng = new Random(12);
        foreach (int n in new[] { 1, 3, 8 })
        {
            double[] x = Random(rng, n), y = Random(rng, n);
            double a = 0.7, b = -0.4;
            var r = x.Select((xi, i) => (a * xi) + b - y[i]).ToArray();
            var gradient = new[]
            {
                (2.0 / n * r.Select((ri, i) => ri * x[i]).Sum()) + (0.2 * a),
                2.0 / n * r.Sum(),
            };
            var hessian = new[]
            {
                (2.0 / n * x.Sum(v => v * v)) + 0.2, 2.0 / n * x.Sum(),
                2.0 / n * x.Sum(), 2.0,
            };

            Assert.Equal((r.Sum(v => v * v) / n) + (0.1 * a * a), f.Value(new[] { S(a), S(b), x, y }), 12);
            f.Check(new[] { S(a), S(b), x, y }, Step, gradient, hessian, seed: n);
        }
    }

    [Fact]
    public void Dot_GradientIsTheOtherVector_HessianIsTheSwap()
    {
        var f = Models.Scalar("Dot");
        var rng = new Random(1);
        foreach (int n in new[] { 2, 5 })
        {
            double[] x = Random(rng, n), y = Random(rng, n);
            var h = new double[4 * n * n];
            for (int i = 0; i < n; i++)
            {
                h[(i * 2 * n) + n + i] = 1;
                h[((n + i) * 2 * n) + i] = 1;
            }

            f.Check(new[] { x, y }, Step, y.Concat(x).ToArray(), h);
        }
    }

    [Fact]
    public void Quadratic_GradientIsQPlusQTransposeX_AndXXTransposeForQ()
    {
        var f = Models.Scalar("Quadratic");
        var rng = new Random(2);
        const int n = 4;
        double[] x = Random(rng, n), q = Random(rng, n * n);
        int d = n + (n * n);
        var g = new double[d];
        var h = new double[d * d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                g[i] += (q[(i * n) + j] + q[(j * n) + i]) * x[j];
                g[n + (i * n) + j] = x[i] * x[j];
                h[(i * d) + j] = q[(i * n) + j] + q[(j * n) + i];
            }
        }

        // ∂²/∂x_k∂Q_ij = δ_ki x_j + x_i δ_kj.
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double v = (k == i ? x[j] : 0) + (k == j ? x[i] : 0);
                    h[(k * d) + n + (i * n) + j] = v;
                    h[((n + (i * n) + j) * d) + k] = v;
                }
            }
        }

        f.Check(new[] { x, q }, Step, g, h);
        Models.Scalar("QuadraticByRows").Check(new[] { x, q }, Step, g, h);
        Models.Scalar("QuadraticOfArrays").Check(new[] { x, q }, Step, g, h);
    }

    /// <summary>Views (<c>var row = w.Slice(i * n, n)</c>) of inputs and of the result, declared inside loops.</summary>
    [Fact]
    public void RowViews_OfInputsAndOfTheResult()
    {
        var f = Models.Vector("RowsIntoHalves");
        var rng = new Random(9);
        const int m = 2, n = 3;
        double[] w = Random(rng, m * n), x = Random(rng, n);
        var y = f.Value(new[] { w, x, S(m), new double[2 * m] });
        var jacobian = new double[2 * m * ((m * n) + n)];
        int d = (m * n) + n;
        for (int i = 0; i < m; i++)
        {
            double a = 0;
            for (int j = 0; j < n; j++)
            {
                a += w[(i * n) + j] * x[j];
                jacobian[(i * d) + (i * n) + j] = x[j];                 // ∂yᵢ/∂Wᵢⱼ
                jacobian[(i * d) + (m * n) + j] = w[(i * n) + j];       // ∂yᵢ/∂xⱼ
                jacobian[((m + i) * d) + (i * n) + j] = 2 * x[j];
                jacobian[((m + i) * d) + (m * n) + j] = 2 * w[(i * n) + j];
            }

            NumericKit.AssertClose(a, y[i], 1e-15, $"y[{i}]");
            NumericKit.AssertClose(2 * a, y[m + i], 1e-15, $"y[{m + i}]");
        }

        f.Check(new[] { w, x, S(m), new double[2 * m] }, Step, jacobian);

        // Elementwise tanh(Wᵢⱼxⱼ) into a double[] result: ∂yₖ/∂Wₖ = (1 − yₖ²)xⱼ, ∂yₖ/∂xⱼ = (1 − yₖ²)Wₖ.
        var g = Models.Vector("RowsOfArrays");
        var yv = g.Value(new[] { w, x, S(m), new double[m * n] });
        var jg = new double[m * n * ((m * n) + n)];
        for (int k = 0; k < m * n; k++)
        {
            int j = k % n;
            NumericKit.AssertClose(Math.Tanh(w[k] * x[j]), yv[k], 1e-15, $"y[{k}]");
            double slope = 1 - (yv[k] * yv[k]);
            jg[(k * ((m * n) + n)) + k] = slope * x[j];
            jg[(k * ((m * n) + n)) + (m * n) + j] = slope * w[k];
        }

        g.Check(new[] { w, x, S(m), new double[m * n] }, Step, jg);
    }

    [Fact]
    public void LogSumExp_GradientIsSoftmax_HessianIsDiagPMinusPPTranspose()
    {
        var f = Models.Scalar("LogSumExp");
        var rng = new Random(3);
        foreach (var z in new[] { Random(rng, 6, -2, 2), new[] { 0.5, 0.5, -1.0 }, new[] { 3.0, -1.0, 0.2, 2.5 } })
        {
            var p = Softmax(z);
            f.Check(new[] { z }, Step, p, SoftmaxHessian(p));
        }

        // The max shift keeps large logits finite.
        var big = new[] { 1000.0, 999.0, 1001.5 };
        var (value, gradient, hessian) = f.Hessian(new[] { big });
        NumericKit.AssertClose(1001.5 + Math.Log(1 + Math.Exp(-1.5) + Math.Exp(-2.5)), value, 1e-14, "LogSumExp at 1000");
        NumericKit.AssertAllClose(Softmax(big), gradient, 1e-12, "LogSumExp gradient at 1000");
        NumericKit.AssertAllClose(SoftmaxHessian(Softmax(big)), hessian, 1e-12, "LogSumExp Hessian at 1000", 1);
    }

    [Fact]
    public void SoftmaxCrossEntropy_GradientIsSoftmaxMinusOneHot_HessianIsDiagPMinusPPTranspose()
    {
        var f = Models.Scalar("SoftmaxCrossEntropy");
        var rng = new Random(4);
        foreach (var (n, label) in new[] { (5, 2), (5, 0), (5, 4), (3, 1) })
        {
            var z = Random(rng, n, -3, 3);
            var p = Softmax(z);
            var g = p.Select((v, i) => i == label ? v - 1 : v).ToArray();
            f.Check(new[] { z, S(label) }, Step, g, SoftmaxHessian(p), seed: n + label);
        }

        // Larger and far from 0: closed forms only (1e-12).
        var zz = Random(rng, 40, -30, 30);
        var pp = Softmax(zz);
        var (value, gradient, hessian) = f.Hessian(new[] { zz, S(7) });
        NumericKit.AssertClose(zz.Max() + Math.Log(zz.Sum(v => Math.Exp(v - zz.Max()))) - zz[7], value, 1e-13, "cross-entropy value");
        NumericKit.AssertAllClose(pp.Select((v, i) => i == 7 ? v - 1 : v).ToArray(), gradient, 1e-12, "cross-entropy gradient", 1);
        NumericKit.AssertAllClose(SoftmaxHessian(pp), hessian, 1e-12, "cross-entropy Hessian", 1);
    }

    [Fact]
    public void Product_NeedsATape_AndIsExactWithZeros()
    {
        var f = Models.Scalar("Product");
        var rng = new Random(5);
        var points = new[]
        {
            Random(rng, 5, 0.5, 1.5),
            Random(rng, 4, -2, 2),
            new[] { 1.5, 0.0, -2.0, 0.7 },       // one zero: only its own partial is non-zero
            new[] { 0.0, 3.0, 0.0, -1.25 },      // two zeros: gradient 0, one Hessian pair non-zero
            new[] { 0.0, 0.0, 0.0 },
            new[] { 2.0, -0.5 },
        };
        foreach (var x in points)
        {
            int n = x.Length;
            double Except(params int[] skip) => Enumerable.Range(0, n).Where(k => !skip.Contains(k)).Aggregate(1.0, (acc, k) => acc * x[k]);
            var g = Enumerable.Range(0, n).Select(i => Except(i)).ToArray();
            var h = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    h[(i * n) + j] = i == j ? 0 : Except(i, j);
                }
            }

            f.Check(new[] { x }, Step, g, h);
            // Exactly, not just closely: with zeros the products of the others are exact.
            var (_, gradient, hessian) = f.Hessian(new[] { x });
            if (x.Contains(0.0))
            {
                Assert.Equal(g, gradient);
                Assert.Equal(h, hessian);
            }
        }
    }

    [Fact]
    public void TwoLayerMlp_GradientIsBackpropagation()
    {
        var f = Models.Scalar("Mlp");
        var byCalls = Models.Scalar("MlpByCalls");
        var rng = new Random(6);
        foreach (var (h, d) in new[] { (3, 2), (4, 3) })
        {
            double[] w1 = Random(rng, h * d), b1 = Random(rng, h), w2 = Random(rng, h), x = Random(rng, d, -2, 2);
            double b2 = 0.3, t = 0.7;
            var hidden = new double[h];
            double o = b2;
            for (int j = 0; j < h; j++)
            {
                double a = b1[j];
                for (int k = 0; k < d; k++)
                {
                    a += w1[(j * d) + k] * x[k];
                }

                hidden[j] = Math.Tanh(a);
                o += w2[j] * hidden[j];
            }

            double r = o - t;
            var g = new double[(h * d) + h + h + 1];
            for (int j = 0; j < h; j++)
            {
                double delta = r * w2[j] * (1 - (hidden[j] * hidden[j]));
                for (int k = 0; k < d; k++)
                {
                    g[(j * d) + k] = delta * x[k];
                }

                g[(h * d) + j] = delta;
                g[(h * d) + h + j] = r * hidden[j];
            }

            g[^1] = r;
            var args = new[] { w1, b1, w2, S(b2), x, S(t) };
            NumericKit.AssertClose(0.5 * r * r, f.Value(args), 1e-14, "Mlp value vs closed form");
            f.Check(args, Step, g, seed: h);

            // The same network through [Differentiable] calls with slices: same value and derivatives.
            var packed = new[] { w1.Concat(b1).Concat(w2).Append(b2).ToArray(), x, S(t), S(h) };
            NumericKit.AssertClose(f.Value(args), byCalls.Value(packed), 1e-14, "MlpByCalls value");
            byCalls.Check(packed, Step, g, seed: h);
            NumericKit.AssertAllClose(f.Hessian(args).Hessian, byCalls.Hessian(packed).Hessian, 1e-12, "MlpByCalls Hessian vs Mlp Hessian", 1);
        }
    }

    [Fact]
    public void TriangularLoop_NeedsNoTape()
    {
        var f = Models.Scalar("Triangular");
        var rng = new Random(7);
        foreach (int n in new[] { 2, 5 })
        {
            var x = Random(rng, n);
            double sum = x.Sum();
            NumericKit.AssertClose(0.5 * ((sum * sum) + x.Sum(v => v * v)), f.Value(new[] { x }), 1e-14, "Triangular value");
            var h = Enumerable.Repeat(1.0, n * n).ToArray();
            for (int i = 0; i < n; i++)
            {
                h[(i * n) + i] = 2;
            }

            f.Check(new[] { x }, Step, x.Select(v => sum + v).ToArray(), h);
        }

        Assert.DoesNotContain("Tape", Models.Run.Source("A.Triangular.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void RectangularDoubleLoop()
    {
        var f = Models.Scalar("OuterSum");
        var rng = new Random(8);
        double[] x = Random(rng, 3), y = Random(rng, 4);
        var h = new double[7 * 7];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 3; j < 7; j++)
            {
                h[(i * 7) + j] = h[(j * 7) + i] = 1;
            }
        }

        f.Check(new[] { x, y }, Step, Enumerable.Repeat(y.Sum(), 3).Concat(Enumerable.Repeat(x.Sum(), 4)).ToArray(), h);
    }

    [Fact]
    public void AVariableCarriedAroundTheOuterLoopAndThroughTheInnerOne()
    {
        var f = Models.Scalar("NestedCarry");
        var rng = new Random(9);
        f.Check(new[] { Random(rng, 3, 0.2, 1.2), Random(rng, 4, -1, 1) }, Step);
        f.Check(new[] { Random(rng, 2, -1, 1), Random(rng, 3, -2, 2) }, Step, seed: 2);
        f.Check(new[] { Random(rng, 4, -1, 1), Array.Empty<double>() }, Step, seed: 3);
    }

    [Fact]
    public void LocalArrayWrittenInOneLoopAndReadInTheSameAndALaterOne()
    {
        // f = Σ pᵢxᵢ with p = softmax(x): ∂f/∂x_k = p_k(1 + x_k − f).
        var f = Models.Scalar("SoftmaxMean");
        var rng = new Random(10);
        foreach (int n in new[] { 1, 3, 6 })
        {
            var x = Random(rng, n, -2, 2);
            var p = Softmax(x);
            double value = p.Zip(x, (a, b) => a * b).Sum();
            NumericKit.AssertClose(value, f.Value(new[] { x }), 1e-14, "SoftmaxMean value");
            f.Check(new[] { x }, Step, p.Select((pk, k) => pk * (1 + x[k] - value)).ToArray(), seed: n);
        }
    }

    [Fact]
    public void AccumulatingIntoALocalArrayAcrossTheOuterLoop()
    {
        // u = Aᵀx (A: n × m), f = |u|²: ∂f/∂A_ij = 2x_i u_j, ∂f/∂x_i = 2Σ_j A_ij u_j.
        var f = Models.Scalar("MatVecNorm");
        var rng = new Random(11);
        foreach (var (n, m) in new[] { (3, 2), (2, 4), (3, 0) })
        {
            double[] a = Random(rng, n * m), x = Random(rng, n);
            var u = new double[m];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < m; j++)
                {
                    u[j] += a[(i * m) + j] * x[i];
                }
            }

            int d = (n * m) + n;
            var g = new double[d];
            var h = new double[d * d];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < m; j++)
                {
                    g[(i * m) + j] = 2 * x[i] * u[j];
                    g[(n * m) + i] += 2 * a[(i * m) + j] * u[j];
                    for (int k = 0; k < n; k++)
                    {
                        h[(((i * m) + j) * d) + (k * m) + j] = 2 * x[i] * x[k];            // ∂²/∂A_ij∂A_kj
                        h[(((n * m) + i) * d) + (n * m) + k] += 2 * a[(i * m) + j] * a[(k * m) + j]; // ∂²/∂x_i∂x_k
                        double mixed = (i == k ? 2 * u[j] : 0) + (2 * x[i] * a[(k * m) + j]); // ∂²/∂A_ij∂x_k
                        h[(((i * m) + j) * d) + (n * m) + k] = mixed;
                        h[(((n * m) + k) * d) + (i * m) + j] = mixed;
                    }
                }
            }

            f.Check(new[] { a, x, S(m) }, Step, g, h, seed: n + m);
        }
    }

    [Fact]
    public void DoubleArrayAndSpanParameters()
    {
        // Σ wᵢxᵢ² + cᵢxᵢ over p = (x, w, c).
        var f = Models.Scalar("WeightedSquares");
        var rng = new Random(12);
        const int n = 4;
        double[] x = Random(rng, n), w = Random(rng, n), c = Random(rng, n);
        int d = 3 * n;
        var g = new double[d];
        var h = new double[d * d];
        for (int i = 0; i < n; i++)
        {
            g[i] = (2 * w[i] * x[i]) + c[i];
            g[n + i] = x[i] * x[i];
            g[(2 * n) + i] = x[i];
            h[(i * d) + i] = 2 * w[i];
            h[(i * d) + n + i] = h[((n + i) * d) + i] = 2 * x[i];
            h[(i * d) + (2 * n) + i] = h[(((2 * n) + i) * d) + i] = 1;
        }

        f.Check(new[] { x, w, c }, Step, g, h);
    }

    [Fact]
    public void ScalarParametersAroundAnArray_FlattenInDeclarationOrder()
    {
        // a·Σx² + b·Σx (+ a·b) over p = (a, x, b).
        var f = Models.Scalar("Mixed");
        var rng = new Random(13);
        var x = Random(rng, 3);
        double a = 0.7, b = -1.3, sq = x.Sum(v => v * v), s = x.Sum();
        foreach (bool withProduct in new[] { true, false })
        {
            double wp = withProduct ? 1 : 0;
            var g = new[] { sq + (b * wp) }.Concat(x.Select(v => (2 * a * v) + b)).Append(s + (a * wp)).ToArray();
            const int d = 5;
            var h = new double[d * d];
            h[d - 1] = h[(d - 1) * d] = wp;
            for (int i = 0; i < 3; i++)
            {
                h[1 + i] = h[(1 + i) * d] = 2 * x[i];
                h[((1 + i) * d) + 1 + i] = 2 * a;
                h[((1 + i) * d) + d - 1] = h[((d - 1) * d) + 1 + i] = 1;
            }

            f.Check(new[] { S(a), x, S(b), S(wp) }, Step, g, h);
        }
    }

    [Fact]
    public void IntParameterInTheBoundAndInDoubleArithmetic()
    {
        // The variance of the first n of 6 entries: ∂/∂x_i = 2(x_i − mean)/n, H = (2/n)(I − 11ᵀ/n); the rest 0.
        var f = Models.Scalar("Variance");
        var rng = new Random(14);
        var x = Random(rng, 6, -2, 2);
        foreach (int n in new[] { 1, 4, 6 })
        {
            double mean = x.Take(n).Average();
            var g = x.Select((v, i) => i < n ? 2 * (v - mean) / n : 0).ToArray();
            var h = new double[36];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    h[(i * 6) + j] = 2.0 / n * ((i == j ? 1 : 0) - (1.0 / n));
                }
            }

            NumericKit.AssertClose(x.Take(n).Sum(v => (v - mean) * (v - mean)) / n, f.Value(new[] { x, S(n) }), 1e-14, "variance");
            f.Check(new[] { x, S(n) }, Step, g, h, seed: n);
        }
    }

    [Fact]
    public void IntParametersInTheIndex_ALoopFromOneWithLessOrEqual()
    {
        // Σ_{i=1..count} x[offset + stride(i − 1)]² / i.
        var f = Models.Scalar("Strided");
        var rng = new Random(15);
        var x = Random(rng, 10);
        foreach (var (offset, stride, count) in new[] { (1, 3, 3), (0, 1, 10), (9, -4, 3), (2, 0, 2), (5, 2, 0) })
        {
            var g = new double[10];
            var h = new double[100];
            for (int i = 1; i <= count; i++)
            {
                int k = offset + (stride * (i - 1));
                g[k] += 2 * x[k] / i;
                h[(k * 10) + k] += 2.0 / i;
            }

            f.Check(new[] { x, S(offset), S(stride), S(count) }, Step, g, h);
        }
    }

    [Fact]
    public void ALoopFromOne()
    {
        var f = Models.Scalar("Smoothness");
        var rng = new Random(16);
        foreach (int n in new[] { 1, 2, 5 })
        {
            var x = Random(rng, n);
            var g = new double[n];
            var h = new double[n * n];
            for (int i = 1; i < n; i++)
            {
                double d = x[i] - x[i - 1];
                g[i] += 2 * d;
                g[i - 1] -= 2 * d;
                h[(i * n) + i] += 2;
                h[((i - 1) * n) + i - 1] += 2;
                h[(i * n) + i - 1] -= 2;
                h[((i - 1) * n) + i] -= 2;
            }

            f.Check(new[] { x }, Step, g, h);
        }
    }

    [Fact]
    public void ConditionalMaxAndAbsInsideTheLoop_Piecewise()
    {
        // Each term: max(0, 1 − t·x)² + 0.1|x| + (x > 0 ? x³ : −x²), at points at least 0.2 from every kink.
        var f = Models.Scalar("Piecewise");
        var x = new[] { 0.3, 1.5, -0.4, -1.7, 0.8, 2.0 };
        var t = new[] { 1.0, 1.0, -1.0, 1.0, -2.0, 0.25 };
        int n = x.Length;
        var g = new double[n];
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            double margin = 1 - (t[i] * x[i]);
            double hinge = Math.Max(0, margin);
            g[i] = (-2 * t[i] * hinge) + (0.1 * Math.Sign(x[i])) + (x[i] > 0 ? 3 * x[i] * x[i] : -2 * x[i]);
            h[(i * n) + i] = (margin > 0 ? 2 * t[i] * t[i] : 0) + (x[i] > 0 ? 6 * x[i] : -2);
        }

        f.Check(new[] { x, t }, 0.05, g, h);
    }

    [Fact]
    public void MoreLoopShapes_AgainstFiniteDifferences()
    {
        var rng = new Random(20);
        foreach (int n in new[] { 0, 1, 4 })
        {
            Models.Scalar("Recurrence").Check(new[] { Random(rng, n) }, Step, seed: n);
            Models.Scalar("UpdatedThenUsed").Check(new[] { Random(rng, n), S(0.3) }, Step, seed: n);
            Models.Scalar("PrefixSums").Check(new[] { Random(rng, n) }, Step, seed: n);
            Models.Scalar("ParameterCarried").Check(new[] { S(0.8), Random(rng, n) }, Step, seed: n);
            Models.Vector("ResultTwice").Check(new[] { Random(rng, n), new double[n] }, Step, seed: n);
        }

        // Branches: points at least 0.1 from x = 0.
        var x = new[] { 0.5, -0.7, 1.2, -0.2, 0.3 };
        Models.Scalar("HelpersAndIf").Check(new[] { x }, 0.05);
        Models.Scalar("ConditionalCarry").Check(new[] { x }, 0.05);
    }

    [Fact]
    public void MoreLoopShapes_ClosedForms()
    {
        // UpdatedThenUsed: s_i = e^c Σ_{k≤i} x_k, r = Σ s_i² + e^c Σ x_i.
        var x = new[] { 0.4, -1.1, 0.7 };
        double c = 0.3, e = Math.Exp(c);
        var s = new[] { e * x[0], e * (x[0] + x[1]), e * (x[0] + x[1] + x[2]) };
        var g = new double[4];
        for (int k = 0; k < 3; k++)
        {
            for (int i = k; i < 3; i++)
            {
                g[k] += 2 * s[i] * e;
            }

            g[k] += e;
        }

        g[3] = (2 * s.Sum(v => v * v)) + (e * x.Sum());
        Models.Scalar("UpdatedThenUsed").Check(new[] { x, S(c) }, Step, g);

        // PrefixSums: e_i = Σ_{k<i} x_k − x_i²/2, r = Σ e_i x_{n−1−i}.
        var f = Models.Scalar("PrefixSums");
        int n = x.Length;
        double r = 0;
        var gp = new double[n];
        for (int i = 0; i < n; i++)
        {
            double ei = x.Take(i).Sum() - (0.5 * x[i] * x[i]);
            double xr = x[n - 1 - i];
            r += ei * xr;
            for (int k = 0; k < i; k++)
            {
                gp[k] += xr;
            }

            gp[i] -= x[i] * xr;
            gp[n - 1 - i] += ei;
        }

        NumericKit.AssertClose(r, f.Value(new[] { x }), 1e-14, "PrefixSums value");
        f.Check(new[] { x }, Step, gp);

        // ResultTwice: y_i = x_i² + (Σx²)x_i.
        double sq = x.Sum(v => v * v);
        var j = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                j[(i * n) + k] = (i == k ? (2 * x[i]) + sq : 0) + (2 * x[k] * x[i]);
            }
        }

        Models.Vector("ResultTwice").Check(new[] { x, new double[n] }, Step, j);
    }

    [Fact]
    public void CallsWithLoopsInsideLoops_AndThreeLevels()
    {
        var rng = new Random(21);
        const int n = 3, rows = 2;
        var z = Random(rng, n * rows, -2, 2);
        var g = new double[n * rows];
        var h = new double[n * rows * n * rows];
        for (int r = 0; r < rows; r++)
        {
            var p = Softmax(z.Skip(r * n).Take(n).ToArray());
            var block = SoftmaxHessian(p);
            for (int i = 0; i < n; i++)
            {
                g[(r * n) + i] = p[i];
                for (int j = 0; j < n; j++)
                {
                    h[(((r * n) + i) * n * rows) + (r * n) + j] = block[(i * n) + j];
                }
            }
        }

        Models.Scalar("RowsLogSumExp").Check(new[] { z, S(n), S(rows) }, Step, g, h);
        Models.Scalar("RowsLogSumExpCarried").Check(new[] { z, S(n), S(rows) }, Step);
        Models.Scalar("RowsLogSumExpCarried").Check(new[] { Random(rng, 8, -1, 1), S(2), S(4) }, Step, seed: 2);
        Models.Scalar("ThreeLevels").Check(new[] { Random(rng, 3, -0.5, 0.5), S(2), S(3) }, 0.01); // oscillates fast: a small first step
        Models.Scalar("ThreeLevels").Check(new[] { Random(rng, 2, -0.5, 0.5), S(0), S(3) }, 0.01, seed: 2);
    }

    [Fact]
    public void ADoubleArrayResult()
    {
        var x = new[] { 0.5, -1.5, 2.0 };
        var j = new double[9];
        for (int i = 0; i < 3; i++)
        {
            j[(i * 3) + i] = 2 * x[i];
        }

        Models.Vector("SquaresIntoArray").Check(new[] { x, new double[3] }, Step, j);
    }

    [Fact]
    public void AccumulatingIntoTheResultWithoutZeroingIt_EveryMethodWritesTheMethodsValue()
    {
        // y += Aᵀx: the method adds to what y holds, so each generated method must add exactly once.
        var f = Models.Vector("AccumulateIntoResult");
        double[] a = { 1, 2, 3, 4, 5, 6 }, x = { 0.5, -1, 2 }; // n = 3, m = 2
        double[] initial = { 10, 20 };
        var expected = f.Value(new[] { a, x, initial });
        Assert.Equal(new[] { 10 + 0.5 - 3 + 10, 20 + 1 - 4 + 12.0 }, expected);

        double[] y = (double[])initial.Clone();
        f.RawVectorJacobianProduct(new[] { a, x, y }, new[] { 1.0, 0 }, new double[9]);
        Assert.Equal(expected, y);
        y = (double[])initial.Clone();
        f.RawJacobianVectorProduct(new[] { a, x, y }, new double[9], new double[2]);
        Assert.Equal(expected, y);
        y = (double[])initial.Clone();
        var jacobian = new double[18];
        f.RawJacobian(new[] { a, x, y }, jacobian);
        Assert.Equal(expected, y);
        // ∂y_j/∂A_il = δ_jl x_i, ∂y_j/∂x_i = A_ij.
        Assert.Equal(new double[] { 0.5, 0, -1, 0, 2, 0, 1, 3, 5, 0, 0.5, 0, -1, 0, 2, 2, 4, 6 }, jacobian);
    }

    [Fact]
    public void ElementsAndValuesFromBeforeAnInnerLoop_KeepTheirValues()
    {
        double[] x = { 0.3, -0.8, 0.6 }, y = { 1.1, -0.4 };
        double sx = x.Sum(), sxx = x.Sum(v => v * v), sy = y.Sum();
        int n = x.Length;

        // Σx²(Σy + 1): ∂/∂xᵢ = 2xᵢ(Σy + 1), ∂/∂yⱼ = Σx².
        var g = x.Select(v => 2 * v * (sy + 1)).Concat(y.Select(_ => sxx)).ToArray();
        Models.Scalar("ElementIntoInnerLoop").Check(new[] { x, y }, Step, g);

        // Y²n(n−1)/2 + YΣx: ∂/∂xᵢ = Y, ∂/∂yⱼ = Yn(n−1) + Σx.
        var h = x.Select(_ => sy).Concat(y.Select(_ => (sy * n * (n - 1)) + sx)).ToArray();
        var value = (sy * sy * n * (n - 1) / 2) + (sy * sx);
        foreach (var name in new[] { "ValueBeforeInnerLoop", "ElementBeforeInnerLoop" })
        {
            var f = Models.Scalar(name);
            NumericKit.AssertClose(value, f.Value(new[] { x, y }), 1e-14, name);
            f.Check(new[] { x, y }, Step, h);
        }
    }

    [Fact]
    public void OverwrittenElements_OnlyTheLastStoreCounts()
    {
        // f = Σ_j sin(x_last·y_j)²: ∂f/∂x_i = 0 except the last, ∂f/∂x_last = Σ 2 e_j cos(x_last y_j) y_j, ∂f/∂y_j = 2 e_j cos(x_last y_j) x_last.
        var f = Models.Scalar("Overwrite");
        double[] x = { 0.3, -0.8, 0.6 }, y = { 1.1, -0.4 };
        double xl = x[^1];
        var g = new double[5];
        for (int j = 0; j < 2; j++)
        {
            double e = Math.Sin(xl * y[j]), c = Math.Cos(xl * y[j]);
            g[2] += 2 * e * c * y[j];
            g[3 + j] = 2 * e * c * xl;
        }

        f.Check(new[] { x, y }, Step, g);

        var rng = new Random(22);
        foreach (int n in new[] { 1, 2, 5 })
        {
            Models.Scalar("StoreThenCarry").Check(new[] { Random(rng, n) }, Step, seed: n);
        }
    }

    [Fact]
    public void TapedLoopsNotStartingAtZero_PowClampMin_AndABatchOfCalls()
    {
        var rng = new Random(23);
        Models.Scalar("OffsetStarts").Check(new[] { Random(rng, 6, 0.5, 1.0), S(3), S(6) }, 0.02);
        Models.Scalar("OffsetStarts").Check(new[] { Random(rng, 5, 0.5, 1.0), S(1), S(5) }, 0.02, seed: 2);
        // A point whose trajectory stays away from the clamp bounds, from s = 1.5 and from Min's switch (a kink within the
        // finite-difference step would show as a mismatch).
        Models.Scalar("PowClampMin").Check(new[] { new[] { 0.4, 1.7, -0.3, 0.9 } }, 0.01);
        Models.Scalar("Batch").Check(new[] { Random(rng, 6), Random(rng, 3), Random(rng, 6, -2, 2), S(3), S(2) }, Step);
    }

    [Fact]
    public void ACallWithLoopsAndALocalArrayInOneBranchOfAConditional()
    {
        var f = Models.Scalar("ConditionalCall");
        // x0 > 0: Σ (i + 1)x_i², gradient 2(i + 1)x_i, Hessian diag(2(i + 1)).
        var x = new[] { 0.5, -1.2, 0.8 };
        f.Check(new[] { x }, Step, x.Select((v, i) => 2 * (i + 1) * v).ToArray(), new double[] { 2, 0, 0, 0, 4, 0, 0, 0, 6 });
        // x0 < 0: x0·x1, the helper's branch contributes exact zeros.
        x = new[] { -0.5, -1.2, 0.8 };
        f.Check(new[] { x }, Step, new[] { -1.2, -0.5, 0 }, new double[] { 0, 1, 0, 1, 0, 0, 0, 0, 0 });
    }

    [Fact]
    public void CompoundAssignmentsConstLengthsAndIntLocals()
    {
        var rng = new Random(24);
        Models.Scalar("CompoundOps").Check(new[] { Random(rng, 4, 0.5, 2) }, Step);

        // Σ_{i<3} x_i x_{i+1} / n.
        var x = Random(rng, 5);
        var g = new double[5];
        var h = new double[25];
        for (int i = 0; i < 3; i++)
        {
            g[i] += x[i + 1] / 5;
            g[i + 1] += x[i] / 5;
            h[(i * 5) + i + 1] = h[((i + 1) * 5) + i] = 1.0 / 5;
        }

        Models.Scalar("ConstLength").Check(new[] { x }, Step, g, h);

        // Σ (i + 1)x_i² + Σ i·x_i.
        x = Random(rng, 4);
        Models.Scalar("ReversedByLocal").Check(new[] { x }, Step, x.Select((v, i) => (2 * (i + 1) * v) + i).ToArray(),
            new double[] { 2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 6, 0, 0, 0, 0, 8 });
    }

    [Fact]
    public void AMethodOfDoublesCallingALoopMethodThroughALocalArray()
    {
        // log(e^a + e^2b): gradient (p, 2q), Hessian pq·[[1, −2], [−2, 4]] with (p, q) = softmax(a, 2b).
        var f = Models.Scalar("LogSumExpOfTwo");
        foreach (var (a, b) in new[] { (0.3, -0.4), (2.0, 1.5), (-1.0, 0.2) })
        {
            var pq = Softmax(new[] { a, 2 * b });
            double p = pq[0], q = pq[1], pqq = p * q;
            f.Check(new[] { S(a), S(b) }, Step, new[] { p, 2 * q }, new[] { pqq, -2 * pqq, -2 * pqq, 4 * pqq });
        }
    }

    // ----- vector-valued methods -----

    [Fact]
    public void DenseLayer_Jacobian()
    {
        // y = tanh(Wx + b) over p = (W, b, x): ∂y_j/∂W_jk = (1 − y_j²)x_k, ∂y_j/∂b_j = 1 − y_j², ∂y_j/∂x_k = (1 − y_j²)W_jk.
        var f = Models.Vector("Dense");
        var rng = new Random(17);
        foreach (var (m, n) in new[] { (3, 4), (4, 1), (2, 5) })
        {
            double[] w = Random(rng, m * n), b = Random(rng, m), x = Random(rng, n, -2, 2);
            int d = (m * n) + m + n;
            var j = new double[m * d];
            for (int r = 0; r < m; r++)
            {
                double a = b[r];
                for (int k = 0; k < n; k++)
                {
                    a += w[(r * n) + k] * x[k];
                }

                double y = Math.Tanh(a), dy = 1 - (y * y);
                for (int k = 0; k < n; k++)
                {
                    j[(r * d) + (r * n) + k] = dy * x[k];
                    j[(r * d) + (m * n) + m + k] = dy * w[(r * n) + k];
                }

                j[(r * d) + (m * n) + r] = dy;
            }

            f.Check(new[] { w, b, x, new double[m] }, Step, j, seed: m);
        }
    }

    [Fact]
    public void Softmax_JacobianIsDiagPMinusPPTranspose()
    {
        var f = Models.Vector("Softmax");
        var rng = new Random(18);
        foreach (int n in new[] { 1, 2, 5 })
        {
            var z = Random(rng, n, -2, 2);
            f.Check(new[] { z, new double[n] }, Step, SoftmaxHessian(Softmax(z)), seed: n);
        }
    }

    [Fact]
    public void MoreResultsThanParameters_JacobianColumnByColumn()
    {
        // y_i = a·exp(b·t_i): ∂y_i/∂a = exp(b t_i), ∂y_i/∂b = a t_i exp(b t_i).
        var f = Models.Vector("ExpCurve");
        var t = new[] { 0.0, 0.5, 1.0, 1.5, -0.7, 2.0 };
        double a = 1.3, b = -0.6;
        var j = t.SelectMany(ti => new[] { Math.Exp(b * ti), a * ti * Math.Exp(b * ti) }).ToArray();
        f.Check(new[] { S(a), S(b), t, new double[t.Length] }, Step, j);
    }

    [Fact]
    public void MatrixVectorProductAccumulatedIntoTheResult()
    {
        // y = Aᵀx: ∂y_j/∂A_il = δ_jl x_i, ∂y_j/∂x_i = A_ij.
        var f = Models.Vector("MatVec");
        var rng = new Random(19);
        foreach (var (n, m) in new[] { (3, 2), (2, 3) })
        {
            double[] a = Random(rng, n * m), x = Random(rng, n);
            int d = (n * m) + n;
            var j = new double[m * d];
            for (int r = 0; r < m; r++)
            {
                for (int i = 0; i < n; i++)
                {
                    j[(r * d) + (i * m) + r] = x[i];
                    j[(r * d) + (n * m) + i] = a[(i * m) + r];
                }
            }

            // The result starts with garbage: the method zeroes it, so must the generated code.
            f.Check(new[] { a, x, Random(rng, m, 5, 6) }, Step, j);
        }
    }

    [Fact]
    public void AResultWithoutDifferentiableParameters_IsStillWritten()
    {
        var f = Models.Vector("Shift");
        var c = new[] { 1.0, -2.0, 0.5 };
        f.Check(new[] { new[] { 0.4, -0.3 }, c, new double[3] }, Step);

        // x empty: n = 0 columns, y = c; every generated method still computes y.
        var args = new[] { Array.Empty<double>(), c, new double[3] };
        Assert.Equal(c, f.Value(args));
        Assert.Equal(c, f.VectorJacobianProduct(args, new double[3]).Y);
        Assert.Equal(c, f.JacobianVectorProduct(args, Array.Empty<double>()).Y);
        Assert.Equal(c, f.Jacobian(args).Y);

        // The same with y = Aᵀx and x empty: y = 0.
        var matVec = Models.Vector("MatVec");
        var none = new[] { Array.Empty<double>(), Array.Empty<double>(), new double[] { 7, 7 } };
        Assert.Equal(new double[2], matVec.Value(none));
        Assert.Equal(new double[2], matVec.Jacobian(none).Y);
    }

    // ----- empty and length-1 arrays -----

    [Fact]
    public void EmptyArrays()
    {
        var empty = Array.Empty<double>();
        Models.Scalar("Dot").Check(new[] { empty, empty }, Step);
        Assert.Equal(0.0, Models.Scalar("Dot").Gradient(new[] { empty, empty }).Value);
        Models.Scalar("Product").Check(new[] { empty }, Step);
        Assert.Equal(1.0, Models.Scalar("Product").Hessian(new[] { empty }).Value);
        Models.Scalar("Triangular").Check(new[] { empty }, Step);
        Models.Scalar("Quadratic").Check(new[] { empty, empty }, Step);
        Models.Scalar("Smoothness").Check(new[] { empty }, Step);
        Models.Scalar("Mixed").Check(new[] { S(0.5), empty, S(2.0), S(1) }, Step, new[] { 2.0, 0.5 }, new[] { 0.0, 1, 1, 0 });
        Models.Scalar("Mlp").Check(new[] { empty, empty, empty, S(0.3), new[] { 1.0, 2.0 }, S(1.0) }, Step, new[] { -0.7 }, new[] { 1.0 });
        Models.Vector("Dense").Check(new[] { empty, empty, new[] { 1.0, 2.0 }, empty }, Step);        // m = 0
        Models.Vector("Dense").Check(new[] { empty, new[] { 0.3, -0.2 }, empty, new double[2] }, Step, new[] { 1 - Math.Pow(Math.Tanh(0.3), 2), 0, 0, 1 - Math.Pow(Math.Tanh(-0.2), 2) }); // n = 0
    }

    [Fact]
    public void LengthOneArrays()
    {
        var f = Models.Scalar("Product");
        f.Check(new[] { S(-1.7) }, Step, S(1.0), S(0.0));
        Models.Scalar("Dot").Check(new[] { S(2.0), S(-3.0) }, Step, new[] { -3.0, 2.0 }, new[] { 0.0, 1, 1, 0 });
        Models.Scalar("LogSumExp").Check(new[] { S(0.8) }, Step, S(1.0), S(0.0));
        Models.Scalar("SoftmaxCrossEntropy").Check(new[] { S(0.8), S(0) }, Step, S(0.0), S(0.0));
        Models.Scalar("Triangular").Check(new[] { S(1.5) }, Step, S(3.0), S(2.0));
        Models.Scalar("Quadratic").Check(new[] { S(1.5), S(-2.0) }, Step, new[] { -6.0, 2.25 }, new[] { -4.0, 3, 3, 0 });
        Models.Vector("Softmax").Check(new[] { S(0.3), new double[1] }, Step, S(0.0));
        Models.Vector("Dense").Check(new[] { S(0.5), S(-0.1), S(0.8), new double[1] }, Step);
    }

    // ----- the span contract -----

    private const double Sentinel = 12345.678;

    private static double[] Filled(int length) => Enumerable.Repeat(Sentinel, length).ToArray();

    [Fact]
    public void ScalarMethods_ShortOutputsAndVectors_ThrowNamingTheSpan_AndWriteNothing()
    {
        var f = Models.Scalar("Dot");
        double[] x = { 1, 2, 3 }, y = { 4, 5, 6 };
        var a = new[] { x, y };

        void Throws(string param, Action call, params double[][] untouched)
        {
            var e = Assert.Throws<ArgumentException>(call);
            Assert.Equal(param, e.ParamName);
            foreach (var u in untouched)
            {
                Assert.All(u, v => Assert.Equal(Sentinel, v));
            }
        }

        var g = Filled(5);
        Throws("gradient", () => f.RawGradient(a, g), g);
        var h = Filled(36);
        g = Filled(5);
        Throws("gradient", () => f.RawHessian(a, g, h), g, h);
        g = Filled(6);
        h = Filled(35);
        Throws("hessian", () => f.RawHessian(a, g, h), g, h);
        var p = Filled(6);
        Throws("vector", () => f.RawHessianVectorProduct(a, new double[5], p), p);
        p = Filled(5);
        Throws("product", () => f.RawHessianVectorProduct(a, new double[6], p), p);

        // Longer outputs: the first n (n²) entries are written, the rest left alone.
        g = Filled(8);
        h = Filled(40);
        Assert.Equal(32.0, f.RawHessian(a, g, h));
        Assert.Equal(new double[] { 4, 5, 6, 1, 2, 3, Sentinel, Sentinel }, g);
        Assert.Equal(Enumerable.Repeat(Sentinel, 4), h.Skip(36));
        Assert.Equal(1.0, h[3]);

        // A parameter before the arrays and a bool: the dimension counts only differentiable entries.
        var mixed = Models.Scalar("Mixed");
        g = Filled(4);
        Throws("gradient", () => mixed.RawGradient(new[] { S(1), new double[3], S(2), S(1) }, g), g);
        Assert.Equal(7.0, mixed.RawGradient(new[] { S(1), new[] { 1.0, 1, 1 }, S(1), S(1) }, new double[5]));
    }

    [Fact]
    public void VectorMethods_ShortOutputsAndVectors_ThrowNamingTheSpan_AndWriteNothing()
    {
        var f = Models.Vector("Dense");
        // m = 2, n = 3: p has 6 + 2 + 3 = 11 entries.
        double[] w = { 1, 2, 3, 4, 5, 6 }, b = { 0.1, 0.2 }, x = { 0.3, -0.2, 0.1 };

        void Throws(string param, Action<double[][]> call, params double[][] untouched)
        {
            var a = new[] { w, b, x, Filled(2) };
            var e = Assert.Throws<ArgumentException>(() => call(a));
            Assert.Equal(param, e.ParamName);
            foreach (var u in untouched.Append(a[3]))
            {
                Assert.All(u, v => Assert.Equal(Sentinel, v));
            }
        }

        var j = Filled(21);
        Throws("jacobian", a => f.RawJacobian(a, j), j);
        var g = Filled(11);
        Throws("cotangent", a => f.RawVectorJacobianProduct(a, new double[1], g), g);
        g = Filled(10);
        Throws("gradient", a => f.RawVectorJacobianProduct(a, new double[2], g), g);
        var p = Filled(2);
        Throws("vector", a => f.RawJacobianVectorProduct(a, new double[10], p), p);
        p = Filled(1);
        Throws("product", a => f.RawJacobianVectorProduct(a, new double[11], p), p);
    }

    private delegate double DotGradientMethod(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient);

    private delegate double DotHessianMethod(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient, Span<double> hessian);

    private delegate double DotHvpMethod(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> vector, Span<double> product);

    private delegate void DenseJacobianMethod(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, Span<double> jacobian);

    private delegate void DenseVjpMethod(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> cotangent, Span<double> gradient);

    private delegate void DenseJvpMethod(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> vector, Span<double> product);

    private delegate void DenseMethod(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y);

    [Fact]
    public void ScalarMethods_AnOutputOverlappingAnInput_Throws()
    {
        var gradient = Models.Method<DotGradientMethod>("DotGradient");
        var hessian = Models.Method<DotHessianMethod>("DotHessian");
        var hvp = Models.Method<DotHvpMethod>("DotHessianVectorProduct");
        var buffer = Filled(64);

        void Throws(string param, Action call)
        {
            var e = Assert.Throws<ArgumentException>(call);
            Assert.Equal(param, e.ParamName);
        }

        // x = buffer[0..3], y = buffer[3..6]; outputs start inside x or y.
        Throws("gradient", () => gradient(buffer.AsSpan(0, 3), buffer.AsSpan(3, 3), buffer.AsSpan(5, 6)));
        Throws("gradient", () => gradient(buffer.AsSpan(0, 3), buffer.AsSpan(3, 3), buffer.AsSpan(0, 6)));
        Throws("gradient", () => hessian(buffer.AsSpan(0, 3), buffer.AsSpan(3, 3), buffer.AsSpan(2, 6), new double[36]));
        Throws("hessian", () => hessian(buffer.AsSpan(0, 3), buffer.AsSpan(3, 3), new double[6], buffer.AsSpan(4, 36)));
        Throws("product", () => hvp(buffer.AsSpan(0, 3), buffer.AsSpan(3, 3), new double[6], buffer.AsSpan(1, 6)));
        Throws("product", () => hvp(buffer.AsSpan(0, 3), buffer.AsSpan(3, 3), buffer.AsSpan(10, 6), buffer.AsSpan(15, 6)));
        Assert.All(buffer, v => Assert.Equal(Sentinel, v));

        // Adjacent, not overlapping: fine.
        Array.Fill(buffer, 1.0);
        Assert.Equal(3.0, gradient(buffer.AsSpan(0, 3), buffer.AsSpan(3, 3), buffer.AsSpan(6, 6)));
        // Inputs may overlap each other (they are only read): x = y.
        Assert.Equal(14.0, gradient(new double[] { 1, 2, 3 }, new double[] { 1, 2, 3 }, new double[6]));
        var shared = new double[] { 1, 2, 3 };
        var g = new double[6];
        Assert.Equal(14.0, gradient(shared, shared, g));
        Assert.Equal(new double[] { 1, 2, 3, 1, 2, 3 }, g);
    }

    [Fact]
    public void VectorMethods_AnOutputOverlappingAnInput_Throws()
    {
        var jacobian = Models.Method<DenseJacobianMethod>("DenseJacobian");
        var vjp = Models.Method<DenseVjpMethod>("DenseVectorJacobianProduct");
        var jvp = Models.Method<DenseJvpMethod>("DenseJacobianVectorProduct");
        // w = buffer[0..6], b = buffer[6..8], x = buffer[8..11]; m = 2, n = 11.
        var buffer = Filled(100);

        void Throws(string param, Action call)
        {
            var e = Assert.Throws<ArgumentException>(call);
            Assert.Equal(param, e.ParamName);
        }

        Span<double> W() => buffer.AsSpan(0, 6);
        Span<double> B() => buffer.AsSpan(6, 2);
        Span<double> X() => buffer.AsSpan(8, 3);
        Throws("jacobian", () => jacobian(W(), B(), X(), new double[2], buffer.AsSpan(5, 22)));
        Throws("y", () => jacobian(W(), B(), X(), buffer.AsSpan(7, 2), new double[22]));
        Throws("gradient", () => vjp(W(), B(), X(), new double[2], new double[2], buffer.AsSpan(10, 11)));
        Throws("y", () => vjp(W(), B(), X(), buffer.AsSpan(10, 2), new double[2], new double[11]));
        Throws("gradient", () => vjp(W(), B(), X(), new double[2], buffer.AsSpan(40, 2), buffer.AsSpan(30, 11)));
        Throws("product", () => jvp(W(), B(), X(), new double[2], new double[11], buffer.AsSpan(1, 2)));
        Throws("y", () => jvp(W(), B(), X(), buffer.AsSpan(0, 2), new double[11], new double[2]));
        Throws("product", () => jvp(W(), B(), X(), new double[2], buffer.AsSpan(40, 11), buffer.AsSpan(50, 2)));
        Assert.All(buffer, v => Assert.Equal(Sentinel, v));
    }

    [Fact]
    public void JacobianVectorProduct_AResultOverlappingTheVector_Throws()
    {
        // y is written while the vector v is still read: v is an input like the others.
        var jvp = Models.Method<DenseJvpMethod>("DenseJacobianVectorProduct");
        double[] w = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, b = { 0.1, -0.2 }, x = { 0.3, -0.2, 0.1 };
        // vector = buffer[0..11], y = buffer[8..10]: y[0] lands on v[8] (the tangent of x[0]) before row 1 reads it.
        var buffer = Enumerable.Range(0, 20).Select(i => (i * 0.1) - 0.5).ToArray();
        var e = Assert.Throws<ArgumentException>(() => jvp(w, b, x, buffer.AsSpan(8, 2), buffer.AsSpan(0, 11), new double[2]));
        Assert.Equal("y", e.ParamName);
    }

    private delegate double ProductHessianMethod(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian);

    /// <summary>
    /// Outputs that share memory with each other (not covered by the documented contract, which names outputs
    /// overlapping inputs): the call must either throw an ArgumentException or give the same results as with
    /// separate buffers, never silently wrong numbers.
    /// </summary>
    [Fact]
    public void OutputsOverlappingEachOther_ThrowOrGiveTheRightResults()
    {
        double[] w = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, b = { 0.1, -0.2 }, x = { 0.3, -0.2, 0.1 };
        double[] u = { 0.7, -1.1 }, v = Enumerable.Range(0, 11).Select(i => (i * 0.1) - 0.5).ToArray();
        var dense = Models.Vector("Dense");
        var (yRef, jRef) = dense.Jacobian(new[] { w, b, x, new double[2] });
        var (_, gRef) = dense.VectorJacobianProduct(new[] { w, b, x, new double[2] }, u);
        var (_, pRef) = dense.JacobianVectorProduct(new[] { w, b, x, new double[2] }, v);
        var failures = new System.Collections.Generic.List<string>();

        void Expect(string what, Action call, Func<bool> correct)
        {
            try
            {
                call();
                if (!correct())
                {
                    failures.Add(what + ": no exception and wrong results");
                }
            }
            catch (ArgumentException)
            {
            }
        }

        var vjp = Models.Method<DenseVjpMethod>("DenseVectorJacobianProduct");
        var jvp = Models.Method<DenseJvpMethod>("DenseJacobianVectorProduct");
        var jacobian = Models.Method<DenseJacobianMethod>("DenseJacobian");
        var buffer = new double[40];
        Expect("DenseVectorJacobianProduct, gradient overlapping y",
            () => vjp(w, b, x, buffer.AsSpan(0, 2), u, buffer.AsSpan(0, 11)),
            () => buffer.Take(11).SequenceEqual(gRef));
        buffer = new double[40];
        Expect("DenseJacobianVectorProduct, product overlapping y",
            () => jvp(w, b, x, buffer.AsSpan(0, 2), v, buffer.AsSpan(0, 2)),
            () => buffer.Take(2).SequenceEqual(pRef));
        buffer = new double[40];
        Expect("DenseJacobian, jacobian overlapping y",
            () => jacobian(w, b, x, buffer.AsSpan(20, 2), buffer.AsSpan(0, 22)),
            () => buffer.Take(22).SequenceEqual(jRef));

        var hessian = Models.Method<ProductHessianMethod>("ProductHessian");
        double[] p = { 0.5, 2.0, -1.5 };
        var (_, gp, hp) = Models.Scalar("Product").Hessian(new[] { p });
        buffer = new double[40];
        Expect("ProductHessian, gradient overlapping hessian",
            () => hessian(p, buffer.AsSpan(0, 3), buffer.AsSpan(0, 9)),
            () => buffer.Take(3).SequenceEqual(gp) && buffer.Take(9).SequenceEqual(hp));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // ----- allocation -----

    private static long Allocated(Action call)
    {
        call();
        call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        call();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2000)]
    public void ScalarMethods_AllocateNothing(int n)
    {
        var rng = new Random(n);
        var x = Random(rng, n, 0.9, 1.1);
        var product = Models.Scalar("Product");
        var ce = Models.Scalar("SoftmaxCrossEntropy");
        var softmaxMean = Models.Scalar("SoftmaxMean");
        var matVecNorm = Models.Scalar("MatVecNorm");
        var mlp = Models.Scalar("Mlp");
        double[] g = new double[n], v = Random(rng, n), hv = new double[n];
        var productArgs = new[] { x };
        var ceArgs = new[] { x, S(1) };
        var meanArgs = new[] { x };
        var matArgs = new[] { Random(rng, n * 2), x, S(2) };   // a local new double[m] and a local array adjoint
        double[] gm = new double[(n * 2) + n], vm = Random(rng, (n * 2) + n), hvm = new double[(n * 2) + n];
        int hidden = Math.Min(n, 300);
        var mlpArgs = new[] { Random(rng, hidden * 2), Random(rng, hidden), Random(rng, hidden), S(0.1), new[] { 0.5, -0.5 }, S(0.2) };
        int dm = (hidden * 2) + hidden + hidden + 1;
        double[] gl = new double[dm], vl = Random(rng, dm), hvl = new double[dm];

        Assert.Equal(0, Allocated(() => product.RawGradient(productArgs, g)));
        Assert.Equal(0, Allocated(() => product.RawHessianVectorProduct(productArgs, v, hv)));
        Assert.Equal(0, Allocated(() => ce.RawGradient(ceArgs, g)));
        Assert.Equal(0, Allocated(() => ce.RawHessianVectorProduct(ceArgs, v, hv)));
        Assert.Equal(0, Allocated(() => softmaxMean.RawGradient(meanArgs, g)));
        Assert.Equal(0, Allocated(() => softmaxMean.RawHessianVectorProduct(meanArgs, v, hv)));
        Assert.Equal(0, Allocated(() => matVecNorm.RawGradient(matArgs, gm)));
        Assert.Equal(0, Allocated(() => matVecNorm.RawHessianVectorProduct(matArgs, vm, hvm)));
        Assert.Equal(0, Allocated(() => mlp.RawGradient(mlpArgs, gl)));
        Assert.Equal(0, Allocated(() => mlp.RawHessianVectorProduct(mlpArgs, vl, hvl)));

        // The dense Hessian: at most 300 × 300 (its scratch exceeds the 256-double stack block above 256).
        int k = Math.Min(n, 300);
        var xk = x.Take(k).ToArray();
        double[] gk = new double[k], hk = new double[k * k];
        var ceK = new[] { xk, S(1) };
        Assert.Equal(0, Allocated(() => ce.RawHessian(ceK, gk, hk)));
        var productK = new[] { xk };
        Assert.Equal(0, Allocated(() => product.RawHessian(productK, gk, hk)));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2000)]
    public void VectorMethods_AllocateNothing(int n)
    {
        var rng = new Random(n);
        var softmax = Models.Vector("Softmax");
        var dense = Models.Vector("Dense");
        var z = Random(rng, n);
        var softmaxArgs = new[] { z, new double[n] };
        double[] u = Random(rng, n), g = new double[n], v = Random(rng, n), jv = new double[n];
        Assert.Equal(0, Allocated(() => softmax.RawVectorJacobianProduct(softmaxArgs, u, g)));
        Assert.Equal(0, Allocated(() => softmax.RawJacobianVectorProduct(softmaxArgs, v, jv)));

        // Dense: m = 2 results of n inputs.
        var denseArgs = new[] { Random(rng, 2 * n), Random(rng, 2), Random(rng, n), new double[2] };
        int d = (2 * n) + 2 + n;
        double[] ud = Random(rng, 2), gd = new double[d], vd = Random(rng, d), jd = new double[2], jac = new double[2 * d];
        Assert.Equal(0, Allocated(() => dense.RawVectorJacobianProduct(denseArgs, ud, gd)));
        Assert.Equal(0, Allocated(() => dense.RawJacobianVectorProduct(denseArgs, vd, jd)));
        Assert.Equal(0, Allocated(() => dense.RawJacobian(denseArgs, jac)));

        // Jacobians up to 300 × 300 (softmax) and 300 × 2 (column by column).
        int k = Math.Min(n, 300);
        var softmaxK = new[] { z.Take(k).ToArray(), new double[k] };
        var jk = new double[k * k];
        Assert.Equal(0, Allocated(() => softmax.RawJacobian(softmaxK, jk)));
        var curve = Models.Vector("ExpCurve");
        var curveArgs = new[] { S(1.2), S(-0.3), Random(rng, k), new double[k] };
        var jc = new double[k * 2];
        Assert.Equal(0, Allocated(() => curve.RawJacobian(curveArgs, jc)));
    }
}
