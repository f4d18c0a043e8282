using System;

namespace SymDiff.Learning;

/// <summary>
/// A loss's value and gradient for one sample: the generated <c>FGradient</c> of a <see cref="DifferentiableAttribute"/>
/// method <c>double F(ReadOnlySpan&lt;double&gt; output, [Constant] ReadOnlySpan&lt;double&gt; target)</c>.
/// </summary>
/// <param name="output">The network's output for the sample.</param>
/// <param name="target">The sample's target.</param>
/// <param name="gradient">Receives ∂loss/∂output.</param>
/// <returns>The loss.</returns>
public delegate double LossGradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient);

/// <summary>
/// A loss's Hessian-vector product for one sample: the generated <c>FHessianVectorProduct</c> of the loss method.
/// </summary>
/// <param name="output">The network's output for the sample.</param>
/// <param name="target">The sample's target.</param>
/// <param name="vector">A direction of the output.</param>
/// <param name="product">Receives ∇²loss·v (over the output).</param>
/// <returns>The loss.</returns>
public delegate double LossHessianVectorProduct(ReadOnlySpan<double> output, ReadOnlySpan<double> target, ReadOnlySpan<double> vector, Span<double> product);

/// <summary>
/// The loss a <see cref="Network"/> minimises, per sample; the network averages it over a batch. Targets have one
/// value per network output (a one-hot vector for a class label).
/// </summary>
public sealed class Loss
{
    private Loss(string name, LossGradient gradient, LossHessianVectorProduct? hessianVectorProduct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(gradient);
        Name = name;
        Gradient = gradient;
        HessianVectorProduct = hessianVectorProduct;
    }

    /// <summary>Cross-entropy of softmax(output) against a one-hot (or probability) target (document 001, Q3); stable for any logits.</summary>
    public static Loss SoftmaxCrossEntropy { get; } = new("softmax cross-entropy", LayerFunctions.SoftmaxCrossEntropyGradient,
        LayerFunctions.SoftmaxCrossEntropyHessianVectorProduct);

    /// <summary>½‖output − target‖².</summary>
    public static Loss SquaredError { get; } = new("squared error", LayerFunctions.SquaredErrorGradient, LayerFunctions.SquaredErrorHessianVectorProduct);

    /// <summary>Binary cross-entropy of σ(output) against targets in [0, 1], computed from the logits (stable).</summary>
    public static Loss SigmoidCrossEntropy { get; } = new("sigmoid cross-entropy", LayerFunctions.SigmoidCrossEntropyGradient,
        LayerFunctions.SigmoidCrossEntropyHessianVectorProduct);

    /// <summary>The name, for messages.</summary>
    public string Name { get; }

    /// <summary>The value and gradient for one sample.</summary>
    public LossGradient Gradient { get; }

    /// <summary>The Hessian-vector product for one sample (Gauss-Newton products need it), or null.</summary>
    public LossHessianVectorProduct? HessianVectorProduct { get; }

    /// <summary>A loss of your own, from the generated methods of a <see cref="DifferentiableAttribute"/> loss method.</summary>
    /// <example><code>
    /// var huber = Loss.Create("huber", MyLosses.HuberGradient, MyLosses.HuberHessianVectorProduct);
    /// </code></example>
    /// <param name="name">The name, for messages.</param>
    /// <param name="gradient">The generated <c>FGradient</c>.</param>
    /// <param name="hessianVectorProduct">The generated <c>FHessianVectorProduct</c>, or null.</param>
    /// <returns>The loss.</returns>
    public static Loss Create(string name, LossGradient gradient, LossHessianVectorProduct? hessianVectorProduct = null)
        => new(name, gradient, hessianVectorProduct);

    /// <inheritdoc />
    public override string ToString() => Name;
}
