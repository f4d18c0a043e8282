using System;
using System.Linq;
using SymDiff.Tests.Infrastructure;
using Xunit;

namespace SymDiff.Tests.Robustness;

/// <summary>One test for each generator failure the robustness corpora found, at the exact construct.</summary>
public class RegressionTests
{
    private const string Usings = "using System;\nusing SymDiff;\n";

    /// <summary>Overloads with the same number of parameters used to get one hint name (CS8785: AddSource threw).</summary>
    /// <summary>Inlining is recursive: past 64 nested calls it stops with SYMDIFF006 at the call, not a stack overflow.</summary>
    [Fact]
    public void ACallChainDeeperThan64_IsADiagnosticAtTheCall()
    {
        var methods = string.Concat(Enumerable.Range(0, 70).Select(i => $"[Differentiable] public static double C{i}(double x) => {(i == 69 ? "x" : $"C{i + 1}(x) * x")}; "));
        var run = GeneratorHarness.Run(Usings + "public static partial class M { " + methods + "}");
        var deep = run.GeneratorDiagnostics.Where(d => d.Id == "SYMDIFF006").ToList();
        Assert.NotEmpty(deep);
        Assert.All(deep, d => Assert.Contains("more than 64 [Differentiable] calls", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources, s => s.HintName.StartsWith("M.C69", StringComparison.Ordinal));
    }

    [Fact]
    public void OverloadsWithEqualArityGetDistinctNames()
    {
        var run = GeneratorHarness.Run(Usings + "public static partial class M { [Differentiable] public static double F(double x) => x * x; [Differentiable] public static double F(double[] x) => x[0] * x[0]; [Differentiable] public static double F(double x, double y) => x * y; }");
        run.AssertSuccess();
        Assert.Equal(new[] { "M.F.1_1.g.cs", "M.F.1_2.g.cs", "M.F.2.g.cs" }, run.GeneratedSources.Select(s => s.HintName));
    }

    /// <summary>A class G_1 and a generic G&lt;T&gt; both map to G_1: the second file gets another name, not an exception.</summary>
    [Fact]
    public void CollidingHintNamesAreMadeUnique()
    {
        var run = GeneratorHarness.Run(Usings + "public partial class G_1 { [Differentiable] public static double F(double x) => x; } public partial class G<T> { [Differentiable] public static double F(double x) => x * x; }");
        run.AssertSuccess();
        Assert.Equal(2, run.GeneratedSources.Select(s => s.HintName).Distinct().Count());
    }

    /// <summary>A file-local type's metadata name has '&lt;' (an invalid hint name, CS8785); no part can be added to it from another file.</summary>
    [Fact]
    public void FileLocalTypeIsADiagnostic()
        => DiagnosticsTestsAccess.Check("SYMDIFF005", "file static partial class [|M|] { [Differentiable] public static double F(double x) => x * x; }");

    /// <summary>The generated code called a static virtual interface member directly (CS8926 in generated code).</summary>
    [Fact]
    public void StaticVirtualInterfaceMethodIsADiagnostic()
        => DiagnosticsTestsAccess.Check("SYMDIFF005", "public partial interface I { [Differentiable] static virtual double [|F|](double x) => x * x; }");

    /// <summary>A method named with a keyword (@double) made generated code that did not compile.</summary>
    [Fact]
    public void KeywordNamedMethodGeneratesCompilingCode()
        => GeneratorHarness.Run(Usings + "public static partial class @class { [Differentiable] public static double @double(double @int) => @int * @int; }").AssertSuccess();

    /// <summary>[Differentiable] on a lambda, an operator, a conversion, an accessor or a finalizer was silently ignored.</summary>
    [Theory]
    [InlineData("public static partial class M { public static double G(double x) { Func<double, double> f = [|[Differentiable] (v) => v * v|]; return f(x); } }")]
    [InlineData("public partial class M { [Differentiable] public static double operator [|+|](M a, double b) => b; }")]
    [InlineData("public partial class M { [Differentiable] public static implicit [|operator|] double(M a) => 1; }")]
    [InlineData("public static partial class M { public static double P { [Differentiable] [|get|] => 1; } }")]
    [InlineData("public partial class M { [Differentiable] ~[|M|]() { } }")]
    public void AttributeOnANonMethodIsADiagnostic(string markedSource) => DiagnosticsTestsAccess.Check("SYMDIFF005", markedSource);

    /// <summary>[Differentiable] on the defining part of a partial method: its body is in the implementing part.</summary>
    [Fact]
    public void PartialMethodDefinitionUsesTheImplementation()
        => GeneratorHarness.Run(Usings + "public static partial class M { [Differentiable] public static partial double F(double x); public static partial double F(double x) => x * x; }").AssertSuccess();

    /// <summary>Deeply nested statements used to recurse without a bound (a stack overflow on a 1 MB stack).</summary>
    [Fact]
    public void DeeplyNestedStatementsAreOneDiagnostic()
    {
        var body = string.Concat(Enumerable.Repeat("if (x > 0) { ", 1000)) + "s = s * x;" + string.Concat(Enumerable.Repeat(" }", 1000));
        var run = GeneratorHarness.Run(Usings + "public static partial class M { [Differentiable] public static double F(double x) { double s = x; " + body + " return s; } }");
        Assert.Null(run.GeneratorException);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SYMDIFF006", diagnostic.Id);
        Assert.Contains("nested more than", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Empty(run.GeneratedSources);
    }

    private static class DiagnosticsTestsAccess
    {
        public static void Check(string id, string markedSource) => new Generator.DiagnosticsTests().ReportsErrorAtTheConstruct(id, markedSource);
    }
}
