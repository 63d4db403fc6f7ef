using System.Text.Json;
using System.Text.RegularExpressions;

namespace SparseGpu.Sweeps;

/// <summary>
/// A System.Text.Json error in a spec, said in the spec's own words: the property path and the kind of value it
/// takes ("'training.epochs' must be an integer"), never .NET type names such as System.Nullable`1[System.Int32].
/// </summary>
public static partial class SpecJsonError
{
    public static string Describe(JsonException e)
    {
        string message = e.Message.Split(". Path:")[0].Split(" LineNumber:")[0].ReplaceLineEndings(" ").TrimEnd('.');
        string property = Property(e.Path);
        Match converted = ConvertedTo().Match(message);
        if (converted.Success)
        {
            string expected = Expected(converted.Groups[1].Value);
            return property.Length == 0 ? $"the spec must be {expected}" : $"'{property}' must be {expected}";
        }
        Match unmapped = Unmapped().Match(message);
        if (unmapped.Success)
        {
            string parent = property.Contains('.') ? property[..property.LastIndexOf('.')] : "";
            string key = unmapped.Groups[1].Value;
            return $"unknown property '{key}'"
                + (parent.Length > 0 ? $" in '{parent}'" : "")
                + TypoHint.Suffix(key, KnownKeys(unmapped.Groups[2].Value));
        }
        Match duplicate = Duplicate().Match(message);
        if (duplicate.Success)
        {
            // Path names the object or the duplicate itself, depending on where the reader stopped.
            string key = duplicate.Groups[1].Value;
            string parent =
                property == key || property.EndsWith("." + key, StringComparison.Ordinal)
                    ? property[..^key.Length].TrimEnd('.')
                    : property;
            return $"{(parent.Length > 0 ? parent + "." : "")}{key} is given twice";
        }
        // Anything else (a syntax error) names no type; strip one anyway rather than print it.
        return DotNetType().Replace(message, "a value of another kind");
    }

    /// <summary>The keys an object of the named .NET type takes in a spec, for "did you mean".</summary>
    private static IEnumerable<string> KnownKeys(string typeName)
    {
        if (typeName == typeof(Training.TrainingOverrides).FullName)
            return Training.TrainingSettingCatalog.All.Select(s => s.SpecKey);
        Type? type = typeof(SpecJsonError).Assembly.GetType(typeName);
        if (type is null)
            return [];
        return type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(p =>
                p.CanWrite
                && p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true).Length == 0
            )
            .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));
    }

    /// <summary>"$.training.epochs" → "training.epochs"; "$.seeds[2]" → "seeds[2]"; "$" → "".</summary>
    private static string Property(string? path) =>
        path is null || path == "$" ? ""
        : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : path.TrimStart('$');

    private static string Expected(string type)
    {
        Match nullable = NullableOf().Match(type);
        if (nullable.Success)
            type = nullable.Groups[1].Value;
        if (type.EndsWith("[]", StringComparison.Ordinal))
            return "a list of " + Plural(Expected(type[..^2]));
        return type.Split('.')[^1] switch
        {
            "Int16" or "Int32" or "Int64" => "an integer",
            "UInt16" or "UInt32" or "UInt64" => "a non-negative integer",
            "Single" or "Double" or "Decimal" => "a number",
            "String" => "a string",
            "Boolean" => "true or false",
            "Densities" => "a number or a list of numbers (one per sparse layer)",
            _ => "an object",
        };
    }

    private static string Plural(string kind) =>
        kind switch
        {
            "true or false" => "true/false values",
            _ => (
                kind.StartsWith("an ", StringComparison.Ordinal) ? kind[3..]
                : kind.StartsWith("a ", StringComparison.Ordinal) ? kind[2..]
                : kind
            ) + "s",
        };

    [GeneratedRegex(@"could not be converted to (\S+)$")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(
        @"^The JSON property '([^']*)' could not be mapped to any \.NET member contained in type '([^']*)'"
    )]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"^Duplicate property '([^']*)'")]
    private static partial Regex Duplicate();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"(System|SparseGpu)\.[\w`\[\]\.]+")]
    private static partial Regex DotNetType();
}
