using System.Text;

namespace SymDiff.Generator.Emit;

/// <summary>Writes lines of source text with four-space indentation and '\n' line endings on every platform.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Writes one line at the current indentation (an empty line has no trailing spaces).</summary>
    public IndentedWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>The current indentation level.</summary>
    public int Depth => _depth;

    /// <summary>A writer that starts at <paramref name="depth"/> (for text written apart and inserted later).</summary>
    public static IndentedWriter At(int depth) => new() { _depth = depth };

    /// <summary>Appends text written by another writer (already indented).</summary>
    public IndentedWriter Append(IndentedWriter other)
    {
        _text.Append(other._text);
        return this;
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public IndentedWriter Open()
    {
        Line("{");
        _depth++;
        return this;
    }

    /// <summary>Unindents and writes <c>}</c>.</summary>
    public IndentedWriter Close()
    {
        _depth--;
        return Line("}");
    }

    public override string ToString() => _text.ToString();
}
