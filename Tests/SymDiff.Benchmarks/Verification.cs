using System;
using System.Globalization;
using System.IO;

namespace SymDiff.Benchmarks;

/// <summary>
/// Checks, before anything is timed, that the hand-written baselines agree with the generated derivatives to 1e-12
/// (relative to max(1, |value|)) at several points, so that a baseline is known to be right; and that the finite
/// differences are close (1e-7 for the gradient, 1e-5 for the Hessian stencil, 1e-7 for the central difference of the
/// gradient along v that stands for H·v). The same for the two-variable Rosenbrock function (finite differences to
/// 1e-6: its derivatives reach thousands). Then runs <see cref="ArrayVerification"/>, the checks of the array
/// benchmarks.
/// </summary>
public static class Verification
{
    private static readonly (double X, double Y)[] Points = { (1, 0), (0.3, -0.7), (2, 1.5), (-0.4, 2.5) };

    // Points of the Rosenbrock function: the classic start, the minimum, and two others.
    private static readonly (double X, double Y)[] RosenbrockPoints = { (-1.2, 1), (1, 1), (0.3, -0.7), (2, 1.5) };

    // The directions of the Hessian-vector products.
    private static readonly double[][] Vectors = { new[] { 0.6, -0.8 }, new[] { -1.5, 0.25 } };

    // The hand-written gradients as functions of the vector (x, y), for the finite differences.
    private static readonly ObjectiveGradient SeedGradient = static (p, g) => HandWritten.Gradient(p[0], p[1], g);
    private static readonly ObjectiveGradient RosenbrockGradient = static (p, g) => HandWrittenRosenbrock.Gradient2(p[0], p[1], g);

    /// <summary>Runs the checks, writes one line per point, and returns whether all agree.</summary>
    public static bool Run(TextWriter output)
    {
        bool ok = true;
        foreach (var (x, y) in Points)
        {
            double[] generated = Outputs(SeedFunction.FHessian, x, y);
            double[] hand = Outputs(HandWritten.Hessian, x, y);
            double[] handGradient = GradientOutputs(HandWritten.Gradient, x, y);
            double[] generatedGradient = GradientOutputs(SeedFunction.FGradient, x, y);
            double[] fdGradient = GradientOutputs(FiniteDifference.Gradient, x, y);
            double[] fdHessian = Outputs(FiniteDifference.Hessian, x, y);

            double handError = Math.Max(MaxError(hand, generated), MaxError(handGradient, generatedGradient));
            double generatedSelf = MaxError(generatedGradient, generated.AsSpan(0, 3).ToArray());
            double fdGradientError = MaxError(fdGradient, generatedGradient);
            double fdHessianError = MaxError(fdHessian, generated);

            // H·v: hand-written and generated agree, and agree with the generated Hessian times v.
            double productError = 0, productSelf = 0, fdProductError = 0;
            foreach (double[] v in Vectors)
            {
                double[] handProduct = ProductOutputs(HandWritten.HessianVectorProduct, x, y, v);
                double[] generatedProduct = ProductOutputs(SeedFunction.FHessianVectorProduct, x, y, v);
                productError = Math.Max(productError, MaxError(handProduct, generatedProduct));
                productSelf = Math.Max(productSelf, MaxError(generatedProduct, HessianTimes(generated, v)));
                fdProductError = Math.Max(fdProductError, MaxError(FiniteDifferenceProduct(SeedGradient, x, y, v), generatedProduct));
            }

            bool pointOk = handError <= 1e-12 && generatedSelf <= 1e-12 && fdGradientError <= 1e-7 && fdHessianError <= 1e-5
                && productError <= 1e-12 && productSelf <= 1e-12 && fdProductError <= 1e-7;
            ok &= pointOk;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"({x,4}, {y,4}): hand-written vs generated {handError:0.0E+0}, FGradient vs FHessian {generatedSelf:0.0E+0}, " +
                $"finite-difference gradient {fdGradientError:0.0E+0}, finite-difference Hessian {fdHessianError:0.0E+0}, " +
                $"H·v hand-written vs generated {productError:0.0E+0}, FHessianVectorProduct vs FHessian·v {productSelf:0.0E+0}, " +
                $"finite-difference H·v {fdProductError:0.0E+0}  {(pointOk ? "✓" : "✗ DISAGREES")}"));
        }

        foreach (var (x, y) in RosenbrockPoints)
        {
            ok &= CheckRosenbrock2(output, x, y);
        }

        // The array benchmarks (softmax cross-entropy, 2-layer perceptron, ADBench GMM).
        ok &= ArrayVerification.Run(output);
        ok &= SpiralTrainingStep.Verify(output);
        return ok;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> if <see cref="Run"/> finds a disagreement.</summary>
    public static void ThrowIfWrong()
    {
        var log = new StringWriter();
        if (!Run(log))
        {
            throw new InvalidOperationException("The hand-written derivatives disagree with the generated ones:" + Environment.NewLine + log);
        }
    }

    // Rosenbrock2: the hand-written value, gradient, Hessian and H·v against the generated ones (1e-12), the generated
    // ones against each other (1e-12), and the benchmarks' finite differences against the generated ones (1e-6).
    private static bool CheckRosenbrock2(TextWriter output, double x, double y)
    {
        double[] generated = Outputs(RosenbrockFunctions.Rosenbrock2Hessian, x, y);
        double[] hand = Outputs(HandWrittenRosenbrock.Hessian2, x, y);
        double[] generatedGradient = GradientOutputs(RosenbrockFunctions.Rosenbrock2Gradient, x, y);
        double[] handGradient = GradientOutputs(HandWrittenRosenbrock.Gradient2, x, y);
        double valueError = MaxError(new[] { RosenbrockFunctions.Rosenbrock2(x, y) }, new[] { generated[0] });
        double handError = Math.Max(MaxError(hand, generated), MaxError(handGradient, generatedGradient));
        double generatedSelf = Math.Max(valueError, MaxError(generatedGradient, generated.AsSpan(0, 3).ToArray()));

        // The finite differences exactly as the benchmarks call them.
        var point = new[] { x, y };
        var fdGradient = new double[3];
        fdGradient[0] = CentralDifferences.Gradient(static p => RosenbrockFunctions.Rosenbrock2(p[0], p[1]), point, fdGradient.AsSpan(1));
        var fdHessian = new double[7];
        fdHessian[0] = CentralDifferences.Hessian(RosenbrockGradient, point, new double[4], fdHessian.AsSpan(1, 2), fdHessian.AsSpan(3));
        double fdGradientError = MaxError(fdGradient, generatedGradient);
        double fdHessianError = MaxError(fdHessian, generated);

        double productError = 0, productSelf = 0, fdProductError = 0;
        foreach (double[] v in Vectors)
        {
            double[] handProduct = ProductOutputs(HandWrittenRosenbrock.HessianVectorProduct2, x, y, v);
            double[] generatedProduct = ProductOutputs(RosenbrockFunctions.Rosenbrock2HessianVectorProduct, x, y, v);
            productError = Math.Max(productError, MaxError(handProduct, generatedProduct));
            productSelf = Math.Max(productSelf, MaxError(generatedProduct, HessianTimes(generated, v)));
            fdProductError = Math.Max(fdProductError, MaxError(FiniteDifferenceProduct(RosenbrockGradient, x, y, v), generatedProduct));
        }

        handError = Math.Max(handError, productError);
        generatedSelf = Math.Max(generatedSelf, productSelf);
        double fdError = Math.Max(Math.Max(fdGradientError, fdHessianError), fdProductError);
        bool ok = handError <= 1e-12 && generatedSelf <= 1e-12 && fdError <= 1e-6;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Rosenbrock2 ({x,4}, {y,4}): hand-written vs generated (gradient, Hessian, H·v) {handError:0.0E+0}, " +
            $"generated among themselves {generatedSelf:0.0E+0}, finite-difference gradient {fdGradientError:0.0E+0}, " +
            $"Hessian {fdHessianError:0.0E+0}, H·v {fdProductError:0.0E+0}  {(ok ? "✓" : "✗ DISAGREES")}"));
        return ok;
    }

    // value (the generated Hessian's outputs: value, gradient (2), Hessian (4)) and H·v from them.
    private static double[] HessianTimes(double[] outputs, double[] v) =>
        new[] { outputs[0], outputs[3] * v[0] + outputs[4] * v[1], outputs[5] * v[0] + outputs[6] * v[1] };

    // The benchmarks' central difference of a gradient along v; its value is f up to O(h²), so the exact value is
    // put in its place (the benchmark's returned value is not what is checked).
    private static double[] FiniteDifferenceProduct(ObjectiveGradient gradient, double x, double y, double[] v)
    {
        var result = new double[3];
        result[0] = gradient(new[] { x, y }, new double[2]);
        CentralDifferences.HessianVectorProduct(gradient, new[] { x, y }, v, new double[4], result.AsSpan(1));
        return result;
    }

    private delegate double ProductFunction(double x, double y, ReadOnlySpan<double> vector, Span<double> product);

    // value, H·v (2)
    private static double[] ProductOutputs(ProductFunction function, double x, double y, double[] v)
    {
        var result = new double[3];
        result[0] = function(x, y, v, result.AsSpan(1, 2));
        return result;
    }

    private delegate double HessianFunction(double x, double y, Span<double> gradient, Span<double> hessian);

    private delegate double GradientFunction(double x, double y, Span<double> gradient);

    // value, gradient (2), Hessian (4)
    private static double[] Outputs(HessianFunction function, double x, double y)
    {
        var result = new double[7];
        result[0] = function(x, y, result.AsSpan(1, 2), result.AsSpan(3, 4));
        return result;
    }

    // value, gradient (2)
    private static double[] GradientOutputs(GradientFunction function, double x, double y)
    {
        var result = new double[3];
        result[0] = function(x, y, result.AsSpan(1, 2));
        return result;
    }

    private static double MaxError(double[] actual, double[] expected)
    {
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]) / Math.Max(1, Math.Abs(expected[i]));
            max = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(max, error);
        }

        return max;
    }
}
