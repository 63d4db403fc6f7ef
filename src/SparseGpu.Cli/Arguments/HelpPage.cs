using System.Text;
using SparseGpu.Runs;

namespace SparseGpu.Cli.Arguments;

/// <summary>
/// Help pages built from the verbs' metadata: the verb list, and per verb (or sub-verb) a description, usage line,
/// options with placeholders and defaults (one format: "[default: X]"), and examples.
/// </summary>
public static class HelpPage
{
    public const int Width = 100;
    private const int OptionColumn = 30;

    public static string For(HelpRequest request) =>
        request.Markdown ? VerbReference.Markdown()
        : request.Verb is null ? Index()
        : ForVerb(request.Verb, request.SubVerb);

    public static string Index()
    {
        var text = new StringBuilder();
        text.AppendLine($"{ProgramInfo.Name} {ProgramInfo.Version}: sparse neural networks with adaptive topology");
        text.AppendLine();
        text.AppendLine("Usage: sparsegpu VERB [SUB-VERB] [OPTIONS]");
        text.AppendLine("       sparsegpu help VERB [SUB-VERB]     (or VERB --help, VERB -h)");
        text.AppendLine();
        text.AppendLine("Verbs:");
        foreach (VerbSpec verb in VerbCatalog.All)
            AppendEntry(text, verb.Name, verb.HelpText, 14);
        text.AppendLine();
        text.AppendLine("Options:");
        AppendEntry(text, "-h, --help", "Print this help (after a verb: the verb's help).", 14);
        AppendEntry(text, "--version", "Print the program version.", 14);
        text.AppendLine();
        AppendWrapped(
            text,
            "Exit codes: 0 success, 1 failure (missing or corrupt file, diverged run), 2 usage error "
                + "(unknown or misspelled option, missing or invalid value), 130 interrupted.",
            ""
        );
        text.AppendLine();
        text.AppendLine("Examples:");
        AppendExample(text, new ExampleAttribute("sparsegpu train --epochs 3", "Train the default network, 3 epochs."));
        AppendExample(text, new ExampleAttribute("sparsegpu help plot training", "How to draw training curves."));
        return text.ToString();
    }

    public static string ForVerb(VerbSpec verb, string? subVerb)
    {
        SubVerbAttribute? sub = subVerb is null ? null : verb.FindSubVerb(subVerb);
        string topic = sub is null ? verb.Name : $"{verb.Name} {sub.Name}";
        var text = new StringBuilder();
        AppendWrapped(text, $"sparsegpu {topic}: {sub?.Description ?? verb.HelpText}", "  ");
        text.AppendLine();
        AppendUsage(text, verb, sub);
        if (sub is null && verb.SubVerbs.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Sub-verbs:");
            foreach (SubVerbAttribute s in verb.SubVerbs)
                AppendEntry(text, s.Name, s.Description + (s.Name == verb.DefaultSubVerb ? " (the default)" : ""), 14);
        }
        foreach (ValueSpec value in verb.Values.Where(v => verb.SubVerbs.Count == 0 || v.Index > 0))
        {
            text.AppendLine();
            text.AppendLine("Arguments:");
            string name = value.Name.ToUpperInvariant();
            AppendEntry(text, name, value.HelpText + DefaultSuffix(value.Default), OptionColumn);
        }
        text.AppendLine();
        text.AppendLine("Options:");
        foreach (OptionSpec option in verb.Options.Where(o => sub is null || o.AppliesToSubVerb(sub.Name)))
            AppendEntry(text, option.Usage, Describe(option, sub is null ? option.ScopeIn(verb) : null), OptionColumn);
        AppendEntry(text, "-h, --help", "Print this help.", OptionColumn);
        IReadOnlyList<ExampleAttribute> examples = verb.ExamplesOf(sub?.Name);
        if (examples.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Examples:");
            foreach (ExampleAttribute example in examples)
                AppendExample(text, example);
        }
        return text.ToString();
    }

    /// <summary>The usage line(s): one per sub-verb on a verb page with sub-verbs.</summary>
    public static IReadOnlyList<string> UsageLines(VerbSpec verb, SubVerbAttribute? sub)
    {
        if (sub is not null)
            return [UsageLine(verb, sub)];
        return verb.SubVerbs.Count > 0
            ? verb.SubVerbs.Select(s => UsageLine(verb, s)).ToList()
            : [UsageLine(verb, null)];
    }

    private static string UsageLine(VerbSpec verb, SubVerbAttribute? sub)
    {
        var words = new List<string> { "sparsegpu", verb.Name };
        if (sub is not null)
            words.Add(sub.Name == verb.DefaultSubVerb ? $"[{sub.Name}]" : sub.Name);
        foreach (ValueSpec value in verb.Values.Where(v => verb.SubVerbs.Count == 0 || v.Index > 0))
            words.Add(value.Required ? value.Name.ToUpperInvariant() : $"[{value.Name.ToUpperInvariant()}]");
        var needed = verb.Options.Where(o => o.Required).ToList();
        foreach (string name in sub?.NeededOptions ?? [])
            needed.AddRange(verb.Options.Where(o => o.Name == name));
        words.AddRange(needed.Distinct().Select(o => o.Usage + (o.IsList ? "..." : "")));
        words.Add("[OPTIONS]");
        return string.Join(' ', words);
    }

    private static void AppendUsage(StringBuilder text, VerbSpec verb, SubVerbAttribute? sub)
    {
        IReadOnlyList<string> lines = UsageLines(verb, sub);
        if (lines.Count == 1)
        {
            text.AppendLine($"Usage: {lines[0]}");
            return;
        }
        text.AppendLine("Usage:");
        foreach (string line in lines)
            text.AppendLine($"  {line}");
    }

    private static string Describe(OptionSpec option, IReadOnlyList<string>? scope)
    {
        var parts = new List<string>();
        if (scope is not null)
            parts.Add($"{string.Join(", ", scope)} only:");
        parts.Add(option.HelpText);
        string n = option.Name;
        if (option.IsList)
            parts.Add($"Repeatable: --{n} A --{n} B, or --{n} A B.");
        if (option.DefaultText is { } d)
            parts.Add($"[default: {d}]");
        if (option.Alias is { } alias)
            parts.Add($"(--{alias}: the old name, deprecated, removed in the next release)");
        return string.Join(' ', parts);
    }

    private static string DefaultSuffix(string? value) => value is null ? "" : $" [default: {value}]";

    private static void AppendExample(StringBuilder text, ExampleAttribute example)
    {
        text.AppendLine($"  {example.Command}");
        AppendWrapped(text, "      " + example.Description, "      ");
    }

    /// <summary>"  NAME   description" with the description wrapped under itself.</summary>
    private static void AppendEntry(StringBuilder text, string name, string description, int column)
    {
        string head = $"  {name}";
        string first =
            head.Length + 2 <= column ? head.PadRight(column) : head + Environment.NewLine + new string(' ', column);
        AppendWrapped(text, first + description, new string(' ', column));
    }

    /// <summary>Wraps at <see cref="Width"/> columns, continuation lines starting with <paramref name="indent"/>;
    /// runs of spaces (column padding) are kept.</summary>
    private static void AppendWrapped(StringBuilder text, string line, string indent)
    {
        string current = "";
        bool first = true;
        foreach (string word in line.Split(' '))
        {
            string candidate = first ? word : current + " " + word;
            if (!first && word.Length > 0 && candidate.Length > Width && current.Length > indent.Length)
            {
                text.AppendLine(current.TrimEnd());
                current = indent + word;
            }
            else
            {
                current = candidate;
            }
            first = false;
        }
        text.AppendLine(current.TrimEnd());
    }
}
