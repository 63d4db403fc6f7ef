using System.Text.Json;
using System.Text.Json.Nodes;
using SparseGpu.Runs;

namespace SparseGpu.Sweeps;

/// <summary>
/// The robustness settings a run's complete.json records, as a JSON object ("robustness": {...}, or null for a
/// run that was only trained), with the explicit list of perturbations it ran. Files written before that recorded
/// them as an escaped JSON string ("robustness_key": "{...}"), and files written before the list was recorded say
/// `"perturbations": null` for the six every sweep then ran (<see
/// cref="Robustness.Perturbations.UnrecordedDefaultNames"/>; their derived `perturbation_list` is left out of the
/// comparison); all read back to the same canonical text, so old
/// sweeps stay complete.
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

    /// <summary>The perturbations a complete.json records that its run's sweep ran, or null when it records no
    /// sweep.</summary>
    public static IReadOnlyList<string>? Perturbations(JsonElement marker) =>
        Of(marker) is { } canonical && JsonNode.Parse(canonical) is JsonObject settings
            ? settings["perturbations"]?.AsArray().Select(n => n!.GetValue<string>()).ToList()
            : null;

    private static string Canonical(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return JsonSerializer.Serialize(element);
        JsonObject settings = JsonNode.Parse(element.GetRawText())!.AsObject();
        // The list as one string is derived from the list (and null in files that recorded no list).
        settings.Remove("perturbation_list");
        if (settings.TryGetPropertyValue("perturbations", out JsonNode? list) && list is null)
            settings["perturbations"] = new JsonArray([
                .. Robustness.Perturbations.UnrecordedDefaultNames.Select(n => (JsonNode)JsonValue.Create(n)!),
            ]);
        return settings.ToJsonString();
    }
}
