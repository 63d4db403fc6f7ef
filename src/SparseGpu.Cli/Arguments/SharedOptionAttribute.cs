namespace SparseGpu.Cli.Arguments;

/// <summary>
/// The property takes the option declared once in <see cref="OptionGroups"/> under <paramref name="name"/>: its
/// placeholder, help text and default come from there, so every verb that has a `--device` or `--data-dir` says
/// the same thing. A verb where the option means a little more sets <see cref="HelpText"/> (and a
/// <see cref="DefaultTextAttribute"/> where its default is another); [AppliesTo] and [DeprecatedAlias] work as on
/// any option. The property's initial value is the default (a test checks it matches the declared one).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SharedOptionAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>This verb's help text instead of the declared one.</summary>
    public string? HelpText { get; set; }

    /// <summary>This verb's placeholder instead of the declared one.</summary>
    public string? MetaValue { get; set; }

    public bool Required { get; set; }
}
