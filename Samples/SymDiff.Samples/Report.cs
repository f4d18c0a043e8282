using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SymDiff.Samples;

/// <summary>
/// Writes the samples' output: a heading per problem, free text, and tables of checks. Counts the checks and
/// the disagreements so that <see cref="Program"/> can fail when a generated derivative is wrong.
/// All numbers are formatted with the invariant culture.
/// </summary>
public sealed class Report
{
    private readonly TextWriter output;

    /// <summary>Creates a report that writes to <paramref name="output"/>.</summary>
    public Report(TextWriter output) => this.output = output;

    /// <summary>The number of checks made so far.</summary>
    public int Checks { get; private set; }

    /// <summary>The number of checks that disagreed so far.</summary>
    public int Disagreements { get; private set; }

    /// <summary>The number of errors found in the documents so far (see <see cref="DocumentError"/>); they do not fail the run.</summary>
    public int DocumentErrors { get; private set; }

    /// <summary>Starts a problem: a blank line, the title, and a rule under it.</summary>
    public void Heading(string title)
    {
        output.WriteLine();
        output.WriteLine(title);
        output.WriteLine(new string('═', title.Length));
    }

    /// <summary>Writes one indented line of explanation.</summary>
    public void Text(string line) => output.WriteLine(("  " + line).TrimEnd());

    /// <summary>Starts a table of checks; rows are written when <see cref="CheckTable.Print"/> is called.</summary>
    /// <param name="caption">What the table compares, including the tolerance used.</param>
    /// <param name="expectedHeader">The header of the column of expected values, e.g. "document".</param>
    public CheckTable Table(string caption, string expectedHeader = "expected") => new(this, caption, expectedHeader);

    /// <summary>
    /// Writes a mistake found in a document: what it states, the correct statement and why. The first line gets a
    /// marker, the others are indented under it. Counted in <see cref="DocumentErrors"/>; the computed values are
    /// still checked against the correct mathematics, so a document error is not a disagreement.
    /// </summary>
    public void DocumentError(params string[] lines)
    {
        DocumentErrors++;
        for (int i = 0; i < lines.Length; i++)
        {
            Text((i == 0 ? "⚠ Document error: " : "  ") + lines[i]);
        }
    }

    /// <summary>Starts a plain table of values (no checks), e.g. the iterates of a run.</summary>
    /// <param name="caption">What the table shows.</param>
    /// <param name="headers">The column headers.</param>
    public Listing Listing(string caption, params string[] headers) => new(this, caption, headers);

    /// <summary>Writes the totals.</summary>
    public void Summary()
    {
        output.WriteLine();
        output.WriteLine(Disagreements == 0
            ? $"All {Checks} checks agree."
            : $"{Disagreements} of {Checks} checks DISAGREE.");
        if (DocumentErrors > 0)
        {
            output.WriteLine($"{DocumentErrors} errors in the documents are noted above (⚠), each with the correct value.");
        }
    }

    internal void Record(bool agrees)
    {
        Checks++;
        if (!agrees)
        {
            Disagreements++;
        }
    }

    internal void WriteLine(string line) => output.WriteLine(line);

    /// <summary>Formats a number the way the report prints it: shortest round-trip, invariant culture.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a number with 12 significant digits, invariant culture: for tables of iterates.</summary>
    public static string Short(double value) => value.ToString("G12", CultureInfo.InvariantCulture);

    /// <summary>Formats a small error or norm as 1.2E-15, invariant culture.</summary>
    public static string Error(double value) => value == 0 ? "0" : value.ToString("0.0E+0", CultureInfo.InvariantCulture);
}

/// <summary>
/// A table of checks: each row compares a value computed with generated code against an expected one, within an
/// absolute tolerance, and gets a verdict (✓ or ✗) and an optional note.
/// </summary>
public sealed class CheckTable
{
    private readonly Report report;
    private readonly string caption;
    private readonly string expectedHeader;
    private readonly List<Row> rows = new();

    internal CheckTable(Report report, string caption, string expectedHeader)
    {
        this.report = report;
        this.caption = caption;
        this.expectedHeader = expectedHeader;
    }

    /// <summary>Adds a row comparing <paramref name="actual"/> with <paramref name="expected"/>.</summary>
    /// <param name="quantity">What is compared, e.g. "∂f/∂x".</param>
    /// <param name="actual">The value computed with generated derivatives.</param>
    /// <param name="expected">The reference value.</param>
    /// <param name="tolerance">The largest absolute difference that counts as agreement.</param>
    /// <param name="note">An optional remark printed at the end of the row.</param>
    /// <param name="expectedText">How to print the expected value (e.g. exactly as a document states it); defaults to the number.</param>
    public CheckTable Check(string quantity, double actual, double expected, double tolerance, string note = "", string? expectedText = null)
    {
        double difference = Math.Abs(actual - expected);
        bool agrees = difference <= tolerance; // false for NaN
        report.Record(agrees);
        rows.Add(new Row(quantity, Report.Format(actual), expectedText ?? Report.Format(expected),
            difference == 0 ? "0" : difference.ToString("0.0E+0", CultureInfo.InvariantCulture),
            tolerance == 0 ? "0" : tolerance.ToString("0E+0", CultureInfo.InvariantCulture),
            agrees ? "✓" : "✗ DISAGREES",
            note));
        return this;
    }

    /// <summary>
    /// Adds a row comparing <paramref name="actual"/> with a number as a document states it, within one unit of the
    /// last digit stated; the note says how the stated number relates to the exact one (exact, correctly rounded,
    /// truncated ...), followed by <paramref name="remark"/>.
    /// </summary>
    public CheckTable CheckDocument(string quantity, double actual, string stated, string remark = "")
    {
        double expected = double.Parse(stated, NumberStyles.Float, CultureInfo.InvariantCulture);
        int decimals = stated.IndexOf('.') is var point and >= 0 ? stated.Length - point - 1 : 0;
        string rounded = Math.Round(actual, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);
        double scale = Math.Pow(10, decimals);
        string truncated = (Math.Truncate(actual * scale) / scale).ToString("F" + decimals, CultureInfo.InvariantCulture);
        string relation = actual == expected ? "exact"
            : rounded == stated ? "correctly rounded"
            : truncated == stated ? $"truncated: correctly rounded is {rounded}"
            : $"last digit off: correctly rounded is {rounded}";
        return Check(quantity, actual, expected, 1 / scale, remark.Length == 0 ? relation : relation + "; " + remark, stated);
    }

    /// <summary>
    /// Adds a row for a check that is not a comparison of two numbers (a status, a classification, an inequality):
    /// <paramref name="agrees"/> decides the verdict, and the |Δ| and tol columns are left empty.
    /// </summary>
    public CheckTable Verify(string quantity, bool agrees, string actual, string expected, string note = "")
    {
        report.Record(agrees);
        rows.Add(new Row(quantity, actual, expected, "", "", agrees ? "✓" : "✗ DISAGREES", note));
        return this;
    }

    /// <summary>Writes the caption and the rows with aligned columns (numbers aligned on the decimal point).</summary>
    public void Print()
    {
        var quantity = Column("quantity", rows.Select(r => r.Quantity), decimalAlign: false);
        var actual = Column("generated", rows.Select(r => r.Actual), decimalAlign: true);
        var expected = Column(expectedHeader, rows.Select(r => r.Expected), decimalAlign: true);
        var difference = Column("|Δ|", rows.Select(r => r.Difference), decimalAlign: false);
        var tolerance = Column("tol", rows.Select(r => r.Tolerance), decimalAlign: false);
        var verdict = Column("", rows.Select(r => r.Verdict), decimalAlign: false);
        var columns = new[] { quantity, actual, expected, difference, tolerance, verdict };

        report.WriteLine("");
        report.WriteLine("  " + caption);
        for (int line = 0; line <= rows.Count; line++)
        {
            string text = "    " + string.Join("  ", columns.Select(c => c[line]));
            string note = line == 0 ? "" : rows[line - 1].Note;
            report.WriteLine((note.Length == 0 ? text : text + "  " + note).TrimEnd());
        }
    }

    // The header followed by the cells, all padded to one width. Decimal alignment lines up the '.' of the cells that
    // are numbers (or numeric expressions such as 17/15, without letters); cells of text are left-aligned.
    internal static string[] Column(string header, IEnumerable<string> cells, bool decimalAlign)
    {
        var list = cells.ToList();
        var numbers = list.Where(IsNumeric).ToList();
        if (decimalAlign && numbers.Count > 0)
        {
            int Point(string s) => s.IndexOf('.') is var i and >= 0 ? i : s.Length;
            int left = numbers.Max(Point);
            int right = numbers.Max(s => s.Length - Point(s));
            list = list.Select(s => IsNumeric(s) ? new string(' ', left - Point(s)) + s + new string(' ', right - (s.Length - Point(s))) : s).ToList();
        }

        list.Insert(0, header);
        int width = list.Max(s => s.Length);
        return list.Select(s => s.PadRight(width)).ToArray();
    }

    private static bool IsNumeric(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || !cell.Any(char.IsLetter);

    private sealed record Row(string Quantity, string Actual, string Expected, string Difference, string Tolerance, string Verdict, string Note);
}

/// <summary>A plain table of values with aligned columns: numeric columns are aligned on the decimal point.</summary>
public sealed class Listing
{
    private readonly Report report;
    private readonly string caption;
    private readonly string[] headers;
    private readonly List<string[]> rows = new();

    internal Listing(Report report, string caption, string[] headers)
    {
        this.report = report;
        this.caption = caption;
        this.headers = headers;
    }

    /// <summary>Adds a row; it must have one cell per header.</summary>
    public Listing Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row of '{caption}' needs {headers.Length} cells, not {cells.Length}.", nameof(cells));
        }

        rows.Add(cells);
        return this;
    }

    /// <summary>Adds a row of vertical ellipses, marking rows left out.</summary>
    public Listing Gap() => Row(headers.Select(_ => "⋮").ToArray());

    /// <summary>Writes the caption, the header and the rows.</summary>
    public void Print()
    {
        var columns = headers.Select((header, c) =>
        {
            var cells = rows.Select(r => r[c]).ToList();
            bool numeric = cells.All(s => s == "⋮" || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            var column = CheckTable.Column(header, cells, numeric);
            return column;
        }).ToArray();

        report.WriteLine("");
        report.WriteLine("  " + caption);
        for (int line = 0; line <= rows.Count; line++)
        {
            report.WriteLine(("    " + string.Join("  ", columns.Select(c => c[line]))).TrimEnd());
        }
    }
}
