using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SymDiff.Analyzers;

/// <summary>
/// Finds expressions that are numerically fragile in a well-known way and have a stable equivalent:
/// <c>log(1 + exp(x))</c> (SYMDIFF101, <c>SymMath.Softplus</c>), <c>1 / (1 + exp(-x))</c> and <c>exp(x) / (1 + exp(x))</c>
/// (SYMDIFF102, <c>SymMath.Sigmoid</c>), and the log of a sum of exponentials without the maximum subtracted
/// (SYMDIFF103). Matching is semantic: only <c>System.Math</c> (and <c>System.Double</c>) <c>Exp</c>/<c>Log</c> on
/// doubles, with the constant 1 in any spelling, in any order and with any parentheses. It looks at all user code,
/// not only <c>[Differentiable]</c> methods: the value overflows wherever it is computed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NumericStabilityAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableDictionary<string, string?> Negate =
        ImmutableDictionary<string, string?>.Empty.Add(StabilityDiagnostics.NegateArgumentProperty, "true");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        StabilityDiagnostics.Softplus, StabilityDiagnostics.Sigmoid, StabilityDiagnostics.LogSumExp);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(AnalyzeDivision, OperationKind.Binary);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var call = (IInvocationOperation)context.Operation;
        if (IsDoubleFunction(call, "Log") && call.Arguments.Length == 1)
        {
            IOperation argument = SkipImplicitConversions(call.Arguments[0].Value);

            // log(1 + exp(x)), log(exp(x) + 1)
            if (OnePlusExp(argument) is { } exp)
            {
                ReportSoftplus(context, call, exp);
                return;
            }

            // log(exp(a) + exp(b) + ...)
            if (IsSumOfUnshiftedExps(argument))
            {
                Report(context, StabilityDiagnostics.LogSumExp, call.Syntax, null, null, Text(call), Text(argument));
                return;
            }

            // s += exp(z[i]) in a loop, then log(s)
            if (argument is ILocalReferenceOperation local && FindLoopAccumulation(call, local.Local) is { } accumulation)
            {
                Report(context, StabilityDiagnostics.LogSumExp, call.Syntax, accumulation.Syntax.GetLocation(), null, Text(call), Text(accumulation));
            }

            return;
        }

        // double.LogP1(exp(x))
        if (IsDoubleFunction(call, "LogP1") && call.Arguments.Length == 1
            && AsExp(SkipImplicitConversions(call.Arguments[0].Value)) is { } logP1Exp)
        {
            ReportSoftplus(context, call, logP1Exp);
        }
    }

    private static void ReportSoftplus(OperationAnalysisContext context, IInvocationOperation call, IInvocationOperation exp)
    {
        IOperation x = exp.Arguments[0].Value;
        Report(context, StabilityDiagnostics.Softplus, call.Syntax, x.Syntax.GetLocation(), null, Text(call), Text(x));
    }

    private static void AnalyzeDivision(OperationAnalysisContext context)
    {
        var division = (IBinaryOperation)context.Operation;
        if (division.OperatorKind != BinaryOperatorKind.Divide || division.OperatorMethod is not null
            || division.Type?.SpecialType != SpecialType.System_Double
            || OnePlusExp(SkipImplicitConversions(division.RightOperand)) is not { } denominatorExp)
        {
            return;
        }

        IOperation w = denominatorExp.Arguments[0].Value;
        if (IsOne(division.LeftOperand))
        {
            // 1 / (1 + exp(-x)) = Sigmoid(x); 1 / (1 + exp(w)) = Sigmoid(-w)
            if (SkipImplicitConversions(w) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus, OperatorMethod: null } negation)
            {
                string x = Text(negation.Operand);
                Report(context, StabilityDiagnostics.Sigmoid, division.Syntax, negation.Operand.Syntax.GetLocation(), null, Text(division),
                    $"has a NaN derivative for {x} < ~-709: exp({Text(w)}) overflows to infinity there and the derivative exp(-x)/(1 + exp(-x))^2 is infinity/infinity",
                    x);
            }
            else
            {
                string minusW = StabilityDiagnostics.NeedsParenthesesWhenNegated(w.Syntax) ? "-(" + Text(w) + ")" : "-" + Text(w);
                Report(context, StabilityDiagnostics.Sigmoid, division.Syntax, w.Syntax.GetLocation(), Negate, Text(division),
                    $"has a NaN derivative for {Text(w)} > ~709: exp({Text(w)}) overflows to infinity there and the derivative -exp(w)/(1 + exp(w))^2 is infinity/infinity",
                    minusW);
            }

            return;
        }

        // exp(x) / (1 + exp(x)) = Sigmoid(x)
        if (AsExp(SkipImplicitConversions(division.LeftOperand)) is { } numeratorExp
            && SyntaxFactory.AreEquivalent(numeratorExp.Arguments[0].Value.Syntax, w.Syntax))
        {
            string x = Text(w);
            Report(context, StabilityDiagnostics.Sigmoid, division.Syntax, numeratorExp.Arguments[0].Value.Syntax.GetLocation(), null, Text(division),
                $"is NaN for {x} > ~709: exp({x}) overflows to infinity there and infinity/infinity is NaN (and so is its derivative)",
                x);
        }
    }

    private static void Report(
        OperationAnalysisContext context, DiagnosticDescriptor descriptor, SyntaxNode at, Location? additional,
        ImmutableDictionary<string, string?>? properties, params object[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(
            descriptor, at.GetLocation(), additional is null ? null : new[] { additional }, properties, arguments));

    /// <summary><c>1 + exp(w)</c> or <c>exp(w) + 1</c> (doubles, any constant equal to 1): the exp call, else null.</summary>
    private static IInvocationOperation? OnePlusExp(IOperation operation)
    {
        if (operation is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null } sum
            || sum.Type?.SpecialType != SpecialType.System_Double)
        {
            return null;
        }

        if (IsOne(sum.LeftOperand))
        {
            return AsExp(SkipImplicitConversions(sum.RightOperand));
        }

        return IsOne(sum.RightOperand) ? AsExp(SkipImplicitConversions(sum.LeftOperand)) : null;
    }

    /// <summary>A sum of two or more exp calls, none of whose exponents is shifted (<c>z - m</c>).</summary>
    private static bool IsSumOfUnshiftedExps(IOperation operation)
    {
        if (operation is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null } sum
            || sum.Type?.SpecialType != SpecialType.System_Double)
        {
            return false;
        }

        var terms = new List<IOperation>();
        CollectTerms(sum, terms);
        foreach (IOperation term in terms)
        {
            if (AsExp(term) is not { } exp || IsShifted(exp))
            {
                return false;
            }
        }

        return true;
    }

    private static void CollectTerms(IOperation operation, List<IOperation> terms)
    {
        operation = SkipImplicitConversions(operation);
        if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null } sum
            && sum.Type?.SpecialType == SpecialType.System_Double)
        {
            CollectTerms(sum.LeftOperand, terms);
            CollectTerms(sum.RightOperand, terms);
        }
        else
        {
            terms.Add(operation);
        }
    }

    /// <summary>
    /// In the method (or other body) containing <paramref name="log"/>: <c>local += exp(e)</c> or <c>local = local + exp(e)</c>
    /// inside a loop that does not contain <paramref name="log"/>, with <c>e</c> not shifted (<c>z - m</c>).
    /// </summary>
    private static IOperation? FindLoopAccumulation(IOperation log, ILocalSymbol local)
    {
        if (local.Type.SpecialType != SpecialType.System_Double)
        {
            return null;
        }

        IOperation root = log;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (IOperation operation in root.Descendants())
        {
            IOperation? added = operation switch
            {
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null } compound
                    when IsLocal(compound.Target, local) => compound.Value,
                ISimpleAssignmentOperation { Value: IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null } sum } assignment
                    when IsLocal(assignment.Target, local) =>
                    IsLocal(sum.LeftOperand, local) ? sum.RightOperand : IsLocal(sum.RightOperand, local) ? sum.LeftOperand : null,
                _ => null,
            };

            if (added is not null && AsExp(SkipImplicitConversions(added)) is { } exp && !IsShifted(exp)
                && EnclosingLoop(operation, root) is { } loop && !Contains(loop, log))
            {
                return operation;
            }
        }

        return null;
    }

    private static ILoopOperation? EnclosingLoop(IOperation operation, IOperation root)
    {
        for (IOperation? current = operation.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current is ILoopOperation loop)
            {
                return loop;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return null;
            }
        }

        return null;
    }

    private static bool Contains(IOperation ancestor, IOperation operation)
    {
        for (IOperation? current = operation; current is not null; current = current.Parent)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLocal(IOperation operation, ILocalSymbol local) =>
        SkipImplicitConversions(operation) is ILocalReferenceOperation reference
        && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    /// <summary>exp(z - m) with m not a constant: already shifted by someone's maximum (or at least by something).</summary>
    private static bool IsShifted(IInvocationOperation exp) =>
        SkipImplicitConversions(exp.Arguments[0].Value) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } difference
        && !difference.RightOperand.ConstantValue.HasValue;

    private static IInvocationOperation? AsExp(IOperation operation) =>
        operation is IInvocationOperation call && IsDoubleFunction(call, "Exp") && call.Arguments.Length == 1 ? call : null;

    /// <summary>A static <c>System.Math</c> or <c>System.Double</c> method of that name taking and returning doubles.</summary>
    private static bool IsDoubleFunction(IInvocationOperation call, string name)
    {
        IMethodSymbol method = call.TargetMethod;
        if (!method.IsStatic || method.Name != name || method.ReturnType.SpecialType != SpecialType.System_Double)
        {
            return false;
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.Type.SpecialType != SpecialType.System_Double)
            {
                return false;
            }
        }

        INamedTypeSymbol type = method.ContainingType;
        return type.SpecialType == SpecialType.System_Double
            || (type.Name == "Math" && type.ContainingType is null
                && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true });
    }

    private static bool IsOne(IOperation operation)
    {
        Optional<object?> constant = operation.ConstantValue;
        if (!constant.HasValue)
        {
            return false;
        }

        return constant.Value switch
        {
            double d => d == 1.0,
            float f => f == 1.0f,
            int i => i == 1,
            long l => l == 1,
            decimal m => m == 1m,
            IConvertible c when c is not string and not bool and not char => c.ToDouble(CultureInfo.InvariantCulture) == 1.0,
            _ => false,
        };
    }

    private static IOperation SkipImplicitConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static string Text(IOperation operation) => operation.Syntax.ToString();
}
