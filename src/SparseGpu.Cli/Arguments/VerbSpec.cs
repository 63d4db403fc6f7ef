using System.Reflection;
using CommandLine;

namespace SparseGpu.Cli.Arguments;

/// <summary>
/// Everything the command line knows about one verb, read by reflection from its options class: options, positional
/// values, sub-verbs, examples. Parsing checks and help pages are built from this alone, so a new verb gets both
/// without code of its own.
/// </summary>
public sealed class VerbSpec
{
    public VerbSpec(Type type)
    {
        VerbAttribute verb =
            type.GetCustomAttribute<VerbAttribute>()
            ?? throw new ArgumentException($"{type.Name} has no [Verb] attribute", nameof(type));
        Type = type;
        Name = verb.Name;
        HelpText = verb.HelpText;
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        Options = properties
            .SelectMany(OptionsOf)
            .Select((option, index) => (Option: option, Index: index))
            .OrderBy(x => DeclarationOrder(type, x.Option.Property))
            .ThenBy(x => x.Index)
            .Select(x => x.Option)
            .ToList();
        Values = properties
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<ValueAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new ValueSpec(x.Property, x.Attribute!))
            .OrderBy(v => v.Index)
            .ToList();
        SubVerbs = type.GetCustomAttributes<SubVerbAttribute>().ToList();
        Examples = type.GetCustomAttributes<ExampleAttribute>().ToList();
    }

    public Type Type { get; }
    public string Name { get; }
    public string HelpText { get; }
    public IReadOnlyList<OptionSpec> Options { get; }
    public IReadOnlyList<ValueSpec> Values { get; }
    public IReadOnlyList<SubVerbAttribute> SubVerbs { get; }
    public IReadOnlyList<ExampleAttribute> Examples { get; }

    /// <summary>The sub-verb used when none is given (`sweep` means `sweep run`); null when one must be
    /// given.</summary>
    public string? DefaultSubVerb => SubVerbs.Count > 0 ? Values.FirstOrDefault(v => v.Index == 0)?.Default : null;

    /// <summary>The option named <paramref name="name"/> (without dashes), by its name or its deprecated
    /// alias.</summary>
    public OptionSpec? FindOption(string name) =>
        Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal))
        ?? Options.FirstOrDefault(o => string.Equals(o.Alias, name, StringComparison.Ordinal));

    public SubVerbAttribute? FindSubVerb(string name) =>
        SubVerbs.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Examples of the sub-verb (commands starting with `sparsegpu VERB SUB`; the default sub-verb also
    /// owns the examples that name none), or all of them.</summary>
    public IReadOnlyList<ExampleAttribute> ExamplesOf(string? subVerb)
    {
        if (subVerb is null)
            return Examples;
        return Examples
            .Where(e => string.Equals(SubVerbOf(e.Command), subVerb, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>The sub-verb an example command runs.</summary>
    public string? SubVerbOf(string command)
    {
        string[] words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string? word = words.Length > 2 ? words[2] : null;
        return word is not null && FindSubVerb(word) is { } sub ? sub.Name : DefaultSubVerb;
    }

    /// <summary>The option a property declares or shares, or every training setting's for a
    /// <see cref="TrainingSettingArguments"/> property (in the catalog's order).</summary>
    private static IEnumerable<OptionSpec> OptionsOf(PropertyInfo property)
    {
        if (property.PropertyType == typeof(TrainingSettingArguments))
            return Training.TrainingSettingCatalog.All.Select(setting => new OptionSpec(property, setting));
        if (property.GetCustomAttribute<SharedOptionAttribute>() is { } shared)
            return [new OptionSpec(property, shared)];
        return property.GetCustomAttribute<OptionAttribute>() is { } option ? [new OptionSpec(property, option)] : [];
    }

    /// <summary>Options in the order they are written in the class, the verb's own before those of a base class,
    /// so help reads as written.</summary>
    private static int DeclarationOrder(Type type, PropertyInfo property)
    {
        int depth = 0;
        for (Type? t = type; t is not null && t != property.DeclaringType; t = t.BaseType)
            depth++;
        // Base-class options (figure size) come after the verb's own: the verb's own matter most.
        return (depth == 0 ? 0 : 1_000_000 * depth) + (property.MetadataToken & 0xFFFFF);
    }
}

/// <summary>Every verb of the program: the [Verb] classes of this assembly, by name.</summary>
public static class VerbCatalog
{
    public static IReadOnlyList<VerbSpec> All { get; } =
        typeof(VerbCatalog)
            .Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<VerbAttribute>() is not null && !t.IsAbstract)
            .Select(t => new VerbSpec(t))
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToList();

    public static Type[] Types => All.Select(v => v.Type).ToArray();

    public static IEnumerable<string> Names => All.Select(v => v.Name);

    public static VerbSpec? Find(string name) =>
        All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));
}
