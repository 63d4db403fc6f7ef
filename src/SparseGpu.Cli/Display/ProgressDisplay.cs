using System.Globalization;
using SparseGpu.Data;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Cli.Display;

/// <summary>
/// Progress on stderr: a bar with percentage, elapsed time, ETA and rate for training, robustness sweeps and
/// downloads. On a terminal the line is redrawn in place (and every second, so a long topology update or
/// evaluation visibly runs); in a log one plain line every 30 s (or --progress-every, or
/// $SPARSEGPU_PROGRESS_SECONDS), plus notices and one line per epoch. --quiet keeps only the final result. Dispose
/// it (or call Finish) before the result.
/// </summary>
public sealed class ProgressDisplay : IRunReporter, IDisposable
{
    private readonly bool _quiet;
    private readonly IProgressClock _clock;
    private readonly StatusLine _status;
    private readonly Timer? _heartbeat;
    private readonly object _gate = new();
    private ProgressEstimator _estimate;
    private Func<string>? _current;
    private string? _job;

    /// <param name="logSeconds">--progress-every: seconds between lines in a log (null: the environment's or
    /// 30).</param>
    public ProgressDisplay(TextWriter error, bool quiet, double? logSeconds = null)
        : this(
            error,
            quiet,
            ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected,
            new StopwatchClock(),
            StatusLine.LogIntervalFrom(logSeconds),
            heartbeat: !quiet
        ) { }

    /// <param name="heartbeat">Redraw the current line every second from a timer (off in tests, which drive the
    /// clock).</param>
    public ProgressDisplay(
        TextWriter error,
        bool quiet,
        bool interactive,
        IProgressClock clock,
        TimeSpan logInterval,
        bool heartbeat
    )
    {
        _quiet = quiet;
        _clock = clock;
        _status = new StatusLine(error, interactive, clock, logInterval);
        _estimate = new ProgressEstimator(clock);
        if (heartbeat)
            _heartbeat = new Timer(_ => Redraw(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Notice(string message)
    {
        if (!_quiet)
            _status.WriteLine(message);
    }

    public void Progress(TrainingProgress p)
    {
        double batches = (double)p.TotalEpochs * p.BatchesPerEpoch;
        double fraction = ((p.Epoch - 1) * (double)p.BatchesPerEpoch + p.Batch) / batches;
        Report(
            "training",
            fraction,
            () =>
                ProgressFormat.Line(
                    _estimate,
                    p.SamplesPerSecond,
                    "samples",
                    string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.TotalEpochs}  {Losses(p)}")
                ),
            p.RemainingAtThisSpeed
        );
    }

    /// <summary>"loss 0.1234", or packed "losses 0.1234 0.2345 ..." (one per network; "-" before its first
    /// report).</summary>
    private static string Losses(TrainingProgress p) =>
        p.PackLosses is { } losses
            ? "losses "
                + string.Join(
                    " ",
                    losses.Select(l => double.IsNaN(l) ? "-" : l.ToString("F4", CultureInfo.InvariantCulture))
                )
            : string.Create(CultureInfo.InvariantCulture, $"loss {p.RunningLoss:F4}");

    public void TopologyUpdate(int epoch, int totalEpochs, string method) =>
        Report(
            "training",
            (epoch - 1) / (double)totalEpochs,
            () =>
                ProgressFormat.Line(
                    _estimate,
                    null,
                    "",
                    $"epoch {epoch}/{totalEpochs}  updating the topology ({method})..."
                )
        );

    public void EpochCompleted(EpochMetrics m)
    {
        if (_quiet)
            return;
        lock (_gate)
            _current = null;
        string neurons = string.Join(" ", m.Layers.Select(l => $"{l.ActiveNeurons}"));
        string validation = m.ValidationAccuracy is { } v
            ? string.Create(CultureInfo.InvariantCulture, $"validation acc {v * 100:F2}%  ")
            : "";
        _status.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{(m.Network is null ? "" : $"{m.Network}: ")}epoch {m.Epoch, 3}  lr {m.LearningRate:F5}  "
                    + $"train loss {m.TrainLoss:F4} acc {m.TrainAccuracy * 100:F2}%  "
                    + $"test loss {m.TestLoss:F4} acc {m.TestAccuracy * 100:F2}%  "
                    + $"{validation}"
                    + $"train {m.TrainSeconds:F2}s "
                    + $"topology {m.TopologySeconds * 1000:F0}ms eval {m.EvalSeconds:F2}s  active neurons {neurons}"
            )
        );
    }

    /// <summary>Progress of a robustness sweep.</summary>
    public void Robustness(RobustnessProgress p)
    {
        string model = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(p.Model))) ?? p.Model;
        Report(
            "robustness",
            p.Done / (double)Math.Max(1, p.Total),
            () =>
                ProgressFormat.Line(
                    _estimate,
                    _estimate.Rate(p.Total),
                    "evaluations",
                    $"{p.Done}/{p.Total} evaluations  {p.Perturbation}  {model}"
                )
        );
    }

    /// <summary>Progress of a study: runs finished (in this process) of the runs it holds.</summary>
    public void Runs(int finished, int total) =>
        Report(
            "sweep",
            finished / (double)Math.Max(1, total),
            () => ProgressFormat.Line(_estimate, null, "", $"{finished}/{total} runs finished")
        );

    /// <summary>Progress of one file's download; the completed file stays as a line.</summary>
    public void Download(DownloadProgress p)
    {
        if (p.Completed)
        {
            lock (_gate)
                _current = null;
            Notice(p.Describe().Trim());
            return;
        }
        long total = p.TotalBytes ?? 0;
        Report(
            "download " + p.FileName,
            total > 0 ? p.ReceivedBytes / (double)total : 0,
            () =>
            {
                double? rate = total > 0 ? _estimate.Rate(total / 1048576.0) : null;
                return ProgressFormat.Line(_estimate, rate, "MiB", p.Describe().Trim());
            }
        );
    }

    /// <summary>Stops the heartbeat and clears the status line.</summary>
    public void Finish()
    {
        _heartbeat?.Dispose();
        lock (_gate)
            _current = null;
        _status.Clear();
    }

    public void Dispose() => Finish();

    /// <summary>Redraws the current line: on a terminal the elapsed time ticks; in a log, a line when one is
    /// due.</summary>
    public void Redraw()
    {
        string? line;
        lock (_gate)
            line = _current?.Invoke();
        if (line is not null)
            _status.Show(line);
    }

    /// <summary>A new fraction for <paramref name="job"/>; another job starts a new estimate (and ETA).</summary>
    private void Report(string job, double fraction, Func<string> render, TimeSpan? remainingOtherwise = null)
    {
        if (_quiet)
            return;
        string line;
        lock (_gate)
        {
            if (job != _job)
            {
                // The first job's elapsed time counts from the start (data loading included); later ones from
                // their first report.
                if (_job is not null)
                    _estimate = new ProgressEstimator(_clock);
                _job = job;
            }
            _estimate.Report(fraction, remainingOtherwise);
            _current = render;
            line = render();
        }
        _status.Show(line);
    }
}
