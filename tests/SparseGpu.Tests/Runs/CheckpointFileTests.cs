using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Runs;

public sealed class CheckpointFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly TrainingSettings Settings = new()
    {
        Hidden = [9, 8, 7, 6],
        Density = 0.5,
        Seed = 77,
        Regrowth = "none",
        Epochs = 4,
    };

    private string WriteExample(out TrainingState state)
    {
        state = new TrainingState(TestNetworks.Get("four-hidden-layers").Build())
        {
            CompletedEpochs = 2,
            NextSample = 96,
            PartialLossSum = 12.345678901234,
            PartialCorrect = 71,
            PartialTrainSeconds = 0.5,
        };
        string path = _temp.File("model.ckpt");
        CheckpointFile.Write(path, Settings, state);
        return path;
    }

    [Fact]
    public void A_checkpoint_round_trips_exactly()
    {
        string path = WriteExample(out TrainingState state);
        Checkpoint read = CheckpointFile.Read(path);
        Assert.Equal(Settings.Hidden, read.Settings.Hidden);
        Assert.Equal(Settings with { Hidden = read.Settings.Hidden }, read.Settings);
        Assert.Equal(
            (2, 96, 12.345678901234, 71L, 0.5),
            (
                read.State.CompletedEpochs,
                read.State.NextSample,
                read.State.PartialLossSum,
                read.State.PartialCorrect,
                read.State.PartialTrainSeconds
            )
        );
        Assert.Equal(state.Network.Layers.Count, read.State.Network.Layers.Count);
        for (int k = 0; k < state.Network.Layers.Count; k++)
        {
            Layer a = state.Network.Layers[k],
                b = read.State.Network.Layers[k];
            Assert.Equal(a.Topology.Keys(), b.Topology.Keys());
            Assert.Equal(a.Weights, b.Weights);
            Assert.Equal(a.WeightVelocity, b.WeightVelocity);
            Assert.Equal(a.Bias, b.Bias);
            Assert.Equal(a.BiasVelocity, b.BiasVelocity);
            Assert.Equal((a.Evolves, a.Relu), (b.Evolves, b.Relu));
        }
    }

    [Fact]
    public void A_flipped_byte_is_detected()
    {
        string path = WriteExample(out _);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<SparseGpuException>(() => CheckpointFile.Read(path));
        Assert.Equal($"{path}: checkpoint is truncated or corrupt (checksum mismatch)", e.Message);
    }

    [Fact]
    public void A_truncated_file_is_detected()
    {
        string path = WriteExample(out _);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        Assert.Contains(
            "truncated or corrupt",
            Assert.Throws<SparseGpuException>(() => CheckpointFile.Read(path)).Message
        );
    }

    [Fact]
    public void Another_file_type_or_version_is_refused()
    {
        string other = _temp.File("notes.txt");
        File.WriteAllText(other, "hello, this is not a checkpoint");
        Assert.Equal(
            $"{other}: not a SparseGpu checkpoint (wrong magic)",
            Assert.Throws<SparseGpuException>(() => CheckpointFile.Read(other)).Message
        );

        string path = WriteExample(out _);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8] = 9; // version field
        File.WriteAllBytes(path, bytes);
        Assert.Equal(
            $"{path}: checkpoint format version 9 is not supported (this program reads versions 1 to 6)",
            Assert.Throws<SparseGpuException>(() => CheckpointFile.Read(path)).Message
        );
    }

    [Fact]
    public void A_missing_checkpoint_is_named()
    {
        string path = _temp.File("absent.ckpt");
        Assert.Equal(
            $"{path}: checkpoint not found",
            Assert.Throws<SparseGpuException>(() => CheckpointFile.Read(path)).Message
        );
    }

    [Fact]
    public void Writing_never_leaves_a_partial_file_behind()
    {
        string path = WriteExample(out _);
        Assert.Equal(["model.ckpt"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
        Assert.NotNull(CheckpointFile.Read(path));
    }
}
