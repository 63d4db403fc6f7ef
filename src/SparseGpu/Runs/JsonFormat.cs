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
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers = { OmitDefaultsOutsideRunId, MethodNamedMethod },
        },
    };

    /// <summary>
    /// The settings as sweep run ids have always hashed them: the method under its first name, `regrowth`. Renaming
    /// it in the hash would give every existing sweep new ids and orphan its finished runs.
    /// </summary>
    public static readonly JsonSerializerOptions RunId = new(Options)
    {
        WriteIndented = false,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitDefaultsOutsideRunId } },
    };

    /// <summary>
    /// config.json and checkpoint headers name the method `method`, as `--method` and the spec's `methods` do (they
    /// said `regrowth`); files written before still read, through a `regrowth` name that is read and never written.
    /// </summary>
    private static void MethodNamedMethod(JsonTypeInfo type)
    {
        if (type.Type != typeof(TrainingSettings))
            return;
        JsonPropertyInfo? method = type.Properties.FirstOrDefault(p => p.Name == "regrowth");
        if (method is null)
            return;
        method.Name = "method";
        JsonPropertyInfo legacy = type.CreateJsonPropertyInfo(typeof(string), "regrowth");
        legacy.Set = method.Set;
        type.Properties.Add(legacy);
    }

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
