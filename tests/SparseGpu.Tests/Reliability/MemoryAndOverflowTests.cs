using System.Text.RegularExpressions;
using SparseGpu.Cli;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Reliability;

/// <summary>
/// Sizes that would not fit in memory are refused with the figure before anything is allocated, and sizes that
/// overflow an int are one-line errors, never stack traces (issue 11, defects 10 and 11).
/// </summary>
public sealed class MemoryAndOverflowTests : IDisposable
{
    private const long EightGiB = 8L << 30;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string OneErrorLine(CliRunner.Result result)
    {
        Assert.NotEqual(CliApp.Success, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.DoesNotContain("   at ", result.Error);
        return line;
    }

    private string Edges(params string[] rows)
    {
        string path = _temp.File($"edges-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, ["input,output", .. rows]);
        return path;
    }

    [Fact]
    public void A_network_beyond_the_machines_memory_is_refused_with_the_figure()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 40, test: 20);
        string run = _temp.File("huge");
        CliRunner.Result result;
        using (MemoryBudget.Pretend(EightGiB))
            result = CliRunner.Run(
                "train",
                "--hidden",
                "100000000",
                "--data-dir",
                _temp.Path,
                "--no-download",
                "--out",
                run,
                "--quiet"
            );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Matches(
            @"^error: a 784-100000000-10 network at density 0\.01 needs about \d+\.\d GiB of memory; "
                + @"this machine offers 8\.0 GiB$",
            OneErrorLine(result)
        );
        Assert.False(Directory.Exists(run), "a refused run must not leave a run directory");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0.9")]
    public void A_dense_or_high_density_network_beyond_the_machines_memory_is_one_line_naming_need_and_limit(
        string density
    )
    {
        // 784-40000-40000-10 at density 1: 1.63·10⁹ links, which fit an int but not 8 GiB. Before the fix the
        // rounding of density 1 refused it as "--fan-in is at most its 40000 inputs".
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 40, test: 20);
        string run = _temp.File("dense");
        CliRunner.Result result;
        using (MemoryBudget.Pretend(EightGiB))
            result = CliRunner.Run(
                "train",
                "--hidden",
                "40000,40000",
                "--density",
                density,
                "--data-dir",
                _temp.Path,
                "--no-download",
                "--out",
                run,
                "--quiet"
            );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Matches(
            $@"^error: a 784-40000-40000-10 network at density {Regex.Escape(density)} needs about \d+\.\d GiB of "
                + @"memory; this machine offers 8\.0 GiB$",
            OneErrorLine(result)
        );
        Assert.False(Directory.Exists(run), "a refused run must not leave a run directory");
    }

    [Fact]
    public void Bench_refuses_a_network_beyond_the_machines_memory_before_building_it()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 40, test: 20);
        CliRunner.Result result;
        using (MemoryBudget.Pretend(EightGiB))
            result = CliRunner.Run("bench", "--hidden", "300000,300000", "--data-dir", _temp.Path, "--device", "cpu");
        Assert.Matches(
            @"^error: a 784-300000-300000-10 network at density 0\.01 needs about \d+\.\d GiB of memory; "
                + @"this machine offers 8\.0 GiB$",
            OneErrorLine(result)
        );
    }

    [Fact]
    public void A_checkpoint_whose_network_exceeds_the_machines_memory_is_refused_before_it_is_evaluated()
    {
        // A model trained on a larger machine: its links fit in the file, but evaluating it needs more than is here.
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 40, test: 20);
        var settings = new TrainingSettings
        {
            Hidden = [256],
            Density = 0.1,
            Epochs = 1,
        };
        string model = _temp.File("model.ckpt");
        Network network = NetworkFactory.Create(settings.Shape(784, 10), settings.Seed);
        CheckpointFile.Write(model, settings, new TrainingState(network));
        CliRunner.Result result;
        using (MemoryBudget.Pretend(1 << 20))
            result = CliRunner.Run(
                "evaluate",
                "--model",
                model,
                "--device",
                "cpu",
                "--data-dir",
                _temp.Path,
                "--no-download"
            );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Matches(
            $@"^error: {Regex.Escape(model)}: the 784-256-10 network needs about \d+\.\d MiB of memory; "
                + @"this machine offers 1\.0 MiB$",
            OneErrorLine(result)
        );
    }

    [Fact]
    public void Four_links_with_a_huge_id_are_refused_before_the_layer_is_built()
    {
        string edges = Edges("0,0", "1,1", "2,0", $"{(1 << 30) - 1},3");
        long before = GC.GetAllocatedBytesForCurrentThread();
        CliRunner.Result result;
        using (MemoryBudget.Pretend(EightGiB))
            result = CliRunner.Run("linkpred", "--edges", edges);
        Assert.True(
            GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20,
            "nothing of the layer's size may be allocated"
        );
        Assert.Matches(
            @"^error: scoring a 1073741824x4 layer needs about \d+\.\d GiB of memory; this machine offers 8\.0 GiB$",
            OneErrorLine(result)
        );
    }

    [Theory]
    [InlineData("2147483647,0", "input id 2147483647 is too large (at most 2147483646)")]
    [InlineData("0,2147483647", "output id 2147483647 is too large (at most 2147483646)")]
    [InlineData("2147483648,0", "input id '2147483648' is not an integer")]
    public void Link_ids_near_two_to_the_31_are_one_line_errors(string row, string reason)
    {
        string edges = Edges("0,0", row);
        Assert.Equal($"error: {edges}:3: {reason}", OneErrorLine(CliRunner.Run("linkpred", "--edges", edges)));
    }

    [Fact]
    public void A_level_step_that_gives_more_levels_than_an_int_holds_is_an_error() =>
        Assert.Equal(
            "error: --levels '0:1:1e-300' gives 1E+300 levels; at most 10000; see sparsegpu robustness --help",
            OneErrorLine(
                CliRunner.Run(
                    "robustness",
                    "--model",
                    _temp.File("any.ckpt"),
                    "--levels",
                    "0:1:1e-300",
                    "--out",
                    _temp.File("r")
                )
            )
        );

    [Fact]
    public void A_read_out_with_more_links_than_an_int_holds_is_an_error()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 40, test: 20);
        CliRunner.Result result = CliRunner.Run(
            "train",
            "--hidden",
            "300000000",
            "--density",
            "1e-6",
            "--data-dir",
            _temp.Path,
            "--no-download",
            "--out",
            _temp.File("run"),
            "--quiet"
        );
        Assert.Equal(
            "error: --hidden 300000000: the dense read-out would have 3000000000 links (at most 2147483647)",
            OneErrorLine(result)
        );
    }
}
