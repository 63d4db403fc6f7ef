using SparseGpu.Cli.Display;
using SparseGpu.Data;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Tests.Cli;

/// <summary>Progress text, ETA and throttling, driven by a fake clock.</summary>
public sealed class ProgressDisplayTests
{
    private sealed class FakeClock : IProgressClock
    {
        public TimeSpan Elapsed { get; set; }

        public void Advance(double seconds) => Elapsed += TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A display driven by <paramref name="clock"/>: in a log a line every 30 s; no heartbeat timer.</summary>
    private static ProgressDisplay Display(
        TextWriter error,
        IProgressClock clock,
        bool interactive,
        bool quiet = false
    ) => new(error, quiet, interactive, clock, TimeSpan.FromSeconds(30), heartbeat: false);

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(59.4, "0:59")]
    [InlineData(61, "1:01")]
    [InlineData(3599, "59:59")]
    [InlineData(3600, "1:00:00")]
    [InlineData(90061, "25:01:01")]
    public void Durations_read_as_minutes_and_seconds_or_hours(double seconds, string expected) =>
        Assert.Equal(expected, ProgressFormat.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0, "[--------------------]")]
    [InlineData(0.5, "[##########----------]")]
    [InlineData(0.99, "[###################-]")]
    [InlineData(1, "[####################]")]
    [InlineData(1.5, "[####################]")]
    public void The_bar_fills_with_the_fraction(double fraction, string expected) =>
        Assert.Equal(expected, ProgressFormat.Bar(fraction));

    [Theory]
    [InlineData(73_712.4, "73,712 samples/s")]
    [InlineData(10, "10 samples/s")]
    [InlineData(9.96, "10 samples/s")]
    [InlineData(2.54, "2.5 samples/s")]
    [InlineData(0.99999, "1.0 samples/s")]
    [InlineData(0.032, "1.9 samples/min")] // a million-neuron evaluation every 31 s
    [InlineData(0.0002, "0.7 samples/h")]
    public void Slow_rates_read_per_minute_or_hour_instead_of_zero_per_second(double perSecond, string expected) =>
        Assert.Equal(expected, ProgressFormat.Rate(perSecond, "samples"));

    [Fact]
    public void The_eta_follows_the_rate_measured_since_the_first_report()
    {
        var clock = new FakeClock { Elapsed = TimeSpan.FromSeconds(100) };
        var estimate = new ProgressEstimator(clock);
        clock.Advance(5);
        estimate.Report(0.5); // a resumed run: half done at its first report says nothing about speed
        Assert.Null(estimate.Remaining);
        clock.Advance(10);
        estimate.Report(0.6); // 10% in 10 s: 40 s to go
        Assert.Equal(TimeSpan.FromSeconds(40), estimate.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(15), estimate.Elapsed);
        Assert.Equal(1000, estimate.Rate(100_000)!.Value, 6); // 10,000 of 100,000 units in 10 s
        clock.Advance(40);
        estimate.Report(1);
        Assert.Equal(TimeSpan.Zero, estimate.Remaining);
    }

    [Fact]
    public void A_training_line_has_bar_percentage_elapsed_eta_and_samples_per_second()
    {
        var clock = new FakeClock();
        var error = new StringWriter();
        using var display = Display(error, clock, interactive: true);
        display.Progress(new TrainingProgress(1, 4, 0, 100, 0, 2.5));
        clock.Advance(30);
        display.Progress(new TrainingProgress(2, 4, 50, 100, 73_700, 0.25)); // 150 of 400 batches in 30 s
        string last = error.ToString().Split('\r')[^1];
        Assert.Equal(
            "[#######-------------]  37.5%  0:30 elapsed  ETA 0:50  73,700 samples/s  epoch 2/4  loss 0.2500",
            last.TrimEnd()
        );
    }

    [Fact]
    public void The_first_report_of_a_run_has_an_ETA_from_its_own_speed_not_a_question_mark()
    {
        // Issue 26 §3.9: the first line of a run (and every heartbeat redraw of it) read "ETA ?".
        var clock = new FakeClock();
        var error = new StringWriter();
        using var display = Display(error, clock, interactive: true);
        clock.Advance(3);
        // Epoch 1 of 2, batch 50 of 100 (batches of 10) at 500 samples/s: 150 batches = 1,500 samples left = 3 s.
        display.Progress(new TrainingProgress(1, 2, 50, 100, 500, 0.5, BatchSize: 10));
        Assert.Contains("elapsed  ETA 0:03  500 samples/s", error.ToString());
    }

    [Fact]
    public void The_topology_update_shows_that_it_runs()
    {
        var error = new StringWriter();
        using var display = Display(error, new FakeClock(), interactive: true);
        display.TopologyUpdate(3, 10, "ch3l3");
        Assert.EndsWith("epoch 3/10  updating the topology (ch3l3)...", error.ToString().TrimEnd());
        Assert.StartsWith("\r[####----------------]  20.0%", error.ToString());
    }

    [Fact]
    public void In_a_log_one_plain_line_is_written_every_interval()
    {
        var clock = new FakeClock();
        var error = new StringWriter();
        using var display = Display(error, clock, interactive: false);
        for (int second = 1; second <= 95; second++)
        {
            clock.Advance(1);
            display.Robustness(new RobustnessProgress(second, 100, "/runs/a/model.ckpt", "random"));
        }
        string[] lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length); // at 30, 60 and 90 s
        Assert.DoesNotContain('\r', error.ToString());
        Assert.Equal(
            "[######--------------]  30.0%  0:30 elapsed  ETA 1:10  1.0 evaluations/s  30/100 evaluations  random  a",
            lines[0]
        );
        Assert.Contains(" 90.0%  1:30 elapsed  ETA 0:10", lines[2]);
    }

    [Fact]
    public void A_continued_sweep_shows_the_rate_and_ETA_of_this_runs_evaluations_not_of_the_kept_ones()
    {
        var clock = new FakeClock();
        var error = new StringWriter();
        using var display = Display(error, clock, interactive: false);
        // Half the sweep kept from an earlier run (reported at once), then one evaluation every 2 s.
        clock.Advance(1);
        display.Robustness(new RobustnessProgress(50, 100, "/runs/a/model.ckpt", RobustnessProgress.Kept));
        for (int done = 51; done <= 65; done++)
        {
            clock.Advance(2);
            display.Robustness(new RobustnessProgress(done, 100, "/runs/a/model.ckpt", "shuffle"));
        }
        Assert.Equal(
            "[#############-------]  65.0%  0:31 elapsed  ETA 1:10  30.0 evaluations/min  "
                + "65/100 evaluations  shuffle  a",
            error.ToString().Trim()
        );
    }

    [Fact]
    public void The_heartbeat_keeps_a_log_alive_while_nothing_reports()
    {
        var clock = new FakeClock();
        var error = new StringWriter();
        using var display = Display(error, clock, interactive: false);
        display.TopologyUpdate(2, 2, "ch3l3");
        clock.Advance(31);
        display.Redraw(); // what the timer does every second
        Assert.Contains("0:31 elapsed", error.ToString());
        Assert.Contains("updating the topology (ch3l3)...", error.ToString());
    }

    [Fact]
    public void A_download_shows_bytes_and_speed_and_keeps_the_completed_file()
    {
        var clock = new FakeClock();
        var error = new StringWriter();
        using var display = Display(error, clock, interactive: true);
        // Through the reporter, as train, evaluate and robustness download (data download calls it directly).
        IRunReporter reporter = display;
        reporter.Download(new DownloadProgress("train.gz", 0, 10 << 20, false));
        clock.Advance(2);
        reporter.Download(new DownloadProgress("train.gz", 4 << 20, 10 << 20, false));
        Assert.Contains(" 40.0%  0:02 elapsed  ETA 0:03  2.0 MiB/s  train.gz: 4.0 MiB of 10.0 MiB", error.ToString());
        reporter.Download(new DownloadProgress("train.gz", 10 << 20, 10 << 20, true));
        Assert.EndsWith("train.gz: 10.0 MiB downloaded and verified" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void Quiet_shows_nothing_and_the_interval_comes_from_the_environment()
    {
        var error = new StringWriter();
        using (var display = Display(error, new FakeClock(), interactive: true, quiet: true))
        {
            display.Progress(new TrainingProgress(1, 1, 1, 2, 10, 1));
            display.Notice("hello");
        }
        Assert.Empty(error.ToString());

        string? saved = Environment.GetEnvironmentVariable(StatusLine.IntervalVariable);
        try
        {
            Environment.SetEnvironmentVariable(StatusLine.IntervalVariable, "5");
            Assert.Equal(TimeSpan.FromSeconds(5), StatusLine.LogIntervalFromEnvironment());
            Assert.Equal(TimeSpan.FromSeconds(5), StatusLine.LogIntervalFrom(null));
            Assert.Equal(TimeSpan.FromSeconds(12), StatusLine.LogIntervalFrom(12)); // --progress-every wins
            Environment.SetEnvironmentVariable(StatusLine.IntervalVariable, "soon");
            Assert.Equal(
                "SPARSEGPU_PROGRESS_SECONDS must be a positive number of seconds, got 'soon'",
                Assert.Throws<InvalidSettingException>(() => StatusLine.LogIntervalFromEnvironment()).Message
            );
        }
        finally
        {
            Environment.SetEnvironmentVariable(StatusLine.IntervalVariable, saved);
        }
        Assert.Equal(StatusLine.DefaultLogInterval, TimeSpan.FromSeconds(30));
    }
}
