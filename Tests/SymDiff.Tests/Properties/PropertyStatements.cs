using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SymDiff.Tests.Numeric;

namespace SymDiff.Tests.Properties;

/// <summary>
/// A function the random expressions call: how it is printed, its hyper-dual evaluation (<see cref="HyperDual"/>,
/// written independently of the generator) and where it is not smooth (a point is not compared near there).
/// </summary>
internal sealed class MathFunction
{
    private readonly Func<HyperDual[], HyperDual> _eval;
    private readonly Action<HyperDual[], EvalState>? _boundary;

    private MathFunction(string home, string name, int arity, Func<HyperDual[], HyperDual> eval, Action<HyperDual[], EvalState>? boundary = null)
    {
        Home = home;
        Name = name;
        Arity = arity;
        _eval = eval;
        _boundary = boundary;
    }

    public static MathFunction Sin { get; } = M("Sin", a => HyperDual.Sin(a[0]));

    public static MathFunction Cos { get; } = M("Cos", a => HyperDual.Cos(a[0]));

    public static MathFunction Tan { get; } = M("Tan", a => HyperDual.Tan(a[0]));

    public static MathFunction Asin { get; } = M("Asin", a => HyperDual.Asin(a[0]));

    public static MathFunction Acos { get; } = M("Acos", a => HyperDual.Acos(a[0]));

    public static MathFunction Atan { get; } = M("Atan", a => HyperDual.Atan(a[0]));

    public static MathFunction Atan2 { get; } = M("Atan2", a => HyperDual.Atan2(a[0], a[1]), 2);

    public static MathFunction Sinh { get; } = M("Sinh", a => HyperDual.Sinh(a[0]));

    public static MathFunction Cosh { get; } = M("Cosh", a => HyperDual.Cosh(a[0]));

    public static MathFunction Tanh { get; } = M("Tanh", a => HyperDual.Tanh(a[0]));

    public static MathFunction Asinh { get; } = M("Asinh", a => HyperDual.Asinh(a[0]));

    public static MathFunction Acosh { get; } = M("Acosh", a => HyperDual.Acosh(a[0]));

    public static MathFunction Atanh { get; } = M("Atanh", a => HyperDual.Atanh(a[0]));

    public static MathFunction Exp { get; } = M("Exp", a => HyperDual.Exp(a[0]));

    public static MathFunction Log { get; } = M("Log", a => HyperDual.Log(a[0]));

    /// <summary><c>Math.Log(a, newBase)</c>.</summary>
    public static MathFunction LogBase { get; } = M("Log", a => HyperDual.Log(a[0], a[1]), 2);

    public static MathFunction Log10 { get; } = M("Log10", a => HyperDual.Log10(a[0]));

    public static MathFunction Log2 { get; } = M("Log2", a => HyperDual.Log2(a[0]));

    public static MathFunction Sqrt { get; } = M("Sqrt", a => HyperDual.Sqrt(a[0]));

    public static MathFunction Cbrt { get; } = M("Cbrt", a => HyperDual.Cbrt(a[0]));

    public static MathFunction Pow { get; } = M("Pow", a => HyperDual.Pow(a[0], a[1]), 2);

    public static MathFunction Abs { get; } = M("Abs", a => HyperDual.Abs(a[0]), 1, AtZero);

    public static MathFunction Max { get; } = M("Max", a => HyperDual.Max(a[0], a[1]), 2, (v, s) => s.Boundary(v[0], v[1]));

    public static MathFunction Min { get; } = M("Min", a => HyperDual.Min(a[0], a[1]), 2, (v, s) => s.Boundary(v[0], v[1]));

    public static MathFunction Clamp { get; } = M("Clamp", a => HyperDual.Clamp(a[0], a[1], a[2]), 3, (v, s) =>
    {
        s.Boundary(v[0], v[1]);
        s.Boundary(v[0], v[2]);
    });

    public static MathFunction Sign { get; } = M("Sign", a => HyperDual.Sign(a[0]), 1, AtZero);

    public static MathFunction Floor { get; } = M("Floor", a => HyperDual.Floor(a[0]), 1, AtInteger);

    public static MathFunction Ceiling { get; } = M("Ceiling", a => HyperDual.Ceiling(a[0]), 1, AtInteger);

    public static MathFunction Truncate { get; } = M("Truncate", a => HyperDual.Truncate(a[0]), 1, AtInteger);

    /// <summary><c>Math.Round</c> jumps at half-integers.</summary>
    public static MathFunction Round { get; } = M("Round", a => HyperDual.Round(a[0]), 1, (v, s) => s.Boundary(v[0], Math.Floor(v[0].V) + 0.5));

    public static MathFunction FusedMultiplyAdd { get; } = M("FusedMultiplyAdd", a => HyperDual.FusedMultiplyAdd(a[0], a[1], a[2]), 3);

    public static MathFunction Sigmoid { get; } = S("Sigmoid", a => HyperDual.Sigmoid(a[0]));

    public static MathFunction Softplus { get; } = S("Softplus", a => HyperDual.Softplus(a[0]));

    public static MathFunction Relu { get; } = S("Relu", a => HyperDual.Relu(a[0]), 1, AtZero);

    public static MathFunction LeakyRelu { get; } = S("LeakyRelu", a => HyperDual.LeakyRelu(a[0], a[1]), 2, (v, s) => s.Boundary(v[0], 0));

    public static MathFunction Square { get; } = S("Square", a => HyperDual.Square(a[0]));

    /// <summary><c>Math</c> or <c>SymMath</c>.</summary>
    public string Home { get; }

    public string Name { get; }

    public int Arity { get; }

    public HyperDual Eval(HyperDual[] args) => _eval(args);

    /// <summary>Records the distance of the arguments from this function's non-smooth points, if it has any.</summary>
    public void Boundary(HyperDual[] args, EvalState state) => _boundary?.Invoke(args, state);

    public override string ToString() => Home + "." + Name;

    private static void AtZero(HyperDual[] v, EvalState s) => s.Boundary(v[0], 0);

    private static void AtInteger(HyperDual[] v, EvalState s) => s.Boundary(v[0], Math.Round(v[0].V));

    private static MathFunction M(string name, Func<HyperDual[], HyperDual> eval, int arity = 1, Action<HyperDual[], EvalState>? boundary = null) =>
        new("Math", name, arity, eval, boundary);

    private static MathFunction S(string name, Func<HyperDual[], HyperDual> eval, int arity = 1, Action<HyperDual[], EvalState>? boundary = null) =>
        new("SymMath", name, arity, eval, boundary);
}

/// <summary>A statement of a block body.</summary>
internal abstract record Stmt
{
    public abstract void Print(StringBuilder sb, PrintContext context, string indent);

    /// <summary>Runs it; true when it returned (the value in <paramref name="result"/>).</summary>
    public abstract bool Exec(EvalState state, out HyperDual result);

    /// <summary>Smaller statements to put in its place.</summary>
    public abstract IEnumerable<Stmt> Shrink();

    /// <summary>Statement lists to splice in its place (an <c>if</c>'s branches).</summary>
    public virtual IEnumerable<Stmt[]> Splices() => Enumerable.Empty<Stmt[]>();

    public abstract int Size { get; }

    public static bool ExecAll(IEnumerable<Stmt> statements, EvalState state, out HyperDual result)
    {
        foreach (var s in statements)
        {
            if (s.Exec(state, out result))
            {
                return true;
            }
        }

        result = default;
        return false;
    }

    public static void PrintAll(IEnumerable<Stmt> statements, StringBuilder sb, PrintContext context, string indent)
    {
        foreach (var s in statements)
        {
            s.Print(sb, context, indent);
        }
    }

    /// <summary>Shorter or simpler blocks: one statement removed, spliced, or shrunk (well-formedness is checked by the caller).</summary>
    public static IEnumerable<Stmt[]> ShrinkBlock(Stmt[] block)
    {
        for (int i = 0; i < block.Length; i++)
        {
            yield return block.Take(i).Concat(block.Skip(i + 1)).ToArray();
        }

        for (int i = 0; i < block.Length; i++)
        {
            foreach (var splice in block[i].Splices())
            {
                yield return block.Take(i).Concat(splice).Concat(block.Skip(i + 1)).ToArray();
            }
        }

        for (int i = 0; i < block.Length; i++)
        {
            foreach (var s in block[i].Shrink())
            {
                yield return Fn.Replace(block, i, s);
            }
        }
    }
}

/// <summary><c>double name = value;</c></summary>
internal sealed record Declare(string Name, Expr Value) : Stmt
{
    public override void Print(StringBuilder sb, PrintContext context, string indent)
    {
        sb.Append(indent).Append("double ").Append(Name).Append(" = ");
        Value.Print(sb, context);
        sb.Append(";\n");
    }

    public override bool Exec(EvalState state, out HyperDual result)
    {
        state.Doubles[Name] = Value.Eval(state);
        result = default;
        return false;
    }

    public override IEnumerable<Stmt> Shrink() => Value.Shrink().Select(v => this with { Value = v });

    public override int Size => 1 + Value.Size;
}

/// <summary><c>name op value;</c> for op one of <c>= += -= *= /=</c>.</summary>
internal sealed record Assign(string Name, string Op, Expr Value) : Stmt
{
    public override void Print(StringBuilder sb, PrintContext context, string indent)
    {
        sb.Append(indent).Append(Name).Append(' ').Append(Op).Append(' ');
        Value.Print(sb, context);
        sb.Append(";\n");
    }

    public override bool Exec(EvalState state, out HyperDual result)
    {
        var v = Value.Eval(state);
        var old = state.Doubles[Name];
        var updated = Op switch
        {
            "=" => v,
            "+=" => old + v,
            "-=" => old - v,
            "*=" => old * v,
            _ => old / v,
        };
        state.Magnitude(updated);
        state.Doubles[Name] = updated;
        result = default;
        return false;
    }

    public override IEnumerable<Stmt> Shrink() =>
        (Op == "=" ? Enumerable.Empty<Stmt>() : new Stmt[] { this with { Op = "=" } })
            .Concat(Value.Shrink().Select(v => this with { Value = v }));

    public override int Size => 1 + Value.Size;
}

/// <summary><c>return value;</c></summary>
internal sealed record Return(Expr Value) : Stmt
{
    public override void Print(StringBuilder sb, PrintContext context, string indent)
    {
        sb.Append(indent).Append("return ");
        Value.Print(sb, context);
        sb.Append(";\n");
    }

    public override bool Exec(EvalState state, out HyperDual result)
    {
        result = Value.Eval(state);
        return true;
    }

    public override IEnumerable<Stmt> Shrink() => Value.Shrink().Select(v => new Return(v));

    public override int Size => 1 + Value.Size;
}

/// <summary><c>if (test) { then } else { otherwise }</c> (no else when <see cref="Else"/> is null).</summary>
internal sealed record If(Condition Test, Stmt[] Then, Stmt[]? Else) : Stmt
{
    public override void Print(StringBuilder sb, PrintContext context, string indent)
    {
        sb.Append(indent).Append("if (");
        Test.Print(sb, context);
        sb.Append(")\n").Append(indent).Append("{\n");
        PrintAll(Then, sb, context, indent + "    ");
        sb.Append(indent).Append("}\n");
        if (Else is not null)
        {
            sb.Append(indent).Append("else\n").Append(indent).Append("{\n");
            PrintAll(Else, sb, context, indent + "    ");
            sb.Append(indent).Append("}\n");
        }
    }

    public override bool Exec(EvalState state, out HyperDual result)
    {
        if (Test.Eval(state))
        {
            return ExecAll(Then, state, out result);
        }

        if (Else is not null)
        {
            return ExecAll(Else, state, out result);
        }

        result = default;
        return false;
    }

    public override IEnumerable<Stmt[]> Splices() => Else is null ? new[] { Then } : new[] { Then, Else };

    public override IEnumerable<Stmt> Shrink() =>
        (Else is null ? Enumerable.Empty<Stmt>() : new Stmt[] { this with { Else = null } })
            .Concat(Test.Shrink().Select(t => this with { Test = t }))
            .Concat(ShrinkBlock(Then).Select(t => this with { Then = t }))
            .Concat(Else is null ? Enumerable.Empty<Stmt>() : ShrinkBlock(Else).Select(e => this with { Else = e }));

    public override int Size => 1 + Test.Size + Then.Sum(s => s.Size) + (Else?.Sum(s => s.Size) ?? 0);
}

/// <summary>
/// <c>for (int index = start; index &lt; x.Length; index++)</c> over the array parameter (or <c>index &lt;= x.Length - 1</c>
/// when <see cref="Inclusive"/>; the step <c>++i</c> when <see cref="Step"/> is <c>"pre"</c>, <c>i += 1</c> when it is
/// <c>"add"</c>, else <c>i++</c>).
/// The start is a constant, or an enclosing counter plus a constant.
/// </summary>
internal sealed record For(string Index, string? StartCounter, int StartOffset, bool Inclusive, string Step, Stmt[] Body) : Stmt
{
    public override void Print(StringBuilder sb, PrintContext context, string indent)
    {
        string start = StartCounter is null ? StartOffset.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : StartOffset == 0 ? StartCounter : StartCounter + " + " + StartOffset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string bound = Inclusive ? " <= x.Length - 1; " : " < x.Length; ";
        string step = Step == "pre" ? "++" + Index : Step == "add" ? Index + " += 1" : Index + "++";
        sb.Append(indent).Append("for (int ").Append(Index).Append(" = ").Append(start).Append("; ").Append(Index).Append(bound).Append(step).Append(")\n")
            .Append(indent).Append("{\n");
        PrintAll(Body, sb, context, indent + "    ");
        sb.Append(indent).Append("}\n");
    }

    public override bool Exec(EvalState state, out HyperDual result)
    {
        int start = (StartCounter is null ? 0 : state.Ints[StartCounter]) + StartOffset;
        for (int k = start; k < state.Array!.Length; k++)
        {
            state.Ints[Index] = k;
            if (ExecAll(Body, state, out result))
            {
                return true;
            }
        }

        state.Ints.Remove(Index);
        result = default;
        return false;
    }

    public override IEnumerable<Stmt> Shrink() =>
        (StartCounter is null && StartOffset == 0 && !Inclusive && Step == "post" ? Enumerable.Empty<Stmt>()
            : new Stmt[] { this with { StartCounter = null, StartOffset = 0, Inclusive = false, Step = "post" } })
            .Concat(ShrinkBlock(Body).Select(b => this with { Body = b }));

    public override int Size => 1 + Body.Sum(s => s.Size);
}

/// <summary>A method body: <c>=&gt; expression</c> or a block ending in a <c>return</c>.</summary>
internal abstract record Body
{
    /// <summary>Runs it with the parameters already in <paramref name="state"/>.</summary>
    public abstract HyperDual Execute(EvalState state);

    public abstract void Print(StringBuilder sb, PrintContext context);

    /// <summary>Smaller bodies, not necessarily well formed (see <see cref="IsWellFormed"/>).</summary>
    public abstract IEnumerable<Body> Shrink();

    public abstract int Size { get; }

    /// <summary>
    /// Whether it reads only variables in scope (<paramref name="parameters"/>, locals declared before, enclosing
    /// counters), declares no name twice, assigns only declared doubles, has no empty loop and ends in a <c>return</c>.
    /// </summary>
    public abstract bool IsWellFormed(IReadOnlyCollection<string> parameters);

    /// <summary>A <c>[Differentiable] public static double</c> method <paramref name="name"/> and the helpers it calls.</summary>
    public string MethodSource(string name, string parameterList)
    {
        var context = new PrintContext(name);
        var sb = new StringBuilder();
        AppendMethod(sb, name, parameterList, this, context);
        for (int i = 0; i < context.Helpers.Count; i++)
        {
            AppendMethod(sb, context.Helpers[i].Name, "double x, double y", context.Helpers[i].Helper.Body, context);
        }

        return sb.ToString();
    }

    /// <summary>A helper's body run on hyper-dual arguments, in a fresh scope.</summary>
    public HyperDual Run(EvalState state, HyperDual x, HyperDual y)
    {
        state.Doubles["x"] = x;
        state.Doubles["y"] = y;
        return Execute(state);
    }

    private static void AppendMethod(StringBuilder sb, string name, string parameterList, Body body, PrintContext context)
    {
        sb.Append("    [Differentiable]\n    public static double ").Append(name).Append('(').Append(parameterList).Append(')');
        body.Print(sb, context);
        sb.Append('\n');
    }
}

/// <summary><c>=&gt; value;</c></summary>
internal sealed record ExpressionBody(Expr Value) : Body
{
    public override HyperDual Execute(EvalState state) => Value.Eval(state);

    public override void Print(StringBuilder sb, PrintContext context)
    {
        sb.Append(" =>\n        ");
        Value.Print(sb, context);
        sb.Append(";\n");
    }

    public override IEnumerable<Body> Shrink() => Value.Shrink().Select(v => new ExpressionBody(v));

    public override int Size => Value.Size;

    public override bool IsWellFormed(IReadOnlyCollection<string> parameters) => Value.Reads().All(parameters.Contains);
}

/// <summary>A block of statements ending in a <c>return</c>.</summary>
internal sealed record BlockBody(Stmt[] Statements) : Body
{
    public override HyperDual Execute(EvalState state) =>
        Stmt.ExecAll(Statements, state, out var result) ? result : throw new InvalidOperationException("The block did not return.");

    public override void Print(StringBuilder sb, PrintContext context)
    {
        sb.Append("\n    {\n");
        Stmt.PrintAll(Statements, sb, context, "        ");
        sb.Append("    }\n");
    }

    public override IEnumerable<Body> Shrink()
    {
        var candidates = Enumerable.Empty<Body>();
        if (Statements.Length > 0 && Statements[^1] is Return r)
        {
            candidates = new Body[] { new ExpressionBody(r.Value) };
        }

        return candidates.Concat(Stmt.ShrinkBlock(Statements).Select(s => new BlockBody(s)));
    }

    public override int Size => Statements.Sum(s => s.Size);

    public override bool IsWellFormed(IReadOnlyCollection<string> parameters) =>
        Statements.Length > 0 && Statements[^1] is Return
        && WellFormed(Statements, new HashSet<string>(parameters, StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

    private static bool WellFormed(Stmt[] block, HashSet<string> doubles, HashSet<string> counters)
    {
        bool InScope(Expr e) => e.Reads().All(n => doubles.Contains(n) || counters.Contains(n));
        for (int i = 0; i < block.Length; i++)
        {
            bool ok = block[i] switch
            {
                Declare d => InScope(d.Value) && !counters.Contains(d.Name) && doubles.Add(d.Name),
                Assign a => InScope(a.Value) && doubles.Contains(a.Name),
                Return r => InScope(r.Value) && i == block.Length - 1,
                If f => f.Test.Reads().All(n => doubles.Contains(n) || counters.Contains(n))
                    && f.Then.Length > 0 && WellFormed(f.Then, new HashSet<string>(doubles, StringComparer.Ordinal), counters)
                    && (f.Else is null || (f.Else.Length > 0 && WellFormed(f.Else, new HashSet<string>(doubles, StringComparer.Ordinal), counters))),
                For l => l.Body.Length > 0 && (l.StartCounter is null || counters.Contains(l.StartCounter)) && !counters.Contains(l.Index)
                    && WellFormed(l.Body, new HashSet<string>(doubles, StringComparer.Ordinal), new HashSet<string>(counters.Append(l.Index), StringComparer.Ordinal)),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
