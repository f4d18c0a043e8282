using System;
using System.Collections.Generic;

namespace SymDiff.Generator.Engine;

/// <summary>The operation of an <see cref="Expr"/> node.</summary>
internal enum Op
{
    /// <summary>A numeric constant (<see cref="Expr.Value"/>).</summary>
    Const,

    /// <summary>An independent variable (<see cref="Expr.Name"/>, <see cref="Expr.Index"/>).</summary>
    Var,

    /// <summary>An n-ary sum in canonical form (see <see cref="ExprBuilder.Add(Expr[])"/>).</summary>
    Add,

    /// <summary>An n-ary product in canonical form (see <see cref="ExprBuilder.Mul(Expr[])"/>).</summary>
    Mul,

    /// <summary>A power: base, exponent.</summary>
    Pow,

    /// <summary>A call of a known function (<see cref="Expr.Fn"/>).</summary>
    Call,

    /// <summary><c>condition ? whenTrue : whenFalse</c>.</summary>
    Select,

    /// <summary>
    /// An element of an array: <see cref="Expr.Name"/> is the array, the one argument the integer index. A leaf for
    /// differentiation (its index is not differentiated): the program transformations give it an adjoint element.
    /// </summary>
    Load,

    /// <summary>Boolean constant true.</summary>
    True,

    /// <summary>Boolean constant false.</summary>
    False,

    /// <summary><c>a &lt; b</c>.</summary>
    Less,

    /// <summary><c>a &lt;= b</c>.</summary>
    LessEqual,

    /// <summary><c>a &gt; b</c>.</summary>
    Greater,

    /// <summary><c>a &gt;= b</c>.</summary>
    GreaterEqual,

    /// <summary><c>a == b</c>.</summary>
    Equal,

    /// <summary><c>a != b</c>.</summary>
    NotEqual,

    /// <summary><c>a &amp;&amp; b</c>.</summary>
    And,

    /// <summary><c>a || b</c>.</summary>
    Or,

    /// <summary><c>!a</c>.</summary>
    Not,

    /// <summary>A <c>bool</c> parameter (<see cref="Expr.Name"/>): a condition the caller chooses.</summary>
    Flag,
}

/// <summary>
/// A node of the immutable, hash-consed expression DAG. Nodes are only created by an <see cref="ExprBuilder"/>,
/// which returns the existing node for a structurally equal request, so reference equality is structural equality
/// and equal subexpressions are shared by construction. <see cref="Id"/> grows with creation, so every argument
/// has a smaller id than the node that uses it: sorting by id is a topological order.
/// </summary>
internal sealed class Expr
{
    private static readonly Expr[] NoArgs = Array.Empty<Expr>();

    internal Expr(Op op, Fn fn, double value, string? name, int index, Expr[]? args)
    {
        Op = op;
        Fn = fn;
        Value = value;
        Name = name;
        Index = index;
        Args = args ?? NoArgs;

        var hash = ((int)op * 397) ^ (int)fn;
        hash = (hash * 31) ^ value.GetHashCode();
        hash = (hash * 31) ^ index;
        hash = (hash * 31) ^ (name is null ? 0 : StringComparer.Ordinal.GetHashCode(name));
        bool dependsOnVar = op is Op.Var or Op.Load;
        int depth = 0;
        foreach (var arg in Args)
        {
            hash = (hash * 31) ^ arg.Id;
            dependsOnVar |= arg.DependsOnVar;
            depth = Math.Max(depth, arg.Depth);
        }

        StructuralHash = hash;
        DependsOnVar = dependsOnVar;
        Depth = depth + 1;
    }

    /// <summary>The operation.</summary>
    public Op Op { get; }

    /// <summary>The function of a <see cref="Op.Call"/> node.</summary>
    public Fn Fn { get; }

    /// <summary>The value of a <see cref="Op.Const"/> node.</summary>
    public double Value { get; }

    /// <summary>The name of a <see cref="Op.Var"/> node.</summary>
    public string? Name { get; }

    /// <summary>The position of a <see cref="Op.Var"/> node among the differentiation variables.</summary>
    public int Index { get; }

    /// <summary>The operands.</summary>
    public IReadOnlyList<Expr> Args { get; }

    /// <summary>Creation order within the builder; arguments always have smaller ids.</summary>
    public int Id { get; internal set; }

    /// <summary>Whether any variable occurs in this expression.</summary>
    public bool DependsOnVar { get; }

    /// <summary>Longest path to a leaf, counting this node.</summary>
    public int Depth { get; }

    /// <summary>
    /// Whether the expression is finite for every finite value of its variables, so that multiplying it by zero
    /// can be folded to zero without hiding a NaN or an infinity.
    /// </summary>
    public bool IsTotal { get; internal set; }

    /// <summary>Whether this node is a boolean (a condition) rather than a number.</summary>
    public bool IsBoolean => Op >= Op.True;

    /// <summary>Whether this node is a comparison of two numbers.</summary>
    public bool IsComparison => Op is >= Op.Less and <= Op.NotEqual;

    /// <summary>Whether this is the constant <paramref name="value"/>.</summary>
    public bool IsConst(double value) => Op == Op.Const && Value.Equals(value);

    /// <summary>Whether this is a numeric constant.</summary>
    public bool IsConstant => Op == Op.Const;

    /// <summary>Whether this is a leaf of differentiation: a variable or an array element.</summary>
    public bool IsLeaf => Op is Op.Var or Op.Load;

    /// <summary>Whether this is an integer variable (a loop counter, a length, an <c>int</c> parameter).</summary>
    public bool IsInteger => Op == Op.Var && Index == ExprBuilder.IntegerIndex;

    internal int StructuralHash { get; }

    internal bool StructurallyEquals(Expr other)
    {
        if (Op != other.Op || Fn != other.Fn || Index != other.Index || !Value.Equals(other.Value)
            || !string.Equals(Name, other.Name, StringComparison.Ordinal) || Args.Count != other.Args.Count)
        {
            return false;
        }

        for (int i = 0; i < Args.Count; i++)
        {
            if (!ReferenceEquals(Args[i], other.Args[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The expression in the engine's ASCII notation (see <see cref="ExprPrinter"/>).</summary>
    public override string ToString() => ExprPrinter.Engine.Print(this);
}
