using System;
using Xunit;

namespace SymDiff.Analyzers.Tests;

/// <summary>Why the warnings exist: the expressions as written fail at |x| = 1000, the runtime functions do not.</summary>
public class NumericTests
{
    [Fact]
    public void LogOnePlusExpOverflowsWhereSoftplusIsExact()
    {
        double x = 1000;
        Assert.Equal(double.PositiveInfinity, Math.Log(1 + Math.Exp(x)));
        Assert.Equal(1000.0, SymMath.Softplus(x));

        // its derivative e^x / (1 + e^x), as written, is NaN; Softplus' derivative is Sigmoid(x) = 1
        Assert.True(double.IsNaN(Math.Exp(x) / (1 + Math.Exp(x))));
        Assert.Equal(1.0, SymMath.Sigmoid(x));

        // and for very negative x the written form loses everything: log(1 + e^-40) rounds to 0
        Assert.Equal(0.0, Math.Log(1 + Math.Exp(-40.0)));
        Assert.Equal(Math.Exp(-40.0), SymMath.Softplus(-40.0), 1e-30);
        Assert.Equal(0.0, SymMath.Softplus(-x));
    }

    [Fact]
    public void SigmoidFormsOverflowWhereSigmoidIsStable()
    {
        // exp(x) / (1 + exp(x)) at x = 1000: infinity / infinity
        Assert.True(double.IsNaN(Math.Exp(1000.0) / (1 + Math.Exp(1000.0))));
        Assert.Equal(1.0, SymMath.Sigmoid(1000.0));

        // 1 / (1 + exp(-x)) at x = -1000 has the right value 0, but its derivative e^-x / (1 + e^-x)^2 is NaN
        double x = -1000;
        Assert.Equal(0.0, 1 / (1 + Math.Exp(-x)));
        double e = Math.Exp(-x);
        Assert.True(double.IsNaN(e / ((1 + e) * (1 + e))));
        double s = SymMath.Sigmoid(x);
        Assert.Equal(0.0, s * (1 - s));
        Assert.True(double.IsFinite(s * (1 - s)));

        Assert.Equal(0.5, SymMath.Sigmoid(0));
        Assert.Equal(1 / (1 + Math.Exp(-2.5)), SymMath.Sigmoid(2.5), 1e-15);
    }

    [Fact]
    public void LogSumExpOverflowsUnlessTheMaximumIsSubtracted()
    {
        double[] z = [1000, 1000, 999];
        double naive = 0;
        foreach (double v in z) naive += Math.Exp(v);
        Assert.Equal(double.PositiveInfinity, Math.Log(naive));

        double m = Math.Max(Math.Max(z[0], z[1]), z[2]);
        double shifted = 0;
        foreach (double v in z) shifted += Math.Exp(v - m);
        Assert.Equal(1000 + Math.Log(2 + Math.Exp(-1)), m + Math.Log(shifted), 1e-12);
    }
}
