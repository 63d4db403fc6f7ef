using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Cpu;
using SparseGpu.Engines.Reference;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

/// <summary>
/// What the method tests that drive the real <see cref="Trainer"/> on every engine share (<see
/// cref="ChtsTrainingTests"/>, <see cref="RiglTrainingTests"/>, <see cref="TopologyMethodTrainingTests"/>): a
/// network and a synthetic MNIST cut small enough for the ILGPU CPU accelerator, the initial state of a setting,
/// and the engines by name.
/// </summary>
internal static class SmallTrainerRuns
{
    /// <summary>Small enough for the ILGPU CPU accelerator: 784-12-10-10 at density 0.2, 3 epochs of 4 batches of 16
    /// on <see cref="Data"/>'s 64 training images, seed 11, the default method.</summary>
    public static readonly TrainingSettings Settings = new()
    {
        Hidden = [12, 10],
        Density = 0.2,
        Epochs = 3,
        BatchSize = 16,
        Seed = 11,
    };

    /// <summary>64 training and 20 test images of a synthetic MNIST written into
    /// <paramref name="directory"/>.</summary>
    public static (ImageSet Train, ImageSet Test) Data(string directory)
    {
        IdxFiles.WriteSyntheticMnist(directory, train: 200, test: 60);
        DatasetSplits data = DatasetLoader.Load(directory, DatasetCatalog.MnistInfo);
        return (data.Train.Take(64), data.Test.Take(20));
    }

    public static TrainingState NewState(TrainingSettings settings, ImageSet train) =>
        new(NetworkFactory.Create(settings.InitialShape(train.InputSize, train.Classes), settings.Seed));

    /// <summary>reference, cpu (the fast CPU path on one thread), cpu-N (on N threads), anything else the ILGPU CPU
    /// accelerator.</summary>
    public static INetworkEngine Engine(string name) =>
        name switch
        {
            "reference" => new ReferenceEngine(),
            "cpu" => new CpuEngine(1),
            _ when name.StartsWith("cpu-", StringComparison.Ordinal) => new CpuEngine(int.Parse(name[4..])),
            _ => EngineFactory.Create("ilgpu-cpu"),
        };

    /// <summary>Trains a new network of <paramref name="settings"/> on <paramref name="engine"/>, epoch by
    /// epoch.</summary>
    public static RecordedEpochs Train(string engine, TrainingSettings settings, ImageSet train, ImageSet test)
    {
        var epochs = new RecordedEpochs();
        using (INetworkEngine e = Engine(engine))
            new Trainer(e, settings, train, test, epochs).Run(NewState(settings, train), default);
        return epochs;
    }

    /// <summary>
    /// Trains <paramref name="settings"/> on <paramref name="engine"/> straight, and again stopped after the second
    /// batch of the second epoch (4 batches an epoch, so just after an update), written to
    /// <paramref name="checkpoint"/> and read back, <paramref name="checkRestored"/> shown the interrupted state and
    /// what was read, then resumed from it: the metrics rows and every layer's links, weights and velocities must be
    /// the straight run's, bit for bit.
    /// </summary>
    public static void AssertInterruptedRunResumesBitForBit(
        string engine,
        TrainingSettings settings,
        ImageSet train,
        ImageSet test,
        string checkpoint,
        Action<TrainingState, Checkpoint> checkRestored
    )
    {
        var straight = new RecordedEpochs();
        TrainingState straightState = NewState(settings, train);
        using (INetworkEngine e = Engine(engine))
            new Trainer(e, settings, train, test, straight).Run(straightState, default);

        var cancel = new CancellationTokenSource();
        var first = new RecordedEpochs();
        TrainingState state = NewState(settings, train);
        using (var interrupting = new CancelAfterBatches(Engine(engine), batches: 4 + 2, cancel))
            Assert.Equal(
                TrainingStop.Interrupted,
                new Trainer(interrupting, settings, train, test, first).Run(state, cancel.Token)
            );
        CheckpointFile.Write(checkpoint, settings, state);
        Checkpoint restored = CheckpointFile.Read(checkpoint);
        checkRestored(state, restored);
        var rest = new RecordedEpochs();
        using (INetworkEngine e = Engine(engine))
            new Trainer(e, restored.Settings, train, test, rest).Run(restored.State, default);

        Assert.Equal(straight.Rows, first.Rows.Concat(rest.Rows));
        for (int k = 0; k < 3; k++)
        {
            Layer a = straightState.Network.Layers[k],
                b = restored.State.Network.Layers[k];
            Assert.Equal(a.Topology.Keys(), b.Topology.Keys());
            Assert.Equal(a.Weights, b.Weights);
            Assert.Equal(a.WeightVelocity, b.WeightVelocity);
        }
    }
}
