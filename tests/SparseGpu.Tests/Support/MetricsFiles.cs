namespace SparseGpu.Tests.Support;

/// <summary>metrics.csv as it must repeat exactly: every column but the three wall-clock ones.</summary>
public static class MetricsFiles
{
    public static string[] WithoutTimes(string metricsPath) =>
        File.ReadAllLines(metricsPath)
            .Select(line =>
            {
                string[] f = line.Split(',');
                if (f[0] != "epoch")
                    f[6] = f[7] = f[8] = "";
                return string.Join(",", f);
            })
            .ToArray();
}
