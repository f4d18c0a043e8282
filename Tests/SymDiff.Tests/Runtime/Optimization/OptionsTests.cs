using System;
using SymDiff;
using Xunit;
using F = SymDiff.Tests.Runtime.Optimization.OptimizationFunctions;

namespace SymDiff.Tests.Runtime.Optimization;

/// <summary>Options' defaults and validation, and argument checks of <see cref="Newton"/>.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var o = NewtonOptions.Default;
        Assert.Equal(1e-10, o.GradientTolerance);
        Assert.Equal(1e-12, o.StepTolerance);
        Assert.Equal(100, o.MaxIterations);
        Assert.Equal(1e-4, o.ArmijoC1);
        Assert.Equal(0.5, o.BacktrackingFactor);
        Assert.Equal(40, o.MaxBacktracks);
        Assert.True(o.RecordIterates);
        Assert.Equal(new NewtonOptions(), o);
        Assert.Equal(7, (o with { MaxIterations = 7 }).MaxIterations);
        Assert.Equal(1.0, GradientDescentOptions.Default.FallbackStepLength);
    }

    [Fact]
    public void InvalidValues_ThrowNamingTheProperty()
    {
        Assert.Equal("GradientTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new NewtonOptions { GradientTolerance = -1 }).ParamName);
        Assert.Equal("GradientTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new NewtonOptions { GradientTolerance = double.NaN }).ParamName);
        Assert.Equal("StepTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new NewtonOptions { StepTolerance = -1e-3 }).ParamName);
        Assert.Equal("MaxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => new NewtonOptions { MaxIterations = -1 }).ParamName);
        Assert.Equal("ArmijoC1", Assert.Throws<ArgumentOutOfRangeException>(() => new NewtonOptions { ArmijoC1 = 0.5 }).ParamName);
        Assert.Equal("BacktrackingFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new NewtonOptions { BacktrackingFactor = 1 }).ParamName);
        Assert.Equal("MaxBacktracks", Assert.Throws<ArgumentOutOfRangeException>(() => new NewtonOptions { MaxBacktracks = -2 }).ParamName);
    }

    [Fact]
    public void MinimizeAndFindCriticalPoint_ValidateTheirArguments()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Newton.Minimize(null!, new double[2])).ParamName);
        Assert.Equal("start", Assert.Throws<ArgumentException>(() => Newton.Minimize(F.SeedFunction, new double[1])).ParamName);
        Assert.Equal("start", Assert.Throws<ArgumentException>(() => Newton.FindCriticalPoint(F.SeedFunction, new double[3])).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentNullException>(() => Newton.Minimize(F.SeedFunction, new double[2], null, null!)).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => Newton.FindCriticalPoint(F.SeedFunction, new double[2], null, new NewtonWorkspace(1))).ParamName);
    }

    [Fact]
    public void MaxBacktracksZero_FailsTheLineSearchWhenTheFullStepIsRejected_WithAStatus()
    {
        // x − log x from x = 3: the full Newton step leaves the domain; with no backtracking allowed the search fails.
        var result = Newton.Minimize(F.XMinusLogXFunction, new[] { 3.0, 1.0 }, new NewtonOptions { MaxBacktracks = 0 });
        Assert.Equal(OptimizationStatus.NonFinite, result.Status);
        Assert.Equal(new[] { 3.0, 1.0 }, result.Solution);
        Assert.Contains("outside the function's domain", result.Message);

        // Rosenbrock's first full step from (−1.2, 1) increases f: rejected, no backtracking → LineSearchFailed.
        var rosenbrock = Newton.Minimize(F.RosenbrockFunction, new[] { -1.2, 1.0 }, new NewtonOptions { MaxBacktracks = 0 });
        Assert.Equal(OptimizationStatus.LineSearchFailed, rosenbrock.Status);
        Assert.Contains("Armijo", rosenbrock.Message);
    }
}
