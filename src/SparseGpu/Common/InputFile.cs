namespace SparseGpu;

/// <summary>Reads a user's input file, turning "not there" and "not readable" into one-line errors that name it.</summary>
public static class InputFile
{
    /// <param name="what">How the message names the file ("file", "checkpoint").</param>
    public static byte[] ReadAllBytes(string path, string what = "file") => Read(path, what, File.ReadAllBytes);

    public static string[] ReadAllLines(string path, string what = "file") => Read(path, what, File.ReadAllLines);

    private static T Read<T>(string path, string what, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SparseGpuException($"{path}: {what} not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SparseGpuException($"{path}: cannot read the {what} ({e.Message.ReplaceLineEndings(" ")})");
        }
    }
}
