using System.Collections.Concurrent;

namespace SparseGpu;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a half-written
/// file: the bytes go to a temporary file `.NAME.PID.GUID.tmp` in the same directory, are flushed to disk, then
/// renamed over the target. Temporary files of writes that were killed (their process is gone) are deleted by the
/// next write of the same file; those of this process are deleted when it is stopped by a signal.
/// </summary>
public static class AtomicFile
{
    private static readonly ConcurrentDictionary<string, byte> Unfinished = new();
    private static volatile bool _abandoned;

    public static void Write(string path, Action<Stream> writeContent)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        OutputPath.RequireReplaceable(path);
        Directory.CreateDirectory(directory);
        StaleTemporaryFiles.DeleteFor(fullPath);
        string temporary = Path.Combine(
            directory,
            $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"
        );
        Unfinished[temporary] = 0;
        try
        {
            using (
                var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)
            )
            {
                if (_abandoned)
                    throw new OperationCanceledException("the process is stopping");
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (IOException e)
        {
            // The user knows the target, not our temporary name (a full disk said "No space left on device :
            // '.model.ckpt.123.abc.tmp'"); the old content is still in place.
            TryDelete(temporary);
            throw new SparseGpuException(
                $"{fullPath}: cannot write ({Reason(e, temporary)}); the file is unchanged",
                e
            );
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        finally
        {
            Unfinished.TryRemove(temporary, out _);
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(
            path,
            stream =>
            {
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                writer.Write(text);
            }
        );

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Deletes the temporary files of every write in progress and makes new writes fail: called just before the
    /// process ends on a signal, so that a forced stop leaves the old files and nothing else.
    /// </summary>
    public static void AbandonAll()
    {
        _abandoned = true;
        foreach (string temporary in Unfinished.Keys)
            TryDelete(temporary);
    }

    private static string Reason(IOException e, string temporary) =>
        e
            .Message.Replace($" : '{temporary}'", "")
            .Replace($"'{temporary}'", "the temporary file")
            .ReplaceLineEndings(" ")
            .Trim();

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
