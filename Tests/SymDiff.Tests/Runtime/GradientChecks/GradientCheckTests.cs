using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SymDiff;
using Xunit;

namespace SymDiff.Tests.Runtime.GradientChecks;


/// <summary>
/// <see cref="GradientCheck.Check"/>: generated derivatives pass with tiny errors; deliberately wrong hand-written
/// derivatives are caught on exactly the wrong entry; the report's shape, table and argument checks.
/// </summary>
public sealed class GradientCheckTests
{
    private static readonly Dictionary<string, IDifferentiableFunction> Functions = new()
    {
        ["ChainRule"] = CheckedFunctions.ChainRuleFunction,
        ["NewtonSeed"] = CheckedFunctions.NewtonSeedFunction,
        ["Quartic"] = CheckedFunctions.QuarticFunction,
        ["Rosenbrock"] = CheckedFunctions.RosenbrockFunction,
        ["Mixed"] = CheckedFunctions.MixedFunction,
        ["Neuron"] = CheckedFunctions.NeuronFunction,
        ["Logs"] = CheckedFunctions.LogsFunction,
    };

    public static TheoryData<string, double[]> GeneratedCases() => new()
    {
        { "ChainRule", new[] { 1.0, 0.0 } },
        { "ChainRule", new[] { -0.7, 2.5 } },
        { "NewtonSeed", new[] { 17.0 / 15, 68.0 / 15 } },
        { "NewtonSeed", new[] { 0.3, -1.2 } },
        { "Quartic", new[] { 1.3, -0.4 } },
        { "Quartic", new[] { -2.0, 0.7 } },
        { "Rosenbrock", new[] { -1.2, 1.0 } },
        { "Mixed", new[] { 0.3, -0.8, 1.7 } },
        { "Mixed", new[] { 30.0, 0.1, -200.0 } },
        { "Neuron", new[] { 0.2, -1.0, 0.5 } },
        { "Logs", new[] { 1e-3, 2.0 } }, // steps of 0.1 and 0.01 leave the domain: retried smaller
        { "Logs", new[] { 5.0, 0.01 } },
    };

    [Theory]
    [MemberData(nameof(GeneratedCases))]
    public void GeneratedDerivatives_Pass_WithTinyErrors(string function, double[] x)
    {
        IDifferentiableFunction f = Functions[function];
        GradientCheckReport report = GradientCheck.Check(f, x);

        Assert.True(report.WorstGradientError < 1e-8, report.ToString());
        Assert.NotNull(report.WorstHessianError);
        Assert.True(report.WorstHessianError < 1e-8, report.ToString());
        Assert.True(report.Passes(), report.ToString());
        Assert.True(report.Passes(1e-9), report.ToString());

        int n = f.Dimension;
        Assert.Equal(n, report.GradientEntries.Count);
        Assert.Equal(n * n, report.HessianEntries.Count);
        Assert.Equal(x, report.Point);

        // The analytic column is the function's own output, untouched.
        var gradient = new double[n];
        var hessian = new double[n * n];
        Assert.Equal(f.Hessian(x, gradient, hessian), report.Value);
        Assert.Equal(gradient, report.GradientEntries.Select(e => e.Analytic));
        Assert.Equal(hessian, report.HessianEntries.Select(e => e.Analytic));
        Assert.All(report.GradientEntries.Concat(report.HessianEntries), e =>
        {
            Assert.True(e.NumericErrorEstimate < 1e-6 * Math.Max(1, Math.Abs(e.Numeric)), e.ToString());
            Assert.Equal(Math.Abs(e.Analytic - e.Numeric), e.AbsoluteError);
        });
    }

    [Fact]
    public void EntryNames_AndIndices_FollowTheParameterNames()
    {
        GradientCheckReport report = GradientCheck.Check(CheckedFunctions.ChainRuleFunction, new[] { 1.0, 0.0 });

        Assert.Equal(new[] { "∂f/∂x", "∂f/∂y" }, report.GradientEntries.Select(e => e.Name));
        Assert.Equal(new[] { "∂²f/∂x²", "∂²f/∂x∂y", "∂²f/∂y∂x", "∂²f/∂y²" }, report.HessianEntries.Select(e => e.Name));
        Assert.Equal(new[] { (0, -1), (1, -1) }, report.GradientEntries.Select(e => (e.Row, e.Column)));
        Assert.Equal(new[] { (0, 0), (0, 1), (1, 0), (1, 1) }, report.HessianEntries.Select(e => (e.Row, e.Column)));
        Assert.All(report.HessianEntries, e => Assert.True(e.IsHessianEntry));
        Assert.All(report.GradientEntries, e => Assert.False(e.IsHessianEntry));
        Assert.Equal(new[] { "x", "y" }, report.ParameterNames);

        // Document 004's values at (1, 0).
        Assert.Equal(0.0646454137655230, report.GradientEntries[0].Numeric, 1e-13);
        Assert.Equal(-0.181186363732994, report.GradientEntries[1].Numeric, 1e-13);
    }

    [Fact]
    public void WrongGradient_IsCaught_OnExactlyTheWrongEntry()
    {
        // ∂f/∂y written as x² (the cos y forgotten): 0.49 against 0.49 + cos 1.1 = 0.9436.
        GradientCheckReport report = GradientCheck.Check(new HandWritten(HandWritten.Mistake.GradientForgetsCosine), new[] { 0.7, 1.1 });

        Assert.False(report.Passes());
        GradientCheckEntry dx = report.GradientEntries[0];
        GradientCheckEntry dy = report.GradientEntries[1];
        Assert.True(dx.RelativeError < 1e-12, dx.ToString());
        Assert.Equal(1 - 0.49 / (0.49 + Math.Cos(1.1)), dy.RelativeError, 1e-10);
        Assert.Equal(dy.RelativeError, report.WorstGradientError);
        Assert.Equal(0.49 + Math.Cos(1.1), dy.Numeric, 1e-13);
        Assert.Equal(0.49, dy.Analytic, 1e-15);
    }

    [Fact]
    public void WrongHessianSign_IsCaught_OnExactlyTheWrongEntry_WhileTheGradientPasses()
    {
        GradientCheckReport report = GradientCheck.Check(new HandWritten(HandWritten.Mistake.HessianWrongSign), new[] { 0.7, 1.1 });

        Assert.False(report.Passes());
        Assert.True(report.WorstGradientError < 1e-12, report.ToString());
        GradientCheckEntry wrong = Assert.Single(report.HessianEntries, e => e.RelativeError > 1e-8);
        Assert.Equal("∂²f/∂y²", wrong.Name);
        Assert.Equal(2.0, wrong.RelativeError, 1e-12); // |s − (−s)| / |s|
        Assert.Equal(-Math.Sin(1.1), wrong.Numeric, 1e-13);
        Assert.Same(wrong, report.WorstEntry);
        Assert.Equal(wrong.RelativeError, report.WorstHessianError);
    }

    [Fact]
    public void AsymmetricHessian_IsCaught_InTheWrongTriangleOnly()
    {
        GradientCheckReport report = GradientCheck.Check(new HandWritten(HandWritten.Mistake.HessianOneTriangle), new[] { 0.7, 1.1 });

        GradientCheckEntry wrong = Assert.Single(report.HessianEntries, e => e.RelativeError > 1e-8);
        Assert.Equal("∂²f/∂y∂x", wrong.Name);
        Assert.Equal((1, 0), (wrong.Row, wrong.Column));
        Assert.Equal(1.0 / 3, wrong.RelativeError, 1e-12); // |2.1 − 1.4| / 2.1
    }

    [Fact]
    public void WrongGradient_OfATinyFunction_IsStillCaught()
    {
        // The same mistake in f · 1e-12: the relative error does not depend on the function's scale.
        GradientCheckReport report = GradientCheck.Check(new HandWritten(HandWritten.Mistake.GradientForgetsCosine, 1e-12), new[] { 0.7, 1.1 });
        Assert.Equal(1 - 0.49 / (0.49 + Math.Cos(1.1)), report.GradientEntries[1].RelativeError, 1e-8);
        Assert.True(report.GradientEntries[0].RelativeError < 1e-12);
        Assert.False(report.Passes());

        Assert.True(GradientCheck.Check(new HandWritten(HandWritten.Mistake.None, 1e-12), new[] { 0.7, 1.1 }).Passes(1e-10));
    }

    [Fact]
    public void WithoutTheHessian_OnlyTheGradientIsChecked()
    {
        GradientCheckReport report = GradientCheck.Check(new HandWritten(HandWritten.Mistake.HessianWrongSign), new[] { 0.7, 1.1 }, includeHessian: false);

        Assert.False(report.IncludesHessian);
        Assert.Empty(report.HessianEntries);
        Assert.Null(report.WorstHessianError);
        Assert.True(report.Passes());
        Assert.EndsWith("; Hessian not checked", report.ToString());
    }

    [Fact]
    public void AtACriticalPoint_TheGradientIsCheckedWithAnAbsoluteTolerance()
    {
        // At Rosenbrock's minimum the gradient is 0 and its numeric estimate rounding noise (~1e-14): relative errors
        // are meaningless there, absolute ones are not. The Hessian is checked as usual.
        GradientCheckReport report = GradientCheck.Check(CheckedFunctions.RosenbrockFunction, new[] { 1.0, 1.0 });

        Assert.All(report.GradientEntries, e => Assert.True(e.AbsoluteError < 1e-12, e.ToString()));
        Assert.True(report.WorstHessianError < 1e-12);
        Assert.True(report.Passes(1e-6, absoluteTolerance: 1e-10), report.ToString());
    }

    [Fact]
    public void ToString_IsAnAlignedTable()
    {
        GradientCheckReport report = GradientCheck.Check(CheckedFunctions.MixedFunction, new[] { 0.3, -0.8, 1.7 });
        string text = report.ToString();
        string[] lines = text.Split('\n');

        // Lines are joined with '\n' on every platform, with none after the last.
        Assert.DoesNotContain('\r', text);
        Assert.False(text.EndsWith('\n'));

        Assert.Equal("gradient check at (a = 0.3, b = -0.8, c = 1.7), f = " + report.Value.ToString("R", CultureInfo.InvariantCulture), lines[0]);
        string header = lines[1];
        Assert.StartsWith("entry", header);
        int analytic = header.IndexOf("analytic", StringComparison.Ordinal);
        int numeric = header.IndexOf("numeric", StringComparison.Ordinal);
        int absolute = header.IndexOf("abs. error", StringComparison.Ordinal);
        int relative = header.IndexOf("rel. error", StringComparison.Ordinal);
        int estimate = header.IndexOf("FD error est.", StringComparison.Ordinal);
        Assert.True(analytic > 0 && numeric > analytic && absolute > numeric && relative > absolute && estimate > relative);

        GradientCheckEntry[] entries = report.GradientEntries.Concat(report.HessianEntries).ToArray();
        Assert.Equal(2 + entries.Length + 1, lines.Length);
        for (int k = 0; k < entries.Length; k++)
        {
            string line = lines[2 + k];
            Assert.Equal(entries[k].Name, line.Substring(0, analytic).TrimEnd());
            Assert.StartsWith(Cell(entries[k].Analytic), line.Substring(analytic));
            Assert.StartsWith(Cell(entries[k].Numeric), line.Substring(numeric));
            Assert.Equal(ErrorText(entries[k].AbsoluteError), line.Substring(absolute, relative - absolute).TrimEnd());
            Assert.Equal(ErrorText(entries[k].RelativeError), line.Substring(relative, estimate - relative).TrimEnd());
            Assert.Equal(ErrorText(entries[k].NumericErrorEstimate), line.Substring(estimate));
        }

        GradientCheckEntry worstGradient = report.GradientEntries.MaxBy(e => e.RelativeError)!;
        GradientCheckEntry worstHessian = report.HessianEntries.MaxBy(e => e.RelativeError)!;
        Assert.Equal(
            $"worst relative error: gradient {ErrorText(report.WorstGradientError)} ({worstGradient.Name}), Hessian {ErrorText(report.WorstHessianError!.Value)} ({worstHessian.Name})",
            lines[^1]);
    }

    [Fact]
    public void ToString_IsCultureInvariant_AndWritesErrorsInOneStyle()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            GradientCheckReport report = GradientCheck.Check(new HandWritten(HandWritten.Mistake.GradientForgetsCosine), new[] { 0.7, 1.1 });
            string text = report.ToString();

            Assert.DoesNotContain("e-", text); // no lower-case exponents: 1.3E-11 throughout
            Assert.DoesNotContain(",", text.Split('\n')[2]); // no decimal commas in the table
            Assert.Matches(@"^worst relative error: gradient [1-9]\.\dE[-+](0|[1-9]\d*) \(∂f/∂y\), Hessian (0|[1-9]\.\dE[-+](0|[1-9]\d*)) \(∂²f/∂[xy]", text.Split('\n')[^1]);

            GradientCheckEntry entry = report.GradientEntries[1];
            Assert.Equal(
                "∂f/∂y: analytic " + entry.Analytic.ToString("G15", CultureInfo.InvariantCulture) + ", numeric " + entry.Numeric.ToString("G15", CultureInfo.InvariantCulture) +
                ", relative error " + ErrorText(entry.RelativeError),
                entry.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void NamesFallBackToIndices_WhenTheFunctionDoesNotProvideThem()
    {
        var report = GradientCheck.Check(new Unnamed(), new[] { 1.0, 2.0 });
        Assert.Equal(new[] { "∂f/∂x[0]", "∂f/∂x[1]" }, report.GradientEntries.Select(e => e.Name));
        Assert.True(report.Passes());
    }

    [Fact]
    public void InvalidArguments_AreNamed()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => GradientCheck.Check(null!, new[] { 1.0 })).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => GradientCheck.Check(CheckedFunctions.MixedFunction, new[] { 1.0, 2.0 })).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => GradientCheck.Check(CheckedFunctions.RosenbrockFunction, new[] { 1.0, double.NaN })).ParamName);

        var outsideDomain = Assert.Throws<ArgumentException>(() => GradientCheck.Check(CheckedFunctions.LogsFunction, new[] { -1.0, 2.0 }));
        Assert.Equal("x", outsideDomain.ParamName);
        Assert.Contains("f(x) is NaN", outsideDomain.Message);

        var report = GradientCheck.Check(CheckedFunctions.RosenbrockFunction, new[] { 0.5, 0.5 });
        Assert.Equal("tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => report.Passes(-1)).ParamName);
        Assert.Equal("tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => report.Passes(double.NaN)).ParamName);
        Assert.Equal("relativeTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => report.Passes(double.NaN, 0)).ParamName);
        Assert.Equal("absoluteTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => report.Passes(1e-6, -1)).ParamName);
    }

    private static string Cell(double value) => (value >= 0 ? " " : "") + value.ToString("G15", CultureInfo.InvariantCulture);

    /// <summary>The runtime's style for errors: two significant digits in exponent form (1.3E-11), 0 for zero.</summary>
    private static string ErrorText(double value) =>
        value == 0 ? "0" : double.IsFinite(value) ? value.ToString("0.0E+0", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>f = x₀²·x₁ with correct derivatives and no parameter names.</summary>
    private sealed class Unnamed : IDifferentiableFunction
    {
        public int Dimension => 2;

        public IReadOnlyList<string> ParameterNames => Array.Empty<string>();

        public double Value(ReadOnlySpan<double> x) => x[0] * x[0] * x[1];

        public double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
        {
            gradient[0] = 2 * x[0] * x[1];
            gradient[1] = x[0] * x[0];
            return Value(x);
        }

        public double Hessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
        {
            hessian[0] = 2 * x[1];
            hessian[1] = 2 * x[0];
            hessian[2] = 2 * x[0];
            hessian[3] = 0;
            return Gradient(x, gradient);
        }
    }
}
