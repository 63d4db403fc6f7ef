using System.Globalization;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Cli.Display;

/// <summary>
/// Progress on stderr. On a terminal one status line is redrawn in place; in a log (stderr redirected) only
/// notices and one line per epoch appear, so logs stay readable. --quiet keeps only the final result.
/// </summary>
public sealed class ProgressDisplay(TextWriter error, bool quiet) : IRunReporter
{
    private readonly bool _interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private bool _statusShown;

    public void Notice(string message)
    {
        if (quiet) return;
        ClearStatus();
        error.WriteLine(message);
    }

    public void Progress(TrainingProgress p)
    {
        if (quiet || !_interactive) return;
        string line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch}/{p.TotalEpochs}  batch {p.Batch,6}/{p.BatchesPerEpoch}  {p.SamplesPerSecond,9:N0} samples/s  loss {p.RunningLoss:F4}");
        error.Write("\r" + line.PadRight(Console.IsErrorRedirected ? 0 : Math.Max(0, Console.WindowWidth - 1)));
        _statusShown = true;
    }

    public void EpochCompleted(EpochMetrics m)
    {
        if (quiet) return;
        ClearStatus();
        string links = string.Join(" ", m.Layers.Select(l => $"{l.ActiveNeurons}"));
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {m.Epoch,3}  lr {m.LearningRate:F5}  train loss {m.TrainLoss:F4} acc {m.TrainAccuracy * 100:F2}%  test loss {m.TestLoss:F4} acc {m.TestAccuracy * 100:F2}%  " +
            $"train {m.TrainSeconds:F2}s topology {m.TopologySeconds * 1000:F0}ms eval {m.EvalSeconds:F2}s  active neurons {links}"));
    }

    /// <summary>Progress of a robustness sweep.</summary>
    public void Sweep(SparseGpu.Robustness.SweepProgress p)
    {
        if (quiet) return;
        string line = $"robustness: {p.Done}/{p.Total} evaluations  {p.Perturbation}  {Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(p.Model)))}";
        if (_interactive)
        {
            error.Write("\r" + line.PadRight(Math.Max(0, Console.WindowWidth - 1)));
            _statusShown = true;
        }
        else if (p.Done == p.Total || p.Done % Math.Max(1, p.Total / 10) == 0)
        {
            error.WriteLine(line);
        }
    }

    public void Finish() => ClearStatus();

    private void ClearStatus()
    {
        if (!_statusShown) return;
        error.Write("\r" + new string(' ', Math.Max(0, Console.WindowWidth - 1)) + "\r");
        _statusShown = false;
    }
}
