using System;
using Xunit;
using B = SymDiff.Tests.Numeric.BlockBodies;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// Block bodies (<see cref="BlockBodies"/>): the generated derivatives against hand-written closed forms of each
/// branch (1e-12) and Ridders-extrapolated finite differences (1e-8, Hessian 1e-6) at points inside each branch; and
/// exact zeros, not NaN, where a guard keeps a NaN-producing expression out of the branch taken.
/// </summary>
public sealed class BlockBodyTests
{
    private const double Step = 0.05;

    private delegate (double[] Gradient, double[] Hessian) ClosedForm(double x, double y);

    private static void Check(DiffFunction f, ClosedForm closed, params (double X, double Y)[] points)
    {
        foreach (var (x, y) in points)
        {
            var (g, h) = closed(x, y);
            f.CheckAgainstClosedForm(new[] { x, y }, g, h);
            f.CheckAgainstFiniteDifferences(new[] { x, y }, Step);
        }
    }

    private static DiffFunction Of(string name, Func<double, double, double> f, SymDiff.Tests.Infrastructure.Gradient2 g, SymDiff.Tests.Infrastructure.Hessian2 h) =>
        DiffFunction.Of(name, f, g, h);

    private static (double[] Gradient, double[] Hessian) GH(double gx, double gy, double hxx, double hxy, double hyy) =>
        (new[] { gx, gy }, new[] { hxx, hxy, hxy, hyy });

    [Fact]
    public void ALocalAssignedInBothBranchesTakesTheBranchTaken()
    {
        // x > 0: y²·x; otherwise 3x.
        Check(Of(nameof(B.AssignedInBothBranches), B.AssignedInBothBranches, B.AssignedInBothBranchesGradient, B.AssignedInBothBranchesHessian),
            (x, y) => x > 0 ? GH(y * y, 2 * x * y, 0, 2 * y, 2 * x) : GH(3, 0, 0, 0, 0),
            (1.5, -0.5), (-2.0, 0.7));
    }

    [Fact]
    public void LocalsReassignmentAndCompoundAssignment()
    {
        // b = xy + sin x; a = 1.5(b² + y − x/2) / (2 + y²).
        Check(Of(nameof(B.Locals), B.Locals, B.LocalsGradient, B.LocalsHessian), (x, y) =>
        {
            double b = (x * y) + Math.Sin(x), bx = y + Math.Cos(x), by = x, bxx = -Math.Sin(x);
            double n = 1.5 * ((b * b) + y - (0.5 * x)), d = 2 + (y * y), dy = 2 * y;
            double nx = 1.5 * ((2 * b * bx) - 0.5), ny = 1.5 * ((2 * b * by) + 1);
            double nxx = 3 * ((bx * bx) + (b * bxx)), nxy = 3 * ((by * bx) + b), nyy = 3 * by * by;
            return GH(
                nx / d,
                (ny / d) - (n * dy / (d * d)),
                nxx / d,
                (nxy / d) - (nx * dy / (d * d)),
                (nyy / d) - (2 * ny * dy / (d * d)) - (2 * n / (d * d)) + (2 * n * dy * dy / (d * d * d)));
        }, (0.3, -0.7), (1.2, 0.5), (-2.0, 1.5));
        Assert.Equal(B.Locals(0.3, -0.7), B.LocalsGradient(0.3, -0.7, new double[2]), 14);
    }

    [Fact]
    public void EarlyReturns_EachBranch()
    {
        var f = Of(nameof(B.EarlyReturn), B.EarlyReturn, B.EarlyReturnGradient, B.EarlyReturnHessian);
        // x < 0: x²y.
        Check(f, (x, y) => GH(2 * x * y, x * x, 2 * y, 2 * x, 0), (-0.8, 0.6), (-1.5, 2.0));
        // x ≥ 0, y > 1: e^−x·y + x.
        Check(f, (x, y) =>
        {
            double e = Math.Exp(-x);
            return GH(1 - (e * y), e, e * y, -e, 0);
        }, (0.5, 1.7), (2.0, 3.0));
        // otherwise: 2e^−x·y².
        Check(f, (x, y) =>
        {
            double e = Math.Exp(-x);
            return GH(-2 * e * y * y, 4 * e * y, 2 * e * y * y, -4 * e * y, 4 * e);
        }, (0.4, 0.2), (1.5, -0.8));
    }

    [Fact]
    public void NestedIfs_MergeIntoALocalUsedAfterwards()
    {
        // f = r², r piecewise; ∇f = 2r∇r, ∇²f = 2(∇r∇rᵀ + r∇²r).
        static ClosedForm Squared(Func<double, double, (double R, double Rx, double Ry, double Rxx, double Rxy, double Ryy)> piece) => (x, y) =>
        {
            var (r, rx, ry, rxx, rxy, ryy) = piece(x, y);
            return GH(2 * r * rx, 2 * r * ry, 2 * ((rx * rx) + (r * rxx)), 2 * ((rx * ry) + (r * rxy)), 2 * ((ry * ry) + (r * ryy)));
        };

        var f = Of(nameof(B.NestedIfs), B.NestedIfs, B.NestedIfsGradient, B.NestedIfsHessian);
        Check(f, Squared((x, y) => (x * y, y, x, 0, 1, 0)), (0.7, 0.5), (2.0, 1.5));
        Check(f, Squared((x, y) => (x - (y * y), 1, -2 * y, 0, 0, -2)), (1.2, -0.6), (0.5, -2.0));
        Check(f, Squared((x, y) => (Math.Cos(x) + y, -Math.Sin(x), 1, -Math.Cos(x), 0, 0)), (-0.5, 0.8), (-2.0, -1.0));
        Check(f, Squared((x, y) => (x * x * x, 3 * x * x, 0, 6 * x, 0, 0)), (-0.4, -1.5), (-1.0, -1.5));
    }

    [Fact]
    public void NestedConditionalOperators()
    {
        var f = Of(nameof(B.Conditional), B.Conditional, B.ConditionalGradient, B.ConditionalHessian);
        Check(f, (x, y) => GH(2 * x, -1, 2, 0, 0), (1.0, 0.3), (2.0, -1.0));
        Check(f, (x, y) => GH(Math.Log(y), x / y, 0, 1 / y, -x / (y * y)), (0.5, 1.5), (-1.0, 2.0));
        Check(f, (x, y) => GH(y * y, 2 * x * y, 0, 2 * y, 2 * x), (-0.5, 0.5), (-2.0, -1.0));
    }

    [Fact]
    public void BooleanLocals_AndOrNot()
    {
        var f = Of(nameof(B.Logic), B.Logic, B.LogicGradient, B.LogicHessian);
        Check(f, (x, y) => GH(y, x, 0, 1, 0), (-0.3, 0.4), (-0.5, -0.6));
        Check(f, (x, y) => GH(1, 2 * y, 0, 0, 2), (0.3, 0.4), (0.5, 2.5), (1.5, 2.5));
        Check(f, (x, y) => GH(Math.Exp(x), 0, Math.Exp(x), 0, 0), (0.8, -1.5), (-2.0, 0.5));
        Check(f, (x, y) => GH(-y / (x * x), 1 / x, 2 * y / (x * x * x), -1 / (x * x), 0), (1.5, 0.5), (3.0, -1.0));
    }

    [Fact]
    public void ConstLocalsConstFieldsAndIntegerConstantDivision()
    {
        // z = 3x + 4y + 2.5·(4 / 3 = 1); f = z²/4 + πy.
        var f = Of(nameof(B.Constants), B.Constants, B.ConstantsGradient, B.ConstantsHessian);
        Check(f, (x, y) =>
        {
            double z = (3 * x) + (4 * y) + 2.5;
            return GH(1.5 * z, (2 * z) + Math.PI, 4.5, 6, 8);
        }, (0.2, -0.3), (1.0, 1.0), (-3.0, 0.5));
        double z0 = 2.5;
        Assert.Equal((z0 * z0 / 4), B.ConstantsGradient(0, 0, new double[2]), 15);
    }

    [Fact]
    public void ParametersCanBeReassigned()
    {
        // x ← x², y ← y + x², x ← x²(y + x²): f = x²y + x⁴ − y − x².
        var f = Of(nameof(B.ParameterReassigned), B.ParameterReassigned, B.ParameterReassignedGradient, B.ParameterReassignedHessian);
        Check(f, (x, y) => GH((2 * x * y) + (4 * x * x * x) - (2 * x), (x * x) - 1, (2 * y) + (12 * x * x) - 2, 2 * x, 0), (0.5, -1.0), (1.3, 0.7));
    }

    [Fact]
    public void IncrementAndDecrement()
    {
        // (xy + 1)(x − 1) = x²y − xy + x − 1.
        var f = Of(nameof(B.IncrementDecrement), B.IncrementDecrement, B.IncrementDecrementGradient, B.IncrementDecrementHessian);
        Check(f, (x, y) => GH((2 * x * y) - y + 1, (x * x) - x, 2 * y, (2 * x) - 1, 0), (0.5, -1.0), (1.3, 0.7), (-2.0, 3.0));
    }

    [Fact]
    public void BooleanEqualityAndExclusiveOr()
    {
        var f = Of(nameof(B.BoolOperators), B.BoolOperators, B.BoolOperatorsGradient, B.BoolOperatorsHessian);
        Check(f, (x, y) => GH(y, x, 0, 1, 0), (1.0, 2.0), (-1.0, -2.0)); // same signs: xy
        Check(f, (x, y) => GH(1, -1, 0, 0, 0), (1.0, -1.0), (-1.0, 2.0)); // x > 0 ≥ y, or x ≤ 0 and y > 1: x − y
        Check(f, (x, y) => GH(1, 2 * y, 0, 0, 2), (-1.0, 0.5)); // x ≤ 0 < y ≤ 1: x + y²
    }

    [Fact]
    public void ConditionalOperatorChoosingACondition()
    {
        var f = Of(nameof(B.BoolConditional), B.BoolConditional, B.BoolConditionalGradient, B.BoolConditionalHessian);
        Check(f, (x, y) => GH(y, x, 0, 1, 0), (1.0, 2.0), (-1.0, -2.0)); // (x > 0 and y > 0) or (x ≤ 0 and y < −1): xy
        Check(f, (x, y) => GH(1, 1, 0, 0, 0), (1.0, -0.5), (-1.0, -0.5), (-1.0, 2.0)); // otherwise x + y
    }

    [Fact]
    public void CallChains_OfTwoAndThreeDifferentiableMethods()
    {
        // I(u) = u·e^u, I′ = (1 + u)e^u, I″ = (2 + u)e^u.
        static double I(double u) => u * Math.Exp(u);
        static double I1(double u) => (1 + u) * Math.Exp(u);
        static double I2(double u) => (2 + u) * Math.Exp(u);

        var inner = DiffFunction.Of(nameof(B.Inner), B.Inner, B.InnerGradient, B.InnerHessian);
        foreach (var u in new[] { -1.5, 0.3, 1.2 })
        {
            inner.CheckAgainstClosedForm(new[] { u }, new[] { I1(u) }, new[] { I2(u) });
            inner.CheckAgainstFiniteDifferences(new[] { u }, Step);
        }

        // M(x, y) = I(xy) + I(y).
        static (double M, double Mx, double My, double Mxx, double Mxy, double Myy) Middle(double x, double y) =>
            (I(x * y) + I(y), y * I1(x * y), (x * I1(x * y)) + I1(y),
             y * y * I2(x * y), I1(x * y) + (x * y * I2(x * y)), (x * x * I2(x * y)) + I2(y));

        Check(Of(nameof(B.Middle), B.Middle, B.MiddleGradient, B.MiddleHessian), (x, y) =>
        {
            var m = Middle(x, y);
            return GH(m.Mx, m.My, m.Mxx, m.Mxy, m.Myy);
        }, (0.4, 0.8), (-1.0, 0.5));

        // O(x, y) = M(sin x, y)·I(y − x).
        Check(Of(nameof(B.Outer), B.Outer, B.OuterGradient, B.OuterHessian), (x, y) =>
        {
            double s = Math.Sin(x), c = Math.Cos(x);
            var m = Middle(s, y);
            double p = m.M, px = m.Mx * c, py = m.My;
            double pxx = (m.Mxx * c * c) - (m.Mx * s), pxy = m.Mxy * c, pyy = m.Myy;
            double q = I(y - x), qx = -I1(y - x), qy = I1(y - x), qxx = I2(y - x), qxy = -I2(y - x), qyy = I2(y - x);
            return GH(
                (px * q) + (p * qx),
                (py * q) + (p * qy),
                (pxx * q) + (2 * px * qx) + (p * qxx),
                (pxy * q) + (px * qy) + (py * qx) + (p * qxy),
                (pyy * q) + (2 * py * qy) + (p * qyy));
        }, (0.3, 0.2), (-0.8, 0.6), (1.1, -0.4));
    }

    // ----- no NaN from the branch not taken -----

    [Fact]
    public void GuardedSqrt_BelowZero_HasExactZeroDerivatives()
    {
        var f = DiffFunction.Of(nameof(B.GuardedSqrt), B.GuardedSqrt, B.GuardedSqrtGradient, B.GuardedSqrtHessian);
        foreach (var x in new[] { -1.0, -1e-300, 0.0 })
        {
            var (v, g, h) = f.Hessian(x);
            Assert.Equal(0.0, v);
            Assert.Equal(new[] { 0.0 }, g);
            Assert.Equal(new[] { 0.0 }, h);
            Assert.Equal(new[] { 0.0 }, f.Gradient(x).Gradient);
        }

        f.CheckAgainstClosedForm(new[] { 4.0 }, new[] { 0.25 }, new[] { -1.0 / 32 });
    }

    [Fact]
    public void GuardedLog_WithEarlyReturn_HasNoNaN()
    {
        var f = Of(nameof(B.GuardedLog), B.GuardedLog, B.GuardedLogGradient, B.GuardedLogHessian);
        var (v, g, h) = f.Hessian(-1.0, 3.0);
        Assert.Equal(3.0, v);
        Assert.Equal(new[] { 0.0, 1.0 }, g);
        Assert.Equal(new double[4], h);
        Assert.Equal(new[] { 0.0, 1.0 }, f.Gradient(0.0, 3.0).Gradient);
        Check(f, (x, y) => GH(y / x, Math.Log(x), -y / (x * x), 1 / x, 0), (2.0, 3.0), (0.5, -1.0));
    }

    [Fact]
    public void GuardedLocal_AssignedOnlyInTheBranchThatIsSafe()
    {
        var f = Of(nameof(B.GuardedLocal), B.GuardedLocal, B.GuardedLocalGradient, B.GuardedLocalHessian);
        var (v, g, h) = f.Hessian(-1.0, 2.0);
        Assert.Equal(2.0, v);
        Assert.Equal(new[] { 0.0, 1.0 }, g);
        Assert.Equal(new double[4], h);
        Check(f, (x, y) => GH(y / x, Math.Log(x), -y / (x * x), 1 / x, 0), (2.0, 3.0));
    }

    [Fact]
    public void GuardInsideALargerExpression_HasNoNaN()
    {
        var f = Of(nameof(B.GuardInsideExpression), B.GuardInsideExpression, B.GuardInsideExpressionGradient, B.GuardInsideExpressionHessian);
        var (v, g, h) = f.Hessian(-1.0, 2.0);
        Assert.Equal(2.0, v);
        Assert.Equal(new[] { 0.0, 1.0 }, g);
        Assert.Equal(new double[4], h);
        Check(f, (x, y) => GH(y / x, Math.Log(x) + 1, -y / (x * x), 1 / x, 0), (2.0, 3.0));
    }

    [Theory]
    [InlineData(nameof(B.SqrtOfSelect))]
    [InlineData(nameof(B.SqrtOfMax))]
    [InlineData(nameof(B.PowOfMax))]
    [InlineData(nameof(B.SqrtTimesLogGuarded))]
    [InlineData(nameof(B.AcoshOutside))]
    public void FunctionsThatAreIdenticallyZeroOnAnInterval_HaveZeroDerivativesThere(string name)
    {
        var f = name switch
        {
            nameof(B.SqrtOfSelect) => DiffFunction.Of(name, B.SqrtOfSelect, B.SqrtOfSelectGradient, B.SqrtOfSelectHessian),
            nameof(B.SqrtOfMax) => DiffFunction.Of(name, B.SqrtOfMax, B.SqrtOfMaxGradient, B.SqrtOfMaxHessian),
            nameof(B.PowOfMax) => DiffFunction.Of(name, B.PowOfMax, B.PowOfMaxGradient, B.PowOfMaxHessian),
            nameof(B.SqrtTimesLogGuarded) => DiffFunction.Of(name, B.SqrtTimesLogGuarded, B.SqrtTimesLogGuardedGradient, B.SqrtTimesLogGuardedHessian),
            _ => DiffFunction.Of(name, B.AcoshOutside, B.AcoshOutsideGradient, B.AcoshOutsideHessian),
        };
        double[] zeroPoints = name == nameof(B.AcoshOutside) ? new[] { -0.5, 0.0, 0.9 } : new[] { -2.0, -1.0, -1e-300 };
        foreach (var x in zeroPoints)
        {
            var (v, g, h) = f.Hessian(x);
            Assert.Equal(0.0, v);
            Assert.True(g[0] == 0.0, $"{name}'({x}) = {g[0]}, expected 0");
            Assert.True(h[0] == 0.0, $"{name}''({x}) = {h[0]}, expected 0");
            Assert.True(f.Gradient(x).Gradient[0] == 0.0, $"{name}Gradient({x}) = {f.Gradient(x).Gradient[0]}, expected 0");
        }

        // And where the function is not zero, the derivatives are right.
        foreach (var x in name == nameof(B.AcoshOutside) ? new[] { -3.0, 1.5, 4.0 } : new[] { 0.5, 2.0 })
        {
            f.CheckAgainstFiniteDifferences(new[] { x }, Math.Min(Step, Math.Abs(x) / 10));
        }
    }

    [Fact]
    public void MaxTimesSqrtOfMax_IsZeroWithZeroDerivatives_ForNegativeX()
    {
        var f = Of(nameof(B.MaxTimesSqrtOfMax), B.MaxTimesSqrtOfMax, B.MaxTimesSqrtOfMaxGradient, B.MaxTimesSqrtOfMaxHessian);
        var (v, g, h) = f.Hessian(-1.0, 2.0);
        Assert.Equal(0.0, v);
        Assert.Equal(new[] { 0.0, 0.0 }, g);
        Assert.Equal(new double[4], h);

        // m = max(x, 0) = 4: f = m^1.5·y.
        Check(f, (x, y) => GH(1.5 * Math.Sqrt(x) * y, x * Math.Sqrt(x), 0.75 * y / Math.Sqrt(x), 1.5 * Math.Sqrt(x), 0), (4.0, 2.0), (0.5, -1.0));
    }
}
