using System;
using System.Buffers;

namespace SymDiff;

/// <summary>
/// Temporary doubles for the span-based routines: the caller's stack memory when it is large enough, otherwise an
/// array rented from <see cref="ArrayPool{T}.Shared"/> and returned on <see cref="Dispose"/>. Nothing is allocated
/// in the steady state either way.
/// </summary>
/// <example><code>
/// using var scratch = new ScratchBuffer(stackalloc double[ScratchBuffer.StackLength], n * n);
/// Span&lt;double&gt; workspace = scratch.Span;
/// </code></example>
internal ref struct ScratchBuffer
{
    /// <summary>The stack memory callers offer: 272 doubles (about 2 KiB), a 16 × 16 matrix and 16 eigenvalues.</summary>
    public const int StackLength = 272;

    private double[]? _rented;

    public ScratchBuffer(Span<double> stack, int length)
    {
        if (length <= stack.Length)
        {
            _rented = null;
            Span = stack.Slice(0, length);
        }
        else
        {
            _rented = ArrayPool<double>.Shared.Rent(length);
            Span = _rented.AsSpan(0, length);
        }
    }

    /// <summary>The scratch memory, of exactly the requested length.</summary>
    public Span<double> Span { get; }

    /// <summary>Returns rented memory to the pool.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<double>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
