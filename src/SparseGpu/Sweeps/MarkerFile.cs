using System.Text;
using System.Text.Json;

namespace SparseGpu.Sweeps;

/// <summary>
/// A marker file of a run folder (complete.json, failed.json) read defensively: absent, parsed, or damaged with a
/// one-line description. A damaged marker costs its run, never the sweep, its status or its aggregate.
/// </summary>
internal sealed record MarkerFile(JsonElement? Root, string? Damage)
{
    /// <summary>Markers are a few hundred bytes; anything far larger is damage, not something to load.</summary>
    private const long MaxBytes = 1 << 16;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static MarkerFile Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                return new MarkerFile(null, System.IO.Directory.Exists(path) ? $"{path}: damaged (a directory)" : null);
            if (info.Length > MaxBytes)
                return new MarkerFile(null, $"{path}: damaged ({info.Length} bytes, not a marker)");
            // Decoded strictly first: JsonDocument leaves invalid UTF-8 inside strings to fail later, in GetString.
            // Read through InputFile: a link to a device (/dev/zero) reports length 0 and would be read forever.
            string text = StrictUtf8.GetString(InputFile.ReadAllBytes(path, "marker")).TrimStart('\uFEFF');
            using JsonDocument document = JsonDocument.Parse(text);
            return new MarkerFile(document.RootElement.Clone(), null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new MarkerFile(null, null); // removed while we looked
        }
        catch (SparseGpuException) when (!File.Exists(path))
        {
            return new MarkerFile(null, null);
        }
        catch (SparseGpuException e)
        {
            string reason = e.Message.StartsWith(path + ": ", StringComparison.Ordinal)
                ? e.Message[(path.Length + 2)..]
                : e.Message;
            return new MarkerFile(null, $"{path}: damaged ({reason})");
        }
        catch (Exception e)
            when (e is JsonException or DecoderFallbackException or IOException or UnauthorizedAccessException)
        {
            string reason = e.Message.Split(" LineNumber:")[0].ReplaceLineEndings(" ").TrimEnd('.');
            return new MarkerFile(null, $"{path}: damaged ({reason})");
        }
    }
}
