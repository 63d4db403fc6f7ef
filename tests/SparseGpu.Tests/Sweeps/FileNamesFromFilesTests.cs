using SparseGpu.Cli;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>Names read from result files become file names of figures: a crafted name must not escape --out.</summary>
public sealed class FileNamesFromFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string Header =
        "model,method,dataset,seed,perturbation,level,repeat,accuracy,loss,links_remaining,active_neurons";

    private string RobustnessCsv(string perturbation = "random", string method = "rlr", string dataset = "mnist")
    {
        string path = _temp.File($"robustness-{Guid.NewGuid():N}.csv");
        File.WriteAllText(
            path,
            $"{Header}\nm.ckpt,{method},{dataset},1,{perturbation},0,0,0.9,0.1,10,5\nm.ckpt,{method},{dataset},1,"
                + $"{perturbation},1,0,0.1,2,0,0\n"
        );
        return path;
    }

    [Theory]
    [InlineData("../../escaped", "rlr", "mnist", "perturbation")]
    [InlineData("random", "../escaped", "mnist", "method")]
    [InlineData("random", "rlr", "/tmp/escaped", "data set")]
    public void Plot_robustness_refuses_a_name_that_is_not_a_plain_file_name(
        string perturbation,
        string method,
        string dataset,
        string what
    )
    {
        string csv = RobustnessCsv(perturbation, method, dataset);
        string output = _temp.File("plots", "deep");
        CliRunner.Result result = CliRunner.Run("plot", "robustness", "--input", csv, "--out", output);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: {csv}:2: the {what} name", result.ErrorLines[0]);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.png", SearchOption.AllDirectories));
    }

    [Fact]
    public void Sweep_aggregate_refuses_a_crafted_perturbation_name_and_writes_nothing_outside_its_directory()
    {
        string sweep = GoldenSweep.CopyTo(_temp.File("sweep"));
        string csv = Path.Combine(sweep, "runs", "mnist-rlr-seed1-aaaa0001", "robustness", "robustness.csv");
        File.WriteAllText(csv, File.ReadAllText(csv).Replace(",random,", ",../../../escaped,"));
        CliRunner.Result result = CliRunner.Run("sweep", "aggregate", "--out", sweep);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*escaped*", SearchOption.AllDirectories));
        Assert.Contains(result.ErrorLines, l => l.Contains($"{csv}:2: the perturbation name '../../../escaped'"));
    }

    [Theory]
    [InlineData("\"mnist\"", "data set")]
    [InlineData("\"rlr\"", "method")]
    public void Sweep_aggregate_refuses_a_crafted_name_in_a_config(string value, string what)
    {
        string sweep = GoldenSweep.CopyTo(_temp.File("sweep"));
        string config = Path.Combine(sweep, "runs", "mnist-rlr-seed1-aaaa0001", "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace(value, "\"../../escaped\""));
        CliRunner.Result result = CliRunner.Run("sweep", "aggregate", "--out", sweep);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*escaped*", SearchOption.AllDirectories));
        Assert.Contains(result.ErrorLines, l => l.Contains($"{config}: the {what} name '../../escaped'"));
    }
}
