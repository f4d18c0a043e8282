using System;
using System.Globalization;
using System.Linq;

namespace SymDiff.Samples.Problems;

/// <summary>
/// Helpers for the problems on vectors and matrices: one check row for a whole array (its worst entry), reference
/// formulas computed the plain way, reproducible random data and culture-invariant formatting. Matrices are
/// row-major spans, as in the generated code; entries are printed 1-based, as in the documents.
/// </summary>
public static class VectorChecks
{
    /// <summary>
    /// Adds one row comparing every entry of <paramref name="actual"/> with <paramref name="expected"/>: the row shows
    /// the entry with the largest difference (the first NaN if any), so the verdict holds for all of them.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="quantity">What is compared, e.g. "∂L/∂z".</param>
    /// <param name="actual">The values computed with generated derivatives.</param>
    /// <param name="expected">The reference values, as many.</param>
    /// <param name="tolerance">The largest absolute difference that counts as agreement, for every entry.</param>
    /// <param name="entryName">The name of entry i, e.g. "[2, 3]", printed after the quantity.</param>
    /// <param name="note">An optional remark.</param>
    public static CheckTable CheckEntries(this CheckTable table, string quantity, ReadOnlySpan<double> actual, ReadOnlySpan<double> expected,
        double tolerance, Func<int, string> entryName, string note = "")
    {
        if (actual.Length != expected.Length || actual.Length == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{quantity}: {actual.Length} values against {expected.Length} expected."), nameof(actual));
        }

        int worst = 0;
        double largest = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double difference = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(difference))
            {
                worst = i;
                break;
            }

            if (difference > largest)
            {
                largest = difference;
                worst = i;
            }
        }

        string name = string.Create(CultureInfo.InvariantCulture, $"{quantity}{entryName(worst)} (worst of {actual.Length})");
        return table.Check(name, actual[worst], expected[worst], tolerance, note);
    }

    /// <summary>The name of entry i of a vector, 1-based: "[i + 1]".</summary>
    public static Func<int, string> VectorEntry { get; } = i => string.Create(CultureInfo.InvariantCulture, $"[{i + 1}]");

    /// <summary>The name of entry i of a row-major matrix with <paramref name="columns"/> columns, 1-based: "[row, column]".</summary>
    public static Func<int, string> MatrixEntry(int columns) =>
        i => string.Create(CultureInfo.InvariantCulture, $"[{(i / columns) + 1}, {(i % columns) + 1}]");

    /// <summary>softmax(z)ᵢ = e^{zᵢ} / Σⱼ e^{zⱼ}, the textbook way (no shift: a reference for moderate z only).</summary>
    public static double[] Softmax(ReadOnlySpan<double> z)
    {
        var p = new double[z.Length];
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            p[i] = Math.Exp(z[i]);
            sum += p[i];
        }

        for (int i = 0; i < z.Length; i++)
        {
            p[i] /= sum;
        }

        return p;
    }

    /// <summary>The row-major product of the r × c matrix <paramref name="a"/> with the vector <paramref name="v"/> of length c.</summary>
    public static double[] Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> v)
    {
        int columns = v.Length;
        var product = new double[a.Length / columns];
        for (int i = 0; i < product.Length; i++)
        {
            double sum = 0;
            for (int j = 0; j < columns; j++)
            {
                sum += a[(i * columns) + j] * v[j];
            }

            product[i] = sum;
        }

        return product;
    }

    /// <summary>Σᵢ uᵢvᵢ.</summary>
    public static double Dot(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        double sum = 0;
        for (int i = 0; i < u.Length; i++)
        {
            sum += u[i] * v[i];
        }

        return sum;
    }

    /// <summary>The largest absolute entry, ‖v‖∞.</summary>
    public static double MaxAbs(ReadOnlySpan<double> v)
    {
        double max = 0;
        foreach (double x in v)
        {
            max = Math.Max(max, Math.Abs(x));
        }

        return max;
    }

    /// <summary>
    /// <paramref name="count"/> numbers drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>] and
    /// rounded to <paramref name="decimals"/> decimals, so that the printed data are exactly the data used.
    /// </summary>
    public static double[] Uniform(Random random, int count, double low, double high, int decimals = 2) =>
        Enumerable.Range(0, count).Select(_ => Math.Round(low + ((high - low) * random.NextDouble()), decimals)).ToArray();

    /// <summary>A vector as "(1.5, −0.25, 3)": shortest round-trip digits, invariant culture.</summary>
    public static string Vector(ReadOnlySpan<double> v) => "(" + string.Join(", ", v.ToArray().Select(Report.Format)) + ")";

    /// <summary>A vector with 12 significant digits per entry, invariant culture.</summary>
    public static string ShortVector(ReadOnlySpan<double> v) => "(" + string.Join(", ", v.ToArray().Select(Report.Short)) + ")";

    /// <summary>A row-major matrix with <paramref name="columns"/> columns as "[[1, 2], [3, 4]]".</summary>
    public static string Matrix(ReadOnlySpan<double> a, int columns)
    {
        var values = a.ToArray();
        return "[" + string.Join(", ", Enumerable.Range(0, values.Length / columns)
            .Select(i => "[" + string.Join(", ", values.Skip(i * columns).Take(columns).Select(Report.Format)) + "]")) + "]";
    }
}
