using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generator;
using SymDiff.Generator.Engine;

namespace SymDiff.Benchmarks;

/// <summary>
/// Expression size (issue 7): the operations in the generated FGradient and FHessian against those of F, and against
/// the same derivatives written out as trees (the engine's simplified expressions with every shared subexpression
/// counted each time it is used, i.e. without CSE). An operation is a binary arithmetic operator, a unary minus, a
/// compound assignment or a call; constants and variables are free. What simplification alone saves is not
/// measured: the engine simplifies as it builds, and has no unsimplified mode.
/// </summary>
public static class GeneratorExpressionSizes
{
    /// <summary>Writes one line per method (lines starting <c>// ExpressionSize</c>): the seed function and the large method.</summary>
    /// <param name="output">Receives the report.</param>
    public static void Report(TextWriter output)
    {
        Report(output, "seed f(x, y)", GeneratorCostSources.TypicalMethods(1)[0]);
        Report(output, "seed variant log-sum-exp", GeneratorCostSources.TypicalMethods(4)[0], "L3");
        Report(output, "large f(x, y, z, w), 50 terms", GeneratorCostSources.LargeMethod());
    }

    private static void Report(TextWriter output, string label, string source, string? methodName = null)
    {
        Compilation compilation = GeneratorCostSources.CreateCompilation(new[] { source });
        MethodDeclarationSyntax function = compilation.SyntaxTrees.First().GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .First(m => methodName is null || m.Identifier.Text == methodName);
        string name = function.Identifier.Text;
        string[] variables = function.ParameterList.Parameters.Select(p => p.Identifier.Text).ToArray();

        GeneratorRunResult run = GeneratorCostSources.CreateDriver(new DifferentiableGenerator()).RunGenerators(compilation).GetRunResult().Results[0];
        var generated = run.GeneratedSources.SelectMany(s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()).ToArray();
        long Generated(string suffix) => Operations(generated.Single(m => m.Identifier.Text == name + suffix));

        // The same function for the engine: Math.Exp(…) → exp(…), and so on.
        string text = Regex.Replace(function.ExpressionBody!.Expression.ToString(), @"Math\.(\w+)", m => m.Groups[1].Value.ToLowerInvariant());
        var builder = new ExprBuilder();
        Expr f = ExprParser.Parse(builder, text, variables);
        Expr[] vars = variables.Select((v, i) => builder.Var(v, i)).ToArray();
        var differentiator = new Differentiator(builder);
        Expr[] gradient = differentiator.Gradient(f, vars);
        Expr[,] hessian = differentiator.Hessian(gradient, vars);
        var upper = new List<Expr>();
        for (int i = 0; i < vars.Length; i++)
        {
            for (int j = i; j < vars.Length; j++)
            {
                upper.Add(hessian[i, j]);
            }
        }

        long treeGradient = TreeOperations(new[] { f }.Concat(gradient));
        long treeHessian = TreeOperations(new[] { f }.Concat(gradient).Concat(upper));
        long function0 = Operations(function), gradient0 = Generated("Gradient"), hessian0 = Generated("Hessian");
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// ExpressionSize {label}: F {function0} ops; FGradient {gradient0} ({(double)gradient0 / function0:F1}× F) vs tree {treeGradient} ({(double)treeGradient / function0:F1}× F); "
            + $"FHessian {hessian0} ({(double)hessian0 / function0:F1}× F) vs tree {treeHessian} ({(double)treeHessian / function0:F1}× F, upper triangle)"));
    }

    // The operations in a method's body as written.
    private static long Operations(SyntaxNode method) => method.DescendantNodes().Count(node => node switch
    {
        BinaryExpressionSyntax b => b.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression
            or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression,
        PrefixUnaryExpressionSyntax u => u.Kind() == SyntaxKind.UnaryMinusExpression,
        AssignmentExpressionSyntax a => a.Kind() is SyntaxKind.AddAssignmentExpression or SyntaxKind.SubtractAssignmentExpression
            or SyntaxKind.MultiplyAssignmentExpression or SyntaxKind.DivideAssignmentExpression,
        InvocationExpressionSyntax i => i.Expression.ToString().StartsWith("Math.", StringComparison.Ordinal),
        _ => false,
    });

    // The operations (nodes other than constants and variables) of the roots written out as separate trees.
    private static long TreeOperations(IEnumerable<Expr> roots)
    {
        var memo = new Dictionary<Expr, long>();
        long Size(Expr e)
        {
            if (!memo.TryGetValue(e, out long size))
            {
                size = (e.IsLeaf || e.IsConstant ? 0 : 1) + e.Args.Sum(Size);
                memo[e] = size;
            }

            return size;
        }

        return roots.Sum(Size);
    }
}
