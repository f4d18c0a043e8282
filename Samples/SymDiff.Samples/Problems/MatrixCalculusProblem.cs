using System;
using System.Linq;
using static System.FormattableString;

namespace SymDiff.Samples.Problems;

/// <summary>
/// The functions of document 000, problems 4.a and 4.b, on vectors and row-major matrices; the generator adds
/// <c>QuadraticGradient</c>, <c>QuadraticHessian</c>, <c>RidgeGradient</c> and <c>RidgeHessian</c>.
/// </summary>
public static partial class MatrixCalculusFunctions
{
    /// <summary>
    /// f(x, Q) = xᵀQx = Σᵢ Σⱼ xᵢQᵢⱼxⱼ (000 4.a). Both arguments are differentiable, so the gradient holds ∂f/∂x
    /// (n entries) followed by ∂f/∂Q (n² entries, row-major).
    /// </summary>
    /// <param name="x">The vector x, of length n.</param>
    /// <param name="q">The n × n matrix Q, row-major: Qᵢⱼ = <c>q[i * n + j]</c>.</param>
    [Differentiable]
    public static double Quadratic(ReadOnlySpan<double> x, ReadOnlySpan<double> q)
    {
        int n = x.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                sum += x[i] * q[(i * n) + j] * x[j];
            }
        }

        return sum;
    }

    /// <summary>
    /// The L2-regularized least-squares loss of 000 4.b with the document's scaling,
    /// J(θ) = 1/(2n)·‖Xθ − y‖² + λθᵀθ (the document writes the penalty θᵀθ and solves with λ).
    /// </summary>
    /// <param name="theta">The weights θ, of length d: differentiable.</param>
    /// <param name="x">The n × d data matrix X, row-major (row i is sample i): data.</param>
    /// <param name="y">The n targets: data.</param>
    /// <param name="lambda">The penalty weight λ: data.</param>
    [Differentiable]
    public static double Ridge(ReadOnlySpan<double> theta, [Constant] ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> y, [Constant] double lambda)
    {
        int d = theta.Length;
        int n = y.Length;
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            double residual = -y[i];
            for (int j = 0; j < d; j++)
            {
                residual += x[(i * d) + j] * theta[j];
            }

            squares += residual * residual;
        }

        double penalty = 0;
        for (int j = 0; j < d; j++)
        {
            penalty += theta[j] * theta[j];
        }

        return (0.5 * squares / n) + (lambda * penalty);
    }
}

/// <summary>
/// Document 000, problems 4.a and 4.b. 4.a: the generated gradient of f(x, Q) = xᵀQx holds ∂f/∂x = (Q + Qᵀ)x and
/// ∂f/∂Q = xxᵀ (the document's xᵀx is wrong), and its Hessian the blocks Q + Qᵀ, ∂²f/∂xₖ∂Qᵢⱼ = δₖᵢxⱼ + δₖⱼxᵢ and 0.
/// 4.b: the generated gradient and Hessian of the ridge loss against the formulas, one Newton step from θ = 0 with
/// the generated Hessian (exact for a quadratic) against the closed form solved by Gaussian elimination, and the
/// document's closed form, which has the wrong scaling.
/// </summary>
public sealed class MatrixCalculusProblem : IProblem
{
    /// <summary>The seed of the random points and data: the output is the same on every run.</summary>
    private const int Seed = 4000;

    /// <summary>The ridge penalty λ of the example.</summary>
    private const double Lambda = 0.25;

    /// <inheritdoc />
    public string Title => "Document 000 §4.a–4.b · ∂(xᵀQx)/∂x, ∂(xᵀQx)/∂Q and the ridge-regression closed form";

    /// <inheritdoc />
    public void Run(Report report)
    {
        var random = new Random(Seed);
        report.Text("f(x, Q) = xᵀQx with x and Q both differentiable: the generated gradient is (∂f/∂x₁ … ∂f/∂xₙ, ∂f/∂Q₁₁ … ∂f/∂Qₙₙ).");
        report.Text(Invariant($"Random x, Q (entries in [−2, 2], two decimals, Q not symmetric) from System.Random({Seed})."));

        double[] x3 = VectorChecks.Uniform(random, 3, -2, 2);
        double[] q3 = VectorChecks.Uniform(random, 9, -2, 2);
        QuadraticForm(report, x3, q3, entryByEntry: true);
        QuadraticForm(report, VectorChecks.Uniform(random, 4, -2, 2), VectorChecks.Uniform(random, 16, -2, 2), entryByEntry: false);

        int n = x3.Length, size = n + (n * n);
        var names = Enumerable.Range(1, n).Select(i => Invariant($"x{i}"))
            .Concat(Enumerable.Range(0, n * n).Select(k => Invariant($"Q{(k / n) + 1}{(k % n) + 1}"))).ToArray();
        var quadratic = new SpanFunction(names,
            v => MatrixCalculusFunctions.Quadratic(v[..n], v[n..]),
            (v, g) => MatrixCalculusFunctions.QuadraticGradient(v[..n], v[n..], g),
            (v, g, h) => MatrixCalculusFunctions.QuadraticHessian(v[..n], v[n..], g, h));
        ReportGradientCheck(report, quadratic, x3.Concat(q3).ToArray(),
            Invariant($"at the n = {n} point: all {size} gradient and {size * size} Hessian entries"));

        report.Text("");
        report.Text("The document's ∂y/∂x = (Qx)ᵀ + xᵀQ = xᵀ(Q + Qᵀ) is right (as a row vector: ((Q + Qᵀ)x)ᵀ).");
        report.DocumentError(
            "000 4.a gives ∂y/∂Q = Σᵢ(xᵢˣ)ᵢ = xᵀx, a scalar. ∂y/∂Q has the shape of Q: ∂(xᵀQx)/∂Qᵢⱼ = xᵢxⱼ, so ∂y/∂Q = xxᵀ",
            "(checked entry by entry above); xᵀx = tr(xxᵀ) is only its trace.");
        double documentExpansion = x3.Sum() * VectorChecks.Multiply(q3, x3).Sum();
        report.DocumentError(
            "000 4.a expands xᵀQx = Σᵢ xᵢ(Σⱼ q_j1·x₁ + q_j2·x₂ + q_j3·x₃): with the sum over j that is (Σᵢxᵢ)(Σⱼ(Qx)ⱼ),",
            Invariant($"{Report.Short(documentExpansion)} at the n = 3 point, not xᵀQx = {Report.Short(MatrixCalculusFunctions.Quadratic(x3, q3))}. The inner sum is over row i of Q: Σᵢ xᵢ(qᵢ₁x₁ + qᵢ₂x₂ + qᵢ₃x₃)."));

        Ridge(report, random);
    }

    /// <summary>The generated value, gradient and Hessian of xᵀQx at (x, Q) against the formulas.</summary>
    private static void QuadraticForm(Report report, double[] x, double[] q, bool entryByEntry)
    {
        int n = x.Length, size = n + (n * n);
        var gradient = new double[size];
        var hessian = new double[size * size];
        double value = MatrixCalculusFunctions.QuadraticHessian(x, q, gradient, hessian);
        var gradientOnly = new double[size];
        MatrixCalculusFunctions.QuadraticGradient(x, q, gradientOnly);

        // The formulas: (Q + Qᵀ)x, xxᵀ, and the Hessian blocks Q + Qᵀ, δₖᵢxⱼ + δₖⱼxᵢ, 0.
        double[] qx = VectorChecks.Multiply(q, x);
        double[] qTx = Enumerable.Range(0, n).Select(j => Enumerable.Range(0, n).Sum(i => q[(i * n) + j] * x[i])).ToArray();
        double[] dx = qx.Zip(qTx, (a, b) => a + b).ToArray();
        double[] dq = Enumerable.Range(0, n * n).Select(k => x[k / n] * x[k % n]).ToArray();
        var xx = new double[n * n];
        var xq = new double[n * n * n];
        var qq = new double[n * n * n * n];
        var expectedXX = new double[n * n];
        var expectedXQ = new double[n * n * n];
        for (int k = 0; k < n; k++)
        {
            for (int l = 0; l < n; l++)
            {
                xx[(k * n) + l] = hessian[(k * size) + l];
                expectedXX[(k * n) + l] = q[(k * n) + l] + q[(l * n) + k];
            }

            for (int ij = 0; ij < n * n; ij++)
            {
                int i = ij / n, j = ij % n;
                xq[(k * n * n) + ij] = hessian[(k * size) + n + ij];
                expectedXQ[(k * n * n) + ij] = (k == i ? x[j] : 0) + (k == j ? x[i] : 0);
            }
        }

        for (int a = 0; a < n * n; a++)
        {
            for (int b = 0; b < n * n; b++)
            {
                qq[(a * n * n) + b] = hessian[((n + a) * size) + n + b];
            }
        }

        report.Text("");
        report.Text(Invariant($"n = {n}: x = {VectorChecks.Vector(x)}, Q = {VectorChecks.Matrix(q, n)}"));
        var table = report.Table(Invariant($"n = {n}: generated vs ∂f/∂x = (Q + Qᵀ)x, ∂f/∂Q = xxᵀ and the Hessian blocks"), "formula")
            .Check("f", value, VectorChecks.Dot(x, qx), 1e-13, "xᵀ(Qx)");
        if (entryByEntry)
        {
            for (int i = 0; i < n; i++)
            {
                table.Check(Invariant($"∂f/∂x{Subscript(i + 1)}"), gradient[i], dx[i], 1e-13, i == 0 ? "((Q + Qᵀ)x)ᵢ" : "");
            }

            for (int k = 0; k < n * n; k++)
            {
                table.Check(Invariant($"∂f/∂Q{Subscript((k / n) + 1)}{Subscript((k % n) + 1)}"), gradient[n + k], dq[k], 1e-13, k == 0 ? "xᵢxⱼ: ∂f/∂Q = xxᵀ" : "");
            }
        }
        else
        {
            table.CheckEntries("∂f/∂x", gradient.AsSpan(0, n), dx, 1e-13, VectorChecks.VectorEntry, "(Q + Qᵀ)x")
                .CheckEntries("∂f/∂Q", gradient.AsSpan(n), dq, 1e-13, VectorChecks.MatrixEntry(n), "xxᵀ");
        }

        table.Check("tr(∂f/∂Q)", Enumerable.Range(0, n).Sum(i => gradient[n + (i * n) + i]), VectorChecks.Dot(x, x), 1e-13, "xᵀx: the document's answer is only the trace")
            .CheckEntries("∇f (QuadraticGradient)", gradientOnly, dx.Concat(dq).ToArray(), 1e-13, VectorChecks.VectorEntry, "((Q + Qᵀ)x, xxᵀ)")
            .CheckEntries("∂²f/∂x∂x", xx, expectedXX, 1e-13, VectorChecks.MatrixEntry(n), "Q + Qᵀ")
            .CheckEntries("∂²f/∂xₖ∂Qᵢⱼ", xq, expectedXQ, 1e-13, VectorChecks.MatrixEntry(n * n), "δₖᵢxⱼ + δₖⱼxᵢ")
            .CheckEntries("∂²f/∂Q∂Q", qq, new double[qq.Length], 1e-15, VectorChecks.MatrixEntry(n * n), "f is linear in Q")
            .Print();
    }

    /// <summary>Document 000 4.b: the ridge loss, its closed form by one Newton step and by elimination, and the document's closed form.</summary>
    private static void Ridge(Report report, Random random)
    {
        const int n = 6, d = 3;
        double[] x = VectorChecks.Uniform(random, n * d, -2, 2, decimals: 1);
        double[] y = VectorChecks.Uniform(random, n, -3, 3, decimals: 1);
        report.Text("");
        report.Text("000 4.b: J(θ) = 1/(2n)·(Xθ − y)ᵀ(Xθ − y) + λθᵀθ, the document's scaling (its penalty is written θᵀθ and");
        report.Text("solved with λ); ∇J = (1/n)Xᵀ(Xθ − y) + 2λθ, ∇²J = XᵀX/n + 2λI, so ∇J = 0 at θ* = (XᵀX + 2nλI)⁻¹Xᵀy.");
        report.Text(Invariant($"n = {n} samples, d = {d}, λ = {Lambda}: X = {VectorChecks.Matrix(x, d)}"));
        report.Text(Invariant($"y = {VectorChecks.Vector(y)}"));

        // XᵀX and Xᵀy, the plain way.
        var xtx = new double[d * d];
        var xty = new double[d];
        for (int j = 0; j < d; j++)
        {
            for (int i = 0; i < n; i++)
            {
                xty[j] += x[(i * d) + j] * y[i];
                for (int k = 0; k < d; k++)
                {
                    xtx[(j * d) + k] += x[(i * d) + j] * x[(i * d) + k];
                }
            }
        }

        var table = report.Table("Generated ∇J and ∇²J vs the formulas at random θ", "formula");
        var gradient = new double[d];
        var hessian = new double[d * d];
        double[] expectedHessian = xtx.Select((a, k) => (a / n) + (k % (d + 1) == 0 ? 2 * Lambda : 0)).ToArray();
        for (int point = 0; point < 3; point++)
        {
            double[] theta = VectorChecks.Uniform(random, d, -1, 1);
            double value = MatrixCalculusFunctions.RidgeHessian(theta, x, y, Lambda, gradient, hessian);
            double[] residual = VectorChecks.Multiply(x, theta).Zip(y, (a, b) => a - b).ToArray();
            double[] expectedGradient = Enumerable.Range(0, d)
                .Select(j => (Enumerable.Range(0, n).Sum(i => x[(i * d) + j] * residual[i]) / n) + (2 * Lambda * theta[j])).ToArray();
            var gradientOnly = new double[d];
            MatrixCalculusFunctions.RidgeGradient(theta, x, y, Lambda, gradientOnly);
            string at = " at θ = " + VectorChecks.Vector(theta);
            table.Check("J" + at, value, (VectorChecks.Dot(residual, residual) / (2 * n)) + (Lambda * VectorChecks.Dot(theta, theta)), 1e-13)
                .CheckEntries("∇J", gradient, expectedGradient, 1e-13, VectorChecks.VectorEntry, "(1/n)Xᵀ(Xθ − y) + 2λθ")
                .CheckEntries("∇J (RidgeGradient)", gradientOnly, expectedGradient, 1e-13, VectorChecks.VectorEntry)
                .CheckEntries("∇²J", hessian, expectedHessian, 1e-13, VectorChecks.MatrixEntry(d), "XᵀX/n + 2λI");
        }

        table.Print();

        var ridge = new SpanFunction(
            Enumerable.Range(1, d).Select(j => Invariant($"θ{j}")).ToArray(),
            theta => MatrixCalculusFunctions.Ridge(theta, x, y, Lambda),
            (theta, g) => MatrixCalculusFunctions.RidgeGradient(theta, x, y, Lambda, g),
            (theta, g, h) => MatrixCalculusFunctions.RidgeHessian(theta, x, y, Lambda, g, h));

        // J is quadratic, so one Newton step from anywhere lands on the minimizer: θ₁ = 0 − (∇²J)⁻¹∇J(0).
        double[] newton = Newton.Step(ridge, new double[d]);
        double[] closedForm = Solve(xtx.Select((a, k) => a + (k % (d + 1) == 0 ? 2 * n * Lambda : 0)).ToArray(), xty);
        double[] documentForm = Solve(xtx.Select((a, k) => a + (k % (d + 1) == 0 ? 2 * Lambda : 0)).ToArray(), xty);
        var atClosedForm = new double[d];
        var atNewton = new double[d];
        var atDocument = new double[d];
        var atDocumentScaled = new double[d];
        MatrixCalculusFunctions.RidgeHessian(closedForm, x, y, Lambda, atClosedForm, hessian);
        var definiteness = Curvature.CheckPositiveSemidefinite(hessian, d);
        MatrixCalculusFunctions.RidgeGradient(newton, x, y, Lambda, atNewton);
        MatrixCalculusFunctions.RidgeGradient(documentForm, x, y, Lambda, atDocument);
        MatrixCalculusFunctions.RidgeGradient(documentForm, x, y, Lambda / n, atDocumentScaled);

        report.Text("");
        report.Text("θ* = (XᵀX + 2nλI)⁻¹Xᵀy by Gaussian elimination with partial pivoting = " + VectorChecks.ShortVector(closedForm) + ".");
        report.Table("The minimizer: one Newton step from θ = 0 with the generated Hessian (Newton.Step) vs the closed form", "expected")
            .CheckEntries("θ₁ = −(∇²J)⁻¹∇J(0)", newton, closedForm, 1e-12, VectorChecks.VectorEntry, "θ* (J is quadratic: one step is exact)")
            .CheckEntries("∇J(θ*)", atClosedForm, new double[d], 1e-13, VectorChecks.VectorEntry, "the generated gradient vanishes at θ*")
            .CheckEntries("∇J(θ₁)", atNewton, new double[d], 1e-13, VectorChecks.VectorEntry)
            .Verify("∇²J ≻ 0", definiteness.IsPositiveDefinite, "λ₁ = " + Report.Short(definiteness.SmallestEigenvalue), "> 0",
                "XᵀX/n + 2λI ⪰ 2λI: θ* is the unique minimizer")
            .CheckEntries("∇J_λ/n(θ_doc)", atDocumentScaled, new double[d], 1e-13, VectorChecks.VectorEntry,
                "the document's θ_doc = (XᵀX + 2λI)⁻¹Xᵀy minimizes J with λ/n")
            .Verify("‖∇J(θ_doc)‖∞", VectorChecks.MaxAbs(atDocument) > 1e-6, Report.Short(VectorChecks.MaxAbs(atDocument)), "≠ 0",
                "θ_doc = " + VectorChecks.ShortVector(documentForm) + " is not the minimizer of J")
            .Print();

        ReportGradientCheck(report, ridge, VectorChecks.Uniform(random, d, -1, 1), "of ∇J and ∇²J at a random θ");

        report.Text("");
        report.DocumentError(
            "000 4.b: J(θ) = 1/(2n)(Xθ − y)ᵀ(Xθ − y) + θᵀθ has no λ, and the next line drops the 1/n: ∂J/∂θ = (1/n)Xᵀ(Xθ − y) + 2θ,",
            "not XᵀXθ − Xᵀy + 2θ; then (XᵀX + 2λI)θ = Xᵀy brings in a λ. With the penalty λθᵀθ its last line implies,",
            "∇J = 0 gives θ* = (XᵀX + 2nλI)⁻¹Xᵀy (checked above); the document's (XᵀX + 2λI)⁻¹Xᵀy minimizes ½‖Xθ − y‖² + λθᵀθ,",
            "that is J with λ/n in place of λ: at it ∇J is not 0 (table above). The two agree only for n = 1.");
    }

    /// <summary>A <see cref="GradientCheck"/> of a generated gradient and Hessian against finite differences of the function itself.</summary>
    private static void ReportGradientCheck(Report report, IDifferentiableFunction f, double[] point, string what)
    {
        var check = GradientCheck.Check(f, point);
        report.Table("GradientCheck " + what, "required")
            .Verify("worst relative error", check.Passes(1e-8), Report.Error(Math.Max(check.WorstGradientError, check.WorstHessianError ?? 0)), "≤ 1E-8",
                check.WorstEntry is { } worst ? "worst entry " + worst.Name : "")
            .Print();
    }

    /// <summary>
    /// Solves A·u = b for the n × n row-major A by Gaussian elimination with partial pivoting (a reference independent
    /// of the runtime's LU). Throws when A is singular to working precision.
    /// </summary>
    private static double[] Solve(double[] a, double[] b)
    {
        int n = b.Length;
        var m = (double[])a.Clone();
        var u = (double[])b.Clone();
        for (int column = 0; column < n; column++)
        {
            int pivot = column;
            for (int row = column + 1; row < n; row++)
            {
                if (Math.Abs(m[(row * n) + column]) > Math.Abs(m[(pivot * n) + column]))
                {
                    pivot = row;
                }
            }

            if (m[(pivot * n) + column] == 0)
            {
                throw new InvalidOperationException("The matrix is singular.");
            }

            for (int k = 0; k < n; k++)
            {
                (m[(column * n) + k], m[(pivot * n) + k]) = (m[(pivot * n) + k], m[(column * n) + k]);
            }

            (u[column], u[pivot]) = (u[pivot], u[column]);
            for (int row = column + 1; row < n; row++)
            {
                double factor = m[(row * n) + column] / m[(column * n) + column];
                for (int k = column; k < n; k++)
                {
                    m[(row * n) + k] -= factor * m[(column * n) + k];
                }

                u[row] -= factor * u[column];
            }
        }

        for (int row = n - 1; row >= 0; row--)
        {
            double sum = u[row];
            for (int k = row + 1; k < n; k++)
            {
                sum -= m[(row * n) + k] * u[k];
            }

            u[row] = sum / m[(row * n) + row];
        }

        return u;
    }

    private static string Subscript(int i) => string.Concat(i.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => (char)('₀' + (c - '0'))));
}
