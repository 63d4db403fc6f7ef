using System.Text.Json;

namespace SparseGpu.Runs;

/// <summary>The one JSON style of the program's files: snake_case names, indented.</summary>
public static class JsonFormat
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };
}
