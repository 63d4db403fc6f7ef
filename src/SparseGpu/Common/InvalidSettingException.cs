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
        : base($"--{setting}{detail}")
    {
        Setting = setting;
        Detail = detail;
    }

    public string? Setting { get; }

    public string? Detail { get; }
}
