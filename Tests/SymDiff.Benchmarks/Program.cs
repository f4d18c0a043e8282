using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace SymDiff.Benchmarks;

/// <summary>
/// Runs the benchmarks through <see cref="BenchmarkSwitcher"/>, so every BenchmarkDotNet option works
/// (<c>--filter '*'</c>, <c>--job short</c>, <c>--list flat</c> ...). <c>--verify</c> only checks that the
/// hand-written baselines agree with the generated derivatives, and exits 0 or 1.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        if (args.Contains("--verify"))
        {
            return Verification.Run(Console.Out) ? 0 : 1;
        }

        var config = DefaultConfig.Instance
            .WithArtifactsPath(Path.Combine(ProjectDirectory(), "BenchmarkDotNet.Artifacts"));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    // The directory of this source file, i.e. the project; artifacts stay inside it.
    private static string ProjectDirectory([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path) is { } directory && Directory.Exists(directory) ? directory : Directory.GetCurrentDirectory();
}
