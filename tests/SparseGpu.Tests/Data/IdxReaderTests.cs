using SparseGpu.Data;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_and_labels_plain_or_gzipped(bool gzip)
    {
        byte[] images = IdxFiles.Images(3, 2, 4, (n, p) => (byte)(10 * n + p));
        byte[] labels = IdxFiles.Labels([7, 0, 9]);
        string imagesPath = Write("images", gzip ? IdxFiles.Gzip(images) : images);
        string labelsPath = Write("labels", gzip ? IdxFiles.Gzip(labels) : labels);

        IdxImages read = IdxReader.ReadImages(imagesPath);
        Assert.Equal((3, 2, 4), (read.Count, read.Rows, read.Columns));
        Assert.Equal(images.AsSpan(16).ToArray(), read.Pixels);
        Assert.Equal([7, 0, 9], IdxReader.ReadLabels(labelsPath));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        string path = _temp.File("nothing-here.gz");
        var e = Assert.Throws<SparseGpuException>(() => IdxReader.ReadLabels(path));
        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Fact]
    public void A_truncated_gzip_file_is_refused()
    {
        byte[] gz = IdxFiles.Gzip(IdxFiles.Images(50, 28, 28, (n, p) => (byte)(n * p)));
        string path = Write("cut.gz", gz[..(gz.Length / 2)]);
        var e = Assert.Throws<SparseGpuException>(() => IdxReader.ReadImages(path));
        Assert.StartsWith($"{path}: ", e.Message);
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void Wrong_magic_is_refused()
    {
        string path = Write("labels-as-images", IdxFiles.Labels([1, 2, 3]));
        var e = Assert.Throws<SparseGpuException>(() => IdxReader.ReadImages(path));
        Assert.Contains("wrong magic 0x00000801, expected 0x00000803", e.Message);
    }

    [Fact]
    public void Data_shorter_than_the_header_announces_is_refused()
    {
        byte[] images = IdxFiles.Images(4, 3, 3, (_, _) => 1);
        string path = Write("short", images[..^5]);
        var e = Assert.Throws<SparseGpuException>(() => IdxReader.ReadImages(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("4 images of 3x3", e.Message);
    }

    [Fact]
    public void Bytes_after_the_announced_data_are_refused()
    {
        string path = Write("long", [.. IdxFiles.Labels([1, 2]), 0, 0]);
        var e = Assert.Throws<SparseGpuException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("2 bytes after the 2 labels", e.Message);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = _temp.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
