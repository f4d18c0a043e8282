using System;
using System.Linq;
using SymDiff.Generator.Engine;
using Xunit;
using static SymDiff.Tests.Engine.EngineTestKit;

namespace SymDiff.Tests.Engine;

/// <summary>Gradients (reverse sweep), forward derivatives and Hessians of whole functions.</summary>
public class DifferentiatorTests
{
    private const string Seed = "(x^2 + sigmoid(y))/(3*x + y - sigmoid(x))";

    [Fact]
    public void SeedGradientMatchesTheCourseDocument()
    {
        var p = Parse(Seed, "x", "y");
        var g = p.Gradient();
        AssertRelative(0.661101245661201, ReferenceEvaluator.Eval(p.F, "x=1, y=0"), 1e-13);
        AssertRelative(0.0646454137655230, ReferenceEvaluator.Eval(g[0], "x=1, y=0"), 1e-13);
        AssertRelative(-0.181186363732994, ReferenceEvaluator.Eval(g[1], "x=1, y=0"), 1e-13);
    }

    [Fact]
    public void NewtonSeedGradientAndHessianAtTheOriginAreExact()
    {
        var p = Parse("2*x^2 + 2*y^2 - x*y - 17*y*cos(0.2*3.141592653589793*x)", "x", "y");
        var g = p.Gradient();
        var h = p.Hessian();
        Assert.Equal(new[] { 0.0, -17.0 }, g.Select(e => ReferenceEvaluator.Eval(e, "x=0, y=0")).ToArray());
        Assert.Equal(new[] { 4.0, -1.0, -1.0, 4.0 }, h.Cast<Expr>().Select(e => ReferenceEvaluator.Eval(e, "x=0, y=0")).ToArray());
    }

    [Theory]
    [InlineData("x*y + sin(x)", "y + cos(x)", "x")]
    [InlineData("x^2*y + y^3", "2*x*y", "x^2 + 3*y^2")]
    [InlineData("exp(x*y)", "y*exp(x*y)", "x*exp(x*y)")]
    [InlineData("sin(x)", "cos(x)", "0")]
    public void GradientOfTwoVariables(string f, string dx, string dy)
        => Assert.Equal(new[] { dx, dy }, Gradient(f, "x", "y"));

    [Fact]
    public void HessianOfAPolynomial()
    {
        var h = Parse("x^2*y + y^3", "x", "y").Hessian();
        Assert.Equal(new[] { "2*y", "2*x", "2*x", "6*y" }, h.Cast<Expr>().Select(e => e.ToString()).ToArray());
    }

    private static readonly string[] Functions =
    {
        Seed,
        "x*sin(y) + y*exp(x)",
        "log(x^2 + y^2 + 1)*atan2(y, x)",
        "sqrt(x*y + z^2)/(1 + tanh(z))",
        "pow(x, y)*cbrt(z) + softplus(x - z)",
        "x > y ? x^3*y : sin(x*y)*z",
        "max(x, 2*y)*abs(z) + min(x*y, z)",
        "sigmoid(x*y*z)^2 - asinh(x)*acos(y/2)",
    };

    public static TheoryData<string> AllFunctions() => new(Functions);

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void ReverseGradientAgreesWithForwardDerivative(string f)
    {
        var p = Parse(f, "x", "y", "z");
        var reverse = p.Gradient();
        var forward = p.ForwardGradient();
        foreach (var point in new[] { "x=0.7, y=0.2, z=1.1", "x=1.9, y=-0.4, z=1.3" })
        {
            for (int i = 0; i < 3; i++)
            {
                double r = ReferenceEvaluator.Eval(reverse[i], point), d = ReferenceEvaluator.Eval(forward[i], point);
                Assert.True(FiniteDifference.Close(d, r, 1e-12), $"{f} at {point}, entry {i}: reverse {r:R}, forward {d:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void HessianIsSymmetricAndMatchesFiniteDifferencesOfTheGradient(string f)
    {
        var p = Parse(f, "x", "y", "z");
        var gradient = p.Gradient();
        var hessian = p.Hessian();
        var d = new Differentiator(p.Builder);
        foreach (var text in new[] { "x=0.7, y=0.2, z=1.1", "x=1.9, y=-0.4, z=1.3" })
        {
            var point = ReferenceEvaluator.Point(text);
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    double h = ReferenceEvaluator.Eval(hessian[i, j], point);
                    // the engine mirrors the upper triangle; differentiate the entry below independently instead
                    double direct = ReferenceEvaluator.Eval(d.Derivative(new[] { gradient[i] }, p.Variables[j])[0], point);
                    double numeric = FiniteDifference.Partial(env => ReferenceEvaluator.Eval(gradient[i], env), point, p.Variables[j].Name!);
                    Assert.True(FiniteDifference.Close(direct, h, 1e-12), $"{f} at {text}: H[{i},{j}] = {h:R}, ∂g{i}/∂x{j} = {direct:R}");
                    Assert.True(FiniteDifference.Close(numeric, h), $"{f} at {text}: H[{i},{j}] = {h:R}, finite difference {numeric:R}");
                }
            }
        }
    }

    /// <summary>
    /// A select is differentiated as the branch taken: where the guard is false and the other branch is the constant
    /// 0, every derivative is exactly 0, even though the guarded branch's derivative is NaN there (the CasADi
    /// if_else trap). Checked for the reverse gradient, the forward derivative and the Hessian separately.
    /// </summary>
    public static TheoryData<string, string> GuardedBranches => new()
    {
        { "x > 0 ? sqrt(x) : 0", "x=-1, y=2" },
        { "x > 0 ? log(x) : 0", "x=-1, y=2" },
        { "y*(x > 0 ? sqrt(x) : 0)", "x=-1, y=2" },
        { "x > 0 ? sqrt(x)*y : 0", "x=-1, y=2" },
        { "sin(x > 0 ? sqrt(x) : 0)", "x=-1, y=2" },
        { "(x > 0 ? sqrt(x) : 0)^2", "x=-1, y=2" },
        { "x > 0 ? x*log(x) : 0", "x=0, y=2" },
    };

    [Theory]
    [MemberData(nameof(GuardedBranches))]
    public void ReverseGradientOfAGuardedBranchIsZeroWhereTheGuardIsFalse(string f, string point)
        => Assert.Equal(new[] { 0.0, 0.0 }, Parse(f, "x", "y").Gradient().Select(g => ReferenceEvaluator.Eval(g, point)).ToArray());

    [Theory]
    [MemberData(nameof(GuardedBranches))]
    public void ForwardDerivativeOfAGuardedBranchIsZeroWhereTheGuardIsFalse(string f, string point)
        => Assert.Equal(new[] { 0.0, 0.0 }, Parse(f, "x", "y").ForwardGradient().Select(g => ReferenceEvaluator.Eval(g, point)).ToArray());

    [Theory]
    [MemberData(nameof(GuardedBranches))]
    public void HessianOfAGuardedBranchIsZeroWhereTheGuardIsFalse(string f, string point)
        => Assert.Equal(new double[4], Parse(f, "x", "y").Hessian().Cast<Expr>().Select(h => ReferenceEvaluator.Eval(h, point)).ToArray());

    [Fact]
    public void GuardedBranchStillDifferentiatesWhereTheGuardIsTrue()
    {
        var p = Parse("y*(x > 0 ? sqrt(x) : 0)", "x", "y");
        Assert.Equal(new[] { 0.5, 2.0 }, p.Gradient().Select(g => ReferenceEvaluator.Eval(g, "x=4, y=2")).ToArray());
    }

    [Fact]
    public void ConditionsCarryNoDerivative()
    {
        // the comparison x > y is not differentiated; only the branches are
        Assert.Equal(new[] { "x > y ? 1 : 0", "x > y ? 0 : 1" }, Gradient("x > y ? x : y", "x", "y"));
    }

    private static void AssertRelative(double expected, double actual, double tolerance)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
