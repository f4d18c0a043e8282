using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SymDiff.Tests.Numeric;

namespace SymDiff.Tests.Properties;

/// <summary>
/// The state of one hyper-dual evaluation of a random method: the <c>double</c> variables in scope, the loop counters,
/// the array parameter <c>x</c> (for array methods) and the smallest distance seen from a branch boundary or a kink.
/// </summary>
internal sealed class EvalState
{
    private readonly EvalState? _root;
    private double _margin = double.PositiveInfinity;
    private double _scale = 1;

    public EvalState(HyperDual[]? array = null) => Array = array;

    private EvalState(EvalState root)
    {
        _root = root;
        Array = root.Array;
    }

    /// <summary>Parameters and locals of type <c>double</c>.</summary>
    public Dictionary<string, HyperDual> Doubles { get; } = new(StringComparer.Ordinal);

    /// <summary>Loop counters.</summary>
    public Dictionary<string, int> Ints { get; } = new(StringComparer.Ordinal);

    /// <summary>The array parameter <c>x</c>, or <see langword="null"/> in a scalar method.</summary>
    public HyperDual[]? Array { get; }

    /// <summary>
    /// The smallest distance, relative to the magnitudes involved, from a comparison's tie or a non-smooth point
    /// (of Abs, Max, Floor, ...) met so far; a point where it is tiny is too close to a boundary to compare derivatives.
    /// </summary>
    public double Margin => _root?.Margin ?? _margin;

    /// <summary>
    /// The largest magnitude (at least 1) of a value or derivative computed so far: rounding errors of the generated
    /// code, which computes the same quantities differently arranged, are relative to it.
    /// </summary>
    public double Scale => _root?.Scale ?? _scale;

    /// <summary>Records the magnitude of an intermediate result.</summary>
    public void Magnitude(HyperDual r)
    {
        double m = Math.Max(Math.Max(Math.Abs(r.V), Math.Abs(r.A)), Math.Max(Math.Abs(r.B), Math.Abs(r.AB)));
        if (_root is not null)
        {
            _root.Magnitude(r);
        }
        else if (m > _scale)
        {
            _scale = m;
        }
    }

    /// <summary>A fresh scope for the body of a called helper, sharing the margin with its caller.</summary>
    public EvalState ForCall() => new(_root ?? this);

    /// <summary>
    /// Records that a boundary lies at distance |<paramref name="a"/> − <paramref name="b"/>|, unless a − b is exactly
    /// 0 and constant along the seeded directions (a kink at an exact constant such as <c>Floor(Sign(u))</c>). A
    /// constant difference that is only rounding (<c>(-1.5 + (1.5 + y)) &lt; y</c>) counts: the generator simplifies
    /// conditions, so at such a tie its branch can differ (documented).
    /// </summary>
    public void Boundary(HyperDual a, HyperDual b)
    {
        var difference = a - b;
        if (difference.V == 0 && difference.A == 0 && difference.B == 0 && difference.AB == 0)
        {
            return;
        }

        double distance = Math.Abs(difference.V) / Math.Max(1, Math.Max(Math.Abs(a.V), Math.Abs(b.V)));
        if (_root is not null)
        {
            _root.Boundary(a, b);
        }
        else if (!(distance >= _margin))
        {
            _margin = distance; // NaN too: a NaN comparison is no place to compare derivatives
        }
    }
}

/// <summary>
/// Names the helper methods a random method calls, while it is printed: the helpers of method <c>F3</c> are
/// <c>F3_H0</c>, <c>F3_H1</c>, ..., in the order their calls are printed.
/// </summary>
internal sealed class PrintContext
{
    private readonly Dictionary<Helper, string> _names = new(ReferenceEqualityComparer.Instance);
    private readonly string _owner;

    public PrintContext(string owner) => _owner = owner;

    /// <summary>The helpers named so far, in order; printing one may name more.</summary>
    public List<(string Name, Helper Helper)> Helpers { get; } = new();

    public string NameOf(Helper helper)
    {
        if (!_names.TryGetValue(helper, out string? name))
        {
            name = _owner + "_H" + Helpers.Count.ToString(CultureInfo.InvariantCulture);
            _names.Add(helper, name);
            Helpers.Add((name, helper));
        }

        return name;
    }
}

/// <summary>A <c>double</c> expression of a random method: printed as C#, evaluated on hyper-duals, shrunk structurally.</summary>
internal abstract record Expr
{
    public abstract void Print(StringBuilder sb, PrintContext context);

    protected abstract HyperDual Compute(EvalState state);

    /// <summary>Its value and derivatives, recording their magnitude in <paramref name="state"/>.</summary>
    public HyperDual Eval(EvalState state)
    {
        var result = Compute(state);
        state.Magnitude(result);
        return result;
    }

    /// <summary>Smaller expressions to try in its place, simplest first (subterms, then shrunk children).</summary>
    public abstract IEnumerable<Expr> Shrink();

    /// <summary>The variables (double locals and parameters, loop counters) it reads.</summary>
    public abstract IEnumerable<string> Reads();

    /// <summary>The number of nodes (helpers' bodies included).</summary>
    public abstract int Size { get; }

    /// <summary>The expression printed as C# (helpers named as in a method <c>F</c>).</summary>
    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        Print(sb, new PrintContext("F"));
        return sb.ToString();
    }
}

/// <summary>A parameter or a local of type <c>double</c>.</summary>
internal sealed record Var(string Name) : Expr
{
    public override void Print(StringBuilder sb, PrintContext context) => sb.Append(Name);

    protected override HyperDual Compute(EvalState state) => state.Doubles[Name];

    /// <summary>A local shrinks to the parameter <c>x</c>, which lets its declaration go (where x is a double).</summary>
    public override IEnumerable<Expr> Shrink() => Name == "x" ? System.Array.Empty<Expr>() : new Expr[] { new Var("x") };

    public override IEnumerable<string> Reads() => new[] { Name };

    public override int Size => 1;
}

/// <summary>A double literal (always printed with a point or exponent, so <c>1.0 / 2.0</c> is never integer division), or a named constant.</summary>
internal sealed record Num(double Value, string? Text = null) : Expr
{
    public override void Print(StringBuilder sb, PrintContext context)
    {
        if (Text is not null)
        {
            sb.Append(Text);
            return;
        }

        sb.Append(NumericKit.DoubleLiteral(Value));
    }

    protected override HyperDual Compute(EvalState state) => Value;

    public override IEnumerable<Expr> Shrink() => Value == 1 && Text is null ? System.Array.Empty<Expr>() : new Expr[] { new Num(1) };

    public override IEnumerable<string> Reads() => System.Array.Empty<string>();

    public override int Size => 1;

}

/// <summary>An element <c>x[i]</c> of the array parameter, at a loop counter or a constant index.</summary>
internal sealed record Elem(string Index) : Expr
{
    public override void Print(StringBuilder sb, PrintContext context) => sb.Append("x[").Append(Index).Append(']');

    protected override HyperDual Compute(EvalState state) =>
        state.Array![int.TryParse(Index, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) ? k : state.Ints[Index]];

    public override IEnumerable<Expr> Shrink() => Index == "0" ? System.Array.Empty<Expr>() : new Expr[] { new Elem("0") };

    public override IEnumerable<string> Reads() => Index == "0" ? System.Array.Empty<string>() : new[] { Index };

    public override int Size => 1;
}

/// <summary>Unary minus.</summary>
internal sealed record Neg(Expr Operand) : Expr
{
    public override void Print(StringBuilder sb, PrintContext context)
    {
        sb.Append("(-");
        Operand.Print(sb, context);
        sb.Append(')');
    }

    protected override HyperDual Compute(EvalState state) => -Operand.Eval(state);

    public override IEnumerable<Expr> Shrink() => new[] { Operand }.Concat(Operand.Shrink().Select(o => new Neg(o)));

    public override IEnumerable<string> Reads() => Operand.Reads();

    public override int Size => 1 + Operand.Size;
}

/// <summary><c>a op b</c> for op one of <c>+ - * /</c>.</summary>
internal sealed record Bin(char Op, Expr Left, Expr Right) : Expr
{
    public override void Print(StringBuilder sb, PrintContext context)
    {
        sb.Append('(');
        Left.Print(sb, context);
        sb.Append(' ').Append(Op).Append(' ');
        Right.Print(sb, context);
        sb.Append(')');
    }

    protected override HyperDual Compute(EvalState state)
    {
        HyperDual a = Left.Eval(state), b = Right.Eval(state);
        return Op switch
        {
            '+' => a + b,
            '-' => a - b,
            '*' => a * b,
            _ => a / b,
        };
    }

    public override IEnumerable<Expr> Shrink() =>
        new[] { Left, Right }
            .Concat(Left.Shrink().Select(l => this with { Left = l }))
            .Concat(Right.Shrink().Select(r => this with { Right = r }));

    public override IEnumerable<string> Reads() => Left.Reads().Concat(Right.Reads());

    public override int Size => 1 + Left.Size + Right.Size;

}

/// <summary>A call of a <c>System.Math</c> or <c>SymDiff.SymMath</c> function (see <see cref="MathFunction"/>).</summary>
internal sealed record Fn(MathFunction Function, Expr[] Args) : Expr
{
    public override void Print(StringBuilder sb, PrintContext context)
    {
        sb.Append(Function.Name == "Sign" ? "((double)Math.Sign(" : Function.Home + "." + Function.Name + "(");
        for (int i = 0; i < Args.Length; i++)
        {
            sb.Append(i > 0 ? ", " : string.Empty);
            Args[i].Print(sb, context);
        }

        sb.Append(Function.Name == "Sign" ? "))" : ")");
    }

    protected override HyperDual Compute(EvalState state)
    {
        var args = Args.Select(a => a.Eval(state)).ToArray();
        Function.Boundary(args, state);
        return Function.Eval(args);
    }

    public override IEnumerable<Expr> Shrink() =>
        Args.Concat(Enumerable.Range(0, Args.Length).SelectMany(i => Args[i].Shrink().Select(a => this with { Args = Replace(Args, i, a) })));

    public override IEnumerable<string> Reads() => Args.SelectMany(a => a.Reads());

    public override int Size => 1 + Args.Sum(a => a.Size);

    internal static T[] Replace<T>(T[] items, int index, T item)
    {
        var copy = (T[])items.Clone();
        copy[index] = item;
        return copy;
    }
}

/// <summary><c>test ? whenTrue : whenFalse</c>; only the branch taken is evaluated, as in C#.</summary>
internal sealed record Conditional(Condition Test, Expr WhenTrue, Expr WhenFalse) : Expr
{
    public override void Print(StringBuilder sb, PrintContext context)
    {
        sb.Append('(');
        Test.Print(sb, context);
        sb.Append(" ? ");
        WhenTrue.Print(sb, context);
        sb.Append(" : ");
        WhenFalse.Print(sb, context);
        sb.Append(')');
    }

    protected override HyperDual Compute(EvalState state) => Test.Eval(state) ? WhenTrue.Eval(state) : WhenFalse.Eval(state);

    public override IEnumerable<Expr> Shrink() =>
        new[] { WhenTrue, WhenFalse }
            .Concat(Test.Shrink().Select(t => this with { Test = t }))
            .Concat(WhenTrue.Shrink().Select(e => this with { WhenTrue = e }))
            .Concat(WhenFalse.Shrink().Select(e => this with { WhenFalse = e }));

    public override IEnumerable<string> Reads() => Test.Reads().Concat(WhenTrue.Reads()).Concat(WhenFalse.Reads());

    public override int Size => 1 + Test.Size + WhenTrue.Size + WhenFalse.Size;
}

/// <summary>A call <c>Fk_Hm(a, b)</c> of a helper <c>[Differentiable] static double Fk_Hm(double x, double y)</c>, which the generator inlines.</summary>
internal sealed record Call(Helper Callee, Expr First, Expr Second) : Expr
{
    public override void Print(StringBuilder sb, PrintContext context)
    {
        sb.Append(context.NameOf(Callee)).Append('(');
        First.Print(sb, context);
        sb.Append(", ");
        Second.Print(sb, context);
        sb.Append(')');
    }

    protected override HyperDual Compute(EvalState state) => Callee.Body.Run(state.ForCall(), First.Eval(state), Second.Eval(state));

    public override IEnumerable<Expr> Shrink() =>
        new[] { First, Second }
            .Concat(Callee.Body.Shrink().Select(b => this with { Callee = new Helper(b) }))
            .Concat(First.Shrink().Select(a => this with { First = a }))
            .Concat(Second.Shrink().Select(a => this with { Second = a }));

    public override IEnumerable<string> Reads() => First.Reads().Concat(Second.Reads());

    public override int Size => 1 + Callee.Body.Size + First.Size + Second.Size;
}

/// <summary>A helper method's body, over its parameters <c>x</c> and <c>y</c>.</summary>
internal sealed record Helper(Body Body);

/// <summary>A condition: a comparison, or <c>&amp;&amp; || !</c> of conditions.</summary>
internal abstract record Condition
{
    public abstract void Print(StringBuilder sb, PrintContext context);

    public abstract bool Eval(EvalState state);

    public abstract IEnumerable<Condition> Shrink();

    public abstract IEnumerable<string> Reads();

    public abstract int Size { get; }
}

/// <summary><c>a op b</c> for op one of <c>&lt; &lt;= &gt; &gt;= == !=</c>; a tie is a boundary.</summary>
internal sealed record Compare(string Op, Expr Left, Expr Right) : Condition
{
    public override void Print(StringBuilder sb, PrintContext context)
    {
        sb.Append('(');
        Left.Print(sb, context);
        sb.Append(' ').Append(Op).Append(' ');
        Right.Print(sb, context);
        sb.Append(')');
    }

    public override bool Eval(EvalState state)
    {
        HyperDual left = Left.Eval(state), right = Right.Eval(state);
        state.Boundary(left, right);
        double a = left.V, b = right.V;
        return Op switch
        {
            "<" => a < b,
            "<=" => a <= b,
            ">" => a > b,
            ">=" => a >= b,
            "==" => a == b,
            _ => a != b,
        };
    }

    public override IEnumerable<Condition> Shrink() =>
        Left.Shrink().Select(l => this with { Left = l }).Concat(Right.Shrink().Select(r => this with { Right = r }));

    public override IEnumerable<string> Reads() => Left.Reads().Concat(Right.Reads());

    public override int Size => 1 + Left.Size + Right.Size;
}

/// <summary><c>a &amp;&amp; b</c>, <c>a || b</c> or <c>!a</c> (<see cref="Right"/> null). Both sides count as boundaries, short-circuited or not.</summary>
internal sealed record Logic(string Op, Condition Left, Condition? Right) : Condition
{
    public override void Print(StringBuilder sb, PrintContext context)
    {
        sb.Append('(');
        if (Right is null)
        {
            sb.Append('!');
            Left.Print(sb, context);
        }
        else
        {
            Left.Print(sb, context);
            sb.Append(' ').Append(Op).Append(' ');
            Right.Print(sb, context);
        }

        sb.Append(')');
    }

    public override bool Eval(EvalState state)
    {
        bool a = Left.Eval(state);
        bool b = Right?.Eval(state) ?? false;
        return Op switch
        {
            "&&" => a && b,
            "||" => a || b,
            _ => !a,
        };
    }

    public override IEnumerable<Condition> Shrink()
    {
        var candidates = new List<Condition> { Left };
        if (Right is not null)
        {
            candidates.Add(Right);
        }

        return candidates
            .Concat(Left.Shrink().Select(l => this with { Left = l }))
            .Concat(Right is null ? Enumerable.Empty<Condition>() : Right.Shrink().Select(r => this with { Right = r }));
    }

    public override IEnumerable<string> Reads() => Left.Reads().Concat(Right?.Reads() ?? Enumerable.Empty<string>());

    public override int Size => 1 + Left.Size + (Right?.Size ?? 0);
}
