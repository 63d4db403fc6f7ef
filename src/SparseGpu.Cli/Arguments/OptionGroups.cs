using System.Globalization;

namespace SparseGpu.Cli.Arguments;

/// <summary>An option declared once for every verb that has it (see <see cref="SharedOptionAttribute"/>).</summary>
/// <param name="MetaValue">Null for a switch.</param>
public sealed record OptionDeclaration(string Name, string? MetaValue, string HelpText)
{
    /// <summary>The default value (help shows it, and the verbs' properties start with it); null: none.</summary>
    public object? Default { get; init; }

    /// <summary>The default as help shows it when it is decided later (an environment variable).</summary>
    public string? DefaultText { get; init; }
}

/// <summary>
/// The options several verbs share, by group: the device to run on, the data sets, the output, and progress on
/// stderr. Each is declared here once; a verb takes one with a [SharedOption("name")] property.
/// </summary>
public static class OptionGroups
{
    // Device: where the work runs.
    public static readonly OptionDeclaration Device = new("device", "NAME", "auto | cuda | opencl | cpu | ilgpu-cpu.")
    {
        Default = "auto",
    };

    public static readonly OptionDeclaration Threads = new(
        "threads",
        "N",
        "Threads of the fast CPU path (0: all cores)."
    )
    {
        Default = 0,
    };

    // Data: where the data sets are and whether they may be fetched.
    public static readonly OptionDeclaration DataDir = new("data-dir", "DIR", "Data directory.")
    {
        DefaultText = "$SPARSEGPU_DATA, else the per-user cache",
    };

    public static readonly OptionDeclaration NoDownload = new("no-download", null, "Never download.");

    // Output: where results go.
    public static readonly OptionDeclaration Out = new("out", "DIR", "Output directory.");

    // Progress: what stderr shows.
    public static readonly OptionDeclaration Quiet = new("quiet", null, "Print only errors and the summary.");

    public static readonly OptionDeclaration ProgressEvery = new(
        "progress-every",
        "SECONDS",
        "When stderr is not a terminal (a log), one progress line every SECONDS."
    )
    {
        DefaultText = "$SPARSEGPU_PROGRESS_SECONDS, else 30",
    };

    public static IReadOnlyList<OptionDeclaration> All { get; } =
    [Device, Threads, DataDir, NoDownload, Out, Quiet, ProgressEvery];

    public static OptionDeclaration Get(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new InvalidOperationException($"no shared option --{name} in {nameof(OptionGroups)}");

    /// <summary>A command-line value (checked by the reader already) as the property's type.</summary>
    internal static object? Convert(string? text, Type type)
    {
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(bool))
            return true;
        if (target == typeof(string))
            return text;
        return System.Convert.ChangeType(text, target, CultureInfo.InvariantCulture);
    }
}
