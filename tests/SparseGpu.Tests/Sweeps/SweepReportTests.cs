using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using SkiaSharp;
using SparseGpu.Cli;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>`sweep report`'s HTML page, rendered by headless Chromium; complete.json's settings as a JSON
/// object.</summary>
public sealed class SweepReportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Golden => Path.Combine(AppContext.BaseDirectory, "Sweeps", "Golden");

    private string GoldenSweepCopy()
    {
        string copy = _temp.File("sweep");
        foreach (string file in Directory.GetFiles(Path.Combine(Golden, "sweep"), "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(copy, Path.GetRelativePath(Path.Combine(Golden, "sweep"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return copy;
    }

    [SkippableFact]
    public void A_run_file_that_is_a_device_is_never_read_into_the_report()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "needs /dev/zero");
        string sweep = GoldenSweepCopy();
        string config = Path.Combine(sweep, "runs", "mnist-rlr-seed2-aaaa0002", "config.json");
        File.Delete(config);
        File.CreateSymbolicLink(config, "/dev/zero");
        string complete = Path.Combine(sweep, "runs", "mnist-rlr-seed1-aaaa0001", "complete.json");
        File.Delete(complete);
        File.CreateSymbolicLink(complete, "/dev/zero");

        Assert.Contains(
            "not a regular file",
            Assert.IsType<string>(MarkerFile.Read(complete).Damage),
            StringComparison.Ordinal
        );
        // The damaged marker makes that run not complete; the device config makes that run unreadable: named, the
        // others reported, and the exit code says the tables are not whole.
        CliRunner.Result result = CliRunner.Run("sweep", "report", "--out", sweep);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains($"{config}: not a regular file", StringComparison.Ordinal));
        Assert.Equal(
            "error: 1 of 3 complete runs could not be read (listed above); the tables cover the other 2",
            result.ErrorLines[^1]
        );
        Assert.True(File.Exists(Path.Combine(sweep, "aggregate", "report.html")));
    }

    [Fact]
    public void The_report_is_one_page_with_tables_claims_and_every_figure_embedded()
    {
        string sweep = GoldenSweepCopy();
        string claims = _temp.File("RESULTS.md");
        File.WriteAllText(
            claims,
            "# Study\n\nintro\n\n## The published claims\n\n| # | claim | verdict |\n|---|---|---|\n"
                + "| 1 | removing the largest-|w| links is **damaging** | holds |\n\n## Other\n\nnot shown\n"
        );
        CliRunner.Result result = CliRunner.Run("sweep", "report", "--out", sweep, "--claims", claims);
        Assert.Equal(CliApp.Success, result.ExitCode);
        string page = Path.Combine(sweep, "aggregate", "report.html");
        Assert.Equal(page, result.Output.Trim());
        string html = File.ReadAllText(page);

        Assert.Contains("<h2>Accuracy</h2>", html);
        Assert.Contains("<h2>Robustness</h2>", html);
        Assert.Contains("<td>removing the largest-|w| links is <strong>damaging</strong></td><td>holds</td>", html);
        Assert.DoesNotContain("not shown", html);
        Assert.Contains(ProgramInfo.Version, html);
        Assert.Contains("report made on", html);
        List<string> figures = SweepReport.Figures(Path.Combine(sweep, "aggregate"));
        Assert.Contains(figures, f => f.EndsWith("training-mnist.png", StringComparison.Ordinal));
        Assert.Contains(
            figures,
            f => f.EndsWith(Path.Combine("robustness-mnist", "robustness-grid.png"), StringComparison.Ordinal)
        );
        Assert.Equal(figures.Count, Regex.Matches(html, "<img [^>]*src=\"data:image/png;base64,").Count);
        Assert.DoesNotMatch("src=\"(?!data:)", html); // nothing outside the page
    }

    /// <summary>Two rows of the protocol study's verdicts.csv (issue 29's columns) and its across-cells row.</summary>
    private const string Verdicts =
        "spec,cell,claim,verdict,threshold_verdict,numbers,test,seeds,effect,margin,ci_t_low,ci_t_high,"
        + "ci_bootstrap_low,ci_bootstrap_high,p_welch,p_paired,p,p_holm,holm_family,seeds_needed,sign_cells_for,"
        + "sign_cells,p_sign\n"
        + "grid,\"fashion-mnist, weight_decay=1e-5\",5b,not resolved at n = 3 (n = 12 needed),holds,"
        + "RLR 51.00 ± 2.27 vs CH3L3 44.28 ± 4.22,paired t,3,6.72,0,-4.772700011,18.21270001,2.97,11.89,"
        + "0.09170180474,0.1282839,0.1282839,1,20,12,,,\n"
        + "grid,\"mnist, weight_decay=1e-3\",5a,holds,holds,RLR 96.1,one-sample t,3,0.99,0.9,0.98,1.0,0.985,0.995,"
        + ",,1.2e-05,0.00024,20,,,,\n"
        + "grid,across cells,5b,holds in 0 of 20 cells; 14 fail,,,,,,,,,,,,,,,,,14,20,0.1153183\n";

    [Fact]
    public void The_report_shows_each_verdict_with_its_intervals_and_marks_the_unresolved_ones()
    {
        string sweep = GoldenSweepCopy();
        File.WriteAllText(Path.Combine(sweep, VerdictTable.FileName), Verdicts);
        Assert.Equal(CliApp.Success, CliRunner.Run("sweep", "report", "--out", sweep).ExitCode);
        string html = File.ReadAllText(Path.Combine(sweep, "aggregate", "report.html"));

        Assert.Contains("<h2>Verdicts</h2>", html);
        Assert.Contains("<td class=\"open\">holds → not resolved at n = 3 (n = 12 needed)</td>", html);
        Assert.Contains("<td class=\"n\">6.72 (0)</td><td class=\"n\">[-4.773, 18.21]</td>", html);
        Assert.Contains("<td class=\"n\">[2.97, 11.89]</td><td>paired t</td><td class=\"n\">0.1283</td>", html);
        Assert.Contains("<td class=\"n\">1 (20)</td>", html); // Holm's p and the family it corrects over
        Assert.Contains("<td>holds</td>", html); // the resolved verdict is not marked
        Assert.Contains("<td>14 of 20 cells on the claim&#39;s side, p = 0.1153</td>", html);
    }

    [Fact]
    public void A_verdicts_file_without_a_verdict_column_is_a_one_line_error()
    {
        string sweep = GoldenSweepCopy();
        string verdicts = _temp.File("verdicts.csv");
        File.WriteAllText(verdicts, "spec,cell,claim\ngrid,mnist,1\n");
        CliRunner.Result result = CliRunner.Run("sweep", "report", "--out", sweep, "--verdicts", verdicts);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        // The aggregate's one-line summary comes first; the file's problem is the one error.
        Assert.Equal(
            [$"error: {verdicts}: the verdicts file has no 'verdict' column"],
            result.ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal))
        );
        Assert.Equal($"error: {verdicts}: the verdicts file has no 'verdict' column", result.ErrorLines[^1]);
    }

    [SkippableFact]
    public void Headless_chromium_renders_the_report_with_every_figure_loaded()
    {
        string chromium = ExternalTool.Require("headless Chromium", "chromium", "chromium-browser", "google-chrome");
        string sweep = GoldenSweepCopy();
        Assert.Equal(CliApp.Success, CliRunner.Run("sweep", "report", "--out", sweep).ExitCode);
        string page = new Uri(Path.Combine(sweep, "aggregate", "report.html")).AbsoluteUri;
        int images = SweepReport.Figures(Path.Combine(sweep, "aggregate")).Count;

        string dom = Chromium(chromium, "--dump-dom", page);
        Assert.Contains($"data-figures=\"loaded {images}\"", dom);

        string screenshot = _temp.File("report.png");
        Chromium(chromium, $"--screenshot={screenshot}", "--window-size=1280,2400", page);
        using SKBitmap shot =
            SKBitmap.Decode(screenshot) ?? throw new InvalidOperationException("the screenshot does not decode");
        int inked = 0,
            total = 0;
        var colours = new HashSet<uint>();
        for (int y = 0; y < shot.Height; y += 4)
        for (int x = 0; x < shot.Width; x += 4)
        {
            SKColor c = shot.GetPixel(x, y);
            total++;
            if (c.Red + c.Green + c.Blue < 3 * 235)
                inked++;
            colours.Add((uint)c);
        }
        Assert.True(inked > total / 50, $"only {inked} of {total} sampled pixels are not white: the page looks blank");
        Assert.True(colours.Count > 50, $"only {colours.Count} colours in the screenshot: the figures did not render");
    }

    [Fact]
    public void Complete_json_records_the_robustness_settings_as_an_object_and_old_string_keys_still_count()
    {
        string spec = _temp.File("spec.json");
        File.WriteAllText(
            spec,
            """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustness": """
                + """{"levels": "0,1", "repeats": 2}}"""
        );
        RunPlan run = SweepPlan.Expand(SweepSpec.Read(spec))[0];
        var folder = new RunFolder(_temp.File("out"), run);
        Directory.CreateDirectory(folder.Path);
        folder.MarkComplete(1, 2);
        using (JsonDocument marker = JsonDocument.Parse(File.ReadAllText(folder.CompleteMarker)))
        {
            JsonElement robustness = marker.RootElement.GetProperty("robustness");
            Assert.Equal(JsonValueKind.Object, robustness.ValueKind);
            Assert.Equal("0,1", robustness.GetProperty("levels").GetString());
            Assert.Equal(2, robustness.GetProperty("repeats").GetInt32());
            Assert.False(marker.RootElement.TryGetProperty("robustness_key", out _));
        }
        Assert.Equal(RunState.Done, folder.Status().State);

        // As versions before this one wrote it: the settings as an escaped JSON string.
        string oldKey = JsonSerializer.Serialize(run.Robustness, JsonFormat.Options).ReplaceLineEndings("");
        File.WriteAllText(
            folder.CompleteMarker,
            JsonSerializer.Serialize(new { id = run.Id, robustness_key = oldKey })
        );
        Assert.Equal(RunState.Done, folder.Status().State);
        File.WriteAllText(
            folder.CompleteMarker,
            JsonSerializer.Serialize(new { id = run.Id, robustness_key = oldKey.Replace("0,1", "0,0.5,1") })
        );
        Assert.NotEqual(RunState.Done, folder.Status().State);
    }

    private string Chromium(string chromium, params string[] args)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (
            string a in new[]
            {
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                $"--user-data-dir={_temp.File("chromium-profile")}",
            }
        )
            start.ArgumentList.Add(a);
        foreach (string a in args)
            start.ArgumentList.Add(a);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium {string.Join(" ", args)} did not finish in 120 s");
        }
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {error.Result}");
        return output.Result;
    }
}
