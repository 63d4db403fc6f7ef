using System.Text;

namespace SparseGpu.Cli.Arguments;

/// <summary>
/// The verb reference (src/SparseGpu.Cli/REFERENCE.md) rendered from the same metadata as the help pages: every
/// verb's description, usage lines, sub-verbs, arguments, options with defaults, and examples. `sparsegpu help
/// --markdown` prints it, and a test fails when the committed file differs, so the reference cannot drift from
/// what `--help` says.
/// </summary>
public static class VerbReference
{
    /// <summary>The command that rewrites the committed file, from the repository root.</summary>
    public const string RegenerateCommand =
        "dotnet run -c Release --project src/SparseGpu.Cli -- help --markdown > src/SparseGpu.Cli/REFERENCE.md";

    /// <summary>The whole reference, with "\n" line ends whatever the platform.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("# Verb reference\n\n");
        text.Append(
            "Generated from the program's option metadata (what `sparsegpu VERB --help` prints); do not edit.\n"
        );
        text.Append($"Regenerate with `{RegenerateCommand}`.\n");
        text.Append("What each verb does and writes is explained in [the verb guide](README.md).\n\n");
        text.Append("| verb | what |\n|---|---|\n");
        foreach (VerbSpec verb in VerbCatalog.All)
            text.Append($"| [`{verb.Name}`](#{verb.Name}) | {Cell(verb.HelpText)} |\n");
        foreach (VerbSpec verb in VerbCatalog.All)
            AppendVerb(text, verb);
        return text.ToString();
    }

    private static void AppendVerb(StringBuilder text, VerbSpec verb)
    {
        text.Append($"\n## {verb.Name}\n\n{verb.HelpText}\n\nUsage:\n\n");
        foreach (string line in HelpPage.UsageLines(verb, null))
            text.Append($"- `{line}`\n");
        if (verb.SubVerbs.Count > 0)
        {
            text.Append("\n| sub-verb | what |\n|---|---|\n");
            foreach (SubVerbAttribute sub in verb.SubVerbs)
            {
                string isDefault = sub.Name == verb.DefaultSubVerb ? " (the default)" : "";
                text.Append($"| `{sub.Name}` | {Cell(sub.Description + isDefault)} |\n");
            }
        }
        var values = verb.Values.Where(v => verb.SubVerbs.Count == 0 || v.Index > 0).ToList();
        if (values.Count > 0)
        {
            text.Append("\n| argument | default | what |\n|---|---|---|\n");
            foreach (ValueSpec value in values)
                text.Append(
                    $"| `{value.Name.ToUpperInvariant()}` | {Code(value.Default)} | {Cell(value.HelpText)} |\n"
                );
        }
        text.Append("\n| option | default | what |\n|---|---|---|\n");
        foreach (OptionSpec option in verb.Options)
            text.Append($"| `{Cell(option.Usage)}` | {Code(option.DefaultText)} | {Cell(Describe(option, verb))} |\n");
        IReadOnlyList<ExampleAttribute> examples = verb.ExamplesOf(null);
        if (examples.Count == 0)
            return;
        text.Append("\nExamples:\n\n");
        foreach (ExampleAttribute example in examples)
            text.Append($"- `{example.Command}`: {example.Description}\n");
    }

    /// <summary>The help text with what the help page adds around it: the sub-verbs an option applies to, how a
    /// list repeats, and a deprecated alias.</summary>
    private static string Describe(OptionSpec option, VerbSpec verb)
    {
        var parts = new List<string>();
        if (option.ScopeIn(verb) is { } scope)
            parts.Add($"{string.Join(", ", scope)} only:");
        parts.Add(option.HelpText);
        if (option.IsList)
            parts.Add($"Repeatable: `--{option.Name} A --{option.Name} B`, or `--{option.Name} A B`.");
        if (option.Alias is { } alias)
            parts.Add($"(`--{alias}`: the old name, deprecated, removed in the next release)");
        return string.Join(' ', parts);
    }

    private static string Code(string? value) => string.IsNullOrEmpty(value) ? "" : $"`{Cell(value)}`";

    /// <summary>Text safe inside a table cell: pipes escaped, line breaks folded.</summary>
    private static string Cell(string value) => value.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");
}
