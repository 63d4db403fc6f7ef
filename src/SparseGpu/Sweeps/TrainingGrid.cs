using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SparseGpu.Training;

namespace SparseGpu.Sweeps;

/// <summary>One training setting that a spec lists several values for, e.g. "weight_decay": [0, 1e-5, 5e-4].</summary>
public sealed record GridAxis(string Name, IReadOnlyList<JsonNode> Values);

/// <summary>One combination of the varied settings: the overrides to train with and the values as text.</summary>
public sealed record GridPoint(TrainingOverrides Overrides, IReadOnlyList<VariedSetting> Varied);

/// <summary>A setting that differs between the runs of a sweep, by its spec name ("weight_decay") and value.</summary>
public sealed record VariedSetting(string Name, string Value);

/// <summary>
/// A spec's `training` block. Every setting may be one value, shared by all runs, or a list of values: the spec
/// then trains the cross product of all lists (in the order they are written). A setting whose value is itself a
/// list (`hidden`) varies when given a list of lists. Data set, method and seed never appear here: they vary
/// through the spec's own lists.
/// </summary>
[JsonConverter(typeof(TrainingGridConverter))]
public sealed record TrainingGrid
{
    /// <summary>Settings not listed as lists, common to every run.</summary>
    public TrainingOverrides Shared { get; init; } = new();

    public IReadOnlyList<GridAxis> Axes { get; init; } = [];

    /// <summary>The block as written, kept so the spec can be written back unchanged.</summary>
    internal JsonObject Source { get; init; } = [];

    /// <summary>Every combination of the axes' values; one point (nothing varied) when no setting is a list.</summary>
    public IReadOnlyList<GridPoint> Points(JsonSerializerOptions options)
    {
        var points = new List<GridPoint> { new(Shared, []) };
        foreach (GridAxis axis in Axes)
            points = points
                .SelectMany(point => axis.Values.Select(value => Extend(point, axis.Name, value, options)))
                .ToList();
        return points;
    }

    private GridPoint Extend(GridPoint point, string name, JsonNode value, JsonSerializerOptions options)
    {
        var merged = (JsonObject)JsonSerializer.SerializeToNode(point.Overrides, options)!;
        foreach (var property in merged.Where(p => p.Value is null).ToList())
            merged.Remove(property.Key);
        merged[name] = value.DeepClone();
        TrainingOverrides overrides = merged.Deserialize<TrainingOverrides>(options)!;
        return new GridPoint(overrides, [.. point.Varied, new VariedSetting(name, Show(value))]);
    }

    /// <summary>A value as the CLI would take it: numbers as written in the spec, lists comma-separated.</summary>
    public static string Show(JsonNode value) =>
        value switch
        {
            JsonArray list => string.Join(",", list.Select(v => v is null ? "" : Show(v))),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            _ => value.ToString(),
        };
}

/// <summary>Reads a `training` block into shared settings and axes; unknown names and wrong types stay
/// errors.</summary>
public sealed class TrainingGridConverter : JsonConverter<TrainingGrid>
{
    /// <summary>The block as a node, refusing a setting given twice: JsonObject threw ArgumentException on such a
    /// block (a crash the spec fuzzer found), and "the last one wins" would silently drop the first.</summary>
    private static JsonNode? ParseWithoutDuplicates(ref Utf8JsonReader reader)
    {
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
                if (!names.Add(property.Name))
                    throw new JsonException($"training.{property.Name} is given twice");
        }
        return JsonNode.Parse(document.RootElement.GetRawText());
    }

    public override TrainingGrid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (ParseWithoutDuplicates(ref reader) is not JsonObject block)
            throw new JsonException("'training' must be an object of settings");
        var shared = new JsonObject();
        var axes = new List<GridAxis>();
        foreach ((string name, JsonNode? value) in block)
        {
            if (value is null)
                throw new JsonException($"training.{name} is null; give a value or leave it out");
            // A single value here would be replaced by each run's own, silently: refused like a list.
            if (TrainingSettingCatalog.BySpecKey(name)?.SpecList is { } list)
                throw new JsonException($"training.{name} is not set here: it varies through '{list}'");
            bool listValued = TrainingSettingCatalog.BySpecKey(name)?.IsList ?? false;
            bool isList = value is JsonArray array && (!listValued || array.Count == 0 || array[0] is JsonArray);
            if (!isList)
            {
                shared[name] = value.DeepClone();
                continue;
            }
            var values = ((JsonArray)value).ToList();
            if (values.Count == 0)
                throw new JsonException($"training.{name} is an empty list");
            if (values.Any(v => v is null))
                throw new JsonException($"training.{name} lists a null");
            if (values.Select(v => v!.ToJsonString()).Distinct().Count() != values.Count)
                throw new JsonException($"training.{name} lists a value twice");
            foreach (JsonNode? v in values)
                Settings(new JsonObject { [name] = v!.DeepClone() }, options);
            axes.Add(new GridAxis(name, values.Select(v => v!).ToList()));
        }
        return new TrainingGrid
        {
            Shared = Settings(shared, options),
            Axes = axes,
            Source = block,
        };
    }

    public override void Write(Utf8JsonWriter writer, TrainingGrid value, JsonSerializerOptions options) =>
        value.Source.WriteTo(writer, options);

    /// <summary>Settings read from (part of) the block; an error names the property as the spec does
    /// ("'training.epochs' must be an integer"), and the spec reader adds the line of the block.</summary>
    private static TrainingOverrides Settings(JsonObject block, JsonSerializerOptions options)
    {
        try
        {
            return block.Deserialize<TrainingOverrides>(options) ?? new TrainingOverrides();
        }
        catch (JsonException e)
        {
            string path = "$.training" + (e.Path ?? "$")[1..];
            throw new JsonException(SpecJsonError.Describe(new JsonException(e.Message, path, null, null)));
        }
    }
}
