using System;

namespace SymDiff.Samples;

public static class Program
{
    public static int Main() => 0;
}
