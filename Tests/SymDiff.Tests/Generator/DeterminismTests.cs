using System.Globalization;
using System.Linq;
using SymDiff.Tests.Infrastructure;
using Xunit;

namespace SymDiff.Tests.Generator;

/// <summary>The same source gives byte-identical output: run after run, in any culture, in any declaration order.</summary>
public class DeterminismTests
{
    private const string First = """
        using System;
        using SymDiff;

        public static partial class Model
        {
            [Differentiable]
            public static double F(double x, double y) => 0.1 * x * x + Math.Atan2(y, x) / 3.5e-7 - Math.Pow(x, 1.5);
        }
        """;

    private const string GMethod = """
            [Differentiable]
            public static double G(double a) => a > 0.25 ? SymMath.Softplus(a) : 1e-300 * a;
        """;

    // Arrays and loops: a carried maximum on a tape, a local array, a nested loop and a vector result.
    private const string HMethod = """
            [Differentiable]
            public static double H(ReadOnlySpan<double> z, [Constant] double[] w, int label)
            {
                double m = z[0];
                for (int i = 1; i < z.Length; i++) m = Math.Max(m, 0.5e-3 * z[i]);
                Span<double> e = stackalloc double[z.Length];
                for (int i = 0; i < z.Length; i++) e[i] = Math.Exp(z[i] - m) * w[i];
                double s = 0;
                for (int i = 0; i < z.Length; i++) for (int j = 0; j <= i; j++) s += e[i] * e[j] * 1.25;
                return m + Math.Log(s) - z[label];
            }
        """;

    private const string PMethod = """
            [Differentiable]
            public static void P(ReadOnlySpan<double> z, [Result] Span<double> p)
            {
                for (int i = 0; i < z.Length; i++) p[i] = 0.1 * Math.Tanh(z[i]);
            }
        """;

    private static readonly string Second = Partial(GMethod, HMethod, PMethod);

    /// <summary>A file declaring <paramref name="members"/> in a part of <c>Model</c>.</summary>
    private static string Partial(params string[] members)
        => "using System;\nusing SymDiff;\n\npublic static partial class Model\n{\n" + string.Join("\n", members) + "\n}\n";

    [Fact]
    public void TwoRunsGiveTheSameText() => Assert.Equal(Generate(First, Second), Generate(First, Second));

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    public void TheCultureDoesNotMatter(string culture)
    {
        var invariant = Generate(First, Second);
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(invariant, Generate(First, Second));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void TheOrderOfFilesDoesNotMatter() => Assert.Equal(Generate(First, Second), Generate(Second, First));

    /// <summary>Methods declared in another order, and split over more files, generate the same files.</summary>
    [Fact]
    public void TheOrderOfMethodsDoesNotMatter()
        => Assert.Equal(Generate(First, Second), Generate(Partial(PMethod), First, Partial(HMethod, GMethod)));

    [Fact]
    public void LiteralsRoundTrip()
    {
        var text = Generate(First, Second).Single(s => s.StartsWith("Model.F", System.StringComparison.Ordinal));
        Assert.Contains("return 0.1 * ", text, System.StringComparison.Ordinal);
        var divisor = 3.5e-7.ToString("R", CultureInfo.InvariantCulture); // an inexact reciprocal stays a division
        Assert.Contains(" / " + divisor, text, System.StringComparison.Ordinal);
        Assert.Equal(3.5e-7, double.Parse(divisor, CultureInfo.InvariantCulture));
    }

    private static string[] Generate(params string[] sources)
    {
        var run = GeneratorHarness.Run(sources);
        run.AssertSuccess();
        return run.GeneratedSources.Select(s => s.HintName + "\n" + s.Text).OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
    }
}
