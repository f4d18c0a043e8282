using System;

namespace SymDiff.Learning;

/// <summary>
/// Levenberg-Marquardt steps for small networks: each step solves (G + λI)d = −g by conjugate gradients, where G is
/// the Gauss-Newton matrix applied through <see cref="Network.GaussNewtonVectorProduct"/> (generated Jacobian-vector
/// products, the loss's generated Hessian-vector product, generated vector-Jacobian products; G is never formed),
/// then keeps the step only if it lowers the loss: λ shrinks after a success and grows after a failure, so the
/// method moves between Gauss-Newton (small λ) and short gradient steps (large λ).
/// </summary>
/// <remarks>
/// Each step costs up to one gradient and, per conjugate-gradient iteration, one Gauss-Newton product (about two
/// gradients), so it suits networks with up to a few thousand parameters. It trains on the whole batch it is given.
/// Buffers are allocated once, in the constructor.
/// </remarks>
public sealed class GaussNewtonOptimizer
{
    private readonly Network _network;
    private readonly Loss _loss;
    private readonly double[] _gradient;
    private readonly double[] _residual;
    private readonly double[] _direction;
    private readonly double[] _product;
    private readonly double[] _step;
    private readonly double[] _trial;

    /// <summary>Creates the optimizer for <paramref name="network"/> and <paramref name="loss"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="loss">The loss; it needs a <see cref="Loss.HessianVectorProduct"/>.</param>
    /// <param name="damping">The starting λ &gt; 0.</param>
    /// <param name="maxIterations">The most conjugate-gradient iterations per step; 0 means the number of parameters.</param>
    public GaussNewtonOptimizer(Network network, Loss loss, double damping = 1e-2, int maxIterations = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.HessianVectorProduct is null)
        {
            throw new ArgumentException($"The loss '{loss.Name}' has no Hessian-vector product; Gauss-Newton steps need one.", nameof(loss));
        }

        OptimizerChecks.Positive(damping, nameof(damping));
        ArgumentOutOfRangeException.ThrowIfNegative(maxIterations);
        (_network, _loss, Damping) = (network, loss, damping);
        int n = network.ParameterCount;
        MaxIterations = maxIterations == 0 ? n : maxIterations;
        (_gradient, _residual, _direction, _product, _step, _trial) = (new double[n], new double[n], new double[n], new double[n], new double[n], new double[n]);
    }

    /// <summary>The current λ.</summary>
    public double Damping { get; private set; }

    /// <summary>The most conjugate-gradient iterations per solve.</summary>
    public int MaxIterations { get; }

    /// <summary>
    /// Takes one step: solves for d, and accepts θ + d if it lowers the loss (then λ ← λ/3); otherwise λ ← 4λ and it
    /// solves again, up to 20 times. The parameters change only on success.
    /// </summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="inputs">The batch's inputs.</param>
    /// <param name="targets">The batch's targets.</param>
    /// <returns>
    /// The mean loss after the step (the same as before if no step lowered it; NaN, with the parameters unchanged, if
    /// the loss at the parameters is not finite).
    /// </returns>
    public double Step(Span<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
    {
        double value = _network.Gradient(parameters, _loss, inputs, targets, _gradient);
        if (!double.IsFinite(value))
        {
            return value;
        }

        for (int attempt = 0; attempt < 20; attempt++)
        {
            Solve(parameters, inputs, targets);
            for (int i = 0; i < _trial.Length; i++)
            {
                _trial[i] = parameters[i] + _step[i];
            }

            double trial = _network.Loss(_trial, _loss, inputs, targets);
            if (trial < value)
            {
                _trial.CopyTo(parameters);
                Damping = Math.Max(Damping / 3, 1e-12);
                return trial;
            }

            Damping *= 4;
        }

        return value;
    }

    /// <summary>Conjugate gradients on (G + λI)d = −g, from d = 0.</summary>
    private void Solve(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
    {
        int n = _step.Length;
        for (int i = 0; i < n; i++)
        {
            _residual[i] = -_gradient[i];
        }

        _residual.CopyTo(_direction, 0);
        Array.Clear(_step);
        double rr = DenseLinearAlgebra.Dot(_residual, _residual);
        double tolerance = 1e-20 * rr;
        for (int k = 0; k < MaxIterations && rr > tolerance; k++)
        {
            _network.GaussNewtonVectorProduct(parameters, _loss, inputs, targets, _direction, _product);
            for (int i = 0; i < n; i++)
            {
                _product[i] += Damping * _direction[i];
            }

            double curvature = DenseLinearAlgebra.Dot(_direction, _product);
            if (!(curvature > 0))
            {
                return; // rounding has made G + λI look singular along this direction: keep the step so far
            }

            double alpha = rr / curvature;
            for (int i = 0; i < n; i++)
            {
                _step[i] += alpha * _direction[i];
                _residual[i] -= alpha * _product[i];
            }

            double next = DenseLinearAlgebra.Dot(_residual, _residual);
            double beta = next / rr;
            rr = next;
            for (int i = 0; i < n; i++)
            {
                _direction[i] = _residual[i] + (beta * _direction[i]);
            }
        }
    }
}
