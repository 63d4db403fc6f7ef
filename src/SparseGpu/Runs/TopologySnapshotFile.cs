using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SparseGpu.Model;

namespace SparseGpu.Runs;

/// <summary>A network's links, weights and biases after some epoch of training (no optimizer state).</summary>
public sealed record TopologySnapshot(int Epoch, Network Network);

/// <summary>
/// The snapshot format written by `train --snapshot-every N` as snapshots/epoch-NNNN.snap (little-endian,
/// documented in the README): magic "SPGPUSNP"; u32 version (1); i32 epoch (0 = the initial network); u32 layer
/// count; per layer: i32 inputs, i32 outputs, i32 links, u8 evolves, u8 relu, i32[outputs+1] row offsets,
/// i32[links] input of each link (ascending within a row), f32[links] weights, f32[outputs] biases; then the
/// SHA-256 of everything before it. Written atomically (temporary file, then rename).
/// </summary>
public static class TopologySnapshotFile
{
    public const string Magic = "SPGPUSNP";
    public const uint Version = 1;
    public const string DirectoryName = RunLayout.Snapshots;
    private const int DigestBytes = 32;

    public static string PathFor(string runDirectory, int epoch) =>
        Path.Combine(runDirectory, DirectoryName, $"epoch-{epoch.ToString("D4", CultureInfo.InvariantCulture)}.snap");

    /// <summary>The snapshot files of a run, by epoch ascending (none when the run kept no snapshots).</summary>
    public static IReadOnlyList<(int Epoch, string Path)> List(string runDirectory)
    {
        string directory = Path.Combine(runDirectory, DirectoryName);
        if (!Directory.Exists(directory))
            return [];
        var found = new List<(int, string)>();
        foreach (string file in Directory.EnumerateFiles(directory, "epoch-*.snap"))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (
                int.TryParse(
                    name.AsSpan("epoch-".Length),
                    NumberStyles.None,
                    CultureInfo.InvariantCulture,
                    out int epoch
                )
            )
                found.Add((epoch, file));
        }
        return found.OrderBy(f => f.Item1).ToList();
    }

    public static void Write(string path, int epoch, Network network)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.ASCII, leaveOpen: true))
        {
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(Version);
            writer.Write(epoch);
            writer.Write((uint)network.Layers.Count);
            foreach (Layer layer in network.Layers)
            {
                LayerTopology t = layer.Topology;
                writer.Write(t.Inputs);
                writer.Write(t.Outputs);
                writer.Write(t.LinkCount);
                writer.Write(layer.Evolves ? (byte)1 : (byte)0);
                writer.Write(layer.Relu ? (byte)1 : (byte)0);
                writer.Write(MemoryMarshal.AsBytes(t.RowOffsets));
                writer.Write(MemoryMarshal.AsBytes(t.Columns));
                writer.Write(MemoryMarshal.AsBytes(layer.Weights.AsSpan()));
                writer.Write(MemoryMarshal.AsBytes(layer.Bias.AsSpan()));
            }
        }
        buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        AtomicFile.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static TopologySnapshot Read(string path)
    {
        if (!BitConverter.IsLittleEndian)
            throw new SparseGpuException("snapshots are little-endian; this machine is not");
        byte[] bytes = InputFile.ReadAllBytes(path, "snapshot");
        if (bytes.Length < Magic.Length + 4 + DigestBytes || Encoding.ASCII.GetString(bytes, 0, Magic.Length) != Magic)
            throw new SparseGpuException($"{path}: not a SparseGpu topology snapshot (wrong magic or too short)");
        int body = bytes.Length - DigestBytes;
        if (!SHA256.HashData(bytes.AsSpan(0, body)).AsSpan().SequenceEqual(bytes.AsSpan(body)))
            throw new SparseGpuException($"{path}: snapshot is truncated or corrupt (checksum mismatch)");
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, body - Magic.Length));
            uint version = reader.ReadUInt32();
            if (version != Version)
                throw new InvalidDataException(
                    $"format version {version} is not supported (this program reads {Version})"
                );
            int epoch = reader.ReadInt32();
            uint count = reader.ReadUInt32();
            if (epoch < 0 || count == 0 || count > 1000)
                throw new InvalidDataException($"epoch {epoch} with {count} layers");
            var layers = new List<Layer>();
            for (int k = 1; k <= count; k++)
                layers.Add(ReadLayer(reader, k));
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                throw new InvalidDataException("bytes after the last layer");
            return new TopologySnapshot(epoch, new Network(layers));
        }
        catch (Exception e)
            when (e is InvalidDataException or EndOfStreamException or ArgumentException or OverflowException)
        {
            throw new SparseGpuException($"{path}: corrupt snapshot ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    private static Layer ReadLayer(BinaryReader reader, int number)
    {
        int inputs = reader.ReadInt32(),
            outputs = reader.ReadInt32(),
            links = reader.ReadInt32();
        if (inputs <= 0 || outputs <= 0 || links < 0 || (long)links > (long)inputs * outputs)
            throw new InvalidDataException(
                $"layer {number} has impossible sizes {inputs}x{outputs} with {links} links"
            );
        bool evolves = reader.ReadByte() != 0,
            relu = reader.ReadByte() != 0;
        int[] rowOffsets = Read<int>(reader, outputs + 1);
        int[] columns = Read<int>(reader, links);
        if (rowOffsets[0] != 0 || rowOffsets[outputs] != links)
            throw new InvalidDataException($"layer {number} row offsets do not span its links");
        long[] keys = new long[links];
        for (int row = 0; row < outputs; row++)
        {
            if (rowOffsets[row + 1] < rowOffsets[row])
                throw new InvalidDataException($"layer {number} row offsets decrease");
            for (int link = rowOffsets[row]; link < rowOffsets[row + 1]; link++)
            {
                if ((uint)columns[link] >= (uint)inputs)
                    throw new InvalidDataException($"layer {number} link {link} names input {columns[link]}");
                keys[link] = (long)row * inputs + columns[link];
            }
        }
        var topology = LayerTopology.FromSortedKeys(inputs, outputs, keys);
        float[] weights = Read<float>(reader, links),
            bias = Read<float>(reader, outputs);
        return new Layer(topology, weights, new float[links], bias, new float[outputs], evolves, relu);
    }

    private static T[] Read<T>(BinaryReader reader, int count)
        where T : unmanaged
    {
        int bytes = checked(count * Marshal.SizeOf<T>());
        if (reader.BaseStream.Length - reader.BaseStream.Position < bytes)
            throw new EndOfStreamException("data ends inside a layer");
        var values = new T[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
