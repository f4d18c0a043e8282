using System.Collections.Generic;
using System.Linq;
using SymDiff.Generator.Engine;
using Xunit;

namespace SymDiff.Tests.Engine;

/// <summary><see cref="ExprSerializer"/>: a DAG and its name hints survive text, node for node.</summary>
public class SerializerTests
{
    private const string Seed = "(x^2 + sigmoid(y))/(3*x + y - sigmoid(x))";

    [Fact]
    public void DagWithNameHintsRoundTripsIntoAFreshBuilder()
    {
        var b = new ExprBuilder();
        var f = ExprParser.Parse(b, Seed, "x", "y");
        var vars = new[] { b.Var("x", 0), b.Var("y", 1) };
        var roots = new[] { f }.Concat(new Differentiator(b).Gradient(f, vars)).ToArray();
        var names = new Dictionary<Expr, string>
        {
            [ExprParser.Parse(b, "x^2 + sigmoid(y)", "x", "y")] = "numerator",
            [ExprParser.Parse(b, "3*x + y - sigmoid(x)", "x", "y")] = "denominator",
        };
        var text = ExprSerializer.Serialize(roots, names);

        var fresh = new ExprBuilder();
        var (readRoots, readNames) = ExprSerializer.Deserialize(fresh, text);

        Assert.Equal(roots.Select(r => r.ToString()), readRoots.Select(r => r.ToString()));
        Assert.Equal(
            names.Select(n => (n.Key.ToString(), n.Value)).OrderBy(n => n.Value),
            readNames.Select(n => (n.Key.ToString(), n.Value)).OrderBy(n => n.Value));
        // Reading is deterministic (a fresh builder orders by its own ids, so the text may be reordered once).
        var again = ExprSerializer.Deserialize(new ExprBuilder(), text);
        Assert.Equal(ExprSerializer.Serialize(readRoots, readNames), ExprSerializer.Serialize(again.Roots, again.Names));

        // the rebuilt nodes are canonical: building the same expression in the new builder finds them
        Assert.Same(readRoots[0], ExprParser.Parse(fresh, Seed, "x", "y"));
        Assert.Same(readNames.Single(n => n.Value == "numerator").Key, ExprParser.Parse(fresh, "x^2 + sigmoid(y)", "x", "y"));
        var freshVars = new[] { fresh.Var("x", 0), fresh.Var("y", 1) };
        Assert.Equal(
            readRoots.Skip(1).Select(r => r.ToString()),
            new Differentiator(fresh).Gradient(readRoots[0], freshVars).Select(g => g.ToString()));
    }

    /// <summary>
    /// A rebuilt node must be the node the new builder would build itself, or hash-consing silently keeps two nodes
    /// for one expression (lost sharing in CSE, lost collection of like powers). Sums and products order their
    /// operands by id, and the ids of helper nodes (the coefficient-free rest of a term) depend on the builder's
    /// history, which the text does not carry.
    /// </summary>
    [Fact]
    public void RebuiltNodesAreTheNodesTheNewBuilderWouldBuild()
    {
        var b = new ExprBuilder();
        ExprParser.Parse(b, "x*z", "x", "y", "z"); // history: x*z exists before x*y
        var sum = ExprParser.Parse(b, "3*x*y + 2*x*z", "x", "y", "z");
        var fresh = new ExprBuilder();
        var (roots, _) = ExprSerializer.Deserialize(fresh, ExprSerializer.Serialize(new[] { sum }));
        var built = ExprParser.Parse(fresh, "3*x*y + 2*x*z", "x", "y", "z");
        Assert.True(ReferenceEquals(roots[0], built), $"rebuilt {roots[0]}, built {built}");
    }

    [Theory]
    [InlineData("0.1*x + 0.3333333333333333*y - 1E+20")]
    [InlineData("5E-324*x + 1.7976931348623157E+308*y")]
    [InlineData("nan*x - inf*y")]
    [InlineData("x > 0 && !(y <= x) || x == 1 ? abs(x) : clamp(y, -1, 1)")]
    public void ConstantsAndConditionsRoundTripExactly(string expression)
    {
        var b = new ExprBuilder();
        var e = ExprParser.Parse(b, expression, "x", "y");
        var text = ExprSerializer.Serialize(new[] { e });
        var (roots, names) = ExprSerializer.Deserialize(new ExprBuilder(), text);
        Assert.Empty(names);
        Assert.Equal(e.ToString(), roots.Single().ToString());
        Assert.Equal(text, ExprSerializer.Serialize(roots));
        var constants = ExprSerializer.Reachable(new[] { e }).Where(n => n.IsConstant).Select(n => n.Value).OrderBy(v => v);
        var readConstants = ExprSerializer.Reachable(roots).Where(n => n.IsConstant).Select(n => n.Value).OrderBy(v => v);
        Assert.Equal(constants.Select(System.BitConverter.DoubleToInt64Bits), readConstants.Select(System.BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void TheSameDagSerializesToTheSameText()
    {
        string Text()
        {
            var b = new ExprBuilder();
            var f = ExprParser.Parse(b, Seed, "x", "y");
            return ExprSerializer.Serialize(new[] { f }, new Dictionary<Expr, string> { [f] = "value" });
        }

        Assert.Equal(Text(), Text());
    }

    [Fact]
    public void NamesOfNodesOutsideTheDagAreDropped()
    {
        var b = new ExprBuilder();
        var f = ExprParser.Parse(b, "sin(x)", "x");
        var other = ExprParser.Parse(b, "cos(x)", "x");
        var text = ExprSerializer.Serialize(new[] { f }, new Dictionary<Expr, string> { [other] = "c", [f] = "s" });
        var (_, names) = ExprSerializer.Deserialize(new ExprBuilder(), text);
        Assert.Equal(new[] { "s" }, names.Values);
    }
}
