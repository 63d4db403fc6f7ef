using System.Collections;
using System.Globalization;
using System.Reflection;
using CommandLine;

namespace SparseGpu.Cli.Arguments;

/// <summary>One `--name` option of a verb, read from its options class's [Option] attribute.</summary>
public sealed class OptionSpec
{
    internal OptionSpec(PropertyInfo property, OptionAttribute option)
    {
        Property = property;
        Name = option.LongName;
        Required = option.Required;
        HelpText = RegistryText.Expand(option.HelpText);
        IsSwitch = property.PropertyType == typeof(bool);
        IsList = property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType);
        ValueType = ElementType(property.PropertyType);
        Alias = property.GetCustomAttribute<DeprecatedAliasAttribute>()?.Name;
        AppliesTo = property.GetCustomAttribute<AppliesToAttribute>()?.SubVerbs;
        Placeholder =
            IsSwitch ? ""
            : option.MetaValue is { Length: > 0 } meta ? meta
            : PlaceholderFor(ValueType, Name);
        DefaultText = RegistryText.Expand(
            property.GetCustomAttribute<DefaultTextAttribute>()?.Text ?? Format(option.Default)
        );
    }

    /// <summary>An option declared in <see cref="OptionGroups"/>, taken by the property.</summary>
    internal OptionSpec(PropertyInfo property, SharedOptionAttribute shared)
    {
        OptionDeclaration declared = OptionGroups.Get(shared.Name);
        Property = property;
        IsShared = true;
        Name = declared.Name;
        Required = shared.Required;
        HelpText = shared.HelpText ?? declared.HelpText;
        IsSwitch = property.PropertyType == typeof(bool);
        ValueType = ElementType(property.PropertyType);
        Alias = property.GetCustomAttribute<DeprecatedAliasAttribute>()?.Name;
        AppliesTo = property.GetCustomAttribute<AppliesToAttribute>()?.SubVerbs;
        Placeholder = IsSwitch ? "" : shared.MetaValue ?? declared.MetaValue ?? PlaceholderFor(ValueType, Name);
        DefaultText =
            property.GetCustomAttribute<DefaultTextAttribute>()?.Text
            ?? declared.DefaultText
            ?? Format(declared.Default);
    }

    /// <summary>A training setting's option, read from its catalog entry; <paramref name="property"/> (a
    /// <see cref="TrainingSettingArguments"/>) receives its value.</summary>
    internal OptionSpec(PropertyInfo property, Training.TrainingSetting setting)
    {
        Property = property;
        Setting = setting;
        Name = setting.Option;
        HelpText = setting.HelpText;
        // A yes-or-no setting is a switch: given, it is on.
        IsSwitch = setting.CommandLineType == typeof(bool);
        ValueType = ElementType(setting.CommandLineType);
        Alias = setting.DeprecatedAlias;
        Placeholder = setting.MetaValue;
        DefaultText = setting.DefaultText;
    }

    /// <summary>The training setting the option gives (null: another option).</summary>
    public Training.TrainingSetting? Setting { get; }

    /// <summary>Declared in <see cref="OptionGroups"/>; bound by the program, not by CommandLineParser (which
    /// knows only [Option] properties).</summary>
    public bool IsShared { get; }

    /// <summary>Bound by CommandLineParser.</summary>
    public bool IsDeclaredOption => Setting is null && !IsShared;

    /// <summary>Gives the option's value (null for a switch) to a bound options object of its verb.</summary>
    internal void Bind(object options, string? text)
    {
        if (Setting is { } setting)
            ((TrainingSettingArguments)Property.GetValue(options)!).Add(setting, text ?? bool.TrueString);
        else
            Property.SetValue(options, OptionGroups.Convert(text, Property.PropertyType));
    }

    public PropertyInfo Property { get; }
    public string Name { get; }
    public bool Required { get; }
    public string HelpText { get; }

    /// <summary>A flag without a value (`--quiet`).</summary>
    public bool IsSwitch { get; }

    /// <summary>Takes several values (`--model A B` or `--model A --model B`).</summary>
    public bool IsList { get; }

    /// <summary>The type of one value (int for int?, string for IEnumerable&lt;string&gt;).</summary>
    public Type ValueType { get; }

    public string? Alias { get; }
    public IReadOnlyList<string>? AppliesTo { get; }
    public string Placeholder { get; }
    public string? DefaultText { get; }

    public bool AppliesToSubVerb(string? subVerb) =>
        AppliesTo is null || subVerb is null || AppliesTo.Contains(subVerb, StringComparer.OrdinalIgnoreCase);

    /// <summary>The sub-verbs of <paramref name="verb"/> the option is limited to (null: all). A base class shared
    /// by several verbs may name sub-verbs of each; null also when it applies to all of them.</summary>
    public IReadOnlyList<string>? ScopeIn(VerbSpec verb)
    {
        var scope = AppliesTo?.Where(s => verb.FindSubVerb(s) is not null).ToList();
        return scope is null || scope.Count == verb.SubVerbs.Count ? null : scope;
    }

    /// <summary>`--name PLACEHOLDER` as usage lines show it.</summary>
    public string Usage => IsSwitch ? $"--{Name}" : $"--{Name} {Placeholder}";

    internal static Type ElementType(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return underlying;
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
            return type;
        return type.IsArray ? type.GetElementType()! : type.GetGenericArguments().FirstOrDefault() ?? typeof(string);
    }

    private static string PlaceholderFor(Type type, string name)
    {
        if (type == typeof(int) || type == typeof(long) || type == typeof(ulong) || type == typeof(uint))
            return "N";
        if (type == typeof(double) || type == typeof(float))
            return "X";
        if (type.IsEnum)
            return string.Join("|", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        return name.Replace('-', '_').ToUpperInvariant();
    }

    internal static string? Format(object? value) =>
        value switch
        {
            null => null,
            bool => null,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
}

/// <summary>A positional value of a verb ([Value] attribute): a sub-verb or a name.</summary>
public sealed class ValueSpec
{
    internal ValueSpec(PropertyInfo property, ValueAttribute value)
    {
        Property = property;
        Index = value.Index;
        Name = value.MetaName is { Length: > 0 } meta ? meta : property.Name.ToLowerInvariant();
        Required = value.Required;
        Default = OptionSpec.Format(value.Default);
        HelpText = value.HelpText;
        IsList = property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType);
        ValueType = OptionSpec.ElementType(property.PropertyType);
    }

    public PropertyInfo Property { get; }
    public int Index { get; }
    public string Name { get; }
    public bool Required { get; }
    public string? Default { get; }
    public string HelpText { get; }
    public bool IsList { get; }
    public Type ValueType { get; }
}
