using System;
using SymDiff;
using Xunit;
using F = SymDiff.Tests.Runtime.Optimization.OptimizationFunctions;

namespace SymDiff.Tests.Runtime.Optimization;

/// <summary>One pure Newton step: <see cref="Newton.Step(IDifferentiableFunction, ReadOnlySpan{double}, Span{double}, NewtonWorkspace)"/>.</summary>
public sealed class NewtonStepTests
{
    [Fact]
    public void Seed_OneStepFromTheOrigin_IsExactlySeventeenFifteenthsAndSixtyEightFifteenths()
    {
        var step = Newton.Step(F.SeedFunction, new[] { 0.0, 0.0 });

        // x₁ = x₀ + p with x₀ = 0: document 002, 2.2.1. Bit-exact: LU on [[4, −1], [−1, 4]] and right-hand side (0, 17).
        Assert.Equal(17.0 / 15.0, step[0]);
        Assert.Equal(68.0 / 15.0, step[1]);
    }

    [Fact]
    public void Seed_WorkspaceHoldsTheValueGradientAndHessianAtX()
    {
        var workspace = new NewtonWorkspace(2);
        Span<double> step = stackalloc double[2];

        var status = Newton.Step(F.SeedFunction, new[] { 0.0, 0.0 }, step, workspace);

        Assert.Equal(NewtonStepStatus.Ok, status);
        Assert.Equal(2, workspace.Dimension);
        Assert.Equal(0.0, workspace.Value);
        Assert.Equal(new[] { 0.0, -17.0 }, workspace.Gradient.ToArray());
        Assert.Equal(new[] { 4.0, -1.0, -1.0, 4.0 }, workspace.Hessian.ToArray());
        Assert.Equal(new[] { 17.0 / 15.0, 68.0 / 15.0 }, step.ToArray());
    }

    [Fact]
    public void Quadratic_OneStepLandsOnTheMinimizer()
    {
        var x = new[] { 5.0, -3.0 };
        var p = Newton.Step(F.QuadraticFunction, x);
        OptimizationAssert.Close(new[] { 0.9, -0.7 }, new[] { x[0] + p[0], x[1] + p[1] }, 1e-15);
    }

    [Fact]
    public void IndefiniteHessianNeedingPivoting_StepLandsOnTheCriticalPoint()
    {
        // H = [[0, 1, 0], [1, 0, 1], [0, 1, 2]]: a zero first pivot (LU must swap rows) and an indefinite matrix.
        var x = new[] { 1.0, 2.0, 3.0 };
        var p = Newton.Step(F.ZeroCornerFunction, x);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(0, x[i] + p[i], 14);
        }
    }

    [Fact]
    public void StepMayOverwriteItsInput()
    {
        var workspace = new NewtonWorkspace(2);
        var buffer = new[] { 0.0, 0.0 };
        Assert.Equal(NewtonStepStatus.Ok, Newton.Step(F.SeedFunction, buffer, buffer, workspace));
        Assert.Equal(new[] { 17.0 / 15.0, 68.0 / 15.0 }, buffer);
    }

    [Theory]
    [InlineData(nameof(F.SumSquared))]
    [InlineData(nameof(F.IgnoresY))]
    public void SingularHessian_IsAStatus_AndTheStepIsNaN(string name)
    {
        var f = name == nameof(F.SumSquared) ? F.SumSquaredFunction : F.IgnoresYFunction;
        var workspace = new NewtonWorkspace(2);
        var step = new[] { 1.0, 1.0 };

        var status = Newton.Step(f, new[] { 1.0, 2.0 }, step, workspace);

        Assert.Equal(NewtonStepStatus.SingularHessian, status);
        Assert.All(step, s => Assert.True(double.IsNaN(s)));
        var error = Assert.Throws<InvalidOperationException>(() => Newton.Step(f, new[] { 1.0, 2.0 }));
        Assert.Contains("singular", error.Message);
        Assert.Contains("(x = 1, y = 2)", error.Message);
    }

    [Fact]
    public void NonFinite_IsAStatus_AndTheConvenienceOverloadExplains()
    {
        var workspace = new NewtonWorkspace(2);
        var step = new double[2];

        Assert.Equal(NewtonStepStatus.NonFinite, Newton.Step(F.LogOfXFunction, new[] { -1.0, 0.0 }, step, workspace));
        Assert.True(double.IsNaN(workspace.Value));

        var error = Assert.Throws<InvalidOperationException>(() => Newton.Step(F.LogOfXFunction, new[] { -1.0, 0.0 }));
        Assert.Contains("the value f = NaN", error.Message);
        Assert.Contains("x = -1", error.Message);

        // At x = 0 the value is −∞ (the gradient would be ∞ too): the first non-finite quantity is named.
        var atZero = Assert.Throws<InvalidOperationException>(() => Newton.Step(F.LogOfXFunction, new[] { 0.0, 0.0 }));
        Assert.Contains("the value f = -Infinity", atZero.Message);
    }

    [Fact]
    public void BadlyScaledHessian_IsNotMistakenForSingular()
    {
        // diag(2e6, 2e-6): a pivot 10¹² times smaller than the other is fine, the test is relative to its own row.
        var x = new[] { 0.0, 0.0 };
        var p = Newton.Step(F.BadlyScaledFunction, x);
        OptimizationAssert.Close(new[] { 1.0, 2.0 }, p, 1e-14);
    }

    [Fact]
    public void Arguments_AreValidated_NamingTheArgument()
    {
        var workspace = new NewtonWorkspace(2);
        var step = new double[2];

        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Newton.Step(null!, new double[2], step, workspace)).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentNullException>(() => Newton.Step(F.SeedFunction, new double[2], step, null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Newton.Step(F.SeedFunction, new double[3], step, workspace)).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentException>(() => Newton.Step(F.SeedFunction, new double[2], new double[1], workspace)).ParamName);
        var wrong = Assert.Throws<ArgumentException>(() => Newton.Step(F.SeedFunction, new double[2], step, new NewtonWorkspace(3)));
        Assert.Equal("workspace", wrong.ParamName);
        Assert.Contains("new NewtonWorkspace(2)", wrong.Message);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Newton.Step(F.SeedFunction, new double[1])).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => new NewtonWorkspace(-1)).ParamName);

        // A longer step span is fine; only the first n entries are written.
        var longer = new[] { 7.0, 7.0, 7.0 };
        Assert.Equal(NewtonStepStatus.Ok, Newton.Step(F.SeedFunction, new double[2], longer, workspace));
        Assert.Equal(7.0, longer[2]);
    }

    [Fact]
    public void WorkspaceStep_AllocatesNothing_AfterWarmUp()
    {
        var f = F.SeedFunction;
        var workspace = new NewtonWorkspace(2);
        var x = new[] { 0.3, -0.7 };
        var step = new double[2];
        for (int i = 0; i < 100; i++)
        {
            Newton.Step(f, x, step, workspace);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            x[0] = 0.3 + (i * 1e-6);
            Newton.Step(f, x, step, workspace);
            sum += step[0];
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sum));
    }

    [Fact]
    public void WorkspaceMinimize_WithoutRecording_DoesNotAllocatePerIteration()
    {
        // The same run stopped after 5 and after 15 iterations allocates the same (the result only).
        var f = F.RosenbrockFunction;
        var workspace = new NewtonWorkspace(2);
        var start = new[] { -1.2, 1.0 };
        var shortRun = new NewtonOptions { RecordIterates = false, MaxIterations = 5 };
        var longRun = shortRun with { MaxIterations = 15 };
        Newton.Minimize(f, start, shortRun, workspace);
        Newton.Minimize(f, start, longRun, workspace);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var five = Newton.Minimize(f, start, shortRun, workspace);
        long middle = GC.GetAllocatedBytesForCurrentThread();
        var fifteen = Newton.Minimize(f, start, longRun, workspace);
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(5, five.Iterations);
        Assert.Equal(15, fifteen.Iterations);
        long perShort = middle - before, perLong = after - middle;
        Assert.True(Math.Abs(perLong - perShort) <= 64, $"{perShort} bytes for 5 iterations, {perLong} bytes for {fifteen.Iterations}");
    }
}
