using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparseGpu.Runs;

/// <summary>
/// events.jsonl of a run directory: one JSON object per line, each with a <c>type</c> and the UTC <c>time</c> it
/// was written, appended and flushed line by line, so `tail -f` follows a run and pandas' <c>read_json(path,
/// lines=True)</c> reads it. A resumed run appends to the same file. A line is written whole or not at all: a line
/// cut short by a killed process or a full disk is dropped when the log is next opened.
/// </summary>
public sealed class RunEventLog : IDisposable
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    private readonly FileStream _stream;
    private readonly Func<DateTime> _clock;

    private RunEventLog(FileStream stream, Func<DateTime> clock)
    {
        _stream = stream;
        _clock = clock;
    }

    /// <summary>Opens (or creates) the log for appending, first dropping an unfinished last line.</summary>
    public static RunEventLog Open(string path, Func<DateTime>? clock = null)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            stream.SetLength(CompleteLength(stream));
            stream.Seek(0, SeekOrigin.End);
            return new RunEventLog(stream, clock ?? (() => DateTime.UtcNow));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One event: <paramref name="type"/>, the time, then the public properties of <paramref name="fields"/> (an
    /// anonymous object) with snake_case names. NaN and infinities are written as the strings "NaN", "Infinity"
    /// and "-Infinity".
    /// </summary>
    public void Write(string type, object fields)
    {
        var buffer = new MemoryStream();
        // Relaxed escaping: paths, the program version's '+' and class names stay readable in `tail -f`.
        using (
            var json = new Utf8JsonWriter(
                buffer,
                new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
            )
        )
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteString(
                "time",
                _clock().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            );
            foreach (JsonProperty field in JsonSerializer.SerializeToElement(fields, Options).EnumerateObject())
                field.WriteTo(json);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        // One write of the whole line, then to the OS at once: a reader never waits for a buffer to fill.
        _stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        _stream.Flush();
    }

    /// <summary><see cref="Write"/> where the run is failing already: a log that cannot be written (a full disk)
    /// must not hide the error that ends the run.</summary>
    public void TryWrite(string type, object fields)
    {
        try
        {
            Write(type, fields);
        }
        catch (IOException) { }
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>The length up to and including the last line end.</summary>
    private static long CompleteLength(FileStream stream)
    {
        long length = stream.Length;
        var one = new byte[1];
        for (long end = length; end > 0; end--)
        {
            stream.Seek(end - 1, SeekOrigin.Begin);
            if (stream.Read(one, 0, 1) == 1 && one[0] == (byte)'\n')
                return end;
        }
        return 0;
    }
}
