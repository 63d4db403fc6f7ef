using System.Diagnostics;
using System.Text;
using SparseGpu.Data;
using SparseGpu.Jobs;
using SparseGpu.LinkPrediction;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Reliability;

/// <summary>
/// Randomised inputs for the readers of user files (fixed seeds, 6 s each): every input ends in success or a
/// SparseGpuException, never another exception, and never allocates more than a stated bound: 64 bytes per input
/// byte plus 32 MiB (a crafted size must be refused, not allocated).
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(6);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static void Check(byte[] input, Action read, string what)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            read();
        }
        catch (SparseGpuException) { }
        catch (Exception e)
        {
            Assert.Fail(
                $"{what}: {e.GetType().Name}: {e.Message} {e.StackTrace} for input "
                    + $"{Convert.ToBase64String(input.Take(256).ToArray())}"
            );
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(
            allocated <= 64L * input.Length + (32 << 20),
            $"{what}: allocated {allocated} bytes for a {input.Length}-byte input"
        );
    }

    /// <summary>Flips, overwrites with extreme values, truncates or extends the input.</summary>
    private static byte[] Mutate(byte[] original, Rng rng, int protectedSuffix = 0)
    {
        byte[] bytes = (byte[])original.Clone();
        if (bytes.Length == 0)
            return bytes;
        int editable = Math.Max(1, bytes.Length - protectedSuffix);
        switch (rng.NextInt(5))
        {
            case 0:
                for (int i = rng.NextInt(4); i >= 0; i--)
                    bytes[rng.NextInt(editable)] ^= (byte)(1 << rng.NextInt(8));
                break;
            case 1:
            {
                int at = rng.NextInt(Math.Max(1, editable - 4));
                int[] extremes = [0, -1, int.MaxValue, int.MinValue, 1 << 30, 0x7FFFFFF0, 28, 60000];
                BitConverter
                    .GetBytes(extremes[rng.NextInt(extremes.Length)])
                    .AsSpan(0, Math.Min(4, bytes.Length - at))
                    .CopyTo(bytes.AsSpan(at));
                break;
            }
            case 2:
                return bytes[..rng.NextInt(bytes.Length)];
            case 3:
                return [.. bytes, .. Enumerable.Range(0, rng.NextInt(64)).Select(_ => (byte)rng.NextInt(256))];
            default:
                bytes[rng.NextInt(editable)] = (byte)rng.NextInt(256);
                break;
        }
        return bytes;
    }

    [Fact]
    public void Idx_files_plain_and_gzip()
    {
        var rng = new Rng(11);
        byte[] images = IdxFiles.Images(5, 28, 28, (n, p) => (byte)(n + p));
        byte[] labels = IdxFiles.Labels([1, 2, 3, 4, 5]);
        var clock = Stopwatch.StartNew();
        for (int i = 0; clock.Elapsed < Budget && i < 20000; i++)
        {
            bool image = rng.NextInt(2) == 0;
            byte[] input = Mutate(image ? images : labels, rng);
            if (rng.NextInt(3) == 0)
                input = rng.NextInt(2) == 0 ? IdxFiles.Gzip(input) : Mutate(IdxFiles.Gzip(input), rng);
            Check(
                input,
                () =>
                {
                    if (image)
                        IdxReader.ParseImages(input, "fuzz.idx");
                    else
                        IdxReader.ParseLabels(input, "fuzz.idx");
                },
                "IDX"
            );
        }
    }

    [Fact]
    public void Checkpoints_mutated_behind_a_valid_checksum()
    {
        var rng = new Rng(12);
        var settings = new TrainingSettings
        {
            Hidden = [9, 8, 7, 6],
            Density = 0.5,
            Seed = 77,
            Regrowth = "rlr",
            Epochs = 4,
        };
        string path = _temp.File("model.ckpt");
        CheckpointFile.Write(
            path,
            settings,
            new TrainingState(TestNetworks.Get("four-hidden-layers").Build()) { CompletedEpochs = 1 }
        );
        byte[] original = File.ReadAllBytes(path);
        string fuzzed = _temp.File("fuzzed.ckpt");
        var clock = Stopwatch.StartNew();
        for (int i = 0; clock.Elapsed < Budget && i < 5000; i++)
        {
            byte[] input = Mutate(original, rng, protectedSuffix: 32);
            if (rng.NextInt(4) != 0 && input.Length > 32)
                input = CheckpointBytes.Reseal(input);
            File.WriteAllBytes(fuzzed, input);
            Check(input, () => CheckpointFile.Read(fuzzed), "checkpoint");
        }
    }

    [Fact]
    public void Edge_lists()
    {
        var rng = new Rng(13);
        string[] tokens =
        [
            "0",
            "1",
            "7",
            "-1",
            "2147483646",
            "2147483647",
            "2147483648",
            "1e3",
            "x",
            "",
            " 3 ",
            "\"input\"",
            "999999",
        ];
        var clock = Stopwatch.StartNew();
        using IDisposable small = MemoryBudget.Pretend(32 << 20);
        for (int i = 0; clock.Elapsed < Budget && i < 20000; i++)
        {
            var lines = new List<string> { rng.NextInt(8) == 0 ? "a,b" : "input,output" };
            for (int n = rng.NextInt(12); n >= 0; n--)
            {
                int fields = rng.NextInt(4);
                lines.Add(
                    string.Join(",", Enumerable.Range(0, fields).Select(_ => tokens[rng.NextInt(tokens.Length)]))
                );
            }
            int? inputs = rng.NextInt(4) == 0 ? rng.NextInt(20) - 2 : null;
            byte[] input = Encoding.UTF8.GetBytes(string.Join("\n", lines));
            Check(
                input,
                () => EdgeListCsv.Parse(lines, "fuzz.csv", inputs, null, LinkPredictionJob.RequireMemory),
                "edge list"
            );
        }
    }
}
