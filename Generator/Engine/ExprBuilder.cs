using System;
using System.Collections.Generic;
using System.Linq;

namespace SymDiff.Generator.Engine;

/// <summary>Thrown when an expression grows past <see cref="ExprBuilder.MaxNodes"/> (expression swell).</summary>
internal sealed class ExpressionTooLargeException : Exception
{
    public ExpressionTooLargeException(int limit)
        : base($"the expression grew past {limit} distinct nodes")
    {
        Limit = limit;
    }

    /// <summary>The node limit that was exceeded.</summary>
    public int Limit { get; }
}

/// <summary>
/// Creates <see cref="Expr"/> nodes: hash-consed (a structurally equal node is returned, never duplicated) and
/// simplified while building. Every simplification is an identity of real arithmetic wherever the original
/// expression is finite (so <c>x/x = 1</c> and <c>√x·√x = x</c> are applied):
/// <list type="bullet">
/// <item>constant folding of IEEE-exact operations only, so the generated text is identical on every host
/// (<c>Math.Sin(2)</c> and <c>x / 3</c> stay as written; <c>2³ = 8</c> and <c>x / 4 = 0.25·x</c> fold);</item>
/// <item>sums and products are flattened, their operands ordered, like terms collected (<c>2x + 3x = 5x</c>),
/// a scaled sum inside a sum expanded (<c>a − (b − c) = a − b + c</c>; a product such as <c>−(a − b)</c> keeps its
/// sum whole, which keeps it a common factor) and like powers collected (<c>x·x² = x³</c>);</item>
/// <item><c>x + 0 = x</c>, <c>x·1 = x</c>, <c>x¹ = x</c>, <c>x⁰ = 1</c>, <c>(xᵃ)ⁿ = xᵃⁿ</c> for integer n (but
/// <c>(x²)^0.5</c> stays: it is |x|);</item>
/// <item>two named rewrites to the stable runtime functions: <c>1/(1 + e^w) = σ(−w)</c> and
/// <c>log(1 + e^w) = softplus(w)</c> (the textbook forms overflow for large |w|, and so do their derivatives);</item>
/// <item><c>|u|ⁿ = uⁿ</c> for even n; inside a branch its condition is known
/// (<c>c ? (c ? a : b) : d = c ? a : d</c>);</item>
/// <item>a term is dropped (<c>0·x = 0</c>, <c>x − x = 0</c>) only when x is finite for every finite input
/// (<see cref="Expr.IsTotal"/>, ignoring overflow), so a NaN or infinity that the original produces at some point
/// is never removed from a sum or a product;</item>
/// <item>a product with a select that has an exact-zero branch (or only constant branches) moves into its
/// branches (<c>(c ? u : 0)·v = c ? u·v : 0</c>), so the branch not taken contributes an exact zero even where v
/// is not finite: no NaN leaks from the branch that is not taken.</item>
/// </list>
/// </summary>
internal sealed class ExprBuilder
{
    /// <summary>Default bound on distinct nodes: far above any realistic method, low enough to end swell quickly.</summary>
    public const int DefaultMaxNodes = 200_000;

    private readonly Dictionary<Expr, Expr> _nodes = new(StructuralComparer.Instance);
    private readonly Expr _zero;
    private readonly Expr _one;
    private readonly Expr _true;
    private readonly Expr _false;

    public ExprBuilder(int maxNodes = DefaultMaxNodes)
    {
        MaxNodes = maxNodes;
        _zero = Const(0);
        _one = Const(1);
        _true = Intern(new Expr(Op.True, Fn.None, 0, null, 0, null));
        _false = Intern(new Expr(Op.False, Fn.None, 0, null, 0, null));
    }

    /// <summary>The largest number of distinct nodes this builder creates before it throws.</summary>
    public int MaxNodes { get; }

    /// <summary>Distinct nodes created so far.</summary>
    public int Count => _nodes.Count;

    public Expr Zero => _zero;

    public Expr One => _one;

    public Expr True => _true;

    public Expr False => _false;

    // ----- leaves -----

    /// <summary>A numeric constant. <c>-0.0</c> is normalised to <c>0.0</c>.</summary>
    public Expr Const(double value)
    {
        if (value == 0)
        {
            value = 0; // normalise -0.0
        }

        return Intern(new Expr(Op.Const, Fn.None, value, null, 0, null));
    }

    /// <summary>The differentiation variable <paramref name="name"/> at position <paramref name="index"/>.</summary>
    public Expr Var(string name, int index) => Intern(new Expr(Op.Var, Fn.None, 0, name, index, null));

    /// <summary>The <see cref="Expr.Index"/> of an integer variable: never differentiated, written as an <c>int</c>.</summary>
    public const int IntegerIndex = -1;

    /// <summary>An integer variable: a loop counter, an array length or an <c>int</c> parameter.</summary>
    public Expr IntegerVar(string name) => Var(name, IntegerIndex);

    /// <summary>A <c>bool</c> parameter, used in conditions.</summary>
    public Expr Flag(string name) => Intern(new Expr(Op.Flag, Fn.None, 0, name, 0, null));

    /// <summary>The element <paramref name="array"/>[<paramref name="index"/>] (the index an integer expression).</summary>
    public Expr Load(string array, Expr index) => Intern(new Expr(Op.Load, Fn.None, 0, array, 0, new[] { index }));

    // ----- arithmetic -----

    public Expr Add(Expr a, Expr b) => Add(new[] { a, b });

    public Expr Sub(Expr a, Expr b) => Add(a, Neg(b));

    public Expr Neg(Expr a) => Mul(Const(-1), a);

    public Expr Mul(Expr a, Expr b) => Mul(new[] { a, b });

    public Expr Div(Expr a, Expr b) => Mul(a, Pow(b, Const(-1)));

    /// <summary>
    /// A canonical sum: nested sums flattened; constants folded into one constant (last); terms <c>k·t</c> with
    /// the same <c>t</c> collected; piecewise selects with the same condition merged; terms ordered by id.
    /// </summary>
    public Expr Add(params Expr[] terms)
    {
        double constant = 0;
        var coefficients = new Dictionary<Expr, double>();
        var order = new List<Expr>();

        void Collect(Expr term, double scale)
        {
            if (term.Op == Op.Add)
            {
                foreach (var inner in term.Args)
                {
                    Collect(inner, scale);
                }

                return;
            }

            if (term.Op == Op.Const)
            {
                constant += scale * term.Value;
                return;
            }

            var (k, rest) = SplitCoefficient(term);
            if (rest.Op == Op.Add)
            {
                Collect(rest, scale * k); // k·(a + b) = k·a + k·b: constants distribute over sums
                return;
            }

            if (coefficients.TryGetValue(rest, out var existing))
            {
                coefficients[rest] = existing + (scale * k);
            }
            else
            {
                coefficients[rest] = scale * k;
                order.Add(rest);
            }
        }

        foreach (var term in terms)
        {
            RequireNumber(term);
            Collect(term, 1);
        }

        MergeSelectsWithSameCondition(order, coefficients);

        var result = new List<Expr>(order.Count + 1);
        foreach (var rest in order.OrderBy(e => e.Id))
        {
            var k = coefficients[rest];
            if (k == 0 && rest.IsTotal)
            {
                continue;
            }

            if (k == 0)
            {
                // u − u stays u − u: +0 where u is finite (0·u would be −0 for negative u), NaN where u is not.
                result.Add(rest);
                result.Add(Mul(Const(-1), rest));
                continue;
            }

            result.Add(k == 1 ? rest : Mul(Const(k), rest));
        }

        if (constant != 0 || double.IsNaN(constant))
        {
            result.Add(Const(constant));
        }

        return result.Count switch
        {
            0 => _zero,
            1 => result[0],
            _ => Intern(new Expr(Op.Add, Fn.None, 0, null, 0, result.ToArray())),
        };
    }

    /// <summary>
    /// A canonical product: nested products flattened; constants folded into one coefficient (first); powers of
    /// the same base collected; factors ordered by id; a piecewise-constant select takes the other factors into
    /// its branches.
    /// </summary>
    public Expr Mul(params Expr[] factors)
    {
        double coefficient = 1;
        var exponents = new Dictionary<Expr, double>();
        var order = new List<Expr>();

        void Collect(Expr factor)
        {
            switch (factor.Op)
            {
                case Op.Mul:
                    foreach (var inner in factor.Args)
                    {
                        Collect(inner);
                    }

                    return;
                case Op.Const:
                    coefficient *= factor.Value;
                    return;
            }

            var (baseExpr, exponent) = factor.Op == Op.Pow && factor.Args[1].IsConstant
                ? (factor.Args[0], factor.Args[1].Value)
                : (factor, 1.0);
            if (exponents.TryGetValue(baseExpr, out var existing))
            {
                exponents[baseExpr] = existing + exponent;
            }
            else
            {
                exponents[baseExpr] = exponent;
                order.Add(baseExpr);
            }
        }

        foreach (var factor in factors)
        {
            RequireNumber(factor);
            Collect(factor);
        }

        var result = new List<Expr>(order.Count + 1);
        foreach (var baseExpr in order.OrderBy(e => e.Id))
        {
            var exponent = exponents[baseExpr];
            if (exponent == 0)
            {
                continue; // x^a · x^-a = 1 wherever the original is defined
            }

            result.Add(exponent == 1 ? baseExpr : Pow(baseExpr, Const(exponent)));
        }

        // A power of a constant folded above moves into the coefficient; 6·x/3 = 2·x when the division is exact.
        for (int i = result.Count - 1; i >= 0; i--)
        {
            var f = result[i];
            if (f.Op == Op.Const)
            {
                coefficient *= f.Value;
                result.RemoveAt(i);
            }
            else if (f.Op == Op.Pow && f.Args[0].IsConstant && f.Args[1].IsConst(-1) && DividesExactly(coefficient, f.Args[0].Value))
            {
                coefficient /= f.Args[0].Value;
                result.RemoveAt(i);
            }
        }

        if (coefficient == 0 && result.All(f => f.IsTotal))
        {
            return _zero;
        }

        var select = result.FirstOrDefault(IsAbsorbingSelect);
        if (select is not null)
        {
            var others = result.Where(f => !ReferenceEquals(f, select)).ToList();
            others.Add(Const(coefficient));
            // An exact zero branch stays exactly zero: the branch not taken contributes nothing, not 0·NaN.
            Expr Branch(Expr value) => value.IsConst(0) ? _zero : Mul(others.Append(value).ToArray());
            return Select(select.Args[0], Branch(select.Args[1]), Branch(select.Args[2]));
        }

        if (coefficient != 1 || result.Count == 0)
        {
            result.Insert(0, Const(coefficient));
        }

        return result.Count == 1
            ? result[0]
            : Intern(new Expr(Op.Mul, Fn.None, 0, null, 0, result.ToArray()));
    }

    /// <summary><c>b^e</c>, folded and normalised (see the class remarks).</summary>
    public Expr Pow(Expr b, Expr e)
    {
        RequireNumber(b);
        RequireNumber(e);
        if (e.IsConstant)
        {
            var n = e.Value;
            if (n == 0)
            {
                return _one; // Math.Pow(x, 0) is 1 for every x, NaN included
            }

            if (n == 1)
            {
                return b;
            }

            if (b.IsConstant && TryFoldPow(b.Value, n, out var folded))
            {
                return Const(folded);
            }

            if (n == -1 && IsExpPlusOne(b, out var w))
            {
                return Call(Fn.Sigmoid, Neg(w)); // 1/(1 + e^w) = σ(−w): stable, and σ' = σ(1 − σ) cannot overflow
            }

            bool integer = Math.Floor(n) == n && !double.IsInfinity(n);
            if (integer && n % 2 == 0 && b.Op == Op.Call && b.Fn == Fn.Abs)
            {
                return Pow(b.Args[0], e); // |u|ⁿ = uⁿ for even n: smooth, so no kink in its derivatives
            }

            if (integer && b.Op == Op.Pow && b.Args[1].IsConstant)
            {
                return Pow(b.Args[0], Const(b.Args[1].Value * n));
            }

            if (integer && b.Op == Op.Mul)
            {
                return Mul(b.Args.Select(f => Pow(f, e)).ToArray());
            }

            return Intern(new Expr(Op.Pow, Fn.None, 0, null, 0, new[] { b, e }));
        }

        return Intern(new Expr(Op.Pow, Fn.None, 0, null, 0, new[] { b, e }));
    }

    /// <summary>A call of a known function; folded on constant arguments where the result is IEEE-exact.</summary>
    public Expr Call(Fn fn, params Expr[] args)
    {
        var info = FnInfo.Of(fn);
        if (args.Length != info.Arity)
        {
            throw new ArgumentException($"{info.Name} takes {info.Arity} argument(s), not {args.Length}.", nameof(args));
        }

        foreach (var arg in args)
        {
            RequireNumber(arg);
        }

        if (args.All(a => a.IsConstant) && info.TryFold(args.Select(a => a.Value).ToArray(), out var value))
        {
            return Const(value);
        }

        if (fn == Fn.Log && IsExpPlusOne(args[0], out var w))
        {
            return Call(Fn.Softplus, w); // log(1 + e^w) = softplus(w), which does not overflow for large w
        }

        return Intern(new Expr(Op.Call, fn, 0, null, 0, args));
    }

    // ----- conditions -----

    /// <summary><c>condition ? whenTrue : whenFalse</c>; constant conditions and equal branches fold.</summary>
    public Expr Select(Expr condition, Expr whenTrue, Expr whenFalse)
    {
        RequireBoolean(condition);
        RequireNumber(whenTrue);
        RequireNumber(whenFalse);
        if (condition.Op == Op.True || ReferenceEquals(whenTrue, whenFalse))
        {
            return whenTrue;
        }

        if (condition.Op == Op.False)
        {
            return whenFalse;
        }

        if (condition.Op == Op.Not)
        {
            return Select(condition.Args[0], whenFalse, whenTrue);
        }

        // Inside a branch its condition is known: c ? (c ? a : b) : d = c ? a : d.
        whenTrue = Assume(whenTrue, condition, true);
        whenFalse = Assume(whenFalse, condition, false);
        if (ReferenceEquals(whenTrue, whenFalse))
        {
            return whenTrue;
        }

        return Intern(new Expr(Op.Select, Fn.None, 0, null, 0, new[] { condition, whenTrue, whenFalse }));
    }

    /// <summary>
    /// For a comparison of exactly <paramref name="x"/> and <paramref name="y"/> (in either order), the orderings
    /// of x and y it accepts as bits (1: x &lt; y, 2: x = y, 4: x &gt; y); null for anything else.
    /// </summary>
    private static int? Outcomes(Expr comparison, Expr? x, Expr? y)
    {
        if (!comparison.IsComparison || x is null || y is null)
        {
            return null;
        }

        int bits = comparison.Op switch
        {
            Op.Less => 1,
            Op.LessEqual => 3,
            Op.Equal => 2,
            Op.GreaterEqual => 6,
            Op.Greater => 4,
            _ => 5,
        };
        if (ReferenceEquals(comparison.Args[0], x) && ReferenceEquals(comparison.Args[1], y))
        {
            return bits;
        }

        return ReferenceEquals(comparison.Args[0], y) && ReferenceEquals(comparison.Args[1], x)
            ? ((bits & 1) << 2) | (bits & 2) | ((bits & 4) >> 2)
            : null;
    }

    /// <summary>Whether <paramref name="e"/> is <c>e^w + 1</c> (a sum is ordered with its constant last).</summary>
    private static bool IsExpPlusOne(Expr e, out Expr w)
    {
        bool match = e.Op == Op.Add && e.Args.Count == 2 && e.Args[1].IsConst(1) && e.Args[0].Op == Op.Call && e.Args[0].Fn == Fn.Exp;
        w = match ? e.Args[0].Args[0] : e;
        return match;
    }

    /// <summary>Resolves the selects on <paramref name="condition"/> in a chain of selects, given its value.</summary>
    private Expr Assume(Expr e, Expr condition, bool value)
    {
        if (e.Op != Op.Select)
        {
            return e;
        }

        if (ReferenceEquals(e.Args[0], condition))
        {
            return Assume(value ? e.Args[1] : e.Args[2], condition, value);
        }

        var whenTrue = Assume(e.Args[1], condition, value);
        var whenFalse = Assume(e.Args[2], condition, value);
        return ReferenceEquals(whenTrue, e.Args[1]) && ReferenceEquals(whenFalse, e.Args[2]) ? e : Select(e.Args[0], whenTrue, whenFalse);
    }

    /// <summary>A comparison (<see cref="Op.Less"/> ... <see cref="Op.NotEqual"/>); folds on constants.</summary>
    public Expr Compare(Op op, Expr a, Expr b)
    {
        if (op is < Op.Less or > Op.NotEqual)
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, "not a comparison");
        }

        RequireNumber(a);
        RequireNumber(b);
        if (a.IsConstant && b.IsConstant)
        {
            var x = a.Value;
            var y = b.Value;
            return Bool(op switch
            {
                Op.Less => x < y,
                Op.LessEqual => x <= y,
                Op.Greater => x > y,
                Op.GreaterEqual => x >= y,
                Op.Equal => x == y,
                _ => x != y,
            });
        }

        return Intern(new Expr(op, Fn.None, 0, null, 0, new[] { a, b }));
    }

    public Expr Bool(bool value) => value ? _true : _false;

    public Expr And(Expr a, Expr b)
    {
        RequireBoolean(a);
        RequireBoolean(b);
        if (a.Op == Op.False || b.Op == Op.False)
        {
            return _false;
        }

        if (a.Op == Op.True || ReferenceEquals(a, b))
        {
            return b;
        }

        if (Outcomes(a, b.Args.Count == 2 ? b.Args[0] : null, b.Args.Count == 2 ? b.Args[1] : null) is { } left
            && Outcomes(b, b.Args[0], b.Args[1]) is { } right && (left & right) == 0)
        {
            return _false; // e.g. x == 0 && x > 0: no ordering of the two operands satisfies both
        }

        return b.Op == Op.True ? a : Intern(new Expr(Op.And, Fn.None, 0, null, 0, new[] { a, b }));
    }

    public Expr Or(Expr a, Expr b)
    {
        RequireBoolean(a);
        RequireBoolean(b);
        if (a.Op == Op.True || b.Op == Op.True)
        {
            return _true;
        }

        if (a.Op == Op.False || ReferenceEquals(a, b))
        {
            return b;
        }

        return b.Op == Op.False ? a : Intern(new Expr(Op.Or, Fn.None, 0, null, 0, new[] { a, b }));
    }

    public Expr Not(Expr a)
    {
        RequireBoolean(a);
        return a.Op switch
        {
            Op.True => _false,
            Op.False => _true,
            Op.Not => a.Args[0],
            _ => Intern(new Expr(Op.Not, Fn.None, 0, null, 0, new[] { a })),
        };
    }

    // ----- helpers -----

    /// <summary>Splits <c>k·rest</c> into its constant coefficient and the rest.</summary>
    private (double K, Expr Term) SplitCoefficient(Expr term)
    {
        if (term.Op == Op.Mul && term.Args[0].IsConstant)
        {
            var rest = term.Args.Count == 2
                ? term.Args[1]
                : Intern(new Expr(Op.Mul, Fn.None, 0, null, 0, term.Args.Skip(1).ToArray()));
            return (term.Args[0].Value, rest);
        }

        return (1, term);
    }

    /// <summary><c>k₁·(c ? a : b) + k₂·(c ? p : q) = c ? k₁a + k₂p : k₁b + k₂q</c>.</summary>
    private void MergeSelectsWithSameCondition(List<Expr> order, Dictionary<Expr, double> coefficients)
    {
        var groups = order.Where(t => t.Op == Op.Select).GroupBy(t => t.Args[0]).Where(g => g.Count() > 1).ToList();
        foreach (var group in groups)
        {
            var members = group.ToList();
            var whenTrue = Add(members.Select(s => Mul(Const(coefficients[s]), s.Args[1])).ToArray());
            var whenFalse = Add(members.Select(s => Mul(Const(coefficients[s]), s.Args[2])).ToArray());
            foreach (var member in members)
            {
                order.Remove(member);
                coefficients.Remove(member);
            }

            var merged = Select(group.Key, whenTrue, whenFalse);
            var (k, rest) = merged.Op == Op.Const ? (merged.Value, _one) : SplitCoefficient(merged);
            if (coefficients.TryGetValue(rest, out var existing))
            {
                coefficients[rest] = existing + k;
            }
            else
            {
                coefficients[rest] = k;
                order.Add(rest);
            }
        }
    }

    /// <summary>
    /// A select that takes the other factors of a product into its branches: one with an exact-zero branch (the
    /// branch not taken must contribute an exact zero, never 0·NaN; this is how adjoints stay inside their
    /// branch), or one whose branches are all constants (the product costs nothing more).
    /// </summary>
    private static bool IsAbsorbingSelect(Expr e)
        => e.Op == Op.Select && (e.Args[1].IsConst(0) || e.Args[2].IsConst(0) || IsPiecewiseConstant(e));

    private static bool IsPiecewiseConstant(Expr e)
        => e.IsConstant || (e.Op == Op.Select && IsPiecewiseConstant(e.Args[1]) && IsPiecewiseConstant(e.Args[2]));

    /// <summary>
    /// Folds <c>bⁿ</c> when the result is exact, or one IEEE rounding of exactly specified operations, so it is
    /// identical on every host (Math.Pow is not). Otherwise the power stays and is written out: <c>x / 3</c>
    /// keeps the division the user wrote, <c>Math.Sqrt(2)</c> stays readable.
    /// </summary>
    private static bool TryFoldPow(double b, double n, out double value)
    {
        value = double.NaN;
        if (n == 0.5)
        {
            value = Math.Sqrt(b);
            return value * value == b; // perfect squares only
        }

        if (Math.Floor(n) != n || Math.Abs(n) > 16)
        {
            return false;
        }

        double power = 1;
        for (int i = 0; i < Math.Abs(n); i++)
        {
            power *= b;
        }

        if (n > 0)
        {
            value = power;
            return true;
        }

        value = 1 / power;
        return IsPowerOfTwo(power); // exact reciprocal
    }

    private static bool IsPowerOfTwo(double v)
        => v != 0 && !double.IsInfinity(v) && !double.IsNaN(v) && (BitConverter.DoubleToInt64Bits(v) & 0x000F_FFFF_FFFF_FFFFL) == 0
            && (BitConverter.DoubleToInt64Bits(v) & 0x7FF0_0000_0000_0000L) != 0;

    /// <summary>Whether k / d is an exact integer quotient of integers (so folding it changes no bit).</summary>
    private static bool DividesExactly(double k, double d)
        => d != 0 && Math.Abs(k) < 9e15 && Math.Abs(d) < 9e15 && Math.Floor(k) == k && Math.Floor(d) == d && k % d == 0;

    /// <summary>
    /// Builds a node of the given shape through the simplifying constructors: for rebuilding a DAG (after
    /// deserialization, or with rewritten operands) so the result is canonical for this builder.
    /// </summary>
    public Expr Make(Op op, Fn fn, double value, string? name, int index, IReadOnlyList<Expr> args) => op switch
    {
        Op.Const => Const(value),
        Op.Var => Var(name!, index),
        Op.Load => Load(name!, args[0]),
        Op.Flag => Flag(name!),
        Op.True => _true,
        Op.False => _false,
        Op.Add => Add(args.ToArray()),
        Op.Mul => Mul(args.ToArray()),
        Op.Pow => Pow(args[0], args[1]),
        Op.Call => Call(fn, args.ToArray()),
        Op.Select => Select(args[0], args[1], args[2]),
        Op.And => And(args[0], args[1]),
        Op.Or => Or(args[0], args[1]),
        Op.Not => Not(args[0]),
        _ => Compare(op, args[0], args[1]),
    };

    /// <summary>Finite for every finite input: the condition under which <c>0·x = 0</c> hides nothing.</summary>
    private static bool IsTotal(Expr e) => e.Op switch
    {
        Op.Const => !double.IsNaN(e.Value) && !double.IsInfinity(e.Value),
        Op.Var or Op.Load => true,
        Op.Pow => e.Args[0].IsTotal && e.Args[1].IsConstant && e.Args[1].Value > 0
            && Math.Floor(e.Args[1].Value) == e.Args[1].Value,
        Op.Call => FnInfo.Of(e.Fn).IsTotal && e.Args.All(a => a.IsTotal),
        Op.Add or Op.Mul => e.Args.All(a => a.IsTotal),
        Op.Select => e.Args[1].IsTotal && e.Args[2].IsTotal,
        _ => true, // conditions are never NaN
    };

    private Expr Intern(Expr candidate)
    {
        if (_nodes.TryGetValue(candidate, out var existing))
        {
            return existing;
        }

        if (_nodes.Count >= MaxNodes)
        {
            throw new ExpressionTooLargeException(MaxNodes);
        }

        candidate.Id = _nodes.Count;
        candidate.IsTotal = IsTotal(candidate);
        _nodes.Add(candidate, candidate);
        return candidate;
    }

    private static void RequireNumber(Expr e)
    {
        if (e.IsBoolean)
        {
            throw new ArgumentException($"expected a number, got the condition {e}");
        }
    }

    private static void RequireBoolean(Expr e)
    {
        if (!e.IsBoolean)
        {
            throw new ArgumentException($"expected a condition, got the number {e}");
        }
    }

    private sealed class StructuralComparer : IEqualityComparer<Expr>
    {
        public static readonly StructuralComparer Instance = new();

        public bool Equals(Expr? x, Expr? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.StructurallyEquals(y));

        public int GetHashCode(Expr obj) => obj.StructuralHash;
    }
}
