using System.Collections.Generic;
using System.Linq;
using SymDiff.Generator.Engine;
using Xunit;

namespace SymDiff.Tests.Engine;

/// <summary>The DAG itself: hash-consing, topological ids, and the bound on its size.</summary>
public class ExprDagTests
{
    [Theory]
    [InlineData("x*sin(x) + x^2/y", "x*sin(x) + x^2/y")]
    [InlineData("x*y", "y*x")]
    [InlineData("x + y + 1", "1 + y + x")]
    [InlineData("(x + y)*(x - y)", "(x - y)*(y + x)")]
    [InlineData("x > 0 ? sqrt(x) : -x", "x > 0 ? x^0.5 : -1*x")]
    [InlineData("log(x)/log(y)", "log(x, y)")]
    public void BuildingAnEqualExpressionReturnsTheSameNode(string first, string second)
    {
        var b = new ExprBuilder();
        var a = ExprParser.Parse(b, first, "x", "y");
        Assert.Same(a, ExprParser.Parse(b, second, "x", "y"));
        int count = b.Count;
        Assert.Same(a, ExprParser.Parse(b, first, "x", "y"));
        Assert.Equal(count, b.Count); // the second time, nothing new is created
    }

    [Fact]
    public void BuilderCallsAreHashConsed()
    {
        var b = new ExprBuilder();
        Expr Build() => b.Add(b.Mul(b.Var("x", 0), b.Call(Fn.Sin, b.Var("x", 0))), b.Pow(b.Var("y", 1), b.Const(2)));
        Assert.Same(Build(), Build());
        Assert.Same(b.Const(0.5), b.Const(0.5));
        Assert.Same(b.Zero, b.Const(-0.0)); // -0.0 is normalised to 0
        Assert.Same(b.Compare(Op.Less, b.Var("x", 0), b.One), b.Compare(Op.Less, b.Var("x", 0), b.One));
    }

    [Fact]
    public void DistinctExpressionsAreDistinctNodes()
    {
        var b = new ExprBuilder();
        Assert.NotSame(ExprParser.Parse(b, "x - y", "x", "y"), ExprParser.Parse(b, "y - x", "x", "y"));
        Assert.NotSame(b.Var("x", 0), b.Var("x", 1));
        Assert.NotSame(b.Const(1), b.Const(1.0000000000000002));
    }

    [Fact]
    public void IdsAreTopological()
    {
        var p = EngineTestKit.Parse("(x^2 + sigmoid(y))/(3*x + y - sigmoid(x)) + (x > y ? abs(x - y) : max(x, y)*log(y))", "x", "y");
        var h = p.Hessian();
        var roots = new List<Expr> { p.F };
        roots.AddRange(p.Gradient());
        roots.AddRange(h.Cast<Expr>());
        var nodes = ExprSerializer.Reachable(roots);
        Assert.True(nodes.Count > 50);
        Assert.Equal(nodes.Count, nodes.Select(n => n.Id).Distinct().Count());
        foreach (var node in nodes)
        {
            Assert.All(node.Args, arg => Assert.True(arg.Id < node.Id, $"{arg} (id {arg.Id}) is an argument of {node} (id {node.Id})"));
        }
    }

    [Fact]
    public void GrowingPastMaxNodesThrows()
    {
        var b = new ExprBuilder(maxNodes: 50);
        var x = b.Var("x", 0);
        var e = x;
        var ex = Assert.Throws<ExpressionTooLargeException>(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                e = b.Call(Fn.Sin, e);
            }
        });
        Assert.Equal(50, ex.Limit);
        Assert.Equal(50, b.Count);
        Assert.Same(x, b.Var("x", 0)); // existing nodes are still returned: the limit is on distinct nodes
        Assert.Same(e, b.Call(Fn.Sin, e.Args[0]));
    }

    [Fact]
    public void DifferentiatingPastMaxNodesThrows()
    {
        var b = new ExprBuilder(maxNodes: 50);
        var f = ExprParser.Parse(b, "sin(x)*cos(y)*exp(x*y)/(1 + x^2)", "x", "y");
        Assert.True(b.Count < 50);
        Assert.Throws<ExpressionTooLargeException>(() =>
        {
            var d = new Differentiator(b);
            var vars = new[] { b.Var("x", 0), b.Var("y", 1) };
            d.Hessian(d.Gradient(f, vars), vars);
        });
    }

    [Fact]
    public void TheReverseGradientStaysASmallMultipleOfTheFunction()
    {
        // f = Σ sin(x_i·x_{i+1})·exp(x_i) over 20 variables: the gradient must not grow with the number of variables.
        var names = Enumerable.Range(0, 20).Select(i => "x" + i).ToArray();
        var f = string.Join(" + ", Enumerable.Range(0, 19).Select(i => $"sin(x{i}*x{i + 1})*exp(x{i})"));
        var p = EngineTestKit.Parse(f, names);
        int fSize = ExprSerializer.Reachable(new[] { p.F }).Count;
        int gradientSize = ExprSerializer.Reachable(p.Gradient()).Count;
        Assert.True(gradientSize <= 3 * fSize, $"f has {fSize} nodes, its gradient {gradientSize}");
    }
}
