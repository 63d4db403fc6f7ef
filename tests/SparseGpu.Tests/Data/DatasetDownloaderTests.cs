using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using SparseGpu.Data;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Data;

/// <summary>The downloader against an in-process fake server: checksums, mirrors, archives, atomic writes.</summary>
public sealed class DatasetDownloaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly byte[] TrainImages = IdxFiles.Gzip(IdxFiles.Images(4, 28, 28, (n, p) => (byte)(n + p)));
    private static readonly byte[] TrainLabels = IdxFiles.Gzip(IdxFiles.Labels([0, 1, 2, 3]));
    private static readonly byte[] TestImages = IdxFiles.Gzip(IdxFiles.Images(2, 28, 28, (n, p) => (byte)(n * p)));
    private static readonly byte[] TestLabels = IdxFiles.Gzip(IdxFiles.Labels([4, 5]));

    private static DatasetFile File(string name, byte[] content, bool sha256, params string[] urls) =>
        new(
            name,
            content.Length,
            sha256 ? Hex(SHA256.HashData(content)) : null,
            sha256 ? null : Hex(MD5.HashData(content))
        )
        {
            Urls = urls,
        };

    private static DatasetInfo Info(DatasetFile a, DatasetFile b, DatasetFile c, DatasetFile d) =>
        new("toy", "toy digits", 10, 0, false, 4, 2, a, b, c, d, "test", "test");

    [Fact]
    public void Missing_files_are_fetched_verified_and_loadable()
    {
        var server = new FakeServer
        {
            ["http://a/train-images"] = TrainImages,
            ["http://a/train-labels"] = TrainLabels,
            ["http://a/test-images"] = TestImages,
            ["http://a/test-labels"] = TestLabels,
        };
        DatasetInfo info = Info(
            File("train-images-idx3-ubyte.gz", TrainImages, true, "http://a/train-images"),
            File("train-labels-idx1-ubyte.gz", TrainLabels, false, "http://a/train-labels"),
            File("t10k-images-idx3-ubyte.gz", TestImages, true, "http://a/test-images"),
            File("t10k-labels-idx1-ubyte.gz", TestLabels, true, "http://a/test-labels")
        );
        var progress = new List<DownloadProgress>();
        using var http = new HttpClient(server);
        IReadOnlyList<string> fetched = new DatasetDownloader(http, progress.Add).EnsureFiles(info, _temp.Path);

        Assert.Equal(4, fetched.Count);
        Assert.Equal(4, progress.Count(p => p.Completed));
        DatasetSplits data = DatasetLoader.Load(_temp.Path, info);
        Assert.Equal(4, data.Train.Count);
        Assert.Equal([4, 5], data.Test.Labels);
        Assert.Empty(new DatasetDownloader(http).EnsureFiles(info, _temp.Path)); // all present and valid now
    }

    [Fact]
    public void A_failing_source_falls_back_to_the_next_one()
    {
        var server = new FakeServer { ["http://mirror/labels"] = TrainLabels };
        DatasetFile labels = File(
            "train-labels-idx1-ubyte.gz",
            TrainLabels,
            true,
            "http://down/labels",
            "http://mirror/labels"
        );
        DatasetInfo info = Info(labels, labels, labels, labels);
        using var http = new HttpClient(server);
        new DatasetDownloader(http).EnsureFiles(info, _temp.Path);
        Assert.Equal(TrainLabels, System.IO.File.ReadAllBytes(_temp.File("toy", "train-labels-idx1-ubyte.gz")));
        Assert.Contains("http://down/labels", server.Requested);
    }

    [Fact]
    public void A_checksum_mismatch_leaves_no_file_and_names_it()
    {
        var server = new FakeServer { ["http://a/labels"] = TestLabels };
        DatasetFile labels = File("train-labels-idx1-ubyte.gz", TrainLabels, true, "http://a/labels");
        DatasetInfo info = Info(labels, labels, labels, labels);
        using var http = new HttpClient(server);
        var e = Assert.Throws<SparseGpuException>(() => new DatasetDownloader(http).EnsureFiles(info, _temp.Path));
        Assert.Contains("train-labels-idx1-ubyte.gz: download failed (http://a/labels: checksum mismatch", e.Message);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Files_published_inside_a_zip_archive_are_extracted_and_the_archive_removed()
    {
        byte[] zip = Zip(
            ("gzip/train-images-idx3-ubyte.gz", TrainImages),
            ("gzip/train-labels-idx1-ubyte.gz", TrainLabels),
            ("gzip/t10k-images-idx3-ubyte.gz", TestImages),
            ("gzip/t10k-labels-idx1-ubyte.gz", TestLabels),
            ("gzip/other.gz", [1, 2, 3])
        );
        var archive = new ArchiveSource("all.zip", Hex(MD5.HashData(zip)), ["http://nist/all.zip"], "gzip/");
        DatasetFile Entry(string name, byte[] content) => File(name, content, true) with { Archive = archive };
        DatasetInfo info = Info(
            Entry("train-images-idx3-ubyte.gz", TrainImages),
            Entry("train-labels-idx1-ubyte.gz", TrainLabels),
            Entry("t10k-images-idx3-ubyte.gz", TestImages),
            Entry("t10k-labels-idx1-ubyte.gz", TestLabels)
        );
        var server = new FakeServer { ["http://nist/all.zip"] = zip };
        using var http = new HttpClient(server);
        new DatasetDownloader(http).EnsureFiles(info, _temp.Path);
        Assert.Equal(4, DatasetLoader.Load(_temp.Path, info).Train.Count);
        Assert.False(System.IO.File.Exists(_temp.File(".downloads", "all.zip")));
        Assert.Single(server.Requested);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using Stream stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    private static string Hex(byte[] digest) => Convert.ToHexStringLower(digest);

    /// <summary>Serves fixed bytes per URL; anything else is a 404.</summary>
    private sealed class FakeServer : HttpMessageHandler
    {
        private readonly Dictionary<string, byte[]> _content = [];

        public List<string> Requested { get; } = [];

        public byte[] this[string url]
        {
            set => _content[url] = value;
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string url = request.RequestUri!.ToString();
            Requested.Add(url);
            return _content.TryGetValue(url, out byte[]? bytes)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) }
                : new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        ) => Task.FromResult(Send(request, cancellationToken));
    }
}
