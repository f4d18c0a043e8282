using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using SymDiff.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SymDiff.Tests.Numeric;

/// <summary>
/// Random <c>[Differentiable]</c> methods (expression and block bodies over every known function, with conditions,
/// locals, compound assignments and early returns) compiled in memory through the real generator, and compared at
/// random points with an independent reference: the same program evaluated on hyper-dual numbers
/// (<see cref="HyperDual"/>). 4 batches of 54 methods (4 helpers, which the 50 others may call, so inlined call chains are
/// covered too), one compilation per batch; 4 random points per method plus a tie x = y and a point (0, integer) where
/// the kink conventions apply. A failure lists each failing method's source, the point, and the generated gradient code.
/// </summary>
public sealed class RandomizedTests
{
    private const int MethodsPerBatch = 50;
    private const int HelpersPerBatch = 4;
    private const int PointsPerMethod = 4;
    private const int SpecialPointsPerMethod = 2;
    private const double Tolerance = 1e-10;

    private readonly ITestOutputHelper _output;

    public RandomizedTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GeneratedDerivatives_MatchHyperDualReference(int batch)
    {
        int seed = 20240 + batch;
        var generator = new RandomProgramGenerator(seed);
        var helpers = new List<RandomProgram>();
        for (int i = 0; i < HelpersPerBatch; i++)
        {
            var helper = generator.Next("H" + i);
            helpers.Add(helper);
            generator.AddCallee(helper);
        }

        var programs = helpers.Concat(Enumerable.Range(0, MethodsPerBatch).Select(i => generator.Next("F" + i))).ToArray();
        string typeName = "RandomBatch" + batch;
        var failures = new List<string>();
        var (assembly, generated, compiled) = Compile(typeName, programs, failures);

        var rng = new Random(seed * 7919);
        int compared = 0, skipped = 0;
        foreach (var program in compiled)
        {
            var f = GeneratorHarness.GetStaticDelegate<Func<double, double, double>>(assembly, typeName, program.Name);
            var gradient = GeneratorHarness.GetStaticDelegate<Gradient2>(assembly, typeName, program.Name + "Gradient");
            var hessian = GeneratorHarness.GetStaticDelegate<Hessian2>(assembly, typeName, program.Name + "Hessian");
            for (int k = 0; k < PointsPerMethod + SpecialPointsPerMethod; k++)
            {
                double x = Math.Round((rng.NextDouble() * 4) - 2, 6), y = Math.Round((rng.NextDouble() * 4) - 2, 6);
                if (k == PointsPerMethod)
                {
                    y = x; // a tie: Max/Min/comparisons of x and y meet their conventions
                }
                else if (k == PointsPerMethod + 1)
                {
                    (x, y) = (0.0, Math.Round(y)); // zeros and integers: kinks of Abs, Relu, Sign, Floor, ...
                }

                // At a zero of Abs's argument the engine may rightly use |u|² = u² (smooth, second derivative 2) where the
                // hyper-dual reference, following the convention Abs'(0) = 0, gets 0: no Hessian claim there.
                bool compareHessian = k < PointsPerMethod || !program.Source.Contains("Math.Abs(", StringComparison.Ordinal);
                string? failure = Compare(program, f, gradient, hessian, x, y, k == 0, compareHessian, ref compared, ref skipped);
                if (failure is not null)
                {
                    if (failures.Count < 3)
                    {
                        failure += "  generated:\n" + GeneratedGradient(generated, program.Name);
                    }

                    failures.Add(failure);
                    break; // one failure per method is enough to show it
                }
            }
        }

        _output.WriteLine($"batch {batch}: {programs.Length} methods, {compared} points compared, {skipped} points skipped (value not finite)");
        Assert.True(compared >= compiled.Length * (PointsPerMethod + SpecialPointsPerMethod) * 3 / 4, $"Too many points skipped: {skipped} of {compared + skipped}");
        if (failures.Count > 0)
        {
            throw new XunitException(
                $"{failures.Count} of {programs.Length} random methods (batch {batch}, seed {seed}) fail to generate or disagree with the hyper-dual reference:\n\n"
                + string.Join("\n\n", failures.Take(12))
                + "\n\nThe batch's helper methods, which the others may call:\n" + string.Concat(helpers.Select(h => h.Source)));
        }
    }

    /// <summary>The printed programs are what the tests claim they are: a readable method the reference evaluates.</summary>
    [Fact]
    public void RandomPrograms_PrintAsCSharpAndEvaluateOnHyperDuals()
    {
        var generator = new RandomProgramGenerator(7);
        var programs = Enumerable.Range(0, 30).Select(i => generator.Next("G" + i)).ToArray();
        Assert.Contains(programs, p => p.Source.Contains("=>", StringComparison.Ordinal));
        Assert.Contains(programs, p => p.Source.Contains("double t0 = ", StringComparison.Ordinal));
        Assert.All(programs, p => Assert.StartsWith("    [Differentiable]\n    public static double G", p.Source, StringComparison.Ordinal));

        // A hand-built program: f = x·sin(y) + y², evaluated on hyper-duals.
        var fixedProgram = new RandomProgram("H", new RBinary('+',
            new RBinary('*', new RVar("x"), new RCall("Math", "Sin", a => HyperDual.Sin(a[0]), new RVar("y"))),
            new RBinary('*', new RVar("y"), new RVar("y"))));
        Assert.Contains("(x * Math.Sin(y))", fixedProgram.Source, StringComparison.Ordinal);
        var (v, g, h) = fixedProgram.Reference(1.5, 0.7);
        Assert.Equal((1.5 * Math.Sin(0.7)) + 0.49, v, 15);
        Assert.Equal(Math.Sin(0.7), g[0], 15);
        Assert.Equal((1.5 * Math.Cos(0.7)) + 1.4, g[1], 15);
        Assert.Equal(new[] { 0.0, Math.Cos(0.7), Math.Cos(0.7), (-1.5 * Math.Sin(0.7)) + 2 }, h);
    }

    /// <summary>The reference itself, function by function, against Ridders-extrapolated finite differences.</summary>
    [Fact]
    public void HyperDualReference_MatchesFiniteDifferences()
    {
        var unary = new (string Name, Func<HyperDual, HyperDual> Hd, Func<double, double> F, double[] Points)[]
        {
            ("Sin", HyperDual.Sin, Math.Sin, new[] { -1.0, 0.4 }),
            ("Cos", HyperDual.Cos, Math.Cos, new[] { -1.0, 0.4 }),
            ("Tan", HyperDual.Tan, Math.Tan, new[] { -1.0, 0.4 }),
            ("Asin", HyperDual.Asin, Math.Asin, new[] { -0.6, 0.3 }),
            ("Acos", HyperDual.Acos, Math.Acos, new[] { -0.6, 0.3 }),
            ("Atan", HyperDual.Atan, Math.Atan, new[] { -1.0, 0.4 }),
            ("Sinh", HyperDual.Sinh, Math.Sinh, new[] { -1.0, 0.4 }),
            ("Cosh", HyperDual.Cosh, Math.Cosh, new[] { -1.0, 0.4 }),
            ("Tanh", HyperDual.Tanh, Math.Tanh, new[] { -1.0, 0.4 }),
            ("Asinh", HyperDual.Asinh, Math.Asinh, new[] { -1.0, 0.4 }),
            ("Acosh", HyperDual.Acosh, Math.Acosh, new[] { 1.5, 3.0 }),
            ("Atanh", HyperDual.Atanh, Math.Atanh, new[] { -0.6, 0.3 }),
            ("Exp", HyperDual.Exp, Math.Exp, new[] { -1.0, 0.4 }),
            ("Log", HyperDual.Log, Math.Log, new[] { 0.5, 3.0 }),
            ("Log10", HyperDual.Log10, Math.Log10, new[] { 0.5, 3.0 }),
            ("Log2", HyperDual.Log2, Math.Log2, new[] { 0.5, 3.0 }),
            ("Sqrt", HyperDual.Sqrt, Math.Sqrt, new[] { 0.5, 3.0 }),
            ("Cbrt", HyperDual.Cbrt, Math.Cbrt, new[] { -2.0, 0.5 }),
            ("Abs", HyperDual.Abs, Math.Abs, new[] { -1.0, 0.4 }),
            ("Sigmoid", HyperDual.Sigmoid, SymMath.Sigmoid, new[] { -1.0, 0.4 }),
            ("Softplus", HyperDual.Softplus, SymMath.Softplus, new[] { -1.0, 0.4 }),
            ("Relu", HyperDual.Relu, SymMath.Relu, new[] { -1.0, 0.4 }),
            ("Square", HyperDual.Square, SymMath.Square, new[] { -1.0, 0.4 }),
            ("Recip", u => 1.0 / u, t => 1 / t, new[] { -1.0, 0.4 }),
            ("Pow2.5", u => HyperDual.Pow(u, 2.5), t => Math.Pow(t, 2.5), new[] { 0.7, 2.0 }),
            ("Pow3", u => HyperDual.Pow(u, 3.0), t => Math.Pow(t, 3), new[] { -1.3, 2.0 }),
        };
        foreach (var (name, hd, f, points) in unary)
        {
            foreach (var t in points)
            {
                var r = hd(new HyperDual(t, 1, 1));
                NumericKit.AssertClose(f(t), r.V, 1e-15, $"{name}({t}) value");
                NumericKit.AssertClose(NumericKit.Derivative(f, t, 0.1), r.A, 1e-9, $"{name}'({t})");
                NumericKit.AssertClose(NumericKit.Derivative(s => hd(new HyperDual(s, 1)).A, t, 0.1), r.AB, 1e-8, $"{name}''({t})");
            }
        }

        var binary = new (string Name, Func<HyperDual, HyperDual, HyperDual> Hd, Func<double, double, double> F, double[] P)[]
        {
            ("Atan2", HyperDual.Atan2, Math.Atan2, new[] { 0.7, -1.3 }),
            ("Pow", HyperDual.Pow, Math.Pow, new[] { 1.7, -0.6 }),
            ("LogBase", HyperDual.Log, Math.Log, new[] { 2.5, 3.5 }),
            ("Div", (u, w) => u / w, (u, w) => u / w, new[] { 0.8, -1.9 }),
            ("Mul", (u, w) => u * w, (u, w) => u * w, new[] { 0.8, -1.9 }),
            ("LeakyRelu", HyperDual.LeakyRelu, SymMath.LeakyRelu, new[] { -0.8, 0.3 }),
        };
        foreach (var (name, hd, f, p) in binary)
        {
            HyperDual Eval(double u, double w, int su1, int su2, int sw1, int sw2) => hd(new HyperDual(u, su1, su2), new HyperDual(w, sw1, sw2));
            var xx = Eval(p[0], p[1], 1, 1, 0, 0);
            var xy = Eval(p[0], p[1], 1, 0, 0, 1);
            var yy = Eval(p[0], p[1], 0, 0, 1, 1);
            double[] fd = NumericKit.Gradient(q => f(q[0], q[1]), p);
            NumericKit.AssertAllClose(fd, new[] { xx.A, xy.B }, 1e-9, $"{name} gradient");
            double[] fdHessian = NumericKit.HessianFromGradient(q => new[] { Eval(q[0], q[1], 1, 0, 0, 0).A, Eval(q[0], q[1], 0, 0, 1, 0).A }, p);
            NumericKit.AssertAllClose(fdHessian, new[] { xx.AB, xy.AB, xy.AB, yy.AB }, 1e-8, $"{name} Hessian");
        }
    }

    // ----- helpers -----

    /// <summary>
    /// Compiles the programs through the generator. Methods the generator rejects or whose generated code does not
    /// compile (found from the errors' locations: the generated file's name, or the line in the user source) are
    /// reported into <paramref name="failures"/> with their errors and left out, so the rest of the batch is still compared.
    /// </summary>
    private static (Assembly Assembly, GeneratorRun Run, RandomProgram[] Compiled) Compile(string typeName, RandomProgram[] programs, List<string> failures)
    {
        GeneratorRun run = GeneratorHarness.Run(Source(typeName, programs));
        if (IsSuccess(run))
        {
            return (GeneratorHarness.LoadAssembly(run.OutputCompilation), run, programs);
        }

        if (run.GeneratorException is not null)
        {
            throw new XunitException("The generator threw on the batch " + typeName + ": " + run.GeneratorException);
        }

        // The user source has 5 header lines, then each method's lines and a blank line.
        var firstLine = new int[programs.Length];
        for (int i = 0, line = 5; i < programs.Length; line += programs[i].Source.Count(c => c == '\n') + 1, i++)
        {
            firstLine[i] = line;
        }

        RandomProgram? Culprit(Diagnostic d)
        {
            string path = d.Location.SourceTree?.FilePath ?? string.Empty;
            if (path.EndsWith(".g.cs", StringComparison.Ordinal))
            {
                return programs.FirstOrDefault(p => path.EndsWith("." + p.Name + ".g.cs", StringComparison.Ordinal));
            }

            int line = d.Location.GetLineSpan().StartLinePosition.Line;
            int index = Array.FindLastIndex(firstLine, start => start <= line);
            return index >= 0 ? programs[index] : null;
        }

        var errors = run.GeneratorDiagnostics.Concat(run.CompilationErrors).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var culprits = errors.GroupBy(Culprit).ToList();
        if (culprits.Any(g => g.Key is null))
        {
            throw new XunitException("Errors outside any random method:\n" + GeneratorHarness.Format(culprits.Where(g => g.Key is null).SelectMany(g => g)));
        }

        foreach (var group in culprits)
        {
            failures.Add($"Generation or compilation failed:\n{group.Key!.Source}  errors:\n{GeneratorHarness.Format(group.Take(3))}\n");
        }

        // Without them, callers of a left-out helper fail in turn (and are reported the same way).
        var compiled = programs.Except(culprits.Select(g => g.Key!)).ToArray();
        return compiled.Length == programs.Length
            ? throw new XunitException("Could not isolate the failing methods:\n" + GeneratorHarness.Format(errors))
            : Compile(typeName, compiled, failures);
    }

    /// <summary>The generated <c>{name}Gradient</c> method, without its documentation, to show in a failure.</summary>
    private static string GeneratedGradient(GeneratorRun run, string name)
    {
        var source = run.GeneratedSources.FirstOrDefault(s => s.HintName.EndsWith("." + name + ".g.cs", StringComparison.Ordinal)).Text;
        if (source is null)
        {
            return "    (no generated source)\n";
        }

        var lines = source.Split('\n');
        int start = Array.FindIndex(lines, l => l.Contains(" " + name + "Gradient(", StringComparison.Ordinal));
        if (start < 0)
        {
            return "    (no gradient method)\n";
        }

        var text = new StringBuilder();
        for (int i = start; i < lines.Length && !(i > start && lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal)); i++)
        {
            if (!lines[i].Contains("throw new", StringComparison.Ordinal) && !lines[i].Contains(".Length <", StringComparison.Ordinal))
            {
                text.Append(lines[i]).Append('\n');
            }
        }

        return text.ToString();
    }

    private static bool IsSuccess(GeneratorRun run) =>
        run.GeneratorException is null && run.CompilationErrors.IsEmpty
        && !run.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    internal static string Source(string typeName, IEnumerable<RandomProgram> programs)
    {
        var sb = new StringBuilder("using System;\nusing SymDiff;\n\npublic static partial class ").Append(typeName).Append("\n{\n");
        foreach (var p in programs)
        {
            sb.Append(p.Source).Append('\n');
        }

        return sb.Append("}\n").ToString();
    }

    internal static string? Compare(RandomProgram program, Func<double, double, double> f, Gradient2 gradientMethod, Hessian2 hessianMethod,
        double x, double y, bool checkReference, bool compareHessian, ref int compared, ref int skipped)
    {
        double value = f(x, y);
        var (rv, rg, rh) = program.Reference(x, y);
        if (!double.IsFinite(value) || !double.IsFinite(rv) || !rg.All(double.IsFinite) || !rh.All(double.IsFinite))
        {
            skipped++;
            return null;
        }

        compared++;
        var g = new double[2];
        var hg = new double[2];
        var h = new double[4];
        double gv = gradientMethod(x, y, g);
        double hv = hessianMethod(x, y, hg, h);

        string Describe(string what, double[] expected, double[] actual) =>
            $"{what} at (x, y) = ({NumericKit.R(x)}, {NumericKit.R(y)}):\n  expected {NumericKit.Format(expected)}\n  actual   {NumericKit.Format(actual)}\n{program.Source}";

        // The reference must agree with the compiled method itself, or it is not evaluating the same program.
        if (!NumericKit.Close(value, rv, 1e-12, 1))
        {
            return Describe("TEST BUG: hyper-dual reference value vs the compiled method", new[] { value }, new[] { rv });
        }

        if (checkReference && FiniteDifferenceDisagrees(f, x, y, rg, out double[] fd))
        {
            return Describe("TEST BUG: hyper-dual reference gradient vs finite differences", fd, rg);
        }

        double valueScale = Math.Max(1, Math.Abs(value));
        double gradientScale = Math.Max(valueScale, rg.Max(Math.Abs));
        double hessianScale = Math.Max(Math.Max(1, rg.Max(Math.Abs)), rh.Max(Math.Abs));
        if (!NumericKit.Close(value, gv, Tolerance, valueScale) || !NumericKit.Close(value, hv, Tolerance, valueScale))
        {
            return Describe("Value returned by the Gradient and Hessian methods", new[] { value, value }, new[] { gv, hv });
        }

        for (int i = 0; i < 2; i++)
        {
            if (!NumericKit.Close(rg[i], g[i], Tolerance, gradientScale) || !NumericKit.Close(rg[i], hg[i], Tolerance, gradientScale))
            {
                return Describe("Gradient (of the Gradient method, then of the Hessian method)", rg.Concat(rg).ToArray(), g.Concat(hg).ToArray());
            }
        }

        for (int i = 0; i < 4 && compareHessian; i++)
        {
            if (!NumericKit.Close(rh[i], h[i], Tolerance, hessianScale))
            {
                return Describe("Hessian", rh, h);
            }
        }

        if (h[1] != h[2])
        {
            return Describe("Hessian not symmetric", rh, h);
        }

        return null;
    }

    /// <summary>
    /// Whether Ridders' differences of the compiled method clearly disagree with the reference gradient; where the
    /// differences are not trustworthy (a kink or jump within the step), their error estimate is large and nothing is claimed.
    /// </summary>
    private static bool FiniteDifferenceDisagrees(Func<double, double, double> f, double x, double y, double[] reference, out double[] fd)
    {
        fd = new double[2];
        double scale = Math.Max(1, reference.Max(Math.Abs));
        double dx = NumericKit.Derivative(t => f(t, y), x, 1e-3, out double ex);
        double dy = NumericKit.Derivative(t => f(x, t), y, 1e-3, out double ey);
        fd[0] = dx;
        fd[1] = dy;
        return (ex < 1e-9 * scale && !NumericKit.Close(dx, reference[0], 1e-6, scale))
            || (ey < 1e-9 * scale && !NumericKit.Close(dy, reference[1], 1e-6, scale));
    }
}
