using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace SymDiff.Generator.Pipeline;

/// <summary>
/// Keeps each method's <see cref="MethodModel"/> from one compilation to the next, so that an edit elsewhere does
/// not lower the method again. Roslyn re-runs the <c>ForAttributeWithMetadataName</c> transform for every method
/// whenever the compilation changes; lowering a method binds its body and costs far more than finding it.
/// </summary>
/// <remarks>
/// <para>A model is reused only when nothing it was made from can have changed:</para>
/// <list type="bullet">
/// <item>the method's declaration is the same syntax node, so its file is unchanged;</item>
/// <item>the compilation's <see cref="DeclarationStamp"/> is the same: no declaration anywhere, no option and no
/// reference changed, so the body binds to the same symbols;</item>
/// <item>every other file the model read is still in the compilation, unchanged: the bodies of the methods it
/// inlined, and the files its diagnostics point into.</item>
/// </list>
/// <para>Otherwise the method is lowered again (its model is then usually equal, and later steps stay cached). Entries
/// live as long as their syntax node, and hold the other files only weakly. A new build parses new syntax trees, so
/// nothing is ever reused across builds.</para>
/// </remarks>
internal static class ModelCache
{
    private static readonly ConditionalWeakTable<SyntaxNode, Slot> Slots = new();

    /// <summary>Raised when a method is lowered rather than reused, with the compilation it was lowered in (for tests).</summary>
    internal static event Action<Compilation, MethodModel>? Lowered;

    /// <summary>The model of the method <paramref name="context"/> targets, reused when still valid.</summary>
    public static MethodModel GetOrCreate(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        var compilation = context.SemanticModel.Compilation;
        var stamp = DeclarationStamp.Of(compilation, cancellation);
        var slot = Slots.GetOrCreateValue(context.TargetNode);
        if (slot.Entry is { } entry && entry.IsValidIn(compilation, stamp))
        {
            return entry.Model;
        }

        var dependencies = new HashSet<SyntaxTree>();
        var model = ModelFactory.Create(context, dependencies, cancellation);
        slot.Entry = new Entry(model, stamp, dependencies.Select(tree => new WeakReference<SyntaxTree>(tree)).ToArray());
        Lowered?.Invoke(compilation, model);
        return model;
    }

    private sealed class Slot
    {
        public volatile Entry? Entry;
    }

    private sealed class Entry
    {
        private readonly DeclarationStamp _stamp;
        private readonly WeakReference<SyntaxTree>[] _dependencies;

        public Entry(MethodModel model, DeclarationStamp stamp, WeakReference<SyntaxTree>[] dependencies)
        {
            Model = model;
            _stamp = stamp;
            _dependencies = dependencies;
        }

        public MethodModel Model { get; }

        public bool IsValidIn(Compilation compilation, DeclarationStamp stamp)
        {
            if (!_stamp.SameAs(stamp))
            {
                return false;
            }

            foreach (var dependency in _dependencies)
            {
                if (!dependency.TryGetTarget(out var tree) || !compilation.ContainsSyntaxTree(tree))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
