using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SymDiff.Generator.Pipeline;

/// <summary>
/// Everything in a compilation that can change how a method body binds, other than the body itself: the
/// declarations of every file (all their tokens except those of member bodies), the compilation options and the
/// metadata references. Two compilations with equal stamps bind any unchanged method body the same way, so an edit
/// inside a member body elsewhere leaves the stamp unchanged, while a new type, member, overload, using directive,
/// attribute or constant value changes it.
/// </summary>
/// <remarks>
/// Each file's part is a 64-bit FNV-1a hash of its declaration tokens, computed once per <see cref="SyntaxTree"/>
/// (unchanged files keep their tree, so an edit costs one hash of the edited file). Stamps are made once per
/// compilation and interned: a stamp equal to the previous one is that object, so comparing them is one reference check.
/// </remarks>
internal sealed class DeclarationStamp
{
    private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<ulong>> TreeHashes = new();
    private static readonly ConditionalWeakTable<Compilation, DeclarationStamp> Stamps = new();
    private static DeclarationStamp? s_latest;

    private readonly ulong _declarations;
    private readonly CompilationOptions _options;
    private readonly ImmutableArray<MetadataReference> _references;

    private DeclarationStamp(ulong declarations, CompilationOptions options, ImmutableArray<MetadataReference> references)
    {
        _declarations = declarations;
        _options = options;
        _references = references;
    }

    /// <summary>The stamp of <paramref name="compilation"/>.</summary>
    public static DeclarationStamp Of(Compilation compilation, CancellationToken cancellation)
    {
        if (Stamps.TryGetValue(compilation, out var known))
        {
            return known;
        }

        ulong hash = Fnv.Offset;
        foreach (var tree in compilation.SyntaxTrees)
        {
            hash = Fnv.Mix(hash, TreeHash(tree, cancellation));
        }

        var stamp = new DeclarationStamp(hash, compilation.Options, compilation.References.ToImmutableArray());
        var latest = s_latest;
        if (latest is not null && latest.SameAs(stamp))
        {
            stamp = latest;
        }
        else
        {
            s_latest = stamp;
        }

        return Stamps.GetValue(compilation, _ => stamp);
    }

    /// <summary>Whether <paramref name="other"/> stamps compilations that bind alike.</summary>
    public bool SameAs(DeclarationStamp other)
        => ReferenceEquals(this, other)
            || (_declarations == other._declarations
                && _options.Equals(other._options)
                && _references.SequenceEqual(other._references, ReferenceEqualityComparer.Instance));

    private static ulong TreeHash(SyntaxTree tree, CancellationToken cancellation)
    {
        if (TreeHashes.TryGetValue(tree, out var known))
        {
            return known.Value;
        }

        ulong hash = Fnv.Mix(Fnv.Offset, tree.FilePath);
        foreach (var token in tree.GetRoot(cancellation).DescendantTokens(node => !IsMemberBody(node)))
        {
            hash = Fnv.Mix(Fnv.Mix(hash, (ulong)token.RawKind), token.Text);
        }

        return TreeHashes.GetValue(tree, _ => new StrongBox<ulong>(hash)).Value;
    }

    /// <summary>
    /// The block or expression body of a method, constructor, operator, accessor, property or indexer: what the
    /// binding of code elsewhere never depends on.
    /// </summary>
    private static bool IsMemberBody(SyntaxNode node) => node.Parent switch
    {
        BaseMethodDeclarationSyntax member => node == member.Body || node == member.ExpressionBody,
        AccessorDeclarationSyntax accessor => node == accessor.Body || node == accessor.ExpressionBody,
        PropertyDeclarationSyntax property => node == property.ExpressionBody,
        IndexerDeclarationSyntax indexer => node == indexer.ExpressionBody,
        _ => false,
    };

    private sealed class ReferenceEqualityComparer : System.Collections.Generic.IEqualityComparer<MetadataReference>
    {
        public static readonly ReferenceEqualityComparer Instance = new();

        public bool Equals(MetadataReference? x, MetadataReference? y) => ReferenceEquals(x, y);

        public int GetHashCode(MetadataReference obj) => RuntimeHelpers.GetHashCode(obj);
    }

    /// <summary>64-bit FNV-1a.</summary>
    private static class Fnv
    {
        public const ulong Offset = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        public static ulong Mix(ulong hash, ulong value)
        {
            for (int i = 0; i < 8; i++, value >>= 8)
            {
                hash = (hash ^ (value & 0xFF)) * Prime;
            }

            return hash;
        }

        public static ulong Mix(ulong hash, string text)
        {
            foreach (char c in text)
            {
                hash = (hash ^ (c & 0xFFu)) * Prime;
                hash = (hash ^ (uint)(c >> 8)) * Prime;
            }

            return (hash ^ 0xFFu) * Prime;
        }
    }
}
