using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Decays_linearly_to_one_percent_over_ninety_percent_of_the_epochs()
    {
        Assert.Equal(0.025, LearningRateSchedule.Rate(0.025, 0, 10), 12);
        Assert.Equal(0.025 * (1 - 0.99 * 5 / 9.0), LearningRateSchedule.Rate(0.025, 5, 10), 12);
        Assert.Equal(0.00025, LearningRateSchedule.Rate(0.025, 9, 10), 12);
        Assert.Equal(0.00025, LearningRateSchedule.Rate(0.025, 95, 100), 12); // flat after 90%
        Assert.Equal(0.025, LearningRateSchedule.Rate(0.025, 0, 1), 12);
    }

    [Fact]
    public void The_epoch_order_is_a_seeded_permutation()
    {
        int[] order = Trainer.EpochOrder(3, 0, 1000);
        Assert.Equal(Enumerable.Range(0, 1000), order.Order());
        Assert.Equal(order, Trainer.EpochOrder(3, 0, 1000));
        Assert.NotEqual(order, Trainer.EpochOrder(3, 1, 1000));
        Assert.NotEqual(order, Trainer.EpochOrder(4, 0, 1000));
    }
}
