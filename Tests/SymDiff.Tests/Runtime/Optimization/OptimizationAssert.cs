using System;
using System.Collections.Generic;
using SymDiff;
using Xunit;

namespace SymDiff.Tests.Runtime.Optimization;

/// <summary>Assertions shared by the optimization tests.</summary>
internal static class OptimizationAssert
{
    /// <summary>|actual − expected| ≤ tolerance·max(1, |expected|) for every entry.</summary>
    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string what = "x")
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}] = {actual[i]:R}, expected {expected[i]:R} (error {error:G3} > {tolerance:G3})");
        }
    }

    /// <summary>The run converged; the message is shown otherwise.</summary>
    public static void Converged(OptimizationResult result) => Assert.True(result.Converged, result.ToString() + " — " + result.Message);

    /// <summary>The 2 × 2 Hessian of f at x is positive definite (a strict local minimum).</summary>
    public static void IsMinimum(IDifferentiableFunction f, double[] x)
    {
        var g = new double[2];
        var h = new double[4];
        f.Hessian(x, g, h);
        double det = (h[0] * h[3]) - (h[1] * h[2]);
        Assert.True(h[0] > 0 && det > 0, $"the Hessian [{h[0]}, {h[1]}; {h[2]}, {h[3]}] at ({x[0]}, {x[1]}) is not positive definite");
    }

    /// <summary>The 2 × 2 Hessian of f at x is indefinite (a saddle point).</summary>
    public static void IsSaddle(IDifferentiableFunction f, double[] x)
    {
        var g = new double[2];
        var h = new double[4];
        f.Hessian(x, g, h);
        Assert.True((h[0] * h[3]) - (h[1] * h[2]) < 0, $"the Hessian at ({x[0]}, {x[1]}) is not indefinite");
    }
}
