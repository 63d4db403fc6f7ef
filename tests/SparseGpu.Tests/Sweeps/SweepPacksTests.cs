using SparseGpu.Sweeps;
using SparseGpu.Training;

namespace SparseGpu.Tests.Sweeps;

/// <summary>How `sweep --pack` cuts the runs into packs (<see cref="SweepPacks"/>).</summary>
public sealed class SweepPacksTests
{
    private static readonly TrainingStart New = new(true, 0, 0);

    private static (RunPlan, TrainingStart) Run(
        int index,
        string dataset = "mnist",
        string method = "rlr",
        int batch = 32,
        TrainingStart? start = null
    )
    {
        var settings = new TrainingSettings
        {
            Dataset = dataset,
            Regrowth = method,
            Seed = (ulong)index,
            BatchSize = batch,
        };
        return (new RunPlan(index, $"run-{index}", dataset, method, (ulong)index, settings, null), start ?? New);
    }

    private static int[][] Packs(int size, params (RunPlan, TrainingStart)[] runs) =>
        SweepPacks.Group(runs, size).Select(p => p.ToArray()).ToArray();

    [Fact]
    public void Runs_differing_in_method_and_seed_fill_packs_of_the_size_in_order()
    {
        Assert.Equal(
            [
                [0, 1, 2],
                [3, 4],
            ],
            Packs(3, Run(0), Run(1, method: "ch3l3"), Run(2), Run(3, method: "none"), Run(4))
        );
        Assert.Equal(
            [
                [0],
                [1],
                [2],
            ],
            Packs(1, Run(0), Run(1), Run(2))
        );
    }

    [Fact]
    public void A_run_of_another_setting_data_set_or_start_goes_into_another_pack()
    {
        Assert.Equal(
            [
                [0, 2],
                [1, 4],
                [3],
                [5],
            ],
            Packs(
                4,
                Run(0),
                Run(1, batch: 16),
                Run(2),
                Run(3, dataset: "fashion-mnist"),
                Run(4, batch: 16),
                Run(5, start: new TrainingStart(true, 1, 64))
            )
        );
    }

    [Fact]
    public void A_run_with_nothing_left_to_train_is_a_pack_of_its_own()
    {
        var done = new TrainingStart(false, 3, 0);
        Assert.Equal(
            [
                [0, 2],
                [1],
                [3],
            ],
            Packs(4, Run(0), Run(1, start: done), Run(2), Run(3, start: done))
        );
    }
}
