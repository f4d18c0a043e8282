using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SymDiff.Generator.Diagnostics;
using SymDiff.Generator.Emit;
using SymDiff.Generator.Engine;
using SymDiff.Generator.Pipeline;

namespace SymDiff.Generator;

/// <summary>
/// The SymDiff source generator. For every <c>[Differentiable]</c> method it lowers the body to an equatable model
/// (kept across compilations by <see cref="ModelCache"/> while nothing it depends on changed), then differentiates
/// and emits the derivative methods (cached on that model, so an unrelated edit costs almost nothing). Diagnostics travel
/// as data and are reported with the output. The generator never throws: an unexpected failure becomes SYMDIFF010.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "SymDiff.DifferentiableAttribute",
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousFunctionExpressionSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.OperatorDeclarationSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.ConversionOperatorDeclarationSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.DestructorDeclarationSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax,
                transform: static (ctx, ct) => ModelCache.GetOrCreate(ctx, ct))
            .WithTrackingName(TrackingNames.Methods);

        var maxNodes = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => MaxNodes(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        var generated = methods
            .Combine(maxNodes)
            .Select(static (input, ct) => Generate(input.Left, input.Right, ct))
            .WithTrackingName(TrackingNames.Generated);

        // All results together, so that hint names can be made unique: distinct types can map to one name (a
        // class G_1 and a generic G<T> are both G_1), and AddSource throws on a name it has seen.
        context.RegisterSourceOutput(generated.Collect(), static (spc, results) =>
        {
            var hintNames = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var result in results)
            {
                foreach (var diagnostic in result.Diagnostics)
                {
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic());
                }

                if (result.Source is not null)
                {
                    spc.AddSource(UniqueHintName(result.HintName, hintNames), result.Source);
                }
            }
        });
    }

    /// <summary><paramref name="hintName"/>, or <c>Name.2.g.cs</c>, <c>Name.3.g.cs</c>, … if it is taken; records the name it returns.</summary>
    private static string UniqueHintName(string hintName, System.Collections.Generic.HashSet<string> taken)
    {
        const string extension = ".g.cs";
        var stem = hintName.EndsWith(extension, StringComparison.Ordinal) ? hintName.Substring(0, hintName.Length - extension.Length) : hintName;
        var name = hintName;
        for (int k = 2; !taken.Add(name); k++)
        {
            name = stem + "." + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + extension;
        }

        return name;
    }

    /// <summary>The MSBuild property that bounds expression size (make it visible with CompilerVisibleProperty).</summary>
    public const string MaxNodesProperty = "SymDiffMaxExpressionNodes";

    /// <summary>The node limit: the MSBuild property <see cref="MaxNodesProperty"/> if set to a positive integer, else the default.</summary>
    internal static int MaxNodes(AnalyzerConfigOptions options)
        => options.TryGetValue("build_property." + MaxNodesProperty, out var text)
            && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var limit)
            && limit > 0
                ? limit
                : ExprBuilder.DefaultMaxNodes;

    /// <summary>Differentiates and emits one method; never throws (but honours cancellation).</summary>
    internal static GenerationResult Generate(MethodModel model, int maxNodes, CancellationToken cancellation)
    {
        if (model.Program is null)
        {
            return new GenerationResult(model.HintName, null, model.Diagnostics);
        }

        try
        {
            var builder = new ExprBuilder(maxNodes);
            string source;
            if (model.IsProcedure)
            {
                source = ProcedureEmitter.Emit(model, builder, ProcedureSerializer.Deserialize(builder, model.Program), cancellation);
            }
            else
            {
                var (roots, names) = ExprSerializer.Deserialize(builder, model.Program);
                source = SourceEmitter.Emit(model, builder, roots[0], roots.Skip(1).ToArray(), names, cancellation);
            }

            return new GenerationResult(model.HintName, source, model.Diagnostics);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (UnsupportedProcedureException e)
        {
                var at = e.At.Site >= 0 && e.At.Site < model.LoopSites.Count ? model.LoopSites[e.At.Site] : model.Location;
            return new GenerationResult(model.HintName, null, model.Diagnostics.Append(DiagnosticInfo.Create(Descriptors.UnsupportedLoop, at ?? model.Location, e.Message)).ToEquatableArray());
        }
        catch (ExpressionTooLargeException e)
        {
            return Failed(model, Descriptors.TooLarge, model.Name, e.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e)
        {
            return Failed(model, Descriptors.InternalError, model.Name, e.GetType().Name + ": " + e.Message);
        }
    }

    private static GenerationResult Failed(MethodModel model, DiagnosticDescriptor descriptor, params string[] args)
        => new(model.HintName, null, model.Diagnostics.Append(DiagnosticInfo.Create(descriptor, model.Location, args)).ToEquatableArray());
}
