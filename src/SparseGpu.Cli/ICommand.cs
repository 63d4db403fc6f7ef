using SparseGpu.Runs;

namespace SparseGpu.Cli;

/// <summary>Where a command writes, and the token that asks it to stop.</summary>
public sealed record CommandContext(TextWriter Output, TextWriter Error, CancellationToken Cancel)
{
    /// <summary>The program's name and its arguments as given (recorded in a run's config.json).</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [ProgramInfo.Name];
}

/// <summary>One verb's work: turns its options into calls on the library and returns the exit code.</summary>
public interface ICommand
{
    int Execute(CommandContext context);
}
