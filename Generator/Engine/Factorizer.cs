using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace SymDiff.Generator.Engine;

/// <summary>
/// Pulls common factors out of sums, greedily: <c>a·b + a·c + d = a·(b + c) + d</c>, choosing each time the factor
/// shared by the most terms. Reverse-mode derivatives come out as expanded sums of products (one term per path);
/// factoring them back is what turns <c>2x/d − 3n/d² + n·σ′/d²</c> into <c>(2x + n·(σ′ − 3)/d)/d</c>, with fewer
/// multiplications and divisions. Applied to the outputs just before code generation.
/// </summary>
internal sealed class Factorizer
{
    private readonly ExprBuilder _b;
    private readonly CancellationToken _cancellation;
    private readonly Dictionary<Expr, Expr> _factored = new();

    public Factorizer(ExprBuilder builder, CancellationToken cancellation = default)
    {
        _b = builder;
        _cancellation = cancellation;
    }

    /// <summary>The roots with every sum below them factored (shared nodes are factored once).</summary>
    public Expr[] Factor(IReadOnlyList<Expr> roots)
    {
        foreach (var node in ExprSerializer.Reachable(roots).OrderBy(n => n.Id))
        {
            _cancellation.ThrowIfCancellationRequested();
            if (!_factored.ContainsKey(node))
            {
                _factored[node] = Rebuild(node);
            }
        }

        return roots.Select(r => _factored[r]).ToArray();
    }

    /// <summary>What <paramref name="original"/> became, if it was below a factored root; else itself.</summary>
    public Expr Map(Expr original) => _factored.TryGetValue(original, out var factored) ? factored : original;

    private Expr Rebuild(Expr node)
    {
        if (node.Args.Count == 0)
        {
            return node;
        }

        var args = node.Args.Select(a => _factored[a]).ToArray();
        return node.Op == Op.Add
            ? FactorSum(args.Select(Monomial.Of).ToList())
            : _b.Make(node.Op, node.Fn, node.Value, node.Name, node.Index, args);
    }

    private Expr FactorSum(List<Monomial> terms)
    {
        _cancellation.ThrowIfCancellationRequested();

        // 200·y − 200·x² = 200·(y − x²): a common coefficient comes out, so the sum inside may be a node the
        // code already has. (Inside an enclosing sum the builder distributes it again, which costs nothing.)
        double k = Math.Abs(terms[0].Coefficient);
        if (terms.Count >= 2 && k != 1 && k != 0 && terms.All(t => Math.Abs(t.Coefficient) == k))
        {
            return _b.Mul(_b.Const(k), FactorSum(terms.Select(t => t.DividedBy(k)).ToList()));
        }

        // For each factor (base and sign of exponent): the terms it appears in, and its smallest |exponent|.
        var counts = new Dictionary<(Expr Base, int Sign), (int Count, double MinAbs)>();
        foreach (var term in terms)
        {
            foreach (var (b, e) in term.Factors)
            {
                var key = (b, Math.Sign(e));
                counts[key] = counts.TryGetValue(key, out var c) ? (c.Count + 1, Math.Min(c.MinAbs, Math.Abs(e))) : (1, Math.Abs(e));
            }
        }

        // Factors common to every term come out together (one level, not one per factor) ...
        var common = counts.Where(c => c.Value.Count == terms.Count && terms.Count >= 2)
            .Select(c => (c.Key.Base, Exponent: c.Key.Sign * c.Value.MinAbs)).OrderBy(c => c.Base.Id).ToList();
        if (common.Count > 0)
        {
            var quotient = terms.Select(t => common.Aggregate(t, (m, f) => m.Divide(f.Base, f.Exponent))).ToList();
            var factor = _b.Mul(common.Select(f => _b.Pow(f.Base, _b.Const(f.Exponent))).ToArray());
            return _b.Mul(factor, FactorSum(quotient));
        }

        // ... otherwise the factor shared by the most terms; ties go to the oldest base, then positive powers.
        (Expr Base, int Sign, int Count, double MinAbs) best = default;
        foreach (var c in counts)
        {
            if (c.Value.Count < 2)
            {
                continue;
            }

            bool better = best.Base is null || c.Value.Count > best.Count
                || (c.Value.Count == best.Count && (c.Key.Base.Id < best.Base.Id || (c.Key.Base.Id == best.Base.Id && c.Key.Sign > best.Sign)));
            if (better)
            {
                best = (c.Key.Base, c.Key.Sign, c.Value.Count, c.Value.MinAbs);
            }
        }

        if (best.Base is null)
        {
            return _b.Add(terms.Select(t => t.ToExpr(_b)).ToArray());
        }

        var inGroup = new List<Monomial>();
        var others = new List<Monomial>();
        foreach (var term in terms)
        {
            bool has = term.Factors.Any(f => ReferenceEquals(f.Base, best.Base) && Math.Sign(f.Exponent) == best.Sign);
            (has ? inGroup : others).Add(term);
        }

        double exponent = best.Sign * inGroup.Min(t => Math.Abs(t.Factors.First(f => ReferenceEquals(f.Base, best.Base) && Math.Sign(f.Exponent) == best.Sign).Exponent));
        var inner = FactorSum(inGroup.Select(t => t.Divide(best.Base, exponent)).ToList());
        var factored = _b.Mul(_b.Pow(best.Base, _b.Const(exponent)), inner);
        return others.Count == 0 ? factored : _b.Add(factored, FactorSum(others));
    }

    /// <summary>A term of a sum as <c>k · Π baseᵉ</c>.</summary>
    private sealed class Monomial
    {
        private Monomial(double coefficient, List<(Expr Base, double Exponent)> factors)
        {
            Coefficient = coefficient;
            Factors = factors;
        }

        public double Coefficient { get; }

        public List<(Expr Base, double Exponent)> Factors { get; }

        public static Monomial Of(Expr term)
        {
            double k = 1;
            var factors = new List<(Expr, double)>();
            foreach (var f in term.Op == Op.Mul ? term.Args : new[] { term })
            {
                if (f.IsConstant)
                {
                    k *= f.Value;
                }
                else if (f.Op == Op.Pow && f.Args[1].IsConstant)
                {
                    factors.Add((f.Args[0], f.Args[1].Value));
                }
                else
                {
                    factors.Add((f, 1));
                }
            }

            return new Monomial(k, factors);
        }

        public Monomial Divide(Expr factor, double exponent)
            => new(Coefficient, Factors
                .Select(f => ReferenceEquals(f.Base, factor) ? (f.Base, f.Exponent - exponent) : f)
                .Where(f => f.Item2 != 0)
                .ToList());

        public Monomial DividedBy(double k) => new(Coefficient / k, Factors);

        public Expr ToExpr(ExprBuilder b)
            => b.Mul(Factors.Select(f => b.Pow(f.Base, b.Const(f.Exponent))).Prepend(b.Const(Coefficient)).ToArray());
    }
}
