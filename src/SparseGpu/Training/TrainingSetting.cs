using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SparseGpu.Training;

/// <summary>
/// One training setting as every part of the program sees it: its command-line option and spec key, help text,
/// default, range check, whether a resumed run may change it, and whether its default enters the run id. Overrides,
/// resume rules, validation, the spec's `training` keys, the `train` options, checkpoint headers and the help page
/// all loop over <see cref="TrainingSettingCatalog.All"/>, so a new setting is one entry there plus the code that
/// uses its value. The value itself lives in a <see cref="TrainingSettings"/> property (the code that uses it reads
/// that), named by <see cref="Property"/>.
/// </summary>
public abstract class TrainingSetting
{
    private protected TrainingSetting(string option, string property, string metaValue, string helpText)
    {
        Option = option;
        Property = property;
        MetaValue = metaValue;
        HelpText = helpText;
        SpecKey = JsonNamingPolicy.SnakeCaseLower.ConvertName(property);
    }

    /// <summary>The option without dashes ("update-interval"); error messages name the setting by it.</summary>
    public string Option { get; }

    /// <summary>The <see cref="TrainingSettings"/> property that holds the value.</summary>
    public string Property { get; }

    /// <summary>The key in a spec's `training` block, in config.json and in a checkpoint header: the property in
    /// snake_case ("update_interval").</summary>
    public string SpecKey { get; }

    public string MetaValue { get; }
    public string HelpText { get; }

    /// <summary>The default as help shows it ("[default: X]"); null shows none.</summary>
    public string? DefaultText { get; init; }

    /// <summary>An older option name, still accepted with a deprecation warning.</summary>
    public string? DeprecatedAlias { get; init; }

    /// <summary>A resumed run may give a new value (only the epoch total may: the rest decide what was computed so
    /// far).</summary>
    public bool ResumeMayChange { get; init; }

    /// <summary>
    /// False: the setting is written (config.json, checkpoint header, the hash in a sweep's run ids) only when it is
    /// not its default, so runs, checkpoints and sweep folders made before the setting existed keep their ids and
    /// read as the default. Every setting added after the first release must say false.
    /// </summary>
    public bool DefaultEntersRunId { get; init; } = true;

    /// <summary>The checkpoint format version that first stored this setting; a checkpoint that stores a setting
    /// (not its default, see <see cref="DefaultEntersRunId"/>) is written in at least that version, so an older
    /// program refuses it instead of resuming it with the default.</summary>
    public int CheckpointVersion { get; init; } = 1;

    /// <summary>The spec's own list that varies the setting (`datasets`); null: `training` sets it.</summary>
    public string? SpecList { get; init; }

    /// <summary>Another setting that a given value of this one clears (density and fan-in set the same links): giving
    /// both is an error.</summary>
    public string? Excludes { get; init; }

    /// <summary>How a resume error shows a stored value that is absent (null).</summary>
    public string AbsentText { get; init; } = "(none)";

    /// <summary>The type a command-line value is checked as before anything runs (string: checked by
    /// <see cref="Parse"/>).</summary>
    public abstract Type CommandLineType { get; }

    /// <summary>The value is itself a list (`hidden`): a spec varies it with a list of lists.</summary>
    public abstract bool IsList { get; }

    /// <summary>The value in <paramref name="settings"/> (null: absent).</summary>
    public abstract object? ValueIn(TrainingSettings settings);

    /// <summary>The settings with this one set to <paramref name="value"/> (null: absent).</summary>
    public abstract TrainingSettings With(TrainingSettings settings, object? value);

    /// <summary>A command-line value; a bad one throws <see cref="InvalidSettingException"/>.</summary>
    public abstract object Parse(string text);

    /// <summary>A spec value; a bad one throws the serializer's <see cref="JsonException"/>.</summary>
    public abstract object ReadJson(JsonNode node, JsonSerializerOptions options);

    /// <summary>Throws <see cref="InvalidSettingException"/> when the settings' value is out of range.</summary>
    public abstract void Check(TrainingSettings settings);

    /// <summary>A given value as it applies (names in lower case).</summary>
    public abstract object Normalized(object value);

    /// <summary><paramref name="value"/> when it is of the setting's type; anything else is a programming
    /// error.</summary>
    public abstract object Accepted(object value);

    /// <summary>The value as text; doubles in round-trip form, so equal text means equal values.</summary>
    public string Show(object? value) =>
        value switch
        {
            null => AbsentText,
            bool on => on ? "on" : "off",
            int[] widths => string.Join(",", widths),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };

    public bool IsDefault(object? value) => Equals(Normalize(value), Normalize(ValueIn(Defaults)));

    internal static readonly TrainingSettings Defaults = new();

    private static object? Normalize(object? value) => value is int[] list ? string.Join(",", list) : value;

    public override string ToString() => Option;
}

/// <summary>A setting whose given value is a <typeparamref name="T"/>.</summary>
public sealed class TrainingSetting<T> : TrainingSetting
    where T : notnull
{
    private readonly Func<TrainingSettings, object?> _get;
    private readonly Func<TrainingSettings, object?, TrainingSettings> _with;

    public TrainingSetting(
        string option,
        string property,
        string metaValue,
        string helpText,
        Func<TrainingSettings, object?> get,
        Func<TrainingSettings, object?, TrainingSettings> with
    )
        : base(option, property, metaValue, helpText)
    {
        _get = get;
        _with = with;
    }

    /// <summary>What is wrong with a value, starting with its separator (" must be positive, got 0"), or null when
    /// it is valid; a check that reports through its own exception returns null after it passes.</summary>
    public Func<T, string?>? Rule { get; init; }

    /// <summary>A check of the whole settings (the network's shape), after <see cref="Rule"/>.</summary>
    public Action<TrainingSettings>? WholeCheck { get; init; }

    /// <summary>Command-line text to a value; null: the text as <typeparamref name="T"/> (the reader has checked
    /// its form).</summary>
    public Func<string, T>? Parser { get; init; }

    /// <summary>A given value as it applies (names in lower case); null: unchanged.</summary>
    public Func<T, T>? Normalizer { get; init; }

    public override Type CommandLineType => Parser is null ? typeof(T) : typeof(string);

    public override bool IsList => typeof(T).IsArray;

    public override object? ValueIn(TrainingSettings settings) => _get(settings);

    public override TrainingSettings With(TrainingSettings settings, object? value) => _with(settings, value);

    public override object Parse(string text) => Parser is { } parse ? parse(text) : ParseNumber(text);

    /// <summary>The forms the command-line reader accepts for the type (it has checked the text already).</summary>
    private static object ParseNumber(string text)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (typeof(T) == typeof(int))
            return int.Parse(text, NumberStyles.Integer, c);
        if (typeof(T) == typeof(ulong))
            return ulong.Parse(text, NumberStyles.Integer, c);
        if (typeof(T) == typeof(double))
            return double.Parse(text, NumberStyles.Float, c);
        if (typeof(T) == typeof(bool))
            return bool.Parse(text);
        return text;
    }

    public override object ReadJson(JsonNode node, JsonSerializerOptions options) =>
        node.Deserialize<T>(options)
        ?? throw new JsonException($"The JSON value could not be converted to {typeof(T)}.");

    public override object Accepted(object value) =>
        value is T
            ? value
            : throw new ArgumentException($"--{Option} takes a {typeof(T).Name}, got a {value.GetType().Name}");

    public override object Normalized(object value) => Normalizer is { } normalize ? normalize((T)value) : value;

    public override void Check(TrainingSettings settings)
    {
        object? value = ValueIn(settings);
        if (value is null)
        {
            // Absent is valid where another setting stands in (density for fan-in) or where the default is absent.
            if (Excludes is null && ValueIn(Defaults) is not null)
                throw new InvalidSettingException(Option, " is missing");
        }
        else if (Rule?.Invoke((T)value) is { } problem)
        {
            throw new InvalidSettingException(Option, problem);
        }
        WholeCheck?.Invoke(settings);
    }
}
