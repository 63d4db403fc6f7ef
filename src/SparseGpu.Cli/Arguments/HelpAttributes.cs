namespace SparseGpu.Cli.Arguments;

/// <summary>An example shown on the verb's help page (and on its sub-verb's page when the command starts with
/// `sparsegpu VERB SUB`). Every example is parsed by the tests, so help never shows a command that fails.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ExampleAttribute(string command, string description) : Attribute
{
    public string Command { get; } = command;
    public string Description { get; } = description;
}

/// <summary>A sub-verb (`plot training`, `sweep status`), held by the verb's first positional value.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class SubVerbAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;

    /// <summary>Options the sub-verb requires besides the verb's required ones: long names, comma-separated.</summary>
    public string? Needs { get; init; }

    public IEnumerable<string> NeededOptions =>
        (Needs ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The option only means something for these sub-verbs; given with another it is a usage error.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AppliesToAttribute(params string[] subVerbs) : Attribute
{
    public IReadOnlyList<string> SubVerbs { get; } = subVerbs;
}

/// <summary>An older spelling of the option, still accepted for one release with a deprecation warning.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DeprecatedAliasAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The default as help shows it, for options whose default is decided later (nullable settings, paths
/// computed at run time); options with an [Option(Default = ...)] need none.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DefaultTextAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}
