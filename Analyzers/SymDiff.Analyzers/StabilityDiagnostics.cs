using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SymDiff.Analyzers;

/// <summary>
/// The numeric-stability diagnostics (SYMDIFF1xx; the generator's own errors are SYMDIFF0xx), and the contract between
/// the analyzer and its code fix: a fixable diagnostic carries the argument of the stable function as its first
/// additional location, and <see cref="NegateArgumentProperty"/> when that argument must be negated.
/// </summary>
public static class StabilityDiagnostics
{
    /// <summary><c>log(1 + exp(x))</c>: use <c>SymMath.Softplus(x)</c>.</summary>
    public const string SoftplusId = "SYMDIFF101";

    /// <summary><c>1 / (1 + exp(-x))</c> or <c>exp(x) / (1 + exp(x))</c>: use <c>SymMath.Sigmoid(x)</c>.</summary>
    public const string SigmoidId = "SYMDIFF102";

    /// <summary>The log of a sum of exponentials without the maximum subtracted first (warning only, no fix).</summary>
    public const string LogSumExpId = "SYMDIFF103";

    /// <summary>Diagnostic property: <c>"true"</c> when the stable function takes the negated argument (<c>1 / (1 + exp(w))</c> is <c>Sigmoid(-w)</c>).</summary>
    public const string NegateArgumentProperty = "NegateArgument";

    private const string Category = "SymDiff.Numerics";

    /// <summary>SYMDIFF101.</summary>
    public static readonly DiagnosticDescriptor Softplus = new(
        SoftplusId,
        "log(1 + exp(x)) overflows: use SymMath.Softplus(x)",
        "'{0}' overflows: exp({1}) is infinity for {1} > ~709, so this is infinity where log(1 + exp(x)) is about x, and its derivative exp(x)/(1 + exp(x)) is infinity/infinity = NaN there (for {1} < ~-37 it also rounds to 0); use SymMath.Softplus({1}), which is exact for every finite argument",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "log(1 + e^x) computed as written overflows to infinity for x above about 709 (and its derivative becomes NaN), "
            + "which breaks gradients, Newton steps and training. SymDiff.SymMath.Softplus computes max(x, 0) + log(1 + e^-|x|), exact for all "
            + "finite x, and the SymDiff generator differentiates it exactly (its derivative is Sigmoid(x)).");

    /// <summary>SYMDIFF102.</summary>
    public static readonly DiagnosticDescriptor Sigmoid = new(
        SigmoidId,
        "1 / (1 + exp(-x)) is numerically fragile: use SymMath.Sigmoid(x)",
        "'{0}' {1}; use SymMath.Sigmoid({2}), which never overflows",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The logistic sigmoid written as 1 / (1 + e^-x) has a derivative e^-x / (1 + e^-x)^2 that is infinity/infinity = NaN "
            + "for x below about -709, and written as e^x / (1 + e^x) its value is NaN for x above about 709. SymDiff.SymMath.Sigmoid "
            + "evaluates with e^-|x| so neither branch overflows, and the SymDiff generator differentiates it exactly.");

    /// <summary>SYMDIFF103.</summary>
    public static readonly DiagnosticDescriptor LogSumExp = new(
        LogSumExpId,
        "Log of a sum of exps overflows: subtract the maximum first (log-sum-exp)",
        "'{0}' is the log of a sum of exponentials ('{1}'): it is infinity once an exponent exceeds ~709, -infinity when all are below ~-745, and its derivatives (the softmax weights exp(z_i)/sum) are NaN there; subtract the maximum m of the exponents first: sum exp(z_i - m) and use m + log(sum)",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "log(sum_i e^(z_i)) computed as written overflows for large z_i and underflows to log(0) for very negative z_i. "
            + "With m = max_i z_i, log(sum_i e^(z_i)) = m + log(sum_i e^(z_i - m)), where every exponent is at most 0 and the sum is at least 1. "
            + "The SymDiff generator differentiates that form (Math.Max in a loop, then the shifted sum) exactly.");

    /// <summary>Whether <c>-expression</c> needs parentheses around <paramref name="expression"/> (anything but a primary expression).</summary>
    public static bool NeedsParenthesesWhenNegated(SyntaxNode expression) => expression is not (IdentifierNameSyntax
        or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
        or ParenthesizedExpressionSyntax or LiteralExpressionSyntax or ThisExpressionSyntax);
}
