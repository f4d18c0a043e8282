using SymDiff.Generator.Engine;
using Xunit;
using static SymDiff.Tests.Engine.EngineTestKit;

namespace SymDiff.Tests.Engine;

/// <summary>The simplifications <see cref="ExprBuilder"/> documents, one line each, and the NaN-safety they promise.</summary>
public class SimplificationTests
{
    [Theory]
    [InlineData("2*3 + 1", "7")]
    [InlineData("1/3", "1/3")] // 1/3 is not exact: x/3 stays a division, as written
    [InlineData("1/4", "0.25")] // an exact reciprocal folds
    [InlineData("3^2", "9")]
    [InlineData("2^-1", "0.5")]
    [InlineData("9^0.5", "3")]
    [InlineData("sqrt(2)", "sqrt(2)")] // kept readable: only perfect squares fold
    [InlineData("sqrt(6.25)", "2.5")]
    [InlineData("-(-2)", "2")]
    [InlineData("abs(-2)", "2")]
    [InlineData("max(1, 2)", "2")]
    [InlineData("min(1, 2)", "1")]
    [InlineData("sign(-3)", "-1")]
    [InlineData("floor(2.5)", "2")]
    [InlineData("ceiling(2.5)", "3")]
    [InlineData("round(2.5)", "2")] // Math.Round: to even, as the generated code would compute it
    [InlineData("round(3.5)", "4")]
    [InlineData("truncate(-2.5)", "-2")]
    [InlineData("clamp(5, 0, 1)", "1")]
    [InlineData("relu(-1)", "0")]
    [InlineData("leakyrelu(-2, 0.5)", "-1")]
    [InlineData("x*(2 + 3)", "5*x")]
    public void ConstantFolding(string expression, string expected) => Assert.Equal(expected, S(expression, "x"));

    /// <summary>Transcendental results differ in the last bit between platforms: they stay calls, so generated text is identical everywhere.</summary>
    [Theory]
    [InlineData("sin(2)")]
    [InlineData("cos(0)")]
    [InlineData("exp(0)")]
    [InlineData("log(1)")]
    [InlineData("log10(100)")]
    [InlineData("tanh(1)")]
    [InlineData("atan2(1, 1)")]
    [InlineData("sigmoid(0)")]
    [InlineData("softplus(0)")]
    [InlineData("3^0.25")]
    public void TranscendentalCallsOnConstantsAreNotFolded(string expression) => Assert.Equal(expression, S(expression));

    [Theory]
    [InlineData("x + 0", "x")]
    [InlineData("0 + x", "x")]
    [InlineData("x*1", "x")]
    [InlineData("1*x", "x")]
    [InlineData("x^1", "x")]
    [InlineData("x^0", "1")]
    [InlineData("log(x)^0", "1")] // Math.Pow(v, 0) is 1 for every v, NaN included
    [InlineData("-(-x)", "x")]
    [InlineData("y*x", "x*y")]
    [InlineData("y + x", "x + y")]
    [InlineData("2*x + 3*x", "5*x")]
    [InlineData("2*x - x - x", "0")]
    [InlineData("x + y - x", "y")]
    [InlineData("x*x", "x^2")]
    [InlineData("x*x^2", "x^3")]
    [InlineData("x*y*x", "x^2*y")]
    [InlineData("x^2*x^-2", "1")]
    [InlineData("(x^2)^3", "x^6")]
    [InlineData("(x*y)^2", "x^2*y^2")]
    [InlineData("(x^0.5)^2", "x")] // (x^a)^n = x^(an) for integer n: equal wherever the original is finite
    [InlineData("(x^2)^0.5", "sqrt(x^2)")] // = |x|: must not become x
    [InlineData("(x^2)^1.5", "(x^2)^1.5")] // = |x|^3
    public void AlgebraicIdentities(string expression, string expected) => Assert.Equal(expected, S(expression, "x", "y"));

    /// <summary>0·u = 0 and u − u = 0 only where u is finite for every finite input (<see cref="Expr.IsTotal"/>).</summary>
    [Theory]
    [InlineData("0*x", "0")]
    [InlineData("0*sin(x)", "0")]
    [InlineData("0*x^2", "0")]
    [InlineData("0*(x + y)", "0")]
    [InlineData("0*log(x)", "0*log(x)")]
    [InlineData("0*sqrt(x)", "0*sqrt(x)")]
    [InlineData("0*exp(x)", "0*exp(x)")]
    [InlineData("0/x", "0/x")]
    [InlineData("x - x", "0")]
    [InlineData("sin(x) - sin(x)", "0")]
    [InlineData("x*y - y*x", "0")]
    [InlineData("sigmoid(x) - sigmoid(x)", "0")]
    [InlineData("log(x) - log(x)", "log(x) - log(x)")] // +0 or NaN, exactly as written (0·log(x) would be −0 for x < 1)
    [InlineData("sqrt(x) - sqrt(x)", "sqrt(x) - sqrt(x)")]
    [InlineData("1/x - 1/x", "1/x - 1/x")]
    public void ZeroIsFoldedOnlyWhereNoNaNCanBeHidden(string expression, string expected) => Assert.Equal(expected, S(expression, "x", "y"));

    [Theory]
    [InlineData("0*log(x)")]
    [InlineData("log(x) - log(x)")]
    [InlineData("sqrt(x) - sqrt(x)")]
    public void KeptZeroProductsStillPropagateNaN(string expression)
    {
        var p = Parse(expression, "x");
        Assert.Equal(0.0, ReferenceEvaluator.Eval(p.F, "x=2"));
        Assert.True(double.IsNaN(ReferenceEvaluator.Eval(p.F, "x=-1")));
    }

    /// <summary>
    /// A scaled sum inside a sum is expanded (a − (b − c) = a − b + c); a scaled sum on its own keeps the sum
    /// whole, so that it stays a common factor for the factorizer.
    /// </summary>
    [Theory]
    [InlineData("-(x - y)", "-(x - y)")]
    [InlineData("3 - (x - y)", "y + 3 - x")]
    [InlineData("2*(x + y) - 2*x", "2*y")]
    [InlineData("x - 2*(x - y)", "2*y - x")]
    public void ConstantsDistributeOverSums(string expression, string expected) => Assert.Equal(expected, S(expression, "x", "y"));

    [Theory]
    [InlineData("true ? x : y", "x")]
    [InlineData("false ? x : y", "y")]
    [InlineData("1 < 2 ? x : y", "x")]
    [InlineData("2 <= 1 ? x : y", "y")]
    [InlineData("x > 0 ? y : y", "y")]
    [InlineData("!(x > 0) ? x : y", "x > 0 ? y : x")]
    [InlineData("!!(x > 0) ? x : y", "x > 0 ? x : y")]
    [InlineData("x > 0 && true ? x : y", "x > 0 ? x : y")]
    [InlineData("x > 0 || false ? x : y", "x > 0 ? x : y")]
    [InlineData("x > 0 && false ? x : y", "y")]
    [InlineData("x > 0 || true ? x : y", "x")]
    [InlineData("x > 0 && x > 0 ? x : y", "x > 0 ? x : y")]
    public void SelectFolding(string expression, string expected) => Assert.Equal(expected, S(expression, "x", "y"));

    /// <summary>|u|ⁿ = uⁿ for even n (smooth, no kink in the derivatives), and inside a branch its condition is known.</summary>
    [Theory]
    [InlineData("abs(x)^2", "x^2")]
    [InlineData("abs(x)^4", "x^4")]
    [InlineData("abs(x)^-2", "1/x^2")]
    [InlineData("abs(x)*abs(x)", "x^2")]
    [InlineData("abs(x)^3", "abs(x)^3")]
    [InlineData("x > 0 ? (x > 0 ? x : y) : 1", "x > 0 ? x : 1")]
    [InlineData("x > 0 ? 1 : (x > 0 ? x : y)", "x > 0 ? 1 : y")]
    [InlineData("x > 0 ? (y > 0 ? (x > 0 ? 2 : 3) : 4) : 5", "x > 0 ? (y > 0 ? 2 : 4) : 5")]
    [InlineData("x > 0 ? (x > 0 ? x : y) : (x > 0 ? 1 : x)", "x")]
    public void EvenPowersOfAbsAndKnownConditions(string expression, string expected) => Assert.Equal(expected, S(expression, "x", "y"));

    /// <summary>The two named rewrites to the stable runtime functions.</summary>
    [Theory]
    [InlineData("1/(1 + exp(x))", "sigmoid(-x)")]
    [InlineData("1/(1 + exp(-x))", "sigmoid(x)")]
    [InlineData("2/(exp(x) + 1)", "2*sigmoid(-x)")]
    [InlineData("log(1 + exp(x))", "softplus(x)")]
    [InlineData("log(exp(2*x) + 1)", "softplus(2*x)")]
    [InlineData("log(2 + exp(x))", "log(exp(x) + 2)")] // not the pattern
    public void StableRewrites(string expression, string expected) => Assert.Equal(expected, S(expression, "x"));

    [Fact]
    public void StableRewritesKeepTheValueAndDoNotOverflow()
    {
        foreach (var x in new[] { -3.0, -0.4, 0.0, 1.7 })
        {
            var point = $"x={x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}";
            Assert.Equal(1 / (1 + System.Math.Exp(x)), ReferenceEvaluator.Eval(Parse("1/(1 + exp(x))", "x").F, point), 15);
            Assert.Equal(System.Math.Log(1 + System.Math.Exp(x)), ReferenceEvaluator.Eval(Parse("log(1 + exp(x))", "x").F, point), 15);
        }

        // the textbook derivative -e^x/(1 + e^x)^2 is inf/inf = NaN at x = 800
        var p = Parse("1/(1 + exp(x))", "x");
        var slope = ReferenceEvaluator.Eval(p.Gradient()[0], "x=800");
        Assert.True(double.IsFinite(slope) && System.Math.Abs(slope) < 1e-300, $"{p.Gradient()[0]} = {slope} at x = 800");
        Assert.Equal(1.0, ReferenceEvaluator.Eval(Parse("log(1 + exp(x))", "x").Gradient()[0], "x=800"));
    }

    /// <summary>(c ? 1 : 0)·u = c ? u : 0, and selects on the same condition merge in sums.</summary>
    [Theory]
    [InlineData("(x > 0 ? 1 : 0)*y", "x > 0 ? y : 0")]
    [InlineData("(x > 0 ? 2 : 0)*y", "x > 0 ? 2*y : 0")]
    [InlineData("(x > 0 ? 1 : 0)*sqrt(x)", "x > 0 ? sqrt(x) : 0")]
    [InlineData("(x > 0 ? 1 : y > 0 ? -1 : 0)*sin(x)", "x > 0 ? sin(x) : y > 0 ? -sin(x) : 0")]
    [InlineData("(x > 0 ? x : 0) + (x > 0 ? y : 1)", "x > 0 ? x + y : 1")]
    public void PiecewiseSelectsAbsorbProducts(string expression, string expected) => Assert.Equal(expected, S(expression, "x", "y"));

    [Fact]
    public void TheBranchNotTakenContributesAnExactZero()
    {
        var p = Parse("(x > 0 ? 1 : 0)*log(x)", "x");
        Assert.Equal(0.0, ReferenceEvaluator.Eval(p.F, "x=-1")); // a plain product would be 0·NaN = NaN
        Assert.Equal(System.Math.Log(2), ReferenceEvaluator.Eval(p.F, "x=2"));
    }

    [Fact]
    public void DerivativeOfAGuardedSquareRootIsZeroNotNaNWhereTheGuardIsFalse()
    {
        Assert.Equal("x > 0 ? 0.5/sqrt(x) : 0", D("x > 0 ? sqrt(x) : 0", "x"));
        var p = Parse("x > 0 ? sqrt(x) : 0", "x");
        Assert.Equal(0.0, ReferenceEvaluator.Eval(p.Gradient()[0], "x=-1"));
        Assert.Equal(0.0, ReferenceEvaluator.Eval(p.ForwardGradient()[0], "x=-1"));
        Assert.Equal(0.0, ReferenceEvaluator.Eval(p.Hessian()[0, 0], "x=-1"));
        Assert.Equal(0.25, ReferenceEvaluator.Eval(p.Gradient()[0], "x=4"));
    }
}
