using Microsoft.CodeAnalysis;

namespace SymDiff.Generator.Diagnostics;

/// <summary>
/// Every diagnostic SymDiff reports, in one table. Each message says what is wrong and what to do about it; the
/// README's diagnostics table lists the same IDs.
/// </summary>
internal static class Descriptors
{
    private const string Category = "SymDiff";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "SYMDIFF001",
        "The containing type must be partial",
        "'{0}' must be partial so that SymDiff can add {1}Gradient and {1}Hessian to it: add the 'partial' modifier to '{0}'");

    public static readonly DiagnosticDescriptor MethodNotStatic = Error(
        "SYMDIFF002",
        "[Differentiable] methods must be static",
        "'{0}' must be static: [Differentiable] supports static methods only; make it static and pass any state as parameters");

    public static readonly DiagnosticDescriptor ReturnTypeNotDouble = Error(
        "SYMDIFF003",
        "[Differentiable] methods must return double",
        "'{0}' returns '{1}': a [Differentiable] method must return double, or return void and write its value into a [Result] Span<double> parameter");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Error(
        "SYMDIFF004",
        "Unsupported parameter",
        "Parameter '{0}' of type '{1}' cannot be differentiated: [Differentiable] methods take double, ReadOnlySpan<double>, double[], int and bool parameters passed by value (no ref, out, in or params), and one [Result] Span<double> for a vector result");

    public static readonly DiagnosticDescriptor UnsupportedMethodShape = Error(
        "SYMDIFF005",
        "Unsupported method",
        "'{0}' cannot be differentiated: {1}");

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Error(
        "SYMDIFF006",
        "Unsupported construct",
        "{0} is not supported in a [Differentiable] method: {1}");

    public static readonly DiagnosticDescriptor UnknownCall = Error(
        "SYMDIFF007",
        "Call without a known derivative",
        "'{0}' has no derivative SymDiff knows: mark it [Differentiable], or use a System.Math or SymDiff.SymMath function");

    public static readonly DiagnosticDescriptor Recursion = Error(
        "SYMDIFF008",
        "Recursive [Differentiable] call",
        "'{0}' calls itself through '{1}': SymDiff inlines the [Differentiable] methods it calls and cannot inline recursion; rewrite it without recursion");

    public static readonly DiagnosticDescriptor TooLarge = Error(
        "SYMDIFF009",
        "Derivatives too large",
        "The derivatives of '{0}' grew past {1} distinct expression nodes: split it into smaller [Differentiable] methods");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "SYMDIFF010",
        "SymDiff internal error",
        "SymDiff could not generate the derivatives of '{0}': {1}. This is a bug in SymDiff: please report it with this method.");

    public static readonly DiagnosticDescriptor NotConstant = Error(
        "SYMDIFF011",
        "Value is not a constant",
        "'{0}' is not a constant: a [Differentiable] method can read literals, const fields and const locals, and its own parameters and locals; make '{0}' const or pass it as a parameter");

    public static readonly DiagnosticDescriptor IntegerArithmetic = Error(
        "SYMDIFF012",
        "Integer arithmetic on a variable",
        "'{0}' is integer arithmetic on a value that is not a compile-time constant: compute it in double, or make its operands const");

    public static readonly DiagnosticDescriptor CalleeHasErrors = Error(
        "SYMDIFF013",
        "Called [Differentiable] method cannot be differentiated",
        "'{0}' cannot be inlined because it cannot be differentiated itself: fix the errors reported on '{0}'");

    public static readonly DiagnosticDescriptor UnsupportedLoop = Error(
        "SYMDIFF014",
        "Unsupported loop",
        "This loop cannot be differentiated: {0}");

    public static readonly DiagnosticDescriptor WriteToInput = Error(
        "SYMDIFF015",
        "Write to an input",
        "'{0}' writes to the parameter '{1}', which is an input: a [Differentiable] method may write only its own local arrays and its [Result] span; copy the values into a local array first");

    public static readonly DiagnosticDescriptor ArrayWrittenAfterRead = Error(
        "SYMDIFF016",
        "Array element changed after it was read",
        "{0} writes to '{1}' after elements of '{1}' have been read{2}: the generated reverse pass reads every array as the forward pass left it, so an element must be final before it is read; fill the array completely in one loop and read it in a later one, or use another array");

    public static readonly DiagnosticDescriptor NameTaken = Error(
        "SYMDIFF017",
        "A generated member's name is taken",
        "'{0}' is the name of a member SymDiff generates for the [Differentiable] method '{1}'; rename this member (or the method)");

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
