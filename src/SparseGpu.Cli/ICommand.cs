namespace SparseGpu.Cli;

/// <summary>Where a command writes, and the token that asks it to stop.</summary>
public sealed record CommandContext(TextWriter Output, TextWriter Error, CancellationToken Cancel);

/// <summary>One verb's work: turns its options into calls on the library and returns the exit code.</summary>
public interface ICommand
{
    int Execute(CommandContext context);
}
