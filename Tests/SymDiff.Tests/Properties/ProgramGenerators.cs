using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace SymDiff.Tests.Properties;

/// <summary>
/// What an expression may read where it is generated: <c>double</c> variables, loop counters (as <c>x[i]</c>), whether
/// the method has the array parameter <c>x</c> (then <c>x[0]</c> too), and how deep helper calls already nest.
/// </summary>
internal sealed record Scope(string[] Doubles, string[] Counters, bool HasArray, int CallDepth)
{
    /// <summary>Helpers may call helpers, one level deep.</summary>
    public const int MaxCallDepth = 2;

    public static Scope ScalarParameters { get; } = new(new[] { "x", "y" }, Array.Empty<string>(), false, 0);

    public Scope WithDouble(string name) => this with { Doubles = Doubles.Append(name).ToArray() };

    public Scope WithCounter(string name) => this with { Counters = Counters.Append(name).ToArray() };
}

/// <summary>
/// FsCheck generators of random methods over the supported language: expressions over every <c>System.Math</c> and
/// <c>SymMath</c> function with arguments shaped into their domains (<c>Math.Log(1 + u*u)</c>,
/// <c>Math.Asin(0.9 * Math.Tanh(u))</c>, powers of bases in [0.5, 3], denominators bounded away from 0, ...),
/// <c>?:</c> and <c>if</c>/<c>else</c> with comparisons and <c>&amp;&amp; || !</c>, locals, compound assignments and
/// early returns, calls of helper methods, and <c>for</c> loops over a <c>ReadOnlySpan&lt;double&gt;</c> carrying
/// sums, products, running maxima and minima, with nested and triangular loops.
/// </summary>
internal static class ProgramGenerators
{
    private static readonly double[] Constants = { 0.5, 2.0, 3.0, 1.25, -0.75, 0.1, -2.0, 1.5 };

    /// <summary>A method body over <c>double x, double y</c>: an expression body or a block, each half the time.</summary>
    public static Gen<Body> ScalarBody(int callDepth) =>
        Gen.Frequency(
            (1, Gen.Choose(1, callDepth == 0 ? 3 : 2).SelectMany(depth => Expr(Scope.ScalarParameters with { CallDepth = callDepth }, depth)).Select(e => (Body)new ExpressionBody(e))),
            (1, ScalarBlock(callDepth)));

    /// <summary>A point (x, y) in [−2, 2]².</summary>
    public static Gen<double[]> ScalarPoint { get; } = Coordinate(2).ArrayOf(2);

    /// <summary>An array method's body over <c>ReadOnlySpan&lt;double&gt; x</c>: accumulators, loops, a return.</summary>
    public static Gen<Body> ArrayBody { get; } = Defer(ArrayBlock);

    /// <summary>A point x of length 1 to 4 with entries in [−1.5, 1.5], and a direction v of the same length in [−1, 1].</summary>
    public static Gen<(double[] X, double[] V)> ArrayPoint { get; } =
        from n in Gen.Choose(1, 4)
        from x in Coordinate(1.5).ArrayOf(n)
        from v in Coordinate(1).ArrayOf(n)
        select (x, v);

    // ----- expressions -----

    /// <summary>An expression of at most <paramref name="depth"/> levels of operators and calls.</summary>
    public static Gen<Expr> Expr(Scope s, int depth)
    {
        if (depth <= 0)
        {
            return Leaf(s);
        }

        int d = depth - 1;
        var choices = new List<(int, Gen<Expr>)>
        {
            (3, Leaf(s)),
            (2, Binary('+', s, d)),
            (2, Binary('-', s, d)),
            (2, Binary('*', s, d)),
            (1, Defer(() => from a in Expr(s, d) from b in Gen.Frequency((2, Denominator(s, d)), (1, Gen.Elements(3.0, 10.0, -7.0, 0.5, 4.0).Select(k => (Expr)new Num(k)))) select (Expr)new Bin('/', a, b))),
            (1, Defer(() => Expr(s, d).Select(a => (Expr)new Neg(a)))),
            (1, Defer(() => from c in Condition(s, d) from a in Expr(s, d) from b in Expr(s, d) select (Expr)new Conditional(c, a, b))),
            (6, Defer(() => Expr(s, d).SelectMany(Unary))),
            (3, Defer(() => Multi(s, d))),
        };
        if (s.CallDepth < Scope.MaxCallDepth)
        {
            choices.Add((1, Defer(() =>
                from body in ScalarBody(s.CallDepth + 1)
                from a in Expr(s, d)
                from b in Expr(s, d)
                select (Expr)new Call(new Helper(body), a, b))));
        }

        return Gen.Frequency(choices.ToArray());
    }

    /// <summary>A comparison, or a combination of two, or a negation.</summary>
    public static Gen<Condition> Condition(Scope s, int depth)
    {
        var compare = Defer(() =>
            from op in Gen.Elements("<", "<=", ">", ">=", "!=", "==")
            from a in Expr(s, Math.Max(0, depth - 1))
            from b in Expr(s, Math.Max(0, depth - 1))
            select (Condition)new Compare(op, a, b));
        return Gen.Frequency(
            (3, compare),
            (1, from a in compare from b in compare select (Condition)new Logic("&&", a, b)),
            (1, from a in compare from b in compare select (Condition)new Logic("||", a, b)),
            (1, compare.Select(a => (Condition)new Logic("!", a, null))));
    }

    private static Gen<Expr> Leaf(Scope s)
    {
        var choices = new List<(int, Gen<Expr>)>
        {
            (1, Gen.Elements(new Expr[] { new Num(Math.PI, "Math.PI"), new Num(Math.E, "Math.E") })),
            (3, Gen.Elements(Constants).Select(k => (Expr)new Num(k))),
        };
        if (s.Doubles.Length > 0)
        {
            choices.Add((8, Gen.Elements(s.Doubles).Select(n => (Expr)new Var(n))));
        }

        if (s.HasArray)
        {
            choices.Add((2, Gen.Constant((Expr)new Elem("0"))));
        }

        if (s.Counters.Length > 0)
        {
            choices.Add((8, Gen.Elements(s.Counters).Select(c => (Expr)new Elem(c))));
        }

        return Gen.Frequency(choices.ToArray());
    }

    private static Gen<Expr> Binary(char op, Scope s, int d) =>
        Defer(() => from a in Expr(s, d) from b in Expr(s, d) select (Expr)new Bin(op, a, b));

    private static Gen<Expr> Unary(Expr u)
    {
        Gen<Expr> Of(MathFunction f, Gen<Expr> argument) => argument.Select(a => (Expr)new Fn(f, new[] { a }));
        Gen<Expr> Of1(MathFunction f, Expr argument) => Gen.Constant((Expr)new Fn(f, new[] { argument }));
        return Gen.OneOf(
            Of1(MathFunction.Sin, u),
            Of1(MathFunction.Cos, u),
            Of1(MathFunction.Tan, Call1(MathFunction.Sin, u)),
            Of(MathFunction.Asin, Bounded(u).Select(b => Times(0.9, b))),
            Of(MathFunction.Acos, Bounded(u).Select(b => Times(0.8, b))),
            Of1(MathFunction.Atan, u),
            Of(MathFunction.Sinh, Bounded(u)),
            Of(MathFunction.Cosh, Bounded(u)),
            Of1(MathFunction.Tanh, u),
            Of1(MathFunction.Asinh, u),
            Of1(MathFunction.Acosh, Plus(1.5, Sq(u))),
            Of(MathFunction.Atanh, Bounded(u).Select(b => Times(0.9, b))),
            Of(MathFunction.Exp, Bounded(u)),
            Of(MathFunction.Log, Positive(u)),
            Of(MathFunction.Log10, Positive(u)),
            Of(MathFunction.Log2, Positive(u)),
            Of(MathFunction.Sqrt, Positive(u)),
            Of(MathFunction.Cbrt, Gen.OneOf(Positive(u), Gen.Constant((Expr)new Bin('-', Call1(MathFunction.Sin, u), new Num(2))))),
            Of1(MathFunction.Abs, u),
            Of1(MathFunction.Sign, u),
            Of1(MathFunction.Floor, u),
            Of1(MathFunction.Ceiling, u),
            Of1(MathFunction.Round, u),
            Of1(MathFunction.Truncate, u),
            Of1(MathFunction.Sigmoid, u),
            Of1(MathFunction.Softplus, u),
            Of1(MathFunction.Relu, u),
            Gen.Elements(0.1, 0.01).Select(k => (Expr)new Fn(MathFunction.LeakyRelu, new Expr[] { u, new Num(k) })),
            Of1(MathFunction.Square, u),
            Gen.Elements(2.0, 3.0).Select(k => (Expr)new Fn(MathFunction.Pow, new Expr[] { u, new Num(k) })),
            from b in BoundedPositive(u) from k in Gen.Elements(0.5, -1.5, 2.5, -1.0) select (Expr)new Fn(MathFunction.Pow, new Expr[] { b, new Num(k) }));
    }

    private static Gen<Expr> Multi(Scope s, int d) =>
        from u in Expr(s, d)
        from w in Expr(s, d)
        from k in Gen.Choose(0, 10)
        from e in k switch
        {
            0 => Gen.Constant(Call2(MathFunction.Atan2, u, Plus(1.5, Call1(MathFunction.Cos, w)))),
            1 => Gen.Constant(Call2(MathFunction.Atan2, Call1(MathFunction.Sin, u), new Bin('-', Call1(MathFunction.Cos, w), new Num(2)))),
            2 => from b in BoundedPositive(u) from p in Bounded(w) select Call2(MathFunction.Pow, b, Times(2, p)),
            3 => Positive(u).Select(p => Call2(MathFunction.LogBase, p, Plus(3, Call1(MathFunction.Sin, w)))),
            4 => Gen.Constant(Call2(MathFunction.Max, u, w)),
            5 => Gen.Constant(Call2(MathFunction.Min, u, w)),
            6 => Gen.Constant((Expr)new Fn(MathFunction.Clamp, new Expr[] { u, new Num(-1), new Num(1) })),
            7 => Gen.Constant((Expr)new Fn(MathFunction.Clamp, new Expr[] { u, new Bin('-', Call1(MathFunction.Sin, w), new Num(1)), Plus(1, Call1(MathFunction.Sin, w)) })),
            8 => Gen.Constant(Call2(MathFunction.LeakyRelu, u, Call1(MathFunction.Sigmoid, w))),
            9 => Expr(s, Math.Max(0, d - 1)).Select(z => (Expr)new Fn(MathFunction.FusedMultiplyAdd, new[] { u, w, z })),
            _ => Gen.Constant((Expr)new Bin('*', Call1(MathFunction.Sign, u), w)),
        }
        select e;

    /// <summary>A value in [−1, 1], whatever u is.</summary>
    private static Gen<Expr> Bounded(Expr u) => Gen.Elements(
        Call1(MathFunction.Sin, u), Call1(MathFunction.Cos, u), Call1(MathFunction.Tanh, u), Call1(MathFunction.Exp, new Neg(Sq(u))));

    /// <summary>A value bounded below by a positive constant, whatever u is.</summary>
    private static Gen<Expr> Positive(Expr u) => Gen.Elements(
        Plus(1, Sq(u)), Plus(2, Call1(MathFunction.Sin, u)), Plus(1.5, Call1(MathFunction.Tanh, u)),
        Plus(1, Call1(MathFunction.Abs, u)), Plus(0.5, Call1(MathFunction.Sigmoid, u)), Call1(MathFunction.Exp, Call1(MathFunction.Sin, u)));

    /// <summary>A value in [0.5, 3], whatever u is: a base that keeps powers well conditioned.</summary>
    private static Gen<Expr> BoundedPositive(Expr u) => Gen.Elements(
        Plus(2, Call1(MathFunction.Sin, u)), Plus(1.5, Call1(MathFunction.Tanh, u)), Plus(0.5, Call1(MathFunction.Sigmoid, u)),
        Call1(MathFunction.Exp, Call1(MathFunction.Sin, u)));

    private static Gen<Expr> Denominator(Scope s, int d) => Defer(() => Expr(s, d).SelectMany(Positive));

    private static Expr Call1(MathFunction f, Expr u) => new Fn(f, new[] { u });

    private static Expr Call2(MathFunction f, Expr u, Expr w) => new Fn(f, new[] { u, w });

    private static Expr Plus(double k, Expr u) => new Bin('+', new Num(k), u);

    private static Expr Times(double k, Expr u) => new Bin('*', new Num(k), u);

    private static Expr Sq(Expr u) => new Bin('*', u, u);

    // ----- block bodies of scalar methods -----

    private static Gen<Body> ScalarBlock(int callDepth) =>
        from count in Gen.Choose(1, 3)
        from locals in Declarations(Scope.ScalarParameters with { CallDepth = callDepth }, count, "t", Gen.Choose(1, 2))
        from stepCount in Gen.Choose(0, 3)
        from steps in Statement(locals.Scope).ArrayOf(stepCount)
        from depth in Gen.Choose(1, 2)
        from result in Expr(locals.Scope, depth)
        select (Body)new BlockBody(locals.Statements.Concat(steps).Append(new Return(UsingAll(result, locals.Statements))).ToArray());

    /// <summary><c>double prefix0 = …; double prefix1 = …;</c>, each in the scope of the ones before.</summary>
    private static Gen<(Stmt[] Statements, Scope Scope)> Declarations(Scope s, int count, string prefix, Gen<int> depth)
    {
        if (count == 0)
        {
            return Gen.Constant((Array.Empty<Stmt>(), s));
        }

        return from before in Declarations(s, count - 1, prefix, depth)
               from d in depth
               from value in Expr(before.Scope, d)
               let name = prefix + (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
               select (before.Statements.Append(new Declare(name, value)).ToArray(), before.Scope.WithDouble(name));
    }

    /// <summary>The result, with every declared local added in so none is dead code.</summary>
    private static Expr UsingAll(Expr result, IEnumerable<Stmt> declarations) =>
        declarations.OfType<Declare>().Aggregate(result, (e, d) => new Bin('+', e, new Var(d.Name)));

    private static Gen<Stmt> Statement(Scope s) => Gen.Frequency(
        (3, Assignment(s)),
        (1, from c in Condition(s, 1) from value in Expr(s, 2) from otherwise in Maybe(Assignment(s)) select (Stmt)new If(c, new Stmt[] { new Return(value) }, otherwise)),
        (1, from c in Condition(s, 1) from then in Assignment(s) from otherwise in Maybe(Assignment(s)) select (Stmt)new If(c, new[] { then }, otherwise)));

    /// <summary>A compound assignment of a local (or, now and then, of a parameter).</summary>
    private static Gen<Stmt> Assignment(Scope s) =>
        from target in Gen.Frequency((5, Gen.Elements(s.Doubles.Skip(2).DefaultIfEmpty("x").ToArray())), (1, Gen.Elements("x", "y")))
        from k in Gen.Choose(0, 4)
        from value in k == 4 ? Denominator(s, 1) : Expr(s, k == 3 ? 1 : 2)
        select (Stmt)new Assign(target, k switch { 0 => "=", 1 => "+=", 2 => "-=", 3 => "*=", _ => "/=" }, value);

    // ----- array methods -----

    private static Gen<Body> ArrayBlock()
    {
        var start = new Scope(Array.Empty<string>(), Array.Empty<string>(), true, Scope.MaxCallDepth);
        return from count in Gen.Choose(1, 3)
               from accumulators in Declarations(start, count, "s", Gen.Choose(0, 1))
               from loopCount in Gen.Choose(1, 2)
               from loops in Loop(accumulators.Scope with { CallDepth = Scope.MaxCallDepth - 1 }, "i", 1).ArrayOf(loopCount)
               from depth in Gen.Choose(1, 2)
               from result in Expr(accumulators.Scope, depth)
               select (Body)new BlockBody(accumulators.Statements.Concat(loops).Append(new Return(UsingAll(result, accumulators.Statements))).ToArray());
    }

    /// <summary>
    /// A loop over x whose body updates the accumulators, at nesting level <paramref name="level"/> (1 or 2). A
    /// triangular inner loop (starting at the outer counter) only adds terms that read no accumulator: carrying a value
    /// through it nonlinearly needs a tape under bounds that depend on the outer counter, which the generator rejects
    /// by design (SYMDIFF014).
    /// </summary>
    private static Gen<Stmt> Loop(Scope outer, string index, int level)
    {
        var s = outer.WithCounter(index);
        string? enclosing = outer.Counters.LastOrDefault();
        var body = Gen.Frequency(
            (5, Update(s)),
            (1, from c in Condition(s, 1) from then in Update(s) from otherwise in Maybe(Update(s)) select (Stmt)new If(c, new[] { then }, otherwise)),
            (level == 1 ? 2 : 0, Defer(() => Loop(s, "j", 2))));
        var sum =
            from target in Gen.Elements(s.Doubles)
            from op in Gen.Elements("+=", "-=")
            from depth in Gen.Choose(1, 2)
            from e in Expr(s with { Doubles = Array.Empty<string>() }, depth)
            select (Stmt)new Assign(target, op, e);
        return from startChoice in Gen.Choose(0, enclosing is null ? 1 : 3)
               let triangular = startChoice >= 2
               from inclusive in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
               from step in Gen.Frequency((4, Gen.Constant("post")), (1, Gen.Constant("pre")), (1, Gen.Constant("add")))
               from length in Gen.Choose(1, 2)
               from statements in (triangular ? sum : body).ArrayOf(length)
               select (Stmt)new For(index, triangular ? enclosing : null, startChoice % 2, inclusive, step, statements);
    }

    /// <summary>An accumulator update: a sum, a difference, a product by a bounded factor, a running max or min, a division, a reassignment.</summary>
    private static Gen<Stmt> Update(Scope s) =>
        from target in Gen.Elements(s.Doubles)
        from k in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)), (2, Gen.Constant(3)), (1, Gen.Constant(4)), (1, Gen.Constant(5)), (1, Gen.Constant(6)))
        from e in Expr(s, k == 0 ? 2 : 1)
        from factor in BoundedPositive(e)
        from denominator in Positive(e)
        select k switch
        {
            0 => (Stmt)new Assign(target, "+=", e),
            1 => new Assign(target, "-=", e),
            2 => new Assign(target, "*=", factor),
            3 => new Assign(target, "=", Call2(MathFunction.Max, new Var(target), e)),
            4 => new Assign(target, "=", Call2(MathFunction.Min, new Var(target), e)),
            5 => new Assign(target, "/=", denominator),
            _ => new Assign(target, "=", e),
        };

    private static Gen<double> Coordinate(double bound) =>
        Gen.Choose(-1_000_000, 1_000_000).Select(k => k * bound / 1_000_000);

    /// <summary>A one-statement else branch half the time, else none.</summary>
    private static Gen<Stmt[]?> Maybe(Gen<Stmt> statement) =>
        Gen.Frequency((1, Gen.Constant<Stmt[]?>(null)), (1, statement.Select(s => (Stmt[]?)new[] { s })));

    private static Gen<T> Defer<T>(Func<Gen<T>> make) => Gen.Constant(0).SelectMany(_ => make());
}
