using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SymDiff.Generator.Engine;

/// <summary>
/// A compact, exact, line-per-node text form of a DAG (with optional name hints), so a lowered method can travel
/// through the incremental pipeline as an equatable string and be rebuilt node for node in another builder.
/// Line k defines node k: <c>op fn value index name | arg arg ...</c>; numbers are round-trip ("R") invariant.
/// </summary>
internal static class ExprSerializer
{
    /// <summary>Writes the DAG below <paramref name="roots"/> with the given name hints.</summary>
    public static string Serialize(IReadOnlyList<Expr> roots, IReadOnlyDictionary<Expr, string>? names = null)
    {
        var nodes = Reachable(roots).OrderBy(n => n.Id).ToList();
        var index = new Dictionary<Expr, int>();
        var sb = new StringBuilder();
        foreach (var node in nodes)
        {
            index[node] = index.Count;
            sb.Append(Text((int)node.Op)).Append(' ')
              .Append(Text((int)node.Fn)).Append(' ')
              .Append(node.Value.ToString("R", CultureInfo.InvariantCulture)).Append(' ')
              .Append(Text(node.Index)).Append(' ')
              .Append(node.Name ?? "-").Append(" |");
            foreach (var arg in node.Args)
            {
                sb.Append(' ').Append(Text(index[arg]));
            }

            sb.Append('\n');
        }

        sb.Append("roots");
        foreach (var root in roots)
        {
            sb.Append(' ').Append(Text(index[root]));
        }

        sb.Append('\n');
        if (names is not null)
        {
            foreach (var pair in names.Where(p => index.ContainsKey(p.Key)).OrderBy(p => index[p.Key]))
            {
                sb.Append("name ").Append(Text(index[pair.Key])).Append(' ').Append(pair.Value).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Rebuilds a serialized DAG in <paramref name="builder"/>, through its simplifying constructors so that every
    /// node is canonical for that builder (ordering by id depends on a builder's history); returns the roots and
    /// the name hints.
    /// </summary>
    public static (Expr[] Roots, Dictionary<Expr, string> Names) Deserialize(ExprBuilder builder, string text)
    {
        var nodes = new List<Expr>();
        var roots = Array.Empty<Expr>();
        var names = new Dictionary<Expr, string>();
        foreach (var line in text.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts[0] == "roots")
            {
                roots = parts.Skip(1).Select(p => nodes[Int(p)]).ToArray();
            }
            else if (parts[0] == "name")
            {
                names[nodes[Int(parts[1])]] = parts[2];
            }
            else
            {
                var args = parts.Skip(6).Select(p => nodes[Int(p)]).ToArray();
                nodes.Add(builder.Make(
                    (Op)Int(parts[0]),
                    (Fn)Int(parts[1]),
                    double.Parse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture),
                    parts[4] == "-" ? null : parts[4],
                    Int(parts[3]),
                    args));
            }
        }

        return (roots, names);
    }

    /// <summary>
    /// Every node below the roots (iteratively: deep expressions must not overflow the stack); without
    /// <paramref name="enterIndices"/>, the integer indices of array elements are left out.
    /// </summary>
    public static HashSet<Expr> Reachable(IEnumerable<Expr> roots, bool enterIndices = true)
    {
        var seen = new HashSet<Expr>();
        var stack = new Stack<Expr>(roots);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (seen.Add(node) && (enterIndices || node.Op != Op.Load))
            {
                foreach (var arg in node.Args)
                {
                    stack.Push(arg);
                }
            }
        }

        return seen;
    }

    /// <summary>An integer in invariant form (StringBuilder.Append(int) would use the current culture's minus sign).</summary>
    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
