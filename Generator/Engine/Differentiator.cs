using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace SymDiff.Generator.Engine;

/// <summary>
/// Symbolic derivatives over the expression DAG: one generic chain rule driven by <see cref="Partial"/>, the
/// engine's single table of local derivatives. The gradient is a reverse sweep (adjoints), so its size stays a
/// small multiple of the function's; the Hessian differentiates the gradient DAG forward (forward-over-reverse).
/// Conditions carry no derivative: a <see cref="Op.Select"/> is differentiated as the branch taken.
/// </summary>
internal sealed class Differentiator
{
    private readonly ExprBuilder _b;
    private readonly CancellationToken _cancellation;

    public Differentiator(ExprBuilder builder, CancellationToken cancellation = default)
    {
        _b = builder;
        _cancellation = cancellation;
    }

    /// <summary>∂<paramref name="node"/>/∂(its argument <paramref name="k"/>): the local derivative rule table.</summary>
    public Expr Partial(Expr node, int k)
    {
        var args = node.Args;
        switch (node.Op)
        {
            case Op.Add:
                return _b.One;
            case Op.Mul:
                return _b.Mul(args.Where((_, i) => i != k).ToArray());
            case Op.Pow:
                return k == 0
                    ? _b.Mul(args[1], _b.Pow(args[0], _b.Sub(args[1], _b.One))) // e·b^(e−1), no division by b
                    : PowExponentPartial(node);
            case Op.Call:
                return FnInfo.Of(node.Fn).Partial(_b, node, k);
            case Op.Select:
                return k == 1 ? _b.Select(args[0], _b.One, _b.Zero) : _b.Select(args[0], _b.Zero, _b.One);
            default:
                throw new InvalidOperationException($"{node.Op} has no derivative");
        }
    }

    /// <summary>
    /// ∂(bᵉ)/∂e = bᵉ·ln b, and 0 at b = 0 for e &gt; 0 (where bᵉ is 0 around the point; the product would be 0·(−∞)).
    /// </summary>
    private Expr PowExponentPartial(Expr pow)
    {
        var (b, e) = (pow.Args[0], pow.Args[1]);
        var atZero = _b.And(_b.Compare(Op.Equal, b, _b.Zero), _b.Compare(Op.Greater, e, _b.Zero));
        return _b.Select(atZero, _b.Zero, _b.Mul(pow, _b.Call(Fn.Log, b)));
    }

    /// <summary>
    /// The gradient of <paramref name="f"/> with respect to <paramref name="variables"/> by one reverse sweep:
    /// every node's adjoint is the sum of its users' adjoints times the local partials, visited in reverse
    /// topological order (decreasing id).
    /// </summary>
    public Expr[] Gradient(Expr f, IReadOnlyList<Expr> variables)
    {
        var adjointParts = new Dictionary<Expr, List<Expr>> { [f] = new List<Expr> { _b.One } };
        var adjoints = new Dictionary<Expr, Expr>();
        foreach (var node in DifferentiableNodes(f).OrderByDescending(n => n.Id))
        {
            _cancellation.ThrowIfCancellationRequested();
            if (!adjointParts.TryGetValue(node, out var parts))
            {
                continue;
            }

            var adjoint = _b.Add(parts.ToArray());
            adjoints[node] = adjoint;
            if (node.IsLeaf || adjoint.IsConst(0))
            {
                continue;
            }

            for (int k = 0; k < node.Args.Count; k++)
            {
                var arg = node.Args[k];
                if (arg.IsBoolean || !arg.DependsOnVar)
                {
                    continue;
                }

                var contribution = _b.Mul(adjoint, Partial(node, k));
                if (!adjointParts.TryGetValue(arg, out var list))
                {
                    adjointParts[arg] = list = new List<Expr>();
                }

                list.Add(contribution);
            }
        }

        return variables.Select(v => adjoints.TryGetValue(v, out var a) ? a : _b.Zero).ToArray();
    }

    /// <summary>
    /// ∂e/∂<paramref name="variable"/> for each of <paramref name="roots"/>, forward over the DAG in topological
    /// order with one memo, so shared subexpressions are differentiated once.
    /// </summary>
    public Expr[] Derivative(IReadOnlyList<Expr> roots, Expr variable)
        => DirectionalDerivative(roots, new Dictionary<Expr, Expr> { [variable] = _b.One });

    /// <summary>
    /// The derivative of each root along a direction: Σⱼ ∂e/∂xⱼ·vⱼ, where <paramref name="direction"/> maps each
    /// variable xⱼ to its component vⱼ (an expression; variables not in the map have component 0). Applied to a
    /// gradient this is the Hessian-vector product, at the cost of one forward sweep.
    /// </summary>
    public Expr[] DirectionalDerivative(IReadOnlyList<Expr> roots, IReadOnlyDictionary<Expr, Expr> direction)
    {
        var d = new Dictionary<Expr, Expr>();
        foreach (var node in DifferentiableNodes(roots.ToArray()).OrderBy(n => n.Id))
        {
            _cancellation.ThrowIfCancellationRequested();
            d[node] = node.Op switch
            {
                Op.Var or Op.Load => direction.TryGetValue(node, out var component) ? component : _b.Zero,
                Op.Select => _b.Select(node.Args[0], D(node.Args[1]), D(node.Args[2])),
                _ => _b.Add(Enumerable.Range(0, node.Args.Count)
                    .Select(k => (k, dArg: D(node.Args[k])))
                    .Where(t => !t.dArg.IsConst(0))
                    .Select(t => _b.Mul(Partial(node, t.k), t.dArg))
                    .ToArray()),
            };
        }

        return roots.Select(D).ToArray();

        Expr D(Expr e) => e.IsBoolean || !e.DependsOnVar ? _b.Zero : d[e];
    }

    /// <summary>
    /// The Hessian of a function, row-major, given its <paramref name="gradient"/>: entry (i, j) is
    /// ∂gradient[i]/∂x[j]. Only the upper triangle is differentiated; the lower one is the same node (the Hessian
    /// of a twice continuously differentiable function is symmetric).
    /// </summary>
    public Expr[,] Hessian(IReadOnlyList<Expr> gradient, IReadOnlyList<Expr> variables)
    {
        int n = variables.Count;
        var h = new Expr[n, n];
        for (int j = 0; j < n; j++)
        {
            var column = Derivative(gradient.Take(j + 1).ToArray(), variables[j]);
            for (int i = 0; i <= j; i++)
            {
                h[i, j] = column[i];
                h[j, i] = column[i];
            }
        }

        return h;
    }

    /// <summary>Numeric nodes reachable from the roots that depend on a variable (conditions are not entered).</summary>
    private static IEnumerable<Expr> DifferentiableNodes(params Expr[] roots)
    {
        var seen = new HashSet<Expr>();
        var stack = new Stack<Expr>(roots.Where(r => !r.IsBoolean && r.DependsOnVar));
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node) || node.IsLeaf)
            {
                continue; // an element's index is an integer: nothing to differentiate below it
            }

            foreach (var arg in node.Args)
            {
                if (!arg.IsBoolean && arg.DependsOnVar)
                {
                    stack.Push(arg);
                }
            }
        }

        return seen;
    }
}
