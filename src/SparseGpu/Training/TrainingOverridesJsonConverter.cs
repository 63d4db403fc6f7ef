using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SparseGpu.Training;

/// <summary>
/// Overrides as a JSON object keyed by <see cref="TrainingSetting.SpecKey"/> (a spec's `training` block). An
/// unknown key or a value of the wrong kind is the serializer's own error, with the key in its path, so spec
/// readers name it as they name every other property ("'training.epochs' must be an integer").
/// </summary>
public sealed class TrainingOverridesJsonConverter : JsonConverter<TrainingOverrides>
{
    public override TrainingOverrides Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject block)
            throw new JsonException($"The JSON value could not be converted to {typeof(TrainingOverrides)}.");
        TrainingOverrides overrides = TrainingOverrides.None;
        foreach ((string key, JsonNode? value) in block)
        {
            TrainingSetting setting =
                TrainingSettingCatalog.BySpecKey(key)
                ?? throw new JsonException(
                    $"The JSON property '{key}' could not be mapped to any .NET member contained in type "
                        + $"'{typeof(TrainingOverrides)}'.",
                    $"$.{key}",
                    null,
                    null
                );
            if (value is null)
                continue;
            try
            {
                overrides = overrides.WithValue(setting, setting.ReadJson(value, options));
            }
            catch (JsonException e)
            {
                string inner = e.Path is { Length: > 1 } path ? path[1..] : "";
                throw new JsonException(e.Message, $"$.{key}{inner}", null, null, e);
            }
        }
        return overrides;
    }

    public override void Write(Utf8JsonWriter writer, TrainingOverrides value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach ((TrainingSetting setting, object given) in value.Given)
        {
            writer.WritePropertyName(setting.SpecKey);
            JsonSerializer.Serialize(writer, given, given.GetType(), options);
        }
        writer.WriteEndObject();
    }
}
