using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SymDiff.Generator.Engine;

/// <summary>The three ways the engine writes an expression.</summary>
internal enum Notation
{
    /// <summary>ASCII, read back by <see cref="ExprParser"/>: <c>x*sin(x) + x^2/y</c>.</summary>
    Engine,

    /// <summary>Readable mathematics for documentation: <c>x·sin(x) + x²/y</c>, <c>σ(y)</c>, <c>√x</c>.</summary>
    Math,

    /// <summary>C# source: <c>x * global::System.Math.Sin(x) + x * x / y</c>.</summary>
    CSharp,
}

/// <summary>
/// Writes expressions as text in one of the <see cref="Notation"/>s, with the fewest parentheses that keep the
/// meaning. Sums print their positive terms first and subtract the negative ones; products print negative powers
/// as a denominator. Numbers are written culture-invariantly and round-trip exactly ("R").
/// </summary>
internal sealed class ExprPrinter
{
    public static readonly ExprPrinter Engine = new(Notation.Engine, null);
    public static readonly ExprPrinter Math = new(Notation.Math, null);

    private const int Conditional = 0, OrPrec = 1, AndPrec = 2, Equality = 3, Relational = 4, Additive = 5,
        Multiplicative = 6, Unary = 7, Power = 8, Primary = 9;

    private readonly Notation _notation;
    private readonly Func<Expr, string?>? _names;
    private readonly Func<Expr, string?>? _reciprocals;

    /// <summary>A printer.</summary>
    /// <param name="notation">The notation to write.</param>
    /// <param name="names">The local variable that already holds a node, if any.</param>
    /// <param name="reciprocals">The local variable that holds 1/b for a base b, if any: b⁻ⁿ is then written as
    /// a product of that local instead of a division.</param>
    public ExprPrinter(Notation notation, Func<Expr, string?>? names, Func<Expr, string?>? reciprocals = null)
    {
        _notation = notation;
        _names = names;
        _reciprocals = reciprocals;
    }

    /// <summary>
    /// The expression as text (a node that has a local name is written as that name), for a position that
    /// converts to double (an assignment or a return), where a whole-number literal may stay <c>2</c>.
    /// </summary>
    public string Print(Expr e) => Write(e, Conditional, integerSafe: true);

    /// <summary>Writes <paramref name="e"/> as the definition of a local: its own name is not used for it.</summary>
    public string PrintDefinition(Expr e) => Write(e, Conditional, isRoot: true, integerSafe: true);

    /// <summary>
    /// The number of nodes the expression has when written out as a tree (shared subexpressions counted every
    /// time), stopping at <paramref name="limit"/>: decides whether a formula is short enough to show.
    /// </summary>
    public static int TreeSize(Expr e, int limit)
    {
        var memo = new Dictionary<Expr, int>();
        int Size(Expr x)
        {
            if (memo.TryGetValue(x, out var s))
            {
                return s;
            }

            long total = 1;
            foreach (var a in x.Args)
            {
                total += Size(a);
                if (total > limit)
                {
                    break;
                }
            }

            return memo[x] = (int)System.Math.Min(total, limit + 1L);
        }

        return Size(e);
    }

    /// <param name="e">The expression.</param>
    /// <param name="context">The precedence of the position: lower precedence gets parentheses.</param>
    /// <param name="isRoot">Write the node itself even if it has a local name (its definition).</param>
    /// <param name="integerSafe">Whether C# would read a whole-number literal here as a double anyway (an operand
    /// next to a double); elsewhere, in C#, it is written <c>3.0</c>, since <c>1 / 3</c> is integer division.</param>
    private string Write(Expr e, int context, bool isRoot = false, bool integerSafe = false)
    {
        if (!isRoot && _names?.Invoke(e) is { } name)
        {
            return e.IsInteger && _notation == Notation.CSharp ? CastToDouble(name, context) : name;
        }

        if (e.IsInteger && _notation == Notation.CSharp)
        {
            return CastToDouble(e.Name!, context); // i / n must not be integer division
        }

        var (text, prec) = e.Op == Op.Const ? FormatNumber(e.Value, integerSafe) : Format(e);
        return prec < context ? "(" + text + ")" : text;
    }

    private (string Text, int Prec) Format(Expr e)
    {
        switch (e.Op)
        {
            case Op.Const:
                return FormatNumber(e.Value);
            case Op.Var or Op.Flag:
                return (e.Name!, Primary);
            case Op.Load:
                return ($"{e.Name}[{PrintInteger(e.Args[0])}]", Primary);
            case Op.True:
                return ("true", Primary);
            case Op.False:
                return ("false", Primary);
            case Op.Add:
                return FormatSum(e);
            case Op.Mul:
                return FormatProduct(e);
            case Op.Pow:
                return FormatPower(e);
            case Op.Call:
                return FormatCall(e);
            case Op.Select:
                return (
                    $"{Write(e.Args[0], OrPrec)} ? {Write(e.Args[1], OrPrec)} : {Write(e.Args[2], Conditional)}",
                    Conditional);
            case Op.Not:
                return ("!" + Write(e.Args[0], Unary), Unary);
            case Op.And:
                return ($"{Write(e.Args[0], AndPrec)} && {Write(e.Args[1], AndPrec + 1)}", AndPrec);
            case Op.Or:
                return ($"{Write(e.Args[0], OrPrec)} || {Write(e.Args[1], OrPrec + 1)}", OrPrec);
            default:
                var prec = e.Op is Op.Equal or Op.NotEqual ? Equality : Relational;
                return (
                    $"{Write(e.Args[0], prec, integerSafe: e.Args[1].DependsOnVar)} {ComparisonSymbol(e.Op)} {Write(e.Args[1], prec + 1, integerSafe: e.Args[0].DependsOnVar)}",
                    prec);
        }
    }

    private static string CastToDouble(string name, int context) => Unary < context ? "((double)" + name + ")" : "(double)" + name;

    /// <summary>
    /// An integer expression (an array index or a loop bound) in C#'s integer arithmetic: integer variables and
    /// whole constants combined by <c>+</c>, <c>−</c>, <c>×</c> and positive whole powers.
    /// </summary>
    public string PrintInteger(Expr e) => WriteInteger(e, Conditional);

    private string WriteInteger(Expr e, int context)
    {
        if (e.Op == Op.Var)
        {
            return _names?.Invoke(e) ?? e.Name!;
        }

        string text;
        int prec;
        switch (e.Op)
        {
            case Op.Const:
                long value = (long)e.Value;
                if (value != e.Value)
                {
                    throw new InvalidOperationException($"{e} is not an integer");
                }

                (text, prec) = value < 0 ? ("-" + (-value).ToString(CultureInfo.InvariantCulture), Unary) : (value.ToString(CultureInfo.InvariantCulture), Primary);
                break;
            case Op.Add:
                var sb = new StringBuilder();
                // Products first and constants last, as an index is usually written: i * n + j - 1.
                foreach (var term in e.Args.OrderBy(t => t.IsConstant ? 2 : t.Op == Op.Mul && !t.Args[0].IsConstant ? 0 : 1))
                {
                    var (k, factors) = Split(term);
                    bool negative = k < 0 && sb.Length > 0;
                    var magnitude = negative ? -k : k;
                    var body = factors.Count == 0
                        ? ((long)magnitude).ToString(CultureInfo.InvariantCulture)
                        : WriteIntegerProduct(magnitude, factors, negative ? Additive + 1 : Additive);
                    sb.Append(sb.Length == 0 ? string.Empty : negative ? " - " : " + ").Append(body);
                }

                (text, prec) = (sb.ToString(), Additive);
                break;
            case Op.Mul:
                var (coefficient, rest) = Split(e);
                return WriteIntegerProduct(coefficient, rest, context);
            case Op.Pow when e.Args[1].IsConstant && e.Args[1].Value is >= 1 and <= 8 && e.Args[1].Value == System.Math.Floor(e.Args[1].Value):
                text = string.Join(" * ", Enumerable.Repeat(WriteInteger(e.Args[0], Multiplicative + 1), (int)e.Args[1].Value));
                prec = Multiplicative;
                break;
            default:
                throw new InvalidOperationException($"{e} is not an integer expression");
        }

        return prec < context ? "(" + text + ")" : text;
    }

    private string WriteIntegerProduct(double k, IReadOnlyList<Expr> factors, int context)
    {
        var parts = factors.Select(f => WriteInteger(f, Multiplicative + 1)).ToList();
        if (k != 1 && k != -1)
        {
            parts.Insert(0, ((long)System.Math.Abs(k)).ToString(CultureInfo.InvariantCulture));
        }

        var text = string.Join(" * ", parts);
        int prec = parts.Count == 1 ? Primary : Multiplicative;
        if (k < 0)
        {
            text = "-" + text;
            prec = Unary;
        }

        return prec < context ? "(" + text + ")" : text;
    }

    private string ComparisonSymbol(Op op) => (op, _notation) switch
    {
        (Op.Less, _) => "<",
        (Op.Greater, _) => ">",
        (Op.LessEqual, Notation.Math) => "≤",
        (Op.GreaterEqual, Notation.Math) => "≥",
        (Op.NotEqual, Notation.Math) => "≠",
        (Op.LessEqual, _) => "<=",
        (Op.GreaterEqual, _) => ">=",
        (Op.Equal, _) => "==",
        _ => "!=",
    };

    private (string, int) FormatNumber(double v, bool integerSafe = false)
    {
        if (double.IsNaN(v))
        {
            return (_notation switch { Notation.CSharp => "double.NaN", Notation.Math => "NaN", _ => "nan" }, Primary);
        }

        if (double.IsInfinity(v))
        {
            var inf = _notation switch { Notation.CSharp => "double.PositiveInfinity", Notation.Math => "∞", _ => "inf" };
            return v > 0 ? (inf, Primary) : ("-" + inf, Unary);
        }

        var text = FormatLiteral(System.Math.Abs(v));
        if (_notation == Notation.CSharp && !integerSafe && text.All(char.IsDigit))
        {
            text += ".0";
        }

        return v < 0 ? (Minus + text, Unary) : (text, Primary);
    }

    /// <summary>A non-negative finite number, round-trip exact and culture-invariant.</summary>
    public static string FormatLiteral(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private string Minus => _notation == Notation.Math ? "−" : "-";

    private string Times => _notation switch { Notation.Engine => "*", Notation.Math => "·", _ => " * " };

    private string Over => _notation == Notation.CSharp ? " / " : "/";

    private (string, int) FormatSum(Expr e)
    {
        var positive = new List<string>();
        var negative = new List<string>();
        foreach (var term in e.Args)
        {
            if (_names?.Invoke(term) is { } name)
            {
                positive.Add(name);
                continue;
            }

            var (k, factors) = Split(term);
            if (k < 0)
            {
                negative.Add(WriteProduct(-k, factors, Additive + 1).Text);
            }
            else
            {
                positive.Add(WriteProduct(k, factors, Additive).Text);
            }
        }

        var sb = new StringBuilder();
        if (positive.Count == 0)
        {
            sb.Append(Minus).Append(negative[0]);
            negative.RemoveAt(0);
        }
        else
        {
            sb.Append(string.Join(" + ", positive));
        }

        foreach (var n in negative)
        {
            sb.Append(' ').Append(Minus).Append(' ').Append(n);
        }

        return (sb.ToString(), Additive);
    }

    /// <summary>A term as coefficient and factors (a power alone is one factor; a constant has none).</summary>
    private static (double K, IReadOnlyList<Expr> Factors) Split(Expr term) => term.Op switch
    {
        Op.Const => (term.Value, Array.Empty<Expr>()),
        Op.Mul when term.Args[0].IsConstant => (term.Args[0].Value, term.Args.Skip(1).ToArray()),
        Op.Mul => (1.0, term.Args),
        _ => (1.0, new[] { term }),
    };

    private (string, int) FormatProduct(Expr e)
    {
        var (k, factors) = Split(e);
        return WriteProduct(k, factors, Conditional);
    }

    private (string, int) FormatPower(Expr e)
    {
        var exponent = e.Args[1];
        if (!exponent.IsConstant || exponent.Value > 0)
        {
            return WritePowerNode(e);
        }

        if (ReciprocalPower(e) is { } product)
        {
            return product;
        }

        var (den, prec) = WritePower(e.Args[0], -exponent.Value);
        return ("1" + Over + (prec > Multiplicative ? den : "(" + den + ")"), Multiplicative);
    }

    /// <summary>
    /// <c>k · numerator / denominator</c>, where factors with a negative constant exponent form the denominator.
    /// The result is written for a position of precedence <paramref name="context"/>; a negative k becomes a
    /// leading minus.
    /// </summary>
    private (string Text, int Prec) WriteProduct(double k, IReadOnlyList<Expr> factors, int context)
    {
        if (factors.Count == 0)
        {
            // A constant term of a sum: the sum has a double term, and its constant is written last.
            var (t, p) = FormatNumber(k, integerSafe: true);
            return (p < context ? "(" + t + ")" : t, p);
        }

        var numerator = new List<(string Text, int Prec)>();
        var denominator = new List<(string Text, int Prec)>();
        foreach (var f in factors)
        {
            bool isNamed = _names?.Invoke(f) is not null;
            if (!isNamed && ReciprocalPower(f) is { } product)
            {
                numerator.Add(product);
            }
            else if (!isNamed && f.Op == Op.Pow && f.Args[1].IsConstant && f.Args[1].Value < 0)
            {
                denominator.Add(WritePower(f.Args[0], -f.Args[1].Value));
            }
            else if (!isNamed && f.Op == Op.Pow)
            {
                numerator.Add(WritePowerNode(f));
            }
            else
            {
                numerator.Add((Write(f, Multiplicative + 1), Primary));
            }
        }

        double magnitude = System.Math.Abs(k);
        if (magnitude != 1 || numerator.Count == 0)
        {
            numerator.Insert(0, (FormatNumber(magnitude, integerSafe: factors.Any(f => f.DependsOnVar)).Item1, Primary));
        }

        string text;
        int prec;
        if (numerator.Count == 1 && denominator.Count == 0)
        {
            (text, prec) = numerator[0];
        }
        else
        {
            // A product is left-associative, so a factor that is itself a product (x * x) needs no parentheses.
            text = string.Join(Times, numerator.Select(n => n.Prec >= Multiplicative ? n.Text : "(" + n.Text + ")"));
            if (denominator.Count > 0)
            {
                var den = denominator.Count == 1 && denominator[0].Prec > Multiplicative
                    ? denominator[0].Text
                    : "(" + string.Join(Times, denominator.Select(d => d.Text)) + ")";
                text = text + Over + den;
            }

            prec = Multiplicative;
        }

        if (k < 0)
        {
            text = Minus + text;
            prec = System.Math.Min(prec, Unary);
        }

        return (prec < context ? "(" + text + ")" : text, prec);
    }

    private (string Text, int Prec) WritePowerNode(Expr pow)
    {
        var exponent = pow.Args[1];
        if (exponent.IsConstant)
        {
            return WritePower(pow.Args[0], exponent.Value);
        }

        return _notation == Notation.CSharp
            ? ($"global::System.Math.Pow({Write(pow.Args[0], Conditional)}, {Write(exponent, Conditional)})", Primary)
            : ($"{Write(pow.Args[0], Power + 1)}^{Write(exponent, Power)}", Power);
    }

    /// <summary><c>b⁻ⁿ</c> (n = 2, 3) as <c>r * r</c> when a local <c>r</c> already holds <c>1/b</c>: no division.</summary>
    private (string Text, int Prec)? ReciprocalPower(Expr f)
    {
        if (f.Op != Op.Pow || !f.Args[1].IsConstant || f.Args[1].Value is not (-2 or -3)
            || _reciprocals?.Invoke(f.Args[0]) is not { } reciprocal)
        {
            return null;
        }

        return (string.Join(Times, Enumerable.Repeat(reciprocal, (int)-f.Args[1].Value)), Multiplicative);
    }

    /// <summary><c>b^n</c> for a positive constant n.</summary>
    private (string Text, int Prec) WritePower(Expr b, double n)
    {
        if (n == 1)
        {
            return (Write(b, Multiplicative + 1), Primary);
        }

        if (n == 0.5)
        {
            return (_notation switch
            {
                Notation.CSharp => $"global::System.Math.Sqrt({Write(b, Conditional)})",
                Notation.Math => "√" + Write(b, Primary),
                _ => $"sqrt({Write(b, Conditional)})",
            }, Primary);
        }

        switch (_notation)
        {
            case Notation.CSharp when n is 2 or 3:
                var atom = Write(b, Multiplicative + 1);
                return (string.Join(" * ", Enumerable.Repeat(atom, (int)n)), Multiplicative);
            case Notation.CSharp:
                return ($"global::System.Math.Pow({Write(b, Conditional)}, {FormatNumber(n, integerSafe: true).Item1})", Primary);
            case Notation.Math when n == System.Math.Floor(n) && n < 10:
                return (Write(b, Primary) + Superscript((int)n), Primary);
            default:
                return (Write(b, Power + 1) + "^" + FormatNumber(n).Item1, Power);
        }
    }

    private static string Superscript(int n)
    {
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        return new string(n.ToString(CultureInfo.InvariantCulture).Select(c => digits[c - '0']).ToArray());
    }

    private (string, int) FormatCall(Expr e)
    {
        var info = FnInfo.Of(e.Fn);
        var args = string.Join(", ", e.Args.Select(a => Write(a, Conditional)));
        switch (_notation)
        {
            case Notation.CSharp:
                var home = info.Home == FnHome.Math ? "global::System.Math" : "global::SymDiff.SymMath";
                var call = $"{home}.{info.Name}({args})";
                return info.ReturnsInt ? ("(double)" + call, Unary) : (call, Primary);
            case Notation.Math when e.Fn == Fn.Abs:
                return ("|" + args + "|", Primary);
            case Notation.Math when e.Fn == Fn.Sigmoid:
                return ("σ(" + args + ")", Primary);
            default:
                return ($"{info.Name.ToLowerInvariant()}({args})", Primary);
        }
    }
}
