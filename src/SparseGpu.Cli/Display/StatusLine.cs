using System.Globalization;

namespace SparseGpu.Cli.Display;

/// <summary>
/// One status line on stderr. On a terminal it is redrawn in place as often as it changes; in a log (stderr not a
/// terminal) one plain line is written every <see cref="LogInterval"/> instead, so a batch job's log shows the job
/// is alive without drowning in redraws.
/// </summary>
public sealed class StatusLine(TextWriter error, bool interactive, IProgressClock clock, TimeSpan logInterval)
{
    public const string IntervalVariable = "SPARSEGPU_PROGRESS_SECONDS";
    public static readonly TimeSpan DefaultLogInterval = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private int _shownLength;
    private TimeSpan _lastLogged = TimeSpan.Zero;

    public TimeSpan LogInterval => logInterval;

    /// <summary>--progress-every when given, else $SPARSEGPU_PROGRESS_SECONDS, else 30 s.</summary>
    public static TimeSpan LogIntervalFrom(double? optionSeconds) =>
        optionSeconds switch
        {
            null => LogIntervalFromEnvironment(),
            > 0 and < 1e6 and double seconds => TimeSpan.FromSeconds(seconds),
            double seconds => throw new InvalidSettingException(
                "progress-every",
                string.Create(CultureInfo.InvariantCulture, $" must be a positive number of seconds, got {seconds}")
            ),
        };

    /// <summary>$SPARSEGPU_PROGRESS_SECONDS, else 30 s.</summary>
    public static TimeSpan LogIntervalFromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(IntervalVariable);
        if (string.IsNullOrWhiteSpace(text))
            return DefaultLogInterval;
        bool valid =
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            && seconds > 0
            && seconds < 1e6;
        return valid
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidSettingException(
                $"{IntervalVariable} must be a positive number of seconds, got '{text}'"
            );
    }

    public void Show(string line)
    {
        lock (_gate)
        {
            if (interactive)
            {
                // Cut to the terminal's width: a wrapped line cannot be redrawn in place.
                int width = ReferenceEquals(error, Console.Error) ? TerminalWidth() : int.MaxValue;
                if (line.Length > width)
                    line = line[..width];
                error.Write("\r" + line.PadRight(_shownLength));
                _shownLength = line.Length;
            }
            else if (clock.Elapsed - _lastLogged >= logInterval)
            {
                error.WriteLine(line);
                _lastLogged = clock.Elapsed;
            }
        }
    }

    /// <summary>A line that stays (a notice, an epoch's results): the status line is cleared first.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            ClearLocked();
            error.WriteLine(line);
        }
    }

    public void Clear()
    {
        lock (_gate)
            ClearLocked();
    }

    private void ClearLocked()
    {
        if (_shownLength == 0)
            return;
        error.Write("\r" + new string(' ', _shownLength) + "\r");
        _shownLength = 0;
    }

    private static int TerminalWidth()
    {
        try
        {
            int width = Console.WindowWidth; // 0 where the terminal does not say (script, some CI consoles)
            return width > 20 ? width - 1 : 119;
        }
        catch (IOException)
        {
            return 119;
        }
    }
}
