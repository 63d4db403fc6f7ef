namespace SparseGpu.Cli.Arguments;

/// <summary>The command line cannot be understood: exit code 2, one line, and where the help is.</summary>
/// <param name="topic">The help page to point at: "train", "plot training", or null for the verb list.</param>
public sealed class UsageException(string message, string? topic) : Exception(message)
{
    public string? Topic { get; } = topic;
}
