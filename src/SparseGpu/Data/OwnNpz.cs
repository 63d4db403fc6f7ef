using System.IO.Compression;

namespace SparseGpu.Data;

/// <summary>
/// Own data as an .npz (numpy.savez or savez_compressed) holding x_train, y_train, x_test and y_test. Images are
/// (N, H, W) or (N, D) arrays of uint8 (0..255) or float32/float64 pixels in [0, 1]; floats are rounded to the
/// nearest 1/255, since images are held one byte per pixel. Labels are 1-D integer arrays.
/// </summary>
public static class OwnNpz
{
    public static readonly string[] ArrayNames = ["x_train", "y_train", "x_test", "y_test"];

    public static DatasetSplits Load(string path)
    {
        Dictionary<string, NpyArray> arrays = ReadArrays(path);
        NpyArray xTrain = arrays["x_train"],
            xTest = arrays["x_test"];
        (int rows, int columns) = ImageSize(xTrain);
        if (ImageSize(xTest) != (rows, columns))
            throw new SparseGpuException(
                $"{xTest.Name}: has shape {xTest.ShapeText} but {xTrain.Name} has {xTrain.ShapeText}; the "
                    + "images must be the same size"
            );
        return OwnDataset.Build(
            path,
            rows,
            columns,
            Split("train", xTrain, arrays["y_train"]),
            Split("test", xTest, arrays["y_test"])
        );
    }

    private static Dictionary<string, NpyArray> ReadArrays(string path)
    {
        byte[] bytes = InputFile.ReadAllBytes(path, "data file");
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var arrays = new Dictionary<string, NpyArray>();
            foreach (string name in ArrayNames)
            {
                ZipArchiveEntry entry =
                    zip.GetEntry(name + ".npy")
                    ?? throw new SparseGpuException(
                        $"{path}: no array '{name}' (it holds "
                            + $"{string.Join(", ", zip.Entries.Select(e => Path.GetFileNameWithoutExtension(e.Name)))}"
                            + $"; own data needs {string.Join(", ", ArrayNames)})"
                    );
                using var content = new MemoryStream();
                using (Stream stream = entry.Open())
                    stream.CopyTo(content);
                arrays[name] = NpyArray.Parse(content.ToArray(), $"{path}: {name}");
            }
            return arrays;
        }
        catch (InvalidDataException e)
        {
            throw new SparseGpuException($"{path}: not a readable .npz (zip) file ({e.Message.TrimEnd('.')})");
        }
    }

    private static (int Rows, int Columns) ImageSize(NpyArray images) =>
        images.Shape.Length switch
        {
            3 => (images.Shape[1], images.Shape[2]),
            2 => (1, images.Shape[1]),
            _ => throw new SparseGpuException(
                $"{images.Name}: has shape {images.ShapeText}; images must be (N, H, W) or (N, D)"
            ),
        }
            is var (r, c)
        && r > 0
        && c > 0
            ? (r, c)
            : throw new SparseGpuException($"{images.Name}: has shape {images.ShapeText}; images have no pixels");

    private static OwnDataset.Split Split(string name, NpyArray images, NpyArray labels)
    {
        if (labels.Shape.Length != 1 || !labels.IsInteger)
            throw new SparseGpuException(
                $"{labels.Name}: labels must be a 1-D integer array, got dtype '{labels.Dtype}' shape "
                    + labels.ShapeText
            );
        if (images.Shape[0] != labels.Shape[0])
            throw new SparseGpuException(
                $"{images.Name}: holds {images.Shape[0]} images but {labels.Name} holds {labels.Shape[0]} labels"
            );
        int[] classes = new int[labels.Count];
        for (int i = 0; i < classes.Length; i++)
        {
            double label = labels.At(i);
            classes[i] = label is >= 0 and <= byte.MaxValue ? (int)label : -1;
            if (classes[i] < 0)
                throw new SparseGpuException($"{labels.Name}: label {label} at index {i} is not in 0..255");
        }
        return new OwnDataset.Split(name, Pixels(images), classes, images.Name, labels.Name);
    }

    private static byte[] Pixels(NpyArray images)
    {
        if (images.Dtype is "|u1" or "<u1")
            return images.Data;
        if (!images.IsFloat)
            throw new SparseGpuException(
                $"{images.Name}: dtype '{images.Dtype}' is not a pixel type; use uint8 (0..255) or float32/float64 "
                    + "in [0, 1]"
            );
        byte[] pixels = new byte[images.Count];
        for (long i = 0; i < pixels.LongLength; i++)
        {
            double value = images.At(i);
            if (!(value >= 0 && value <= 1))
                throw new SparseGpuException(
                    $"{images.Name}: pixel {value} at flat index {i} is outside [0, 1] (divide bytes by 255, or "
                        + "store uint8)"
                );
            pixels[i] = (byte)Math.Round(value * 255);
        }
        return pixels;
    }
}
