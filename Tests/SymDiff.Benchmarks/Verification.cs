using System;
using System.Globalization;
using System.IO;

namespace SymDiff.Benchmarks;

/// <summary>
/// Checks, before anything is timed, that the hand-written baselines agree with the generated derivatives to 1e-12
/// (relative to max(1, |value|)) at several points, so that a baseline is known to be right; and that the finite
/// differences are close (1e-7 for the gradient, 1e-5 for the Hessian stencil). Then runs
/// <see cref="ArrayVerification"/>, the checks of the array benchmarks.
/// </summary>
public static class Verification
{
    private static readonly (double X, double Y)[] Points = { (1, 0), (0.3, -0.7), (2, 1.5), (-0.4, 2.5) };

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
            bool pointOk = handError <= 1e-12 && generatedSelf <= 1e-12 && fdGradientError <= 1e-7 && fdHessianError <= 1e-5;
            ok &= pointOk;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"({x,4}, {y,4}): hand-written vs generated {handError:0.0E+0}, FGradient vs FHessian {generatedSelf:0.0E+0}, " +
                $"finite-difference gradient {fdGradientError:0.0E+0}, finite-difference Hessian {fdHessianError:0.0E+0}  {(pointOk ? "✓" : "✗ DISAGREES")}"));
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
