using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>The one JSON style of the program's files: snake_case names, indented.</summary>
public static class JsonFormat
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Files, not HTML: "0.1.0+abc" as written, not "0.1.0\u002Babc", and paths in their own letters.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitDefaultsOutsideRunId } },
    };

    /// <summary>
    /// Training settings whose default does not enter the run id (<see cref="TrainingSetting.DefaultEntersRunId"/>)
    /// are written only when they are not the default: config.json, checkpoint headers and the hash in sweep run ids
    /// all come from this JSON, so they stay as they were before such a setting existed.
    /// </summary>
    private static void OmitDefaultsOutsideRunId(JsonTypeInfo type)
    {
        if (type.Type != typeof(TrainingSettings))
            return;
        foreach (JsonPropertyInfo property in type.Properties)
            if (
                property.AttributeProvider is System.Reflection.PropertyInfo info
                && TrainingSettingCatalog.ByProperty(info.Name) is { DefaultEntersRunId: false } setting
            )
                property.ShouldSerialize = (_, value) => !setting.IsDefault(value);
    }
}
