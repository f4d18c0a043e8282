using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SymDiff.CodeFixes;
using Xunit;

namespace SymDiff.Analyzers.Tests;

/// <summary>
/// Drives <see cref="NumericStabilityAnalyzer"/> through <see cref="CompilationWithAnalyzers"/> and
/// <see cref="StableFunctionCodeFixProvider"/> through an <see cref="AdhocWorkspace"/>, a <see cref="CodeFixContext"/>
/// (or a <see cref="FixAllContext"/>) and the code action's operations, as an IDE does (no Microsoft.CodeAnalysis.Testing).
/// </summary>
internal static class AnalyzerHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("The runtime provides no TRUSTED_PLATFORM_ASSEMBLIES."))
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Append(typeof(SymMath).Assembly.Location)
        .Distinct(StringComparer.Ordinal)
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .ToImmutableArray());

    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>A compilation of <paramref name="sources"/> (Source0.cs, ...) against the platform and SymDiff.Runtime.</summary>
    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "AnalyzerTests",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, $"Source{i}.cs")),
        References.Value,
        CompilationOptions);

    /// <summary>The analyzer's diagnostics on <paramref name="sources"/>, which must compile without errors.</summary>
    public static ImmutableArray<Diagnostic> Analyze(params string[] sources) => Analyze(Compile(sources));

    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation)
    {
        AssertNoErrors(compilation);
        return compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NumericStabilityAnalyzer()))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult()
            .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Location.SourceSpan.End)
            .ToImmutableArray();
    }

    public static void AssertNoErrors(Compilation compilation)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The source does not compile:\n" + string.Join("\n", errors));
    }

    /// <summary>Applies the code fix to the single fixable diagnostic of <paramref name="source"/> and returns the new document text.</summary>
    public static async Task<string> ApplySingleFixAsync(string source)
    {
        Document document = CreateDocument(source);
        var diagnostics = await AnalyzeDocumentAsync(document);
        Diagnostic diagnostic = Assert.Single(diagnostics, d => new StableFunctionCodeFixProvider().FixableDiagnosticIds.Contains(d.Id));

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new StableFunctionCodeFixProvider().RegisterCodeFixesAsync(context);
        CodeAction fix = Assert.Single(actions);
        return await ApplyAsync(document, fix);
    }

    /// <summary>Runs Fix All in the document for the fixes with <paramref name="equivalenceKey"/>.</summary>
    public static async Task<string> ApplyFixAllAsync(string source, string equivalenceKey)
    {
        Document document = CreateDocument(source);
        var diagnostics = await AnalyzeDocumentAsync(document);
        var provider = new StableFunctionCodeFixProvider();
        FixAllProvider fixAll = provider.GetFixAllProvider()!;
        var context = new FixAllContext(
            document, provider, FixAllScope.Document, equivalenceKey, provider.FixableDiagnosticIds,
            new FixedDiagnosticProvider(diagnostics), CancellationToken.None);
        CodeAction fix = (await fixAll.GetFixAsync(context))!;
        Assert.NotNull(fix);
        return await ApplyAsync(document, fix);
    }

    private static async Task<string> ApplyAsync(Document document, CodeAction fix)
    {
        var operations = await fix.GetOperationsAsync(CancellationToken.None);
        ApplyChangesOperation apply = Assert.Single(operations.OfType<ApplyChangesOperation>());
        Document changed = apply.ChangedSolution.GetDocument(document.Id)!;
        return (await changed.GetTextAsync()).ToString();
    }

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        Project project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Fixed", "Fixed", LanguageNames.CSharp,
            compilationOptions: CompilationOptions, parseOptions: ParseOptions, metadataReferences: References.Value));
        return workspace.AddDocument(project.Id, "Source0.cs", SourceText.From(source));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeDocumentAsync(Document document) =>
        Analyze((await document.Project.GetCompilationAsync())!);

    private sealed class FixedDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics); // one document per test

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>([]);
    }

    /// <summary>Removes the <c>[|</c> <c>|]</c> markers (which may nest) and returns the spans they enclosed, in order of their starts.</summary>
    public static (string Source, List<TextSpan> Spans) Unmark(string marked)
    {
        var spans = new List<TextSpan>();
        var starts = new Stack<int>();
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < marked.Length; i++)
        {
            if (i + 1 < marked.Length && marked[i] == '[' && marked[i + 1] == '|')
            {
                starts.Push(text.Length);
                i++;
            }
            else if (i + 1 < marked.Length && marked[i] == '|' && marked[i + 1] == ']')
            {
                spans.Add(TextSpan.FromBounds(starts.Pop(), text.Length));
                i++;
            }
            else
            {
                text.Append(marked[i]);
            }
        }

        Assert.Empty(starts);
        return (text.ToString(), spans.OrderBy(s => s.Start).ThenBy(s => s.End).ToList());
    }
}
