using System.Globalization;

namespace SparseGpu.Cli.Arguments;

/// <summary>
/// Checks a command line against the verb's declared options before CommandLineParser binds it, because the parser
/// alone lets mistakes through silently: an option without its value swallows the next option, stray words are
/// ignored, an option given twice keeps one value. Here every such mistake is a <see cref="UsageException"/>
/// naming the token; typos get a "did you mean" hint. Works from <see cref="VerbSpec"/> alone, so every verb is
/// covered the moment its options class exists.
/// </summary>
public static class CommandLineReader
{
    private static readonly string[] HelpTokens = ["-h", "--help"];

    /// <summary>`help --markdown`: the verb reference, for the committed REFERENCE.md (not on the help page: it is
    /// for maintainers).</summary>
    private const string MarkdownToken = "--markdown";

    public static CommandLineRequest Read(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
            throw new UsageException($"no verb given; verbs: {VerbList}", null);
        string first = args[0];
        if (HelpTokens.Contains(first))
            return new HelpRequest(null, null);
        if (first == "--version")
            return args.Count == 1 ? new VersionRequest() : throw Stray(args[1], null);
        if (first == "help")
            return ReadHelp(args.Skip(1).ToList());
        VerbSpec verb = FindVerb(first);
        List<string> rest = args.Skip(1).ToList();
        if (rest.Any(HelpTokens.Contains))
            return new HelpRequest(verb, SubVerbNamed(verb, rest));
        return Check(verb, rest);
    }

    /// <summary>Checks the tokens after the verb; throws a <see cref="UsageException"/> at the first problem.</summary>
    public static VerbRequest Check(VerbSpec verb, IReadOnlyList<string> tokens)
    {
        var positional = new List<string>();
        var seen = new HashSet<OptionSpec>();
        var arguments = new List<string>();
        var warnings = new List<string>();
        // Errors found while reading options point at the sub-verb's page when the line names one.
        string? named = SubVerbNamed(verb, tokens) ?? verb.DefaultSubVerb;
        string topic = named is null ? verb.Name : $"{verb.Name} {named}";
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (!LooksLikeOption(token))
            {
                positional.Add(token);
                arguments.Add(token);
                continue;
            }
            (string name, string? inline) = SplitOption(token);
            OptionSpec option =
                (token.StartsWith("--", StringComparison.Ordinal) ? verb.FindOption(name) : null)
                ?? throw new UsageException(
                    $"unknown option {token}{TypoHint.Suffix(name, OptionNames(verb), "--")}",
                    topic
                );
            if (option.Alias == name && option.Name != name)
                warnings.Add(
                    $"warning: --{name} is deprecated and will be removed in the next release; use --{option.Name}"
                );
            if (!seen.Add(option) && !option.IsList)
                throw new UsageException($"option --{option.Name} is given twice", topic);
            if (option.IsSwitch)
            {
                if (inline is not null)
                    throw new UsageException($"option --{option.Name} takes no value, got '{inline}'", topic);
                arguments.Add($"--{option.Name}");
                continue;
            }
            if (inline is not null)
            {
                CheckValue(option, inline, topic);
                arguments.Add($"--{option.Name}={inline}");
                continue;
            }
            if (i + 1 >= tokens.Count)
                throw new UsageException($"option --{option.Name} needs a value ({option.Placeholder})", topic);
            if (LooksLikeOption(tokens[i + 1]))
                throw new UsageException(
                    $"option --{option.Name} needs a value ({option.Placeholder}), got the option {tokens[i + 1]}",
                    topic
                );
            arguments.Add($"--{option.Name}");
            do
            {
                CheckValue(option, tokens[++i], topic);
                arguments.Add(tokens[i]);
            } while (option.IsList && i + 1 < tokens.Count && !LooksLikeOption(tokens[i + 1]));
        }

        string? subVerb = ReadSubVerb(verb, positional);
        if (subVerb is not null)
            topic = $"{verb.Name} {subVerb}";
        CheckPositionalCount(verb, positional, topic);
        CheckRequired(verb, subVerb, seen, topic);
        return new VerbRequest(verb, subVerb, [.. arguments], warnings);
    }

    /// <summary>A token is an option when it starts with '-' and is not a number (`--batch-size -3` passes -3 on
    /// as a value, for the range check to name it). A lone "-" is a value.</summary>
    public static bool LooksLikeOption(string token) =>
        token.Length > 1
        && token[0] == '-'
        && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string VerbList => string.Join(", ", VerbCatalog.Names);

    private static VerbSpec FindVerb(string word)
    {
        if (VerbCatalog.Find(word) is { } verb)
            return verb;
        string problem = LooksLikeOption(word)
            ? $"the verb comes first, got the option {word}"
            : $"unknown verb '{word}'";
        throw new UsageException($"{problem}{TypoHint.Suffix(word, VerbCatalog.Names)}; verbs: {VerbList}", null);
    }

    private static HelpRequest ReadHelp(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            return new HelpRequest(null, null);
        if (words is [MarkdownToken])
            return new HelpRequest(null, null, Markdown: true);
        VerbSpec verb = FindVerb(words[0]);
        if (words.Count == 1)
            return new HelpRequest(verb, null);
        SubVerbAttribute sub = verb.FindSubVerb(words[1]) ?? throw UnknownSubVerb(verb, words[1]);
        return words.Count == 2 ? new HelpRequest(verb, sub.Name) : throw Stray(words[2], $"{verb.Name} {sub.Name}");
    }

    /// <summary>The sub-verb named on a line (for help and for the page errors point at): the first word that is
    /// one and is not an option's value.</summary>
    private static string? SubVerbNamed(VerbSpec verb, IReadOnlyList<string> tokens)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            bool isValue =
                i > 0
                && LooksLikeOption(tokens[i - 1])
                && !tokens[i - 1].Contains('=')
                && verb.FindOption(SplitOption(tokens[i - 1]).Name) is { IsSwitch: false };
            if (!isValue && !LooksLikeOption(tokens[i]) && verb.FindSubVerb(tokens[i]) is { } sub)
                return sub.Name;
        }
        return null;
    }

    private static string? ReadSubVerb(VerbSpec verb, List<string> positional)
    {
        if (verb.SubVerbs.Count == 0)
            return null;
        if (positional.Count == 0)
            return verb.DefaultSubVerb
                ?? throw new UsageException(
                    $"{verb.Name} needs a sub-verb: {string.Join(" | ", verb.SubVerbs.Select(s => s.Name))}",
                    verb.Name
                );
        return (verb.FindSubVerb(positional[0]) ?? throw UnknownSubVerb(verb, positional[0])).Name;
    }

    private static void CheckPositionalCount(VerbSpec verb, List<string> positional, string topic)
    {
        bool unbounded = verb.Values.Count > 0 && verb.Values[^1].IsList;
        if (unbounded || positional.Count <= verb.Values.Count)
            return;
        throw Stray(positional[verb.Values.Count], topic, verb);
    }

    private static void CheckRequired(VerbSpec verb, string? subVerb, HashSet<OptionSpec> seen, string topic)
    {
        foreach (OptionSpec option in seen.Where(o => !o.AppliesToSubVerb(subVerb)))
            throw new UsageException(
                $"option --{option.Name} does not apply to `{topic}` (only to: "
                    + $"{string.Join(", ", option.ScopeIn(verb)!)})",
                topic
            );
        foreach (OptionSpec option in verb.Options.Where(o => o.Required && !seen.Contains(o)))
            throw new UsageException($"missing required option {option.Usage}", topic);
        SubVerbAttribute? sub = subVerb is null ? null : verb.FindSubVerb(subVerb);
        foreach (string name in sub?.NeededOptions ?? [])
        {
            OptionSpec option =
                verb.FindOption(name)
                ?? throw new InvalidOperationException($"{verb.Name} {subVerb} needs unknown option --{name}");
            if (!seen.Contains(option))
                throw new UsageException($"`{topic}` needs {option.Usage}", topic);
        }
    }

    private static void CheckValue(OptionSpec option, string value, string topic)
    {
        Type type = option.ValueType;
        const NumberStyles Integer = NumberStyles.Integer;
        var c = CultureInfo.InvariantCulture;
        (bool ok, string wanted) = type switch
        {
            _ when type == typeof(string) => (true, ""),
            _ when type == typeof(int) => (int.TryParse(value, Integer, c, out _), "an integer"),
            _ when type == typeof(long) => (long.TryParse(value, Integer, c, out _), "an integer"),
            _ when type == typeof(uint) => (uint.TryParse(value, Integer, c, out _), "a non-negative integer"),
            _ when type == typeof(ulong) => (ulong.TryParse(value, Integer, c, out _), "a non-negative integer"),
            _ when type == typeof(double) || type == typeof(float) => (
                double.TryParse(value, NumberStyles.Float, c, out double d) && double.IsFinite(d),
                "a number"
            ),
            _ when type.IsEnum => (
                Enum.TryParse(type, value, ignoreCase: true, out _),
                "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))
            ),
            _ => (true, ""),
        };
        if (!ok)
            throw new UsageException($"option --{option.Name} needs {wanted}, got '{value}'", topic);
    }

    private static (string Name, string? Inline) SplitOption(string token)
    {
        string body = token.TrimStart('-');
        int equals = body.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (body, null) : (body[..equals], body[(equals + 1)..]);
    }

    private static IEnumerable<string> OptionNames(VerbSpec verb) => verb.Options.Select(o => o.Name);

    private static UsageException UnknownSubVerb(VerbSpec verb, string word) =>
        new(
            $"unknown {verb.Name} sub-verb '{word}'{TypoHint.Suffix(word, verb.SubVerbs.Select(s => s.Name))}; "
                + $"valid: {string.Join(", ", verb.SubVerbs.Select(s => s.Name))}",
            verb.Name
        );

    private static UsageException Stray(string word, string? topic, VerbSpec? verb = null)
    {
        string hint = verb is null ? "" : TypoHint.Suffix(word, OptionNames(verb), "--");
        return new UsageException($"unexpected argument '{word}'{hint}", topic);
    }
}
