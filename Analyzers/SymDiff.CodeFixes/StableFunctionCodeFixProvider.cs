using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using SymDiff.Analyzers;

namespace SymDiff.CodeFixes;

/// <summary>
/// Rewrites SYMDIFF101 to <c>SymMath.Softplus(x)</c> and SYMDIFF102 to <c>SymMath.Sigmoid(x)</c>, adding
/// <c>using SymDiff;</c> when the file lacks it (the name stays qualified only where <c>SymMath</c> would bind to
/// something else). The argument is the one the analyzer recorded (its first additional location), negated when it
/// says so.
/// </summary>
/// <remarks>
/// Fix All rewrites a whole document in one syntax pass instead of using the batch fixer: the batch fixer merges
/// per-diagnostic text diffs and drops those that overlap, which loses fixes that share a line or nest
/// (<c>Math.Log(1 + Math.Exp(Math.Log(1 + Math.Exp(x))))</c>).
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StableFunctionCodeFixProvider)), Shared]
public sealed class StableFunctionCodeFixProvider : CodeFixProvider
{
    private const string FragileKind = "SymDiff.Fragile";
    private const string ArgumentKind = "SymDiff.Argument";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(StabilityDiagnostics.SoftplusId, StabilityDiagnostics.SigmoidId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        (context, document, diagnostics) => FixAsync(
            document,
            diagnostics.Where(d => context.CodeActionEquivalenceKey is null || EquivalenceKey(d) == context.CodeActionEquivalenceKey),
            context.CancellationToken)!);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (Resolve(root, diagnostic) is { } fix)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use SymMath.{fix.Function}",
                        cancellationToken => FixAsync(context.Document, new[] { diagnostic }, cancellationToken)!,
                        equivalenceKey: EquivalenceKey(diagnostic)),
                    diagnostic);
            }
        }
    }

    private static string EquivalenceKey(Diagnostic diagnostic) =>
        diagnostic.Id == StabilityDiagnostics.SoftplusId ? "SymDiff.UseSoftplus" : "SymDiff.UseSigmoid";

    private static Fix? Resolve(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.AdditionalLocations.Count == 0
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax fragile
            || fragile.Span != diagnostic.Location.SourceSpan
            || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax argument
            || argument.Span != diagnostic.AdditionalLocations[0].SourceSpan)
        {
            return null;
        }

        string function = diagnostic.Id == StabilityDiagnostics.SoftplusId ? "Softplus" : "Sigmoid";
        bool negate = diagnostic.Properties.TryGetValue(StabilityDiagnostics.NegateArgumentProperty, out string? value) && value == "true";
        return new Fix(fragile, argument, function, negate);
    }

    /// <summary>Replaces every fixable diagnostic's expression in one pass (inner ones first, so nested fixes compose), then adds the using.</summary>
    private static async Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var fixes = new List<Fix>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            if (Resolve(root, diagnostic) is { } fix && !fixes.Any(f => f.Fragile == fix.Fragile))
            {
                fixes.Add(fix);
            }
        }

        if (fixes.Count == 0)
        {
            return document;
        }

        // Mark each fix's expression and argument, so that they can be found again after inner fixes rewrote them.
        var marks = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
        for (int i = 0; i < fixes.Count; i++)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            Mark(fixes[i].Fragile, new SyntaxAnnotation(FragileKind, index));
            Mark(fixes[i].Argument, new SyntaxAnnotation(ArgumentKind, index));
        }

        root = root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original]));
        root = root.ReplaceNodes(
            root.GetAnnotatedNodes(FragileKind),
            (original, rewritten) =>
            {
                string index = original.GetAnnotations(FragileKind).First().Data!;
                Fix fix = fixes[int.Parse(index, CultureInfo.InvariantCulture)];
                var argument = (ExpressionSyntax)rewritten.GetAnnotatedNodes(ArgumentKind)
                    .First(node => node.GetAnnotations(ArgumentKind).Any(a => a.Data == index));
                return Stable(fix.Function, argument, fix.Negate)
                    .WithTriviaFrom(rewritten)
                    .WithAdditionalAnnotations(rewritten.GetAnnotations(ArgumentKind));
            });

        Document changed = document.WithSyntaxRoot(root);
        changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);

        void Mark(SyntaxNode node, SyntaxAnnotation annotation)
        {
            if (!marks.TryGetValue(node, out List<SyntaxAnnotation>? list))
            {
                marks[node] = list = new List<SyntaxAnnotation>();
            }

            list.Add(annotation);
        }
    }

    /// <summary>
    /// <c>global::SymDiff.SymMath.F(x)</c> (or <c>F(-x)</c>): the import adder adds <c>using SymDiff;</c> and the
    /// simplifier then shortens the name to <c>SymMath.F</c>, unless <c>SymMath</c> means something else there.
    /// </summary>
    private static ExpressionSyntax Stable(string function, ExpressionSyntax argument, bool negate)
    {
        ExpressionSyntax x = argument.WithoutTrivia().WithoutAnnotations(ArgumentKind);
        if (negate)
        {
            x = SyntaxFactory.PrefixUnaryExpression(
                SyntaxKind.UnaryMinusExpression,
                StabilityDiagnostics.NeedsParenthesesWhenNegated(x) ? SyntaxFactory.ParenthesizedExpression(x) : x);
        }

        ExpressionSyntax symMath = SyntaxFactory.ParseExpression("global::SymDiff.SymMath")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        return SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, symMath, SyntaxFactory.IdentifierName(function)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(x))));
    }

    private sealed class Fix(ExpressionSyntax fragile, ExpressionSyntax argument, string function, bool negate)
    {
        public ExpressionSyntax Fragile { get; } = fragile;

        public ExpressionSyntax Argument { get; } = argument;

        public string Function { get; } = function;

        public bool Negate { get; } = negate;
    }
}
