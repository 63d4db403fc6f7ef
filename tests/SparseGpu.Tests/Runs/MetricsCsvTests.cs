using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Runs;

public sealed class MetricsCsvTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static EpochMetrics Epoch(int n) =>
        new(
            n,
            0.025,
            0.5,
            0.9,
            0.4,
            0.91,
            1.5,
            0.01,
            0.1,
            [new LayerMetrics(100, 50, 30, 30, 0, 30), new LayerMetrics(80, 40, 24, 24, 0, 24)]
        );

    [Fact]
    public void The_header_names_every_column_the_issue_asks_for()
    {
        Assert.Equal(
            "epoch,learning_rate,train_loss,train_accuracy,test_loss,test_accuracy,train_seconds,topology_seconds,"
                + "eval_seconds,"
                + "links_1,active_neurons_1,removed_1,regrown_1,regrown_by_score_1,regrown_random_1,"
                + "links_2,active_neurons_2,removed_2,regrown_2,regrown_by_score_2,regrown_random_2",
            MetricsCsv.Header(2)
        );
        Assert.Equal(
            "3,0.025,0.5,0.9,0.4,0.91,1.5000,0.0100,0.1000,100,50,30,30,0,30,80,40,24,24,0,24",
            MetricsCsv.Row(Epoch(3))
        );
    }

    [Fact]
    public void A_new_run_never_overwrites_existing_metrics()
    {
        string path = _temp.File("metrics.csv");
        MetricsCsv.Create(path, 2).Append(Epoch(1));
        Assert.Throws<SparseGpuException>(() => MetricsCsv.Create(path, 2));
        Assert.Equal(2, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void Resuming_keeps_rows_up_to_the_checkpoint_and_appends()
    {
        string path = _temp.File("metrics.csv");
        MetricsCsv created = MetricsCsv.Create(path, 2);
        foreach (int n in new[] { 1, 2, 3 })
            created.Append(Epoch(n));
        File.AppendAllText(path, "4,0.02"); // a row cut off by a crash
        MetricsCsv continued = MetricsCsv.Continue(path, 2, completedEpochs: 2);
        continued.Append(Epoch(3));
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(["epoch", "1", "2", "3"], lines.Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Resuming_into_a_file_with_other_columns_is_refused()
    {
        string path = _temp.File("metrics.csv");
        MetricsCsv.Create(path, 3);
        Assert.Contains(
            "columns do not match",
            Assert.Throws<SparseGpuException>(() => MetricsCsv.Continue(path, 2, 1)).Message
        );
    }
}
