using System.IO.Compression;
using System.Security.Cryptography;

namespace SparseGpu.Data;

/// <summary>Bytes received so far for one file; <see cref="TotalBytes"/> is null when the server does not
/// say.</summary>
public readonly record struct DownloadProgress(string FileName, long ReceivedBytes, long? TotalBytes, bool Completed)
{
    public string Describe() =>
        Completed
            ? $"  {FileName}: {ByteSize.Format(ReceivedBytes)} downloaded and verified"
            : $"  {FileName}: "
                + $"{ByteSize.Format(ReceivedBytes)}{(TotalBytes is { } total ? $" of {ByteSize.Format(total)}" : "")}";
}

/// <summary>
/// Fetches a data set's missing or damaged files from their official sources. Each file is verified against the
/// catalogue digest while it streams and only then renamed into place, so a failed or interrupted download never
/// leaves a file that looks complete.
/// </summary>
public sealed class DatasetDownloader : IDisposable
{
    private const string DownloadsFolder = ".downloads";
    private const int ProgressSteps = 10;
    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly Action<DownloadProgress>? _progress;

    public DatasetDownloader(HttpClient http, Action<DownloadProgress>? progress = null)
        : this(http, ownsClient: false, progress) { }

    private DatasetDownloader(HttpClient http, bool ownsClient, Action<DownloadProgress>? progress)
    {
        _http = http;
        _ownsClient = ownsClient;
        _progress = progress;
    }

    /// <summary>A downloader with its own HTTP client (20 s to connect, no limit on a large file's transfer).</summary>
    public static DatasetDownloader Open(Action<DownloadProgress>? progress = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(20) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { { "User-Agent", "SparseGpu-dataset-downloader" } },
        };
        return new DatasetDownloader(http, ownsClient: true, progress);
    }

    public void Dispose()
    {
        if (_ownsClient)
            _http.Dispose();
    }

    /// <summary>Downloads every file of <paramref name="info"/> that is missing or fails its checksum.</summary>
    /// <returns>The names of the files that were fetched.</returns>
    public IReadOnlyList<string> EnsureFiles(DatasetInfo info, string dataDirectory, CancellationToken cancel = default)
    {
        var needed = info
            .Files.Where(f => FileChecksum.Check(DataDirectory.FilePath(dataDirectory, info, f), f) != FileState.Valid)
            .ToList();
        foreach (DatasetFile file in needed.Where(f => f.Archive is null))
            DownloadDirect(file, DataDirectory.FilePath(dataDirectory, info, file), cancel);
        foreach (var group in needed.Where(f => f.Archive is not null).GroupBy(f => f.Archive!))
            ExtractFromArchive(group.Key, group.ToList(), info, dataDirectory, cancel);
        return needed.Select(f => f.FileName).ToList();
    }

    private void DownloadDirect(DatasetFile file, string target, CancellationToken cancel)
    {
        var failures = new List<string>();
        foreach (string url in file.Urls)
        {
            try
            {
                Fetch(url, file.FileName, target, file.Sha256, file.Md5, file.Bytes, cancel);
                return;
            }
            catch (Exception e)
                when (e
                        is HttpRequestException
                            or IOException
                            or UnauthorizedAccessException
                            or ChecksumMismatchException
                            or TaskCanceledException
                    && !cancel.IsCancellationRequested
                )
            {
                failures.Add($"{url}: {OneLine(e)}");
            }
        }
        throw new SparseGpuException($"{target}: download failed ({string.Join("; ", failures)})");
    }

    private void ExtractFromArchive(
        ArchiveSource archive,
        List<DatasetFile> files,
        DatasetInfo info,
        string dataDirectory,
        CancellationToken cancel
    )
    {
        string archivePath = Path.Combine(dataDirectory, DownloadsFolder, archive.FileName);
        if (!File.Exists(archivePath) || !Md5Matches(archivePath, archive.Md5))
        {
            var failures = new List<string>();
            foreach (string url in archive.Urls)
            {
                try
                {
                    Fetch(url, archive.FileName, archivePath, null, archive.Md5, null, cancel);
                    failures.Clear();
                    break;
                }
                catch (Exception e)
                    when (e
                            is HttpRequestException
                                or IOException
                                or UnauthorizedAccessException
                                or ChecksumMismatchException
                                or TaskCanceledException
                        && !cancel.IsCancellationRequested
                    )
                {
                    failures.Add($"{url}: {OneLine(e)}");
                }
            }
            if (failures.Count > 0)
                throw new SparseGpuException($"{archivePath}: download failed ({string.Join("; ", failures)})");
        }

        using (ZipArchive zip = ZipFile.OpenRead(archivePath))
        {
            foreach (DatasetFile file in files)
            {
                string entryName = archive.EntryDirectory + file.FileName;
                ZipArchiveEntry entry =
                    zip.GetEntry(entryName) ?? throw new SparseGpuException($"{archivePath}: has no entry {entryName}");
                string target = DataDirectory.FilePath(dataDirectory, info, file);
                using Stream source = entry.Open();
                try
                {
                    CopyVerified(source, target, file.FileName, file.Sha256, file.Md5, entry.Length, cancel);
                }
                catch (ChecksumMismatchException e)
                {
                    throw new SparseGpuException($"{target}: {e.Message} after extraction from {archivePath}");
                }
            }
        }
        // The archive holds every EMNIST split (over 500 MB); once our files are out it is only clutter.
        File.Delete(archivePath);
    }

    private void Fetch(
        string url,
        string name,
        string target,
        string? sha256,
        string? md5,
        long? expectedBytes,
        CancellationToken cancel
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using HttpResponseMessage response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        long? total = response.Content.Headers.ContentLength ?? expectedBytes;
        using Stream body = response.Content.ReadAsStream(cancel);
        CopyVerified(body, target, name, sha256, md5, total, cancel);
    }

    /// <summary>Streams into a temporary file, hashing on the way, and renames it into place only if it
    /// verifies.</summary>
    private void CopyVerified(
        Stream source,
        string target,
        string name,
        string? sha256,
        string? md5,
        long? total,
        CancellationToken cancel
    )
    {
        using IncrementalHash hash = sha256 is not null
            ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256)
            : IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        string expected =
            sha256 ?? md5 ?? throw new InvalidOperationException($"{name} has no digest in the catalogue");
        AtomicFile.Write(
            target,
            output =>
            {
                byte[] buffer = new byte[1 << 16];
                long received = 0;
                long lastReport = 0;
                long reportEvery = Math.Max(1 << 20, (total ?? 40L << 20) / ProgressSteps);
                int read;
                while ((read = source.Read(buffer)) > 0)
                {
                    cancel.ThrowIfCancellationRequested();
                    output.Write(buffer, 0, read);
                    hash.AppendData(buffer, 0, read);
                    received += read;
                    if (received - lastReport >= reportEvery)
                    {
                        _progress?.Invoke(new DownloadProgress(name, received, total, false));
                        lastReport = received;
                    }
                }
                string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                    throw new ChecksumMismatchException($"checksum mismatch: got {actual}, expected {expected}");
                _progress?.Invoke(new DownloadProgress(name, received, total, true));
            }
        );
    }

    private static bool Md5Matches(string path, string md5)
    {
        using FileStream stream = File.OpenRead(path);
        return FileChecksum.Matches(stream, null, md5);
    }

    private static string OneLine(Exception e)
    {
        string message = e is TaskCanceledException ? "timed out" : e.Message;
        if (
            e is HttpRequestException
            && e.InnerException is { } inner
            && !message.Contains(inner.Message, StringComparison.Ordinal)
        )
            message += $" ({inner.Message})";
        return message.ReplaceLineEndings(" ");
    }

    private sealed class ChecksumMismatchException(string message) : Exception(message);
}
