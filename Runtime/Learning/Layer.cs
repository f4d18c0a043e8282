using System;

namespace SymDiff.Learning;

/// <summary>
/// The forward pass of a layer for one sample: a <see cref="DifferentiableAttribute"/> method
/// <c>void F(ReadOnlySpan&lt;double&gt; parameters, ReadOnlySpan&lt;double&gt; input, [Result] Span&lt;double&gt; output)</c>.
/// </summary>
/// <param name="parameters">The layer's parameters.</param>
/// <param name="input">The sample's input.</param>
/// <param name="output">Receives the sample's output.</param>
public delegate void LayerForward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> output);

/// <summary>
/// The backward pass of a layer for one sample: the generated <c>FBackward</c> of its <see cref="LayerForward"/>,
/// which writes uᵀJ over (parameters, input) into <paramref name="gradient"/>, reading the output the forward pass
/// wrote rather than computing it again.
/// </summary>
/// <param name="parameters">The layer's parameters.</param>
/// <param name="input">The sample's input.</param>
/// <param name="output">The sample's output, as the forward pass wrote it.</param>
/// <param name="cotangent">u = ∂L/∂output.</param>
/// <param name="gradient">Receives ∂L/∂parameters followed by ∂L/∂input.</param>
public delegate void LayerBackward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> output,
    ReadOnlySpan<double> cotangent, Span<double> gradient);

/// <summary>
/// The tangent of a layer for one sample: the generated <c>FJacobianVectorProduct</c> of its
/// <see cref="LayerForward"/>, J·v for a direction v over (parameters, input).
/// </summary>
/// <param name="parameters">The layer's parameters.</param>
/// <param name="input">The sample's input.</param>
/// <param name="output">Receives the sample's output again.</param>
/// <param name="vector">v: a direction of the parameters followed by a direction of the input.</param>
/// <param name="product">Receives J·v, one entry per output.</param>
public delegate void LayerTangent(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> output,
    ReadOnlySpan<double> vector, Span<double> product);

/// <summary>
/// The forward pass of a layer without parameters that acts element by element (an activation): a
/// <see cref="DifferentiableAttribute"/> method <c>void F(ReadOnlySpan&lt;double&gt; x, [Result] Span&lt;double&gt; y)</c>
/// that handles any length, so that a whole batch goes through in one call.
/// </summary>
/// <param name="x">The inputs.</param>
/// <param name="y">Receives the outputs, as many as the inputs.</param>
public delegate void ActivationForward(ReadOnlySpan<double> x, Span<double> y);

/// <summary>The backward pass of an activation: the generated <c>FBackward</c> of its <see cref="ActivationForward"/>.</summary>
/// <param name="x">The inputs.</param>
/// <param name="y">The outputs, as the forward pass wrote them.</param>
/// <param name="cotangent">∂L/∂y.</param>
/// <param name="gradient">Receives ∂L/∂x.</param>
public delegate void ActivationBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> cotangent, Span<double> gradient);

/// <summary>The tangent of an activation: the generated <c>FJacobianVectorProduct</c> of its <see cref="ActivationForward"/>.</summary>
/// <param name="x">The inputs.</param>
/// <param name="y">Receives the outputs again.</param>
/// <param name="vector">A direction of the inputs.</param>
/// <param name="product">Receives J·v.</param>
public delegate void ActivationTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> vector, Span<double> product);

/// <summary>
/// Initialises a layer's parameters.
/// </summary>
/// <param name="random">The network's seeded random source.</param>
/// <param name="parameters">The layer's parameters, to fill.</param>
public delegate void LayerInitializer(Random random, Span<double> parameters);

/// <summary>
/// One layer of a <see cref="Network"/>: sizes, and a forward pass whose backward pass and tangent are generated
/// from it. The built-in layers are the static factories (<see cref="Dense"/>, <see cref="Relu"/>, …); a layer of
/// your own is one <see cref="DifferentiableAttribute"/> forward method passed to <see cref="Create"/> with the
/// two methods the generator adds beside it.
/// </summary>
/// <remarks>
/// A layer holds no parameters: the network's parameter vector is the layers' parameters in order, each layer's
/// slice laid out as its forward method reads it. A layer may be used in several networks.
/// </remarks>
public abstract class Layer
{
    private protected Layer(string name, int inputSize, int outputSize, int parameterCount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        Name = name;
        InputSize = inputSize;
        OutputSize = outputSize;
        ParameterCount = parameterCount;
    }

    /// <summary>The layer's name, used in error messages and reports.</summary>
    public string Name { get; }

    /// <summary>The size of one sample's input.</summary>
    public int InputSize { get; }

    /// <summary>The size of one sample's output.</summary>
    public int OutputSize { get; }

    /// <summary>The number of parameters (0 for an activation).</summary>
    public int ParameterCount { get; }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Name} ({InputSize} → {OutputSize}, {ParameterCount} parameters)");

    /// <summary>
    /// A fully connected layer y = Wx + b from <paramref name="inputSize"/> to <paramref name="outputSize"/>; its
    /// parameters are W (row-major, outputSize × inputSize) and then b. Initialised with Glorot-uniform weights and
    /// zero biases.
    /// </summary>
    /// <param name="inputSize">n.</param>
    /// <param name="outputSize">m.</param>
    /// <returns>The layer.</returns>
    public static Layer Dense(int inputSize, int outputSize) => new DenseLayer(inputSize, outputSize);

    /// <summary>The ReLU max(x, 0) on <paramref name="size"/> values.</summary>
    /// <param name="size">The number of values per sample.</param>
    /// <returns>The layer.</returns>
    public static Layer Relu(int size)
        => Activation("ReLU", size, LayerFunctions.Relu, LayerFunctions.ReluBackward, LayerFunctions.ReluJacobianVectorProduct);

    /// <summary>The leaky ReLU (slope <see cref="LayerFunctions.LeakySlope"/> = 0.01 for x &lt; 0) on <paramref name="size"/> values.</summary>
    /// <param name="size">The number of values per sample.</param>
    /// <returns>The layer.</returns>
    public static Layer LeakyRelu(int size)
        => Activation("leaky ReLU", size, LayerFunctions.LeakyRelu, LayerFunctions.LeakyReluBackward, LayerFunctions.LeakyReluJacobianVectorProduct);

    /// <summary>The logistic sigmoid on <paramref name="size"/> values.</summary>
    /// <param name="size">The number of values per sample.</param>
    /// <returns>The layer.</returns>
    public static Layer Sigmoid(int size)
        => Activation("sigmoid", size, LayerFunctions.Sigmoid, LayerFunctions.SigmoidBackward, LayerFunctions.SigmoidJacobianVectorProduct);

    /// <summary>tanh on <paramref name="size"/> values.</summary>
    /// <param name="size">The number of values per sample.</param>
    /// <returns>The layer.</returns>
    public static Layer Tanh(int size)
        => Activation("tanh", size, LayerFunctions.Tanh, LayerFunctions.TanhBackward, LayerFunctions.TanhJacobianVectorProduct);

    /// <summary>
    /// The residual block of document 003, Q2 on <paramref name="size"/> values: h = ReLU(Wx + b) + x,
    /// y = ReLU(Vh + c) + h (see <see cref="LayerFunctions.Residual"/>). Initialised with small uniform weights.
    /// </summary>
    /// <param name="size">n, the size of the input and the output.</param>
    /// <returns>The layer.</returns>
    public static Layer Residual(int size)
        => Create("residual", size, size, (2 * size * size) + (2 * size), LayerFunctions.Residual, LayerFunctions.ResidualBackward,
            LayerFunctions.ResidualJacobianVectorProduct, (random, p) => Uniform(random, p, 1.0 / Math.Sqrt(size)));

    /// <summary>
    /// Batch normalisation over <paramref name="size"/> features with scale γ (initialised to 1) and shift β (to 0):
    /// in training, each feature is normalised with its batch's mean and biased variance (document 001, Q2); the
    /// network keeps no running statistics, so <see cref="Network.Predict"/> normalises with the statistics of the
    /// batch it is given.
    /// </summary>
    /// <param name="size">d, the number of features.</param>
    /// <returns>The layer.</returns>
    public static Layer BatchNormalization(int size) => new BatchNormalizationLayer(size);

    /// <summary>
    /// A layer of your own: <paramref name="forward"/> is a <see cref="DifferentiableAttribute"/> method
    /// <c>void F(ReadOnlySpan&lt;double&gt; parameters, ReadOnlySpan&lt;double&gt; input, [Result] Span&lt;double&gt; output)</c>
    /// for one sample; <paramref name="backward"/> and <paramref name="tangent"/> are the <c>FBackward</c> and
    /// <c>FJacobianVectorProduct</c> the generator adds beside it.
    /// </summary>
    /// <example><code>
    /// var layer = Layer.Create("swish", 8, 8, 8, MyLayers.Swish, MyLayers.SwishBackward, MyLayers.SwishJacobianVectorProduct);
    /// </code></example>
    /// <param name="name">The name, for messages.</param>
    /// <param name="inputSize">The size of one sample's input.</param>
    /// <param name="outputSize">The size of one sample's output.</param>
    /// <param name="parameterCount">The number of parameters the forward method reads.</param>
    /// <param name="forward">The forward method.</param>
    /// <param name="backward">The generated backward pass (<c>FBackward</c>) of <paramref name="forward"/>.</param>
    /// <param name="tangent">The generated Jacobian-vector product of <paramref name="forward"/> (needed only by <see cref="Network.GaussNewtonVectorProduct"/>).</param>
    /// <param name="initialize">Fills the parameters; by default uniform in ±1/√inputSize.</param>
    /// <returns>The layer.</returns>
    public static Layer Create(string name, int inputSize, int outputSize, int parameterCount, LayerForward forward, LayerBackward backward,
        LayerTangent? tangent = null, LayerInitializer? initialize = null)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(backward);
        return new SampleLayer(name, inputSize, outputSize, parameterCount, forward, backward, tangent,
            initialize ?? ((random, p) => Uniform(random, p, 1.0 / Math.Sqrt(inputSize))));
    }

    /// <summary>
    /// An activation of your own: <paramref name="forward"/> is a <see cref="DifferentiableAttribute"/> method
    /// <c>void F(ReadOnlySpan&lt;double&gt; x, [Result] Span&lt;double&gt; y)</c> that acts element by element and
    /// accepts any length (the network passes a whole batch at once).
    /// </summary>
    /// <param name="name">The name, for messages.</param>
    /// <param name="size">The number of values per sample.</param>
    /// <param name="forward">The forward method.</param>
    /// <param name="backward">The generated backward pass (<c>FBackward</c>) of <paramref name="forward"/>.</param>
    /// <param name="tangent">The generated Jacobian-vector product of <paramref name="forward"/>.</param>
    /// <returns>The layer.</returns>
    public static Layer Activation(string name, int size, ActivationForward forward, ActivationBackward backward, ActivationTangent? tangent = null)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(backward);
        return new ActivationLayer(name, size, forward, backward, tangent);
    }

    /// <summary>Runs the layer on a batch.</summary>
    internal abstract void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, int batch);

    /// <summary>
    /// Pulls the batch's output gradient back: writes the parameter gradient summed over the batch, and the input
    /// gradient of every sample (when <paramref name="inputGradients"/> is not empty). <paramref name="outputs"/> holds
    /// the forward pass's outputs.
    /// </summary>
    internal abstract void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputs, ReadOnlySpan<double> outputGradients,
        Span<double> parameterGradient, Span<double> inputGradients, int batch, Span<double> scratch);

    /// <summary>Pushes a direction forward: the output tangents of the batch for a parameter direction and the input tangents.</summary>
    internal abstract void Tangent(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, ReadOnlySpan<double> parameterDirection,
        ReadOnlySpan<double> inputTangents, Span<double> outputTangents, int batch, Span<double> scratch);

    /// <summary>How many doubles of scratch <see cref="Backward"/> and <see cref="Tangent"/> need for a batch.</summary>
    internal abstract int ScratchLength(int batch);

    /// <summary>Fills the parameters with their initial values.</summary>
    internal abstract void Initialize(Random random, Span<double> parameters);

    /// <summary>Uniform values in [−<paramref name="limit"/>, <paramref name="limit"/>].</summary>
    private protected static void Uniform(Random random, Span<double> values, double limit)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ((2 * random.NextDouble()) - 1) * limit;
        }
    }

    private protected InvalidOperationException NoTangent()
        => new($"Layer '{Name}' was created without a tangent (the generated …JacobianVectorProduct of its forward method), which Gauss-Newton products need; pass it to Layer.Create.");

    /// <summary>A layer given by per-sample methods; the network runs it sample by sample.</summary>
    private sealed class SampleLayer : Layer
    {
        private readonly LayerForward _forward;
        private readonly LayerBackward _backward;
        private readonly LayerTangent? _tangent;
        private readonly LayerInitializer _initialize;

        public SampleLayer(string name, int inputSize, int outputSize, int parameterCount, LayerForward forward, LayerBackward backward,
            LayerTangent? tangent, LayerInitializer initialize)
            : base(name, inputSize, outputSize, parameterCount)
        {
            (_forward, _backward, _tangent, _initialize) = (forward, backward, tangent, initialize);
        }

        internal override void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, int batch)
        {
            for (int s = 0; s < batch; s++)
            {
                _forward(parameters, inputs.Slice(s * InputSize, InputSize), outputs.Slice(s * OutputSize, OutputSize));
            }
        }

        internal override void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputs, ReadOnlySpan<double> outputGradients,
            Span<double> parameterGradient, Span<double> inputGradients, int batch, Span<double> scratch)
        {
            var gradient = scratch.Slice(0, ParameterCount + InputSize);
            parameterGradient.Clear();
            for (int s = 0; s < batch; s++)
            {
                _backward(parameters, inputs.Slice(s * InputSize, InputSize), outputs.Slice(s * OutputSize, OutputSize),
                    outputGradients.Slice(s * OutputSize, OutputSize), gradient);
                Accumulate(parameterGradient, gradient.Slice(0, ParameterCount));
                if (!inputGradients.IsEmpty)
                {
                    gradient.Slice(ParameterCount).CopyTo(inputGradients.Slice(s * InputSize, InputSize));
                }
            }
        }

        internal override void Tangent(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, ReadOnlySpan<double> parameterDirection,
            ReadOnlySpan<double> inputTangents, Span<double> outputTangents, int batch, Span<double> scratch)
        {
            var tangent = _tangent ?? throw NoTangent();
            var vector = scratch.Slice(0, ParameterCount + InputSize);
            parameterDirection.CopyTo(vector);
            for (int s = 0; s < batch; s++)
            {
                inputTangents.Slice(s * InputSize, InputSize).CopyTo(vector.Slice(ParameterCount));
                tangent(parameters, inputs.Slice(s * InputSize, InputSize), outputs.Slice(s * OutputSize, OutputSize), vector,
                    outputTangents.Slice(s * OutputSize, OutputSize));
            }
        }

        internal override int ScratchLength(int batch) => ParameterCount + InputSize;

        internal override void Initialize(Random random, Span<double> parameters) => _initialize(random, parameters);

        private static void Accumulate(Span<double> sum, ReadOnlySpan<double> values)
        {
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += values[i];
            }
        }
    }

    /// <summary>An element-by-element layer without parameters: one call for the whole batch.</summary>
    private sealed class ActivationLayer : Layer
    {
        private readonly ActivationForward _forward;
        private readonly ActivationBackward _backward;
        private readonly ActivationTangent? _tangent;

        public ActivationLayer(string name, int size, ActivationForward forward, ActivationBackward backward, ActivationTangent? tangent)
            : base(name, size, size, 0)
        {
            (_forward, _backward, _tangent) = (forward, backward, tangent);
        }

        internal override void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, int batch)
            => _forward(inputs.Slice(0, batch * InputSize), outputs.Slice(0, batch * OutputSize));

        internal override void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputs, ReadOnlySpan<double> outputGradients,
            Span<double> parameterGradient, Span<double> inputGradients, int batch, Span<double> scratch)
        {
            int length = batch * InputSize;
            var gradient = inputGradients.IsEmpty ? scratch.Slice(0, length) : inputGradients.Slice(0, length);
            _backward(inputs.Slice(0, length), outputs.Slice(0, length), outputGradients.Slice(0, length), gradient);
        }

        internal override void Tangent(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, ReadOnlySpan<double> parameterDirection,
            ReadOnlySpan<double> inputTangents, Span<double> outputTangents, int batch, Span<double> scratch)
        {
            var tangent = _tangent ?? throw NoTangent();
            int length = batch * InputSize;
            tangent(inputs.Slice(0, length), outputs.Slice(0, length), inputTangents.Slice(0, length), outputTangents.Slice(0, length));
        }

        internal override int ScratchLength(int batch) => batch * InputSize;

        internal override void Initialize(Random random, Span<double> parameters)
        {
        }
    }

    /// <summary>
    /// A layer whose generated methods take the whole batch (<c>parameters, inputs, outputs, batch, sizes…</c>): the
    /// gradient over (parameters, inputs) comes out of one call, summed over the batch by the generated loops.
    /// </summary>
    private abstract class BatchLayer : Layer
    {
        protected BatchLayer(string name, int inputSize, int outputSize, int parameterCount)
            : base(name, inputSize, outputSize, parameterCount)
        {
        }

        protected abstract void BatchBackward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputs, int batch,
            ReadOnlySpan<double> cotangent, Span<double> gradient);

        protected abstract void BatchTangent(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, int batch,
            ReadOnlySpan<double> vector, Span<double> product);

        internal override void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputs, ReadOnlySpan<double> outputGradients,
            Span<double> parameterGradient, Span<double> inputGradients, int batch, Span<double> scratch)
        {
            var gradient = scratch.Slice(0, ParameterCount + (batch * InputSize));
            BatchBackward(parameters, inputs.Slice(0, batch * InputSize), outputs.Slice(0, batch * OutputSize), batch,
                outputGradients.Slice(0, batch * OutputSize), gradient);
            gradient.Slice(0, ParameterCount).CopyTo(parameterGradient);
            if (!inputGradients.IsEmpty)
            {
                gradient.Slice(ParameterCount).CopyTo(inputGradients);
            }
        }

        internal override void Tangent(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, ReadOnlySpan<double> parameterDirection,
            ReadOnlySpan<double> inputTangents, Span<double> outputTangents, int batch, Span<double> scratch)
        {
            var vector = scratch.Slice(0, ParameterCount + (batch * InputSize));
            parameterDirection.CopyTo(vector);
            inputTangents.Slice(0, batch * InputSize).CopyTo(vector.Slice(ParameterCount));
            BatchTangent(parameters, inputs.Slice(0, batch * InputSize), outputs.Slice(0, batch * OutputSize), batch, vector,
                outputTangents.Slice(0, batch * OutputSize));
        }

        internal override int ScratchLength(int batch) => ParameterCount + (batch * InputSize);
    }

    private sealed class DenseLayer : BatchLayer
    {
        public DenseLayer(int inputSize, int outputSize)
            : base("dense", inputSize, outputSize, (outputSize * inputSize) + outputSize)
        {
        }

        internal override void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, int batch)
            => LayerFunctions.Dense(parameters, inputs.Slice(0, batch * InputSize), outputs.Slice(0, batch * OutputSize), batch, InputSize, OutputSize);

        protected override void BatchBackward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputs, int batch,
            ReadOnlySpan<double> cotangent, Span<double> gradient)
            => LayerFunctions.DenseBackward(parameters, inputs, outputs, batch, InputSize, OutputSize, cotangent, gradient);

        protected override void BatchTangent(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, int batch,
            ReadOnlySpan<double> vector, Span<double> product)
            => LayerFunctions.DenseJacobianVectorProduct(parameters, inputs, outputs, batch, InputSize, OutputSize, vector, product);

        internal override void Initialize(Random random, Span<double> parameters)
        {
            Uniform(random, parameters.Slice(0, OutputSize * InputSize), Math.Sqrt(6.0 / (InputSize + OutputSize)));
            parameters.Slice(OutputSize * InputSize).Clear();
        }
    }

    private sealed class BatchNormalizationLayer : BatchLayer
    {
        public BatchNormalizationLayer(int size)
            : base("batch normalisation", size, size, 2 * size)
        {
        }

        internal override void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, int batch)
            => LayerFunctions.BatchNormalization(parameters, inputs.Slice(0, batch * InputSize), outputs.Slice(0, batch * OutputSize), batch, InputSize);

        protected override void BatchBackward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputs, int batch,
            ReadOnlySpan<double> cotangent, Span<double> gradient)
            => LayerFunctions.BatchNormalizationBackward(parameters, inputs, outputs, batch, InputSize, cotangent, gradient);

        protected override void BatchTangent(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> outputs, int batch,
            ReadOnlySpan<double> vector, Span<double> product)
            => LayerFunctions.BatchNormalizationJacobianVectorProduct(parameters, inputs, outputs, batch, InputSize, vector, product);

        internal override void Initialize(Random random, Span<double> parameters)
        {
            parameters.Slice(0, InputSize).Fill(1.0);
            parameters.Slice(InputSize).Clear();
        }
    }
}
