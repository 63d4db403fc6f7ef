using System.Text.Json.Nodes;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Tests.Runs;

/// <summary>
/// Crafted checkpoints that pass the checksum: every structural lie is a one-line "corrupt checkpoint" error,
/// decided before memory is allocated for it.
/// </summary>
public sealed class CheckpointValidationTests : IDisposable
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

    private byte[] Example()
    {
        var state = new TrainingState(TestNetworks.Get("four-hidden-layers").Build()) { CompletedEpochs = 2 };
        string path = _temp.File("example.ckpt");
        CheckpointFile.Write(path, Settings, state);
        return File.ReadAllBytes(path);
    }

    /// <summary>A checkpoint of the example network whose state <paramref name="edit"/> changed before it was
    /// written (the writer checks nothing).</summary>
    private byte[] ExampleWith(Action<TrainingState> edit, TrainingSettings? settings = null)
    {
        var state = new TrainingState(TestNetworks.Get("four-hidden-layers").Build()) { CompletedEpochs = 2 };
        edit(state);
        string path = _temp.File($"edited-{Guid.NewGuid():N}.ckpt");
        CheckpointFile.Write(path, settings ?? Settings, state);
        return File.ReadAllBytes(path);
    }

    private string Corrupt(byte[] bytes, string expectedReason)
    {
        string path = _temp.File($"crafted-{Guid.NewGuid():N}.ckpt");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<SparseGpuException>(() => CheckpointFile.Read(path));
        Assert.StartsWith($"{path}: corrupt checkpoint (", e.Message);
        Assert.Contains(expectedReason, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Theory]
    [InlineData("settings", "the header has no settings")]
    [InlineData("settings.dataset", "the settings have no dataset")]
    [InlineData("settings.hidden", "the settings have no hidden layer widths")]
    [InlineData("settings.regrowth", "the settings have no regrowth method")]
    [InlineData("program_version", "the header has no program version")]
    public void A_json_null_in_the_header_is_named(string field, string reason)
    {
        byte[] crafted = CheckpointBytes.WithHeader(
            Example(),
            header =>
            {
                string[] parts = field.Split('.');
                JsonObject owner = parts.Length == 1 ? header : header[parts[0]]!.AsObject();
                owner[parts[^1]] = null;
            }
        );
        Corrupt(crafted, reason);
    }

    [Fact]
    public void A_header_that_is_json_null_is_named() =>
        Corrupt(CheckpointBytes.WithRawHeader(Example(), "null"u8.ToArray()), "the header is null");

    [Fact]
    public void A_header_length_beyond_the_file_is_refused_without_allocating_it()
    {
        byte[] crafted = (byte[])Example().Clone();
        BitConverter.GetBytes(0x7FFFFFFF).CopyTo(crafted, CheckpointFile.Magic.Length + 4);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Corrupt(CheckpointBytes.Reseal(crafted), "data ends inside the header");
        Assert.True(
            GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20,
            "the header length must be checked before allocating it"
        );
    }

    [Fact]
    public void Two_to_the_thirty_inputs_without_links_are_refused_before_allocating()
    {
        // The hostile test's 589-byte file: a valid checksum, 2^30 inputs, no links; it used to cost ~8 GB.
        string header =
            """{"settings":{"dataset":"mnist","hidden":[3],"density":0.01,"epochs":1,"seed":"""
            + """1,"regrowth":"rlr"},"inputs":"""
            + """1073741824,"classes":2,"program_version":"x"}""";
        List<byte> body = CheckpointBytes.Prefix(header, seed: 1, layerCount: 2);
        body.AddRange(CheckpointBytes.EmptyLayer(1 << 30, 3, evolves: true, relu: true));
        body.AddRange(CheckpointBytes.EmptyLayer(3, 2, evolves: false, relu: false));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Corrupt(CheckpointBytes.Seal(body.ToArray()), "1073741824 inputs (at most 1048576)");
        Assert.True(
            GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20,
            "sizes must be checked before allocating"
        );
    }

    [Fact]
    public void A_layer_whose_links_the_file_does_not_hold_is_refused_before_allocating_them()
    {
        // Sizes that agree with the header (2^20 inputs, 1000 outputs) and a link count they allow (10^9), but the
        // file ends after the row offsets: gigabytes of link arrays must not be allocated to find that out.
        string header =
            """{"settings":{"dataset":"mnist","hidden":[1000],"density":0.01,"epochs":1,"seed":"""
            + """1,"regrowth":"rlr"},"inputs":"""
            + """1048576,"classes":2,"program_version":"x"}""";
        List<byte> body = CheckpointBytes.Prefix(header, seed: 1, layerCount: 2);
        body.AddRange(BitConverter.GetBytes(1 << 20));
        body.AddRange(BitConverter.GetBytes(1000));
        body.AddRange(BitConverter.GetBytes(1_000_000_000));
        body.AddRange([1, 1]); // evolves, ReLU
        body.AddRange(new byte[4 * 1001]); // row offsets
        long before = GC.GetAllocatedBytesForCurrentThread();
        Corrupt(CheckpointBytes.Seal(body.ToArray()), "data ends inside layer 1");
        Assert.True(
            GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20,
            "a layer's size must be checked against the bytes left before allocating it"
        );
    }

    [Fact]
    public void A_layer_whose_sizes_differ_from_the_header_is_refused()
    {
        string header =
            """{"settings":{"dataset":"mnist","hidden":[3],"density":0.01,"epochs":1,"seed":"""
            + """1,"regrowth":"rlr"},"inputs":"""
            + """4,"classes":2,"program_version":"x"}""";
        List<byte> body = CheckpointBytes.Prefix(header, seed: 1, layerCount: 2);
        body.AddRange(CheckpointBytes.EmptyLayer(1 << 30, 3, evolves: true, relu: true));
        body.AddRange(CheckpointBytes.EmptyLayer(3, 2, evolves: false, relu: false));
        Corrupt(CheckpointBytes.Seal(body.ToArray()), "layer 1 is 1073741824x3, but the header makes it 4x3");
    }

    [Fact]
    public void A_read_out_marked_as_evolving_is_refused_at_load()
    {
        byte[] file = Example();
        // The read-out is the last layer: 6 inputs, 4 outputs, 24 links; its evolves flag follows its three sizes.
        int readoutBytes = 12 + 2 + 4 * 5 + 12 * 24 + 8 * 4;
        byte[] crafted = (byte[])file.Clone();
        int flag = file.Length - 32 - readoutBytes + 12;
        Assert.Equal(0, crafted[flag]);
        crafted[flag] = 1;
        Corrupt(CheckpointBytes.Reseal(crafted), "the read-out layer 5 is marked as evolving");
    }

    [Fact]
    public void A_hidden_layer_count_that_differs_from_the_settings_is_refused() =>
        Corrupt(
            CheckpointBytes.WithHeader(Example(), h => h["settings"]!["hidden"] = new JsonArray(9, 8, 7)),
            "5 layers, but the settings name 3 hidden layers"
        );

    [Fact]
    public void Settings_no_run_could_have_are_refused() =>
        Corrupt(
            CheckpointBytes.WithHeader(Example(), h => h["settings"]!["epochs"] = 0),
            "--epochs must be positive, got 0"
        );

    [Theory]
    [InlineData(CheckpointBytes.CompletedField, -1, "-1 completed epochs of 4")]
    [InlineData(CheckpointBytes.CompletedField, 5, "5 completed epochs of 4")]
    [InlineData(CheckpointBytes.NextSampleField, -3, "next sample -3 is negative")]
    public void Impossible_progress_is_refused(int field, int value, string reason) =>
        Corrupt(CheckpointBytes.WithStateInt32(Example(), field, value), reason);

    [Fact]
    public void More_correct_samples_than_samples_seen_are_refused()
    {
        // The hostile test resumed into a training accuracy of 5e11.
        byte[] crafted = CheckpointBytes.WithStateInt32(Example(), CheckpointBytes.NextSampleField, 10);
        crafted = CheckpointBytes.WithStateBytes(
            crafted,
            CheckpointBytes.PartialCorrectField,
            BitConverter.GetBytes(500_000_000_000L)
        );
        Corrupt(crafted, "500000000000 correct of 10 samples");
    }

    [Theory]
    [InlineData(double.NaN, "partial loss sum NaN")]
    [InlineData(-1.0, "partial loss sum -1")]
    public void A_partial_loss_that_no_training_gives_is_refused(double loss, string reason)
    {
        byte[] crafted = CheckpointBytes.WithStateInt32(Example(), CheckpointBytes.NextSampleField, 10);
        Corrupt(
            CheckpointBytes.WithStateBytes(crafted, CheckpointBytes.PartialLossField, BitConverter.GetBytes(loss)),
            reason
        );
    }

    [Fact]
    public void A_negative_time_is_refused() =>
        Corrupt(
            CheckpointBytes.WithStateBytes(Example(), CheckpointBytes.PartialSecondsField, BitConverter.GetBytes(-2.0)),
            "partial training time -2 s"
        );

    [Fact]
    public void A_position_inside_an_epoch_after_the_last_is_refused() =>
        Corrupt(
            ExampleWith(s =>
            {
                s.CompletedEpochs = 4;
                s.NextSample = 10;
            }),
            "stopped inside epoch 5 of 4"
        );

    [Fact]
    public void A_next_sample_beyond_the_train_limit_is_refused() =>
        Corrupt(
            ExampleWith(s => s.NextSample = 10, Settings with { TrainLimit = 10 }),
            "next sample 10 is beyond --train-limit 10"
        );

    [Fact]
    public void Partial_statistics_without_a_partial_epoch_are_refused() =>
        Corrupt(ExampleWith(s => s.PartialLossSum = 1.5), "partial epoch statistics without a partial epoch");

    [Fact]
    public void A_negative_topology_time_is_refused() =>
        Corrupt(ExampleWith(s => s.EpochTopologySeconds = -1), "topology time -1 s");

    [Fact]
    public void Edit_counts_that_do_not_fit_the_sparse_layers_are_refused()
    {
        Corrupt(ExampleWith(s => s.EpochEdits = [new EditCounts(1, 1, 1, 0)]), "1 layer edits for 4 sparse layers");
        Corrupt(
            ExampleWith(s => s.EpochEdits = [.. Enumerable.Repeat(new EditCounts(1, 1, 1, 1), 4)]),
            "impossible edit counts for layer 1"
        );
    }

    [Fact]
    public void A_row_offset_beyond_the_links_that_decreases_later_is_refused()
    {
        // Found by ReaderFuzzTests: the offsets were checked row by row while reading, so a too-large offset was
        // used as an index before the decrease after it was seen (IndexOutOfRangeException).
        const int firstLayer = 56,
            secondRowOffset = firstLayer + 14 + 4;
        Corrupt(CheckpointBytes.WithStateInt32(Example(), secondRowOffset, 100_000), "layer 1 row offsets decrease");
    }
}
