using System;
using System.Collections.Generic;
using System.Linq;

namespace SymDiff.Generator.Engine;

/// <summary>
/// Activity analysis of a <see cref="Procedure"/>: which variables and arrays depend on a differentiable input
/// (are varied) and, when the outputs of a reverse sweep are given, also influence one of them (are useful). Only
/// active values get tangents and adjoints; data arrays, sizes and labels cost nothing in the derivatives, and
/// neither do values the differentiated outputs never read (in a Hessian-vector product, the function's own value:
/// only its tangent is differentiated).
/// </summary>
internal sealed class Activity
{
    private readonly HashSet<Expr> _vars = new();
    private readonly HashSet<string> _arrays = new();

    /// <param name="procedure">The procedure.</param>
    /// <param name="extraActiveArrays">Arrays to treat as varied whatever is stored in them.</param>
    /// <param name="outputs">
    /// The outputs of a reverse sweep: the seeded values and the arrays whose adjoints are seeded. When given, only
    /// the varied values that influence them are active; when null, every varied value is.
    /// </param>
    public Activity(Procedure procedure, IEnumerable<string>? extraActiveArrays = null, (IReadOnlyList<Expr> Values, IReadOnlyList<string> Arrays)? outputs = null)
    {
        foreach (var p in procedure.Parameters.Where(p => p.IsDifferentiable))
        {
            if (p.Kind == ParameterKind.Array)
            {
                _arrays.Add(p.Name);
            }
        }

        foreach (var name in extraActiveArrays ?? Array.Empty<string>())
        {
            _arrays.Add(name);
        }

        var scalarParams = new HashSet<string>(procedure.Parameters.Where(p => p.IsDifferentiable && p.Kind == ParameterKind.Scalar).Select(p => p.Name));
        var statements = procedure.AllStatements().Select(s => s.Statement).ToList();
        foreach (var leaf in ExprSerializer.Reachable(AllExpressions(procedure)).Where(e => e.Op == Op.Var && !e.IsInteger && scalarParams.Contains(e.Name!) && e.Index < 1000))
        {
            _vars.Add(leaf);
        }

        // To a fixpoint: a loop's carried variable is active if its start or its update is; an array if a store is.
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var statement in statements)
            {
                switch (statement)
                {
                    case Store s when IsActive(s.Value) && _arrays.Add(s.Array):
                        changed = true;
                        break;
                    case Loop l:
                        foreach (var c in l.Carried.Where(c => !_vars.Contains(c.Entry) && (IsActive(c.Initial) || IsActive(c.Update))))
                        {
                            _vars.Add(c.Entry);
                            _vars.Add(c.Exit);
                            changed = true;
                        }

                        break;
                }
            }
        }

        if (outputs is { } seeded)
        {
            var (usefulVars, usefulArrays) = Useful(statements, seeded.Values, seeded.Arrays);
            _vars.IntersectWith(usefulVars);
            _arrays.IntersectWith(usefulArrays);
        }
    }

    /// <summary>
    /// The variables and arrays whose derivatives reach <paramref name="values"/> or the contents of
    /// <paramref name="arrays"/>, to a fixpoint backwards through stores and carried variables.
    /// </summary>
    private static (HashSet<Expr> Vars, HashSet<string> Arrays) Useful(List<Statement> statements, IReadOnlyList<Expr> values, IReadOnlyList<string> arrays)
    {
        var vars = new HashSet<Expr>();
        var usefulArrays = new HashSet<string>(arrays);
        void Use(Expr e)
        {
            foreach (var leaf in DifferentiableLeaves(e))
            {
                if (leaf.Op == Op.Load)
                {
                    usefulArrays.Add(leaf.Name!);
                }
                else
                {
                    vars.Add(leaf);
                }
            }
        }

        foreach (var value in values)
        {
            Use(value);
        }

        var used = new HashSet<object>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var statement in statements)
            {
                switch (statement)
                {
                    case Store s when usefulArrays.Contains(s.Array) && used.Add(s):
                        Use(s.Value);
                        changed = true;
                        break;
                    case Loop l:
                        foreach (var c in l.Carried.Where(c => (vars.Contains(c.Entry) || vars.Contains(c.Exit)) && used.Add(c)))
                        {
                            vars.Add(c.Entry);
                            vars.Add(c.Exit);
                            Use(c.Initial);
                            Use(c.Update);
                            changed = true;
                        }

                        break;
                }
            }
        }

        return (vars, usefulArrays);
    }

    /// <summary>Whether a variable or an array element is active.</summary>
    public bool IsActiveLeaf(Expr leaf) => leaf.Op == Op.Load ? _arrays.Contains(leaf.Name!) : _vars.Contains(leaf);

    public bool IsActiveArray(string name) => _arrays.Contains(name);

    /// <summary>Whether an expression depends differentiably on an active leaf (see <see cref="DifferentiableLeaves"/>).</summary>
    public bool IsActive(Expr e) => DifferentiableLeaves(e).Any(IsActiveLeaf);

    /// <summary>
    /// The variables and array elements an expression's derivative can depend on: its <see cref="Leaves"/> except
    /// those read only by conditions (a condition selects a branch; its operands get no derivative from it), so a
    /// value chosen by a comparison of active values, like the tangent a running max keeps, is not active itself.
    /// </summary>
    public static IEnumerable<Expr> DifferentiableLeaves(Expr e)
    {
        var seen = new HashSet<Expr>();
        var stack = new Stack<Expr>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.IsBoolean || !seen.Add(node))
            {
                continue;
            }

            if (node.IsLeaf)
            {
                if (!node.IsInteger)
                {
                    yield return node;
                }

                continue;
            }

            foreach (var arg in node.Args)
            {
                stack.Push(arg);
            }
        }
    }

    /// <summary>The variables and array elements an expression reads (not the integer indices inside elements).</summary>
    public static IEnumerable<Expr> Leaves(Expr e)
        => ExprSerializer.Reachable(new[] { e }, enterIndices: false).Where(n => n.IsLeaf && !n.IsInteger);

    /// <summary>Every expression of a procedure (values, indices, bounds, carried starts and updates).</summary>
    public static IEnumerable<Expr> AllExpressions(Procedure procedure)
    {
        foreach (var a in procedure.Arrays)
        {
            yield return a.Length;
        }

        foreach (var (statement, _) in procedure.AllStatements())
        {
            switch (statement)
            {
                case Store s:
                    yield return s.Index;
                    yield return s.Value;
                    break;
                case Loop l:
                    yield return l.From;
                    yield return l.To;
                    foreach (var c in l.Carried)
                    {
                        yield return c.Initial;
                        yield return c.Update;
                    }

                    break;
            }
        }

        if (procedure.Value is not null)
        {
            yield return procedure.Value;
        }
    }
}

/// <summary>
/// The tangent (forward-mode) transformation of a <see cref="Procedure"/>: a procedure that computes the same
/// values and, beside each active value, its derivative along a direction. Carried variables get carried
/// tangents, stores get tangent stores into tangent arrays, and every expression's tangent is one forward sweep
/// over its DAG (<see cref="Differentiator.DirectionalDerivative"/>). Differentiating the tangent procedure in
/// reverse gives Hessian-vector products (forward-over-reverse, O(cost of a gradient)).
/// </summary>
internal sealed class TangentTransform
{
    private readonly ExprBuilder _b;
    private readonly Differentiator _d;
    private readonly Activity _activity;
    private readonly Func<ProcedureParameter, Expr?, Expr> _inputTangent;
    private readonly Dictionary<Expr, Expr> _tangents = new();
    private readonly Dictionary<string, string> _tangentArrays = new();
    private readonly Dictionary<Expr, string> _names = new();
    private int _serial;

    private TangentTransform(ExprBuilder b, Differentiator d, Activity activity, Func<ProcedureParameter, Expr?, Expr> inputTangent)
    {
        _b = b;
        _d = d;
        _activity = activity;
        _inputTangent = inputTangent;
    }

    /// <summary>The tangent procedure and the tangent of its value (null for a vector-valued procedure).</summary>
    /// <param name="b">The builder of the procedure.</param>
    /// <param name="d">The differentiator.</param>
    /// <param name="procedure">The procedure.</param>
    /// <param name="inputTangent">The direction: for a differentiable parameter and an index (null for a scalar),
    /// the tangent of that input (typically an element of a <c>vector</c> span).</param>
    /// <param name="resultTangent">The array that receives the tangent of a vector result (a <c>product</c> span), if any.</param>
    public static (Procedure Procedure, Expr? ValueTangent) Apply(ExprBuilder b, Differentiator d, Procedure procedure,
        Func<ProcedureParameter, Expr?, Expr> inputTangent, string? resultTangent)
    {
        var activity = new Activity(procedure);
        var t = new TangentTransform(b, d, activity, inputTangent)
        {
            _serial = 1 + ExprSerializer.Reachable(Activity.AllExpressions(procedure)).Where(e => e.Op == Op.Var).Select(e => e.Index).DefaultIfEmpty(1000).Max(),
        };
        foreach (var kv in procedure.Names)
        {
            t._names[kv.Key] = kv.Value;
        }

        var parametersByName = procedure.Parameters.ToDictionary(p => p.Name);
        foreach (var p in procedure.Parameters.Where(p => p.IsDifferentiable && p.Kind == ParameterKind.Scalar))
        {
            foreach (var v in ExprSerializer.Reachable(Activity.AllExpressions(procedure)).Where(e => e.Op == Op.Var && e.Name == p.Name && !e.IsInteger && e.Index < 1000))
            {
                t._tangents[v] = inputTangent(p, null);
            }
        }

        var arrays = procedure.Arrays.ToList();
        foreach (var a in procedure.Arrays.Where(a => activity.IsActiveArray(a.Name)))
        {
            var name = a.Name + "Dot";
            t._tangentArrays[a.Name] = name;
            arrays.Add(new LocalArray(name, a.Length));
        }

        if (procedure.Result is { } result && resultTangent is not null && activity.IsActiveArray(result.Name))
        {
            t._tangentArrays[result.Name] = resultTangent;
        }

        t._parameters = parametersByName;
        var body = t.Block(procedure.Body);
        var valueTangent = procedure.Value is null ? null : t.Tangent(procedure.Value);
        return (new Procedure(procedure.Parameters, arrays, body, procedure.Value, t._names), valueTangent);
    }

    private Dictionary<string, ProcedureParameter> _parameters = new();

    private List<Statement> Block(IReadOnlyList<Statement> block)
    {
        var result = new List<Statement>();
        foreach (var statement in block)
        {
            switch (statement)
            {
                case Store s:
                    result.Add(s);
                    if (_tangentArrays.TryGetValue(s.Array, out var tangentArray))
                    {
                        result.Add(new Store(tangentArray, s.Index, Tangent(s.Value), s.Accumulate));
                    }

                    break;
                case Loop l:
                    var carried = l.Carried.ToList();
                    var active = l.Carried.Where(c => _activity.IsActiveLeaf(c.Entry)).ToList();
                    foreach (var c in active)
                    {
                        _tangents[c.Entry] = _b.Var(c.Variable + "Dot", _serial++);
                        _tangents[c.Exit] = _b.Var(c.Variable + "Dot", _serial++);
                    }

                    var body = Block(l.Body);
                    foreach (var c in active)
                    {
                        carried.Add(new Carried(c.Variable + "Dot", _tangents[c.Entry], _tangents[c.Exit], Tangent(c.Initial), Tangent(c.Update)));
                    }

                    result.Add(new Loop(l.Counter, l.From, l.To, carried, body, l.Site));
                    break;
            }
        }

        return result;
    }

    private Expr Tangent(Expr e)
    {
        var direction = new Dictionary<Expr, Expr>();
        foreach (var leaf in Activity.Leaves(e).Where(_activity.IsActiveLeaf))
        {
            direction[leaf] = LeafTangent(leaf);
        }

        return direction.Count == 0 ? _b.Zero : _d.DirectionalDerivative(new[] { e }, direction)[0];
    }

    private Expr LeafTangent(Expr leaf)
    {
        if (leaf.Op == Op.Var)
        {
            return _tangents.TryGetValue(leaf, out var t) ? t : _b.Zero;
        }

        if (_tangentArrays.TryGetValue(leaf.Name!, out var array))
        {
            return _b.Load(array, leaf.Args[0]);
        }

        return _parameters.TryGetValue(leaf.Name!, out var p) && p.IsDifferentiable ? _inputTangent(p, leaf.Args[0]) : _b.Zero;
    }
}
