using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SymDiff.Generator.Pipeline;

/// <summary>A source location as plain data (a <see cref="Location"/> holds a syntax tree and must not be cached).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location)
        => location is null || location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public static LocationInfo? From(SyntaxNode? node) => From(node?.GetLocation());

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}

/// <summary>A diagnostic as plain data: its descriptor's id, the message arguments and the location.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    : IEquatable<DiagnosticInfo>
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(descriptor, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location?.ToLocation(), ToObjects());

    private object[] ToObjects()
    {
        var objects = new object[Arguments.Count];
        for (int i = 0; i < objects.Length; i++)
        {
            objects[i] = Arguments[i];
        }

        return objects;
    }

    public bool Equals(DiagnosticInfo? other)
        => other is not null && Descriptor.Id == other.Descriptor.Id && Equals(Location, other.Location) && Arguments.Equals(other.Arguments);

    public override int GetHashCode() => (Descriptor.Id, Location, Arguments).GetHashCode();
}

/// <summary>One type that encloses the method, outermost first: enough to re-declare it as a partial part.</summary>
/// <param name="Keyword">"class", "struct", "record", "record struct" or "interface".</param>
/// <param name="Name">The name with its type parameter list, e.g. <c>Model</c> or <c>Box&lt;T&gt;</c>.</param>
/// <param name="IsStatic">Whether it is a static class (its generated part is declared static too).</param>
internal sealed record ContainingType(string Keyword, string Name, bool IsStatic);

/// <summary>
/// Everything the generator needs to know about one <c>[Differentiable]</c> method, as equatable data: the
/// pipeline caches every later step on it. <see cref="Program"/> is the lowered body, null when lowering reported
/// errors: a <see cref="Engine.Procedure"/> (<see cref="Engine.ProcedureSerializer"/>) when <see cref="IsProcedure"/>
/// (arrays, loops, constant parameters or a vector result), else one expression (<see cref="Engine.ExprSerializer"/>). <see cref="FunctionName"/> is the
/// generated <c>IDifferentiableFunction</c> property: <c>FFunction</c>, or <c>FFunction2</c> for an overload of F
/// with two parameters. <see cref="LoopSites"/> locates the loops of a procedure, for errors found when emitting it.
/// </summary>
internal sealed record MethodModel(
    string HintName,
    string FunctionName,
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Accessibility,
    string Name,
    EquatableArray<string> Parameters,
    string? Program,
    bool IsProcedure,
    LocationInfo? Location,
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<LocationInfo> LoopSites);

/// <summary>What the generator produces for one method: a source file (or none), and diagnostics.</summary>
internal sealed record GenerationResult(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);
