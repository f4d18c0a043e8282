using System;
using System.Collections.Generic;

namespace SymDiff.Generator.Engine;

/// <summary>The functions the engine knows. Powers and square roots are <see cref="Op.Pow"/> nodes, not calls.</summary>
internal enum Fn
{
    /// <summary>Not a call.</summary>
    None,
    Exp,
    Log,
    Log10,
    Log2,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Cbrt,
    Abs,
    Sign,
    Floor,
    Ceiling,
    Round,
    Truncate,
    Max,
    Min,
    Clamp,
    FusedMultiplyAdd,
    Sigmoid,
    Softplus,
    Relu,
    LeakyRelu,
}

/// <summary>Where a function's implementation lives in generated C#.</summary>
internal enum FnHome
{
    /// <summary><c>System.Math</c>.</summary>
    Math,

    /// <summary><c>SymDiff.SymMath</c> in the runtime.</summary>
    SymMath,
}

/// <summary>
/// Everything the engine knows about one function: its names, arity, how to evaluate it on constants, whether it
/// is finite everywhere, and its partial derivatives. This is the one derivative rule table of the engine.
/// </summary>
internal sealed class FnInfo
{
    private readonly Func<double[], double>? _fold;
    private readonly Func<ExprBuilder, Expr, int, Expr> _partial;

    private FnInfo(
        Fn fn, string name, int arity, FnHome home, bool total, string convention,
        Func<double[], double>? fold, Func<ExprBuilder, Expr, int, Expr> partial)
    {
        Fn = fn;
        Name = name;
        Arity = arity;
        Home = home;
        IsTotal = total;
        Convention = convention;
        _fold = fold;
        _partial = partial;
    }

    /// <summary>The function.</summary>
    public Fn Fn { get; }

    /// <summary>The C# method name (in <see cref="Home"/>); lower-cased, its name in the engine notation.</summary>
    public string Name { get; }

    /// <summary>Number of arguments.</summary>
    public int Arity { get; }

    /// <summary>The class that implements it in generated code.</summary>
    public FnHome Home { get; }

    /// <summary>Whether it is finite for all finite arguments.</summary>
    public bool IsTotal { get; }

    /// <summary>The derivative convention at non-smooth points, for documentation; empty where smooth.</summary>
    public string Convention { get; }

    /// <summary>Whether the C# implementation returns <c>int</c> (it is then cast to <c>double</c> when emitted).</summary>
    public bool ReturnsInt => Fn == Fn.Sign;

    /// <summary>
    /// Folds a call on constant arguments. Only functions whose result is exactly specified by IEEE 754 fold (abs,
    /// floor, max, ...): transcendental functions differ in the last bit between platforms, and the generated text
    /// must be byte-identical everywhere, so a call such as <c>Math.Sin(2)</c> stays a call.
    /// </summary>
    public bool TryFold(double[] args, out double value)
    {
        value = _fold is null ? double.NaN : _fold(args);
        return _fold is not null;
    }

    /// <summary>∂call/∂(argument <paramref name="k"/>) as an expression, given the call node itself.</summary>
    public Expr Partial(ExprBuilder b, Expr call, int k) => _partial(b, call, k);

    private static readonly Dictionary<Fn, FnInfo> Table = Build();
    private static readonly Dictionary<string, FnInfo> ByName = BuildByName();

    /// <summary>The rule for <paramref name="fn"/>.</summary>
    public static FnInfo Of(Fn fn) => Table[fn];

    /// <summary>Looks a function up by its engine name (lower-case C# name, e.g. <c>sigmoid</c>).</summary>
    public static bool TryGet(string engineName, out FnInfo info) => ByName.TryGetValue(engineName, out info!);

    /// <summary>All known functions, in declaration order.</summary>
    public static IEnumerable<FnInfo> All => Table.Values;

    private static Dictionary<string, FnInfo> BuildByName()
    {
        var byName = new Dictionary<string, FnInfo>(StringComparer.Ordinal);
        foreach (var info in Table.Values)
        {
            byName[info.Name.ToLowerInvariant()] = info;
        }

        return byName;
    }

    private static Dictionary<Fn, FnInfo> Build()
    {
        var t = new Dictionary<Fn, FnInfo>();

        void Add(Fn fn, int arity, bool total, Func<double[], double>? eval, Func<ExprBuilder, Expr, int, Expr> partial,
            FnHome home = FnHome.Math, string convention = "")
            => t.Add(fn, new FnInfo(fn, fn.ToString(), arity, home, total, convention, eval, partial));

        // u' factors, written with the builder so that they are simplified and shared like everything else.
        static Expr U(Expr call) => call.Args[0];

        Add(Fn.Exp, 1, false, null, (b, c, _) => c);
        Add(Fn.Log, 1, false, null, (b, c, _) => b.Pow(U(c), b.Const(-1)));
        Add(Fn.Log10, 1, false, null,
            (b, c, _) => b.Mul(b.Const(Log10E), b.Pow(U(c), b.Const(-1))));
        Add(Fn.Log2, 1, false, null,
            (b, c, _) => b.Mul(b.Const(Log2E), b.Pow(U(c), b.Const(-1))));
        Add(Fn.Sin, 1, true, null, (b, c, _) => b.Call(Fn.Cos, U(c)));
        Add(Fn.Cos, 1, true, null, (b, c, _) => b.Neg(b.Call(Fn.Sin, U(c))));
        Add(Fn.Tan, 1, false, null,
            (b, c, _) => b.Add(b.Const(1), b.Pow(c, b.Const(2))));
        Add(Fn.Asin, 1, false, null,
            (b, c, _) => b.Pow(b.Sub(b.Const(1), b.Pow(U(c), b.Const(2))), b.Const(-0.5)));
        Add(Fn.Acos, 1, false, null,
            (b, c, _) => b.Neg(b.Pow(b.Sub(b.Const(1), b.Pow(U(c), b.Const(2))), b.Const(-0.5))));
        Add(Fn.Atan, 1, true, null,
            (b, c, _) => b.Pow(b.Add(b.Const(1), b.Pow(U(c), b.Const(2))), b.Const(-1)));
        Add(Fn.Atan2, 2, false, null, (b, c, k) =>
        {
            // atan2(y, x): ∂/∂y = x / (x² + y²), ∂/∂x = −y / (x² + y²)
            var y = c.Args[0];
            var x = c.Args[1];
            var r2 = b.Add(b.Pow(x, b.Const(2)), b.Pow(y, b.Const(2)));
            return k == 0 ? b.Div(x, r2) : b.Neg(b.Div(y, r2));
        });
        Add(Fn.Sinh, 1, false, null, (b, c, _) => b.Call(Fn.Cosh, U(c)));
        Add(Fn.Cosh, 1, false, null, (b, c, _) => b.Call(Fn.Sinh, U(c)));
        Add(Fn.Tanh, 1, true, null,
            (b, c, _) => b.Sub(b.Const(1), b.Pow(c, b.Const(2))));
        Add(Fn.Asinh, 1, true, null,
            (b, c, _) => b.Pow(b.Add(b.Pow(U(c), b.Const(2)), b.Const(1)), b.Const(-0.5)));
        Add(Fn.Acosh, 1, false, null,
            (b, c, _) => b.Pow(b.Sub(b.Pow(U(c), b.Const(2)), b.Const(1)), b.Const(-0.5)));
        Add(Fn.Atanh, 1, false, null,
            (b, c, _) => b.Pow(b.Sub(b.Const(1), b.Pow(U(c), b.Const(2))), b.Const(-1)));
        Add(Fn.Cbrt, 1, true, null,
            (b, c, _) => b.Mul(b.Const(1.0 / 3.0), b.Pow(c, b.Const(-2))));
        Add(Fn.Abs, 1, true, a => Math.Abs(a[0]),
            (b, c, _) => b.Select(
                b.Compare(Op.Greater, U(c), b.Const(0)),
                b.Const(1),
                b.Select(b.Compare(Op.Less, U(c), b.Const(0)), b.Const(-1), b.Const(0))),
            convention: "d|u|/du = sign(u), 0 at u = 0");
        foreach (var step in new[] { Fn.Sign, Fn.Floor, Fn.Ceiling, Fn.Round, Fn.Truncate })
        {
            Add(step, 1, true, StepEvaluator(step), (b, c, _) => b.Const(0),
                convention: "derivative 0 everywhere (it does not exist at the jumps)");
        }

        Add(Fn.Max, 2, true, a => Math.Max(a[0], a[1]), (b, c, k) =>
        {
            var first = b.Compare(Op.GreaterEqual, c.Args[0], c.Args[1]);
            return k == 0 ? b.Select(first, b.Const(1), b.Const(0)) : b.Select(first, b.Const(0), b.Const(1));
        }, convention: "at a tie the derivative goes to the first argument");
        Add(Fn.Min, 2, true, a => Math.Min(a[0], a[1]), (b, c, k) =>
        {
            var first = b.Compare(Op.LessEqual, c.Args[0], c.Args[1]);
            return k == 0 ? b.Select(first, b.Const(1), b.Const(0)) : b.Select(first, b.Const(0), b.Const(1));
        }, convention: "at a tie the derivative goes to the first argument");
        Add(Fn.Clamp, 3, true, a => Clamp(a[0], a[1], a[2]), (b, c, k) =>
        {
            // clamp(v, lo, hi): v inside [lo, hi] passes v's derivative; below lo, lo's; above hi, hi's.
            var v = c.Args[0];
            var belowLow = b.Compare(Op.Less, v, c.Args[1]);
            var aboveHigh = b.Compare(Op.Greater, v, c.Args[2]);
            return k switch
            {
                0 => b.Select(b.Or(belowLow, aboveHigh), b.Const(0), b.Const(1)),
                1 => b.Select(belowLow, b.Const(1), b.Const(0)),
                _ => b.Select(b.And(b.Not(belowLow), aboveHigh), b.Const(1), b.Const(0)),
            };
        }, convention: "at a bound the derivative goes to the value");
        Add(Fn.FusedMultiplyAdd, 3, true, null, (b, c, k) => k switch
        {
            0 => c.Args[1],
            1 => c.Args[0],
            _ => b.One,
        });
        Add(Fn.Sigmoid, 1, true, null,
            (b, c, _) => b.Mul(c, b.Sub(b.Const(1), c)), FnHome.SymMath);
        Add(Fn.Softplus, 1, true, null, (b, c, _) => b.Call(Fn.Sigmoid, U(c)), FnHome.SymMath);
        Add(Fn.Relu, 1, true, a => a[0] > 0 ? a[0] : 0.0,
            (b, c, _) => b.Select(b.Compare(Op.Greater, U(c), b.Const(0)), b.Const(1), b.Const(0)),
            FnHome.SymMath, "derivative 0 at u = 0");
        Add(Fn.LeakyRelu, 2, true, a => a[0] > 0 ? a[0] : a[1] * a[0], (b, c, k) =>
        {
            var positive = b.Compare(Op.Greater, U(c), b.Const(0));
            return k == 0 ? b.Select(positive, b.Const(1), c.Args[1]) : b.Select(positive, b.Const(0), U(c));
        }, FnHome.SymMath, "the left slope at u = 0");
        return t;
    }

    private static Func<double[], double> StepEvaluator(Fn fn) => fn switch
    {
        Fn.Sign => a => double.IsNaN(a[0]) ? double.NaN : Math.Sign(a[0]),
        Fn.Floor => a => Math.Floor(a[0]),
        Fn.Ceiling => a => Math.Ceiling(a[0]),
        Fn.Round => a => Math.Round(a[0]),
        _ => a => Math.Truncate(a[0]),
    };

    // log₁₀ e = 1/ln 10 and log₂ e = 1/ln 2, correctly rounded, as literals: computing them at generation time
    // could differ in the last bit between hosts.
    private const double Log10E = 0.434294481903251827651128918916605082;
    private const double Log2E = 1.442695040888963407359924681001892137;

    private static double Clamp(double v, double lo, double hi) => v < lo ? lo : v > hi ? hi : v;
}
