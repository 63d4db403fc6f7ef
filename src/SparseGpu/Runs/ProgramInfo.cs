using System.Reflection;

namespace SparseGpu.Runs;

/// <summary>The program's name and version as recorded in run files.</summary>
public static class ProgramInfo
{
    public const string Name = "sparsegpu";

    public static string Version { get; } =
        typeof(ProgramInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ProgramInfo).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
