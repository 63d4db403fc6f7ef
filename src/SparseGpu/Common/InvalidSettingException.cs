namespace SparseGpu;

/// <summary>
/// A setting has a value outside its range or not among its names (`--epochs 0`, `--device tpu`): a usage error
/// (exit code 2). The core says which setting (<see cref="Setting"/>, as the option spells it) and what is wrong
/// with it (<see cref="Detail"/>, starting with its own separator); whoever knows where the value came from says
/// it: <see cref="Exception.Message"/> is the command line's form ("--epochs must be positive, got 0"), and a
/// sweep spec's reader renders its own key instead ("training.epochs must be positive, got 0") and wraps the result
/// in a plain <see cref="SparseGpuException"/> that names the file.
/// </summary>
public sealed class InvalidSettingException : SparseGpuException
{
    /// <summary>A problem not tied to one setting (a combination, a verb's arguments).</summary>
    public InvalidSettingException(string message)
        : base(message) { }

    /// <param name="setting">The setting as the command line spells it, without dashes ("learning-rate").</param>
    /// <param name="detail">What is wrong, starting with its separator (" must be positive, got 0", ": 'a' is not a
    /// number").</param>
    public InvalidSettingException(string setting, string detail)
        : base($"--{setting}{Rendered(detail, other => "--" + other)}")
    {
        Setting = setting;
        Detail = detail;
    }

    /// <summary>Another setting named inside a detail, spelled by whoever renders the message.</summary>
    public static string Other(string setting) => $"\u001F{setting}\u001F";

    /// <summary>The detail with every <see cref="Other"/> setting named by <paramref name="name"/>.</summary>
    public string? DetailNamedBy(Func<string, string> name) => Detail is null ? null : Rendered(Detail, name);

    private static string Rendered(string detail, Func<string, string> name) =>
        System.Text.RegularExpressions.Regex.Replace(detail, "\u001F([a-z-]+)\u001F", m => name(m.Groups[1].Value));

    public string? Setting { get; }

    public string? Detail { get; }
}
