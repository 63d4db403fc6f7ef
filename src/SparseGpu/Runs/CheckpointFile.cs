using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SparseGpu.Model;
using SparseGpu.Topology;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>A checkpoint's content: the run's settings and its complete state.</summary>
public sealed record Checkpoint(
    TrainingSettings Settings,
    TrainingState State,
    int Inputs,
    int Classes,
    string ProgramVersion
);

/// <summary>
/// The checkpoint format (little-endian), documented in the README:
/// magic "SPGPUCKP"; u32 version (1, or 2 when the header stores a setting that version 1 did not know, see
/// <see cref="VersionFor"/>); u32 length + UTF-8 JSON header (settings, sizes, program version);
/// RNG and progress: u64 seed, i32 completed epochs, i32 next sample, f64 partial loss sum, i64 partial correct,
/// f64 partial train seconds; u32 count of the current epoch's layer edits, each i32 removed, regrown, regrown by
/// score, regrown at random; f64 topology seconds of the current epoch; u32 layer count; per layer: i32 inputs, i32
/// outputs, i32 links, u8 evolves, u8 relu, i32[outputs+1] row offsets, i32[links] input of each link, f32[links]
/// weights, f32[links] weight momentum, f32[outputs] biases, f32[outputs] bias momentum; for --method imp only, u8 1
/// when the rewind point follows (0: not taken yet), then its layers in the same form; then the SHA-256 of everything
/// before it. Written to a temporary file and renamed; read back with every structure checked.
/// </summary>
public static class CheckpointFile
{
    public const string Magic = "SPGPUCKP";

    /// <summary>The newest format this program writes and reads; it reads every version from 1 on. The byte layout
    /// has not changed since version 1: later versions only mark a header that stores a newer setting, so this is
    /// the newest <see cref="TrainingSetting.CheckpointVersion"/> in the catalog.</summary>
    public static readonly uint Version = (uint)TrainingSettingCatalog.All.Max(s => s.CheckpointVersion);
    private const int DigestBytes = 32;

    internal sealed record Header(TrainingSettings Settings, int Inputs, int Classes, string ProgramVersion);

    public static void Write(string path, TrainingSettings settings, TrainingState state)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(VersionFor(settings));
            var header = new Header(settings, state.Network.Inputs, state.Network.Classes, ProgramInfo.Version);
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, JsonFormat.Options);
            writer.Write((uint)json.Length);
            writer.Write(json);

            writer.Write(settings.Seed);
            writer.Write(state.CompletedEpochs);
            writer.Write(state.NextSample);
            writer.Write(state.PartialLossSum);
            writer.Write(state.PartialCorrect);
            writer.Write(state.PartialTrainSeconds);
            writer.Write((uint)state.EpochEdits.Count);
            foreach (EditCounts edit in state.EpochEdits)
            {
                writer.Write(edit.Removed);
                writer.Write(edit.Regrown);
                writer.Write(edit.RegrownByScore);
                writer.Write(edit.RegrownAtRandom);
            }
            writer.Write(state.EpochTopologySeconds);

            writer.Write((uint)state.Network.Layers.Count);
            foreach (Layer layer in state.Network.Layers)
                WriteLayer(writer, layer);
            if (IterativeMagnitudePruning.IsImp(settings))
            {
                writer.Write(state.RewindPoint is null ? (byte)0 : (byte)1);
                foreach (Layer layer in state.RewindPoint?.Layers ?? [])
                    WriteLayer(writer, layer);
            }
        }
        byte[] digest = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(digest);
        AtomicFile.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// The oldest format that holds <paramref name="settings"/>: the newest
    /// <see cref="TrainingSetting.CheckpointVersion"/> among the settings the header stores. A setting whose default
    /// does not enter the run id is not stored at its default, so a run with default settings writes version 1,
    /// which older programs still resume, and a run with a newer setting writes a version they refuse rather than
    /// resume it with that setting's default. A method newer than version 1 raises it likewise
    /// (<see cref="ITopologyMethod.CheckpointVersion"/>), at its default settings too.
    /// </summary>
    public static uint VersionFor(TrainingSettings settings) =>
        (uint)
            Math.Max(
                TopologyMethods.Get(settings.Regrowth).CheckpointVersion,
                TrainingSettingCatalog
                    .All.Where(s => s.DefaultEntersRunId || !s.IsDefault(s.ValueIn(settings)))
                    .Max(s => s.CheckpointVersion)
            );

    /// <summary>
    /// The SHA-256 of a network as a checkpoint stores it (the layer count, then every layer's sizes, flags,
    /// topology, weights, biases and their momentum), without the training progress and wall times around it: two
    /// bit-identical trainings write different files but the same network hash.
    /// </summary>
    public static string NetworkSha256(Network network)
    {
        using var sha = SHA256.Create();
        using (var hashing = new CryptoStream(Stream.Null, sha, CryptoStreamMode.Write, leaveOpen: true))
        using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((uint)network.Layers.Count);
            foreach (Layer layer in network.Layers)
                WriteLayer(writer, layer);
        }
        return Convert.ToHexStringLower(sha.Hash!);
    }

    public static Checkpoint Read(string path)
    {
        byte[] bytes = InputFile.ReadAllBytes(path, "checkpoint");

        if (bytes.Length < Magic.Length || Encoding.ASCII.GetString(bytes, 0, Magic.Length) != Magic)
            throw new SparseGpuException($"{path}: not a SparseGpu checkpoint (wrong magic)");
        if (bytes.Length < Magic.Length + 4 + DigestBytes)
            throw new SparseGpuException($"{path}: truncated checkpoint ({bytes.Length} bytes)");
        uint version = BitConverter.ToUInt32(bytes, Magic.Length);
        if (version < 1 || version > Version)
            throw new SparseGpuException(
                $"{path}: checkpoint format version {version} is not supported (this program reads versions 1 to "
                    + $"{Version})"
            );
        int bodyLength = bytes.Length - DigestBytes;
        if (!SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength)))
            throw new SparseGpuException($"{path}: checkpoint is truncated or corrupt (checksum mismatch)");

        try
        {
            using var reader = new BinaryReader(
                new MemoryStream(bytes, Magic.Length + 4, bodyLength - Magic.Length - 4)
            );
            uint jsonLength = reader.ReadUInt32();
            RequireBytes(reader, jsonLength, "the header");
            Header header = CheckpointHeaderChecks.Validate(
                JsonSerializer.Deserialize<Header>(reader.ReadBytes((int)jsonLength), JsonFormat.Options)
            );

            ulong seed = reader.ReadUInt64();
            if (seed != header.Settings.Seed)
                throw new InvalidDataException("the seed differs from the settings");
            int completed = reader.ReadInt32();
            int nextSample = reader.ReadInt32();
            double partialLoss = reader.ReadDouble();
            long partialCorrect = reader.ReadInt64();
            double partialSeconds = reader.ReadDouble();
            uint editCount = reader.ReadUInt32();
            if (editCount > 1000)
                throw new InvalidDataException($"{editCount} layer edits");
            var edits = new List<EditCounts>();
            for (int e = 0; e < editCount; e++)
                edits.Add(
                    new EditCounts(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32())
                );
            double topologySeconds = reader.ReadDouble();

            uint layerCount = reader.ReadUInt32();
            if (layerCount != header.Settings.Hidden.Length + 1)
                throw new InvalidDataException(
                    $"{layerCount} layers, but the settings name {header.Settings.Hidden.Length} hidden layers"
                );
            List<Layer> layers = ReadLayers(reader, header, (int)layerCount);
            Network? rewindPoint = null;
            if (IterativeMagnitudePruning.IsImp(header.Settings) && reader.ReadByte() != 0)
            {
                rewindPoint = new Network(ReadLayers(reader, header, (int)layerCount));
                for (int k = 0; k < layers.Count; k++)
                    if (layers[k].Topology.Keys().Except(rewindPoint.Layers[k].Topology.Keys()).Any())
                        throw new InvalidDataException($"layer {k + 1} has links its rewind point lacks");
            }
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                throw new InvalidDataException("bytes after the last layer");

            var state = new TrainingState(new Network(layers))
            {
                CompletedEpochs = completed,
                NextSample = nextSample,
                PartialLossSum = partialLoss,
                PartialCorrect = partialCorrect,
                PartialTrainSeconds = partialSeconds,
                EpochEdits = edits,
                EpochTopologySeconds = topologySeconds,
                RewindPoint = rewindPoint,
            };
            CheckpointProgressChecks.Validate(state, header.Settings);
            return new Checkpoint(header.Settings, state, header.Inputs, header.Classes, header.ProgramVersion);
        }
        catch (Exception e)
            when (e
                    is InvalidDataException
                        or EndOfStreamException
                        or JsonException
                        or ArgumentException
                        or OverflowException
                        or SparseGpuException
            )
        {
            throw new SparseGpuException($"{path}: corrupt checkpoint ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    private static List<Layer> ReadLayers(BinaryReader reader, Header header, int layerCount)
    {
        var layers = new List<Layer>();
        int inputs = header.Inputs;
        for (int k = 0; k < layerCount; k++)
        {
            bool readout = k == layerCount - 1;
            Layer layer = ReadLayer(
                reader,
                k + 1,
                inputs,
                readout ? header.Classes : header.Settings.Hidden[k],
                readout
            );
            layers.Add(layer);
            inputs = layer.Outputs;
        }
        return layers;
    }

    private static void WriteLayer(BinaryWriter writer, Layer layer)
    {
        LayerTopology t = layer.Topology;
        writer.Write(t.Inputs);
        writer.Write(t.Outputs);
        writer.Write(t.LinkCount);
        writer.Write(layer.Evolves ? (byte)1 : (byte)0);
        writer.Write(layer.Relu ? (byte)1 : (byte)0);
        foreach (int offset in t.RowOffsets)
            writer.Write(offset);
        foreach (int column in t.Columns)
            writer.Write(column);
        WriteFloats(writer, layer.Weights);
        WriteFloats(writer, layer.WeightVelocity);
        WriteFloats(writer, layer.Bias);
        WriteFloats(writer, layer.BiasVelocity);
    }

    /// <summary>Reads one layer whose sizes the header already fixed, checking them before allocating
    /// anything.</summary>
    private static Layer ReadLayer(
        BinaryReader reader,
        int number,
        int expectedInputs,
        int expectedOutputs,
        bool readout
    )
    {
        int inputs = reader.ReadInt32(),
            outputs = reader.ReadInt32(),
            links = reader.ReadInt32();
        if (inputs != expectedInputs || outputs != expectedOutputs)
            throw new InvalidDataException(
                $"layer {number} is {inputs}x{outputs}, but the header makes it {expectedInputs}x{expectedOutputs}"
            );
        if (links < 0 || (long)links > (long)inputs * outputs)
            throw new InvalidDataException(
                $"layer {number} has impossible sizes {inputs}x{outputs} with {links} links"
            );
        bool evolves = reader.ReadByte() != 0,
            relu = reader.ReadByte() != 0;
        // Sparse hidden layers evolve and apply ReLU; the dense read-out feeds the softmax and never evolves.
        if (evolves == readout || relu == readout)
            throw new InvalidDataException(
                readout
                    ? $"the read-out layer {number} is marked as {(evolves ? "evolving" : "having a ReLU")}"
                    : $"hidden layer {number} is marked as {(evolves ? "without a ReLU" : "not evolving")}"
            );
        RequireBytes(reader, 4L * (outputs + 1) + 12L * links + 8L * outputs, $"layer {number}");
        int[] rowOffsets = ReadInts(reader, outputs + 1);
        int[] columns = ReadInts(reader, links);
        if (rowOffsets[0] != 0 || rowOffsets[outputs] != links)
            throw new InvalidDataException($"layer {number} row offsets do not span its {links} links");
        for (int row = 0; row < outputs; row++)
            if (rowOffsets[row + 1] < rowOffsets[row])
                throw new InvalidDataException($"layer {number} row offsets decrease");
        long[] keys = new long[links];
        for (int row = 0; row < outputs; row++)
        {
            for (int link = rowOffsets[row]; link < rowOffsets[row + 1]; link++)
            {
                if ((uint)columns[link] >= (uint)inputs)
                    throw new InvalidDataException($"layer {number} link {link} names input {columns[link]}");
                keys[link] = (long)row * inputs + columns[link];
            }
        }
        var topology = LayerTopology.FromSortedKeys(inputs, outputs, keys);
        return new Layer(
            topology,
            ReadFloats(reader, links),
            ReadFloats(reader, links),
            ReadFloats(reader, outputs),
            ReadFloats(reader, outputs),
            evolves,
            relu
        );
    }

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        foreach (float value in values)
            writer.Write(value);
    }

    private static int[] ReadInts(BinaryReader reader, int count)
    {
        int[] values = new int[count];
        for (int i = 0; i < count; i++)
            values[i] = reader.ReadInt32();
        return values;
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = reader.ReadSingle();
        return values;
    }

    /// <summary>Checks that the file holds <paramref name="bytes"/> more before anything of that size is
    /// allocated.</summary>
    private static void RequireBytes(BinaryReader reader, long bytes, string what)
    {
        if (reader.BaseStream.Length - reader.BaseStream.Position < bytes)
            throw new EndOfStreamException($"data ends inside {what}");
    }
}
