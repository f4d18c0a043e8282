using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generator.Diagnostics;
using SymDiff.Generator.Engine;
using SymDiff.Generator.Lowering;

namespace SymDiff.Generator.Pipeline;

/// <summary>
/// The transform of the pipeline's first step: checks the shape of a <c>[Differentiable]</c> method and lowers
/// its body into an equatable <see cref="MethodModel"/>. Holds no symbol, syntax node or compilation afterwards.
/// </summary>
internal static class ModelFactory
{
    public static MethodModel Create(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var location = LocationInfo.From(method.Locations.FirstOrDefault());
        bool overloaded = method.ContainingType?.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Count(m => MethodLowering.IsDifferentiable(m)) > 1;
        var arity = method.Parameters.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var hintName = HintName(method, overloaded ? arity : null);
        var functionName = method.Name + "Function" + (overloaded ? arity : string.Empty);
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            var types = ContainingTypes(method, diagnostics);
            CheckShape(context.TargetNode, method, diagnostics);
            string? program = null;
            var loopSites = EquatableArray<LocationInfo>.Empty;
            bool isProcedure = MethodLowering.NeedsProcedure(method, context.TargetNode);
            if (diagnostics.Count == 0 && !isProcedure)
            {
                var builder = new ExprBuilder();
                var lowered = MethodLowering.Lower(context.SemanticModel.Compilation, method, builder, cancellation);
                diagnostics.AddRange(lowered.Diagnostics);
                isProcedure = lowered.NeedsProcedure;
                if (lowered.Value is not null)
                {
                    program = ExprSerializer.Serialize(new[] { lowered.Value }.Concat(lowered.Variables).ToArray(), lowered.Names);
                }
            }

            if (diagnostics.Count == 0 && isProcedure)
            {
                var lowered = MethodLowering.LowerProcedure(context.SemanticModel.Compilation, method, new ExprBuilder(), cancellation);
                diagnostics.AddRange(lowered.Diagnostics);
                if (lowered.Procedure is not null)
                {
                    program = ProcedureSerializer.Serialize(lowered.Procedure);
                    loopSites = lowered.LoopSites.ToEquatableArray();
                }
            }

            return new MethodModel(
                hintName,
                functionName,
                method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                types.ToEquatableArray(),
                Accessibility(method.DeclaredAccessibility),
                method.Name,
                method.Parameters.Select(p => MethodLowering.Identifier(p.Name)).ToEquatableArray(),
                program,
                isProcedure,
                location,
                diagnostics.ToEquatableArray(),
                loopSites);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            diagnostics.Add(e is ExpressionTooLargeException tooLarge
                ? DiagnosticInfo.Create(Descriptors.TooLarge, location, method.Name, tooLarge.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : DiagnosticInfo.Create(Descriptors.InternalError, location, method.Name, e.GetType().Name + ": " + e.Message));
            return new MethodModel(hintName, functionName, null, EquatableArray<ContainingType>.Empty, "public", method.Name,
                EquatableArray<string>.Empty, null, false, location, diagnostics.ToEquatableArray(), EquatableArray<LocationInfo>.Empty);
        }
    }

    private static void CheckShape(SyntaxNode node, IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        void Report(DiagnosticDescriptor descriptor, SyntaxNode? at, params string[] args)
            => diagnostics.Add(DiagnosticInfo.Create(descriptor, LocationInfo.From(at) ?? LocationInfo.From(method.Locations.FirstOrDefault()), args));

        if (node is LocalFunctionStatementSyntax local)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedMethodShape, LocationInfo.From(local.Identifier.GetLocation()), method.Name,
                "local functions cannot be [Differentiable]; make it a static method of a partial type"));
            return;
        }

        var syntax = (MethodDeclarationSyntax)node;
        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.MethodNotStatic, LocationInfo.From(syntax.Identifier.GetLocation()), method.Name));
        }

        var results = method.Parameters.Where(p => p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "SymDiff.ResultAttribute")).ToList();
        if (method.ReturnType.SpecialType != SpecialType.System_Double && !(method.ReturnsVoid && results.Count == 1))
        {
            Report(Descriptors.ReturnTypeNotDouble, syntax.ReturnType, method.Name, method.ReturnType.ToDisplayString());
        }

        if (method.IsGenericMethod)
        {
            Report(Descriptors.UnsupportedMethodShape, syntax.TypeParameterList, method.Name, "generic methods are not supported; remove the type parameters");
        }

        for (int i = 0; i < method.Parameters.Length; i++)
        {
            var p = method.Parameters[i];
            bool supported = p.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Int32 or SpecialType.System_Boolean || MethodLowering.IsArrayType(p.Type);
            bool isResult = results.Contains(p, SymbolEqualityComparer.Default);
            if (!supported || p.RefKind != RefKind.None || p.IsParams)
            {
                var prefix = p.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", _ => p.IsParams ? "params " : string.Empty };
                Report(Descriptors.UnsupportedParameter, syntax.ParameterList.Parameters[i], p.Name, prefix + p.Type.ToDisplayString());
            }
            else if (isResult && (!method.ReturnsVoid || results.Count > 1 || !MethodLowering.IsArrayType(p.Type) || p.Type.Name == "ReadOnlySpan"))
            {
                Report(Descriptors.UnsupportedMethodShape, syntax.ParameterList.Parameters[i], method.Name,
                    "a vector-valued method returns void and marks exactly one Span<double> (or double[]) parameter [Result]");
            }
        }

        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            Report(Descriptors.UnsupportedMethodShape, syntax, method.Name, "it has no body; give it an expression body or a block body");
        }
    }

    private static List<ContainingType> ContainingTypes(IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        var types = new List<ContainingType>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
            if (!declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                var at = declarations.FirstOrDefault()?.Identifier.GetLocation() ?? type.Locations.FirstOrDefault();
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.TypeNotPartial, LocationInfo.From(at), type.Name, method.Name));
            }

            var keyword = type.TypeKind switch
            {
                TypeKind.Struct when type.IsRecord => "record struct",
                TypeKind.Struct => "struct",
                TypeKind.Interface => "interface",
                _ when type.IsRecord => "record",
                _ => "class",
            };
            var name = type.TypeParameters.Length == 0
                ? MethodLowering.Identifier(type.Name)
                : $"{MethodLowering.Identifier(type.Name)}<{string.Join(", ", type.TypeParameters.Select(t => MethodLowering.Identifier(t.Name)))}>";
            types.Insert(0, new ContainingType(keyword, name, type.IsStatic));
        }

        return types;
    }

    /// <summary><c>Namespace.Type.Method.g.cs</c>; overloaded [Differentiable] methods add their parameter count.</summary>
    private static string HintName(IMethodSymbol method, string? overloadSuffix)
    {
        var parts = new List<string> { method.Name };
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            parts.Insert(0, type.MetadataName.Replace('`', '_'));
        }

        if (method.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            parts.Insert(0, ns.ToDisplayString());
        }

        if (overloadSuffix is not null)
        {
            parts.Add(overloadSuffix);
        }

        return string.Join(".", parts) + ".g.cs";
    }

    private static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
