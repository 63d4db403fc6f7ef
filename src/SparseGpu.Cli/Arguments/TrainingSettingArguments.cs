using SparseGpu.Training;

namespace SparseGpu.Cli.Arguments;

/// <summary>
/// The training settings given on a command line, as text, by their <see cref="TrainingSettingCatalog"/> entry. A
/// verb's options class that has a property of this type gets one option per catalog entry, where the property is
/// declared (help, checks, typo hints); the binder fills it, and the command turns it into overrides.
/// </summary>
public sealed class TrainingSettingArguments
{
    private readonly List<(TrainingSetting Setting, string Text)> _given = [];

    /// <summary>The given settings in command-line order.</summary>
    public IReadOnlyList<(TrainingSetting Setting, string Text)> Given => _given;

    internal void Add(TrainingSetting setting, string text) => _given.Add((setting, text));

    /// <summary>The settings as overrides; a value the setting cannot parse throws
    /// <see cref="InvalidSettingException"/>.</summary>
    public TrainingOverrides ToOverrides() =>
        TrainingSettingCatalog
            .All.SelectMany(setting => _given.Where(g => g.Setting == setting))
            .Aggregate(
                TrainingOverrides.None,
                (overrides, g) => overrides.WithValue(g.Setting, g.Setting.Parse(g.Text))
            );
}
