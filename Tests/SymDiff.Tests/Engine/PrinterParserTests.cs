using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SymDiff.Generator.Engine;
using Xunit;
using static SymDiff.Tests.Engine.EngineTestKit;

namespace SymDiff.Tests.Engine;

/// <summary>The three notations of <see cref="ExprPrinter"/>, and <see cref="ExprParser"/> reading the engine one back.</summary>
public class PrinterParserTests
{
    [Theory]
    [InlineData("x*sin(x) + x^2/y")]
    [InlineData("-x - y")]
    [InlineData("-x*y")]
    [InlineData("x - y - z")]
    [InlineData("x/y/z")]
    [InlineData("x - 2*(x > 0 ? y : 0)")]
    [InlineData("-(x > 0 ? y : 0)")]
    [InlineData("x^y^2")]
    [InlineData("(x^y)^2")]
    [InlineData("x^(-y)")]
    [InlineData("(-2)^x")]
    [InlineData("(-x)^y")]
    [InlineData("sqrt(-x)")]
    [InlineData("1/sqrt(x + y)")]
    [InlineData("(x + y)^-2")]
    [InlineData("x^1.5/(y*sqrt(x))")]
    [InlineData("2^x*log(2)")]
    [InlineData("x > 0 && y < 1 || !(x == y) ? x : y")]
    [InlineData("x != y ? 1 : 2")]
    [InlineData("x >= y ? (x <= 1 ? x : 1) : y")]
    [InlineData("x^(x > 0 ? 1 : 2)")]
    [InlineData("(x > 0 ? x : y)^2")]
    [InlineData("0.1*x + 1E-05*y - 1E+20")]
    [InlineData("5E-324*x")]
    [InlineData("nan*x")]
    [InlineData("-inf*x")]
    [InlineData("0*log(x)")]
    [InlineData("0/x")]
    [InlineData("sigmoid(y)*(1 - sigmoid(y))")]
    [InlineData("leakyrelu(x, 0.1) + clamp(x, -1, 1) + atan2(y, x)")]
    [InlineData("x*3^-0.5")]
    [InlineData("3^-0.5")]
    public void ParsingThePrintedFormGivesTheSameNode(string expression)
    {
        var b = new ExprBuilder();
        var e = ExprParser.Parse(b, expression, "x", "y", "z");
        var printed = e.ToString();
        Assert.Same(e, ExprParser.Parse(b, printed, "x", "y", "z"));
    }

    [Fact]
    public void EveryRulesDerivativesPrintAndParseBack()
    {
        foreach (var info in FnInfo.All)
        {
            var b = new ExprBuilder();
            var vars = new[] { b.Var("x", 0), b.Var("y", 1), b.Var("z", 2) };
            var f = b.Call(info.Fn, vars.Take(info.Arity).ToArray());
            var d = new Differentiator(b);
            var gradient = d.Gradient(f, vars);
            var outputs = new List<Expr> { f };
            outputs.AddRange(gradient);
            outputs.AddRange(d.Hessian(gradient, vars).Cast<Expr>());
            foreach (var e in outputs)
            {
                var printed = e.ToString();
                Assert.True(ReferenceEquals(e, ExprParser.Parse(b, printed, "x", "y", "z")), $"{info.Name}: '{printed}' reads back as {ExprParser.Parse(b, printed, "x", "y", "z")}");
            }
        }
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3333333333333333)]
    [InlineData(2.5)]
    [InlineData(123456789.123)]
    [InlineData(1e-5)]
    [InlineData(1e20)]
    [InlineData(6.02214076e23)]
    [InlineData(4.9406564584124654E-324)]
    [InlineData(1.7976931348623157E+308)]
    [InlineData(-0.7)]
    public void NumbersRoundTripExactly(double value)
    {
        var b = new ExprBuilder();
        var c = b.Const(value);
        var read = ExprParser.Parse(b, c.ToString());
        Assert.Same(c, read);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read.Value));
    }

    [Fact]
    public void NumbersAreCultureInvariant()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = GermanNumbers();
            Assert.Equal("0,5", 0.5.ToString()); // the culture really writes a decimal comma
            var b = new ExprBuilder();
            var e = ExprParser.Parse(b, "0.5*x + 1.25 - 1E-05/y", "x", "y");
            Assert.Equal("0.5*x + 1.25 - 1E-05/y", e.ToString());
            Assert.Equal("0.5·x + 1.25 − 1E-05/y", ExprPrinter.Math.Print(e));
            Assert.Equal("0.5 * x + 1.25 - 1E-05 / y", new ExprPrinter(Notation.CSharp, null).Print(e));
            Assert.Contains(" 1.25 ", ExprSerializer.Serialize(new[] { e }));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    /// <summary>de-DE; this repository builds with invariant globalization, where de-DE has no data of its own, so then a culture with the same number format.</summary>
    private static CultureInfo GermanNumbers()
    {
        try
        {
            var de = new CultureInfo("de-DE");
            if (de.NumberFormat.NumberDecimalSeparator == ",")
            {
                return de;
            }
        }
        catch (CultureNotFoundException)
        {
        }

        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        return culture;
    }

    [Theory]
    [InlineData("x*sin(x) + x^2/y", "x·sin(x) + x²/y")]
    [InlineData("sigmoid(y)", "σ(y)")]
    [InlineData("sqrt(x)", "√x")]
    [InlineData("abs(x - y)", "|x − y|")]
    [InlineData("x - y", "x − y")]
    [InlineData("x <= y ? 1 : 0", "x ≤ y ? 1 : 0")]
    [InlineData("x^12", "x^12")]
    public void MathNotation(string expression, string expected)
        => Assert.Equal(expected, ExprPrinter.Math.Print(ExprParser.Parse(new ExprBuilder(), expression, "x", "y")));

    [Theory]
    [InlineData("x*sin(x)", "x * global::System.Math.Sin(x)")]
    [InlineData("x^2 + y^3", "x * x + y * y * y")]
    [InlineData("x^4", "global::System.Math.Pow(x, 4)")]
    [InlineData("x^y", "global::System.Math.Pow(x, y)")]
    [InlineData("sqrt(x + y)", "global::System.Math.Sqrt(x + y)")]
    [InlineData("1/x", "1 / x")]
    [InlineData("sigmoid(y)", "global::SymDiff.SymMath.Sigmoid(y)")]
    [InlineData("leakyrelu(x, 0.1)", "global::SymDiff.SymMath.LeakyRelu(x, 0.1)")]
    [InlineData("sign(x)*y", "y * (double)global::System.Math.Sign(x)")]
    [InlineData("x > 0 ? x : -x", "x > 0 ? x : -x")]
    [InlineData("nan*x", "double.NaN * x")]
    public void CSharpNotation(string expression, string expected)
        => Assert.Equal(expected, new ExprPrinter(Notation.CSharp, null).Print(ExprParser.Parse(new ExprBuilder(), expression, "x", "y")));

    [Theory]
    [InlineData("-x^2", "x=3", -9.0)] // -(x^2), as in mathematics
    [InlineData("2^x^2", "x=3", 512.0)] // right-associative: 2^(x^2)
    [InlineData("x^-1", "x=4", 0.25)]
    [InlineData("x - 1 - 2", "x=0", -3.0)]
    [InlineData("x/2/4", "x=1", 0.125)]
    [InlineData("1 + 2*x^2", "x=3", 19.0)]
    [InlineData("x > 0 ? 1 : 0 + 2", "x=-1", 2.0)] // the else branch extends to the right, as in C#
    [InlineData("x < 0 ? -1 : x > 1 ? 1 : 0", "x=2", 1.0)]
    [InlineData("!(x > 0) || x > 2 && x < 3 ? 1 : 0", "x=1", 0.0)] // && binds tighter than ||
    [InlineData("log(x, 2)", "x=8", 3.0)]
    [InlineData("1.5e2 + 2E-1", "x=0", 150.2)]
    public void Precedence(string expression, string point, double expected)
        => Assert.Equal(expected, ReferenceEvaluator.Eval(Parse(expression, "x").F, point), 12);

    [Theory]
    [InlineData("x ? 1 : 2")]
    [InlineData("(x > 0) + 1")]
    [InlineData("sin(x > 0)")]
    [InlineData("x && y > 0 ? 1 : 0")]
    public void ConditionsAndNumbersDoNotMix(string expression)
        => Assert.Throws<ArgumentException>(() => S(expression, "x", "y"));

    [Theory]
    [InlineData("x +")]
    [InlineData("(x")]
    [InlineData("x y")]
    [InlineData("foo(x)")]
    [InlineData("sin(x, y)")]
    [InlineData("1.2.3")]
    public void SyntaxErrorsAreExprSyntaxExceptions(string expression)
        => Assert.Throws<ExprSyntaxException>(() => S(expression, "x", "y"));
}
