using System.Globalization;
using System.Text.Json;
using SparseGpu.Cli;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Kernels;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Runs;

/// <summary>events.jsonl (one JSON object per line, each with a type and a time) and config.json's command
/// line.</summary>
public sealed class RunEventLogTests : IDisposable
{
    /// <summary>config.json's keys as written before command_line existed, in their order.</summary>
    private static readonly string[] ConfigKeysBefore =
    [
        "program",
        "program_version",
        "written_utc",
        "settings",
        "device",
        "device_description",
        "data_source",
        "train_images",
        "test_images",
        "checkpoint_every",
        "resumed_from",
        "resumed_at_epoch",
    ];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string[] Train(params string[] extra) =>
        [
            "train",
            "--data-dir",
            _temp.File("data"),
            "--no-download",
            "--out",
            _temp.File("run"),
            "--hidden",
            "60,40",
            "--density",
            "0.1",
            "--batch-size",
            "16",
            "--device",
            "cpu",
            .. extra,
        ];

    [Fact]
    public void A_run_logs_start_epochs_updates_checkpoints_snapshots_and_end_one_json_object_a_line()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 160, test: 50);
        string[] arguments = Train("--epochs", "2", "--checkpoint-every", "2", "--snapshot-every", "1");
        Assert.Equal(CliApp.Success, CliRunner.Run(arguments).ExitCode);
        var run = new RunDirectory(_temp.File("run"));
        JsonElement[] events = ReadEvents(run.Events);

        Assert.Equal(
            [
                "run_start",
                "snapshot",
                "epoch",
                "checkpoint",
                "snapshot",
                "topology_update",
                "epoch",
                "checkpoint",
                "checkpoint",
                "snapshot",
                "run_end",
            ],
            events.Select(e => e.GetProperty("type").GetString())
        );
        JsonElement start = events[0];
        Assert.Equal(["sparsegpu", .. arguments], Strings(start.GetProperty("command_line")));
        Assert.Equal("mnist", start.GetProperty("dataset").GetString());
        Assert.Equal(run.Path, start.GetProperty("run_directory").GetString());

        // The epochs' numbers are metrics.csv's, the update's counts its removed_k / regrown_k of epoch 2.
        string[] header = File.ReadAllLines(run.Metrics)[0].Split(',');
        string[][] rows = File.ReadAllLines(run.Metrics).Skip(1).Select(l => l.Split(',')).ToArray();
        JsonElement[] epochs = events.Where(e => e.GetProperty("type").GetString() == "epoch").ToArray();
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(i + 1, epochs[i].GetProperty("epoch").GetInt32());
            Assert.Equal(Column(rows[i], header, "test_accuracy"), epochs[i].GetProperty("test_accuracy").GetDouble());
            Assert.Equal(Column(rows[i], header, "train_loss"), epochs[i].GetProperty("train_loss").GetDouble());
        }
        JsonElement update = events[5];
        Assert.Equal(2, update.GetProperty("epoch").GetInt32());
        JsonElement[] layers = update.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(2, layers.Length);
        for (int k = 0; k < 2; k++)
        {
            Assert.True(layers[k].GetProperty("removed").GetInt32() > 0);
            Assert.Equal(Column(rows[1], header, $"removed_{k + 1}"), layers[k].GetProperty("removed").GetInt32());
            Assert.Equal(Column(rows[1], header, $"regrown_{k + 1}"), layers[k].GetProperty("regrown").GetInt32());
        }
        Assert.Equal("checkpoint-epoch-0002.ckpt", events[8].GetProperty("file").GetString());
        JsonElement end = events[^1];
        Assert.Equal("completed", end.GetProperty("outcome").GetString());
        Assert.Equal(2, end.GetProperty("completed_epochs").GetInt32());
        Assert.Equal(epochs[1].GetProperty("test_accuracy").GetDouble(), end.GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public void A_resumed_run_appends_to_the_log_and_marks_the_resume()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 160, test: 50);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Equal(CliApp.Interrupted, CliRunner.Run(cancelled.Token, Train("--epochs", "2")).ExitCode);
        var run = new RunDirectory(_temp.File("run"));
        string[] before = File.ReadAllLines(run.Events);
        JsonElement[] interrupted = ReadEvents(run.Events);
        Assert.Equal(
            ["run_start", "checkpoint", "run_end"],
            interrupted.Select(e => e.GetProperty("type").GetString())
        );
        Assert.Equal("interrupted", interrupted[^1].GetProperty("outcome").GetString());

        string[] resume = ["train", "--resume", run.Model, "--data-dir", _temp.File("data"), "--no-download"];
        Assert.Equal(CliApp.Success, CliRunner.Run([.. resume, "--device", "cpu"]).ExitCode);
        string[] after = File.ReadAllLines(run.Events);
        Assert.Equal(before, after.Take(before.Length));
        JsonElement[] events = ReadEvents(run.Events);
        JsonElement restart = events[before.Length];
        Assert.Equal("run_start", restart.GetProperty("type").GetString());
        Assert.Equal(["sparsegpu", .. resume, "--device", "cpu"], Strings(restart.GetProperty("command_line")));
        JsonElement marked = events[before.Length + 1];
        Assert.Equal("resume", marked.GetProperty("type").GetString());
        Assert.Equal(run.Model, marked.GetProperty("from").GetString());
        Assert.Equal(0, marked.GetProperty("completed_epochs").GetInt32());
        Assert.Equal("completed", events[^1].GetProperty("outcome").GetString());
        Assert.Equal(2, events.Count(e => e.GetProperty("type").GetString() == "epoch"));
    }

    [Fact]
    public void Config_json_records_the_command_line_last_and_keeps_its_other_keys_in_order()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 80, test: 20);
        string[] arguments = Train("--epochs", "1");
        Assert.Equal(CliApp.Success, CliRunner.Run(arguments).ExitCode);
        var run = new RunDirectory(_temp.File("run"));
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(run.Config));
        string[] keys = config.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal([.. ConfigKeysBefore, "command_line"], keys);
        Assert.Equal(["sparsegpu", .. arguments], Strings(config.RootElement.GetProperty("command_line")));
    }

    [Fact]
    public void A_run_whose_config_json_has_no_command_line_resumes()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 80, test: 20);
        Assert.Equal(CliApp.Success, CliRunner.Run(Train("--epochs", "1")).ExitCode);
        var run = new RunDirectory(_temp.File("run"));
        // config.json as the program wrote it before the command line was recorded.
        using (JsonDocument config = JsonDocument.Parse(File.ReadAllText(run.Config)))
        {
            var old = config.RootElement.EnumerateObject().Where(p => p.Name != "command_line");
            File.WriteAllText(run.Config, JsonSerializer.Serialize(old.ToDictionary(p => p.Name, p => p.Value)));
        }
        Assert.Equal(
            CliApp.Success,
            CliRunner
                .Run(
                    "train",
                    "--resume",
                    run.Model,
                    "--epochs",
                    "2",
                    "--data-dir",
                    _temp.File("data"),
                    "--no-download",
                    "--device",
                    "cpu"
                )
                .ExitCode
        );
        Assert.Equal(2, ReadEvents(run.Events).Count(e => e.GetProperty("type").GetString() == "run_end"));
        Assert.Equal(
            CliApp.Success,
            CliRunner.Run("plot", "training", "--runs", run.Path, "--out", _temp.File("t.png")).ExitCode
        );
    }

    [Fact]
    public void An_unfinished_last_line_is_dropped_when_the_log_is_opened_again()
    {
        string path = _temp.File("events.jsonl");
        var times = new Queue<DateTime>([new DateTime(2026, 12, 6, 21, 0, 0, DateTimeKind.Utc)]);
        using (RunEventLog log = RunEventLog.Open(path, () => times.Peek()))
            log.Write("epoch", new { epoch = 1, test_loss = double.NaN });
        File.AppendAllText(path, "{\"type\":\"epo");
        using (RunEventLog log = RunEventLog.Open(path, () => times.Peek()))
            log.Write("run_end", new { outcome = "completed" });
        Assert.Equal(
            [
                "{\"type\":\"epoch\",\"time\":\"2026-12-06T21:00:00.000Z\",\"epoch\":1,\"test_loss\":\"NaN\"}",
                "{\"type\":\"run_end\",\"time\":\"2026-12-06T21:00:00.000Z\",\"outcome\":\"completed\"}",
            ],
            File.ReadAllLines(path)
        );
    }

    [Fact]
    public void Each_line_is_in_the_file_as_soon_as_it_is_written()
    {
        string path = _temp.File("events.jsonl");
        using RunEventLog log = RunEventLog.Open(path);
        log.Write("epoch", new { epoch = 1 });
        Assert.Single(ReadWhileOpen(path));
        log.Write("epoch", new { epoch = 2 });
        Assert.Equal(2, ReadWhileOpen(path).Length);
    }

    /// <summary>What `tail -f` sees while the run still holds the log open.</summary>
    private static string[] ReadWhileOpen(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [SkippableFact]
    public void Python_reads_every_line_as_an_object_with_a_type_and_a_time()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 80, test: 20);
        Assert.Equal(CliApp.Success, CliRunner.Run(Train("--epochs", "2")).ExitCode);
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3", "python3");
        const string Check =
            "import json, sys, datetime\n"
            + "lines = open(sys.argv[1]).read().split('\\n')\n"
            + "assert lines[-1] == '', 'the last line ends the file'\n"
            + "for line in lines[:-1]:\n"
            + "    event = json.loads(line)\n"
            + "    assert isinstance(event, dict) and isinstance(event['type'], str), line\n"
            + "    datetime.datetime.strptime(event['time'], '%Y-%m-%dT%H:%M:%S.%fZ')\n"
            + "print(len(lines) - 1)\n";
        ToolRun.Result result = ToolRun.Run(python, ["-c", Check, new RunDirectory(_temp.File("run")).Events]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(
            File.ReadAllLines(new RunDirectory(_temp.File("run")).Events).Length.ToString(CultureInfo.InvariantCulture),
            result.Output.Trim()
        );
    }

    /// <summary>Every line parsed strictly; each must be an object with a string type and a UTC time.</summary>
    private static JsonElement[] ReadEvents(string path)
    {
        string text = File.ReadAllText(path);
        Assert.EndsWith("\n", text);
        return text.TrimEnd('\n')
            .Split('\n')
            .Select(line =>
            {
                using JsonDocument document = JsonDocument.Parse(line);
                JsonElement e = document.RootElement.Clone();
                Assert.Equal(JsonValueKind.Object, e.ValueKind);
                Assert.Equal(JsonValueKind.String, e.GetProperty("type").ValueKind);
                DateTime time = DateTime.Parse(
                    e.GetProperty("time").GetString()!,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal
                );
                Assert.True(time.Year >= 2026);
                return e;
            })
            .ToArray();
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static double Column(string[] row, string[] header, string name) =>
        double.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
}
