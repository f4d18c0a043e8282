using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generator.Diagnostics;
using SymDiff.Generator.Engine;
using SymDiff.Generator.Pipeline;

namespace SymDiff.Generator.Lowering;

/// <summary>
/// Lowers the body of a <c>[Differentiable]</c> method from Roslyn's <see cref="IOperation"/> tree to one engine
/// expression, by symbolic execution: locals map to expressions, <c>if</c>/<c>else</c> and early <c>return</c>
/// become select nodes, and called <c>[Differentiable]</c> methods are inlined. Anything outside the supported
/// language is reported as a diagnostic at its exact location and lowering returns null.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>Operations nested deeper than this are refused (a diagnostic, not a stack overflow in the compiler).</summary>
    public const int MaxNesting = 400;

    /// <summary>The most [Differentiable] calls inlined inside one another (each level costs stack in the lowering).</summary>
    public const int MaxCallDepth = 64;

    private const string AttributeName = "SymDiff.DifferentiableAttribute";

    private readonly Compilation _compilation;
    private readonly ExprBuilder _b;
    private readonly CancellationToken _cancellation;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly Dictionary<Expr, string> _names = new();
    private readonly List<IMethodSymbol> _callStack = new();
    private readonly ISet<SyntaxTree>? _bodiesRead;
    private int _nesting;
    private bool _hasInvalidCode;
    private bool _nestingReported;

    private MethodLowering(Compilation compilation, ExprBuilder builder, CancellationToken cancellation, ISet<SyntaxTree>? bodiesRead)
    {
        _compilation = compilation;
        _b = builder;
        _cancellation = cancellation;
        _bodiesRead = bodiesRead;
    }

    /// <summary>The result of lowering a method: its value expression and variables, or the diagnostics.</summary>
    public sealed class Result
    {
        public Result(Expr? value, IReadOnlyList<Expr> variables, IReadOnlyDictionary<Expr, string> names, IReadOnlyList<DiagnosticInfo> diagnostics)
        {
            Value = value;
            Variables = variables;
            Names = names;
            Diagnostics = diagnostics;
        }

        /// <summary>The method's value, or null if it cannot be differentiated.</summary>
        public Expr? Value { get; }

        /// <summary>The differentiation variables (the method's parameters), in order.</summary>
        public IReadOnlyList<Expr> Variables { get; }

        /// <summary>User local names for expressions, to name generated locals after them.</summary>
        public IReadOnlyDictionary<Expr, string> Names { get; }

        public IReadOnlyList<DiagnosticInfo> Diagnostics { get; }

        /// <summary>Whether the method turned out to need the procedure form (it calls a method with loops or arrays).</summary>
        public bool NeedsProcedure { get; init; }
    }

    /// <summary>
    /// Lowers <paramref name="method"/>, whose parameters become the variables, into <paramref name="builder"/>.
    /// The syntax trees of the bodies it reads (the method's and those it inlines) are added to <paramref name="bodiesRead"/>.
    /// </summary>
    public static Result Lower(Compilation compilation, IMethodSymbol method, ExprBuilder builder, CancellationToken cancellation,
        ISet<SyntaxTree>? bodiesRead = null)
    {
        var lowering = new MethodLowering(compilation, builder, cancellation, bodiesRead);
        var variables = method.Parameters.Select((p, i) => builder.Var(Identifier(p.Name), i)).ToArray();
        Expr? value;
        try
        {
            value = lowering.Inline(method, variables, callSite: null);
        }
        catch (NeedsProcedureException)
        {
            return new Result(null, variables, lowering._names, Array.Empty<DiagnosticInfo>()) { NeedsProcedure = true };
        }

        return new Result(
            lowering._diagnostics.Count == 0 && !lowering._hasInvalidCode ? value : null,
            variables,
            lowering._names,
            lowering._diagnostics);
    }

    /// <summary>The name as a C# identifier (keywords get an '@').</summary>
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Whether <paramref name="method"/> carries <c>[Differentiable]</c>.</summary>
    public static bool IsDifferentiable(IMethodSymbol method)
        => method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeName);

    // ----- methods and statements -----

    private sealed class Frame
    {
        public Frame(Dictionary<ISymbol, Expr> env, Dictionary<ISymbol, ArrayRef> arrays, bool returnsVoid)
        {
            Env = env;
            Arrays = arrays;
            ReturnsVoid = returnsVoid;
        }

        public Dictionary<ISymbol, Expr> Env { get; set; }

        /// <summary>The arrays in scope: array parameters and local arrays.</summary>
        public Dictionary<ISymbol, ArrayRef> Arrays { get; }

        /// <summary>A vector-valued method: it writes its [Result] span and returns nothing.</summary>
        public bool ReturnsVoid { get; }

        public List<(Expr Guard, Expr Value)> Returns { get; } = new();
    }

    /// <summary>Lowers a method's body with its parameters bound to <paramref name="arguments"/>.</summary>
    private Expr? Inline(IMethodSymbol method, IReadOnlyList<Expr> arguments, IOperation? callSite,
        IReadOnlyDictionary<int, ArrayRef>? arrayArguments = null)
    {
        var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellation)).OfType<BaseMethodDeclarationSyntax>()
            .FirstOrDefault(m => m.Body is not null || m.ExpressionBody is not null);
        if (syntax is null)
        {
            Report(Descriptors.UnsupportedMethodShape, callSite?.Syntax ?? method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellation),
                method.Name, "it has no body; give it an expression body or a block body");
            return null;
        }

        _bodiesRead?.Add(syntax.SyntaxTree);
        var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
        if (model.GetOperation(syntax, _cancellation) is not IMethodBodyOperation body)
        {
            Report(Descriptors.UnsupportedMethodShape, syntax, method.Name, "its body could not be analysed");
            return null;
        }

        if (model.GetDiagnostics(syntax.Span, _cancellation).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // The compiler reports the errors in the user's code; say nothing more and generate nothing.
            _hasInvalidCode = true;
            return null;
        }

        var env = new Dictionary<ISymbol, Expr>(SymbolEqualityComparer.Default);
        var arrays = new Dictionary<ISymbol, ArrayRef>(SymbolEqualityComparer.Default);
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            if (arrayArguments is not null && arrayArguments.TryGetValue(i, out var array))
            {
                arrays[method.Parameters[i]] = array;
            }
            else
            {
                env[method.Parameters[i]] = arguments[i];
            }
        }

        _callStack.Add(method);
        try
        {
            var frame = new Frame(env, arrays, method.ReturnsVoid);
            var block = body.BlockBody ?? body.ExpressionBody;
            bool done = block is not null && ExecBlock(block, frame, _b.True);
            if (method.ReturnsVoid && _diagnostics.Count == 0 && !_hasInvalidCode)
            {
                return null; // a vector-valued method: its value is what it wrote into its [Result] span
            }

            if (!done || frame.Returns.Count == 0)
            {
                if (_diagnostics.Count == 0 && !_hasInvalidCode)
                {
                    Report(Descriptors.UnsupportedMethodShape, syntax, method.Name, "not every path ends in a return statement");
                }

                return null;
            }

            // Earlier returns take priority: fold from the last one outwards.
            var value = frame.Returns[frame.Returns.Count - 1].Value;
            for (int i = frame.Returns.Count - 2; i >= 0; i--)
            {
                value = _b.Select(frame.Returns[i].Guard, frame.Returns[i].Value, value);
            }

            return value;
        }
        finally
        {
            _callStack.RemoveAt(_callStack.Count - 1);
        }
    }

    /// <summary>Executes statements in order; returns whether every path through them has returned.</summary>
    private bool ExecBlock(IBlockOperation block, Frame frame, Expr path) => ExecAll(block.Operations, frame, path);

    private bool ExecAll(IEnumerable<IOperation> statements, Frame frame, Expr path)
    {
        foreach (var statement in statements)
        {
            _cancellation.ThrowIfCancellationRequested();
            if (Exec(statement, frame, path))
            {
                return true; // the rest is unreachable
            }

            if (_diagnostics.Count > 0 || _hasInvalidCode)
            {
                return false;
            }
        }

        return false;
    }

    private bool Exec(IOperation statement, Frame frame, Expr path)
    {
        // Statements nest through blocks, ifs and loops: bounded like expressions, so deep code is a diagnostic,
        // not a stack overflow.
        if (++_nesting > MaxNesting)
        {
            _nesting--;
            ReportNesting(statement, "split it into smaller methods, or flatten the nested blocks");
            return false;
        }

        try
        {
            return ExecCore(statement, frame, path);
        }
        finally
        {
            _nesting--;
        }
    }

    private void ReportNesting(IOperation operation, string hint)
    {
        if (!_nestingReported)
        {
            _nestingReported = true;
            Report(Descriptors.UnsupportedConstruct, operation.Syntax, $"Code nested more than {MaxNesting} levels deep", hint);
        }
    }

    private bool ExecCore(IOperation statement, Frame frame, Expr path)
    {
        switch (statement)
        {
            case IBlockOperation block:
                return ExecBlock(block, frame, path);

            case IReturnOperation ret when ret.ReturnedValue is not null:
                var value = LowerNumber(ret.ReturnedValue, frame);
                if (value is not null)
                {
                    frame.Returns.Add((path, value));
                }

                return true;

            case IVariableDeclarationGroupOperation group:
                foreach (var declarator in group.Declarations.SelectMany(d => d.Declarators))
                {
                    var initializer = declarator.Initializer?.Value ?? declarator.GetVariableInitializer()?.Value;
                    if (declarator.Symbol.IsConst)
                    {
                        continue; // const locals are read through their constant value
                    }

                    if (IsArrayType(declarator.Symbol.Type))
                    {
                        DeclareLocalArray(declarator, initializer, frame);
                        continue;
                    }

                    if (!IsSupportedLocalType(declarator.Symbol.Type))
                    {
                        Report(Descriptors.UnsupportedConstruct, declarator.Syntax, $"A local of type '{declarator.Symbol.Type.ToDisplayString()}'", "use double (or bool for conditions)");
                        return false;
                    }

                    if (initializer is not null)
                    {
                        Assign(declarator.Symbol, Lower(initializer, frame), frame);
                    }
                }

                return false;

            case IExpressionStatementOperation { Operation: var expression }:
                ExecAssignment(expression, frame);
                return false;

            case IConditionalOperation conditional:
                _conditionalDepth++;
                try
                {
                    return ExecIf(conditional, frame, path);
                }
                finally
                {
                    _conditionalDepth--;
                }

            case IEmptyOperation:
                return false;

            case IForLoopOperation forLoop:
                ExecFor(forLoop, frame);
                return false;

            case ILoopOperation otherLoop:
                Report(Descriptors.UnsupportedLoop, otherLoop.Syntax,
                    "only counted for loops are supported (for (int i = a; i < b; i++)); write it as one, with bounds from lengths, constants or int parameters");
                return false;

            default:
                Report(Descriptors.UnsupportedConstruct, statement.Syntax, Describe(statement), HintFor(statement));
                return false;
        }
    }

    private bool ExecIf(IConditionalOperation conditional, Frame frame, Expr path)
    {
        var condition = LowerCondition(conditional.Condition, frame);
        if (condition is null)
        {
            return false;
        }

        var outer = frame.Env;
        var thenEnv = new Dictionary<ISymbol, Expr>(outer, SymbolEqualityComparer.Default);
        frame.Env = thenEnv;
        bool thenDone = Exec(conditional.WhenTrue, frame, _b.And(path, condition));
        thenEnv = frame.Env;

        var elseEnv = new Dictionary<ISymbol, Expr>(outer, SymbolEqualityComparer.Default);
        frame.Env = elseEnv;
        bool elseDone = conditional.WhenFalse is not null && Exec(conditional.WhenFalse, frame, _b.And(path, _b.Not(condition)));
        elseEnv = frame.Env;

        if (thenDone && elseDone)
        {
            return true;
        }

        // Variables take the value of the branch that was taken. A variable assigned in one branch only is either
        // local to it or, by C#'s definite assignment, not read after the if: its one value is kept harmlessly.
        var merged = new Dictionary<ISymbol, Expr>(SymbolEqualityComparer.Default);
        foreach (var symbol in thenEnv.Keys.Concat(elseEnv.Keys).Distinct(SymbolEqualityComparer.Default))
        {
            thenEnv.TryGetValue(symbol, out var a);
            elseEnv.TryGetValue(symbol, out var b);
            if (thenDone || a is null)
            {
                merged[symbol] = b ?? a!;
            }
            else if (elseDone || b is null)
            {
                merged[symbol] = a;
            }
            else
            {
                merged[symbol] = a.IsBoolean
                    ? _b.Or(_b.And(condition, a), _b.And(_b.Not(condition), b))
                    : _b.Select(condition, a, b);
            }
        }

        frame.Env = merged;
        return false;
    }

    private void ExecAssignment(IOperation expression, Frame frame)
    {
        switch (expression)
        {
            case ISimpleAssignmentOperation assignment when IsElement(assignment.Target):
                ExecStore(assignment.Target, LowerNumber(assignment.Value, frame), accumulate: false, frame);
                return;

            case ICompoundAssignmentOperation compound when IsElement(compound.Target)
                && compound.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract:
                var term = LowerNumber(compound.Value, frame);
                ExecStore(compound.Target, term is null ? null : compound.OperatorKind == BinaryOperatorKind.Add ? term : _b.Neg(term), accumulate: true, frame);
                return;

            case ISimpleAssignmentOperation assignment when TargetSymbol(assignment.Target) is { } target && IsArrayType(assignment.Target.Type):
                Report(Descriptors.UnsupportedConstruct, assignment.Syntax, Describe(assignment),
                    "an array variable cannot be made to point elsewhere; declare another one (var rest = x.Slice(k, n)) or index with an offset");
                return;

            case ISimpleAssignmentOperation assignment when TargetSymbol(assignment.Target) is { } target:
                Assign(target, Lower(assignment.Value, frame), frame);
                return;

            case ICompoundAssignmentOperation compound when TargetSymbol(compound.Target) is { } target && IsDouble(compound.Type):
                var current = Lower(compound.Target, frame);
                var operand = LowerNumber(compound.Value, frame);
                if (current is not null && operand is not null)
                {
                    Assign(target, Arithmetic(compound.OperatorKind, current, operand, compound), frame);
                }

                return;

            case IIncrementOrDecrementOperation step when TargetSymbol(step.Target) is { } target && IsDouble(step.Type):
                var old = Lower(step.Target, frame);
                if (old is not null)
                {
                    var one = _b.Const(step.Kind == OperationKind.Increment ? 1 : -1);
                    Assign(target, _b.Add(old, one), frame);
                }

                return;

            case IInvocationOperation { TargetMethod.ReturnsVoid: true } call:
                LowerInvocation(call, frame); // a vector-valued [Differentiable] method writes its [Result]
                return;

            default:
                Report(Descriptors.UnsupportedConstruct, expression.Syntax, Describe(expression),
                    "a statement must assign a local or parameter (=, +=, -=, *=, /=, ++, --); calls for their side effects are not allowed");
                return;
        }
    }

    private void Assign(ISymbol target, Expr? value, Frame frame)
    {
        if (value is null)
        {
            return;
        }

        frame.Env[target] = value;
        if (value.Args.Count > 0 && !_names.ContainsKey(value) && _callStack.Count == 1)
        {
            _names[value] = Identifier(target.Name);
        }
    }

    private static ISymbol? TargetSymbol(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    // ----- expressions -----

    private Expr? LowerNumber(IOperation operation, Frame frame)
    {
        var e = Lower(operation, frame);
        if (e is not null && e.IsBoolean)
        {
            Report(Descriptors.UnsupportedConstruct, operation.Syntax, Describe(operation), "a number was expected here");
            return null;
        }

        return e;
    }

    private Expr? LowerCondition(IOperation operation, Frame frame)
    {
        var e = Lower(operation, frame);
        if (e is not null && !e.IsBoolean)
        {
            Report(Descriptors.UnsupportedConstruct, operation.Syntax, Describe(operation), "a condition was expected here");
            return null;
        }

        return e;
    }

    private Expr? Lower(IOperation operation, Frame frame)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (++_nesting > MaxNesting)
        {
            _nesting--;
            if (_nestingReported)
            {
                return null;
            }

            _nestingReported = true;
            Report(Descriptors.UnsupportedConstruct, operation.Syntax, $"An expression nested more than {MaxNesting} levels deep",
                "split it into smaller expressions with local variables");
            return null;
        }

        try
        {
            return LowerCore(operation, frame);
        }
        finally
        {
            _nesting--;
        }
    }

    private Expr? LowerCore(IOperation operation, Frame frame)
    {
        if (operation.ConstantValue is { HasValue: true, Value: var constant })
        {
            switch (constant)
            {
                case bool flag:
                    return _b.Bool(flag);
                case double or float or int or long or short or sbyte or byte or ushort or uint or ulong or decimal:
                    return _b.Const(Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        switch (operation)
        {
            case IParameterReferenceOperation { Parameter: var parameter }:
                return Read(parameter, operation, frame);
            case ILocalReferenceOperation { Local: var local }:
                return Read(local, operation, frame);
            case IConversionOperation conversion:
                return LowerConversion(conversion, frame);
            case IParenthesizedOperation parenthesized:
                return Lower(parenthesized.Operand, frame);
            case IUnaryOperation unary:
                return LowerUnary(unary, frame);
            case IBinaryOperation binary:
                return LowerBinary(binary, frame);
            case IConditionalOperation { WhenFalse: not null } conditional:
                if (_procedure && IsIntegral(conditional.Type) && conditional.Parent is not IConversionOperation { Type.SpecialType: SpecialType.System_Double })
                {
                    // An int ?: can only be an index, a bound or a size, and those cannot depend on a condition.
                    var at = conditional.Syntax;
                    while (at.Parent is ParenthesizedExpressionSyntax parenthesized)
                    {
                        at = parenthesized;
                    }

                    Report(Descriptors.UnsupportedConstruct, at, "An int ?:",
                        "indices, loop bounds and array sizes cannot depend on a condition, because the generated loops must have the same shape for every input; use a double ?: for values, or split the method in two");
                    return null;
                }

                var condition = LowerCondition(conditional.Condition, frame);
                var whenTrue = Lower(conditional.WhenTrue, frame);
                var whenFalse = Lower(conditional.WhenFalse, frame);
                if (condition is null || whenTrue is null || whenFalse is null)
                {
                    return null;
                }

                return whenTrue.IsBoolean
                    ? _b.Or(_b.And(condition, whenTrue), _b.And(_b.Not(condition), whenFalse))
                    : _b.Select(condition, whenTrue, whenFalse);
            case IInvocationOperation invocation:
                return LowerInvocation(invocation, frame);
            case IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true }:
                return LowerElement(operation, frame);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when IsArrayType(instance.Type):
                return ResolveArray(instance, frame)?.Length;
            case IFieldReferenceOperation or IPropertyReferenceOperation:
                Report(Descriptors.NotConstant, operation.Syntax, operation.Syntax.ToString());
                return null;
            case IInvalidOperation:
                // The compiler already reports the error in the user's code; say nothing more, generate nothing.
                _hasInvalidCode = true;
                return null;
            default:
                Report(Descriptors.UnsupportedConstruct, operation.Syntax, Describe(operation), HintFor(operation));
                return null;
        }
    }

    private Expr? Read(ISymbol symbol, IOperation operation, Frame frame)
    {
        if (frame.Env.TryGetValue(symbol, out var value))
        {
            return value;
        }

        Report(Descriptors.UnsupportedConstruct, operation.Syntax, $"'{symbol.Name}'", "it is read before it is assigned");
        return null;
    }

    private Expr? LowerConversion(IConversionOperation conversion, Frame frame)
    {
        var target = conversion.Type;
        var source = conversion.Operand.Type;
        if (target is null || source is null || SymbolEqualityComparer.Default.Equals(target, source)
            || (IsDouble(target) && IsNumeric(source)) || (IsIntegral(target) && IsIntegral(source)))
        {
            return Lower(conversion.Operand, frame);
        }

        Report(Descriptors.UnsupportedConstruct, conversion.Syntax, $"The conversion '{conversion.Syntax}'",
            IsIntegral(target) ? "a cast to an integer type is not differentiable: use Math.Truncate, Math.Floor or Math.Round" : "only numeric conversions to double are supported");
        return null;
    }

    private Expr? LowerUnary(IUnaryOperation unary, Frame frame)
    {
        var operand = Lower(unary.Operand, frame);
        if (operand is null)
        {
            return null;
        }

        switch (unary.OperatorKind)
        {
            case UnaryOperatorKind.Plus:
                return operand;
            case UnaryOperatorKind.Minus when !operand.IsBoolean:
                return RequireDoubleArithmetic(unary, _b.Neg(operand));
            case UnaryOperatorKind.Not when operand.IsBoolean:
                return _b.Not(operand);
            default:
                Report(Descriptors.UnsupportedConstruct, unary.Syntax, Describe(unary), HintFor(unary));
                return null;
        }
    }

    private Expr? LowerBinary(IBinaryOperation binary, Frame frame)
    {
        if (IsDoubleChainLink(binary, additive: true) || IsDoubleChainLink(binary, additive: false))
        {
            return LowerChain(binary, frame);
        }

        var left = Lower(binary.LeftOperand, frame);
        var right = Lower(binary.RightOperand, frame);
        if (left is null || right is null)
        {
            return null;
        }

        if (left.IsBoolean && right.IsBoolean)
        {
            switch (binary.OperatorKind)
            {
                case BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And:
                    return _b.And(left, right);
                case BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or:
                    return _b.Or(left, right);
                case BinaryOperatorKind.Equals:
                    return _b.Or(_b.And(left, right), _b.And(_b.Not(left), _b.Not(right)));
                case BinaryOperatorKind.NotEquals or BinaryOperatorKind.ExclusiveOr:
                    return _b.Or(_b.And(left, _b.Not(right)), _b.And(_b.Not(left), right));
            }
        }
        else if (!left.IsBoolean && !right.IsBoolean)
        {
            var comparison = binary.OperatorKind switch
            {
                BinaryOperatorKind.LessThan => Op.Less,
                BinaryOperatorKind.LessThanOrEqual => Op.LessEqual,
                BinaryOperatorKind.GreaterThan => Op.Greater,
                BinaryOperatorKind.GreaterThanOrEqual => Op.GreaterEqual,
                BinaryOperatorKind.Equals => Op.Equal,
                BinaryOperatorKind.NotEquals => Op.NotEqual,
                _ => (Op?)null,
            };
            if (comparison is { } op)
            {
                return _b.Compare(op, left, right);
            }

            if (binary.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide)
            {
                return Arithmetic(binary.OperatorKind, left, right, binary);
            }
        }

        Report(Descriptors.UnsupportedConstruct, binary.Syntax, Describe(binary), HintFor(binary));
        return null;
    }

    /// <summary>
    /// A left-deep chain <c>a + b − c + …</c> (or <c>a · b / c · …</c>) in double arithmetic, lowered iteratively
    /// into one n-ary sum (or product): a long sum neither nests the lowering deeply nor rebuilds its prefix sums.
    /// </summary>
    private Expr? LowerChain(IBinaryOperation top, Frame frame)
    {
        bool additive = top.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract;
        var links = new List<IBinaryOperation>();
        IOperation leftmost = top;
        while (leftmost is IBinaryOperation link && IsDoubleChainLink(link, additive))
        {
            links.Add(link);
            leftmost = link.LeftOperand;
        }

        var operands = new List<Expr>(links.Count + 1);
        var first = LowerNumber(leftmost, frame);
        if (first is null)
        {
            return null;
        }

        operands.Add(first);
        for (int i = links.Count - 1; i >= 0; i--)
        {
            var operand = LowerNumber(links[i].RightOperand, frame);
            if (operand is null)
            {
                return null;
            }

            operands.Add(links[i].OperatorKind switch
            {
                BinaryOperatorKind.Subtract => _b.Neg(operand),
                BinaryOperatorKind.Divide => _b.Pow(operand, _b.Const(-1)),
                _ => operand,
            });
        }

        return additive ? _b.Add(operands.ToArray()) : _b.Mul(operands.ToArray());
    }

    private static bool IsDoubleChainLink(IBinaryOperation binary, bool additive)
        => IsDouble(binary.Type) && !binary.ConstantValue.HasValue && binary.OperatorMethod is null
            && (additive
                ? binary.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract
                : binary.OperatorKind is BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide);

    /// <summary>
    /// <c>+ − × ÷</c> in double arithmetic. Integer arithmetic is accepted only on constants, evaluated with C#'s
    /// integer semantics (<c>1 / 2</c> is 0), since it is not differentiable.
    /// </summary>
    private Expr? Arithmetic(BinaryOperatorKind kind, Expr left, Expr right, IOperation operation)
    {
        if (IsIntegral(operation.Type))
        {
            if ((!left.IsConstant || !right.IsConstant) && _procedure
                && kind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply)
            {
                // Index arithmetic (i * n + j): exact in the engine's ring operations, written back as int.
                return kind switch
                {
                    BinaryOperatorKind.Add => _b.Add(left, right),
                    BinaryOperatorKind.Subtract => _b.Sub(left, right),
                    _ => _b.Mul(left, right),
                };
            }

            if (!left.IsConstant || !right.IsConstant)
            {
                Report(Descriptors.IntegerArithmetic, operation.Syntax, operation.Syntax.ToString());
                return null;
            }

            long a = (long)left.Value;
            long b = (long)right.Value;
            if (kind == BinaryOperatorKind.Divide && b == 0)
            {
                Report(Descriptors.UnsupportedConstruct, operation.Syntax, Describe(operation), "integer division by zero");
                return null;
            }

            long result = kind switch
            {
                BinaryOperatorKind.Add => a + b,
                BinaryOperatorKind.Subtract => a - b,
                BinaryOperatorKind.Multiply => a * b,
                _ => a / b,
            };
            return _b.Const(operation.Type!.SpecialType == SpecialType.System_Int32 ? unchecked((int)result) : result);
        }

        return RequireDoubleArithmetic(operation, kind switch
        {
            BinaryOperatorKind.Add => _b.Add(left, right),
            BinaryOperatorKind.Subtract => _b.Sub(left, right),
            BinaryOperatorKind.Multiply => _b.Mul(left, right),
            _ => _b.Div(left, right),
        });
    }

    private Expr? RequireDoubleArithmetic(IOperation operation, Expr result)
    {
        if (operation.Type is { } type && !IsDouble(type) && !IsIntegral(type))
        {
            Report(Descriptors.UnsupportedConstruct, operation.Syntax, $"Arithmetic in '{type.ToDisplayString()}'", "compute in double");
            return null;
        }

        return result;
    }

    private Expr? LowerInvocation(IInvocationOperation invocation, Frame frame)
    {
        var method = invocation.TargetMethod;
        var args = new Expr[invocation.Arguments.Length];
        var arrays = new Dictionary<int, ArrayRef>();
        foreach (var argument in invocation.Arguments)
        {
            int ordinal = argument.Parameter?.Ordinal ?? 0;
            if (argument.Parameter is { } parameter && IsArrayType(parameter.Type))
            {
                if (LowerArrayArgument(argument, parameter, frame) is not { } array)
                {
                    return null;
                }

                arrays[ordinal] = array;
                args[ordinal] = _b.Zero;
                continue;
            }

            var arg = argument.Parameter?.Type.SpecialType == SpecialType.System_Boolean
                ? LowerCondition(argument.Value, frame)
                : LowerNumber(argument.Value, frame);
            if (arg is null)
            {
                return null;
            }

            args[ordinal] = arg;
        }

        var known = arrays.Count == 0 ? KnownFunctions.Lower(_b, method, args) : null;
        if (known is not null)
        {
            return known;
        }

        if (!IsDifferentiable(method.OriginalDefinition) || !method.IsStatic || method.DeclaringSyntaxReferences.IsEmpty)
        {
            Report(Descriptors.UnknownCall, invocation.Syntax, method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));
            return null;
        }

        return InlineCall(method, args, arrays, invocation);
    }

    /// <summary>Inlines a call of another [Differentiable] method; its own errors are reported on it, not here.</summary>
    private Expr? InlineCall(IMethodSymbol method, Expr[] args, Dictionary<int, ArrayRef> arrays, IInvocationOperation invocation)
    {
        var name = method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        if (_callStack.Contains(method.OriginalDefinition, SymbolEqualityComparer.Default))
        {
            Report(Descriptors.Recursion, invocation.Syntax, _callStack[0].Name, name);
            return null;
        }

        if (_callStack.Count >= MaxCallDepth)
        {
            ReportCallChainTooDeep(invocation);
            return null;
        }

        bool supportedShape = (IsDouble(method.ReturnType) || method.ReturnsVoid)
            && method.Parameters.All(p => p.RefKind == RefKind.None && (IsSupportedLocalType(p.Type) || IsArrayType(p.Type)));
        if (!supportedShape)
        {
            Report(Descriptors.CalleeHasErrors, invocation.Syntax, name);
            return null;
        }

        if (arrays.Count > 0 || method.ReturnsVoid || method.Parameters.Any(p => IsIntegral(p.Type)))
        {
            RequireProcedure();
        }

        int before = _diagnostics.Count;
        int placementBefore = _placementErrors;
        if (_callStack.Count == 1)
        {
            _outermostCall = invocation.Syntax;
        }

        var value = Inline(method.OriginalDefinition, args, invocation, arrays);
        if (_diagnostics.Count == before)
        {
            return value;
        }

        // The callee's own diagnostics belong to the callee's own generation: report one error at this call.
        var recursion = _diagnostics.Skip(before).Any(d => d.Descriptor == Descriptors.Recursion);
        bool tooDeep = _callChainTooDeep;
        bool misplaced = (_loops.Count > 0 || _conditionalDepth > 0) && _placementErrors - placementBefore == _diagnostics.Count - before;
        _diagnostics.RemoveRange(before, _diagnostics.Count - before);
        if (recursion)
        {
            Report(Descriptors.Recursion, invocation.Syntax, _callStack[0].Name, name);
        }
        else if (tooDeep)
        {
            // Not an error of the callee's own: the chain is too deep from here, so say so at this call.
            ReportCallChainTooDeep(invocation);
        }
        else if (misplaced)
        {
            // The callee is fine on its own: the problem is calling it here.
            _placementErrors++;
            Report(Descriptors.UnsupportedConstruct, invocation.Syntax, $"A call to '{name}' inside {(_conditionalDepth > 0 ? "if/else" : "a loop")}",
                $"'{name}' declares local arrays or writes array elements, which a [Differentiable] method can only do outside if/else (and, for local arrays, outside loops); call it at the top level of the method");
        }
        else
        {
            Report(Descriptors.CalleeHasErrors, invocation.Syntax, name);
        }

        return null;
    }

    /// <summary>Set once a call chain went past <see cref="MaxCallDepth"/>: every enclosing call reports it in turn.</summary>
    private bool _callChainTooDeep;

    private void ReportCallChainTooDeep(IInvocationOperation invocation)
    {
        _callChainTooDeep = true;
        Report(Descriptors.UnsupportedConstruct, invocation.Syntax, $"A chain of more than {MaxCallDepth} [Differentiable] calls inside one another",
            "every call is inlined; merge some of the methods so the chain is shorter");
    }

    // ----- helpers -----

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode? location, params string[] arguments)
        => _diagnostics.Add(DiagnosticInfo.Create(descriptor, LocationInfo.From(location), arguments));

    private static string Describe(IOperation operation)
    {
        var text = operation.Syntax.ToString();
        if (text.Length > 60)
        {
            text = text.Substring(0, 57) + "...";
        }

        return $"'{text.Replace("\r", " ").Replace("\n", " ")}'";
    }

    private static string HintFor(IOperation operation) => operation switch
    {
        ILoopOperation => "only counted for loops are supported",
        ISwitchOperation or ISwitchExpressionOperation => "use if/else or the conditional operator ?:",
        IThrowOperation or ITryOperation => "exceptions cannot be differentiated; return a value on every path",
        ILocalFunctionOperation or IAnonymousFunctionOperation => "move the function into a static [Differentiable] method of a partial type",
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Remainder } => "the remainder operator is not differentiable; use Math.Floor or Math.Truncate",
        IReturnOperation => "return a double value",
        _ => "supported are double locals and parameters, literals and const values, + - * /, comparisons, && || !, if/else, ?:, System.Math and SymDiff.SymMath functions, and calls to other [Differentiable] methods",
    };

    private static bool IsSupportedLocalType(ITypeSymbol type) => IsDouble(type) || IsIntegral(type) || type.SpecialType == SpecialType.System_Boolean;

    private static bool IsDouble(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Double;

    private static bool IsIntegral(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
        or SpecialType.System_Int16 or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_UInt16
        or SpecialType.System_UInt32;

    private static bool IsNumeric(ITypeSymbol? type) => IsDouble(type) || IsIntegral(type) || type?.SpecialType == SpecialType.System_Single;
}
