using System.Collections.Generic;
using System.Linq;

namespace SymDiff.Tests.Robustness;

/// <summary>
/// Hand-written malformed, half-typed and unsupported sources: what an IDE hands the generator on every keystroke,
/// and every C# construct a <c>[Differentiable]</c> method might meet. Whole files (<see cref="Files"/>) cover
/// declarations (the attribute on the wrong target, containing types, modifiers, signatures); method bodies
/// (<see cref="Bodies"/>) are each placed in a few kinds of containing type (<see cref="Containers"/>).
/// </summary>
internal static class MalformedCorpus
{
    private const string Usings = "using System;\nusing System.Linq;\nusing SymDiff;\n";

    /// <summary>Every case: a name and a whole source file.</summary>
    public static IReadOnlyList<(string Name, string Source)> All()
    {
        var cases = new List<(string, string)>();
        cases.AddRange(Files.Select((f, i) => ($"file {i}", f)));
        foreach (var (container, c) in Containers.Select((c, i) => (c, i)))
        {
            cases.AddRange(Bodies.Select((b, i) => ($"body {i} in container {c}", Usings + container.Replace("@@", b))));
        }

        return cases;
    }

    /// <summary>Containing types, with <c>@@</c> for the parameter list and body of a method F.</summary>
    public static readonly string[] Containers =
    {
        "public static partial class M { const double K = 2; static double Plain(double v) => v; [Differentiable] public static double F@@ }",
        "namespace N.Inner { public partial struct S<T> where T : struct { public partial record R { const double K = 2; static double Plain(double v) => v; [Differentiable] internal static double F@@ } } }",
    };

    /// <summary>A parameter list and body of a method F, with whatever is wrong in it.</summary>
    public static readonly string[] Bodies =
    {
        // missing or half-typed bodies
        "(double x)", "(double x);", "(double x) =>", "(double x) => ;", "(double x) {", "(double x) { return", "(double x) { return x", "(double x) { return x; ",
        "(double x) { return x +; }", "(double x) => x +", "(double x) => Math.", "(double x) => Math.Si", "(double x) => Math.Sin(", "(double x) => Math.Sin(x",
        "(double x, ) => x", "(double x, double) => x", "(double x => x", "(double x) => x * (y", "(double x) { double y = ; return y; }", "(double x) { if (x > ) return x; return 0; }",
        "(double x) { if x > 0 return x; return 0; }", "(double x) { for (int i = 0; i <; i++) x += 1; return x; }", "(double x) => x ? : 1", "(double x) => (x", "(double x) => x)",
        "(double x) { return x; } }", "(double x) { { return x; }", "(double x) => x;;", "(double x) => 1e", "(double x) => 1.5.5", "(double x) => 0x", "(double x) => \"x", "(double x) => 'a",
        "(double x) => x /* unterminated", "(double x) => x @", "(double x) => x # 2",
        // unknown identifiers and members
        "(double x) => y", "(double x) => x * Unknown(x)", "(double x) => Math.Foo(x)", "(double x) => Mathh.Sin(x)", "(double x) => SymMath.Nope(x)", "(double x) => x.Length",
        "(double x) => x.Value", "(Foo x) => 1", "(double x) => new Foo()", "(double x) { Foo f = x; return x; }", "(double x) => global::Missing.Thing(x)",
        // generic, ref/out/in/params, parameter and return types
        "<T>(double x) => x", "<T>(T x) => 1", "(ref double x) => x", "(out double x) { x = 1; return x; }", "(in double x) => x", "(ref readonly double x) => x",
        "(params double[] x) => x[0]", "(dynamic x) => x", "(object x) => 1", "(float x) => x", "(decimal x) => 1", "(double? x) => x ?? 0", "(double x, double x) => x",
        "(double x = 2) => x", "(scoped ReadOnlySpan<double> x) => x[0]", "(ReadOnlySpan<double> x) => x", "(double[] x) => x", "(double[][] x) => x[0][0]",
        "(this double x) => x", "(double __arglist) => 1",
        // statements
        "(double x) { goto L; L: return x; }", "(double x) { switch (x) { case 1: return 2; default: return x; } }", "(double x) => x switch { > 0 => x, _ => -x }",
        "(double x) => checked(x * 2)", "(double x) => unchecked(x * 2)", "(double x) { checked { return x * 2; } }", "(double x) => throw new Exception()", "(double x) => x > 0 ? x : throw new ArgumentException()",
        "(double x) { throw new Exception(); }", "(double x) { try { return x; } catch { return 0; } }", "(double x) { try { return x; } finally { } }", "(double x) { lock (typeof(M)) { return x; } }",
        "(double x) { using (var d = (IDisposable)null!) { return x; } }", "(double x) => default", "(double x) => default(double)", "(double x) => nameof(x).Length",
        "(double x) { var (a, b) = (x, x); return a * b; }", "(double x) => (x, x).Item1", "(double x) { return double.TryParse(\"1\", out var v) ? v * x : x; }",
        "(double x) => x is > 0 and < 1 ? x : 0", "(double x) => x is double d ? d : 0", "(double x) { object o = x; return o is double d ? d : 0; }",
        "(double x) => $\"{x}\".Length", "(double x) => new[] { x, x }.Sum()", "(double x) => Enumerable.Range(0, 3).Select(i => x * i).Sum()",
        "(double x) => (from i in new[] { x } select i).First()", "(double x) => Math.Round(x, 2)", "(double x) => Math.Round(x, MidpointRounding.AwayFromZero)",
        "(double x) => Math.Pow(x)", "(double x) => Math.Max(x)", "(double x) => Math.Sin(x, x)", "(double x) => Math.Abs((int)x)", "(double x) => Math.BitDecrement(x)",
        "(double x) => Plain(x)", "(double x) => double.Parse(\"2\") * x", "(double x) => Console.ReadLine()!.Length * x", "(double x) => x.CompareTo(1)",
        "(double x) => K * x", "(double x) => (float)x", "(double x) => (long)x * 2.0", "(double x) => (double)(decimal)x", "(double x) => (x = 3)", "(double x) => x++",
        "(double x) { x++; --x; return x; }", "(double x) { int n = 3; n++; return x * n; }", "(double x) { int n = 3; n *= 2; return x * n; }", "(double x) => x % 3",
        "(double x) => x > 1 ? 1 : 0", "(double x) => x & 1", "(double x) => ~(int)x", "(double x) => 1 << 3", "(double x) => x == 1 ? 1.0 : 2", "(double x) => true ? x : 0",
        "(double x) => x > 0 && x", "(double x) { bool b = x > 0; return b; }", "(double x) { bool b = x; return 1; }", "(double x) { while (true) { } }", "(double x) { while (x > 0) x--; return x; }",
        "(double x) { do { x *= 0.5; } while (x > 1); return x; }", "(double x) { foreach (var c in \"ab\") x += 1; return x; }", "(double x) { for (;;) { return x; } }",
        "(double x) { for (int i = 0; i < 3; i++) { } return x; }", "(double x) { for (double i = 0; i < 3; i++) x *= 2; return x; }", "(double x) { for (int i = 0, j = 0; i < 3; i++, j++) x += 1; return x; }",
        "(double x) { if (x > 0) return x; }", "(double x) { if (x > 0) { } else return 1; return 2; }", "(double x) { return; }", "(double x) { }", "(double x) { x; return x; }",
        "(double x) { yield return x; }", "(double x) { await System.Threading.Tasks.Task.Yield(); return x; }", "(double x) { var f = (double v) => v * v; return f(x); }",
        "(double x) { Func<double, double> f = v => v; return f(x); }", "(double x) { double L(double v) => v * 2; return L(x); }", "(double x) { static double L(double v) => v; return L(x); }",
        "(double x) { [Differentiable] double L(double v) => v; return L(x); }", "(double x) { [Differentiable] static double L(double v) => v * v; return L(x); }",
        "(double x) { var f = [Differentiable] (double v) => v * v; return f(x); }", "(double x) { Func<double, double> f = [Differentiable] static v => v; return f(x); }",
        "(double x) => F(x)", "(double x) => x < 0 ? 0 : F(x - 1)", "(double x) => F(x, x)", "(double x) => F", "(double x) { double F = x; return F; }",
        "(double x) { unsafe { double* p = &x; return *p; } }", "(double x) { Span<float> s = stackalloc float[2]; return x; }", "(double x) { Span<double> s = stackalloc double[2]; s[0] = x; return s[0]; }",
        "(double x) { Span<double> s = stackalloc double[-1]; return x; }", "(double x) { var s = new double[2]; s[0] = x; return s[0] + s[1]; }", "(double x) { var s = new double[] { x }; return s[0]; }",
        "(double x) { const double c = 2; return c * x; }", "(double x) { const int c = 2 / 0; return c * x; }", "(double x) => 1 / 0", "(double x) => x / 0", "(double x) => 1e400 * x",
        "(double x) => double.NaN * x", "(double x) => double.PositiveInfinity", "(double x) => Math.PI * Math.E * x", "(double x) => Math.Tau * x", "(double x) => int.MaxValue * x",
        "(double x) => new M().G(x)", "(double x) => this.G(x)", "(double x) => base.ToString().Length", "(double x) => typeof(double).Name.Length", "(double x) => sizeof(double) * x",
        "(double x) => x!", "(double x) => x?.ToString().Length ?? 0", "(double x) => (x > 0 ? ref x : ref x)", "(double x) { ref double r = ref x; r = 2; return x; }",
        "(double x) { System.Diagnostics.Debug.Assert(x > 0); return x; }", "(double x) { Console.WriteLine(x); return x; }", "(double x) { x = x; return x; }", "(double x) { double y; return y; }",
        "(double x) { double y = x; { double y2 = y; y = y2 * y2; } return y; }", "(double x) { double y = 1; if (x > 0) { y = 2; } else if (x < -1) { y = 3; } return y * x; }",
        "(double x) { return x; return 2; }", "(double x) => x is double", "(double x) => x as object is null ? 0 : 1", "(double x) => __makeref(x).GetType().Name.Length",
        "(double x) => stackalloc double[1][0]", "(double x) => new { A = x }.A", "(double x) => ((Func<double>)(() => x))()", "(double x) => delegate { return x; }()",
        "(ReadOnlySpan<double> x) { double s = 0; foreach (var v in x) s += v; return s; }", "(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i += 2) s += x[i]; return s; }",
        "(ReadOnlySpan<double> x) => x[^1]", "(ReadOnlySpan<double> x) => x[1..].Length", "(ReadOnlySpan<double> x) => x.Slice(1)[0]", "(ReadOnlySpan<double> x) => x[(int)x[0]]",
        "(ReadOnlySpan<double> x) => x[-1]", "(ReadOnlySpan<double> x) { for (int i = 0; i < x.Length; i++) return x[i]; return 0; }", "(Span<double> x) { x[0] = 1; return x[0]; }",
        "(ReadOnlySpan<double> x, int n) { double s = 0; for (int i = 0; i < n; i++) { for (int j = 0; j < i; j++) s += x[j]; } return s; }", "(ReadOnlySpan<double> x) => x.ToArray().Sum()",
        "(double[] x) => x.Sum()", "(double[] x) { x = new double[1]; return 0; }", "(double[] x) => x?[0] ?? 0", "(double[,] x) => x[0, 0]", "(ReadOnlySpan<double> x) => x[0] + x.Length",
    };

    /// <summary>Whole files: declarations the generator must survive.</summary>
    public static readonly string[] Files =
    {
        "", "using SymDiff;", "[Differentiable]", "using SymDiff; [Differentiable]", "using SymDiff; [Differentiable] public", "using SymDiff; [Differentiable] double F(double x) => x;",
        "using SymDiff; [Differentiable] static double F(double x) => x * x; return F(2);", "using SymDiff; static double G(double x) { [Differentiable] static double F(double v) => v; return F(x); }",
        // the attribute on the wrong targets
        Usings + "[Differentiable] public static partial class M { public static double F(double x) => x; }",
        Usings + "public static partial class M { [Differentiable] public static double P => 1; }",
        Usings + "public static partial class M { [Differentiable] public static double P { get => 1; } }",
        Usings + "public static partial class M { public static double P { [Differentiable] get => 1; } }",
        Usings + "public static partial class M { static double p; public static double P { get => p; [Differentiable] set => p = value; } }",
        Usings + "public static partial class M { [Differentiable] public static double Field = 1; }",
        Usings + "public static partial class M { [Differentiable] const double C = 1; }",
        Usings + "public partial class M { [Differentiable] public M(double x) { } }",
        Usings + "public partial class M { [Differentiable] static M() { } }",
        Usings + "public partial class M { [Differentiable] ~M() { } }",
        Usings + "public partial class M { [Differentiable] public static double operator +(M a, double b) => b; }",
        Usings + "public partial class M { [Differentiable] public static M operator -(M a) => a; }",
        Usings + "public partial class M { [Differentiable] public static implicit operator double(M a) => 1; }",
        Usings + "public partial class M { [Differentiable] public double this[double i] => i; }",
        Usings + "public partial class M { [Differentiable] public event Action? E; }",
        Usings + "public static partial class M { public static double F([Differentiable] double x) => x; }",
        Usings + "public static partial class M { [return: Differentiable] public static double F(double x) => x; }",
        Usings + "public static partial class M { public static double F<[Differentiable] T>(double x) => x; }",
        Usings + "[assembly: Differentiable]",
        Usings + "[module: Differentiable] public static partial class M { }",
        Usings + "public static partial class M { public static double G(double x) { Func<double, double> f = [Differentiable] (v) => v * v; return f(x); } }",
        Usings + "public static partial class M { public static double G(double x) { var f = [Differentiable] (double v) => v * v; return f(x); } }",
        Usings + "public static partial class M { public static double G(double x) { var f = [Differentiable] static double (double v) => v; return f(x); } }",
        Usings + "public static partial class M { public static double G(double x) { [Differentiable] double L(double v) => v * x; return L(x); } }",
        Usings + "public delegate double D([Differentiable] double x); [Differentiable] public delegate double E(double x);",
        Usings + "[Differentiable] public enum E { A }",
        Usings + "public enum E { [Differentiable] A }",
        Usings + "[Differentiable] public interface I { }",
        // extension, async, iterator, partial, abstract, extern methods
        Usings + "public static partial class M { [Differentiable] public static double F(this double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable] public static async System.Threading.Tasks.Task<double> F(double x) { await System.Threading.Tasks.Task.Yield(); return x; } }",
        Usings + "public static partial class M { [Differentiable] public static async double F(double x) => x; }",
        Usings + "public static partial class M { [Differentiable] public static System.Collections.Generic.IEnumerable<double> F(double x) { yield return x; } }",
        Usings + "public static partial class M { [Differentiable] public static partial double F(double x); }",
        Usings + "public static partial class M { [Differentiable] public static partial double F(double x); public static partial double F(double x) => x * x; }",
        Usings + "public static partial class M { public static partial double F(double x); [Differentiable] public static partial double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable] static partial void F(double x); }",
        Usings + "public static partial class M { [Differentiable] static partial double F(double x); static partial double F(double x) => x * x; }",
        Usings + "public abstract partial class M { [Differentiable] public abstract double F(double x); }",
        Usings + "public abstract partial class M { [Differentiable] public static abstract double F(double x); }",
        Usings + "public partial interface I { [Differentiable] static abstract double F(double x); }",
        Usings + "public partial interface I { [Differentiable] static virtual double F(double x) => x * x; }",
        Usings + "public partial interface I { [Differentiable] static double F(double x) => x * x; }",
        Usings + "public partial interface I { [Differentiable] double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable] public static extern double F(double x); }",
        Usings + "public partial class M { [Differentiable] public virtual double F(double x) => x; }",
        Usings + "public partial class B { public virtual double F(double x) => x; } public partial class M : B { [Differentiable] public override double F(double x) => x; }",
        // containing types
        Usings + "public static class M { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public static class O { public static partial class M { [Differentiable] public static double F(double x) => x * x; } }",
        Usings + "public partial record R(double A) { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public partial record struct R(double A) { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public readonly partial struct S { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public ref partial struct S { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public partial class G<T> { public partial class H<U> where U : T { [Differentiable] public static double F(double x) => x * x; } }",
        Usings + "public partial class G<T> { [Differentiable] public static double F(double x) => x * x; } public partial class G { [Differentiable] public static double F(double x) => x; }",
        Usings + "namespace A.B { public static partial class M { [Differentiable] public static double F(double x) => x * x; } } namespace A { public static partial class B { } }",
        Usings + "file static partial class M { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public static partial class @class { [Differentiable] public static double @double(double @int) => @int * @int; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x; } public static partial class M { [Differentiable] public static double G(double x) => F(x) * x; }",
        Usings + "public static partial class M { [Differentiable] private protected static double F(double x) => x * x; }",
        Usings + "partial class M { [Differentiable] static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable] public static new double F(double x) => x * x; }",
        Usings + "public partial class M { public static partial class M2 { [Differentiable] public static double F(double x) => x; } }",
        Usings + "public partial class M<T> where T : M<T> { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public partial class M { public partial class Gradient { } [Differentiable] public static double F(double x) => x * x; public static double FGradient(double x, Span<double> g) => 0; }",
        // duplicates, overloads, name clashes
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x; [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x; } public static partial class M { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x; [Differentiable] public static double F(double[] x) => x[0]; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x; [Differentiable] public static double F(ReadOnlySpan<double> x) => x[0] * x[0]; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x; [Differentiable] public static double F(double x, double y) => x * y; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x, int n) => x * n; [Differentiable] public static double F(double x, double y) => x * y; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x; public static double F(int x) => x; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x; [Differentiable] public static double F1(double x) => x; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x * x; public static double FGradient(double x, Span<double> g) => 0; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x * x; public static int FFunction; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x * x; } public static partial class M { }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x; } namespace N { public static partial class M { [Differentiable] public static double F(double x) => x; } }",
        Usings + "public partial class G_1 { [Differentiable] public static double F(double x) => x; } public partial class G<T> { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public partial class M { [Differentiable] public static double F(double x) => x; } public partial class m { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "namespace A { public partial class B { public partial class M { [Differentiable] public static double F(double x) => x; } } } namespace A.B { public partial class M { [Differentiable] public static double F(double x) => x; } }",
        // the attribute itself
        "using System; public static partial class M { [Differentiable] public static double F(double x) => x * x; }",
        "using System; public static partial class M { [SymDiff.Differentiable] public static double F(double x) => x * x; }",
        "using System; public static partial class M { [global::SymDiff.DifferentiableAttribute] public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable(2)] public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable(Name = \"x\")] public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable, Differentiable] public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable] [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable() public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiabl] public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable, Obsolete] public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [method: Differentiable] public static double F(double x) => x * x; }",
        Usings + "using D = SymDiff.DifferentiableAttribute; public static partial class M { [D] public static double F(double x) => x * x; }",
        Usings + "namespace SymDiff { public sealed class DifferentiableAttribute : Attribute { } } public static partial class M { [Differentiable] public static double F(double x) => x * x; }",
        "public sealed class DifferentiableAttribute : System.Attribute { } public static partial class M { [Differentiable] public static double F(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => x * x; [Differentiable] public static void V(ReadOnlySpan<double> x, [Result] Span<double> y) { y[0] = F(x[0]); } }",
        Usings + "public static partial class M { [Differentiable] public static void V(ReadOnlySpan<double> x, [Result] Span<double> y, [Result] Span<double> z) { } }",
        Usings + "public static partial class M { [Differentiable] public static double V([Result] double x) => x; }",
        Usings + "public static partial class M { [Differentiable] public static double V([Constant] double x, [Constant] ReadOnlySpan<double> c) => x * c[0]; }",
        Usings + "public static partial class M { [Differentiable] public static double V([Constant(1)] double x) => x; }",
        // calls across methods
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => G(x); [Differentiable] public static double G(double x) => H(x); [Differentiable] public static double H(double x) => F(x); }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => G(x); [Differentiable] public static double G(double x); }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => G<double>(x); [Differentiable] public static double G<T>(double x) => x; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => G(ref x); [Differentiable] public static double G(ref double x) => x; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => new M2().G(x); } public partial class M2 { [Differentiable] public double G(double x) => x; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => Other.G(x); } public static class Other { [Differentiable] public static double G(double x) => x * x; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => G(x); [Differentiable] public static float G(double x) => 1; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => G(x, 2); [Differentiable] public static double G(double x, double y = 3) => x * y; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => G(y: x, x: 1); [Differentiable] public static double G(double x, double y) => x - y; }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => G(x); [Differentiable] static extern double G(double x); }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => I.G(x); } public partial interface I { [Differentiable] static abstract double G(double x); }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => Math.Sin(x) + SymMath.Sigmoid(x) + SymMath.Square(x); }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => Math.Clamp(x, 0, 1) + Math.Min(x, 2) + Math.Log(x, 3) + Math.Atan2(x, 1); }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => MathF.Sin((float)x); }",
        Usings + "public static partial class M { [Differentiable] public static double F(double x) => System.Numerics.Complex.Abs(x); }",
    };
}
