using SparseGpu.Cli;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Analysis;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Reliability;

/// <summary>
/// The defects a hostile test found (issue 26 §4): named pipes as inputs hung in open, outputs renamed over pipes,
/// devices and symbolic links, an unbounded thread count, an unbounded sweep grid. Each test failed on the code
/// before its fix.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string EdgeList() =>
        Path.Combine(AppContext.BaseDirectory, "LinkPrediction", "Golden", "worked-example.csv");

    private string Model()
    {
        string model = _temp.File("model.ckpt");
        Network network = HandBuiltNetworks.Build(HandBuiltNetworks.Random([16, 9, 7, 4], 0.3, 21));
        CheckpointFile.Write(
            model,
            new TrainingSettings { Hidden = [9, 7], Density = 0.3 },
            new TrainingState(network)
        );
        return model;
    }

    public static TheoryData<string> FifoInputs => new() { "checkpoint", "edge list", "sweep spec", "IDX file" };

    [SkippableTheory]
    [MemberData(nameof(FifoInputs))]
    public void A_named_pipe_as_input_is_refused_at_once_instead_of_blocking(string input)
    {
        Skip.IfNot(SpecialFiles.OnUnix, "named pipes are a Unix thing");
        string fifo = input == "IDX file" ? IdxFilesWithAFifo() : _temp.File("p");
        if (input != "IDX file")
            SpecialFiles.MakeFifo(fifo);
        string[] args = input switch
        {
            "checkpoint" => ["evaluate", "--model", fifo, "--device", "cpu"],
            "edge list" => ["linkpred", "--edges", fifo],
            "sweep spec" => ["sweep", "--spec", fifo, "--out", _temp.File("s"), "--dry-run"],
            _ => ["train", "--data-dir", _temp.Path, "--no-download", "--out", _temp.File("run"), "--quiet"],
        };
        CliRunner.Result result = SpecialFiles.WithinTime(() => CliRunner.Run(args), fifo, HangLimit);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.StartsWith(
            $"error: {fifo}: not a regular file (a named pipe); give a ",
            Assert.Single(result.ErrorLines)
        );
        Assert.True(SpecialFiles.IsFifo(fifo));
    }

    /// <summary>A synthetic MNIST whose test labels are a named pipe.</summary>
    private string IdxFilesWithAFifo()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 20, test: 10);
        string labels = _temp.File("mnist", "t10k-labels-idx1-ubyte");
        File.Delete(labels);
        SpecialFiles.MakeFifo(labels);
        return labels;
    }

    public static TheoryData<string, string> Writers =>
        new()
        {
            { "linkpred", "fifo" },
            { "linkpred", "device" },
            { "linkpred", "link" },
            { "linkpred", "loop" },
            { "export", "fifo" },
            { "export", "device" },
            { "export", "link" },
            { "export", "loop" },
        };

    [SkippableTheory]
    [MemberData(nameof(Writers))]
    public void An_out_that_is_a_pipe_a_device_or_a_link_is_refused_and_left_as_it_was(string verb, string kind)
    {
        Skip.IfNot(SpecialFiles.OnUnix, "pipes, device nodes and symbolic links as Unix has them");
        string output = _temp.File("o");
        string target = _temp.File("target.csv");
        switch (kind)
        {
            case "fifo":
                SpecialFiles.MakeFifo(output);
                break;
            case "device":
                Skip.IfNot(SpecialFiles.TryMakeFullDevice(output), "making a device node needs root");
                break;
            case "link":
                File.WriteAllText(target, "keep me\n");
                File.CreateSymbolicLink(output, target);
                break;
            default:
                File.CreateSymbolicLink(output, _temp.File("loop2"));
                File.CreateSymbolicLink(_temp.File("loop2"), output);
                break;
        }
        FileKind before = FileKinds.Of(output);
        CliRunner.Result result =
            verb == "linkpred"
                ? CliRunner.Run("linkpred", "--edges", EdgeList(), "--out", output)
                : CliRunner.Run("export", "--model", Model(), "--format", "edgelist", "--out", output);

        Assert.Equal(CliApp.Failure, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: {output}: the output is ", error);
        Assert.Contains(kind is "link" or "loop" ? "a symbolic link" : "not a regular file", error);
        Assert.Equal(before, FileKinds.Of(output));
        if (kind == "link")
            Assert.Equal("keep me\n", File.ReadAllText(target));
    }

    [Fact]
    public void A_thread_count_beyond_the_cap_is_a_one_line_usage_error()
    {
        foreach (
            string[] args in new[]
            {
                new[] { "train", "--threads", "100000", "--out", _temp.File("run") },
                new[] { "robustness", "--model", Model(), "--threads", "-1", "--out", _temp.File("r") },
            }
        )
        {
            CliRunner.Result result = CliRunner.Run(args);
            Assert.Equal(CliApp.UsageError, result.ExitCode);
            Assert.StartsWith(
                $"error: --threads must be 0 (all cores) or between 1 and {CpuThreads.Max}, got ",
                Assert.Single(result.ErrorLines)
            );
        }
        Assert.False(Directory.Exists(_temp.File("run")));
    }

    private string GridSpec(int valuesPerAxis, string extra = "")
    {
        string values(double step) =>
            string.Join(",", Enumerable.Range(1, valuesPerAxis).Select(i => (i * step).ToString("R", Invariant)));
        string spec = _temp.File($"grid-{valuesPerAxis}.json");
        File.WriteAllText(
            spec,
            $$"""
            { "name": "grid", "datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], {{extra}}
              "training": { "epochs": 1, "zeta": [{{values(1e-4)}}], "learning_rate": [{{values(1e-5)}}] } }
            """
        );
        return spec;
    }

    private static readonly IFormatProvider Invariant = System.Globalization.CultureInfo.InvariantCulture;

    [Fact]
    public void A_grid_larger_than_the_limit_is_refused_before_it_is_expanded()
    {
        string spec = GridSpec(2000); // 4,000,000 runs: expanding them kept --dry-run busy for minutes
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CliRunner.Result result = CliRunner.Run("sweep", "--spec", spec, "--out", _temp.File("s"), "--dry-run");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Equal(
            $"error: {spec}: the spec expands to 4,000,000 runs, more than the limit of 10,000; set \"max_runs\" "
                + "in the spec to allow more",
            Assert.Single(result.ErrorLines)
        );
    }

    [Fact]
    public void Max_runs_in_the_spec_moves_the_limit_both_ways()
    {
        string small = GridSpec(3, "\"max_runs\": 8,");
        CliRunner.Result refused = CliRunner.Run("sweep", "--spec", small, "--out", _temp.File("a"), "--dry-run");
        Assert.Equal(CliApp.Failure, refused.ExitCode);
        Assert.Contains("expands to 9 runs, more than the limit of 8", Assert.Single(refused.ErrorLines));

        string allowed = GridSpec(3, "\"max_runs\": 9,");
        CliRunner.Result dry = CliRunner.Run("sweep", "--spec", allowed, "--out", _temp.File("b"), "--dry-run");
        Assert.True(dry.ExitCode == CliApp.Success, dry.Error);
        Assert.Equal("9 runs", dry.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim());

        string zero = GridSpec(1, "\"max_runs\": 0,");
        CliRunner.Result bad = CliRunner.Run("sweep", "--spec", zero, "--out", _temp.File("c"), "--dry-run");
        Assert.Contains("'max_runs' must be positive, got 0", Assert.Single(bad.ErrorLines));
    }
}
