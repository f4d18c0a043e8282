using System.Collections.Generic;
using System.Linq;

namespace SymDiff.Generator.Engine;

/// <summary>What a parameter of a <see cref="Procedure"/> is.</summary>
internal enum ParameterKind
{
    /// <summary>A <c>double</c>.</summary>
    Scalar,

    /// <summary>A span or array of <c>double</c> (its elements are read as <see cref="Op.Load"/> nodes).</summary>
    Array,

    /// <summary>An integer (a size, an index, a label): never differentiated.</summary>
    Integer,

    /// <summary>A <c>bool</c> (a switch in conditions): never differentiated.</summary>
    Boolean,
}

/// <summary>A parameter of a <see cref="Procedure"/>.</summary>
/// <param name="Name">The C# name.</param>
/// <param name="Kind">Scalar, array or integer.</param>
/// <param name="IsDifferentiable">Whether it takes entries in the derivative vector (not <c>[Constant]</c>, not an integer, not the result).</param>
/// <param name="IsResult">Whether it is the <c>[Result]</c> span of a vector-valued function.</param>
/// <param name="Type">The C# type as written in the generated signatures.</param>
internal sealed record ProcedureParameter(string Name, ParameterKind Kind, bool IsDifferentiable, bool IsResult, string Type);

/// <summary>A statement of a <see cref="Procedure"/>: a store into an array element, or a counted loop.</summary>
internal abstract class Statement
{
}

/// <summary><c>Array[Index] = Value</c>, or <c>+=</c> when <see cref="Accumulate"/>.</summary>
internal sealed class Store : Statement
{
    public Store(string array, Expr index, Expr value, bool accumulate)
    {
        Array = array;
        Index = index;
        Value = value;
        Accumulate = accumulate;
    }

    public string Array { get; }

    public Expr Index { get; }

    public Expr Value { get; }

    public bool Accumulate { get; }
}

/// <summary>
/// A scalar variable carried around a <see cref="Loop"/>: it holds <see cref="Initial"/> before the first
/// iteration, <see cref="Entry"/> names its value at the start of an iteration (inside the body) and
/// <see cref="Exit"/> its value after the loop (outside); every iteration ends with <c>Entry := Update</c>.
/// </summary>
internal sealed class Carried
{
    public Carried(string variable, Expr entry, Expr exit, Expr initial, Expr update)
    {
        Variable = variable;
        Entry = entry;
        Exit = exit;
        Initial = initial;
        Update = update;
    }

    /// <summary>The user's variable (the name of the C# local in the generated code).</summary>
    public string Variable { get; }

    public Expr Entry { get; }

    public Expr Exit { get; }

    public Expr Initial { get; }

    public Expr Update { get; }
}

/// <summary>
/// <c>for (Counter = From; Counter &lt; To; Counter++) { Body; carried updates }</c>. Expressions in the body are
/// in terms of the carried variables' <see cref="Carried.Entry"/> values, so the updates happen together at the
/// end of each iteration.
/// </summary>
internal sealed class Loop : Statement
{
    public Loop(Expr counter, Expr from, Expr to, IReadOnlyList<Carried> carried, IReadOnlyList<Statement> body, int site = -1)
    {
        Counter = counter;
        From = from;
        To = to;
        Carried = carried;
        Body = body;
        Site = site;
    }

    /// <summary>Which source location the loop came from (an index the front end keeps), or −1: errors found later point there.</summary>
    public int Site { get; }

    /// <summary>The integer variable that counts the iterations.</summary>
    public Expr Counter { get; }

    public Expr From { get; }

    public Expr To { get; }

    public IReadOnlyList<Carried> Carried { get; }

    public IReadOnlyList<Statement> Body { get; }
}

/// <summary>A temporary array the method declares (<c>stackalloc double[n]</c> or <c>new double[n]</c>).</summary>
internal sealed record LocalArray(string Name, Expr Length);

/// <summary>
/// A method over arrays and loops as a small structured program around the expression DAG: straight-line
/// stores and counted loops whose carried scalars are expressions of their values at the start of an iteration.
/// A scalar function is the special case of no statements and one <see cref="Value"/>. Elements of arrays are
/// <see cref="Op.Load"/> nodes; every element of a local array is final when it is read (lowering checks it), so
/// the reverse sweep can read the arrays as the forward sweep left them.
/// </summary>
internal sealed class Procedure
{
    public Procedure(IReadOnlyList<ProcedureParameter> parameters, IReadOnlyList<LocalArray> arrays, IReadOnlyList<Statement> body,
        Expr? value, IReadOnlyDictionary<Expr, string> names)
    {
        Parameters = parameters;
        Arrays = arrays;
        Body = body;
        Value = value;
        Names = names;
    }

    public IReadOnlyList<ProcedureParameter> Parameters { get; }

    public IReadOnlyList<LocalArray> Arrays { get; }

    public IReadOnlyList<Statement> Body { get; }

    /// <summary>The returned value of a scalar-valued method; null for a vector-valued one (it writes its result).</summary>
    public Expr? Value { get; }

    /// <summary>User local names for expressions, to name generated locals after them.</summary>
    public IReadOnlyDictionary<Expr, string> Names { get; }

    /// <summary>The <c>[Result]</c> parameter of a vector-valued method, if any.</summary>
    public ProcedureParameter? Result => Parameters.FirstOrDefault(p => p.IsResult);

    /// <summary>Every statement, depth first, with its enclosing loops (outermost first).</summary>
    public IEnumerable<(Statement Statement, IReadOnlyList<Loop> Loops)> AllStatements()
    {
        var stack = new List<Loop>();
        return Walk(Body, stack);
    }

    private static IEnumerable<(Statement, IReadOnlyList<Loop>)> Walk(IReadOnlyList<Statement> block, List<Loop> loops)
    {
        foreach (var statement in block)
        {
            yield return (statement, loops.ToArray());
            if (statement is Loop loop)
            {
                loops.Add(loop);
                foreach (var inner in Walk(loop.Body, loops))
                {
                    yield return inner;
                }

                loops.RemoveAt(loops.Count - 1);
            }
        }
    }
}
