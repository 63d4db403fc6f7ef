using SparseGpu.Data;
using SparseGpu.Export;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Data;

public sealed class OwnDatasetTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_idx_folder_of_10x12_images_loads_with_its_size_and_the_classes_its_labels_give()
    {
        string folder = OwnDataFiles.WriteIdxFolder(_temp.File("own"));
        DatasetSplits data = OwnDataset.Load(folder);
        Assert.Equal((10, 12, 3), (data.Train.Rows, data.Train.Columns, data.Train.Classes));
        Assert.Equal((120, 60), (data.Train.Count, data.Test.Count));
        Assert.Equal(folder, data.Info.Name);
        Assert.Matches("^[0-9a-f]{64}$", data.Sha256);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_npz_written_here_holds_the_same_data_as_the_idx_folder_so_it_has_the_same_identity(bool asFloat)
    {
        string npz = OwnDataFiles.WriteNpz(_temp.File("own.npz"), asFloat);
        DatasetSplits fromNpz = OwnDataset.Load(npz);
        DatasetSplits fromIdx = OwnDataset.Load(OwnDataFiles.WriteIdxFolder(_temp.File("own")));
        Assert.Equal(fromIdx.Train.Pixels, fromNpz.Train.Pixels);
        Assert.Equal(fromIdx.Test.Labels, fromNpz.Test.Labels);
        Assert.Equal(fromIdx.Sha256, fromNpz.Sha256);
    }

    [Fact]
    public void Changed_labels_change_the_identity()
    {
        string a = OwnDataFiles.WriteNpz(_temp.File("a.npz"), asFloat: false);
        var (pixels, labels) = OwnDataFiles.Synthetic(120, 1);
        (labels[0], labels[1]) = (labels[1], labels[0]);
        string b = Write("b.npz", x: pixels, y: labels.Select(l => (long)l).ToArray());
        Assert.NotEqual(OwnDataset.Load(a).Sha256, OwnDataset.Load(b).Sha256);
    }

    [Fact]
    public void An_npz_written_by_numpy_loads_float64_images_of_n_by_d_and_uint8_images_of_n_by_h_by_w()
    {
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3", "python3");
        ExternalTool.RequireThat(Python.Has(python, "import numpy"), "python3 with numpy");
        string script = string.Join(
            "\n",
            "import sys, numpy as np",
            "rng = np.random.default_rng(0)",
            "y_train = np.arange(90) % 3; y_test = np.arange(30) % 3",
            "x_train = rng.random((90, 20)); x_test = rng.random((30, 20))",
            "np.savez_compressed(sys.argv[1], x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)",
            "np.savez(sys.argv[2], x_train=(x_train * 255).astype(np.uint8).reshape(90, 4, 5), "
                + "y_train=y_train.astype(np.uint8), x_test=(x_test * 255).astype(np.uint8).reshape(30, 4, 5), "
                + "y_test=y_test.astype(np.int32))",
            "print(int(round(x_train[0, 7] * 255)))"
        );
        File.WriteAllText(_temp.File("write.py"), script);
        string floats = _temp.File("floats.npz"),
            bytes = _temp.File("bytes.npz");
        string output = Python.Run(python, _temp.File("write.py"), floats, bytes);
        DatasetSplits a = OwnDataset.Load(floats);
        DatasetSplits b = OwnDataset.Load(bytes);
        Assert.Equal((1, 20, 3, 90, 30), (a.Train.Rows, a.Train.Columns, a.Train.Classes, a.Train.Count, a.Test.Count));
        Assert.Equal((4, 5, 3), (b.Train.Rows, b.Train.Columns, b.Train.Classes));
        Assert.Equal(int.Parse(output.Trim()), a.Train.Pixels[7]);
    }

    [Fact]
    public void A_missing_idx_file_is_named()
    {
        string folder = OwnDataFiles.WriteIdxFolder(_temp.File("own"));
        File.Delete(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));
        Assert.Contains("no file named *t10k-labels-idx1-ubyte or *test-labels-idx1-ubyte[.gz]", Error(folder));
    }

    [Fact]
    public void Idx_counts_that_differ_are_named()
    {
        string folder = OwnDataFiles.WriteIdxFolder(_temp.File("own"));
        File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), IdxFiles.Labels([0, 1, 2]));
        Assert.EndsWith(
            "t10k-images-idx3-ubyte.gz: holds 60 images but "
                + folder
                + "/t10k-labels-idx1-ubyte.gz "
                + "holds 3 labels",
            Error(folder)
        );
    }

    [Fact]
    public void A_missing_array_is_named_with_those_the_file_holds()
    {
        var (pixels, labels) = OwnDataFiles.Synthetic(6, 1);
        string npz = OwnDataFiles.WriteArrays(
            _temp.File("bad.npz"),
            new Dictionary<string, Action<Stream>>
            {
                ["x_train"] = s => NpyFormat.Write(s, pixels, 6, 10, 12),
                ["y_train"] = s => NpyFormat.Write(s, labels.Select(l => (long)l).ToArray()),
            }
        );
        Assert.Equal(
            $"{npz}: no array 'x_test' (it holds x_train, y_train; own data needs x_train, y_train, x_test, y_test)",
            Error(npz)
        );
    }

    [Fact]
    public void Mismatched_counts_in_an_npz_are_named()
    {
        var (pixels, labels) = OwnDataFiles.Synthetic(6, 1);
        string npz = Write("bad.npz", x: pixels, y: labels.Take(5).Select(l => (long)l).ToArray());
        Assert.Equal($"{npz}: x_train: holds 6 images but {npz}: y_train holds 5 labels", Error(npz));
    }

    [Fact]
    public void Pixels_of_a_wrong_dtype_are_refused()
    {
        string npz = Write("bad.npz", xWriter: s => NpyFormat.Write(s, new int[6 * 120], 6, 10, 12));
        Assert.Contains("x_train: dtype '<i4' is not a pixel type; use uint8 (0..255) or float32/float64", Error(npz));
    }

    [Fact]
    public void Float_labels_are_refused()
    {
        string npz = Write("bad.npz", yWriter: s => NpyFormat.Write(s, new float[6]));
        Assert.Contains("y_train: labels must be a 1-D integer array, got dtype '<f4' shape (6,)", Error(npz));
    }

    [Fact]
    public void Float_pixels_outside_0_to_1_are_named_with_where_they_are()
    {
        float[] pixels = new float[6 * 120];
        pixels[125] = 1.5f;
        string npz = Write("bad.npz", xWriter: s => NpyFormat.Write(s, pixels, 6, 10, 12));
        Assert.Equal(
            $"{npz}: x_train: pixel 1.5 at flat index 125 is outside [0, 1] (divide bytes by 255, or store uint8)",
            Error(npz)
        );
    }

    [Fact]
    public void Labels_that_give_one_class_are_refused()
    {
        var (pixels, _) = OwnDataFiles.Synthetic(6, 1);
        string npz = Write("bad.npz", x: pixels, y: new long[6], testY: new long[3]);
        Assert.Equal($"{npz}: the labels give 1 class; own data needs at least 2 (labels 0..C-1)", Error(npz));
    }

    [Fact]
    public void Labels_that_skip_a_class_or_are_negative_are_refused()
    {
        var (pixels, _) = OwnDataFiles.Synthetic(6, 1);
        string gap = Write("gap.npz", x: pixels, y: [0, 2, 0, 2, 0, 2]);
        Assert.Contains("labels must be 0..2 with each class in the training split; ", Error(gap));
        string negative = Write("negative.npz", x: pixels, y: [0, 1, -1, 1, 0, 1]);
        Assert.Contains("y_train: label -1 at index 2 is not in 0..255", Error(negative));
    }

    [Fact]
    public void An_empty_split_is_refused()
    {
        string npz = Write("bad.npz", testX: [], testY: []);
        Assert.Equal($"{npz}: the test split is empty", Error(npz));
    }

    [Fact]
    public void A_path_that_is_neither_a_folder_nor_an_npz_is_refused()
    {
        Assert.StartsWith("--dataset '" + _temp.File("nothing.npz") + "' is neither", Error(_temp.File("nothing.npz")));
        File.WriteAllText(_temp.File("data.csv"), "1,2");
        Assert.EndsWith(
            "is a file but not an .npz; own data is a folder of IDX files or an .npz",
            Error(_temp.File("data.csv"))
        );
        File.WriteAllText(_temp.File("text.npz"), "not a zip");
        Assert.StartsWith(_temp.File("text.npz") + ": not a readable .npz (zip) file", Error(_temp.File("text.npz")));
    }

    [Fact]
    public void A_catalogue_name_stays_a_catalogue_name_and_a_path_is_own_data()
    {
        Assert.False(OwnDataset.IsPath("mnist"));
        Assert.True(OwnDataset.IsPath("./mnist"));
        Assert.True(OwnDataset.IsPath("my.npz"));
        Assert.Equal("my_set", OwnDataset.ShortName("/x/my set.npz"));
        Assert.Equal("digits", OwnDataset.ShortName("/x/digits/"));
    }

    /// <summary>An .npz of 6 training images (x, y or their writers replace them) and 3 test images.</summary>
    private string Write(
        string name,
        byte[]? x = null,
        long[]? y = null,
        Action<Stream>? xWriter = null,
        Action<Stream>? yWriter = null,
        byte[]? testX = null,
        long[]? testY = null
    )
    {
        var (pixels, labels) = OwnDataFiles.Synthetic(6, 1);
        var (tp, tl) = OwnDataFiles.Synthetic(3, 2);
        x ??= pixels;
        y ??= labels.Select(l => (long)l).ToArray();
        testX ??= tp;
        testY ??= tl.Select(l => (long)l).ToArray();
        return OwnDataFiles.WriteArrays(
            _temp.File(name),
            new Dictionary<string, Action<Stream>>
            {
                ["x_train"] = xWriter ?? (s => NpyFormat.Write(s, x, x.Length / 120, 10, 12)),
                ["y_train"] = yWriter ?? (s => NpyFormat.Write(s, y)),
                ["x_test"] = s => NpyFormat.Write(s, testX, testX.Length / 120, 10, 12),
                ["y_test"] = s => NpyFormat.Write(s, testY),
            }
        );
    }

    private static string Error(string path) => Assert.Throws<SparseGpuException>(() => OwnDataset.Load(path)).Message;
}
