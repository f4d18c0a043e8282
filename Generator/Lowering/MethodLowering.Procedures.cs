using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generator.Diagnostics;
using SymDiff.Generator.Engine;
using SymDiff.Generator.Pipeline;

namespace SymDiff.Generator.Lowering;

/// <summary>
/// The array half of the lowering: array parameters and local arrays, element reads and writes, and counted
/// <c>for</c> loops, lowered into a <see cref="Procedure"/>. Loops are symbolically executed once with their
/// carried variables standing for their values at the start of an iteration, so a loop stays a loop.
/// </summary>
internal sealed partial class MethodLowering
{
    private const string ConstantAttributeName = "SymDiff.ConstantAttribute";
    private const string ResultAttributeName = "SymDiff.ResultAttribute";

    /// <summary>An array in scope: its name in the procedure, its length, and whether the method may write it.</summary>
    /// <remarks>A slice (<c>w.Slice(offset, length)</c>) is the underlying array with an <see cref="Offset"/>.</remarks>
    internal sealed record ArrayRef(string Name, Expr Length, bool IsWritable, string ParameterName)
    {
        /// <summary>Where element 0 of this view is in the underlying array.</summary>
        public Expr? Offset { get; init; }

        public Expr At(ExprBuilder b, Expr index) => Offset is null ? index : b.Add(Offset, index);
    }

    /// <summary>Thrown while lowering a method as one expression when it turns out to need a procedure.</summary>
    private sealed class NeedsProcedureException : System.Exception
    {
    }

    /// <summary>Switches a method lowered as one expression over to the procedure form.</summary>
    private void RequireProcedure()
    {
        if (!_procedure)
        {
            throw new NeedsProcedureException();
        }
    }

    /// <summary>
    /// An array argument of a call to another [Differentiable] method: an array in scope, or a slice of one. The
    /// callee may write it only if it is the callee's [Result] and the caller may write it.
    /// </summary>
    private ArrayRef? LowerArrayArgument(IArgumentOperation argument, IParameterSymbol parameter, Frame frame)
    {
        RequireProcedure();
        var array = ResolveArray(argument.Value, frame);
        if (array is null)
        {
            return null;
        }

        bool isResult = parameter.GetAttributes().Any(a => IsAttribute(a, ResultAttributeName));
        if (isResult && !array.IsWritable)
        {
            Report(Descriptors.WriteToInput, argument.Syntax, argument.Syntax.ToString(), array.ParameterName);
            return null;
        }

        return array with { IsWritable = isResult };
    }

    private sealed class LoopScope
    {
        public HashSet<string> Read { get; } = new();

        public HashSet<string> Written { get; } = new();
    }

    private bool _procedure;

    /// <summary>
    /// Errors that come from where a statement sits (a loop or a write inside if/else, a local array inside a
    /// loop), not from the statement itself: inside an inlined callee they are the caller's error.
    /// </summary>
    private int _placementErrors;
    private int _conditionalDepth;
    private int _serial = 1000;
    private List<Statement> _sink = new();
    private readonly List<LocalArray> _localArrays = new();
    private readonly List<LoopScope> _loops = new();
    private readonly HashSet<string> _readArrays = new();
    private readonly HashSet<string> _takenNames = new();
    private readonly Dictionary<(string Array, Expr Index), Expr> _forwarded = new();
    private readonly HashSet<string> _reportedArrays = new();
    private readonly HashSet<string> _counters = new();
    private readonly List<LocationInfo> _loopSites = new();

    /// <summary>The call in the method itself that is being inlined, if any: inlined loops are reported there.</summary>
    private SyntaxNode? _outermostCall;

    /// <summary>Whether <paramref name="method"/> needs the procedure form (arrays, loops, constants, a vector result).</summary>
    public static bool NeedsProcedure(IMethodSymbol method, SyntaxNode syntax)
        => method.ReturnsVoid
            || method.Parameters.Any(p => !IsDouble(p.Type) || p.GetAttributes().Any(a => IsAttribute(a, ConstantAttributeName) || IsAttribute(a, ResultAttributeName)))
            || syntax.DescendantNodes().Any(n => n is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax or ElementAccessExpressionSyntax);

    /// <summary>The result of lowering a method into a procedure, or the diagnostics.</summary>
    /// <param name="Procedure">The procedure, or null when lowering reported errors.</param>
    /// <param name="Diagnostics">The errors, at their constructs.</param>
    /// <param name="LoopSites">Where each loop is (<see cref="Loop.Site"/> indexes it): the loop itself, or the call that inlined it.</param>
    public sealed record ProcedureResult(Procedure? Procedure, IReadOnlyList<DiagnosticInfo> Diagnostics, IReadOnlyList<LocationInfo> LoopSites);

    /// <summary>
    /// Lowers <paramref name="method"/> into a <see cref="Procedure"/> built in <paramref name="builder"/>. The syntax
    /// trees of the bodies it reads (the method's and those it inlines) are added to <paramref name="bodiesRead"/>.
    /// </summary>
    public static ProcedureResult LowerProcedure(Compilation compilation, IMethodSymbol method, ExprBuilder builder, CancellationToken cancellation,
        ISet<SyntaxTree>? bodiesRead = null)
    {
        var lowering = new MethodLowering(compilation, builder, cancellation, bodiesRead) { _procedure = true };
        var parameters = new List<ProcedureParameter>();
        var arguments = new Expr[method.Parameters.Length];
        var arrays = new Dictionary<int, ArrayRef>();
        foreach (var p in method.Parameters)
        {
            lowering._takenNames.Add(Identifier(p.Name));
        }

        for (int i = 0; i < method.Parameters.Length; i++)
        {
            var p = method.Parameters[i];
            var name = Identifier(p.Name);
            bool constant = p.GetAttributes().Any(a => IsAttribute(a, ConstantAttributeName));
            bool result = p.GetAttributes().Any(a => IsAttribute(a, ResultAttributeName));
            var type = p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            if (IsArrayType(p.Type))
            {
                arrays[i] = new ArrayRef(name, builder.IntegerVar(name + ".Length"), result, name);
                parameters.Add(new ProcedureParameter(name, ParameterKind.Array, !constant && !result, result, type));
                arguments[i] = builder.Zero;
            }
            else if (p.Type.SpecialType == SpecialType.System_Boolean)
            {
                arguments[i] = builder.Flag(name);
                parameters.Add(new ProcedureParameter(name, ParameterKind.Boolean, false, false, type));
            }
            else if (IsIntegral(p.Type))
            {
                arguments[i] = builder.IntegerVar(name);
                parameters.Add(new ProcedureParameter(name, ParameterKind.Integer, false, false, type));
            }
            else
            {
                arguments[i] = builder.Var(name, i);
                parameters.Add(new ProcedureParameter(name, ParameterKind.Scalar, !constant, false, type));
            }
        }

        var value = lowering.Inline(method, arguments, callSite: null, arrays);
        bool ok = lowering._diagnostics.Count == 0 && !lowering._hasInvalidCode && (value is not null || method.ReturnsVoid);
        var procedure = ok ? new Procedure(parameters, lowering._localArrays, lowering._sink, value, lowering._names) : null;
        return new ProcedureResult(procedure, lowering._diagnostics, lowering._loopSites);
    }

    private static bool IsAttribute(AttributeData attribute, string name) => attribute.AttributeClass?.ToDisplayString() == name;

    /// <summary><c>double[]</c>, <c>Span&lt;double&gt;</c> or <c>ReadOnlySpan&lt;double&gt;</c>.</summary>
    internal static bool IsArrayType(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Double } => true,
        INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" } named
            => named.TypeArguments.Length == 1 && named.TypeArguments[0].SpecialType == SpecialType.System_Double
                && named.ContainingNamespace?.ToDisplayString() == "System",
        _ => false,
    };

    /// <summary>Whether <paramref name="target"/> is an element <c>a[i]</c>.</summary>
    private static bool IsElement(IOperation target)
        => target is IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true };

    private string UniqueName(string name)
    {
        var unique = name;
        for (int k = 2; !_takenNames.Add(unique); k++)
        {
            unique = name + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return unique;
    }

    private ArrayRef? ResolveArray(IOperation instance, Frame frame)
    {
        RequireProcedure();
        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        if (instance is IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } sliced } slice && slice.Arguments.Length is 1 or 2)
        {
            var whole = ResolveArray(sliced, frame);
            var start = Lower(slice.Arguments[0].Value, frame);
            var length = slice.Arguments.Length == 2 ? Lower(slice.Arguments[1].Value, frame) : whole is null || start is null ? null : _b.Sub(whole.Length, start);
            if (whole is null || start is null || length is null)
            {
                return null;
            }

            return whole with { Length = length, Offset = whole.At(_b, start) };
        }

        var symbol = instance switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (symbol is not null && frame.Arrays.TryGetValue(symbol, out var array))
        {
            return array;
        }

        Report(Descriptors.UnsupportedConstruct, instance.Syntax, Describe(instance),
            "an array must be a parameter or a local array declared with stackalloc double[n] or new double[n]");
        return null;
    }

    private (ArrayRef Array, Expr Index)? LowerElementAddress(IOperation element, Frame frame)
    {
        var (instance, indexOperation) = element switch
        {
            IArrayElementReferenceOperation a when a.Indices.Length == 1 => (a.ArrayReference, a.Indices[0]),
            IPropertyReferenceOperation { Instance: { } i, Arguments.Length: 1 } p => (i, p.Arguments[0].Value),
            _ => (null, null),
        };
        if (instance is null || indexOperation is null)
        {
            Report(Descriptors.UnsupportedConstruct, element.Syntax, Describe(element), "index an array with one int");
            return null;
        }

        var array = ResolveArray(instance, frame);
        var index = Lower(indexOperation, frame);
        if (array is null || index is null)
        {
            return null;
        }

        if (index.IsBoolean || !IsIntegral(indexOperation.Type))
        {
            Report(Descriptors.UnsupportedConstruct, indexOperation.Syntax, Describe(indexOperation), "an index must be an int");
            return null;
        }

        return (array, index);
    }

    private Expr? LowerElement(IOperation element, Frame frame)
    {
        if (LowerElementAddress(element, frame) is not var (array, index))
        {
            return null;
        }

        if (_forwarded.TryGetValue((array.Name, array.At(_b, index)), out var stored))
        {
            return stored; // just written in this straight-line block: the value itself
        }

        if (array.IsWritable)
        {
            _readArrays.Add(array.Name);
            foreach (var scope in _loops)
            {
                scope.Read.Add(array.Name);
            }
        }

        return _b.Load(array.Name, array.At(_b, index));
    }

    private bool CanEmitStatement(SyntaxNode at, string what)
    {
        if (_conditionalDepth > 0)
        {
            _placementErrors++;
            Report(Descriptors.UnsupportedConstruct, at, what + " inside if/else",
                "compute the value with ?: (or Math.Max, Math.Abs ...) and write it unconditionally");
            return false;
        }

        return true;
    }

    private void ExecStore(IOperation target, Expr? value, bool accumulate, Frame frame)
    {
        if (LowerElementAddress(target, frame) is not var (array, index) || value is null || !CanEmitStatement(target.Syntax, "Writing an array element"))
        {
            return;
        }

        if (!array.IsWritable)
        {
            Report(Descriptors.WriteToInput, target.Syntax, target.Syntax.ToString(), array.ParameterName);
            return;
        }

        if (_readArrays.Contains(array.Name) && _reportedArrays.Add(array.Name))
        {
            Report(Descriptors.ArrayWrittenAfterRead, target.Syntax, $"'{target.Syntax}'", array.ParameterName, string.Empty);
            return;
        }

        foreach (var scope in _loops)
        {
            scope.Written.Add(array.Name);
        }

        index = array.At(_b, index);
        _forwarded.TryGetValue((array.Name, index), out var previous);
        foreach (var key in _forwarded.Keys.Where(k => k.Array == array.Name).ToList())
        {
            _forwarded.Remove(key);
        }

        if (!accumulate || previous is not null)
        {
            _forwarded[(array.Name, index)] = accumulate ? _b.Add(previous!, value) : value;
        }

        _sink.Add(new Store(array.Name, index, value, accumulate));
    }

    private void DeclareLocalArray(IVariableDeclaratorOperation declarator, IOperation? initializer, Frame frame)
    {
        RequireProcedure();
        var syntax = declarator.Syntax;
        var view = initializer;
        while (view is IConversionOperation viewConversion)
        {
            view = viewConversion.Operand;
        }

        if (view is IInvocationOperation { TargetMethod.Name: "Slice" })
        {
            // A view of an array in scope (w.Slice(i * n, n)): no storage, so it may be declared anywhere, even in a loop.
            if (ResolveArray(view, frame) is { } slice)
            {
                frame.Arrays[declarator.Symbol] = slice;
            }

            return;
        }

        if (_loops.Count > 0 || _conditionalDepth > 0)
        {
            _placementErrors++;
            Report(Descriptors.UnsupportedConstruct, syntax, "A local array declared inside a loop or an if",
                "declare it at the top level of the method, sized for all iterations (for example n * k), and index it with the loop counters");
            return;
        }

        while (initializer is IConversionOperation conversion)
        {
            initializer = conversion.Operand;
        }

        IOperation? length = initializer switch
        {
            IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation => creation.DimensionSizes[0],
            _ => null,
        };
        if (length is null && initializer?.Syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax type, Initializer: null }
            && type.RankSpecifiers.Count == 1 && type.RankSpecifiers[0].Sizes.Count == 1)
        {
            var size = type.RankSpecifiers[0].Sizes[0];
            length = _compilation.GetSemanticModel(size.SyntaxTree).GetOperation(size, _cancellation);
        }

        if (length is null)
        {
            Report(Descriptors.UnsupportedConstruct, syntax, Describe(declarator),
                "declare a local array as stackalloc double[n] or new double[n] (its elements start at 0)");
            return;
        }

        var lengthExpr = Lower(length, frame);
        if (lengthExpr is null)
        {
            return;
        }

        var name = UniqueName(Identifier(declarator.Symbol.Name));
        _localArrays.Add(new LocalArray(name, lengthExpr));
        frame.Arrays[declarator.Symbol] = new ArrayRef(name, lengthExpr, IsWritable: true, declarator.Symbol.Name);
    }

    private void ExecFor(IForLoopOperation loop, Frame frame)
    {
        RequireProcedure();
        if (!CanEmitStatement(loop.Syntax, "A loop"))
        {
            return;
        }

        if (frame.Returns.Count > 0)
        {
            Report(Descriptors.UnsupportedLoop, loop.Syntax, "it follows a conditional return; compute the result with ?: after the loop instead of returning early");
            return;
        }

        // for (int i = from; i < to (or <= last); i++ / ++i / i += 1)
        var declarators = loop.Before.OfType<IVariableDeclarationGroupOperation>().SelectMany(g => g.Declarations).SelectMany(d => d.Declarators).ToList();
        var counterSymbol = declarators.Count == 1 && loop.Before.Length == 1 && IsIntegral(declarators[0].Symbol.Type) ? declarators[0].Symbol : null;
        var fromOperation = counterSymbol is null ? null : declarators[0].Initializer?.Value ?? declarators[0].GetVariableInitializer()?.Value;
        var condition = loop.Condition as IBinaryOperation;
        bool conditionOk = condition is { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual, LeftOperand: ILocalReferenceOperation { Local: var c } }
            && SymbolEqualityComparer.Default.Equals(c, counterSymbol);
        bool stepOk = loop.AtLoopBottom.Length == 1 && loop.AtLoopBottom[0] is IExpressionStatementOperation { Operation: var step }
            && step switch
            {
                IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Local, counterSymbol),
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: ILocalReferenceOperation t, Value.ConstantValue: { HasValue: true, Value: 1 } }
                    => SymbolEqualityComparer.Default.Equals(t.Local, counterSymbol),
                _ => false,
            };
        if (counterSymbol is null || fromOperation is null || !conditionOk || !stepOk)
        {
            Report(Descriptors.UnsupportedLoop, loop.Syntax,
                "write it as for (int i = start; i < end; i++) with one int counter, a < or <= bound, and a step of 1");
            return;
        }

        var assigned = AssignedSymbols(loop.Body);
        if (assigned.Contains(counterSymbol!))
        {
            Report(Descriptors.UnsupportedLoop, loop.Syntax, $"its counter '{counterSymbol!.Name}' is assigned in the body; leave the counter to the loop header");
            return;
        }

        if (OwnOperations(loop.Body).FirstOrDefault(o => o is IBranchOperation or IReturnOperation) is { } jump)
        {
            Report(Descriptors.UnsupportedLoop, jump.Syntax, "break, continue, goto and return cannot leave a differentiable loop; compute the result after the loop");
            return;
        }

        var from = Lower(fromOperation, frame);
        var bound = Lower(condition!.RightOperand, frame);
        if (from is null || bound is null)
        {
            return;
        }

        var to = condition.OperatorKind == BinaryOperatorKind.LessThanOrEqual ? _b.Add(bound, _b.One) : bound;
        // A counter keeps its name unless an enclosing loop (of an inlined caller) already uses it.
        var counterName = Identifier(counterSymbol!.Name);
        for (int k = 2; _counters.Contains(counterName); k++)
        {
            counterName = Identifier(counterSymbol.Name) + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var counter = _b.IntegerVar(counterName);
        _counters.Add(counterName);

        // The variables the body assigns that live outside it are carried around the loop.
        var carried = new List<(ISymbol Symbol, Expr Entry, Expr Initial)>();
        foreach (var symbol in assigned.Where(frame.Env.ContainsKey).OrderBy(s => s.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0))
        {
            var initial = frame.Env[symbol];
            if (initial.IsBoolean || initial.IsInteger || !IsDouble(SymbolType(symbol)))
            {
                Report(Descriptors.UnsupportedLoop, loop.Syntax, $"it changes the {SymbolType(symbol)?.ToDisplayString() ?? "non-double"} variable '{symbol.Name}'; only double variables can be carried from one iteration to the next");
                return;
            }

            var entry = _b.Var(Identifier(symbol.Name), _serial++);
            carried.Add((symbol, entry, initial));
            frame.Env[symbol] = entry;
        }

        frame.Env[counterSymbol] = counter;
        var outerSink = _sink;
        var scope = new LoopScope();
        _sink = new List<Statement>();
        _loops.Add(scope);

        // Elements stored before the loop stay known inside it (values are immutable expressions), unless the body
        // writes their array: a later iteration would read the new value.
        var writtenInBody = ArraysWrittenIn(loop.Body, frame);
        var kept = _forwarded.Where(f => !writtenInBody.Contains(f.Key.Array)).ToList();
        _forwarded.Clear();
        foreach (var f in kept)
        {
            _forwarded.Add(f.Key, f.Value);
        }

        try
        {
            Exec(loop.Body, frame, _b.True);
        }
        finally
        {
            _loops.RemoveAt(_loops.Count - 1);
            _forwarded.Clear();
            foreach (var f in kept.Where(f => !scope.Written.Contains(f.Key.Array)))
            {
                _forwarded.Add(f.Key, f.Value);
            }
        }

        var body = _sink;
        _sink = outerSink;
        _counters.Remove(counterName);
        frame.Env.Remove(counterSymbol);
        foreach (var name in scope.Read.Intersect(scope.Written).OrderBy(n => n, System.StringComparer.Ordinal).Where(_reportedArrays.Add))
        {
            var array = frame.Arrays.Values.First(a => a.Name == name);
            Report(Descriptors.ArrayWrittenAfterRead, loop.Syntax, "This loop", array.ParameterName, " in an earlier iteration of the same loop");
        }

        if (_loops.Count > 0)
        {
            _loops[_loops.Count - 1].Read.UnionWith(scope.Read);
            _loops[_loops.Count - 1].Written.UnionWith(scope.Written);
        }

        var result = new List<Carried>();
        foreach (var (symbol, entry, initial) in carried)
        {
            var update = frame.Env[symbol];
            var exit = _b.Var(entry.Name!, _serial++);
            result.Add(new Carried(entry.Name!, entry, exit, initial, update));
            frame.Env[symbol] = exit;
        }

        int site = -1;
        if (LocationInfo.From(_callStack.Count > 1 ? _outermostCall : loop.Syntax) is { } location)
        {
            site = _loopSites.Count;
            _loopSites.Add(location);
        }

        _sink.Add(new Loop(counter, from, to, result, body, site));
    }

    private static ITypeSymbol? SymbolType(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        _ => null,
    };

    /// <summary>
    /// The arrays a loop body may write: targets of element assignments, and every array passed to a call (a
    /// callee may write its [Result]).
    /// </summary>
    private static HashSet<string> ArraysWrittenIn(IOperation body, Frame frame)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var operation in OwnOperations(body))
        {
            var target = operation switch
            {
                ISimpleAssignmentOperation a => a.Target,
                ICompoundAssignmentOperation c => c.Target,
                IIncrementOrDecrementOperation s => s.Target,
                _ => null,
            };
            var instance = target switch
            {
                IArrayElementReferenceOperation element => element.ArrayReference,
                IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } i } => i,
                _ => operation is IArgumentOperation { Value: var value } && IsArrayType(value.Type) ? value : null,
            };
            while (instance is IConversionOperation or IInvocationOperation { TargetMethod.Name: "Slice", Instance: not null })
            {
                instance = instance is IConversionOperation conversion ? conversion.Operand : ((IInvocationOperation)instance).Instance;
            }

            var symbol = instance switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            if (symbol is not null && frame.Arrays.TryGetValue(symbol, out var array))
            {
                names.Add(array.Name);
            }
        }

        return names;
    }

    /// <summary>
    /// <paramref name="root"/> and its descendants, without the bodies of lambdas and local functions (their
    /// returns and jumps are their own; lowering reports the functions themselves).
    /// </summary>
    private static IEnumerable<IOperation> OwnOperations(IOperation root)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            yield return operation;
            if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                continue;
            }

            foreach (var child in operation.ChildOperations.Reverse())
            {
                stack.Push(child);
            }
        }
    }

    /// <summary>The locals and parameters a statement assigns (=, compound assignments, ++ and --).</summary>
    private static HashSet<ISymbol> AssignedSymbols(IOperation body)
    {
        var symbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in body.DescendantsAndSelf())
        {
            var target = operation switch
            {
                ISimpleAssignmentOperation a => a.Target,
                ICompoundAssignmentOperation c => c.Target,
                IIncrementOrDecrementOperation s => s.Target,
                _ => null,
            };
            if (target is not null && TargetSymbol(target) is { } symbol)
            {
                symbols.Add(symbol);
            }
        }

        return symbols;
    }
}
