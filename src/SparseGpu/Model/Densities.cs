using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparseGpu.Model;

/// <summary>
/// The fraction of possible links each sparse layer keeps: one value for every layer, or one per layer. Written as a
/// number or a list (JSON), or as "0.01" / "0.0128,3e-5,3e-5" (command line); one value is written as a bare number,
/// so the settings of a uniform network serialise exactly as they did before per-layer densities existed.
/// </summary>
[JsonConverter(typeof(DensitiesJsonConverter))]
public sealed class Densities : IEquatable<Densities>
{
    private readonly double[] _values;

    public Densities(IEnumerable<double> values)
    {
        _values = values.ToArray();
        if (_values.Length == 0)
            throw new InvalidSettingException("a density list needs at least one value");
    }

    public static Densities Uniform(double density) => new([density]);

    /// <summary>A number is the density of every sparse layer, as in the settings' JSON.</summary>
    public static implicit operator Densities(double density) => Uniform(density);

    public IReadOnlyList<double> Values => _values;

    public bool IsUniform => _values.Length == 1;

    /// <summary>The density of sparse layer <paramref name="layer"/> (0-based); a single value serves every
    /// layer.</summary>
    public double For(int layer) => IsUniform ? _values[0] : _values[layer];

    /// <summary>"0.01" or "0.0128,3e-05,3e-05", in round-trip form.</summary>
    public override string ToString() =>
        string.Join(",", _values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>A comma-separated list; <paramref name="name"/> names the value in the error.</summary>
    public static Densities Parse(string text, string name)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Any(p => p.Length == 0))
            throw new InvalidSettingException(
                $"{name} needs a number or a comma-separated list of numbers, got '{text}'"
            );
        return new Densities(
            parts.Select(p =>
                double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                    ? v
                    : throw new InvalidSettingException($"{name}: '{p}' is not a number")
            )
        );
    }

    public bool Equals(Densities? other) => other is not null && _values.SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as Densities);

    public override int GetHashCode() => _values.Aggregate(17, (h, v) => h * 31 + v.GetHashCode());
}

/// <summary>Reads a number or a list of numbers; writes one value as a number.</summary>
public sealed class DensitiesJsonConverter : JsonConverter<Densities>
{
    public override Densities Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return Densities.Uniform(reader.GetDouble());
        // A JsonException without a message lets the serializer name the property and the type, which spec readers
        // turn into "'training.density' must be a number or a list of numbers".
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException();
        var values = new List<double>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
                throw new JsonException();
            values.Add(reader.GetDouble());
        }
        if (values.Count == 0)
            throw new JsonException();
        return new Densities(values);
    }

    public override void Write(Utf8JsonWriter writer, Densities value, JsonSerializerOptions options)
    {
        if (value.IsUniform)
        {
            writer.WriteNumberValue(value.Values[0]);
            return;
        }
        writer.WriteStartArray();
        foreach (double v in value.Values)
            writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}
