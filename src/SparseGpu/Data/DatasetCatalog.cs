namespace SparseGpu.Data;

/// <summary>
/// One file of a data set and how to check it. SHA-256 where it is known; otherwise the MD5 the data set's
/// publishers (or torchvision, for the MNIST family) give.
/// </summary>
public sealed record DatasetFile(string FileName, long Bytes, string? Sha256, string? Md5)
{
    /// <summary>Where to fetch it: whole-file URLs tried in order, or an entry inside <see cref="Archive"/>.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    public ArchiveSource? Archive { get; init; }
}

/// <summary>A zip archive that holds some of a data set's files (EMNIST is published only this way).</summary>
public sealed record ArchiveSource(string FileName, string Md5, IReadOnlyList<string> Urls, string EntryDirectory);

/// <summary>What the program knows about a data set: classes, layout quirks, files, licence, citation.</summary>
public sealed record DatasetInfo(
    string Name,
    string Title,
    int Classes,
    int FirstLabel,
    bool StoredTransposed,
    int TrainCount,
    int TestCount,
    DatasetFile TrainImages,
    DatasetFile TrainLabels,
    DatasetFile TestImages,
    DatasetFile TestLabels,
    string Licence,
    string Citation
)
{
    public IReadOnlyList<DatasetFile> Files => [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>Image height and width as stored (all four data sets: 28×28).</summary>
    public int ImageRows { get; init; } = 28;

    public int ImageColumns { get; init; } = 28;

    /// <summary>Images (or labels) the official release holds in <paramref name="file"/>.</summary>
    public int CountIn(DatasetFile file) => file == TrainImages || file == TrainLabels ? TrainCount : TestCount;
}

/// <summary>The data sets this program trains on, with their official sources and checksums.</summary>
public static class DatasetCatalog
{
    private const string LeCun = "http://yann.lecun.com/exdb/mnist/";

    // torchvision's mirror of LeCun's files, used because LeCun's server often refuses downloads.
    private const string MnistMirror = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    private const string Zalando = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    private const string Codh = "https://codh.rois.ac.jp/kmnist/dataset/kmnist/";

    private static DatasetFile Mnist(string name, long bytes, string sha256, string md5) =>
        new(name, bytes, sha256, md5) { Urls = [LeCun + name, MnistMirror + name] };

    private static DatasetFile Fashion(string name, long bytes, string sha256, string md5) =>
        new(name, bytes, sha256, md5) { Urls = [Zalando + name] };

    private static DatasetFile Kuzushiji(string name, long bytes, string? sha256, string md5) =>
        new(name, bytes, sha256, md5) { Urls = [Codh + name] };

    private static readonly ArchiveSource EmnistArchive = new(
        "gzip.zip",
        "58c8d27c78d21e728a6bc7b3cc06412e",
        ["https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip"],
        "gzip/"
    );

    private static DatasetFile Emnist(string name, long bytes, string sha256, string? md5) =>
        new(name, bytes, sha256, md5) { Archive = EmnistArchive };

    public static readonly DatasetInfo MnistInfo = new(
        "mnist",
        "MNIST handwritten digits",
        10,
        0,
        false,
        60000,
        10000,
        Mnist(
            "train-images-idx3-ubyte.gz",
            9912422,
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "f68b3c2dcbeaaa9fbdd348bbdeb94873"
        ),
        Mnist(
            "train-labels-idx1-ubyte.gz",
            28881,
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "d53e105ee54ea40749a09fcbcd1e9432"
        ),
        Mnist(
            "t10k-images-idx3-ubyte.gz",
            1648877,
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "9fb629c4189551a2d022fa330f9573f3"
        ),
        Mnist(
            "t10k-labels-idx1-ubyte.gz",
            4542,
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
            "ec29112dd5afa0611ce80d1b7f02629c"
        ),
        "CC BY-SA 3.0 (Yann LeCun, Corinna Cortes, Christopher J.C. Burges)",
        "LeCun et al., 1998"
    );

    public static readonly DatasetInfo FashionMnistInfo = new(
        "fashion-mnist",
        "Fashion-MNIST (Zalando article images)",
        10,
        0,
        false,
        60000,
        10000,
        Fashion(
            "train-images-idx3-ubyte.gz",
            26421880,
            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            "8d4fb7e6c68d591d4c3dfef9ec88bf0d"
        ),
        Fashion(
            "train-labels-idx1-ubyte.gz",
            29515,
            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            "25c81989df183df01b3e8a0aad5dffbe"
        ),
        Fashion(
            "t10k-images-idx3-ubyte.gz",
            4422102,
            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
            "bef4ecab320f06d8554ea6380940ec79"
        ),
        Fashion(
            "t10k-labels-idx1-ubyte.gz",
            5148,
            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
            "bb300cfdad3c16e7a12a480ee83cd310"
        ),
        "MIT (Copyright 2017 Zalando SE)",
        "Xiao, Rasul & Vollgraf, 2017, arXiv:1708.07747"
    );

    public static readonly DatasetInfo KmnistInfo = new(
        "kmnist",
        "Kuzushiji-MNIST (cursive Japanese characters)",
        10,
        0,
        false,
        60000,
        10000,
        Kuzushiji("train-images-idx3-ubyte.gz", 18165135, null, "bdb82020997e1d708af4cf47b453dcf7"),
        Kuzushiji(
            "train-labels-idx1-ubyte.gz",
            29497,
            "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17",
            "e144d726b3acfaa3e44228e80efcd344"
        ),
        Kuzushiji(
            "t10k-images-idx3-ubyte.gz",
            3041136,
            "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5",
            "5c965bf0a639b31b8f53240b1b52f4d7"
        ),
        Kuzushiji(
            "t10k-labels-idx1-ubyte.gz",
            5120,
            "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c",
            "7320c461ea6c1c855c0b718fb2a4b134"
        ),
        "CC BY-SA 4.0 (KMNIST Dataset, CODH; Kuzushiji Dataset, NIJL and others, doi:10.20676/00000341)",
        "Clanuwat et al., 2018, arXiv:1812.01718"
    );

    public static readonly DatasetInfo EmnistLettersInfo = new(
        "emnist-letters",
        "EMNIST Letters (handwritten A-Z, cases merged)",
        26,
        1,
        true,
        124800,
        20800,
        Emnist(
            "emnist-letters-train-images-idx3-ubyte.gz",
            30804864,
            "6288f418a917e007bf5fddb823a2dc7a5c6a35031401b93292a539cb12bd881f",
            null
        ),
        Emnist(
            "emnist-letters-train-labels-idx1-ubyte.gz",
            79283,
            "9759af91ea6bccdf07a6040fd085861f2ec88e37f7c3f5760f6feb57106fbe5c",
            "c16de4f1848ddcdddd39ab65d2a7be52"
        ),
        Emnist(
            "emnist-letters-test-images-idx3-ubyte.gz",
            5039157,
            "50f0e93d75b99b463e9760b8345866f22587fa2c2fba472730a5ba09c693412d",
            null
        ),
        Emnist(
            "emnist-letters-test-labels-idx1-ubyte.gz",
            144,
            "924955c31fe7fd809b7303b5c0141282955f4b8390c74cdfd5d80435e0f4b4cb",
            "d4108920cd86601ec7689a97f2de7f59"
        ),
        "no explicit licence found; derived from NIST Special Database 19 (terms unverified)",
        "Cohen, Afshar, Tapson & van Schaik, 2017, arXiv:1702.05373"
    );

    public static IReadOnlyList<DatasetInfo> All { get; } =
    [MnistInfo, FashionMnistInfo, KmnistInfo, EmnistLettersInfo];

    public static IEnumerable<string> Names => All.Select(d => d.Name);

    public static DatasetInfo Get(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidSettingException($"unknown data set '{name}'; valid: {string.Join(", ", Names)}");
}
