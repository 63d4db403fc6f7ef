namespace SparseGpu.Data;

/// <summary>
/// Gives the trainer a data set: from the data directory, downloading what is missing, and for MNIST falling back
/// to the bundled subset (with a notice) when the files are neither present nor downloadable.
/// </summary>
public sealed class DatasetProvider
{
    private readonly string _dataDirectory;
    private readonly Func<DatasetDownloader>? _downloader;
    private readonly Action<string> _notice;

    /// <param name="downloader">Null disables downloading (tests, or a user who asked for offline use).</param>
    public DatasetProvider(string dataDirectory, Func<DatasetDownloader>? downloader, Action<string> notice)
    {
        _dataDirectory = dataDirectory;
        _downloader = downloader;
        _notice = notice;
    }

    /// <param name="name">A catalogue name, or a path to own data (<see cref="OwnDataset.IsPath"/>).</param>
    public DatasetSplits Load(string name, bool allowBundledFallback)
    {
        if (OwnDataset.IsPath(name))
            return OwnDataset.Load(name);
        DatasetInfo info = DatasetCatalog.Get(name);
        var missing = DatasetLoader.MissingFiles(_dataDirectory, info);
        if (missing.Count == 0)
            return DatasetLoader.Load(_dataDirectory, info);

        string location = Path.Combine(_dataDirectory, info.Name);
        string problem;
        if (_downloader is null)
        {
            problem = $"missing {string.Join(", ", missing.Select(f => f.FileName))} (downloads are off)";
        }
        else
        {
            try
            {
                _notice(
                    $"{info.Name}: {missing.Count} file(s) missing in {location}; downloading from the official source"
                );
                using (DatasetDownloader downloader = _downloader())
                    downloader.EnsureFiles(info, _dataDirectory);
                return DatasetLoader.Load(_dataDirectory, info);
            }
            catch (SparseGpuException e)
            {
                problem = e.Message;
            }
        }

        if (allowBundledFallback && info == DatasetCatalog.MnistInfo)
        {
            DatasetSplits bundled = BundledMnist.Load();
            string why = _downloader is null ? "downloads are off" : "download failed";
            _notice(
                $"mnist: not in {location} ({why}); using the bundled {bundled.Train.Count}-image subset: "
                    + BundledMnist.AccuracyGap
            );
            return bundled;
        }
        throw new SparseGpuException($"{info.Name}: not available in {location}: {problem}");
    }
}
