using System.Globalization;
using System.Text;

namespace SparseGpu;

/// <summary>
/// One field of a CSV row, already formatted: text is quoted where RFC 4180 needs it, numbers use the invariant
/// culture. There is no implicit conversion from double, so every table says how its numbers are written.
/// </summary>
public readonly record struct CsvCell(string Text)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static implicit operator CsvCell(string text) => new(Quoted(text));

    public static implicit operator CsvCell(int value) => new(value.ToString(Invariant));

    public static implicit operator CsvCell(long value) => new(value.ToString(Invariant));

    public static implicit operator CsvCell(ulong value) => new(value.ToString(Invariant));

    public static implicit operator CsvCell(bool value) => new(value ? "true" : "false");

    /// <summary>Round-trip precision ("R"): what is read back is the value written.</summary>
    public static CsvCell Exact(double value) => new(value.ToString("R", Invariant));

    /// <summary>Round-trip, with an undefined value (NaN) as an empty field and no path at all as -Infinity.</summary>
    public static CsvCell Number(double value) =>
        new(
            double.IsNaN(value) ? ""
            : double.IsNegativeInfinity(value) ? "-Infinity"
            : value.ToString("R", Invariant)
        );

    /// <summary>Six decimals at most, for summaries read by people; NaN and null are empty fields.</summary>
    public static CsvCell Rounded(double? value) =>
        new(value is { } v && !double.IsNaN(v) ? v.ToString("0.######", Invariant) : "");

    /// <summary>At most <paramref name="digits"/> significant digits (scores read by people and tools alike).</summary>
    public static CsvCell Significant(double value, int digits) => new(value.ToString("G" + digits, Invariant));

    /// <summary>A fixed number of decimals (timings).</summary>
    public static CsvCell Fixed(double value, int decimals) => new(value.ToString("F" + decimals, Invariant));

    /// <summary>An integer that may be missing (empty field).</summary>
    public static CsvCell Optional(long? value) => new(value?.ToString(Invariant) ?? "");

    /// <summary>Minimal RFC 4180: quotes only where a value holds a comma, quote or line break.</summary>
    public static string Quoted(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}

/// <summary>
/// The one writer of every CSV table the program produces: a header, comma-separated cells, '\n' line ends, every
/// row as wide as the header. Tables that fit in memory go to disk atomically (<see cref="WriteFile"/>), so a
/// reader never sees half a table; long streams (link scores) write through as they go.
/// </summary>
public sealed class CsvWriter
{
    private readonly TextWriter _writer;
    private readonly int _columns;

    public CsvWriter(TextWriter writer, IEnumerable<string> columns)
    {
        _writer = writer;
        string[] names = columns.ToArray();
        _columns = names.Length;
        _writer.Write(HeaderLine(names));
        _writer.Write('\n');
    }

    /// <summary>The header's text without its line end, for files whose header is compared or appended to.</summary>
    public static string HeaderLine(IEnumerable<string> columns) => string.Join(",", columns.Select(CsvCell.Quoted));

    public void Row(params ReadOnlySpan<CsvCell> cells)
    {
        if (cells.Length != _columns)
            throw new InvalidOperationException(
                $"a CSV row of {cells.Length} cells under a header of {_columns} columns"
            );
        _writer.Write(Line(cells));
        _writer.Write('\n');
    }

    /// <summary>A table built in memory and written atomically.</summary>
    public static void WriteFile(string path, IEnumerable<string> columns, Action<CsvWriter> rows) =>
        AtomicFile.WriteAllText(path, Table(columns, rows));

    /// <summary>A table as text.</summary>
    public static string Table(IEnumerable<string> columns, Action<CsvWriter> rows)
    {
        var text = new StringWriter(new StringBuilder(), CultureInfo.InvariantCulture) { NewLine = "\n" };
        rows(new CsvWriter(text, columns));
        return text.ToString();
    }

    /// <summary>One row's text without its line end, for files appended a row at a time.</summary>
    public static string Line(params ReadOnlySpan<CsvCell> cells)
    {
        var line = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0)
                line.Append(',');
            line.Append(cells[i].Text);
        }
        return line.ToString();
    }

    /// <summary>Column names from a header line as the files spell it.</summary>
    public static string[] Columns(string header) => header.Split(',');
}
