using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
    /// <summary>
    /// The model of the method <paramref name="context"/> targets. When <paramref name="dependencies"/> is given, it
    /// receives every syntax tree other than the method's own whose text (beyond its declarations) the model depends
    /// on: the trees of the bodies the lowering inlined and of the locations the model holds (see <see cref="ModelCache"/>).
    /// </summary>
    public static MethodModel Create(GeneratorAttributeSyntaxContext context, ISet<SyntaxTree>? dependencies, CancellationToken cancellation)
    {
        var model = Build(context, dependencies, cancellation);
        if (dependencies is not null)
        {
            AddTreesOfLocations(model, context.SemanticModel.Compilation, dependencies);
            dependencies.Remove(context.TargetNode.SyntaxTree);
        }

        return model;
    }

    /// <summary>Adds the trees of the files that <paramref name="model"/>'s locations are in (positions there must stay valid).</summary>
    private static void AddTreesOfLocations(MethodModel model, Compilation compilation, ISet<SyntaxTree> trees)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var location in model.Diagnostics.Select(d => d.Location).Concat(model.LoopSites).Append(model.Location))
        {
            if (location is not null)
            {
                paths.Add(location.FilePath);
            }
        }

        if (paths.Any(path => path != model.Location?.FilePath))
        {
            trees.UnionWith(compilation.SyntaxTrees.Where(tree => paths.Contains(tree.FilePath)));
        }
    }

    /// <summary>The model of the method <paramref name="context"/> targets, without tracking what it depends on.</summary>
    public static MethodModel Create(GeneratorAttributeSyntaxContext context, CancellationToken cancellation) => Create(context, null, cancellation);

    private static MethodModel Build(GeneratorAttributeSyntaxContext context, ISet<SyntaxTree>? bodiesRead, CancellationToken cancellation)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var location = LocationInfo.From(method.Locations.FirstOrDefault());
        var overloadSuffix = OverloadSuffix(method);
        var hintName = HintName(method, overloadSuffix);
        var functionName = method.Name + "Function" + (overloadSuffix ?? string.Empty);
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            var types = context.TargetNode is MethodDeclarationSyntax ? ContainingTypes(method, diagnostics) : new List<ContainingType>();
            CheckShape(context.TargetNode, method, diagnostics);
            CheckGeneratedNames(method, functionName, diagnostics);
            string? program = null;
            var loopSites = EquatableArray<LocationInfo>.Empty;

            // [Differentiable] on the defining declaration of a partial method: the body is in the implementing one.
            var body = method.PartialImplementationPart ?? method;
            var bodySyntax = body.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellation) ?? context.TargetNode;
            bool isProcedure = MethodLowering.NeedsProcedure(body, bodySyntax);
            if (diagnostics.Count == 0 && !isProcedure)
            {
                var builder = new ExprBuilder();
                var lowered = MethodLowering.Lower(context.SemanticModel.Compilation, body, builder, cancellation, bodiesRead);
                diagnostics.AddRange(lowered.Diagnostics);
                isProcedure = lowered.NeedsProcedure;
                if (lowered.Value is not null)
                {
                    program = ExprSerializer.Serialize(new[] { lowered.Value }.Concat(lowered.Variables).ToArray(), lowered.Names);
                }
            }

            if (diagnostics.Count == 0 && isProcedure)
            {
                var lowered = MethodLowering.LowerProcedure(context.SemanticModel.Compilation, body, new ExprBuilder(), cancellation, bodiesRead);
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
                MethodLowering.Identifier(method.Name),
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

    /// <summary>A member of the user's type that has the name of a generated one would make the generated code not compile.</summary>
    private static void CheckGeneratedNames(IMethodSymbol method, string functionName, List<DiagnosticInfo> diagnostics)
    {
        var suffixes = method.ReturnsVoid
            ? new[] { "Jacobian", "VectorJacobianProduct", "JacobianVectorProduct", "Backward" }
            : new[] { "Gradient", "Hessian", "HessianVectorProduct" };
        var names = suffixes.Select(s => method.Name + s);
        if (!method.ReturnsVoid)
        {
            names = names.Append(functionName).Append(functionName + "Implementation");
        }

        foreach (var name in names)
        {
            foreach (var member in method.ContainingType?.GetMembers(name) ?? ImmutableArray<ISymbol>.Empty)
            {
                if (!member.IsImplicitlyDeclared && member.Locations.FirstOrDefault(l => l.IsInSource) is { } location)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.NameTaken, LocationInfo.From(location), name, method.Name));
                }
            }
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

        if (node is not MethodDeclarationSyntax syntax)
        {
            // A lambda, an operator, a conversion, an accessor or a finalizer: the attribute allows them, SymDiff does not.
            var (what, at) = node switch
            {
                AnonymousFunctionExpressionSyntax lambda => ("a lambda", lambda.GetLocation()),
                OperatorDeclarationSyntax op => ("an operator", op.OperatorToken.GetLocation()),
                ConversionOperatorDeclarationSyntax conversion => ("a conversion operator", conversion.OperatorKeyword.GetLocation()),
                AccessorDeclarationSyntax accessor => ("an accessor", accessor.Keyword.GetLocation()),
                DestructorDeclarationSyntax destructor => ("a finalizer", destructor.Identifier.GetLocation()),
                _ => ("this declaration", node.GetLocation()),
            };
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedMethodShape, LocationInfo.From(at), method.Name,
                $"{what} cannot be [Differentiable]; write a static method of a partial type and mark that [Differentiable]"));
            return;
        }

        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.MethodNotStatic, LocationInfo.From(syntax.Identifier.GetLocation()), method.Name));
        }

        var results = method.Parameters.Where(p => p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "SymDiff.ResultAttribute")).ToList();
        if (method.ReturnType.SpecialType != SpecialType.System_Double && !(method.ReturnsVoid && results.Count == 1))
        {
            Report(Descriptors.ReturnTypeNotDouble, syntax.ReturnType, method.Name, method.ReturnType.ToDisplayString());
        }

        if (method.IsStatic && (method.IsVirtual || method.IsAbstract || method.IsOverride))
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedMethodShape, LocationInfo.From(syntax.Identifier.GetLocation()), method.Name,
                "static virtual and abstract interface members can only be called through a type parameter; remove 'virtual' or 'abstract'"));
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

        if (syntax.Body is null && syntax.ExpressionBody is null && method.PartialImplementationPart is null)
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
            else if (type.IsFileLocal)
            {
                var at = declarations.First().Identifier.GetLocation();
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedMethodShape, LocationInfo.From(at), method.Name,
                    $"its containing type '{type.Name}' is file-local, and the generated part of it would be in another file; remove the 'file' modifier"));
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

    /// <summary>
    /// Null for a method that is the only [Differentiable] method of its name in its type; else its parameter count,
    /// followed by <c>_k</c> (its position among them) when other [Differentiable] overloads have as many parameters.
    /// </summary>
    private static string? OverloadSuffix(IMethodSymbol method)
    {
        var overloads = method.ContainingType?.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Where(m => MethodLowering.IsDifferentiable(m)).ToList() ?? new List<IMethodSymbol>();
        if (overloads.Count <= 1)
        {
            return null;
        }

        var arity = method.Parameters.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sameArity = overloads.Where(m => m.Parameters.Length == method.Parameters.Length).ToList();
        int position = sameArity.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method));
        return sameArity.Count <= 1 || position < 0
            ? arity
            : arity + "_" + (position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary><c>Namespace.Type.Method.g.cs</c>; overloaded [Differentiable] methods add their <see cref="OverloadSuffix"/>.</summary>
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

        // Only characters that are valid in any file name (a file-local type's metadata name has '<' and '>').
        var name = string.Join(".", parts);
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_').ToArray());
        return safe + ".g.cs";
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
