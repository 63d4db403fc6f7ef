using System.Text.Json;
using SparseGpu.Runs;

namespace SparseGpu.Sweeps;

/// <summary>
/// The robustness settings a run's complete.json records, as a JSON object ("robustness": {...}, or null for a
/// run that was only trained). Files written before that recorded them as an escaped JSON string
/// ("robustness_key": "{...}"); both read back to the same canonical text, so old sweeps stay complete.
/// </summary>
public static class RecordedRobustness
{
    /// <summary>Compact JSON of the settings, for comparison.</summary>
    public static string Canonical(SweepRobustness? robustness) =>
        Canonical(JsonSerializer.SerializeToElement(robustness, JsonFormat.Options));

    /// <summary>The canonical settings a complete.json records, or null when it records none.</summary>
    public static string? Of(JsonElement marker)
    {
        if (marker.ValueKind != JsonValueKind.Object)
            return null;
        if (marker.TryGetProperty("robustness", out JsonElement settings))
            return Canonical(settings);
        if (marker.TryGetProperty("robustness_key", out JsonElement key) && key.ValueKind == JsonValueKind.String)
        {
            try
            {
                using JsonDocument old = JsonDocument.Parse(key.GetString()!);
                return Canonical(old.RootElement);
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return null;
    }

    private static string Canonical(JsonElement element) => JsonSerializer.Serialize(element);
}
