using System.Linq;
using SymDiff.Generator.Engine;
using Xunit;
using static SymDiff.Tests.Engine.EngineTestKit;

namespace SymDiff.Tests.Engine;

/// <summary>
/// The derivative rule table, one rule at a time: the symbolic result as the engine prints it (each checked by hand),
/// the same rule checked numerically against Ridders-extrapolated central differences of the reference evaluator,
/// and the documented conventions at non-smooth points.
/// </summary>
public class DerivativeRuleTests
{
    [Theory]
    // arithmetic
    [InlineData("x + y", "x", "1")]
    [InlineData("x - y", "y", "-1")]
    [InlineData("x*y", "x", "y")]
    [InlineData("x*x", "x", "2*x")]
    [InlineData("x/y", "x", "1/y")]
    [InlineData("x/y", "y", "-x/y^2")]
    [InlineData("1/x", "x", "-1/x^2")]
    // powers with constant exponents, and sqrt
    [InlineData("x^2", "x", "2*x")]
    [InlineData("x^3", "x", "3*x^2")]
    [InlineData("x^-2", "x", "-2/x^3")]
    [InlineData("x^1.5", "x", "1.5*sqrt(x)")]
    [InlineData("x^-0.5", "x", "-0.5/x^1.5")]
    [InlineData("sqrt(x)", "x", "0.5/sqrt(x)")]
    // powers with variable exponents: b^e·ln b for the exponent, e·b^(e−1) for the base
    [InlineData("pow(x, y)", "x", "y*x^(y - 1)")]
    [InlineData("pow(x, y)", "y", "x == 0 && y > 0 ? 0 : x^y*log(x)")] // 0^y is 0 around y > 0: not 0·log(0)
    [InlineData("pow(2, x)", "x", "2^x*log(2)")]
    [InlineData("x^x", "x", "x*x^(x - 1) + x^x*log(x)")] // = x^x·(1 + ln x), correct but not collected
    // exponential and logarithms (1/ln 10 and 1/ln 2 as the engine folds them)
    [InlineData("exp(x)", "x", "exp(x)")]
    [InlineData("exp(2*x)", "x", "2*exp(2*x)")]
    [InlineData("log(x)", "x", "1/x")]
    [InlineData("log10(x)", "x", "0.4342944819032518/x")] // log10(e), correctly rounded
    [InlineData("log2(x)", "x", "1.4426950408889634/x")]
    [InlineData("log(x, y)", "x", "1/(x*log(y))")]
    [InlineData("log(x, y)", "y", "-log(x)/(y*log(y)^2)")]
    // trigonometric
    [InlineData("sin(x)", "x", "cos(x)")]
    [InlineData("cos(x)", "x", "-sin(x)")]
    [InlineData("tan(x)", "x", "tan(x)^2 + 1")]
    [InlineData("asin(x)", "x", "1/sqrt(1 - x^2)")]
    [InlineData("acos(x)", "x", "-1/sqrt(1 - x^2)")]
    [InlineData("atan(x)", "x", "1/(x^2 + 1)")]
    [InlineData("atan2(y, x)", "y", "x/(x^2 + y^2)")]
    [InlineData("atan2(y, x)", "x", "-y/(x^2 + y^2)")]
    // hyperbolic
    [InlineData("sinh(x)", "x", "cosh(x)")]
    [InlineData("cosh(x)", "x", "sinh(x)")]
    [InlineData("tanh(x)", "x", "1 - tanh(x)^2")]
    [InlineData("asinh(x)", "x", "1/sqrt(x^2 + 1)")]
    [InlineData("acosh(x)", "x", "1/sqrt(x^2 - 1)")]
    [InlineData("atanh(x)", "x", "1/(1 - x^2)")]
    [InlineData("cbrt(x)", "x", "0.3333333333333333/cbrt(x)^2")]
    // non-smooth
    [InlineData("abs(x)", "x", "x > 0 ? 1 : x < 0 ? -1 : 0")]
    [InlineData("sign(x)", "x", "0")]
    [InlineData("floor(x)", "x", "0")]
    [InlineData("ceiling(x)", "x", "0")]
    [InlineData("round(x)", "x", "0")]
    [InlineData("truncate(x)", "x", "0")]
    [InlineData("max(x, y)", "x", "x >= y ? 1 : 0")]
    [InlineData("max(x, y)", "y", "x >= y ? 0 : 1")]
    [InlineData("min(x, y)", "x", "x <= y ? 1 : 0")]
    [InlineData("min(x, y)", "y", "x <= y ? 0 : 1")]
    [InlineData("clamp(x, y, z)", "x", "x < y || x > z ? 0 : 1")]
    [InlineData("clamp(x, y, z)", "y", "x < y ? 1 : 0")]
    [InlineData("clamp(x, y, z)", "z", "!(x < y) && x > z ? 1 : 0")]
    [InlineData("fusedmultiplyadd(x, y, z)", "x", "y")]
    [InlineData("fusedmultiplyadd(x, y, z)", "y", "x")]
    [InlineData("fusedmultiplyadd(x, y, z)", "z", "1")]
    // activations
    [InlineData("sigmoid(x)", "x", "sigmoid(x)*(1 - sigmoid(x))")]
    [InlineData("softplus(x)", "x", "sigmoid(x)")]
    [InlineData("relu(x)", "x", "x > 0 ? 1 : 0")]
    [InlineData("leakyrelu(x, 0.1)", "x", "x > 0 ? 1 : 0.1")]
    [InlineData("leakyrelu(x, a)", "a", "x > 0 ? 0 : x")]
    // the chain rule
    [InlineData("x*sin(x)", "x", "sin(x) + x*cos(x)")]
    [InlineData("sin(x^2)", "x", "2*x*cos(x^2)")]
    [InlineData("exp(sin(x))", "x", "exp(sin(x))*cos(x)")]
    public void Rule(string f, string variable, string expected)
    {
        Assert.Equal(expected, D(f, variable));
        Assert.Equal(expected, ForwardD(f, variable));
    }

    [Fact]
    public void EveryFunctionHasARuleCase()
    {
        // Guards the list above: a function added to the table without a one-liner here fails this test.
        var rule = typeof(DerivativeRuleTests).GetMethod(nameof(Rule))!;
        var covered = rule.GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(rule).First()[0])
            .ToList();
        var missing = FnInfo.All
            .Select(i => i.Name.ToLowerInvariant())
            .Where(name => !covered.Any(f => f.StartsWith(name + "(", System.StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(missing);
    }

    /// <summary>
    /// Every rule against a high-accuracy finite difference, for every variable, at points inside the domain
    /// and away from kinks: both the reverse sweep and the forward derivative.
    /// </summary>
    [Theory]
    [InlineData("x + y", "x=0.7, y=1.3", "x=-1.1, y=0.4")]
    [InlineData("x - y", "x=0.7, y=1.3", "x=-1.1, y=0.4")]
    [InlineData("x*y", "x=0.7, y=1.3", "x=-1.1, y=0.4")]
    [InlineData("x/y", "x=0.7, y=1.3", "x=-1.1, y=-0.4")]
    [InlineData("x^2", "x=0.7", "x=-1.3")]
    [InlineData("x^3", "x=0.7", "x=-1.3")]
    [InlineData("x^-2", "x=0.7", "x=-1.3")]
    [InlineData("x^1.5", "x=0.7", "x=2.3")]
    [InlineData("x^-0.5", "x=0.7", "x=2.3")]
    [InlineData("sqrt(x)", "x=0.7", "x=2.3")]
    [InlineData("pow(x, y)", "x=0.7, y=1.3", "x=2.3, y=-0.6")]
    [InlineData("pow(2, x)", "x=0.7", "x=-1.3")]
    [InlineData("x^x", "x=0.7", "x=1.9")]
    [InlineData("exp(x)", "x=0.7", "x=-1.3")]
    [InlineData("log(x)", "x=0.5", "x=3.2")]
    [InlineData("log10(x)", "x=0.5", "x=3.2")]
    [InlineData("log2(x)", "x=0.5", "x=3.2")]
    [InlineData("log(x, y)", "x=0.5, y=3.2", "x=3.2, y=0.5")]
    [InlineData("sin(x)", "x=0.7", "x=-2.1")]
    [InlineData("cos(x)", "x=0.7", "x=-2.1")]
    [InlineData("tan(x)", "x=0.4", "x=-1.1")]
    [InlineData("asin(x)", "x=0.3", "x=-0.6")]
    [InlineData("acos(x)", "x=0.3", "x=-0.6")]
    [InlineData("atan(x)", "x=0.7", "x=-2.5")]
    [InlineData("atan2(y, x)", "y=0.7, x=1.3", "y=-1.1, x=-0.4", "y=0.5, x=-2")]
    [InlineData("sinh(x)", "x=0.7", "x=-1.5")]
    [InlineData("cosh(x)", "x=0.7", "x=-1.5")]
    [InlineData("tanh(x)", "x=0.7", "x=-1.5")]
    [InlineData("asinh(x)", "x=0.7", "x=-2.2")]
    [InlineData("acosh(x)", "x=1.5", "x=3")]
    [InlineData("atanh(x)", "x=0.3", "x=-0.6")]
    [InlineData("cbrt(x)", "x=0.7", "x=-2.2")]
    [InlineData("abs(x)", "x=0.7", "x=-1.3")]
    [InlineData("sign(x)", "x=0.7", "x=-1.3")]
    [InlineData("floor(x)", "x=0.7", "x=-1.3", "x=2.3")]
    [InlineData("ceiling(x)", "x=0.7", "x=-1.3", "x=2.3")]
    [InlineData("round(x)", "x=0.7", "x=-1.3", "x=2.3")]
    [InlineData("truncate(x)", "x=0.7", "x=-1.3", "x=2.3")]
    [InlineData("max(x, y)", "x=0.7, y=-0.2", "x=-0.4, y=1.1")]
    [InlineData("min(x, y)", "x=0.7, y=-0.2", "x=-0.4, y=1.1")]
    [InlineData("clamp(x, y, z)", "x=0.5, y=0, z=1", "x=-0.5, y=0, z=1", "x=1.5, y=0, z=1")]
    [InlineData("fusedmultiplyadd(x, y, z)", "x=0.5, y=-2, z=1", "x=3, y=0.25, z=-1")]
    [InlineData("sigmoid(x)", "x=0.7", "x=-2.3")]
    [InlineData("softplus(x)", "x=0.7", "x=-2.3")]
    [InlineData("relu(x)", "x=0.7", "x=-1.3")]
    [InlineData("leakyrelu(x, a)", "x=0.7, a=0.1", "x=-1.3, a=0.2")]
    [InlineData("x*sin(x)", "x=0.7", "x=-2.1")]
    [InlineData("exp(sin(x))*cos(x*y)", "x=0.7, y=1.3", "x=-2.1, y=0.4")]
    [InlineData("(x^2 + sigmoid(y))/(3*x + y - sigmoid(x))", "x=1, y=0", "x=2, y=-1")]
    public void RuleAgreesWithFiniteDifferences(string f, params string[] points)
    {
        foreach (var text in points)
        {
            var point = ReferenceEvaluator.Point(text);
            var names = point.Keys.ToArray();
            var p = Parse(f, names);
            var reverse = p.Gradient();
            var forward = p.ForwardGradient();
            for (int i = 0; i < names.Length; i++)
            {
                double numeric = FiniteDifference.Partial(env => ReferenceEvaluator.Eval(p.F, env), point, names[i]);
                double r = ReferenceEvaluator.Eval(reverse[i], point);
                double d = ReferenceEvaluator.Eval(forward[i], point);
                Assert.True(FiniteDifference.Close(numeric, r), $"∂{f}/∂{names[i]} at {text}: reverse {reverse[i]} = {r:R}, finite difference {numeric:R}");
                Assert.True(FiniteDifference.Close(numeric, d), $"∂{f}/∂{names[i]} at {text}: forward {forward[i]} = {d:R}, finite difference {numeric:R}");
            }
        }
    }

    /// <summary>The documented derivatives at non-smooth points, evaluated exactly (gradient over the listed variables).</summary>
    [Theory]
    [InlineData("abs(x)", "x=0", 0.0)]
    [InlineData("abs(x)", "x=-2", -1.0)]
    [InlineData("max(x, y)", "x=1, y=1", 1.0, 0.0)] // a tie goes to the first argument
    [InlineData("max(y, x)", "x=1, y=1", 0.0, 1.0)]
    [InlineData("min(x, y)", "x=1, y=1", 1.0, 0.0)]
    [InlineData("min(y, x)", "x=1, y=1", 0.0, 1.0)]
    [InlineData("relu(x)", "x=0", 0.0)]
    [InlineData("leakyrelu(x, a)", "x=0, a=0.1", 0.1, 0.0)] // the left slope at 0
    [InlineData("clamp(x, lo, hi)", "x=0, lo=0, hi=1", 1.0, 0.0, 0.0)] // at a bound the derivative goes to the value
    [InlineData("clamp(x, lo, hi)", "x=1, lo=0, hi=1", 1.0, 0.0, 0.0)]
    [InlineData("clamp(x, lo, hi)", "x=-1, lo=0, hi=1", 0.0, 1.0, 0.0)]
    [InlineData("clamp(x, lo, hi)", "x=2, lo=0, hi=1", 0.0, 0.0, 1.0)]
    [InlineData("sign(x)", "x=0", 0.0)]
    [InlineData("floor(x)", "x=2", 0.0)]
    [InlineData("ceiling(x)", "x=2", 0.0)]
    [InlineData("round(x)", "x=2.5", 0.0)]
    [InlineData("truncate(x)", "x=-1", 0.0)]
    public void ConventionAtNonSmoothPoints(string f, string point, params double[] expected)
    {
        var env = ReferenceEvaluator.Point(point);
        var p = Parse(f, env.Keys.ToArray());
        Assert.Equal(expected, p.Gradient().Select(g => ReferenceEvaluator.Eval(g, env)).ToArray());
        Assert.Equal(expected, p.ForwardGradient().Select(g => ReferenceEvaluator.Eval(g, env)).ToArray());
    }

    [Fact]
    public void EveryFunctionDocumentsItsConventionExactlyWhenNonSmooth()
    {
        var nonSmooth = new[] { Fn.Abs, Fn.Sign, Fn.Floor, Fn.Ceiling, Fn.Round, Fn.Truncate, Fn.Max, Fn.Min, Fn.Clamp, Fn.Relu, Fn.LeakyRelu };
        foreach (var info in FnInfo.All.Where(i => i.Fn != Fn.None))
        {
            Assert.True(nonSmooth.Contains(info.Fn) == (info.Convention.Length > 0), $"{info.Name}: convention '{info.Convention}'");
        }
    }
}
