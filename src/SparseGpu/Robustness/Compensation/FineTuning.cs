using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Training;

namespace SparseGpu.Robustness.Compensation;

/// <summary>
/// `--finetune-steps N` / `--finetune-epochs E`: SGD steps on the model's own training images (the training split
/// cut to its --train-limit, less its --validation hold-out) with the training's batch size, momentum and weight
/// decay, at the rate its learning-rate schedule ended on (the last epoch's), so fine-tuning continues training
/// where it stopped. E epochs are E · ⌈images / batch⌉ steps. Only the damaged network's links train: no topology
/// update runs, so a removed link stays removed; momentum starts at zero (a damaged network has none). Passes over
/// the images follow orders drawn from (model seed, <see cref="RandomPurpose.Compensation"/>, repeat, level index)
/// then (that, the perturbation's name, pass), so a level's fine-tuning does not depend on which other levels,
/// perturbations or models the sweep runs, and on the CPU path reproduces bit for bit at any thread count.
/// </summary>
public sealed class FineTuning(INetworkEngine engine, int? steps, int? epochs)
{
    private ImageSet? _resident;

    public Network Apply(Network damaged, ImageSet train, TrainingSettings training, DamageContext context)
    {
        int batch = training.BatchSize;
        int total = steps ?? checked(epochs!.Value * ((train.Count + batch - 1) / batch));
        if (total == 0)
            return damaged;
        if (!ReferenceEquals(_resident, train))
        {
            engine.SetTrainingSet(train);
            _resident = train;
        }
        double rate = LearningRateSchedule.Rate(
            training.LrSchedule,
            training.LearningRate,
            training.Epochs - 1,
            training.Epochs
        );
        var step = new SgdStep((float)rate, (float)training.Momentum, (float)training.WeightDecay);
        Network tuned = damaged.Clone();
        foreach (Layer layer in tuned.Layers)
        {
            Array.Clear(layer.WeightVelocity);
            Array.Clear(layer.BiasVelocity);
        }
        engine.LoadNetwork(tuned);
        int position = train.Count,
            pass = 0;
        for (int s = 0; s < total; s++)
        {
            if (position >= train.Count)
            {
                engine.BeginEpoch(Order(context, pass++, train.Count));
                position = 0;
            }
            int count = Math.Min(batch, train.Count - position);
            engine.TrainBatch(position, count, step);
            position += count;
        }
        engine.StoreNetwork(tuned);
        return tuned;
    }

    /// <summary>The order of fine-tuning pass <paramref name="pass"/> (0-based) of one level.</summary>
    public static int[] Order(DamageContext context, int pass, int count)
    {
        ulong level = RandomStreams
            .Derive(context.Seed, RandomPurpose.Compensation, context.Repeat, context.LevelIndex)
            .NextUInt64();
        int[] order = Enumerable.Range(0, count).ToArray();
        RandomStreams
            .Derive(level ^ NameKey(context.Perturbation), RandomPurpose.Compensation, pass, 1)
            .Shuffle(order.AsSpan());
        return order;
    }

    /// <summary>FNV-1a of the perturbation's name: names are fixed forever, as stream ids are.</summary>
    private static ulong NameKey(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name)
            h = (h ^ c) * 1099511628211UL;
        return h;
    }
}
