using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SymDiff.Generator.Engine;
using SymDiff.Generator.Pipeline;

namespace SymDiff.Generator.Emit;

/// <summary>
/// Writes the generated partial type of a method over arrays and loops (a <see cref="Procedure"/>). A scalar-valued
/// method gets <c>{F}Gradient</c> (reverse mode), <c>{F}HessianVectorProduct</c> (reverse mode over the tangent
/// procedure) and <c>{F}Hessian</c> (one Hessian-vector product per unit vector); a vector-valued one gets
/// <c>{F}VectorJacobianProduct</c> (reverse), <c>{F}JacobianVectorProduct</c> (tangent) and <c>{F}Jacobian</c>
/// (rows by vector-Jacobian products or columns by Jacobian-vector products, whichever is fewer). Loops stay
/// loops; every buffer comes from the stack or the shared array pool, so no call allocates.
/// </summary>
internal sealed class ProcedureEmitter
{
    private const string Span = "global::System.Span<double>";
    private const string ReadOnlySpan = "global::System.ReadOnlySpan<double>";
    private const string Pool = "global::System.Buffers.ArrayPool<double>.Shared";

    /// <summary>Scratch up to this many doubles lives on the stack; more is rented from the array pool.</summary>
    private const int StackLimit = 256;

    private readonly MethodModel _model;
    private readonly ExprBuilder _b;
    private readonly Differentiator _d;
    private readonly Procedure _p;
    private readonly CancellationToken _cancellation;
    private readonly IReadOnlyList<ProcedureParameter> _inputs;

    private ProcedureEmitter(MethodModel model, ExprBuilder b, Procedure procedure, CancellationToken cancellation)
    {
        _model = model;
        _b = b;
        _d = new Differentiator(b, cancellation);
        _p = procedure;
        _cancellation = cancellation;
        _inputs = procedure.Parameters.Where(p => p.IsDifferentiable).ToList();
    }

    public static string Emit(MethodModel model, ExprBuilder b, Procedure procedure, CancellationToken cancellation)
        => new ProcedureEmitter(model, b, procedure, cancellation).Write();

    private string Write() => SourceEmitter.WriteFile(_model, w =>
    {
        if (_p.Result is null)
        {
            WriteGradient(w);
            w.Line();
            WriteHessian(w);
            w.Line();
            WriteHessianVectorProduct(w);
        }
        else
        {
            WriteJacobian(w);
            w.Line();
            WriteVectorJacobianProduct(w);
            w.Line();
            if (!ResultReadsItsInitialValues)
            {
                WriteBackward(w);
                w.Line();
            }

            WriteJacobianVectorProduct(w);
        }
    });

    // ----- the derivative vector -----

    /// <summary>The number of derivative entries: 1 per double, the length per array.</summary>
    private Expr Dimension => _b.Add(_inputs.Select(Size).ToArray());

    private Expr Size(ProcedureParameter p) => p.Kind == ParameterKind.Array ? _b.IntegerVar(p.Name + ".Length") : _b.One;

    private Expr Offset(ProcedureParameter p) => _b.Add(_inputs.TakeWhile(q => q != p).Select(Size).ToArray());

    private string Integer(Expr e) => new ExprPrinter(Notation.CSharp, null).PrintInteger(e);

    /// <summary>An output's name: <paramref name="preferred"/>, or with "Out" when a parameter already has it.</summary>
    private string Output(string preferred) => _p.Parameters.Any(p => p.Name == preferred) ? preferred + "Out" : preferred;

    private string Parameters => string.Join(", ", _p.Parameters.Select(p => $"{p.Type} {p.Name}"));

    private string Arguments => string.Join(", ", _p.Parameters.Select(p => p.Name));

    private string Description => string.Join(", ", _inputs.Select(p => p.Kind == ParameterKind.Array ? p.Name.TrimStart('@') + "[0…]" : p.Name.TrimStart('@')));

    // ----- scalar-valued: gradient, Hessian-vector product, Hessian -----

    private void WriteGradient(IndentedWriter w)
    {
        var gradient = Output("gradient");
        w.Line("/// <summary>");
        w.Line($"/// Computes {Cref} and its gradient exactly, by reverse-mode code generated from its loops (the adjoint loops run");
        w.Line("/// backwards; no finite differences, no allocation).");
        w.Line("/// </summary>");
        WriteParameterDocs(w);
        w.Line($"/// <param name=\"{gradient}\">Receives ∂{_model.Name}/∂p over p = ({Description}), the differentiable parameters flattened in declaration order.</param>");
        w.Line($"/// <returns>The value of {Cref}.</returns>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"{gradient}\"/> is too short or overlaps an input.</exception>");
        w.Line(SourceEmitter.GeneratedCode);
        w.Line($"{_model.Accessibility} static double {_model.Name}Gradient({Parameters}, {Span} {gradient})").Open();
        var taken = NewNames(gradient);
        WriteLengthCheck(w, gradient, Dimension);
        WriteOverlapChecks(w, gradient);
        WriteReverse(w, _p, gradient, taken, new[] { new SweepWriter.Sink(_p.Value!, _b.One) }, returnsValue: true);
        w.Close();
    }

    private void WriteHessianVectorProduct(IndentedWriter w)
    {
        var (vector, product) = (Output("vector"), Output("product"));
        w.Line("/// <summary>");
        w.Line($"/// Computes {Cref} and the Hessian-vector product H·v exactly, by reverse-mode code over the tangent of its loops");
        w.Line("/// (forward-over-reverse: the cost of a few gradients, whatever the dimension; no allocation).");
        w.Line("/// </summary>");
        WriteParameterDocs(w);
        w.Line($"/// <param name=\"{vector}\">The direction v, over the differentiable parameters ({Description}).</param>");
        w.Line($"/// <param name=\"{product}\">Receives H·v, where H is the Hessian of {_model.Name} over the differentiable parameters.</param>");
        w.Line($"/// <returns>The value of {Cref}.</returns>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"{vector}\"/> or <paramref name=\"{product}\"/> is too short, or <paramref name=\"{product}\"/> overlaps an input.</exception>");
        w.Line(SourceEmitter.GeneratedCode);
        w.Line($"{_model.Accessibility} static double {_model.Name}HessianVectorProduct({Parameters}, {ReadOnlySpan} {vector}, {Span} {product})").Open();
        var taken = NewNames(vector, product);
        WriteLengthCheck(w, vector, Dimension);
        WriteLengthCheck(w, product, Dimension);
        WriteOverlapChecks(w, product, vector);
        var (tangent, valueTangent) = TangentTransform.Apply(_b, _d, _p, (p, index) => Direction(vector, p, index), resultTangent: null);
        WriteReverse(w, tangent, product, taken, new[] { new SweepWriter.Sink(valueTangent!, _b.One) }, returnsValue: true);
        w.Close();
    }

    private Expr Direction(string vector, ProcedureParameter p, Expr? index)
        => _b.Load(vector, index is null ? Offset(p) : _b.Add(Offset(p), index));

    private void WriteHessian(IndentedWriter w)
    {
        var (gradient, hessian) = (Output("gradient"), Output("hessian"));
        w.Line("/// <summary>");
        w.Line($"/// Computes {Cref}, its gradient and its Hessian exactly: the gradient by reverse mode, the Hessian row by row");
        w.Line("/// as Hessian-vector products with the unit vectors (each the cost of a few gradients; no allocation).");
        w.Line("/// </summary>");
        WriteParameterDocs(w);
        w.Line($"/// <param name=\"{gradient}\">Receives ∂{_model.Name}/∂p over p = ({Description}).</param>");
        w.Line($"/// <param name=\"{hessian}\">Receives the n × n Hessian in row-major order (n = the length of p): element <c>i * n + j</c> is ∂²{_model.Name}/∂pᵢ∂pⱼ.</param>");
        w.Line($"/// <returns>The value of {Cref}.</returns>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\">An output is too short or overlaps an input.</exception>");
        w.Line(SourceEmitter.GeneratedCode);
        w.Line($"{_model.Accessibility} static double {_model.Name}Hessian({Parameters}, {Span} {gradient}, {Span} {hessian})").Open();
        var taken = NewNames(gradient, hessian);
        var dimension = Fresh(taken, "dimension");
        w.Line($"int {dimension} = {Integer(Dimension)};");
        WriteLengthCheck(w, gradient, _b.IntegerVar(dimension));
        WriteLengthCheck(w, hessian, _b.Mul(_b.IntegerVar(dimension), _b.IntegerVar(dimension)), dimension + " * " + dimension);
        WriteOverlapChecks(w, gradient);
        WriteOverlapChecks(w, hessian);
        WriteDisjointOutputsCheck(w, gradient, hessian);
        var value = Fresh(taken, "value");
        w.Line($"double {value} = {_model.Name}Gradient({Arguments}, {gradient});");
        var (unit, k) = (Fresh(taken, "unit"), Fresh(taken, "k"));
        var scratch = new Scratch(taken);
        scratch.Add(unit, dimension, clear: true);
        scratch.WriteAllocation(w);
        w.Line($"for (int {k} = 0; {k} < {dimension}; {k}++)").Open();
        w.Line($"{unit}[{k}] = 1.0;");
        w.Line($"{_model.Name}HessianVectorProduct({Arguments}, {unit}, {hessian}.Slice({k} * {dimension}, {dimension}));");
        w.Line($"{unit}[{k}] = 0.0;");
        w.Close();
        scratch.WriteRelease(w);
        w.Line($"return {value};");
        w.Close();
    }

    // ----- vector-valued: vector-Jacobian product, Jacobian-vector product, Jacobian -----

    private string ResultName => _p.Result!.Name;

    private Expr ResultLength => _b.IntegerVar(ResultName + ".Length");

    private void WriteVectorJacobianProduct(IndentedWriter w)
    {
        var (cotangent, gradient) = (Output("cotangent"), Output("gradient"));
        w.Line("/// <summary>");
        w.Line($"/// Computes {Cref} (into <paramref name=\"{ResultName}\"/>) and the vector-Jacobian product uᵀJ, the pullback of a");
        w.Line("/// cotangent u of the result to the differentiable parameters, by reverse-mode code generated from its loops.");
        w.Line("/// </summary>");
        WriteParameterDocs(w);
        w.Line($"/// <param name=\"{cotangent}\">The cotangent u, one entry per element of <paramref name=\"{ResultName}\"/>.</param>");
        w.Line($"/// <param name=\"{gradient}\">Receives uᵀJ = ∂(u·{ResultName})/∂p over p = ({Description}).</param>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"{cotangent}\"/> or <paramref name=\"{gradient}\"/> is too short, or an output overlaps an input.</exception>");
        w.Line(SourceEmitter.GeneratedCode);
        w.Line($"{_model.Accessibility} static void {_model.Name}VectorJacobianProduct({Parameters}, {ReadOnlySpan} {cotangent}, {Span} {gradient})").Open();
        var taken = NewNames(cotangent, gradient);
        WriteLengthCheck(w, cotangent, ResultLength);
        WriteLengthCheck(w, gradient, Dimension);
        WriteOverlapChecks(w, ResultName); // the cotangent is copied before the result is written
        WriteOverlapChecks(w, gradient, cotangent);
        WriteDisjointOutputsCheck(w, gradient, ResultName);
        WriteReverse(w, _p, gradient, taken, Array.Empty<SweepWriter.Sink>(), returnsValue: false, cotangent);
        w.Close();
    }

    /// <summary>
    /// The vector-Jacobian product after a forward pass: the result is an input holding what the method wrote, so the
    /// forward sweep computes only what the reverse sweep needs (for an affine layer, nothing).
    /// </summary>
    private void WriteBackward(IndentedWriter w)
    {
        var (cotangent, gradient) = (Output("cotangent"), Output("gradient"));
        w.Line("/// <summary>");
        w.Line($"/// The backward pass of {Cref} for backpropagation: the vector-Jacobian product uᵀJ, like");
        w.Line($"/// <c>{_model.Name}VectorJacobianProduct</c>, but at a point where {_model.Name} has already written <paramref name=\"{ResultName}\"/>:");
        w.Line("/// it reads that result instead of computing it again, and does only the work the derivative needs.");
        w.Line("/// </summary>");
        WriteParameterDocs(w, $"The result {_model.Name} wrote at these parameters (read, not written; if it holds anything else the product is wrong).");
        w.Line($"/// <param name=\"{cotangent}\">The cotangent u, one entry per element of <paramref name=\"{ResultName}\"/>.</param>");
        w.Line($"/// <param name=\"{gradient}\">Receives uᵀJ = ∂(u·{ResultName})/∂p over p = ({Description}).</param>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"{cotangent}\"/> or <paramref name=\"{gradient}\"/> is too short, or <paramref name=\"{gradient}\"/> overlaps an input.</exception>");
        w.Line(SourceEmitter.GeneratedCode);
        var parameters = string.Join(", ", _p.Parameters.Select(p => $"{(p.IsResult ? ReadOnlySpan : p.Type)} {p.Name}"));
        w.Line($"{_model.Accessibility} static void {_model.Name}Backward({parameters}, {ReadOnlySpan} {cotangent}, {Span} {gradient})").Open();
        var taken = NewNames(cotangent, gradient);
        WriteLengthCheck(w, cotangent, ResultLength);
        WriteLengthCheck(w, gradient, Dimension);
        WriteOverlapChecks(w, gradient, cotangent, ResultName);
        WriteReverse(w, _p, gradient, taken, Array.Empty<SweepWriter.Sink>(), returnsValue: false, cotangent, knownResult: true);
        w.Close();
    }

    private void WriteJacobianVectorProduct(IndentedWriter w)
    {
        var (vector, product) = (Output("vector"), Output("product"));
        w.Line("/// <summary>");
        w.Line($"/// Computes {Cref} (into <paramref name=\"{ResultName}\"/>) and the Jacobian-vector product J·v, the derivative of the");
        w.Line("/// result along v, by tangent (forward-mode) code generated from its loops.");
        w.Line("/// </summary>");
        WriteParameterDocs(w);
        w.Line($"/// <param name=\"{vector}\">The direction v, over the differentiable parameters ({Description}).</param>");
        w.Line($"/// <param name=\"{product}\">Receives J·v, one entry per element of <paramref name=\"{ResultName}\"/>.</param>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"{vector}\"/> or <paramref name=\"{product}\"/> is too short, or an output overlaps an input.</exception>");
        w.Line(SourceEmitter.GeneratedCode);
        w.Line($"{_model.Accessibility} static void {_model.Name}JacobianVectorProduct({Parameters}, {ReadOnlySpan} {vector}, {Span} {product})").Open();
        var taken = NewNames(vector, product);
        WriteLengthCheck(w, vector, Dimension);
        WriteLengthCheck(w, product, ResultLength);
        WriteOverlapChecks(w, ResultName, vector);
        WriteOverlapChecks(w, product, vector);
        WriteDisjointOutputsCheck(w, product, ResultName);
        var (tangent, _) = TangentTransform.Apply(_b, _d, _p, (p, index) => Direction(vector, p, index), resultTangent: product);
        w.Line($"{product}.Slice(0, {ResultName}.Length).Clear();");
        var sweep = new SweepWriter(_b, _d, tangent, taken, _cancellation);
        var forward = IndentedWriter.At(w.Depth);
        sweep.WriteForward(forward);
        var scratch = new Scratch(taken);
        foreach (var a in tangent.Arrays)
        {
            scratch.Add(a.Name, sweep.Integer(a.Length), clear: true);
        }

        scratch.WriteAllocation(w);
        w.Append(forward);
        scratch.WriteRelease(w);
        w.Close();
    }

    private void WriteJacobian(IndentedWriter w)
    {
        var jacobian = Output("jacobian");
        w.Line("/// <summary>");
        w.Line($"/// Computes {Cref} (into <paramref name=\"{ResultName}\"/>) and its Jacobian exactly: row by row with vector-Jacobian");
        w.Line("/// products, or column by column with Jacobian-vector products when there are fewer parameters than results.");
        w.Line("/// </summary>");
        WriteParameterDocs(w);
        w.Line($"/// <param name=\"{jacobian}\">Receives the m × n Jacobian in row-major order (m = {ResultName}.Length, n = the number of differentiable parameters ({Description})): element <c>i * n + j</c> is ∂{ResultName}ᵢ/∂pⱼ.</param>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"{jacobian}\"/> is too short, or an output overlaps an input or another output.</exception>");
        w.Line(SourceEmitter.GeneratedCode);
        w.Line($"{_model.Accessibility} static void {_model.Name}Jacobian({Parameters}, {Span} {jacobian})").Open();
        var taken = NewNames(jacobian);
        var (rows, columns) = (Fresh(taken, "rows"), Fresh(taken, "columns"));
        w.Line($"int {rows} = {ResultName}.Length;");
        w.Line($"int {columns} = {Integer(Dimension)};");
        WriteLengthCheck(w, jacobian, _b.Mul(_b.IntegerVar(rows), _b.IntegerVar(columns)), rows + " * " + columns);
        WriteOverlapChecks(w, jacobian);
        WriteDisjointOutputsCheck(w, jacobian, ResultName);
        var (unit, line, k) = (Fresh(taken, "unit"), Fresh(taken, "column"), Fresh(taken, "k"));
        var scratch = new Scratch(taken);
        scratch.Add(unit, $"global::System.Math.Max({rows}, {columns})", clear: true);
        scratch.Add(line, rows, clear: false);

        // Each product call computes the result again; when the method adds to what the result holds, every call
        // must start from the caller's values, or the result would hold them plus the value once per call.
        string? initial = null;
        if (ResultReadsItsInitialValues)
        {
            initial = Fresh(taken, ResultName + "Initial");
            scratch.Add(initial, rows, clear: false);
        }

        scratch.WriteAllocation(w);
        if (initial is not null)
        {
            w.Line($"{ResultName}.CopyTo({initial});");
        }

        void Restore()
        {
            if (initial is not null)
            {
                w.Line($"{initial}.CopyTo({ResultName});");
            }
        }

        w.Line($"if ({columns} == 0)").Open();
        w.Line("// Nothing to differentiate: one call computes the result.");
        w.Line($"{_model.Name}JacobianVectorProduct({Arguments}, {unit}, {line});");
        w.Close();
        w.Line($"else if ({rows} <= {columns})").Open();
        w.Line($"for (int {k} = 0; {k} < {rows}; {k}++)").Open();
        Restore();
        w.Line($"{unit}[{k}] = 1.0;");
        w.Line($"{_model.Name}VectorJacobianProduct({Arguments}, {unit}, {jacobian}.Slice({k} * {columns}, {columns}));");
        w.Line($"{unit}[{k}] = 0.0;");
        w.Close();
        w.Close();
        w.Line("else").Open();
        w.Line($"for (int {k} = 0; {k} < {columns}; {k}++)").Open();
        Restore();
        w.Line($"{unit}[{k}] = 1.0;");
        w.Line($"{_model.Name}JacobianVectorProduct({Arguments}, {unit}, {line});");
        w.Line($"{unit}[{k}] = 0.0;");
        var i = Fresh(taken, "i");
        w.Line($"for (int {i} = 0; {i} < {rows}; {i}++)").Open();
        w.Line($"{jacobian}[{i} * {columns} + {k}] = {line}[{i}];");
        w.Close();
        w.Close();
        w.Close();
        scratch.WriteRelease(w);
        w.Close();
    }

    /// <summary>Whether the method adds to its result (<c>y[j] += …</c>) or reads it, rather than only assigning it.</summary>
    private bool ResultReadsItsInitialValues
        => _p.AllStatements().Any(s => s.Statement is Store { Accumulate: true } store && store.Array == ResultName)
           || Activity.AllExpressions(_p).SelectMany(Activity.Leaves).Any(l => l.Op == Op.Load && l.Name == ResultName);

    // ----- the reverse sweep of a whole method -----

    /// <summary>
    /// Forward sweep, then reverse sweep, of <paramref name="procedure"/>: the adjoints of the differentiable
    /// parameters go to slices of <paramref name="output"/>; the adjoint of a vector result starts as a copy of
    /// <paramref name="cotangent"/>.
    /// </summary>
    private void WriteReverse(IndentedWriter w, Procedure procedure, string output, HashSet<string> taken,
        IReadOnlyList<SweepWriter.Sink> sinks, bool returnsValue, string? cotangent = null, bool knownResult = false)
    {
        var seededArrays = procedure.Result is { } seeded && cotangent is not null ? new[] { seeded.Name } : Array.Empty<string>();
        var outputs = (sinks.Select(s => s.Value).ToList(), (IReadOnlyList<string>)seededArrays);
        var sweep = new SweepWriter(_b, _d, procedure, taken, _cancellation, outputs: outputs) { KnownResult = knownResult ? procedure.Result!.Name : null };
        var scratch = new Scratch(taken);
        var declarations = IndentedWriter.At(w.Depth);
        var scalarOutputs = new List<(string Adjoint, Expr Offset)>();
        foreach (var p in _inputs)
        {
            var adjoint = sweep.Fresh(p.Name.TrimStart('@') + "Bar");
            if (p.Kind == ParameterKind.Array)
            {
                sweep.SetArrayAdjoint(p.Name, adjoint);
                declarations.Line($"var {adjoint} = {output}.Slice({Integer(Offset(p))}, {p.Name}.Length);");
                declarations.Line($"{adjoint}.Clear();");
            }
            else
            {
                sweep.SetScalarAdjoint(p.Name, adjoint);
                scalarOutputs.Add((adjoint, Offset(p)));
            }
        }

        foreach (var a in procedure.Arrays)
        {
            scratch.Add(a.Name, sweep.Integer(a.Length), clear: true);
            if (sweep.Activity.IsActiveArray(a.Name))
            {
                var adjoint = sweep.Fresh(a.Name + "Bar");
                sweep.SetArrayAdjoint(a.Name, adjoint);
                scratch.Add(adjoint, sweep.Integer(a.Length), clear: true);
            }
        }

        if (procedure.Result is { } result && cotangent is not null)
        {
            var adjoint = sweep.Fresh(result.Name + "Bar");
            sweep.SetArrayAdjoint(result.Name, adjoint);
            scratch.Add(adjoint, result.Name + ".Length", clear: false);
            declarations.Line($"{cotangent}.Slice(0, {result.Name}.Length).CopyTo({adjoint});");
        }

        var reverse = IndentedWriter.At(w.Depth);
        sweep.WriteReverse(reverse, sinks);
        foreach (var (adjoint, offset) in scalarOutputs)
        {
            reverse.Line($"{output}[{Integer(offset)}] = {adjoint};");
        }

        var forward = IndentedWriter.At(w.Depth);
        sweep.WriteForwardAfterReverse(forward, returnsValue ? new[] { procedure.Value! } : Array.Empty<Expr>());
        string? value = returnsValue ? sweep.WriteValue(sweep.ValueComesFromReverse ? reverse : forward, procedure.Value!, "value") : null;
        foreach (var (name, length) in sweep.TapeBuffers)
        {
            scratch.Add(name, length, clear: false);
        }

        scratch.WriteAllocation(w);
        w.Append(declarations);
        if (declarations.ToString().Length > 0)
        {
            w.Line();
        }

        if (forward.ToString().Length == 0)
        {
            w.Line("// Forward sweep: nothing to compute again; the reverse sweep reads the inputs and the given result.");
        }
        else
        {
            w.Line("// Forward sweep: the method's own loops" + (sweep.TapeBuffers.Count > 0 ? ", keeping on a tape the values the reverse sweep needs" : "")
                + (sweep.ValueComesFromReverse ? " (the last one runs with its adjoint loop below)." : "."));
            w.Append(forward);
        }

        w.Line();
        w.Line("// Reverse sweep: each adjoint (…Bar) is the derivative of the output with respect to that value.");
        if (sweep.ValueComesFromReverse)
        {
            w.Line("// The last loop's iterations are independent sums: its adjoint loop runs forwards and accumulates the sums too.");
        }

        w.Append(reverse);
        scratch.WriteRelease(w);
        if (value is not null)
        {
            w.Line($"return {value};");
        }
    }

    // ----- checks and docs -----

    private HashSet<string> NewNames(params string[] outputs)
    {
        var taken = new HashSet<string>(_p.Parameters.Select(p => p.Name), StringComparer.Ordinal);
        taken.UnionWith(outputs);
        return taken;
    }

    private static string Fresh(HashSet<string> taken, string preferred)
    {
        var name = preferred;
        for (int k = 2; !taken.Add(name); k++)
        {
            name = preferred + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private void WriteLengthCheck(IndentedWriter w, string span, Expr length, string? lengthText = null)
    {
        var text = lengthText ?? Integer(length);
        w.Line($"if ({span}.Length < {text})").Open();
        w.Line($"throw new global::System.ArgumentException(\"{span} must have at least \" + ({text}) + \" elements for {_model.Name}, but its length is \" + {span}.Length + \".\", nameof({span}));");
        w.Close();
        w.Line();
    }

    /// <summary>An output written while inputs are still read must not share memory with them.</summary>
    private void WriteOverlapChecks(IndentedWriter w, string output, params string[] moreInputs)
    {
        foreach (var input in _p.Parameters.Where(p => p.Kind == ParameterKind.Array && p.Name != output && !p.IsResult).Select(p => p.Name).Concat(moreInputs))
        {
            w.Line($"if (global::System.MemoryExtensions.Overlaps<double>({output}, {input}))").Open();
            w.Line($"throw new global::System.ArgumentException(\"{output} must not overlap {input}: {_model.Name} writes it while it still reads {input}.\", nameof({output}));");
            w.Close();
            w.Line();
        }
    }

    /// <summary>Two outputs of one call must not share memory: each would overwrite what the other received.</summary>
    private void WriteDisjointOutputsCheck(IndentedWriter w, string output, string other)
    {
        w.Line($"if (global::System.MemoryExtensions.Overlaps<double>({output}, {other}))").Open();
        w.Line($"throw new global::System.ArgumentException(\"{output} must not overlap {other}: {_model.Name} writes both.\", nameof({output}));");
        w.Close();
        w.Line();
    }

    private void WriteParameterDocs(IndentedWriter w, string resultRole = "Receives the value (the [Result] of the method).")
    {
        foreach (var p in _p.Parameters)
        {
            var role = p.IsResult ? resultRole
                : p.IsDifferentiable ? "A differentiable parameter."
                : "Passed through unchanged; not differentiated.";
            w.Line($"/// <param name=\"{p.Name.TrimStart('@')}\">{role}</param>");
        }
    }

    private string Cref => $"<see cref=\"{_model.Name}({string.Join(", ", _p.Parameters.Select(p => CrefType(p.Type)))})\"/>";

    private static string CrefType(string type) => type.Replace("global::", string.Empty).Replace('<', '{').Replace('>', '}');

    /// <summary>The buffers of one generated method, carved from one stack block or one pooled array.</summary>
    private sealed class Scratch
    {
        private readonly HashSet<string> _taken;
        private readonly List<(string Name, string Length, bool Clear)> _buffers = new();
        private string? _array;

        public Scratch(HashSet<string> taken) => _taken = taken;

        public void Add(string name, string length, bool clear) => _buffers.Add((name, length, clear));

        public void WriteAllocation(IndentedWriter w)
        {
            if (_buffers.Count == 0)
            {
                return;
            }

            var (length, block, rest) = (Fresh(_taken, "scratchLength"), Fresh(_taken, "scratch"), Fresh(_taken, "rest"));
            _array = Fresh(_taken, "rented");
            w.Line($"int {length} = {(_buffers.Count == 1 ? _buffers[0].Length : string.Join(" + ", _buffers.Select(b => Parenthesized(b.Length))))};");
            w.Line($"double[]? {_array} = null;");
            w.Line($"{Span} {block} = {length} <= {StackLimit} ? stackalloc double[{length}] : ({_array} = {Pool}.Rent({length}));");
            w.Line($"{Span} {rest} = {block};");
            w.Line();
            foreach (var (name, size, clear) in _buffers)
            {
                w.Line($"{Span} {name} = {rest}.Slice(0, {size});");
                w.Line($"{rest} = {rest}.Slice({size});");
                if (clear)
                {
                    w.Line($"{name}.Clear();");
                }
            }

            w.Line();
        }

        public void WriteRelease(IndentedWriter w)
        {
            if (_array is not null)
            {
                w.Line($"if ({_array} is not null)").Open();
                w.Line($"{Pool}.Return({_array});");
                w.Close();
            }
        }

        private static string Parenthesized(string text) => text.All(c => char.IsLetterOrDigit(c) || c == '.' || c == '_') ? text : "(" + text + ")";
    }
}
