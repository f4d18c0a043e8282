using System;
using System.Collections.Generic;
using System.Globalization;

namespace SymDiff.Learning;

/// <summary>
/// A feed-forward network: a chain of <see cref="Layer"/>s whose forward passes are <see cref="DifferentiableAttribute"/>
/// methods and whose backward passes are the vector-Jacobian products the generator wrote for them; the network runs
/// the forward passes over a batch, then the backward passes in reverse order (backpropagation).
/// </summary>
/// <remarks>
/// <para>The parameters live in one vector the caller owns (<see cref="CreateParameters"/>), the layers' parameters
/// one after the other (<see cref="ParameterRange"/>), so any <see cref="IOptimizer"/> can update them.</para>
/// <para>Batches are row-major: sample s of the inputs is <c>inputs[s * InputSize .. (s + 1) * InputSize]</c>, and the
/// same for targets and outputs. The network keeps work buffers sized for the largest batch it has seen: after the
/// first call at a batch size, calls allocate nothing. A network is therefore not safe for concurrent use; use one
/// per thread (they are cheap, and may share layers).</para>
/// </remarks>
/// <example><code>
/// var network = new Network(Layer.Dense(2, 16), Layer.Tanh(16), Layer.Dense(16, 1));
/// double[] theta = network.CreateParameters(seed: 1);
/// var adam = new AdamOptimizer(network.ParameterCount, learningRate: 0.01);
/// double loss = network.Gradient(theta, Loss.SigmoidCrossEntropy, inputs, targets, gradient);
/// adam.Step(theta, gradient);
/// </code></example>
public sealed class Network
{
    private readonly Layer[] _layers;
    private readonly int[] _offsets;
    private int _capacity;
    private double[] _activations = Array.Empty<double>();
    private int[] _activationOffsets;
    private double[] _upstream = Array.Empty<double>();
    private double[] _downstream = Array.Empty<double>();
    private double[] _scratch = Array.Empty<double>();
    private double[] _lossGradient;

    /// <summary>Chains <paramref name="layers"/>: each layer's input size must be the previous layer's output size.</summary>
    /// <param name="layers">The layers, input first.</param>
    /// <exception cref="ArgumentException">There are no layers, or two neighbours do not fit.</exception>
    public Network(params Layer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        for (int l = 0; l < layers.Length; l++)
        {
            if (layers[l] is null)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Layer {l} is null."), nameof(layers));
            }

            if (l > 0 && layers[l].InputSize != layers[l - 1].OutputSize)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Layer {l} '{layers[l].Name}' takes {layers[l].InputSize} inputs, but layer {l - 1} '{layers[l - 1].Name}' gives {layers[l - 1].OutputSize} outputs."),
                    nameof(layers));
            }
        }

        _layers = (Layer[])layers.Clone();
        _offsets = new int[layers.Length + 1];
        _activationOffsets = new int[layers.Length + 1];
        for (int l = 0; l < layers.Length; l++)
        {
            _offsets[l + 1] = checked(_offsets[l] + layers[l].ParameterCount);
        }

        _lossGradient = new double[OutputSize];
    }

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The size of one sample's input.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>The size of one sample's output (and target).</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>The length of the parameter vector.</summary>
    public int ParameterCount => _offsets[^1];

    /// <summary>Where layer <paramref name="layer"/>'s parameters are in the parameter vector.</summary>
    /// <param name="layer">The layer's index.</param>
    /// <returns>The range.</returns>
    public Range ParameterRange(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, _layers.Length);
        return _offsets[layer].._offsets[layer + 1];
    }

    /// <summary>A new parameter vector, initialised by every layer from one seeded random source.</summary>
    /// <param name="seed">The seed: the same seed gives the same parameters.</param>
    /// <returns>The parameters.</returns>
    public double[] CreateParameters(int seed)
    {
        var parameters = new double[ParameterCount];
        Initialize(parameters, seed);
        return parameters;
    }

    /// <summary>Initialises <paramref name="parameters"/> by every layer from one seeded random source.</summary>
    /// <param name="parameters">The parameter vector.</param>
    /// <param name="seed">The seed.</param>
    public void Initialize(Span<double> parameters, int seed)
    {
        CheckParameters(parameters);
        var random = new Random(seed);
        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l].Initialize(random, parameters[ParameterRange(l)]);
        }
    }

    /// <summary>Runs the network on a batch.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="inputs">The batch's inputs, a whole number of samples.</param>
    /// <param name="outputs">Receives the outputs, <see cref="OutputSize"/> per sample.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Predict(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        int batch = Forward(parameters, inputs);
        if (outputs.Length != batch * OutputSize)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"outputs must have {batch * OutputSize} elements ({batch} samples × {OutputSize} outputs), but it has {outputs.Length}."), nameof(outputs));
        }

        Output(batch).CopyTo(outputs);
    }

    /// <summary>The class of one sample: the index of its largest output.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="input">One sample's input.</param>
    /// <returns>The index of the largest output.</returns>
    public int Classify(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input)
    {
        if (input.Length != InputSize)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"input must have {InputSize} elements, but it has {input.Length}."), nameof(input));
        }

        Forward(parameters, input);
        var output = Output(1);
        int best = 0;
        for (int i = 1; i < output.Length; i++)
        {
            if (output[i] > output[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>The mean loss over a batch.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="loss">The loss per sample.</param>
    /// <param name="inputs">The batch's inputs.</param>
    /// <param name="targets">The batch's targets, <see cref="OutputSize"/> per sample.</param>
    /// <returns>(1/N) Σₛ loss(outputₛ, targetₛ).</returns>
    public double Loss(ReadOnlySpan<double> parameters, Loss loss, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
    {
        ArgumentNullException.ThrowIfNull(loss);
        int batch = Forward(parameters, inputs);
        CheckTargets(targets, batch);
        var output = Output(batch);
        double sum = 0;
        for (int s = 0; s < batch; s++)
        {
            sum += loss.Gradient(output.Slice(s * OutputSize, OutputSize), targets.Slice(s * OutputSize, OutputSize), _lossGradient);
        }

        return sum / batch;
    }

    /// <summary>
    /// The mean loss over a batch and its gradient with respect to every parameter, by backpropagation: the forward
    /// passes, the loss's generated gradient, then each layer's generated vector-Jacobian product in reverse order.
    /// </summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="loss">The loss per sample.</param>
    /// <param name="inputs">The batch's inputs.</param>
    /// <param name="targets">The batch's targets, <see cref="OutputSize"/> per sample.</param>
    /// <param name="gradient">Receives ∂(mean loss)/∂parameters.</param>
    /// <returns>The mean loss.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public double Gradient(ReadOnlySpan<double> parameters, Loss loss, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(loss);
        CheckGradient(gradient, nameof(gradient));
        int batch = Forward(parameters, inputs);
        CheckTargets(targets, batch);
        var output = Output(batch);
        var cotangent = _upstream.AsSpan(0, batch * OutputSize);
        double sum = 0;
        for (int s = 0; s < batch; s++)
        {
            sum += loss.Gradient(output.Slice(s * OutputSize, OutputSize), targets.Slice(s * OutputSize, OutputSize), cotangent.Slice(s * OutputSize, OutputSize));
        }

        Scale(cotangent, 1.0 / batch);
        Backward(parameters, inputs, batch, gradient);
        return sum / batch;
    }

    /// <summary>
    /// The Gauss-Newton matrix G = (1/N) Σₛ Jₛᵀ Hₛ Jₛ times a vector, where Jₛ is the Jacobian of sample s's output
    /// with respect to the parameters and Hₛ the loss's Hessian with respect to the output: the layers' generated
    /// Jacobian-vector products push v forward, the loss's generated Hessian-vector product multiplies, and the
    /// vector-Jacobian products pull back. G is positive semidefinite for a convex loss.
    /// </summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="loss">The loss per sample; it must have a <see cref="Learning.Loss.HessianVectorProduct"/>.</param>
    /// <param name="inputs">The batch's inputs.</param>
    /// <param name="targets">The batch's targets.</param>
    /// <param name="vector">v, over the parameters.</param>
    /// <param name="product">Receives G·v.</param>
    /// <returns>The mean loss.</returns>
    public double GaussNewtonVectorProduct(ReadOnlySpan<double> parameters, Loss loss, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets,
        ReadOnlySpan<double> vector, Span<double> product)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var hessianVectorProduct = loss.HessianVectorProduct
            ?? throw new ArgumentException($"The loss '{loss.Name}' has no Hessian-vector product; create it with one.", nameof(loss));
        CheckGradient(vector, nameof(vector));
        CheckGradient(product, nameof(product));
        int batch = Forward(parameters, inputs);
        CheckTargets(targets, batch);

        // Tangents forward: the inputs are data, so the first layer's input tangent is 0.
        var tangentIn = _downstream.AsSpan(0, batch * InputSize);
        tangentIn.Clear();
        ReadOnlySpan<double> layerInputs = inputs;
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var tangentOut = _upstream.AsSpan(0, batch * layer.OutputSize);
            layer.Tangent(parameters[ParameterRange(l)], layerInputs, Activation(l, batch), vector[ParameterRange(l)], tangentIn, tangentOut, batch, _scratch);
            layerInputs = Activation(l, batch);
            tangentOut.CopyTo(_downstream);
            tangentIn = _downstream.AsSpan(0, tangentOut.Length);
        }

        var output = Output(batch);
        var cotangent = _upstream.AsSpan(0, batch * OutputSize);
        double sum = 0;
        for (int s = 0; s < batch; s++)
        {
            var sample = s * OutputSize;
            sum += hessianVectorProduct(output.Slice(sample, OutputSize), targets.Slice(sample, OutputSize), tangentIn.Slice(sample, OutputSize), cotangent.Slice(sample, OutputSize));
        }

        Scale(cotangent, 1.0 / batch);
        Backward(parameters, inputs, batch, product);
        return sum / batch;
    }

    /// <summary>Runs the forward passes, keeping every layer's outputs; returns the batch size.</summary>
    private int Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs)
    {
        CheckParameters(parameters);
        if (inputs.Length == 0 || inputs.Length % InputSize != 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"inputs has {inputs.Length} elements, which is not a whole, non-zero number of samples of {InputSize} inputs."), nameof(inputs));
        }

        int batch = inputs.Length / InputSize;
        EnsureCapacity(batch);
        ReadOnlySpan<double> layerInputs = inputs;
        for (int l = 0; l < _layers.Length; l++)
        {
            var outputs = Activation(l, batch);
            _layers[l].Forward(parameters[ParameterRange(l)], layerInputs, outputs, batch);
            layerInputs = outputs;
        }

        return batch;
    }

    /// <summary>Pulls the cotangent of the outputs (in the upstream buffer) back through every layer into <paramref name="gradient"/>.</summary>
    private void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, int batch, Span<double> gradient)
    {
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            var layer = _layers[l];
            var layerInputs = l == 0 ? inputs : Activation(l - 1, batch);
            var inputGradients = l == 0 ? Span<double>.Empty : _downstream.AsSpan(0, batch * layer.InputSize);
            layer.Backward(parameters[ParameterRange(l)], layerInputs, Activation(l, batch), _upstream.AsSpan(0, batch * layer.OutputSize),
                gradient[ParameterRange(l)], inputGradients, batch, _scratch);
            (_upstream, _downstream) = (_downstream, _upstream);
        }
    }

    private Span<double> Activation(int layer, int batch) => _activations.AsSpan(_activationOffsets[layer], batch * _layers[layer].OutputSize);

    private Span<double> Output(int batch) => Activation(_layers.Length - 1, batch);

    private void EnsureCapacity(int batch)
    {
        if (batch <= _capacity)
        {
            return;
        }

        int widest = InputSize;
        int scratch = 0;
        for (int l = 0; l < _layers.Length; l++)
        {
            _activationOffsets[l + 1] = checked(_activationOffsets[l] + (batch * _layers[l].OutputSize));
            widest = Math.Max(widest, _layers[l].OutputSize);
            scratch = Math.Max(scratch, _layers[l].ScratchLength(batch));
        }

        _activations = new double[_activationOffsets[_layers.Length]];
        _upstream = new double[checked(batch * widest)];
        _downstream = new double[batch * widest];
        _scratch = new double[scratch];
        _capacity = batch;
    }

    private void CheckParameters(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length != ParameterCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"parameters must have {ParameterCount} elements (the layers' parameters in order), but it has {parameters.Length}."), nameof(parameters));
        }
    }

    private void CheckGradient(ReadOnlySpan<double> values, string name)
    {
        if (values.Length != ParameterCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must have {ParameterCount} elements, but it has {values.Length}."), name);
        }
    }

    private void CheckTargets(ReadOnlySpan<double> targets, int batch)
    {
        if (targets.Length != batch * OutputSize)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"targets must have {batch * OutputSize} elements ({batch} samples × {OutputSize} outputs), but it has {targets.Length}."), nameof(targets));
        }
    }

    private static void Scale(Span<double> values, double factor)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }
}
