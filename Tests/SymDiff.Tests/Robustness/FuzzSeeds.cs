namespace SymDiff.Tests.Robustness;

/// <summary>
/// Valid <c>[Differentiable]</c> sources (scalar, block-bodied, array and loop methods, vector results, calls
/// between methods), taken from the numeric tests and the samples, that the fuzzer cuts and mutates.
/// </summary>
internal static class FuzzSeeds
{
    /// <summary>The seeds; each compiles and generates without diagnostics.</summary>
    public static readonly string[] Sources =
    {
        """
        using System;
        using SymDiff;
        public static partial class SeedModel
        {
            [Differentiable]
            public static double F(double x, double y) => (x * x + Sigmoid(y)) / (3 * x + y - Sigmoid(x));
            [Differentiable]
            public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
        }
        """,
        """
        using System;
        using SymDiff;
        public static partial class NewtonSeed
        {
            [Differentiable]
            public static double F(double x, double y) => 2 * x * x + 2 * y * y - x * y - 17 * y * Math.Cos(0.2 * Math.PI * x);
        }
        """,
        """
        using System;
        using SymDiff;
        namespace N
        {
            public static partial class BlockBodies
            {
                private const double Scale = 2.5;
                [Differentiable]
                public static double Locals(double x, double y)
                {
                    double a = x * y;
                    double b = a + Math.Sin(x) * Scale;
                    a = b * b;
                    a += y;
                    a /= 2 + (y * y);
                    return a;
                }
            }
        }
        """,
        """
        using System;
        using SymDiff;
        public static partial class B
        {
            [Differentiable]
            public static double EarlyReturn(double x, double y)
            {
                if (x < 0)
                {
                    return x * x * y;
                }
                double t = Math.Exp(-x) * y;
                if (y > 1 && !(x > 3) || y < -1) { return t + x; } else { t *= 2; }
                const double c = 0.5;
                return x > c ? t * y : SymMath.Softplus(t) + Math.Pow(x, 3);
            }
        }
        """,
        """
        using System;
        using SymDiff;
        public static partial class A
        {
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
                return s;
            }
        }
        """,
        """
        using System;
        using SymDiff;
        public static partial class A
        {
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
        }
        """,
        """
        using System;
        using SymDiff;
        public static partial class A
        {
            [Differentiable]
            public static double LogSumExp(ReadOnlySpan<double> z)
            {
                double m = z[0];
                for (int i = 1; i < z.Length; i++) m = Math.Max(m, z[i]);
                double s = 0;
                for (int i = 0; i < z.Length; ++i) s += Math.Exp(z[i] - m);
                return m + Math.Log(s);
            }
        }
        """,
        """
        using System;
        using SymDiff;
        public static partial class A
        {
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
        }
        """,
        """
        using System;
        using SymDiff;
        public static partial class A
        {
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
        }
        """,
        """
        using System;
        using SymDiff;
        public static partial class A
        {
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
                return s;
            }
            [Differentiable]
            public static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, [Result] Span<double> y)
            {
                int n = x.Length;
                for (int j = 0; j < y.Length; j++) { double a = b[j]; for (int k = 0; k < n; k++) a += w[j * n + k] * x[k]; y[j] = Math.Tanh(a); }
            }
            [Differentiable]
            public static double MlpByCalls(ReadOnlySpan<double> p, [Constant] ReadOnlySpan<double> x, [Constant] double t, int h)
            {
                int d = x.Length;
                Span<double> hidden = stackalloc double[h];
                Dense(p.Slice(0, h * d), p.Slice(h * d, h), x, hidden);
                double r = Dot(p.Slice(h * d + h, h), hidden) + p[h * d + 2 * h] - t;
                return 0.5 * r * r;
            }
        }
        """,
        """
        using System;
        using SymDiff;
        public static partial class A
        {
            [Differentiable]
            public static double Triangular(ReadOnlySpan<double> x, bool square, int n)
            {
                double s = 0;
                double[] e = new double[n];
                for (int i = 0; i < n; i++) e[i] = square ? x[i] * x[i] : x[i];
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j <= i; j++)
                    {
                        s += e[i] * x[j];
                    }
                }
                return s;
            }
        }
        """,
        """
        using System;
        using SymDiff;
        public static partial class Outer
        {
            public static partial class Inner<T>
            {
                [Differentiable]
                public static double Mix(double x, double y) => Math.Atan2(x, y) + Math.Clamp(x, -1, 1) * SymMath.LeakyRelu(y, 0.1) + Math.Abs(x - y) + Math.Sqrt(x * x + 1);
                [Differentiable]
                public static double Uses(double x) => Mix(x, 2 * x) - Mix(1, x) / 3;
            }
        }
        """,
    };
}
