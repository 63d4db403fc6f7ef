using SparseGpu.Cli;
using SparseGpu.Cli.Arguments;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Cli;

/// <summary>
/// Every verb (and sub-verb) found by reflection × every kind of bad argument: each is a usage error (exit 2), one
/// line naming the problem and the help page. A verb added later is covered without touching this file.
/// </summary>
public sealed class CliArgumentTableTests
{
    public enum Mistake
    {
        MissingValue,
        ValueLooksLikeOption,
        UnknownOption,
        StrayWord,
        RepeatedOption,
        MisspelledOption,
        WrongType,
        SingleDashOption,
    }

    /// <summary>"train" or "plot training": every page of help, every way a verb can be run.</summary>
    public static TheoryData<string> Topics()
    {
        var data = new TheoryData<string>();
        foreach (string topic in TopicNames())
            data.Add(topic);
        return data;
    }

    private static IEnumerable<string> TopicNames() =>
        VerbCatalog.All.SelectMany(verb =>
            verb.SubVerbs.Count == 0 ? [verb.Name] : verb.SubVerbs.Select(sub => $"{verb.Name} {sub.Name}")
        );

    public static TheoryData<string, Mistake> TopicsAndMistakes()
    {
        var data = new TheoryData<string, Mistake>();
        foreach (string topic in TopicNames())
        foreach (Mistake mistake in Enum.GetValues<Mistake>())
            if (Build(topic, mistake) is not null)
                data.Add(topic, mistake);
        return data;
    }

    [Theory]
    [MemberData(nameof(TopicsAndMistakes))]
    public void Every_bad_argument_is_a_one_line_usage_error(string topic, Mistake mistake)
    {
        var (args, expected) = Build(topic, mistake)!.Value;
        CliRunner.Result result = CliRunner.Run(args);
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.EndsWith($"; see sparsegpu {topic} --help", line);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Every_verb_is_in_the_table_for_the_mistakes_any_verb_can_receive()
    {
        var rows = TopicsAndMistakes().Cast<object[]>().Select(r => ((string)r[0], (Mistake)r[1])).ToList();
        foreach (VerbSpec verb in VerbCatalog.All)
        foreach (Mistake mistake in new[] { Mistake.UnknownOption, Mistake.StrayWord, Mistake.SingleDashOption })
            Assert.Contains(rows, r => r.Item1.Split(' ')[0] == verb.Name && r.Item2 == mistake);
        // Verbs with options get the option mistakes too.
        foreach (VerbSpec verb in VerbCatalog.All.Where(v => v.Options.Any(o => !o.IsSwitch)))
            Assert.Contains(rows, r => r.Item1.Split(' ')[0] == verb.Name && r.Item2 == Mistake.MissingValue);
    }

    [Theory]
    [MemberData(nameof(Topics))]
    public void Help_is_printed_for_every_verb_and_sub_verb_wherever_it_is_asked(string topic)
    {
        string[] words = topic.Split(' ');
        string[][] requests =
        [
            [.. words, "--help"],
            [.. words, "-h"],
            ["help", .. words],
            [.. ValidPrefix(topic), "--help"],
            [.. words, "--no-such-option", "--help"],
        ];
        foreach (string[] args in requests)
        {
            CliRunner.Result result = CliRunner.Run(args);
            Assert.True(
                result.ExitCode == CliApp.Success,
                $"{string.Join(' ', args)}: exit {result.ExitCode}, {result.Error}"
            );
            Assert.StartsWith($"sparsegpu {topic}: ", result.Output);
            Assert.Empty(result.Error);
        }
    }

    [Theory]
    [MemberData(nameof(Topics))]
    public void Every_help_page_has_usage_description_placeholders_defaults_and_two_examples(string topic)
    {
        (VerbSpec verb, SubVerbAttribute? sub) = Find(topic);
        string page = CliRunner.Run([.. topic.Split(' '), "--help"]).Output;
        string usage = sub is null
            ? $"sparsegpu {verb.Name} "
            : $"sparsegpu {verb.Name} {(sub.Name == verb.DefaultSubVerb ? $"[{sub.Name}]" : sub.Name)} ";
        Assert.Contains("Usage: " + usage, page);
        Assert.Contains(Words(sub?.Description ?? verb.HelpText), Words(page));
        foreach (OptionSpec option in verb.Options.Where(o => o.AppliesToSubVerb(sub?.Name)))
        {
            Assert.Contains($"  {option.Usage} ", page + " ");
            Assert.True(option.IsSwitch || option.Placeholder.Length > 0, $"--{option.Name} has no placeholder");
            Assert.DoesNotContain("(default", option.HelpText, StringComparison.OrdinalIgnoreCase);
            if (option.DefaultText is { } d)
                Assert.Contains($"[default: {d}]", Words(page));
        }
        IReadOnlyList<ExampleAttribute> examples = verb.ExamplesOf(sub?.Name);
        Assert.True(examples.Count >= 2, $"{topic}: {examples.Count} examples, want at least 2");
        foreach (ExampleAttribute example in examples)
            Assert.Contains(example.Command, page);
    }

    [Fact]
    public void Every_example_in_help_parses_and_binds()
    {
        foreach (VerbSpec verb in VerbCatalog.All)
        {
            foreach (ExampleAttribute example in verb.Examples)
            {
                string[] words = example.Command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal("sparsegpu", words[0]);
                var request = Assert.IsType<VerbRequest>(CommandLineReader.Read(words[1..]));
                Assert.Empty(request.Warnings);
                Assert.NotNull(CliApp.Bind(request));
            }
        }
    }

    [Fact]
    public void Every_sparsegpu_command_in_the_documentation_parses_and_binds()
    {
        int checkedCommands = 0;
        foreach (string guide in Documentation.Guides)
        {
            bool inCode = false;
            foreach (string raw in File.ReadLines(Documentation.PathOf(guide)))
            {
                if (raw.StartsWith("```", StringComparison.Ordinal))
                    inCode = !inCode;
                string line = raw.Split('#')[0].Trim();
                if (!inCode || !line.StartsWith("sparsegpu ", StringComparison.Ordinal))
                    continue;
                string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
                CommandLineRequest request = CommandLineReader.Read(words);
                if (request is VerbRequest verb)
                    Assert.NotNull(CliApp.Bind(verb));
                checkedCommands++;
            }
        }
        Assert.True(checkedCommands >= 20, $"only {checkedCommands} commands found in the guides");
    }

    [Fact]
    public void Verbs_that_need_a_sub_verb_say_so()
    {
        foreach (VerbSpec verb in VerbCatalog.All.Where(v => v.SubVerbs.Count > 0 && v.DefaultSubVerb is null))
        {
            CliRunner.Result result = CliRunner.Run(verb.Name);
            Assert.Equal(CliApp.UsageError, result.ExitCode);
            Assert.Equal(
                $"error: {verb.Name} needs a sub-verb: {string.Join(" | ", verb.SubVerbs.Select(s => s.Name))}; "
                    + $"see sparsegpu {verb.Name} --help",
                Assert.Single(result.ErrorLines)
            );
        }
    }

    private static string Words(string text) =>
        string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    private static (VerbSpec Verb, SubVerbAttribute? Sub) Find(string topic)
    {
        string[] words = topic.Split(' ');
        VerbSpec verb = VerbCatalog.Find(words[0])!;
        return (verb, words.Length > 1 ? verb.FindSubVerb(words[1]) : null);
    }

    /// <summary>The shortest line that parses: verb, sub-verb, required options with a sample value.</summary>
    private static List<string> ValidPrefix(string topic)
    {
        (VerbSpec verb, SubVerbAttribute? sub) = Find(topic);
        var args = new List<string>(topic.Split(' '));
        var needed = verb.Options.Where(o => o.Required).ToList();
        needed.AddRange(sub?.NeededOptions.Select(n => verb.FindOption(n)!) ?? []);
        foreach (OptionSpec option in needed.Distinct())
        {
            args.Add("--" + option.Name);
            if (!option.IsSwitch)
                args.Add(SampleValue(option));
        }
        return args;
    }

    private static string SampleValue(OptionSpec option) =>
        option.ValueType switch
        {
            var t when t == typeof(double) || t == typeof(float) => "0.5",
            var t when t == typeof(string) => "x",
            var t when t.IsEnum => Enum.GetNames(t)[0],
            _ => "1",
        };

    /// <summary>The arguments that make the mistake on <paramref name="topic"/>, and what the message must say;
    /// null when the verb offers no way to make it (no options, for instance).</summary>
    private static (string[] Args, string Expected)? Build(string topic, Mistake mistake)
    {
        (VerbSpec verb, SubVerbAttribute? sub) = Find(topic);
        List<string> prefix = ValidPrefix(topic);
        var free = verb.Options.Where(o => o.AppliesToSubVerb(sub?.Name) && !prefix.Contains("--" + o.Name)).ToList();
        OptionSpec? valued = free.FirstOrDefault(o => !o.IsSwitch);
        OptionSpec? single = free.FirstOrDefault(o => !o.IsSwitch && !o.IsList);
        OptionSpec? numeric = free.FirstOrDefault(o =>
            o.ValueType == typeof(int) || o.ValueType == typeof(double) || o.ValueType == typeof(ulong)
        );
        OptionSpec? longName = free.FirstOrDefault(o => o.Name.Length >= 5 && !o.Name.Contains('-'));
        switch (mistake)
        {
            case Mistake.MissingValue when valued is not null:
                return ([.. prefix, "--" + valued.Name], $"option --{valued.Name} needs a value");
            case Mistake.MissingValue
                when verb.Options.FirstOrDefault(o => o.AppliesToSubVerb(sub?.Name) && !o.IsSwitch) is { } required:
                // Every valued option is in the valid prefix (export: --model, --format, --out): leave one's value out.
                int at = prefix.IndexOf("--" + required.Name);
                return (
                    [.. prefix[..at], .. prefix[(at + 2)..], "--" + required.Name],
                    $"option --{required.Name} needs a value"
                );
            case Mistake.ValueLooksLikeOption when valued is not null:
                return ([.. prefix, "--" + valued.Name, "--no-download"], $"option --{valued.Name} needs a value");
            case Mistake.UnknownOption:
                return ([.. prefix, "--no-such-option", "1"], "unknown option --no-such-option");
            case Mistake.StrayWord:
                // Right after the positional values: after a list option (--model A B) a word is one of its values.
                int slots = verb.Values.Count - (verb.SubVerbs.Count > 0 ? 1 : 0),
                    words = topic.Split(' ').Length;
                return (
                    [.. prefix[..words], .. Enumerable.Repeat("mnist", slots), "stray", .. prefix[words..]],
                    "unexpected argument 'stray'"
                );
            case Mistake.RepeatedOption when single is not null:
                return (
                    [.. prefix, "--" + single.Name, SampleValue(single), "--" + single.Name, SampleValue(single)],
                    $"option --{single.Name} is given twice"
                );
            case Mistake.MisspelledOption when longName is not null:
                string n = longName.Name;
                string typo = $"{n[0]}{n[2]}{n[1]}{n[3..]}";
                return (
                    [.. prefix, "--" + typo, .. longName.IsSwitch ? Array.Empty<string>() : [SampleValue(longName)]],
                    $"unknown option --{typo} (did you mean --{n}?)"
                );
            case Mistake.WrongType when numeric is not null:
                return ([.. prefix, "--" + numeric.Name, "abc"], $"option --{numeric.Name} needs ");
            case Mistake.SingleDashOption:
                return ([.. prefix, "-x"], "unknown option -x");
            default:
                return null;
        }
    }
}
