using System;

namespace SymDiff.Learning;

/// <summary>
/// Updates parameters from their gradient, one step at a time; optimizers with state keep it per parameter. A
/// gradient with a NaN or infinite entry (a diverged loss, a bad input) is refused with an
/// <see cref="ArgumentException"/> naming the entry, before anything changes: the parameters and the optimizer's
/// state stay as they were.
/// </summary>
public interface IOptimizer
{
    /// <summary>Takes one step.</summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradient">The gradient of the loss at <paramref name="parameters"/>, as long as them, all finite.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the gradient has a NaN or infinite entry.</exception>
    void Step(Span<double> parameters, ReadOnlySpan<double> gradient);
}

/// <summary>Plain gradient descent θ ← θ − α·g.</summary>
public sealed class GradientDescentOptimizer : IOptimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">α &gt; 0.</param>
    public GradientDescentOptimizer(double learningRate)
    {
        OptimizerChecks.Positive(learningRate, nameof(learningRate));
        LearningRate = learningRate;
    }

    /// <summary>α.</summary>
    public double LearningRate { get; }

    /// <inheritdoc />
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        OptimizerChecks.CheckGradient(parameters, gradient);
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] -= LearningRate * gradient[i];
        }
    }
}

/// <summary>Gradient descent with momentum (heavy ball): v ← μ·v − α·g, θ ← θ + v, with v = 0 at the start.</summary>
public sealed class MomentumOptimizer : IOptimizer
{
    private readonly double[] _velocity;

    /// <summary>Creates the optimizer for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The number of parameters (the state is allocated here, once).</param>
    /// <param name="learningRate">α &gt; 0.</param>
    /// <param name="momentum">μ in [0, 1).</param>
    public MomentumOptimizer(int parameterCount, double learningRate, double momentum = 0.9)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        OptimizerChecks.Positive(learningRate, nameof(learningRate));
        OptimizerChecks.Fraction(momentum, nameof(momentum));
        _velocity = new double[parameterCount];
        (LearningRate, Momentum) = (learningRate, momentum);
    }

    /// <summary>α.</summary>
    public double LearningRate { get; }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <inheritdoc />
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        OptimizerChecks.CheckGradient(parameters, gradient, _velocity.Length);
        for (int i = 0; i < parameters.Length; i++)
        {
            _velocity[i] = (Momentum * _velocity[i]) - (LearningRate * gradient[i]);
            parameters[i] += _velocity[i];
        }
    }
}

/// <summary>
/// Adam (Kingma and Ba): m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², and with the bias corrections of document 002,
/// 2.2.2, m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ) at step t = 1, 2, …: θ ← θ − α·m̂ / (√v̂ + ε). The corrections undo
/// the pull of m and v towards their zero start: with constant gradients, m̂ = g and v̂ = g² from the first step.
/// </summary>
public sealed class AdamOptimizer : IOptimizer
{
    private readonly double[] _mean;
    private readonly double[] _square;
    private double _beta1Power = 1;
    private double _beta2Power = 1;

    /// <summary>Creates the optimizer for <paramref name="parameterCount"/> parameters, with the paper's defaults.</summary>
    /// <param name="parameterCount">The number of parameters (the state is allocated here, once).</param>
    /// <param name="learningRate">α &gt; 0.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    public AdamOptimizer(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        OptimizerChecks.Positive(learningRate, nameof(learningRate));
        OptimizerChecks.Fraction(beta1, nameof(beta1));
        OptimizerChecks.Fraction(beta2, nameof(beta2));
        OptimizerChecks.Positive(epsilon, nameof(epsilon));
        _mean = new double[parameterCount];
        _square = new double[parameterCount];
        (LearningRate, Beta1, Beta2, Epsilon) = (learningRate, beta1, beta2, epsilon);
    }

    /// <summary>α.</summary>
    public double LearningRate { get; }

    /// <summary>β₁, the decay of the mean.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the uncentred variance.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>The number of steps taken, t.</summary>
    public int Steps { get; private set; }

    /// <inheritdoc />
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        OptimizerChecks.CheckGradient(parameters, gradient, _mean.Length);
        Steps++;
        _beta1Power *= Beta1;
        _beta2Power *= Beta2;
        double meanCorrection = 1 / (1 - _beta1Power);
        double squareCorrection = 1 / (1 - _beta2Power);
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            _mean[i] = (Beta1 * _mean[i]) + ((1 - Beta1) * g);
            _square[i] = (Beta2 * _square[i]) + ((1 - Beta2) * g * g);
            parameters[i] -= LearningRate * _mean[i] * meanCorrection / (Math.Sqrt(_square[i] * squareCorrection) + Epsilon);
        }
    }
}

internal static class OptimizerChecks
{
    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");
        }
    }

    public static void Fraction(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
        }
    }

    /// <summary>The gradient is as long as the parameters (and the optimizer's state), and finite.</summary>
    public static void CheckGradient(ReadOnlySpan<double> parameters, ReadOnlySpan<double> gradient, int expected = -1)
    {
        if (gradient.Length != parameters.Length)
        {
            throw new ArgumentException($"The gradient has {gradient.Length} elements but there are {parameters.Length} parameters.", nameof(gradient));
        }

        if (expected >= 0 && parameters.Length != expected)
        {
            throw new ArgumentException($"The optimizer was created for {expected} parameters but was given {parameters.Length}.", nameof(parameters));
        }

        for (int i = 0; i < gradient.Length; i++)
        {
            if (!double.IsFinite(gradient[i]))
            {
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"gradient[{i}] is {gradient[i]}: the loss or an input is not finite (a learning rate too large can make training diverge). The parameters were not changed."),
                    nameof(gradient));
            }
        }
    }
}
