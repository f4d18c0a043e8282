using System;
using System.Collections.Generic;
using System.Globalization;

namespace SymDiff.Generator.Engine;

/// <summary>Thrown by <see cref="ExprParser"/> for text that is not an expression.</summary>
internal sealed class ExprSyntaxException : Exception
{
    public ExprSyntaxException(string message, int position)
        : base($"{message} at position {position}")
    {
    }
}

/// <summary>
/// Reads the engine's ASCII notation (what <see cref="ExprPrinter.Engine"/> writes) into a builder, so engine tests
/// and tools can be one-liners: <c>x*sin(x) + x^2/y</c>, <c>x &gt; 0 ? x : -x</c>, <c>sigmoid(y)</c>,
/// <c>sqrt(x)</c>, <c>pow(x, y)</c>, <c>log(x, b)</c>. Precedence as in C#, with <c>^</c> binding tightest.
/// </summary>
internal sealed class ExprParser
{
    private readonly ExprBuilder _b;
    private readonly Func<string, Expr> _variable;
    private readonly string _text;
    private int _pos;

    private ExprParser(ExprBuilder b, string text, Func<string, Expr> variable)
    {
        _b = b;
        _text = text;
        _variable = variable;
    }

    /// <summary>Parses <paramref name="text"/>; identifiers are resolved by <paramref name="variable"/>.</summary>
    public static Expr Parse(ExprBuilder b, string text, Func<string, Expr> variable)
    {
        var parser = new ExprParser(b, text, variable);
        var e = parser.Conditional();
        parser.SkipSpace();
        if (parser._pos != text.Length)
        {
            throw new ExprSyntaxException($"unexpected '{text[parser._pos]}'", parser._pos);
        }

        return e;
    }

    /// <summary>Parses with variables numbered in the order of <paramref name="variables"/> (others in order of appearance).</summary>
    public static Expr Parse(ExprBuilder b, string text, params string[] variables)
    {
        var known = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var name in variables)
        {
            known[name] = b.Var(name, known.Count);
        }

        return Parse(b, text, name => known.TryGetValue(name, out var v) ? v : known[name] = b.Var(name, known.Count));
    }

    private Expr Conditional()
    {
        var c = Or();
        if (!Accept("?"))
        {
            return c;
        }

        var whenTrue = Conditional();
        Expect(":");
        var whenFalse = Conditional();
        return _b.Select(c, whenTrue, whenFalse);
    }

    private Expr Or()
    {
        var e = And();
        while (Accept("||"))
        {
            e = _b.Or(e, And());
        }

        return e;
    }

    private Expr And()
    {
        var e = Comparison();
        while (Accept("&&"))
        {
            e = _b.And(e, Comparison());
        }

        return e;
    }

    private Expr Comparison()
    {
        var e = Additive();
        foreach (var (symbol, op) in Comparisons)
        {
            if (Accept(symbol))
            {
                return _b.Compare(op, e, Additive());
            }
        }

        return e;
    }

    private static readonly (string, Op)[] Comparisons =
    {
        ("<=", Op.LessEqual), (">=", Op.GreaterEqual), ("==", Op.Equal), ("!=", Op.NotEqual),
        ("<", Op.Less), (">", Op.Greater),
    };

    private Expr Additive()
    {
        var e = Multiplicative();
        while (true)
        {
            if (Accept("+"))
            {
                e = _b.Add(e, Multiplicative());
            }
            else if (Accept("-"))
            {
                e = _b.Sub(e, Multiplicative());
            }
            else
            {
                return e;
            }
        }
    }

    private Expr Multiplicative()
    {
        var e = Unary();
        while (true)
        {
            if (Accept("*"))
            {
                e = _b.Mul(e, Unary());
            }
            else if (Accept("/"))
            {
                e = _b.Div(e, Unary());
            }
            else
            {
                return e;
            }
        }
    }

    private Expr Unary()
    {
        if (Accept("-"))
        {
            return _b.Neg(Unary());
        }

        if (Accept("!"))
        {
            return _b.Not(Unary());
        }

        return PowerExpr();
    }

    private Expr PowerExpr()
    {
        var e = Primary();
        return Accept("^") ? _b.Pow(e, Unary()) : e; // right-associative, -x^2 = -(x^2), x^-1 allowed
    }

    private Expr Primary()
    {
        SkipSpace();
        if (Accept("("))
        {
            var e = Conditional();
            Expect(")");
            return e;
        }

        int start = _pos;
        if (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.'))
        {
            while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.'
                || ((_text[_pos] is 'e' or 'E') && _pos + 1 < _text.Length && (char.IsDigit(_text[_pos + 1]) || _text[_pos + 1] is '-' or '+'))
                || ((_text[_pos] is '-' or '+') && _text[_pos - 1] is 'e' or 'E')))
            {
                _pos++;
            }

            var literal = _text.Substring(start, _pos - start);
            if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new ExprSyntaxException($"bad number '{literal}'", start);
            }

            return _b.Const(value);
        }

        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '@'))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw new ExprSyntaxException(_pos < _text.Length ? $"unexpected '{_text[_pos]}'" : "unexpected end", start);
        }

        var name = _text.Substring(start, _pos - start);
        if (Accept("("))
        {
            var args = new List<Expr>();
            if (!Accept(")"))
            {
                do
                {
                    args.Add(Conditional());
                }
                while (Accept(","));
                Expect(")");
            }

            return Call(name, args, start);
        }

        return name switch
        {
            "true" => _b.True,
            "false" => _b.False,
            "nan" => _b.Const(double.NaN),
            "inf" => _b.Const(double.PositiveInfinity),
            _ => _variable(name),
        };
    }

    private Expr Call(string name, List<Expr> args, int position)
    {
        switch (name, args.Count)
        {
            case ("sqrt", 1):
                return _b.Pow(args[0], _b.Const(0.5));
            case ("pow", 2):
                return _b.Pow(args[0], args[1]);
            case ("log", 2):
                return _b.Div(_b.Call(Fn.Log, args[0]), _b.Call(Fn.Log, args[1]));
        }

        if (!FnInfo.TryGet(name, out var info))
        {
            throw new ExprSyntaxException($"unknown function '{name}'", position);
        }

        if (info.Arity != args.Count)
        {
            throw new ExprSyntaxException($"'{name}' takes {info.Arity} argument(s)", position);
        }

        return _b.Call(info.Fn, args.ToArray());
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private bool Accept(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0)
        {
            return false;
        }

        // '<' must not eat the first half of '<=', '|' of '||' is whole, '-' of a number stays unary here.
        if (token.Length == 1 && _pos + 1 < _text.Length && token is "<" or ">" or "=" or "!" && _text[_pos + 1] == '=')
        {
            return false;
        }

        _pos += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new ExprSyntaxException($"expected '{token}'", _pos);
        }
    }
}
