using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SymDiff.Generator.Engine;

namespace SymDiff.Tests.Engine;

/// <summary>
/// A test-side reference evaluator for <see cref="Expr"/>: a plain switch over the operation and function that
/// computes doubles with <see cref="System.Math"/>, written independently of the generator (it does not use
/// <see cref="FnInfo"/>'s folding or the emitter). A select is evaluated lazily, like C#'s <c>?:</c>: only the
/// branch taken is evaluated, so a NaN in the other branch cannot leak.
/// </summary>
internal sealed class ReferenceEvaluator
{
    private readonly IReadOnlyDictionary<string, double> _env;
    private readonly Dictionary<Expr, double> _memo = new();

    private ReferenceEvaluator(IReadOnlyDictionary<string, double> env) => _env = env;

    /// <summary>The value of <paramref name="e"/> with the variables bound by name.</summary>
    public static double Eval(Expr e, IReadOnlyDictionary<string, double> env) => new ReferenceEvaluator(env).Number(e);

    /// <summary>The value of <paramref name="e"/> at a point written <c>"x=0.5, y=-1"</c>.</summary>
    public static double Eval(Expr e, string point) => Eval(e, Point(point));

    /// <summary>Reads a point written <c>"x=0.5, y=-1"</c> (invariant culture).</summary>
    public static Dictionary<string, double> Point(string point)
        => point.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .ToDictionary(kv => kv[0].Trim(), kv => double.Parse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture));

    private double Number(Expr e)
    {
        if (_memo.TryGetValue(e, out var cached))
        {
            return cached;
        }

        var a = e.Args;
        double value = e.Op switch
        {
            Op.Const => e.Value,
            Op.Var => _env[e.Name!],
            Op.Add => a.Sum(Number),
            Op.Mul => a.Aggregate(1.0, (p, f) => p * Number(f)),
            Op.Pow => Math.Pow(Number(a[0]), Number(a[1])),
            Op.Call => Call(e.Fn, a.Select(Number).ToArray()),
            Op.Select => Condition(a[0]) ? Number(a[1]) : Number(a[2]), // lazy: only the branch taken
            _ => throw new InvalidOperationException($"{e.Op} is not a number"),
        };
        _memo[e] = value;
        return value;
    }

    private bool Condition(Expr e)
    {
        var a = e.Args;
        return e.Op switch
        {
            Op.True => true,
            Op.False => false,
            Op.Less => Number(a[0]) < Number(a[1]),
            Op.LessEqual => Number(a[0]) <= Number(a[1]),
            Op.Greater => Number(a[0]) > Number(a[1]),
            Op.GreaterEqual => Number(a[0]) >= Number(a[1]),
            Op.Equal => Number(a[0]) == Number(a[1]),
            Op.NotEqual => Number(a[0]) != Number(a[1]),
            Op.And => Condition(a[0]) && Condition(a[1]),
            Op.Or => Condition(a[0]) || Condition(a[1]),
            Op.Not => !Condition(a[0]),
            _ => throw new InvalidOperationException($"{e.Op} is not a condition"),
        };
    }

    private static double Call(Fn fn, double[] v) => fn switch
    {
        Fn.Exp => Math.Exp(v[0]),
        Fn.Log => Math.Log(v[0]),
        Fn.Log10 => Math.Log10(v[0]),
        Fn.Log2 => Math.Log2(v[0]),
        Fn.Sin => Math.Sin(v[0]),
        Fn.Cos => Math.Cos(v[0]),
        Fn.Tan => Math.Tan(v[0]),
        Fn.Asin => Math.Asin(v[0]),
        Fn.Acos => Math.Acos(v[0]),
        Fn.Atan => Math.Atan(v[0]),
        Fn.Atan2 => Math.Atan2(v[0], v[1]),
        Fn.Sinh => Math.Sinh(v[0]),
        Fn.Cosh => Math.Cosh(v[0]),
        Fn.Tanh => Math.Tanh(v[0]),
        Fn.Asinh => Math.Asinh(v[0]),
        Fn.Acosh => Math.Acosh(v[0]),
        Fn.Atanh => Math.Atanh(v[0]),
        Fn.Cbrt => Math.Cbrt(v[0]),
        Fn.Abs => Math.Abs(v[0]),
        Fn.Sign => double.IsNaN(v[0]) ? double.NaN : Math.Sign(v[0]),
        Fn.Floor => Math.Floor(v[0]),
        Fn.Ceiling => Math.Ceiling(v[0]),
        Fn.Round => Math.Round(v[0]),
        Fn.Truncate => Math.Truncate(v[0]),
        Fn.Max => Math.Max(v[0], v[1]),
        Fn.Min => Math.Min(v[0], v[1]),
        Fn.Clamp => v[0] < v[1] ? v[1] : v[0] > v[2] ? v[2] : v[0],
        Fn.FusedMultiplyAdd => Math.FusedMultiplyAdd(v[0], v[1], v[2]),
        Fn.Sigmoid => 1 / (1 + Math.Exp(-v[0])),
        Fn.Softplus => Math.Log(1 + Math.Exp(v[0])),
        Fn.Relu => v[0] > 0 ? v[0] : 0,
        Fn.LeakyRelu => v[0] > 0 ? v[0] : v[1] * v[0],
        _ => throw new InvalidOperationException($"no reference for {fn}"),
    };
}

/// <summary>High-accuracy numerical derivatives, to check symbolic ones against.</summary>
internal static class FiniteDifference
{
    /// <summary>
    /// f'(x) by Ridders' method: central differences with step h, h/1.4, h/1.4², ... extrapolated to h → 0 in a
    /// Neville (Richardson) tableau; returns the estimate whose error estimate is smallest. About 12 correct digits
    /// for a smooth f whose window [x − h, x + h] stays inside the domain and away from kinks.
    /// </summary>
    public static double Derivative(Func<double, double> f, double x, double h = 0.05)
    {
        const int n = 12;
        const double shrink = 1.4, shrink2 = shrink * shrink, safe = 2.0;
        var a = new double[n, n];
        a[0, 0] = (f(x + h) - f(x - h)) / (2 * h);
        double best = a[0, 0], error = double.MaxValue;
        for (int i = 1; i < n; i++)
        {
            h /= shrink;
            a[0, i] = (f(x + h) - f(x - h)) / (2 * h);
            double factor = shrink2;
            for (int j = 1; j <= i; j++)
            {
                a[j, i] = ((a[j - 1, i] * factor) - a[j - 1, i - 1]) / (factor - 1);
                factor *= shrink2;
                double e = Math.Max(Math.Abs(a[j, i] - a[j - 1, i]), Math.Abs(a[j, i] - a[j - 1, i - 1]));
                if (e <= error)
                {
                    error = e;
                    best = a[j, i];
                }
            }

            if (Math.Abs(a[i, i] - a[i - 1, i - 1]) >= safe * error)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>∂f/∂<paramref name="variable"/> at <paramref name="point"/>, the other variables held fixed.</summary>
    public static double Partial(Func<IReadOnlyDictionary<string, double>, double> f, IReadOnlyDictionary<string, double> point, string variable, double h = 0.05)
    {
        var p = new Dictionary<string, double>(point.ToDictionary(kv => kv.Key, kv => kv.Value));
        return Derivative(t =>
        {
            p[variable] = t;
            return f(p);
        }, point[variable], h);
    }

    /// <summary>Whether <paramref name="actual"/> agrees with the reference to <paramref name="relative"/> (absolute near zero).</summary>
    public static bool Close(double expected, double actual, double relative = 1e-8)
        => Math.Abs(expected - actual) <= relative * Math.Max(1.0, Math.Abs(expected));
}
