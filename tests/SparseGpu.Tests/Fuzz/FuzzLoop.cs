using System.Diagnostics;
using System.Text;

namespace SparseGpu.Tests.Fuzz;

/// <summary>
/// A small mutation fuzzer with a fixed seed and a time budget. Each input is a mutation of one of the seeds (valid
/// files); the reader under test must end in success or a <see cref="SparseGpuException"/> with a one-line message,
/// within <see cref="PerInputLimit"/> and allocating at most a stated bound. Failing inputs are written beside the
/// test output and shown in the failure message, to be committed under Fuzz/Regressions.
/// </summary>
internal static class FuzzLoop
{
    public static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(5);

    /// <summary>Tokens that upset parsers of JSON and CSV: nulls, empties, huge and odd numbers, paths, quotes,
    /// nesting.</summary>
    private static readonly string[] Tokens =
    [
        "null",
        "[]",
        "{}",
        "[null]",
        "\"\"",
        "\"../../x\"",
        "../",
        "/",
        "-1",
        "0",
        "1e309",
        "-1e309",
        "NaN",
        "Infinity",
        "18446744073709551616",
        "2147483648",
        "-2147483649",
        "9999999999999999999999",
        "1.5",
        "\"",
        ",",
        ",,",
        "\n",
        "\r\n",
        "\0",
        "\u00ff",
        "\ufeff",
        ":",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "true",
        "\"\\u0000\"",
        "//",
        "/*",
        "epoch",
        "model",
        "random",
        "fgsm",
        "mnist",
        "rlr",
        "\"host\"",
        "\"pid\"",
        "\"token\"",
    ];

    /// <returns>How many inputs ran.</returns>
    public static int Run(
        string name,
        int seed,
        TimeSpan budget,
        IReadOnlyList<byte[]> seeds,
        Action<byte[]> read,
        long allocationBound
    )
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        int count = 0;
        while (clock.Elapsed < budget || count < seeds.Count)
        {
            byte[] input =
                count < seeds.Count ? seeds[count] : Mutate(random, seeds[random.Next(seeds.Count)], random.Next(1, 6));
            Check(name, input, read, allocationBound);
            count++;
        }
        return count;
    }

    /// <summary>One input: success or a one-line SparseGpuException, in bounded time and allocation.</summary>
    public static void Check(string name, byte[] input, Action<byte[]> read, long allocationBound)
    {
        Exception? escaped = null;
        long allocated = 0;
        var worker = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                read(input);
            }
            catch (SparseGpuException e) when (!e.Message.Contains('\n')) { }
            catch (Exception e)
            {
                escaped = e;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        })
        {
            IsBackground = true,
        };
        worker.Start();
        if (!worker.Join(PerInputLimit))
            Fail(name, input, $"no answer within {PerInputLimit.TotalSeconds} s");
        if (escaped is not null)
            Fail(name, input, $"{escaped.GetType().Name}: {escaped.Message}\n{escaped.StackTrace}");
        if (allocated > allocationBound)
            Fail(name, input, $"allocated {allocated:N0} bytes, more than the bound {allocationBound:N0}");
    }

    private static void Fail(string name, byte[] input, string problem)
    {
        string file = Path.Combine(
            Path.GetTempPath(),
            $"fuzz-{name}-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(input))[..12]}.bin"
        );
        File.WriteAllBytes(file, input);
        Assert.Fail(
            $"{name}: {problem}\ninput ({input.Length} bytes) saved to {file}; commit it under "
                + $"tests/SparseGpu.Tests/Fuzz/Regressions/{name}/\n"
                + $"base64: {Convert.ToBase64String(input)}"
        );
    }

    public static byte[] Mutate(Random random, byte[] original, int mutations)
    {
        var bytes = new List<byte>(original);
        for (int m = 0; m < mutations; m++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16)));
                    break;
                case 3 when bytes.Count > 0:
                    int length = Math.Min(bytes.Count - at, random.Next(1, 64));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at); // truncated, as by a crash
                    break;
                default:
                    // Replace a token-sized stretch (a value, a name) by an upsetting token.
                    int replaced = Math.Min(bytes.Count - at, random.Next(0, 8));
                    bytes.RemoveRange(at, replaced);
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Committed inputs that once broke a reader, by reader name.</summary>
    public static IEnumerable<byte[]> Regressions(string name)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "Fuzz", "Regressions", name);
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)
            : [];
    }
}
