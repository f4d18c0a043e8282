using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SymDiff.Generator.Engine;

/// <summary>
/// The text form of a <see cref="Procedure"/>, so it travels through the incremental pipeline as an equatable
/// string: the DAG of all its expressions (<see cref="ExprSerializer"/>), a line <c>%%</c>, then one line per
/// parameter, array and statement, referring to the DAG's roots by position.
/// </summary>
internal static class ProcedureSerializer
{
    private const string Separator = "%%";

    public static string Serialize(Procedure procedure)
    {
        var roots = new List<Expr>();
        var position = new Dictionary<Expr, int>();
        int Root(Expr e)
        {
            if (!position.TryGetValue(e, out var k))
            {
                position[e] = k = roots.Count;
                roots.Add(e);
            }

            return k;
        }

        var lines = new StringBuilder();
        foreach (var p in procedure.Parameters)
        {
            lines.Append(FormattableString.Invariant($"param {p.Name} {(int)p.Kind} {(p.IsDifferentiable ? 1 : 0)} {(p.IsResult ? 1 : 0)} {p.Type}\n"));
        }

        foreach (var a in procedure.Arrays)
        {
            lines.Append(FormattableString.Invariant($"array {a.Name} {Root(a.Length)}\n"));
        }

        void Write(IReadOnlyList<Statement> block)
        {
            foreach (var statement in block)
            {
                switch (statement)
                {
                    case Store s:
                        lines.Append(FormattableString.Invariant($"store {s.Array} {Root(s.Index)} {Root(s.Value)} {(s.Accumulate ? 1 : 0)}\n"));
                        break;
                    case Loop l:
                        lines.Append(FormattableString.Invariant($"loop {Root(l.Counter)} {Root(l.From)} {Root(l.To)} {l.Site}\n"));
                        foreach (var c in l.Carried)
                        {
                            lines.Append(FormattableString.Invariant($"carried {c.Variable} {Root(c.Entry)} {Root(c.Exit)} {Root(c.Initial)} {Root(c.Update)}\n"));
                        }

                        Write(l.Body);
                        lines.Append("end\n");
                        break;
                }
            }
        }

        Write(procedure.Body);
        if (procedure.Value is not null)
        {
            lines.Append(FormattableString.Invariant($"value {Root(procedure.Value)}\n"));
        }

        var text = ExprSerializer.Serialize(roots, procedure.Names);
        return text + Separator + "\n" + lines;
    }

    public static Procedure Deserialize(ExprBuilder builder, string text)
    {
        int split = text.IndexOf("\n" + Separator + "\n", StringComparison.Ordinal);
        var (roots, names) = ExprSerializer.Deserialize(builder, text.Substring(0, split + 1));
        var parameters = new List<ProcedureParameter>();
        var arrays = new List<LocalArray>();
        var blocks = new Stack<(List<Statement> Body, Expr[] Header, int Site, List<Carried> Carried)>();
        var top = new List<Statement>();
        var current = top;
        List<Carried>? carried = null;
        Expr? value = null;
        foreach (var line in text.Substring(split + Separator.Length + 2).Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            Expr R(int k) => roots[int.Parse(parts[k], CultureInfo.InvariantCulture)];
            switch (parts[0])
            {
                case "param":
                    parameters.Add(new ProcedureParameter(parts[1], (ParameterKind)int.Parse(parts[2], CultureInfo.InvariantCulture),
                        parts[3] == "1", parts[4] == "1", parts[5]));
                    break;
                case "array":
                    arrays.Add(new LocalArray(parts[1], R(2)));
                    break;
                case "store":
                    current.Add(new Store(parts[1], R(2), R(3), parts[4] == "1"));
                    break;
                case "loop":
                    blocks.Push((current, new[] { R(1), R(2), R(3) }, int.Parse(parts[4], CultureInfo.InvariantCulture), carried = new List<Carried>()));
                    current = new List<Statement>();
                    break;
                case "carried":
                    carried!.Add(new Carried(parts[1], R(2), R(3), R(4), R(5)));
                    break;
                case "end":
                    var (outer, header, site, loopCarried) = blocks.Pop();
                    outer.Add(new Loop(header[0], header[1], header[2], loopCarried, current, site));
                    current = outer;
                    break;
                case "value":
                    value = R(1);
                    break;
            }
        }

        return new Procedure(parameters, arrays, top, value, names);
    }
}
