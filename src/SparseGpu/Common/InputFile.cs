namespace SparseGpu;

/// <summary>
/// Reads a user's input file, turning "not there", "not readable", "too large" and "not a regular file" into
/// one-line errors that name it. Reads at most the length the file had when opened (plus one byte to notice more),
/// so a file that keeps growing cannot exhaust memory; devices, pipes and sockets are refused by their type before
/// they are opened (opening a named pipe would block until a writer came).
/// </summary>
public static class InputFile
{
    /// <summary>The largest file read whole into memory (a .NET array's limit).</summary>
    public const long MaxBytes = int.MaxValue - 64;

    /// <param name="what">How the message names the file ("file", "checkpoint").</param>
    public static byte[] ReadAllBytes(string path, string what = "file") => Read(path, what, ReadBounded);

    /// <summary>The file as text, its encoding taken from a byte-order mark (UTF-8 without one).</summary>
    public static string ReadAllText(string path, string what = "file") =>
        Read(
            path,
            what,
            (p, w) =>
            {
                using StreamReader reader = Text(p, w);
                return reader.ReadToEnd();
            }
        );

    public static string[] ReadAllLines(string path, string what = "file") =>
        Read(
            path,
            what,
            (p, w) =>
            {
                using StreamReader reader = Text(p, w);
                var lines = new List<string>();
                while (reader.ReadLine() is { } line)
                    lines.Add(line);
                return lines.ToArray();
            }
        );

    private static StreamReader Text(string path, string what) =>
        new(new MemoryStream(ReadBounded(path, what)), detectEncodingFromByteOrderMarks: true);

    private static byte[] ReadBounded(string path, string what)
    {
        FileKind kind = FileKinds.OfTarget(path);
        switch (kind)
        {
            case FileKind.Directory:
                throw new SparseGpuException($"{path}: is a directory, not a {what}");
            case FileKind.NamedPipe or FileKind.Socket or FileKind.CharacterDevice or FileKind.BlockDevice:
                // Opening a pipe for reading blocks until a writer comes: refuse it by its type, before the open.
                throw new SparseGpuException($"{path}: not a regular file ({FileKinds.Describe(kind)}); give a {what}");
            case FileKind.LinkLoop:
                throw new SparseGpuException($"{path}: a symbolic link that loops, not a {what}");
        }
        using var stream = new FileStream(
            path,
            FileMode.Open,
            FileAccess.Read,
            FileShare.Read,
            1,
            FileOptions.SequentialScan
        );
        long length = stream.Length;
        if (length > MaxBytes)
            throw new SparseGpuException(
                $"{path}: the {what} is {ByteSize.Format(length)}, too large to read (at most "
                    + $"{ByteSize.Format(MaxBytes)})"
            );
        byte[] bytes = new byte[length];
        stream.ReadExactly(bytes);
        if (stream.ReadByte() != -1)
            throw new SparseGpuException(
                $"{path}: not a regular file (a device, a pipe, or a file growing while read); give a {what}"
            );
        return bytes;
    }

    private static T Read<T>(string path, string what, Func<string, string, T> read)
    {
        try
        {
            return read(path, what);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SparseGpuException($"{path}: {what} not found");
        }
        catch (EndOfStreamException)
        {
            throw new SparseGpuException($"{path}: the {what} shrank while being read");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SparseGpuException($"{path}: cannot read the {what} ({e.Message.ReplaceLineEndings(" ")})");
        }
    }
}
