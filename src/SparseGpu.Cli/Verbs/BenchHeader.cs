using System.Globalization;
using SparseGpu.Common;

namespace SparseGpu.Cli.Verbs;

/// <summary>The lines that open every bench suite's output: the device, the data and the date with this machine's
/// processor, in one place so that the suites word and align them alike.</summary>
internal static class BenchHeader
{
    /// <summary>The device with its description, the data, and the date.</summary>
    public static void Write(TextWriter o, string device, string deviceDescription, string data)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(c, $"device        {device}: {deviceDescription}"));
        o.WriteLine(string.Create(c, $"data          {data}"));
        WriteDate(o);
    }

    /// <summary>The date (UTC, to the minute) and this machine's processor and cores.</summary>
    public static void WriteDate(TextWriter o) =>
        o.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"date          {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {MachineDescription.CpuAndCores()}"
            )
        );
}
