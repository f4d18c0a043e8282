using System.Linq;
using SymDiff.Generator.Engine;

namespace SymDiff.Tests.Engine;

/// <summary>One-liners over the engine: parse, simplify, differentiate and print in the engine notation.</summary>
internal static class EngineTestKit
{
    /// <summary>The simplified form of <paramref name="expression"/>.</summary>
    public static string S(string expression, params string[] variables)
        => ExprParser.Parse(new ExprBuilder(), expression, variables).ToString();

    /// <summary>∂<paramref name="expression"/>/∂<paramref name="variable"/> by the reverse sweep.</summary>
    public static string D(string expression, string variable)
    {
        var b = new ExprBuilder();
        var f = ExprParser.Parse(b, expression, variable);
        return new Differentiator(b).Gradient(f, new[] { b.Var(variable, 0) })[0].ToString();
    }

    /// <summary>The gradient over <paramref name="variables"/>, each entry printed.</summary>
    public static string[] Gradient(string expression, params string[] variables)
    {
        var b = new ExprBuilder();
        var f = ExprParser.Parse(b, expression, variables);
        var vars = variables.Select((v, i) => b.Var(v, i)).ToArray();
        return new Differentiator(b).Gradient(f, vars).Select(g => g.ToString()).ToArray();
    }

    /// <summary>The forward derivative (the Hessian's building block), for comparison with <see cref="D"/>.</summary>
    public static string ForwardD(string expression, string variable)
    {
        var b = new ExprBuilder();
        var f = ExprParser.Parse(b, expression, variable);
        return new Differentiator(b).Derivative(new[] { f }, b.Var(variable, 0))[0].ToString();
    }

    /// <summary>
    /// <paramref name="expression"/> parsed into a fresh builder, with the variables <paramref name="variables"/>
    /// numbered in that order (every variable the expression uses must be listed).
    /// </summary>
    public static Parsed Parse(string expression, params string[] variables)
    {
        var b = new ExprBuilder();
        var f = ExprParser.Parse(b, expression, variables);
        var vars = variables.Select((v, i) => b.Var(v, i)).ToArray();
        return new Parsed(b, f, vars);
    }
}

/// <summary>A parsed function with its builder and variables.</summary>
internal sealed class Parsed
{
    public Parsed(ExprBuilder builder, Expr f, Expr[] variables)
    {
        Builder = builder;
        F = f;
        Variables = variables;
    }

    public ExprBuilder Builder { get; }

    public Expr F { get; }

    public Expr[] Variables { get; }

    /// <summary>The reverse-mode gradient.</summary>
    public Expr[] Gradient() => new Differentiator(Builder).Gradient(F, Variables);

    /// <summary>The forward-mode derivative along each variable.</summary>
    public Expr[] ForwardGradient()
    {
        var d = new Differentiator(Builder);
        return Variables.Select(v => d.Derivative(new[] { F }, v)[0]).ToArray();
    }

    /// <summary>The Hessian, forward over reverse, as the generator builds it.</summary>
    public Expr[,] Hessian()
    {
        var d = new Differentiator(Builder);
        return d.Hessian(d.Gradient(F, Variables), Variables);
    }
}
