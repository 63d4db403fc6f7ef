using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SparseGpu.Runs;

/// <summary>Who holds a run directory's lock, as running.lock records it (one line of JSON).</summary>
public sealed record LockHolder(string Host, int ProcessId, DateTime? ProcessStartUtc, string Token, DateTime SinceUtc)
{
    /// <summary>Process start times read twice may differ by rounding; a reused process id starts much later.</summary>
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    public static LockHolder ThisProcess(string token)
    {
        using Process me = Process.GetCurrentProcess();
        return new LockHolder(Environment.MachineName, Environment.ProcessId, StartOf(me), token, DateTime.UtcNow);
    }

    public bool IsOn(string host) => string.Equals(Host, host, StringComparison.OrdinalIgnoreCase);

    public string Describe() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"running on {Host}, process {ProcessId}, since {SinceUtc:yyyy-MM-dd HH:mm:ss} UTC"
        );

    /// <summary>Whether the process still runs (on this host): its id exists and, when recorded, with the same
    /// start time.</summary>
    public bool ProcessIsAlive()
    {
        try
        {
            using Process process = Process.GetProcessById(ProcessId);
            if (process.HasExited)
                return false;
            DateTime? started = StartOf(process);
            return ProcessStartUtc is null
                || started is null
                || (started.Value - ProcessStartUtc.Value).Duration() <= StartTimeTolerance;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // exited while we looked
        }
    }

    public string Serialize() =>
        JsonSerializer.Serialize(
            new Dictionary<string, object?>
            {
                ["host"] = Host,
                ["pid"] = ProcessId,
                ["process_start_utc"] = ProcessStartUtc,
                ["token"] = Token,
                ["since_utc"] = SinceUtc,
            }
        ) + "\n";

    /// <returns>The holder, or null when the text is not a lock written by this program; never throws.</returns>
    public static LockHolder? Parse(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            string? host = String(root, "host"),
                token = String(root, "token");
            if (host is null || token is null || token.Length == 0)
                return null;
            if (
                !root.TryGetProperty("pid", out JsonElement pid)
                || pid.ValueKind != JsonValueKind.Number
                || !pid.TryGetInt32(out int id)
                || id <= 0
            )
                return null;
            DateTime? since = Time(root, "since_utc");
            if (since is null)
                return null;
            return new LockHolder(host, id, Time(root, "process_start_utc"), token, since.Value);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static DateTime? Time(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value)
        && value.ValueKind == JsonValueKind.String
        && value.TryGetDateTime(out DateTime time)
            ? time.ToUniversalTime()
            : null;

    private static DateTime? StartOf(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
