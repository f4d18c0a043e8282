using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SymDiff.Tests.Numeric;

/// <summary>Variables in scope while a random program runs: parameters and locals, as hyper-duals.</summary>
internal sealed class RandomEnv : Dictionary<string, HyperDual>
{
    public RandomEnv()
        : base(StringComparer.Ordinal)
    {
    }
}

/// <summary>A numeric expression of a random program: prints itself as C# and evaluates itself on hyper-duals.</summary>
internal abstract class RNode
{
    public abstract void Print(StringBuilder sb);

    public abstract HyperDual Eval(RandomEnv env);

    /// <summary>Whether a parameter or local occurs in it (a constant subtree says no).</summary>
    public abstract bool UsesVariables { get; }

    public override string ToString()
    {
        var sb = new StringBuilder();
        Print(sb);
        return sb.ToString();
    }
}

internal sealed class RVar : RNode
{
    public RVar(string name) => Name = name;

    public string Name { get; }

    public override void Print(StringBuilder sb) => sb.Append(Name);

    public override HyperDual Eval(RandomEnv env) => env[Name];

    public override bool UsesVariables => true;
}

internal sealed class RConst : RNode
{
    private readonly string? _text;

    public RConst(double value, string? text = null)
    {
        Value = value;
        _text = text;
    }

    public double Value { get; }

    /// <summary>Always a double literal (never <c>2</c>, which would make <c>1 / 2</c> integer division).</summary>
    public override void Print(StringBuilder sb)
    {
        if (_text is not null)
        {
            sb.Append(_text);
            return;
        }

        sb.Append(NumericKit.DoubleLiteral(Value));
    }

    public override HyperDual Eval(RandomEnv env) => Value;

    public override bool UsesVariables => false;
}

internal sealed class RNeg : RNode
{
    private readonly RNode _a;

    public RNeg(RNode a) => _a = a;

    public override void Print(StringBuilder sb)
    {
        sb.Append("(-");
        _a.Print(sb);
        sb.Append(')');
    }

    public override HyperDual Eval(RandomEnv env) => -_a.Eval(env);

    public override bool UsesVariables => _a.UsesVariables;
}

internal sealed class RBinary : RNode
{
    private readonly char _op;
    private readonly RNode _a;
    private readonly RNode _b;

    public RBinary(char op, RNode a, RNode b)
    {
        _op = op;
        _a = a;
        _b = b;
    }

    public override void Print(StringBuilder sb)
    {
        sb.Append('(');
        _a.Print(sb);
        sb.Append(' ').Append(_op).Append(' ');
        _b.Print(sb);
        sb.Append(')');
    }

    public override bool UsesVariables => _a.UsesVariables || _b.UsesVariables;

    public override HyperDual Eval(RandomEnv env)
    {
        var a = _a.Eval(env);
        var b = _b.Eval(env);
        return _op switch
        {
            '+' => a + b,
            '-' => a - b,
            '*' => a * b,
            _ => a / b,
        };
    }
}

/// <summary>A call of <c>Math.Name</c> or <c>SymMath.Name</c>; <c>Math.Sign</c> (an int) is printed with a cast.</summary>
internal sealed class RCall : RNode
{
    private readonly string _home;
    private readonly string _name;
    private readonly Func<HyperDual[], HyperDual> _eval;
    private readonly RNode[] _args;

    public RCall(string home, string name, Func<HyperDual[], HyperDual> eval, params RNode[] args)
    {
        _home = home;
        _name = name;
        _eval = eval;
        _args = args;
    }

    public override void Print(StringBuilder sb)
    {
        if (_name == "Sign")
        {
            sb.Append("((double)");
        }

        sb.Append(_home).Append('.').Append(_name).Append('(');
        for (int i = 0; i < _args.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            _args[i].Print(sb);
        }

        sb.Append(')');
        if (_name == "Sign")
        {
            sb.Append(')');
        }
    }

    public override HyperDual Eval(RandomEnv env) => _eval(_args.Select(a => a.Eval(env)).ToArray());

    public override bool UsesVariables => _args.Any(a => a.UsesVariables);
}

/// <summary>A call of another random [Differentiable] method of the batch (the generator inlines it).</summary>
internal sealed class RUserCall : RNode
{
    private readonly RandomProgram _callee;
    private readonly RNode _a;
    private readonly RNode _b;

    public RUserCall(RandomProgram callee, RNode a, RNode b)
    {
        _callee = callee;
        _a = a;
        _b = b;
    }

    public override void Print(StringBuilder sb)
    {
        sb.Append(_callee.Name).Append('(');
        _a.Print(sb);
        sb.Append(", ");
        _b.Print(sb);
        sb.Append(')');
    }

    public override HyperDual Eval(RandomEnv env) => _callee.Evaluate(_a.Eval(env), _b.Eval(env));

    public override bool UsesVariables => _a.UsesVariables || _b.UsesVariables;
}

internal sealed class RConditional : RNode
{
    private readonly RBool _condition;
    private readonly RNode _whenTrue;
    private readonly RNode _whenFalse;

    public RConditional(RBool condition, RNode whenTrue, RNode whenFalse)
    {
        _condition = condition;
        _whenTrue = whenTrue;
        _whenFalse = whenFalse;
    }

    public override void Print(StringBuilder sb)
    {
        sb.Append('(');
        _condition.Print(sb);
        sb.Append(" ? ");
        _whenTrue.Print(sb);
        sb.Append(" : ");
        _whenFalse.Print(sb);
        sb.Append(')');
    }

    // Only the branch taken is evaluated, as in C#: its derivatives are the derivatives (the documented convention).
    public override HyperDual Eval(RandomEnv env) => _condition.Eval(env) ? _whenTrue.Eval(env) : _whenFalse.Eval(env);

    public override bool UsesVariables => _whenTrue.UsesVariables || _whenFalse.UsesVariables;
}

/// <summary>A condition: a comparison of numbers, or &amp;&amp; || ! of conditions.</summary>
internal abstract class RBool
{
    public abstract void Print(StringBuilder sb);

    public abstract bool Eval(RandomEnv env);
}

internal sealed class RCompare : RBool
{
    private readonly string _op;
    private readonly RNode _a;
    private readonly RNode _b;

    public RCompare(string op, RNode a, RNode b)
    {
        _op = op;
        _a = a;
        _b = b;
    }

    public override void Print(StringBuilder sb)
    {
        sb.Append('(');
        _a.Print(sb);
        sb.Append(' ').Append(_op).Append(' ');
        _b.Print(sb);
        sb.Append(')');
    }

    public override bool Eval(RandomEnv env)
    {
        double a = _a.Eval(env).V, b = _b.Eval(env).V;
        return _op switch
        {
            "<" => a < b,
            "<=" => a <= b,
            ">" => a > b,
            ">=" => a >= b,
            "==" => a == b,
            _ => a != b,
        };
    }
}

internal sealed class RLogic : RBool
{
    private readonly string _op;
    private readonly RBool _a;
    private readonly RBool? _b;

    public RLogic(string op, RBool a, RBool? b = null)
    {
        _op = op;
        _a = a;
        _b = b;
    }

    public override void Print(StringBuilder sb)
    {
        sb.Append('(');
        if (_b is null)
        {
            sb.Append('!');
            _a.Print(sb);
        }
        else
        {
            _a.Print(sb);
            sb.Append(' ').Append(_op).Append(' ');
            _b.Print(sb);
        }

        sb.Append(')');
    }

    public override bool Eval(RandomEnv env) => _op switch
    {
        "&&" => _a.Eval(env) && _b!.Eval(env),
        "||" => _a.Eval(env) || _b!.Eval(env),
        _ => !_a.Eval(env),
    };
}

/// <summary>A statement of a block body; <see cref="Exec"/> returns true when it returned (the value in result).</summary>
internal abstract class RStatement
{
    public abstract void Print(StringBuilder sb, string indent);

    public abstract bool Exec(RandomEnv env, out HyperDual result);

    public static bool ExecAll(IEnumerable<RStatement> statements, RandomEnv env, out HyperDual result)
    {
        foreach (var s in statements)
        {
            if (s.Exec(env, out result))
            {
                return true;
            }
        }

        result = default;
        return false;
    }
}

/// <summary><c>double t = e;</c> or <c>t op= e;</c> (op one of = + - * /).</summary>
internal sealed class RAssign : RStatement
{
    private readonly bool _declare;
    private readonly string _name;
    private readonly string _op;
    private readonly RNode _value;

    public RAssign(bool declare, string name, string op, RNode value)
    {
        _declare = declare;
        _name = name;
        _op = op;
        _value = value;
    }

    public override void Print(StringBuilder sb, string indent)
    {
        sb.Append(indent).Append(_declare ? "double " : string.Empty).Append(_name).Append(' ').Append(_op).Append(' ');
        _value.Print(sb);
        sb.Append(";\n");
    }

    public override bool Exec(RandomEnv env, out HyperDual result)
    {
        var v = _value.Eval(env);
        env[_name] = _op switch
        {
            "=" => v,
            "+=" => env[_name] + v,
            "-=" => env[_name] - v,
            "*=" => env[_name] * v,
            _ => env[_name] / v,
        };
        result = default;
        return false;
    }
}

internal sealed class RReturn : RStatement
{
    private readonly RNode _value;

    public RReturn(RNode value) => _value = value;

    public override void Print(StringBuilder sb, string indent)
    {
        sb.Append(indent).Append("return ");
        _value.Print(sb);
        sb.Append(";\n");
    }

    public override bool Exec(RandomEnv env, out HyperDual result)
    {
        result = _value.Eval(env);
        return true;
    }
}

internal sealed class RIf : RStatement
{
    private readonly RBool _condition;
    private readonly RStatement[] _then;
    private readonly RStatement[]? _else;

    public RIf(RBool condition, RStatement[] then, RStatement[]? otherwise)
    {
        _condition = condition;
        _then = then;
        _else = otherwise;
    }

    public override void Print(StringBuilder sb, string indent)
    {
        sb.Append(indent).Append("if (");
        _condition.Print(sb);
        sb.Append(")\n").Append(indent).Append("{\n");
        foreach (var s in _then)
        {
            s.Print(sb, indent + "    ");
        }

        sb.Append(indent).Append("}\n");
        if (_else is not null)
        {
            sb.Append(indent).Append("else\n").Append(indent).Append("{\n");
            foreach (var s in _else)
            {
                s.Print(sb, indent + "    ");
            }

            sb.Append(indent).Append("}\n");
        }
    }

    public override bool Exec(RandomEnv env, out HyperDual result)
    {
        if (_condition.Eval(env))
        {
            return ExecAll(_then, env, out result);
        }

        if (_else is not null)
        {
            return ExecAll(_else, env, out result);
        }

        result = default;
        return false;
    }
}

/// <summary>A random <c>[Differentiable] static double Name(double x, double y)</c>: an expression body or a block body.</summary>
internal sealed class RandomProgram
{
    private readonly RNode? _expressionBody;
    private readonly RStatement[] _body;

    public RandomProgram(string name, RNode expressionBody)
    {
        Name = name;
        _expressionBody = expressionBody;
        _body = Array.Empty<RStatement>();
    }

    public RandomProgram(string name, RStatement[] body)
    {
        Name = name;
        _body = body;
    }

    public string Name { get; }

    /// <summary>The method declaration, indented for a class body.</summary>
    public string Source
    {
        get
        {
            var sb = new StringBuilder();
            sb.Append("    [Differentiable]\n    public static double ").Append(Name).Append("(double x, double y)");
            if (_expressionBody is not null)
            {
                sb.Append(" =>\n        ");
                _expressionBody.Print(sb);
                sb.Append(";\n");
                return sb.ToString();
            }

            sb.Append("\n    {\n");
            foreach (var s in _body)
            {
                s.Print(sb, "        ");
            }

            sb.Append("    }\n");
            return sb.ToString();
        }
    }

    /// <summary>
    /// Value, gradient and row-major Hessian at (x, y) by three hyper-dual evaluations: seeds (e_x, e_x) give f_x and
    /// f_xx, (e_x, e_y) give f_y and f_xy, (e_y, e_y) give f_yy.
    /// </summary>
    public (double Value, double[] Gradient, double[] Hessian) Reference(double x, double y)
    {
        var xx = Evaluate(new HyperDual(x, 1, 1), new HyperDual(y));
        var xy = Evaluate(new HyperDual(x, 1, 0), new HyperDual(y, 0, 1));
        var yy = Evaluate(new HyperDual(x), new HyperDual(y, 1, 1));
        return (xx.V, new[] { xx.A, xy.B }, new[] { xx.AB, xy.AB, xy.AB, yy.AB });
    }

    /// <summary>Runs the program on hyper-dual arguments (also how a caller evaluates a call of it).</summary>
    public HyperDual Evaluate(HyperDual x, HyperDual y)
    {
        var env = new RandomEnv { ["x"] = x, ["y"] = y };
        if (_expressionBody is not null)
        {
            return _expressionBody.Eval(env);
        }

        return RStatement.ExecAll(_body, env, out var result)
            ? result
            : throw new InvalidOperationException($"{Name} did not return");
    }
}

/// <summary>
/// Generates random programs over x and y from every function SymDiff knows, with arguments shaped to stay inside
/// their domains (<c>Math.Log(1 + u*u)</c>, <c>Math.Sqrt(2 + Math.Sin(u))</c>, <c>Math.Asin(0.9 * Math.Sin(u))</c>,
/// denominators bounded away from 0, ...), and conditions, locals, compound assignments and early returns.
/// </summary>
internal sealed class RandomProgramGenerator
{
    private static readonly double[] Constants = { 0.5, 2.0, 3.0, 1.25, -0.75, 0.1, -2.0, 1.5 };
    private readonly Random _rng;
    private readonly List<RandomProgram> _callees = new();
    private List<string> _scope = new() { "x", "y" };

    public RandomProgramGenerator(int seed) => _rng = new Random(seed);

    /// <summary>
    /// Makes <paramref name="program"/> callable by the programs generated afterwards (a helper may itself call earlier
    /// helpers, so calls chain two or three deep).
    /// </summary>
    public void AddCallee(RandomProgram program) => _callees.Add(program);

    public RandomProgram Next(string name)
    {
        _scope = new List<string> { "x", "y" };
        return _rng.NextDouble() < 0.5
            ? new RandomProgram(name, Varying(_rng.Next(2, 6)))
            : new RandomProgram(name, Block());
    }

    private RStatement[] Block()
    {
        var body = new List<RStatement>();
        int locals = _rng.Next(1, 4);
        for (int i = 0; i < locals; i++)
        {
            var value = Varying(_rng.Next(1, 4));
            string name = "t" + i.ToString(CultureInfo.InvariantCulture);
            body.Add(new RAssign(true, name, "=", value));
            _scope.Add(name);
        }

        int steps = _rng.Next(0, 4);
        for (int i = 0; i < steps; i++)
        {
            body.Add(_rng.Next(5) switch
            {
                0 => EarlyReturn(),
                1 => new RIf(Condition(2), new[] { Assignment() }, _rng.Next(2) == 0 ? new[] { Assignment() } : null),
                _ => Assignment(),
            });
        }

        // The result uses every local (the value of each, as last assigned), so none is dead code.
        RNode result = Varying(_rng.Next(1, 4));
        for (int i = 2; i < _scope.Count; i++)
        {
            RNode local = new RVar(_scope[i]);
            result = new RBinary(Pick('+', '-', '*'), result, _rng.Next(3) == 0 ? UnaryOf(local) : local);
        }

        body.Add(new RReturn(result));
        return body.ToArray();
    }

    /// <summary>An expression that depends on a parameter or local (constant expressions are redrawn).</summary>
    private RNode Varying(int depth)
    {
        for (int attempt = 0; ; attempt++)
        {
            var e = Expr(depth);
            if (e.UsesVariables || attempt == 20)
            {
                return e;
            }
        }
    }

    private RStatement EarlyReturn() =>
        new RIf(Condition(2), new RStatement[] { new RReturn(Expr(2)) }, _rng.Next(3) == 0 ? new[] { Assignment() } : null);

    private RStatement Assignment()
    {
        // Mostly locals; sometimes a parameter (reassigning a parameter is allowed in a [Differentiable] body).
        string target = _rng.Next(6) == 0 ? Pick("x", "y") : _scope[_rng.Next(2, _scope.Count)];
        return _rng.Next(5) switch
        {
            0 => new RAssign(false, target, "=", Expr(2)),
            1 => new RAssign(false, target, "+=", Expr(2)),
            2 => new RAssign(false, target, "-=", Expr(2)),
            3 => new RAssign(false, target, "*=", Expr(1)),
            _ => new RAssign(false, target, "/=", Denominator(1)),
        };
    }

    private RNode Expr(int depth)
    {
        if (depth <= 0 || _rng.NextDouble() < 0.15)
        {
            return Leaf();
        }

        int d = depth - 1;
        return _rng.Next(20) switch
        {
            0 or 1 => new RBinary('+', Expr(d), Expr(d)),
            2 or 3 => new RBinary('-', Expr(d), Expr(d)),
            4 or 5 => new RBinary('*', Expr(d), Expr(d)),
            6 => _rng.Next(3) == 0 ? new RBinary('/', Expr(d), new RConst(Pick(3.0, 10.0, -7.0, 0.5, 4.0))) : new RBinary('/', Expr(d), Denominator(d)),
            7 => new RNeg(Expr(d)),
            8 => Conditional(d),
            >= 9 and <= 14 => Unary(d),
            _ => Multi(d),
        };
    }

    private RNode Leaf()
    {
        int k = _rng.Next(16);
        if (k < 12)
        {
            // Parameters as often as all locals together.
            return new RVar(k % 2 == 0 ? _scope[_rng.Next(2)] : _scope[_rng.Next(_scope.Count)]);
        }

        if (k == 12)
        {
            return _rng.Next(2) == 0 ? new RConst(Math.PI, "Math.PI") : new RConst(Math.E, "Math.E");
        }

        return new RConst(Constants[_rng.Next(Constants.Length)]);
    }

    private RNode Conditional(int depth) => new RConditional(Condition(depth), Expr(depth), Expr(depth));

    private RBool Condition(int depth)
    {
        RBool Compare() => new RCompare(Pick("<", "<=", ">", ">=", "!=", "=="), Expr(Math.Max(0, depth - 1)), Expr(Math.Max(0, depth - 1)));
        return _rng.Next(6) switch
        {
            0 => new RLogic("&&", Compare(), Compare()),
            1 => new RLogic("||", Compare(), Compare()),
            2 => new RLogic("!", Compare()),
            _ => Compare(),
        };
    }

    // ----- functions, with arguments shaped into their domains -----

    private static RNode Add(double k, RNode u) => new RBinary('+', new RConst(k), u);

    private static RNode Times(double k, RNode u) => new RBinary('*', new RConst(k), u);

    private static RNode Sq(RNode u) => new RBinary('*', u, u);

    private static RNode M(string name, Func<HyperDual[], HyperDual> eval, params RNode[] args) => new RCall("Math", name, eval, args);

    private static RNode S(string name, Func<HyperDual[], HyperDual> eval, params RNode[] args) => new RCall("SymMath", name, eval, args);

    private static RNode Sin(RNode u) => M("Sin", a => HyperDual.Sin(a[0]), u);

    private static RNode Cos(RNode u) => M("Cos", a => HyperDual.Cos(a[0]), u);

    private static RNode Tanh(RNode u) => M("Tanh", a => HyperDual.Tanh(a[0]), u);

    private static RNode Sigmoid(RNode u) => S("Sigmoid", a => HyperDual.Sigmoid(a[0]), u);

    /// <summary>A value in roughly [−1, 1], whatever u is.</summary>
    private RNode Bounded(RNode u) => _rng.Next(4) switch
    {
        0 => Sin(u),
        1 => Cos(u),
        2 => Tanh(u),
        _ => M("Exp", a => HyperDual.Exp(a[0]), new RNeg(Sq(u))),
    };

    /// <summary>A value bounded below by a positive constant, whatever u is.</summary>
    private RNode Positive(RNode u) => _rng.Next(6) switch
    {
        0 => Add(1, Sq(u)),
        1 => Add(2, Sin(u)),
        2 => Add(1.5, Tanh(u)),
        3 => Add(1, M("Abs", a => HyperDual.Abs(a[0]), u)),
        4 => Add(0.5, Sigmoid(u)),
        _ => M("Exp", a => HyperDual.Exp(a[0]), Sin(u)),
    };

    /// <summary>A value in roughly [0.5, 3], whatever u is: a base for powers that keeps them well conditioned.</summary>
    private RNode BoundedPositive(RNode u) => _rng.Next(4) switch
    {
        0 => Add(2, Sin(u)),
        1 => Add(1.5, Tanh(u)),
        2 => Add(0.5, Sigmoid(u)),
        _ => M("Exp", a => HyperDual.Exp(a[0]), Sin(u)),
    };

    private RNode Denominator(int depth) => Positive(Expr(depth));

    private RNode Unary(int d) => UnaryOf(Expr(d));

    private RNode UnaryOf(RNode u)
    {
        return _rng.Next(33) switch
        {
            0 => Sin(u),
            1 => Cos(u),
            2 => M("Tan", a => HyperDual.Tan(a[0]), Sin(u)),
            3 => M("Asin", a => HyperDual.Asin(a[0]), Times(0.9, Bounded(u))),
            4 => M("Acos", a => HyperDual.Acos(a[0]), Times(0.8, Bounded(u))),
            5 => M("Atan", a => HyperDual.Atan(a[0]), u),
            6 => M("Sinh", a => HyperDual.Sinh(a[0]), Bounded(u)),
            7 => M("Cosh", a => HyperDual.Cosh(a[0]), Bounded(u)),
            8 => Tanh(u),
            9 => M("Asinh", a => HyperDual.Asinh(a[0]), u),
            10 => M("Acosh", a => HyperDual.Acosh(a[0]), Add(1.5, Sq(u))),
            11 => M("Atanh", a => HyperDual.Atanh(a[0]), Times(0.9, Bounded(u))),
            12 => M("Exp", a => HyperDual.Exp(a[0]), Bounded(u)),
            13 => M("Log", a => HyperDual.Log(a[0]), Positive(u)),
            14 => M("Log10", a => HyperDual.Log10(a[0]), Positive(u)),
            15 => M("Log2", a => HyperDual.Log2(a[0]), Positive(u)),
            16 => M("Sqrt", a => HyperDual.Sqrt(a[0]), Positive(u)),
            17 => M("Cbrt", a => HyperDual.Cbrt(a[0]), _rng.Next(2) == 0 ? Positive(u) : new RBinary('-', Sin(u), new RConst(2))),
            18 => M("Abs", a => HyperDual.Abs(a[0]), u),
            19 => M("Sign", a => HyperDual.Sign(a[0]), u),
            20 => M("Floor", a => HyperDual.Floor(a[0]), u),
            21 => M("Ceiling", a => HyperDual.Ceiling(a[0]), u),
            22 => M("Round", a => HyperDual.Round(a[0]), u),
            23 => M("Truncate", a => HyperDual.Truncate(a[0]), u),
            24 => Sigmoid(u),
            25 => S("Softplus", a => HyperDual.Softplus(a[0]), u),
            26 => S("Relu", a => HyperDual.Relu(a[0]), u),
            27 => S("LeakyRelu", a => HyperDual.LeakyRelu(a[0], a[1]), u, new RConst(0.1)),
            28 => S("Square", a => HyperDual.Square(a[0]), u),
            29 => M("Pow", a => HyperDual.Pow(a[0], a[1]), u, new RConst(_rng.Next(2) == 0 ? 2 : 3)),
            30 => M("Pow", a => HyperDual.Pow(a[0], a[1]), BoundedPositive(u), new RConst(Pick(0.5, -1.5, 2.5, -1.0))),
            31 => M("Sqrt", a => HyperDual.Sqrt(a[0]), Add(2, Cos(u))),
            _ => M("Exp", a => HyperDual.Exp(a[0]), Times(0.5, Bounded(u))),
        };
    }

    private RNode Multi(int d)
    {
        RNode u = Expr(d), w = Expr(d);
        if (_callees.Count > 0 && _rng.Next(8) == 0)
        {
            return new RUserCall(_callees[_rng.Next(_callees.Count)], u, w);
        }

        return _rng.Next(11) switch
        {
            0 => M("Atan2", a => HyperDual.Atan2(a[0], a[1]), u, Add(1.5, Cos(w))),
            1 => M("Atan2", a => HyperDual.Atan2(a[0], a[1]), Sin(u), new RBinary('-', Cos(w), new RConst(2))),
            2 => M("Pow", a => HyperDual.Pow(a[0], a[1]), BoundedPositive(u), Times(2, Bounded(w))),
            3 => M("Log", a => HyperDual.Log(a[0], a[1]), Positive(u), Add(3, Sin(w))),
            4 => M("Max", a => HyperDual.Max(a[0], a[1]), u, w),
            5 => M("Min", a => HyperDual.Min(a[0], a[1]), u, w),
            6 => M("Clamp", a => HyperDual.Clamp(a[0], a[1], a[2]), u, new RConst(-1), new RConst(1)),
            7 => M("Clamp", a => HyperDual.Clamp(a[0], a[1], a[2]), u, new RBinary('-', Sin(w), new RConst(1)), Add(1, Sin(w))),
            8 => S("LeakyRelu", a => HyperDual.LeakyRelu(a[0], a[1]), u, Sigmoid(w)),
            9 => M("FusedMultiplyAdd", a => HyperDual.FusedMultiplyAdd(a[0], a[1], a[2]), u, w, Expr(Math.Max(0, d - 1))),
            _ => new RBinary('*', M("Sign", a => HyperDual.Sign(a[0]), u), w),
        };
    }

    private T Pick<T>(params T[] options) => options[_rng.Next(options.Length)];
}
