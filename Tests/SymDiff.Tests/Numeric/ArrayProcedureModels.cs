using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Tests.Infrastructure;
using Xunit.Sdk;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// The <c>[Differentiable]</c> array-and-loop methods of <see cref="ArrayProcedureTests"/>, compiled once through
/// <see cref="GeneratorHarness"/> (the real generator, in memory) together with array-based adapters, so that every
/// method, whatever its parameter list, is called the same way: each parameter is a <c>double[]</c> (a double or an
/// int is element 0, a bool is element 0 ≠ 0, an array is the array itself).
/// </summary>
internal static class ArrayProcedureModels
{
    /// <summary>The methods under test (class <c>A</c>).</summary>
    public const string Source = """
        using System;
        using SymDiff;

        public static partial class A
        {
            // (1/n)Σ(xᵢ − m)², m the mean from a first loop: the last loop is a sum of independent terms, so its
            // adjoint runs in the same pass (and accumulates the mean's adjoint for the first loop's reverse).
            [Differentiable]
            public static double CenteredSquares(ReadOnlySpan<double> x)
            {
                int n = x.Length;
                double m = 0;
                for (int i = 0; i < n; i++) m += x[i] / n;
                double s = 0;
                for (int i = 0; i < n; i++) s += (x[i] - m) * (x[i] - m) / n;
                return s;
            }

            // The mean squared error of the line a·x + b, plus a penalty on a: an affine function of the last loop's
            // sum, so that loop runs in one pass with its adjoint.
            [Differentiable]
            public static double LineFit(double a, double b, [Constant] ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> y)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += (a * x[i] + b - y[i]) * (a * x[i] + b - y[i]);
                return s / x.Length + 0.1 * a * a;
            }

            [Differentiable]
            public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
                return s;
            }

            // xᵀQx, Q (n × n, row-major) differentiable too.
            [Differentiable]
            public static double Quadratic(ReadOnlySpan<double> x, ReadOnlySpan<double> q)
            {
                int n = x.Length;
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        s += x[i] * q[i * n + j] * x[j];
                    }
                }

                return s;
            }

            // xᵀQx again, through row views: Q's row i is q.Slice(i * n, n), declared inside the loop.
            [Differentiable]
            public static double QuadraticByRows(ReadOnlySpan<double> x, ReadOnlySpan<double> q)
            {
                int n = x.Length;
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    var row = q.Slice(i * n, n);
                    double r = 0;
                    for (int j = 0; j < row.Length; j++)
                    {
                        r += row[j] * x[j];
                    }

                    s += x[i] * r;
                }

                return s;
            }

            // y = Wx into a double[] [Result] through row offsets: views of a double[] input and result (and in FBackward
            // of the result as a ReadOnlySpan).
            [Differentiable]
            public static void RowsOfArrays(double[] w, double[] x, int m, [Result] double[] y)
            {
                int n = x.Length;
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        y[(i * n) + j] = Math.Tanh(w[(i * n) + j] * x[j]);
                    }
                }
            }

            // xᵀQx over double[] parameters: the generated inner loops read Q's rows through q.AsSpan(i * n, n).
            [Differentiable]
            public static double QuadraticOfArrays(double[] x, double[] q)
            {
                int n = x.Length;
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        s += x[i] * q[(i * n) + j] * x[j];
                    }
                }

                return s;
            }

            // y = Wx through views of W's rows and of y's halves: y[0..m) = W x, y[m..2m) = 2 W x.
            [Differentiable]
            public static void RowsIntoHalves(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int m, [Result] Span<double> y)
            {
                int n = x.Length;
                var first = y.Slice(0, m);
                var second = y.Slice(m, m);
                for (int i = 0; i < m; i++)
                {
                    var row = w.Slice(i * n, n);
                    double a = 0;
                    for (int j = 0; j < n; j++)
                    {
                        a += row[j] * x[j];
                    }

                    first[i] = a;
                    second[i] = 2 * a;
                }
            }

            [Differentiable]
            public static double LogSumExp(ReadOnlySpan<double> z)
            {
                double m = z[0];
                for (int i = 1; i < z.Length; i++) m = Math.Max(m, z[i]);
                double s = 0;
                for (int i = 0; i < z.Length; ++i) s += Math.Exp(z[i] - m);
                return m + Math.Log(s);
            }

            [Differentiable]
            public static double SoftmaxCrossEntropy(ReadOnlySpan<double> z, int label)
            {
                double m = z[0];
                for (int i = 1; i < z.Length; i++) m = Math.Max(m, z[i]);
                double s = 0;
                for (int i = 0; i < z.Length; i += 1) s += Math.Exp(z[i] - m);
                return m + Math.Log(s) - z[label];
            }

            // p *= x[i]: the reverse sweep needs the partial products (a tape).
            [Differentiable]
            public static double Product(ReadOnlySpan<double> x)
            {
                double p = 1;
                for (int i = 0; i < x.Length; i++) p *= x[i];
                return p;
            }

            // y = tanh(W·x + b), W (m × n, row-major), everything differentiable.
            [Differentiable]
            public static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, [Result] Span<double> y)
            {
                int n = x.Length;
                for (int j = 0; j < y.Length; j++)
                {
                    double a = b[j];
                    for (int k = 0; k < n; k++) a += w[j * n + k] * x[k];
                    y[j] = Math.Tanh(a);
                }
            }

            // ½(w2·tanh(W1·x + b1) + b2 − t)², x and t are data; the hidden layer is a local array.
            [Differentiable]
            public static double Mlp(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2, [Constant] ReadOnlySpan<double> x, [Constant] double t)
            {
                int h = b1.Length;
                int d = x.Length;
                Span<double> hidden = stackalloc double[h];
                for (int j = 0; j < h; j++)
                {
                    double a = b1[j];
                    for (int k = 0; k < d; k++) a += w1[j * d + k] * x[k];
                    hidden[j] = Math.Tanh(a);
                }

                double o = b2;
                for (int j = 0; j < h; j++) o += w2[j] * hidden[j];
                double r = o - t;
                return 0.5 * r * r;
            }

            // The same network through calls to other [Differentiable] methods (slices, a [Result] local array).
            [Differentiable]
            public static double MlpByCalls(ReadOnlySpan<double> p, [Constant] ReadOnlySpan<double> x, [Constant] double t, int h)
            {
                int d = x.Length;
                Span<double> hidden = stackalloc double[h];
                Dense(p.Slice(0, h * d), p.Slice(h * d, h), x, hidden);
                double r = Dot(p.Slice(h * d + h, h), hidden) + p[h * d + 2 * h] - t;
                return 0.5 * r * r;
            }

            // Σ_{j ≤ i} x_i x_j = ½((Σx)² + Σx²): a triangular inner bound, nothing to tape.
            [Differentiable]
            public static double Triangular(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j <= i; j++)
                    {
                        s += x[i] * x[j];
                    }
                }

                return s;
            }

            // (Σx)(Σy) by a rectangular double loop.
            [Differentiable]
            public static double OuterSum(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                    for (int j = 0; j < y.Length; j++)
                        s += x[i] * y[j];
                return s;
            }

            // s is carried around the outer loop and through the inner one, nonlinearly (taped in both).
            [Differentiable]
            public static double NestedCarry(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                double s = 0.5;
                for (int i = 0; i < x.Length; i++)
                {
                    s = s * x[i] + 0.25;
                    for (int j = 0; j < y.Length; j++)
                    {
                        s += Math.Sin(s * y[j]) * x[i];
                    }
                }

                return s * s;
            }

            // e[i] = …; s += e[i] in the same loop (store-to-load forwarding), e read again in a later loop.
            [Differentiable]
            public static double SoftmaxMean(ReadOnlySpan<double> x)
            {
                int n = x.Length;
                Span<double> e = stackalloc double[n];
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    e[i] = Math.Exp(x[i]);
                    s += e[i];
                }

                double r = 0;
                for (int i = 0; i < n; i++) r += e[i] * x[i];
                return r / s;
            }

            // u = Aᵀx accumulated with u[j] += across the outer loop into a local new double[m]; returns |u|².
            [Differentiable]
            public static double MatVecNorm(ReadOnlySpan<double> a, ReadOnlySpan<double> x, int m)
            {
                double[] u = new double[m];
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j < m; j++)
                    {
                        u[j] += a[i * m + j] * x[i];
                    }
                }

                double s = 0;
                for (int j = 0; j < m; j++) s += u[j] * u[j];
                return s;
            }

            // y = Aᵀx into the [Result], zeroed first and accumulated with +=.
            [Differentiable]
            public static void MatVec(ReadOnlySpan<double> a, ReadOnlySpan<double> x, [Result] Span<double> y)
            {
                int m = y.Length;
                for (int j = 0; j < m; j++) y[j] = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j < m; j++)
                    {
                        y[j] += a[i * m + j] * x[i];
                    }
                }
            }

            // double[] parameters and a Span<double> input.
            [Differentiable]
            public static double WeightedSquares(double[] x, double[] w, Span<double> c)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += w[i] * x[i] * x[i] + c[i] * x[i];
                return s;
            }

            // Scalars around an array: a·Σx² + b·Σx (+ a·b when withProduct).
            [Differentiable]
            public static double Mixed(double a, ReadOnlySpan<double> x, double b, bool withProduct)
            {
                double sq = 0, s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    sq += x[i] * x[i];
                    s += x[i];
                }

                return a * sq + b * s + (withProduct ? a * b : 0);
            }

            // The population variance of the first n entries: n in the bounds and in double arithmetic (/ n).
            [Differentiable]
            public static double Variance(ReadOnlySpan<double> x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += x[i];
                double mean = s / n;
                double v = 0;
                for (int i = 0; i < n; i++) v += (x[i] - mean) * (x[i] - mean);
                return v / n;
            }

            // Σ_{i=1..count} x[offset + stride·(i − 1)]² / i: int parameters in the index, a <= bound, the counter as a double.
            [Differentiable]
            public static double Strided(ReadOnlySpan<double> x, int offset, int stride, int count)
            {
                double s = 0;
                for (int i = 1; i <= count; i++)
                {
                    int k = offset + stride * (i - 1);
                    s += x[k] * x[k] / i;
                }

                return s;
            }

            // Σ (x_i − x_{i−1})²: a loop from 1.
            [Differentiable]
            public static double Smoothness(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 1; i < x.Length; i++)
                {
                    double d = x[i] - x[i - 1];
                    s += d * d;
                }

                return s;
            }

            // ?:, Math.Max and Math.Abs in the loop body: squared hinge + 0.1|x| + (x > 0 ? x³ : −x²).
            [Differentiable]
            public static double Piecewise(ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> t)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double hinge = Math.Max(0, 1 - t[i] * x[i]);
                    s += hinge * hinge + 0.1 * Math.Abs(x[i]) + (x[i] > 0 ? x[i] * x[i] * x[i] : -x[i] * x[i]);
                }

                return s;
            }

            // softmax as a vector result.
            [Differentiable]
            public static void Softmax(ReadOnlySpan<double> z, [Result] Span<double> p)
            {
                double m = z[0];
                for (int i = 1; i < z.Length; i++) m = Math.Max(m, z[i]);
                double s = 0;
                for (int i = 0; i < z.Length; i++) s += Math.Exp(z[i] - m);
                for (int i = 0; i < z.Length; i++) p[i] = Math.Exp(z[i] - m) / s;
            }

            // y_i = a·exp(b·t_i): two parameters, many results (the Jacobian goes column by column).
            [Differentiable]
            public static void ExpCurve(double a, double b, [Constant] ReadOnlySpan<double> t, [Result] Span<double> y)
            {
                for (int i = 0; i < y.Length; i++) y[i] = a * Math.Exp(b * t[i]);
            }

            // ----- more loop shapes -----

            // Two carried variables updated through a temporary (a Fibonacci-like recurrence, order matters).
            [Differentiable]
            public static double Recurrence(ReadOnlySpan<double> x)
            {
                double a = 1, b = 0.5;
                for (int i = 0; i < x.Length; i++)
                {
                    double t = a;
                    a = b;
                    b = t * b + x[i];
                }

                return a * b;
            }

            // r uses s after this iteration's update; a loop-invariant local (scale) used in both loops.
            [Differentiable]
            public static double UpdatedThenUsed(ReadOnlySpan<double> x, double c)
            {
                double scale = Math.Exp(c);
                double s = 0, r = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += scale * x[i];
                    r += s * s;
                }

                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j < 2; j++)
                    {
                        r += scale * x[i] * j;
                    }
                }

                return r;
            }

            // Exclusive prefix sums stored from a carried variable, read in a later loop; e[i] -= …; reversed indexing.
            [Differentiable]
            public static double PrefixSums(ReadOnlySpan<double> x)
            {
                int n = x.Length;
                Span<double> e = stackalloc double[n];
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    e[i] = s;
                    e[i] -= 0.5 * x[i] * x[i];
                    s += x[i];
                }

                double r = 0;
                for (int i = 0; i <= n - 1; i++) r += e[i] * x[n - 1 - i];
                return r;
            }

            // A differentiable double parameter carried (reassigned) through the loop.
            [Differentiable]
            public static double ParameterCarried(double a, ReadOnlySpan<double> x)
            {
                for (int i = 0; i < x.Length; i++) a = a * 0.5 + Math.Sin(a * x[i]);
                return a;
            }

            [Differentiable]
            public static double Sq(double v) => v * v;

            // A scalar [Differentiable] helper, Math.Pow and SymMath.Sigmoid inside the loop; if/else on scalars.
            [Differentiable]
            public static double HelpersAndIf(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    if (x[i] > 0)
                    {
                        s += Sq(x[i]) + Math.Pow(x[i], 3);
                    }
                    else
                    {
                        s -= SymMath.Sigmoid(x[i]) * s;
                    }
                }

                return s;
            }

            // ?: choosing between updates of a carried variable (taped); the last value kept.
            [Differentiable]
            public static double ConditionalCarry(ReadOnlySpan<double> x)
            {
                double s = 1, last = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s = x[i] > 0 ? s + x[i] * s : s * Math.Cos(x[i]);
                    last = x[i] * s;
                }

                return s + last;
            }

            // A [Result] written in one loop, read back (forwarded in the same iteration) and added to in a later one.
            [Differentiable]
            public static void ResultTwice(ReadOnlySpan<double> x, [Result] Span<double> y)
            {
                double s = 0;
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = x[i] * x[i];
                    s += y[i];
                }

                for (int i = 0; i < y.Length; i++) y[i] += s * x[i];
            }

            // y += Aᵀx into the [Result] without zeroing it first: y keeps what the caller put in it.
            [Differentiable]
            public static void AccumulateIntoResult(ReadOnlySpan<double> a, ReadOnlySpan<double> x, [Result] Span<double> y)
            {
                int m = y.Length;
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j < m; j++)
                    {
                        y[j] += a[i * m + j] * x[i];
                    }
                }
            }

            // A double[] [Result].
            [Differentiable]
            public static void SquaresIntoArray(double[] x, [Result] double[] y)
            {
                for (int i = 0; i < y.Length; i++) y[i] = x[i] * x[i];
            }

            // Σ_r LogSumExp(row r): a call with a loop (and the same counter name) inside a loop, on slices.
            [Differentiable]
            public static double RowsLogSumExp(ReadOnlySpan<double> z, int n, int rows)
            {
                double s = 0;
                for (int i = 0; i < rows; i++) s += LogSumExp(z.Slice(i * n, n));
                return s;
            }

            // The same carried nonlinearly: s += LogSumExp(row)·s.
            [Differentiable]
            public static double RowsLogSumExpCarried(ReadOnlySpan<double> z, int n, int rows)
            {
                double s = 0.5;
                for (int i = 0; i < rows; i++) s += LogSumExp(z.Slice(i * n, n)) * s;
                return s;
            }

            // Three nested loops, the carried value taped through all of them, counters in double arithmetic.
            [Differentiable]
            public static double ThreeLevels(ReadOnlySpan<double> x, int a, int b)
            {
                double s = 0.1;
                for (int i = 0; i < a; i++)
                    for (int j = 0; j < b; j++)
                        for (int k = 0; k < x.Length; k++)
                            s = Math.Sin(s + x[k] * (i + 1) * (j + 2));
                return s;
            }

            // e[j] overwritten in every outer iteration: only the last store counts.
            // Σx²(Σy + 1): an element stored in the outer loop is read inside an inner loop and after it.
            [Differentiable]
            public static double ElementIntoInnerLoop(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                Span<double> e = stackalloc double[x.Length];
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    e[i] = x[i] * x[i];
                    for (int j = 0; j < y.Length; j++) s += e[i] * y[j];
                    s += e[i];
                }

                return s;
            }

            // A value taken before an inner loop changes the variable it came from: t = Y²n(n−1)/2 + YΣx, Y = Σy.
            [Differentiable]
            public static double ValueBeforeInnerLoop(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                double s = 0, t = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double a = s + x[i];
                    for (int j = 0; j < y.Length; j++)
                    {
                        s += y[j];
                        t += a * y[j];
                    }
                }

                return t;
            }

            // The same through an element: e[i] holds s before the inner loop changes s.
            [Differentiable]
            public static double ElementBeforeInnerLoop(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                Span<double> e = stackalloc double[x.Length];
                double s = 0, t = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    e[i] = s + x[i];
                    for (int j = 0; j < y.Length; j++)
                    {
                        s += y[j];
                        t += e[i] * y[j];
                    }
                }

                return t;
            }

            [Differentiable]
            public static double Overwrite(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                int m = y.Length;
                Span<double> e = stackalloc double[m];
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j < m; j++)
                    {
                        e[j] = Math.Sin(x[i] * y[j]);
                    }
                }

                double s = 0;
                for (int j = 0; j < m; j++) s += e[j] * e[j];
                return s;
            }

            // e[i] = s, then s changes, then e[i] is read (the stored value, not the new s); e[0] overwritten after the loop.
            [Differentiable]
            public static double StoreThenCarry(ReadOnlySpan<double> x)
            {
                int n = x.Length;
                double[] e = new double[n];
                double s = 1, r = 0;
                for (int i = 0; i < n; i++)
                {
                    e[i] = s;
                    s = s * x[i] + 1;
                    r += e[i] * s;
                }

                e[0] = x[0] * 3;
                double t = 0;
                for (int i = 0; i < n; i++) t += e[i] * e[i];
                return r + t;
            }

            // Taped loops that do not start at 0 (the tape index is counter − start), one with <=.
            [Differentiable]
            public static double OffsetStarts(ReadOnlySpan<double> x, int a, int b)
            {
                double p = 1;
                for (int i = 2; i <= x.Length - 1; i++) p *= x[i] + x[i - 2];
                double s = 0.2;
                for (int i = 1; i < a; i++)
                {
                    for (int j = 3; j < b; j++)
                    {
                        s = Math.Sin(s * x[j - 3] + p * i);
                    }
                }

                return s + p;
            }

            // Pow with a variable exponent, Clamp and Min on the carried value; a bool local in the body.
            [Differentiable]
            public static double PowClampMin(ReadOnlySpan<double> x)
            {
                double s = 1.3;
                for (int i = 0; i < x.Length; i++)
                {
                    bool big = s > 1.5;
                    double c = Math.Clamp(s, 0.5, 2.0);
                    s = Math.Pow(c, x[i]) + Math.Min(s, x[i]) * (big ? 0.5 : 0.25);
                }

                return s;
            }

            // A batch: Dense on each sample's slice, writing slices of a local array from inside a loop.
            [Differentiable]
            public static double Batch(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [Constant] ReadOnlySpan<double> xs, int samples, int d)
            {
                int h = b.Length;
                Span<double> hs = stackalloc double[samples * h];
                for (int r = 0; r < samples; r++) Dense(w, b, xs.Slice(r * d, d), hs.Slice(r * h, h));
                double s = 0;
                for (int k = 0; k < samples * h; k++) s += hs[k] * hs[k] * (k + 1);
                return s;
            }

            // A helper with a local array and two loops.
            [Differentiable]
            public static double SquaresThroughArray(ReadOnlySpan<double> x)
            {
                Span<double> e = stackalloc double[x.Length];
                for (int i = 0; i < x.Length; i++) e[i] = x[i] * x[i];
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += e[i] * (i + 1);
                return s;
            }

            // That helper (its loops and local array) called in one branch of ?:.
            [Differentiable]
            public static double ConditionalCall(ReadOnlySpan<double> x)
            {
                return x[0] > 0 ? SquaresThroughArray(x) : x[0] * x[1];
            }

            private const int Three = 3;

            // /=, -=, ++ on the carried value; an empty local array's Length.
            [Differentiable]
            public static double CompoundOps(ReadOnlySpan<double> x)
            {
                Span<double> none = new double[0];
                double s = 1;
                for (int i = 0; i < x.Length; i++)
                {
                    s /= x[i];
                    s -= 0.5;
                    s++;
                }

                return s + none.Length;
            }

            // var e = new double[const]; e.Length as a bound; / x.Length in double arithmetic.
            [Differentiable]
            public static double ConstLength(ReadOnlySpan<double> x)
            {
                var e = new double[Three];
                for (int i = 0; i < e.Length; i++) e[i] = x[i] * x[i + 1];
                double s = 0;
                for (int i = 0; i < e.Length; i++) s += e[i] / x.Length;
                return s;
            }

            // An int local computed from the counter indexes backwards; a long counter.
            [Differentiable]
            public static double ReversedByLocal(ReadOnlySpan<double> x)
            {
                double s = 0;
                int n = x.Length;
                for (int i = 0; i < n; i++)
                {
                    int m = n - i;
                    s += x[m - 1] * x[m - 1] * m;
                }

                for (long i = 0; i < n; i++) s += x[(int)i] * i;
                return s;
            }

            // A method of doubles only that builds a local array and calls a loop method (the procedure form).
            [Differentiable]
            public static double LogSumExpOfTwo(double a, double b)
            {
                Span<double> e = stackalloc double[2];
                e[0] = a;
                e[1] = 2 * b;
                return LogSumExp(e);
            }

            // y_j = c_j + Σ x_k²: with x empty there is nothing to differentiate, but y must still be written.
            [Differentiable]
            public static void Shift(ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> c, [Result] Span<double> y)
            {
                double s = 0;
                for (int k = 0; k < x.Length; k++) s += x[k] * x[k];
                for (int j = 0; j < y.Length; j++) y[j] = c[j] + s;
            }
        }
        """;

    private static readonly Lazy<Compiled> Instance = new(Compile);

    /// <summary>The compiled models (compiled once per test run, shared by all tests).</summary>
    public static Compiled Models => Instance.Value;

    internal enum Kind
    {
        Scalar,
        Array,
        Integer,
        Boolean,
        Result,
    }

    internal sealed record Parameter(string Name, Kind Kind, bool Differentiable);

    internal sealed class Compiled
    {
        public Compiled(GeneratorRun run, Assembly assembly, Dictionary<string, Parameter[]> signatures)
        {
            Run = run;
            Assembly = assembly;
            Signatures = signatures;
        }

        public GeneratorRun Run { get; }

        public Assembly Assembly { get; }

        public Dictionary<string, Parameter[]> Signatures { get; }

        public ScalarModel Scalar(string name) => new(name, Parameters(name),
            GeneratorHarness.GetStaticDelegate<Func<double[][], double>>(Assembly, "Adapters", name + "_Value"),
            GeneratorHarness.GetStaticDelegate<Func<double[][], double[], double>>(Assembly, "Adapters", name + "_Gradient"),
            GeneratorHarness.GetStaticDelegate<Func<double[][], double[], double[], double>>(Assembly, "Adapters", name + "_Hessian"),
            GeneratorHarness.GetStaticDelegate<Func<double[][], double[], double[], double>>(Assembly, "Adapters", name + "_HessianVectorProduct"));

        public VectorModel Vector(string name) => new(name, Parameters(name),
            GeneratorHarness.GetStaticDelegate<Action<double[][]>>(Assembly, "Adapters", name + "_Value"),
            GeneratorHarness.GetStaticDelegate<Action<double[][], double[]>>(Assembly, "Adapters", name + "_Jacobian"),
            GeneratorHarness.GetStaticDelegate<Action<double[][], double[], double[]>>(Assembly, "Adapters", name + "_VectorJacobianProduct"),
            GeneratorHarness.GetStaticDelegate<Action<double[][], double[], double[]>>(Assembly, "Adapters", name + "_JacobianVectorProduct"));

        /// <summary>A generated (or user) method of class <c>A</c> as a delegate of the caller's choosing (for span-level contract tests).</summary>
        public TDelegate Method<TDelegate>(string name)
            where TDelegate : Delegate => GeneratorHarness.GetStaticDelegate<TDelegate>(Assembly, "A", name);

        private Parameter[] Parameters(string name) =>
            Signatures.TryGetValue(name, out var p) ? p : throw new XunitException($"No model '{name}'");
    }

    private static Compiled Compile()
    {
        var signatures = Signatures(Source);
        var run = GeneratorHarness.Run(Source, Adapters(signatures));
        run.AssertSuccess();
        return new Compiled(run, GeneratorHarness.LoadAssembly(run.OutputCompilation), signatures);
    }

    /// <summary>The parameter kinds of every [Differentiable] method, read from the source's syntax.</summary>
    private static Dictionary<string, Parameter[]> Signatures(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot();
        var result = new Dictionary<string, Parameter[]>(StringComparer.Ordinal);
        foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (!method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() == "Differentiable"))
            {
                continue;
            }

            result[method.Identifier.Text] = method.ParameterList.Parameters.Select(p =>
            {
                var attributes = p.AttributeLists.SelectMany(l => l.Attributes).Select(a => a.Name.ToString()).ToList();
                bool constant = attributes.Contains("Constant");
                var kind = attributes.Contains("Result") ? Kind.Result : p.Type!.ToString() switch
                {
                    "double" => Kind.Scalar,
                    "int" => Kind.Integer,
                    "bool" => Kind.Boolean,
                    "ReadOnlySpan<double>" or "Span<double>" or "double[]" => Kind.Array,
                    var other => throw new InvalidOperationException("Unexpected parameter type " + other),
                };
                return new Parameter(p.Identifier.Text, kind, !constant && kind is Kind.Scalar or Kind.Array);
            }).ToArray();
        }

        return result;
    }

    /// <summary>Class <c>Adapters</c>: <c>{Name}_Value</c>, <c>_Gradient</c>, ... taking every parameter as a double[].</summary>
    private static string Adapters(Dictionary<string, Parameter[]> signatures)
    {
        var s = new StringBuilder("public static class Adapters\n{\n");
        foreach (var (name, parameters) in signatures)
        {
            var args = string.Join(", ", parameters.Select((p, i) => p.Kind switch
            {
                Kind.Scalar => $"a[{i}][0]",
                Kind.Integer => $"(int)a[{i}][0]",
                Kind.Boolean => $"a[{i}][0] != 0",
                _ => $"a[{i}]",
            }));
            if (parameters.Any(p => p.Kind == Kind.Result))
            {
                s.AppendLine($"    public static void {name}_Value(double[][] a) => A.{name}({args});");
                s.AppendLine($"    public static void {name}_Jacobian(double[][] a, double[] j) => A.{name}Jacobian({args}, j);");
                s.AppendLine($"    public static void {name}_VectorJacobianProduct(double[][] a, double[] u, double[] g) => A.{name}VectorJacobianProduct({args}, u, g);");
                s.AppendLine($"    public static void {name}_JacobianVectorProduct(double[][] a, double[] v, double[] p) => A.{name}JacobianVectorProduct({args}, v, p);");
            }
            else
            {
                s.AppendLine($"    public static double {name}_Value(double[][] a) => A.{name}({args});");
                s.AppendLine($"    public static double {name}_Gradient(double[][] a, double[] g) => A.{name}Gradient({args}, g);");
                s.AppendLine($"    public static double {name}_Hessian(double[][] a, double[] g, double[] h) => A.{name}Hessian({args}, g, h);");
                s.AppendLine($"    public static double {name}_HessianVectorProduct(double[][] a, double[] v, double[] p) => A.{name}HessianVectorProduct({args}, v, p);");
            }
        }

        return s.Append("}\n").ToString();
    }
}

/// <summary>Arguments and the flattened vector p of differentiable parameters (declaration order).</summary>
internal abstract class ArrayModel
{
    protected ArrayModel(string name, ArrayProcedureModels.Parameter[] parameters)
    {
        Name = name;
        Parameters = parameters;
    }

    public string Name { get; }

    public ArrayProcedureModels.Parameter[] Parameters { get; }

    /// <summary>The length of p at these arguments.</summary>
    public int Dimension(double[][] a) => Parameters.Select((p, i) => p.Differentiable ? a[i].Length : 0).Sum();

    /// <summary>p: the differentiable entries of <paramref name="a"/>, flattened in declaration order.</summary>
    public double[] Flatten(double[][] a) =>
        Parameters.SelectMany((p, i) => p.Differentiable ? a[i] : Array.Empty<double>()).ToArray();

    /// <summary>A deep copy of <paramref name="a"/> with its differentiable entries replaced by <paramref name="p"/>.</summary>
    public double[][] With(double[][] a, double[] p)
    {
        var copy = Copy(a);
        int k = 0;
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (Parameters[i].Differentiable)
            {
                for (int j = 0; j < copy[i].Length; j++)
                {
                    copy[i][j] = p[k++];
                }
            }
        }

        return copy;
    }

    public static double[][] Copy(double[][] a) => a.Select(x => (double[])x.Clone()).ToArray();

    protected string At(double[][] a) =>
        $"{Name}({string.Join(", ", Parameters.Select((p, i) => p.Name + "=" + NumericKit.Format(a[i])))})";
}

/// <summary>A scalar-valued method with its generated Gradient, Hessian and HessianVectorProduct.</summary>
internal sealed class ScalarModel : ArrayModel
{
    private readonly Func<double[][], double> _value;
    private readonly Func<double[][], double[], double> _gradient;
    private readonly Func<double[][], double[], double[], double> _hessian;
    private readonly Func<double[][], double[], double[], double> _hvp;

    public ScalarModel(string name, ArrayProcedureModels.Parameter[] parameters, Func<double[][], double> value,
        Func<double[][], double[], double> gradient, Func<double[][], double[], double[], double> hessian, Func<double[][], double[], double[], double> hvp)
        : base(name, parameters)
    {
        _value = value;
        _gradient = gradient;
        _hessian = hessian;
        _hvp = hvp;
    }

    public Func<double[][], double[], double> RawGradient => _gradient;

    public Func<double[][], double[], double[], double> RawHessian => _hessian;

    public Func<double[][], double[], double[], double> RawHessianVectorProduct => _hvp;

    /// <summary>The user's method.</summary>
    public double Value(double[][] a) => _value(a);

    public (double Value, double[] Gradient) Gradient(double[][] a)
    {
        var g = new double[Dimension(a)];
        return (_gradient(a, g), g);
    }

    public (double Value, double[] Gradient, double[] Hessian) Hessian(double[][] a)
    {
        int n = Dimension(a);
        var g = new double[n];
        var h = new double[n * n];
        return (_hessian(a, g, h), g, h);
    }

    public (double Value, double[] Product) HessianVectorProduct(double[][] a, double[] v)
    {
        var product = new double[Dimension(a)];
        return (_hvp(a, v, product), product);
    }

    /// <summary>
    /// Every generated method at <paramref name="a"/> against independent truths: the value against the user's method;
    /// the gradient against Ridders-extrapolated central differences of the user's method (and
    /// <paramref name="gradient"/>, a closed form, to 1e-12); the Hessian (symmetric, its gradient the gradient's)
    /// against Ridders differences of the generated gradient (and <paramref name="hessian"/> to 1e-12); H·v for a
    /// random v against H times v and against the Ridders derivative of the generated gradient along v.
    /// </summary>
    public void Check(double[][] a, double step, double[]? gradient = null, double[]? hessian = null, int seed = 1,
        double gradientTolerance = 1e-8, double hessianTolerance = 1e-6, double closedTolerance = 1e-12)
    {
        string at = At(a);
        int n = Dimension(a);
        double[] p = Flatten(a);
        double f = Value(a);
        var (gv, g) = Gradient(a);
        NumericKit.AssertClose(f, gv, 1e-13, $"{at}: value returned by {Name}Gradient");
        NumericKit.AssertFinite(g, $"{at}: gradient");
        double gScale = Math.Max(1e-300, g.Select(Math.Abs).DefaultIfEmpty(0).Max());

        NumericKit.AssertAllClose(NumericKit.Gradient(q => Value(With(a, q)), p, step), g, gradientTolerance, $"{at}: gradient vs finite differences");
        if (gradient is not null)
        {
            NumericKit.AssertAllClose(gradient, g, closedTolerance, $"{at}: gradient vs closed form", Math.Max(1e-300, gradient.Select(Math.Abs).DefaultIfEmpty(0).Max()));
        }

        var (hv, hg, h) = Hessian(a);
        NumericKit.AssertClose(f, hv, 1e-13, $"{at}: value returned by {Name}Hessian");
        NumericKit.AssertAllClose(g, hg, 1e-13, $"{at}: gradient of {Name}Hessian vs {Name}Gradient", gScale);
        NumericKit.AssertFinite(h, $"{at}: Hessian");
        double hScale = Math.Max(1e-300, h.Select(Math.Abs).DefaultIfEmpty(0).Max());
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                NumericKit.AssertClose(h[(i * n) + j], h[(j * n) + i], 1e-13, $"{at}: Hessian symmetry [{i},{j}] vs [{j},{i}]", hScale);
            }
        }

        NumericKit.AssertAllClose(NumericKit.HessianFromGradient(q => Gradient(With(a, q)).Gradient, p, step), h, hessianTolerance,
            $"{at}: Hessian vs finite differences of the gradient", Math.Max(1, hScale));
        if (hessian is not null)
        {
            NumericKit.AssertAllClose(hessian, h, closedTolerance, $"{at}: Hessian vs closed form", Math.Max(1e-300, hessian.Select(Math.Abs).DefaultIfEmpty(0).Max()));
        }

        var rng = new Random(seed);
        double[] v = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
        var (pv, hvp) = HessianVectorProduct(a, v);
        NumericKit.AssertClose(f, pv, 1e-13, $"{at}: value returned by {Name}HessianVectorProduct");
        for (int i = 0; i < n; i++)
        {
            double expected = 0, scale = 1e-3; // an absolute floor of 1e-15 for entries that are rounding noise around 0
            for (int j = 0; j < n; j++)
            {
                expected += h[(i * n) + j] * v[j];
                scale += Math.Abs(h[(i * n) + j] * v[j]);
            }

            NumericKit.AssertClose(expected, hvp[i], 1e-12, $"{at}: (H·v)[{i}] vs Hessian times v", scale);
            double fd = NumericKit.Derivative(t => Gradient(With(a, p.Zip(v, (x, d) => x + (t * d)).ToArray())).Gradient[i], 0, step);
            NumericKit.AssertClose(fd, hvp[i], hessianTolerance, $"{at}: (H·v)[{i}] vs finite differences of the gradient along v", Math.Max(1, scale));
        }
    }
}

/// <summary>A vector-valued method ([Result] y) with its generated Jacobian, VectorJacobianProduct and JacobianVectorProduct.</summary>
internal sealed class VectorModel : ArrayModel
{
    private readonly Action<double[][]> _value;
    private readonly Action<double[][], double[]> _jacobian;
    private readonly Action<double[][], double[], double[]> _vjp;
    private readonly Action<double[][], double[], double[]> _jvp;

    public VectorModel(string name, ArrayProcedureModels.Parameter[] parameters, Action<double[][]> value, Action<double[][], double[]> jacobian,
        Action<double[][], double[], double[]> vjp, Action<double[][], double[], double[]> jvp)
        : base(name, parameters)
    {
        _value = value;
        _jacobian = jacobian;
        _vjp = vjp;
        _jvp = jvp;
        ResultIndex = Array.FindIndex(parameters, p => p.Kind == ArrayProcedureModels.Kind.Result);
    }

    public int ResultIndex { get; }

    public Action<double[][], double[]> RawJacobian => _jacobian;

    public Action<double[][], double[], double[]> RawVectorJacobianProduct => _vjp;

    public Action<double[][], double[], double[]> RawJacobianVectorProduct => _jvp;

    /// <summary>y by the user's method (on a copy of <paramref name="a"/>).</summary>
    public double[] Value(double[][] a)
    {
        var copy = Copy(a);
        _value(copy);
        return copy[ResultIndex];
    }

    /// <summary>The generated Jacobian (row-major m × n) and the y it wrote; y starts as NaN.</summary>
    public (double[] Y, double[] Jacobian) Jacobian(double[][] a)
    {
        var copy = Poisoned(a);
        var j = new double[copy[ResultIndex].Length * Dimension(a)];
        _jacobian(copy, j);
        return (copy[ResultIndex], j);
    }

    public (double[] Y, double[] Gradient) VectorJacobianProduct(double[][] a, double[] u)
    {
        var copy = Poisoned(a);
        var g = new double[Dimension(a)];
        _vjp(copy, u, g);
        return (copy[ResultIndex], g);
    }

    public (double[] Y, double[] Product) JacobianVectorProduct(double[][] a, double[] v)
    {
        var copy = Poisoned(a);
        var product = new double[copy[ResultIndex].Length];
        _jvp(copy, v, product);
        return (copy[ResultIndex], product);
    }

    /// <summary>
    /// Every generated method at <paramref name="a"/>: each writes y as the user's method does; the Jacobian matches
    /// Ridders differences of the user's method column by column (and <paramref name="jacobian"/>, a closed form, to
    /// 1e-12); uᵀJ and J·v for random u and v match the Jacobian.
    /// </summary>
    public void Check(double[][] a, double step, double[]? jacobian = null, int seed = 1, double tolerance = 1e-8)
    {
        string at = At(a);
        int n = Dimension(a);
        double[] p = Flatten(a);
        double[] y = Value(a);
        int m = y.Length;

        var (jy, j) = Jacobian(a);
        NumericKit.AssertAllClose(y, jy, 1e-14, $"{at}: y written by {Name}Jacobian");
        NumericKit.AssertFinite(j, $"{at}: Jacobian");
        var fd = new double[m * n];
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < m; i++)
            {
                int column = k, row = i;
                fd[(i * n) + k] = NumericKit.Derivative(t => Value(With(a, NumericKit.With(p, column, t)))[row], p[k], step);
            }
        }

        NumericKit.AssertAllClose(fd, j, tolerance, $"{at}: Jacobian vs finite differences");
        if (jacobian is not null)
        {
            NumericKit.AssertAllClose(jacobian, j, 1e-12, $"{at}: Jacobian vs closed form", Math.Max(1e-300, jacobian.Select(Math.Abs).DefaultIfEmpty(0).Max()));
        }

        var rng = new Random(seed);
        double[] u = Enumerable.Range(0, m).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
        double[] v = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();

        var (vy, vjp) = VectorJacobianProduct(a, u);
        NumericKit.AssertAllClose(y, vy, 1e-14, $"{at}: y written by {Name}VectorJacobianProduct");
        for (int k = 0; k < n; k++)
        {
            double expected = 0, scale = 1e-300;
            for (int i = 0; i < m; i++)
            {
                expected += u[i] * j[(i * n) + k];
                scale += Math.Abs(u[i] * j[(i * n) + k]);
            }

            NumericKit.AssertClose(expected, vjp[k], 1e-12, $"{at}: (uᵀJ)[{k}]", scale);
        }

        var (ty, jvp) = JacobianVectorProduct(a, v);
        NumericKit.AssertAllClose(y, ty, 1e-14, $"{at}: y written by {Name}JacobianVectorProduct");
        for (int i = 0; i < m; i++)
        {
            double expected = 0, scale = 1e-300;
            for (int k = 0; k < n; k++)
            {
                expected += j[(i * n) + k] * v[k];
                scale += Math.Abs(j[(i * n) + k] * v[k]);
            }

            NumericKit.AssertClose(expected, jvp[i], 1e-12, $"{at}: (J·v)[{i}]", scale);
        }
    }

    /// <summary>A copy of <paramref name="a"/> whose result is NaN, so that an unwritten element shows.</summary>
    private double[][] Poisoned(double[][] a)
    {
        var copy = Copy(a);
        Array.Fill(copy[ResultIndex], double.NaN);
        return copy;
    }
}
