using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace SparseGpu.Training;

/// <summary>
/// The training settings a user gave (on the command line or in a spec's `training` block), by their
/// <see cref="TrainingSettingCatalog"/> entry; a setting not given is absent. A new run fills the gaps with
/// defaults; a resumed run keeps the checkpoint's settings and accepts only new values of the settings that say
/// <see cref="TrainingSetting.ResumeMayChange"/> (the epoch total).
/// </summary>
[JsonConverter(typeof(TrainingOverridesJsonConverter))]
public sealed class TrainingOverrides
{
    private readonly ImmutableDictionary<TrainingSetting, object> _given;

    private TrainingOverrides(ImmutableDictionary<TrainingSetting, object> given) => _given = given;

    public TrainingOverrides()
        : this(ImmutableDictionary<TrainingSetting, object>.Empty) { }

    /// <summary>Nothing given.</summary>
    public static TrainingOverrides None { get; } = new();

    /// <summary>The given settings with their values, in the catalog's order.</summary>
    public IEnumerable<(TrainingSetting Setting, object Value)> Given =>
        TrainingSettingCatalog.All.Where(_given.ContainsKey).Select(s => (s, _given[s]));

    /// <summary>The value given for <paramref name="setting"/>, or null.</summary>
    public object? this[TrainingSetting setting] => _given.GetValueOrDefault(setting);

    /// <summary>These overrides with <paramref name="setting"/> given as <paramref name="value"/>.</summary>
    public TrainingOverrides With<T>(TrainingSetting<T> setting, T value)
        where T : notnull => WithValue(setting, value);

    /// <summary>These overrides with <paramref name="setting"/> given (null: not given); the value must be of the
    /// setting's type (from its <see cref="TrainingSetting.Parse"/> or
    /// <see cref="TrainingSetting.ReadJson"/>).</summary>
    public TrainingOverrides WithValue(TrainingSetting setting, object? value) =>
        new(value is null ? _given.Remove(setting) : _given.SetItem(setting, setting.Accepted(value)));

    public TrainingSettings ApplyTo(TrainingSettings settings)
    {
        foreach ((TrainingSetting setting, _) in Given)
            if (setting.Excludes is { } other && this[TrainingSettingCatalog.ByOption(other)!] is { } clash)
                throw new InvalidSettingException(
                    setting.Option,
                    $" {setting.Show(this[setting])} and {InvalidSettingException.Other(other)} {clash} both set the "
                        + "links; give one"
                );
        TrainingSettings result = settings;
        foreach ((TrainingSetting setting, object value) in Given)
        {
            result = setting.With(result, setting.Normalized(value));
            // Either one replaces both: the links come from the one given.
            if (setting.Excludes is { } other)
                result = TrainingSettingCatalog.ByOption(other)!.With(result, null);
        }
        result.Validate();
        return result;
    }

    /// <summary>The checkpoint's settings with the new values of the settings a resumed run may change; any other
    /// setting given with a different value is an error.</summary>
    public TrainingSettings ApplyToResumed(TrainingSettings checkpoint)
    {
        TrainingSettings result = checkpoint;
        foreach ((TrainingSetting setting, object value) in Given)
        {
            if (setting.ResumeMayChange)
            {
                result = setting.With(result, setting.Normalized(value));
                continue;
            }
            string wanted = setting.Show(value),
                kept = setting.Show(setting.ValueIn(checkpoint));
            if (!string.Equals(wanted, kept, StringComparison.OrdinalIgnoreCase))
                throw new SparseGpuException(
                    $"--{setting.Option} {wanted} differs from the checkpoint's {kept}; a resumed run keeps its "
                        + $"settings (only {TrainingSettingCatalog.ResumableOptions} may change)"
                );
        }
        result.Validate();
        return result;
    }
}
