using System;
using System.Collections.Generic;
using System.Linq;

namespace SymDiff.Generator.Engine;

/// <summary>
/// Common-subexpression elimination for straight-line code: which nodes of a set of outputs (value, gradient,
/// Hessian) become locals, in what order, and under what names. A node becomes a local when it is used more than
/// once across all outputs (hash-consing has already made equal subexpressions one node), or when inlining it would
/// nest too deeply to read. Everything else is written inline where it is used.
/// </summary>
internal sealed class CodePlan
{
    /// <summary>Inline nesting deeper than this is cut into locals (keeps lines readable and the emitter's recursion bounded).</summary>
    public const int MaxInlineDepth = 24;

    private readonly Dictionary<Expr, string> _names;

    private CodePlan(IReadOnlyList<(Expr Node, string Name)> locals, Dictionary<Expr, string> names, IReadOnlyDictionary<Expr, string>? leafNames)
    {
        Locals = locals;
        _names = names;
        var reciprocals = names.Where(p => IsReciprocal(p.Key)).ToDictionary(p => p.Key.Args[0], p => p.Value);
        Printer = new ExprPrinter(
            Notation.CSharp,
            e => _names.TryGetValue(e, out var n) ? n : leafNames is not null && leafNames.TryGetValue(e, out var l) ? l : null,
            b => reciprocals.TryGetValue(b, out var r) ? r : null);
    }

    /// <summary>The locals in evaluation order (every local's operands come before it).</summary>
    public IReadOnlyList<(Expr Node, string Name)> Locals { get; }

    /// <summary>Writes C# that refers to the locals by name.</summary>
    public ExprPrinter Printer { get; }

    /// <summary>Plans the computation of <paramref name="outputs"/>.</summary>
    /// <param name="outputs">Every expression the code must produce.</param>
    /// <param name="hints">Preferred names (the user's own local variables) for nodes that become locals.</param>
    /// <param name="reserved">Names already taken (parameters, output spans).</param>
    /// <param name="leafNames">The C# names of variables and array elements where they differ from their own.</param>
    public static CodePlan Create(IReadOnlyList<Expr> outputs, IReadOnlyDictionary<Expr, string> hints, IEnumerable<string> reserved,
        IReadOnlyDictionary<Expr, string>? leafNames = null)
    {
        var uses = CountUses(outputs);
        var inlineDepth = new Dictionary<Expr, int>();
        var locals = new List<Expr>();
        foreach (var node in uses.Keys.OrderBy(n => n.Id))
        {
            int depth = node.Op == Op.Load ? 1 : 1 + node.Args.Select(a => inlineDepth[a]).DefaultIfEmpty(0).Max();
            bool isLeaf = node.Args.Count == 0 || node.Op == Op.Load;
            if (!isLeaf && !IsScaledAtom(node, inlineDepth) && (uses[node] > 1 || depth > MaxInlineDepth))
            {
                locals.Add(node);
                depth = 0;
            }

            inlineDepth[node] = depth;
        }

        var taken = new HashSet<string>(reserved, StringComparer.Ordinal);
        var names = new Dictionary<Expr, string>();
        int counter = 0;
        foreach (var node in locals)
        {
            var preferred = hints.TryGetValue(node, out var hint) ? hint : DerivedName(node, names, hints);
            string name;
            if (preferred is null)
            {
                do
                {
                    name = "t" + counter++;
                }
                while (!taken.Add(name));
            }
            else
            {
                name = preferred;
                for (int suffix = 2; !taken.Add(name); suffix++)
                {
                    name = preferred + suffix;
                }
            }

            names[node] = name;
        }

        // A reciprocal 1/b is defined right after b, so that b⁻² written as r * r never precedes r.
        var ordered = locals.OrderBy(n => IsReciprocal(n) ? n.Args[0].Id : n.Id).ThenBy(n => IsReciprocal(n) ? 1 : 0);
        return new CodePlan(ordered.Select(n => (n, names[n])).ToArray(), names, leafNames);
    }

    /// <summary>
    /// How often each node is referenced by the outputs and by other nodes. A small integer power counts its base
    /// twice, because C# writes <c>b²</c> as <c>b * b</c>.
    /// </summary>
    private static Dictionary<Expr, int> CountUses(IReadOnlyList<Expr> outputs)
    {
        var uses = new Dictionary<Expr, int>();
        foreach (var node in ExprSerializer.Reachable(outputs, enterIndices: false))
        {
            uses.TryGetValue(node, out var own);
            uses[node] = own;
            for (int k = 0; k < node.Args.Count && node.Op != Op.Load; k++)
            {
                var arg = node.Args[k];
                uses.TryGetValue(arg, out var count);
                bool expanded = node.Op == Op.Pow && k == 0 && node.Args[1].IsConstant
                    && Math.Abs(node.Args[1].Value) is 2 or 3;
                uses[arg] = count + (expanded ? 2 : 1);
            }
        }

        foreach (var output in outputs)
        {
            uses[output]++;
        }

        return uses;
    }

    private static bool IsReciprocal(Expr node) => node.Op == Op.Pow && node.Args[1].IsConst(-1);

    /// <summary>
    /// <c>k·a</c> for a leaf or local <c>a</c>: cheaper to write out than to name, and sums print it as
    /// <c>− a</c> or <c>+ 2 * a</c> anyway.
    /// </summary>
    private static bool IsScaledAtom(Expr node, Dictionary<Expr, int> inlineDepth)
        => node.Op == Op.Mul && node.Args.Count == 2 && node.Args[0].IsConstant
            && (node.Args[1].Args.Count == 0 || inlineDepth[node.Args[1]] == 0);

    /// <summary>A readable name for a call on a named operand (<c>sigmoidY</c>, <c>expX</c>), or null.</summary>
    internal static string? DerivedName(Expr node, IReadOnlyDictionary<Expr, string> names, IReadOnlyDictionary<Expr, string> hints)
    {
        if (node.Op != Op.Call || node.Args.Count != 1)
        {
            return null;
        }

        var arg = node.Args[0];
        var argName = arg.Op == Op.Var ? arg.Name : hints.TryGetValue(arg, out var h) ? h : names.TryGetValue(arg, out var n) && !IsGenerated(n) ? n : null;
        if (argName is null || argName.Length == 0 || !char.IsLetter(argName[0]) || !argName.All(c => char.IsLetterOrDigit(c) || c == '_'))
        {
            return null;
        }

        var fn = FnInfo.Of(node.Fn).Name;
        return char.ToLowerInvariant(fn[0]) + fn.Substring(1) + char.ToUpperInvariant(argName[0]) + argName.Substring(1);
    }

    private static bool IsGenerated(string name) => name.Length > 1 && name[0] == 't' && name.Skip(1).All(char.IsDigit);
}
