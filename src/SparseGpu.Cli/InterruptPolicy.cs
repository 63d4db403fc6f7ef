namespace SparseGpu.Cli;

/// <summary>
/// What Ctrl-C and SIGTERM do. The first signal cancels the command's token: `train` and `sweep` (run) finish the
/// current batch and save where they stopped, however long that takes. Every other command gets a short grace
/// period to stop on its own; after it the process ends with exit code 130, deleting the temporary files of
/// unfinished atomic writes first. A second signal ends any command the same way at once.
/// </summary>
internal sealed class InterruptPolicy(Action<int> exit, TimeSpan grace)
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _source = new();
    private int _signals;

    public CancellationToken Token => _source.Token;

    /// <summary>Set once the verb is known: whether the command saves its state when cancelled.</summary>
    public bool SavesState { get; set; }

    /// <summary>Only `train` and `sweep` (run) save their state when cancelled; every other verb is ended after the
    /// grace.</summary>
    public static bool SavesStateFor(object options) =>
        options is Verbs.TrainOptions
        || (
            options is Verbs.SweepOptions sweep
            && string.Equals(sweep.Action, "run", StringComparison.OrdinalIgnoreCase)
        );

    /// <summary>Handles one signal; the first returns a line to print, later ones end the process.</summary>
    public string? OnSignal()
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            Abort();
            return null;
        }
        _source.Cancel();
        if (SavesState)
            return "interrupt: finishing the current batch and saving a checkpoint (Ctrl-C again to abort)";
        _ = Task.Delay(grace).ContinueWith(_ => Abort(), TaskScheduler.Default);
        return "interrupt: stopping (Ctrl-C again to abort at once)";
    }

    /// <summary>Ends the process; the real <paramref name="exit"/> deletes unfinished temporary files first.</summary>
    private void Abort() => exit(CliApp.Interrupted);
}
