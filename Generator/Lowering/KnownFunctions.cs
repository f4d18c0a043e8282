using System.Linq;
using Microsoft.CodeAnalysis;
using SymDiff.Generator.Engine;

namespace SymDiff.Generator.Lowering;

/// <summary>
/// The <c>System.Math</c> and <c>SymDiff.SymMath</c> methods the generator differentiates, mapped to engine
/// expressions. Only the <c>double</c> overloads are known; anything else is reported as an unknown call.
/// </summary>
internal static class KnownFunctions
{
    /// <summary>The engine expression for a call of <paramref name="method"/>, or null if it is not a known function.</summary>
    public static Expr? Lower(ExprBuilder b, IMethodSymbol method, Expr[] args)
    {
        var container = method.ContainingType?.ToDisplayString();
        if (container is not ("System.Math" or "SymDiff.SymMath")
            || !method.IsStatic
            || method.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_Double))
        {
            return null;
        }

        switch (method.Name, args.Length)
        {
            case ("Sqrt", 1):
                return b.Pow(args[0], b.Const(0.5));
            case ("Pow", 2):
                return b.Pow(args[0], args[1]);
            case ("Square", 1) when container == "SymDiff.SymMath":
                return b.Pow(args[0], b.Const(2));
            case ("Log", 2):
                return b.Div(b.Call(Fn.Log, args[0]), b.Call(Fn.Log, args[1]));
        }

        var fn = FnInfo.All.FirstOrDefault(f => f.Name == method.Name && f.Arity == args.Length
            && (f.Home == FnHome.SymMath) == (container == "SymDiff.SymMath"));
        return fn is null ? null : b.Call(fn.Fn, args);
    }
}
