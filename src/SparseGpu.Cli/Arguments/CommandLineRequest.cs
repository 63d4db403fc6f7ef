namespace SparseGpu.Cli.Arguments;

/// <summary>What a command line asks for, once it has been checked.</summary>
public abstract record CommandLineRequest;

/// <summary>`--version`.</summary>
public sealed record VersionRequest : CommandLineRequest;

/// <summary>`--help`, `-h` or `help [VERB [SUB]]`: the verb list (Verb null), a verb's page or a sub-verb's; the
/// hidden `help --markdown` asks for the whole verb reference as Markdown (<see cref="VerbReference"/>).</summary>
public sealed record HelpRequest(VerbSpec? Verb, string? SubVerb, bool Markdown = false) : CommandLineRequest;

/// <summary>A verb to run, with its arguments as CommandLineParser should bind them (deprecated names
/// replaced).</summary>
/// <param name="Topic">"train" or "plot training": the help page that usage errors point at.</param>
/// <param name="Warnings">One line each, for stderr (deprecated option names).</param>
public sealed record VerbRequest(VerbSpec Verb, string? SubVerb, string[] Arguments, IReadOnlyList<string> Warnings)
    : CommandLineRequest
{
    public string Topic => SubVerb is null ? Verb.Name : $"{Verb.Name} {SubVerb}";
}
