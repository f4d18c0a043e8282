using System.Collections.Generic;
using System.Linq;
using SymDiff.Generator.Engine;
using Xunit;

namespace SymDiff.Tests.Engine;

/// <summary><see cref="CodePlan"/>: which nodes become locals, their names, and the C# that uses them.</summary>
public class CodePlanTests
{
    /// <summary>Plans the outputs and writes them as <c>var name = ...;</c> lines and then <c>return ...;</c> lines.</summary>
    private static string[] Plan(string[] outputs, Dictionary<string, string>? hints = null, params string[] reserved)
    {
        var b = new ExprBuilder();
        Expr P(string e) => ExprParser.Parse(b, e, "x", "y");
        var roots = outputs.Select(P).ToArray();
        var hintNodes = (hints ?? new Dictionary<string, string>()).ToDictionary(h => P(h.Key), h => h.Value);
        var plan = CodePlan.Create(roots, hintNodes, reserved.Length == 0 ? new[] { "x", "y" } : reserved);
        return plan.Locals.Select(l => $"var {l.Name} = {plan.Printer.PrintDefinition(l.Node)};")
            .Concat(roots.Select(r => $"return {plan.Printer.Print(r)};"))
            .ToArray();
    }

    [Fact]
    public void ANodeUsedTwiceBecomesOneLocal()
        => Assert.Equal(
            new[] { "var sinX = global::System.Math.Sin(x);", "return sinX + global::System.Math.Cos(x);", "return y * sinX;" },
            Plan(new[] { "sin(x) + cos(x)", "sin(x)*y" }));

    [Fact]
    public void ANodeUsedOnceIsInlined()
        => Assert.Equal(
            new[] { "return global::System.Math.Sin(x) + global::System.Math.Cos(x * y);" },
            Plan(new[] { "sin(x) + cos(x*y)" }));

    [Fact]
    public void TheBaseOfASquareIsALocalWrittenTwice()
        => Assert.Equal(new[] { "var t0 = x + y;", "return t0 * t0;" }, Plan(new[] { "(x + y)^2" }));

    [Fact]
    public void TheBaseOfACubeIsALocalWrittenThreeTimes()
        => Assert.Equal(new[] { "var sinX = global::System.Math.Sin(x);", "return sinX * sinX * sinX + 1;" }, Plan(new[] { "sin(x)^3 + 1" }));

    [Fact]
    public void TheSquareOfALeafNeedsNoLocal()
        => Assert.Equal(new[] { "return y + x * x;" }, Plan(new[] { "x^2 + y" }));

    [Fact]
    public void AScaledLeafIsWrittenOutEvenWhenShared()
        => Assert.Equal(new[] { "return 2 * x + global::System.Math.Exp(2 * x);" }, Plan(new[] { "2*x + exp(2*x)" }));

    [Fact]
    public void ASharedReciprocalIsDefinedAfterItsBaseAndItsPowersMultiplyIt()
        => Assert.Equal(
            new[] { "var t0 = x + y;", "var t1 = 1 / t0;", "return t1;", "return y * t1;", "return t1 * t1;" },
            Plan(new[] { "1/(x + y)", "y/(x + y)", "1/(x + y)^2" }));

    [Fact]
    public void HintsNameLocalsAndReservedNamesAreAvoided()
    {
        Assert.Equal(
            new[] { "var sum = x + y;", "return sum * sum;" },
            Plan(new[] { "(x + y)^2" }, new Dictionary<string, string> { ["x + y"] = "sum" }));
        Assert.Equal(
            new[] { "var t1 = x + y;", "return t1 * t1;" },
            Plan(new[] { "(x + y)^2" }, null, "x", "y", "t0"));
        Assert.Equal(
            new[] { "var sum2 = x + y;", "return sum2 * sum2;" },
            Plan(new[] { "(x + y)^2" }, new Dictionary<string, string> { ["x + y"] = "sum" }, "x", "y", "sum"));
    }

    [Fact]
    public void LocalsComeAfterTheLocalsTheyUse()
    {
        var p = EngineTestKit.Parse("(x^2 + sigmoid(y))/(3*x + y - sigmoid(x))", "x", "y");
        var outputs = new List<Expr> { p.F };
        outputs.AddRange(p.Gradient());
        outputs.AddRange(p.Hessian().Cast<Expr>());
        var plan = CodePlan.Create(outputs, new Dictionary<Expr, string>(), new[] { "x", "y" });
        Assert.NotEmpty(plan.Locals);
        var position = plan.Locals.Select((l, i) => (l.Node, i)).ToDictionary(t => t.Node, t => t.i);
        Assert.Equal(position.Count, plan.Locals.Select(l => l.Name).Distinct().Count());
        foreach (var (node, name) in plan.Locals)
        {
            foreach (var used in ExprSerializer.Reachable(node.Args).Where(position.ContainsKey))
            {
                Assert.True(position[used] < position[node], $"{name} uses {plan.Locals[position[used]].Name}, defined after it");
            }
        }
    }

    [Fact]
    public void DeepNestingIsCutIntoLocals()
    {
        var text = Enumerable.Range(0, 3 * CodePlan.MaxInlineDepth).Aggregate("x", (e, _) => $"sin({e})");
        var lines = Plan(new[] { text });
        Assert.InRange(lines.Length, 3, 5); // two or three cuts, then the return
        // a line nests at most MaxInlineDepth calls on top of its innermost operand (a local or the leaf x)
        Assert.All(lines, l => Assert.InRange(l.Split("Sin(").Length - 1, 1, CodePlan.MaxInlineDepth + 1));
    }
}
