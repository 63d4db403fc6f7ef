using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SparseGpu.Runs;

namespace SparseGpu.Tests.Support;

/// <summary>
/// Crafts checkpoint files byte by byte, with a valid SHA-256, so tests reach the checks behind the checksum:
/// edit a real checkpoint's header or a field at an offset, or build one from parts.
/// </summary>
public static class CheckpointBytes
{
    private const int DigestBytes = 32;
    private static readonly int HeaderLengthOffset = CheckpointFile.Magic.Length + 4;

    /// <summary>Where the JSON header ends and the binary state (seed first) begins.</summary>
    public static int StateOffset(byte[] file) =>
        HeaderLengthOffset + 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(HeaderLengthOffset));

    /// <summary>Offsets of the progress fields after the header.</summary>
    public const int SeedField = 0,
        CompletedField = 8,
        NextSampleField = 12,
        PartialLossField = 16,
        PartialCorrectField = 24,
        PartialSecondsField = 32,
        EditCountField = 40;

    public static JsonObject Header(byte[] file)
    {
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(HeaderLengthOffset));
        return JsonNode.Parse(file.AsSpan(HeaderLengthOffset + 4, length))!.AsObject();
    }

    public static byte[] WithHeader(byte[] file, Action<JsonObject> edit)
    {
        JsonObject header = Header(file);
        edit(header);
        return WithRawHeader(file, Encoding.UTF8.GetBytes(header.ToJsonString()));
    }

    public static byte[] WithRawHeader(byte[] file, byte[] json)
    {
        int state = StateOffset(file);
        var body = new List<byte>(file.AsSpan(0, HeaderLengthOffset).ToArray());
        body.AddRange(BitConverter.GetBytes((uint)json.Length));
        body.AddRange(json);
        body.AddRange(file.AsSpan(state, file.Length - DigestBytes - state).ToArray());
        return Seal(body.ToArray());
    }

    /// <summary>The file with <paramref name="value"/> written at <paramref name="offset"/> bytes after the
    /// header.</summary>
    public static byte[] WithStateBytes(byte[] file, int offset, ReadOnlySpan<byte> value)
    {
        byte[] copy = (byte[])file.Clone();
        value.CopyTo(copy.AsSpan(StateOffset(file) + offset));
        return Reseal(copy);
    }

    public static byte[] WithStateInt32(byte[] file, int offset, int value) =>
        WithStateBytes(file, offset, BitConverter.GetBytes(value));

    /// <summary>Recomputes the trailing SHA-256 of a file whose body was edited in place.</summary>
    public static byte[] Reseal(byte[] file) => Seal(file.AsSpan(0, file.Length - DigestBytes).ToArray());

    public static byte[] Seal(byte[] body) => [.. body, .. SHA256.HashData(body)];

    /// <summary>The body of a checkpoint up to the layer count, from a header and zero progress.</summary>
    public static List<byte> Prefix(string headerJson, ulong seed, uint layerCount)
    {
        var body = new List<byte>(Encoding.ASCII.GetBytes(CheckpointFile.Magic));
        body.AddRange(BitConverter.GetBytes(CheckpointFile.Version));
        byte[] json = Encoding.UTF8.GetBytes(headerJson);
        body.AddRange(BitConverter.GetBytes((uint)json.Length));
        body.AddRange(json);
        body.AddRange(BitConverter.GetBytes(seed));
        body.AddRange(BitConverter.GetBytes(0)); // completed epochs
        body.AddRange(BitConverter.GetBytes(0)); // next sample
        body.AddRange(BitConverter.GetBytes(0.0));
        body.AddRange(BitConverter.GetBytes(0L));
        body.AddRange(BitConverter.GetBytes(0.0));
        body.AddRange(BitConverter.GetBytes(0u)); // edits
        body.AddRange(BitConverter.GetBytes(0.0));
        body.AddRange(BitConverter.GetBytes(layerCount));
        return body;
    }

    /// <summary>A layer's bytes with no links: sizes, flags, zero row offsets, zero biases.</summary>
    public static IEnumerable<byte> EmptyLayer(int inputs, int outputs, bool evolves, bool relu)
    {
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.GetBytes(inputs));
        bytes.AddRange(BitConverter.GetBytes(outputs));
        bytes.AddRange(BitConverter.GetBytes(0));
        bytes.Add(evolves ? (byte)1 : (byte)0);
        bytes.Add(relu ? (byte)1 : (byte)0);
        bytes.AddRange(new byte[4 * (outputs + 1) + 8 * outputs]);
        return bytes;
    }

    /// <summary>A checkpoint with its wall-clock fields (seconds of a partial epoch, of the epoch's topology update)
    /// and the digest over them zeroed.</summary>
    public static byte[] WithoutTimes(byte[] checkpoint)
    {
        byte[] copy = (byte[])checkpoint.Clone();
        int state = StateOffset(copy);
        copy.AsSpan(state + PartialSecondsField, 8).Clear();
        int edits = (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(state + EditCountField));
        copy.AsSpan(state + EditCountField + 4 + 16 * edits, 8).Clear();
        copy.AsSpan(copy.Length - 32).Clear();
        return copy;
    }
}
