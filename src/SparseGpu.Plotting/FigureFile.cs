using ScottPlot;

namespace SparseGpu.Plotting;

/// <summary>Writes figures atomically (temporary file, then rename), as PNG and optionally SVG.</summary>
internal static class FigureFile
{
    public static IReadOnlyList<string> Save(Plot plot, string pngPath, FigureOptions options)
    {
        plot.ScaleFactor = options.ScaleFactor;
        AtomicFile.WriteAllBytes(pngPath, plot.GetImageBytes(options.Width, options.Height, ImageFormat.Png));
        if (!options.Svg) return [pngPath];
        string svgPath = Path.ChangeExtension(pngPath, ".svg");
        AtomicFile.WriteAllText(svgPath, plot.GetSvgXml(options.Width, options.Height));
        return [pngPath, svgPath];
    }

    public static string Save(Multiplot figure, string pngPath, FigureOptions options)
    {
        foreach (Plot plot in figure.GetPlots()) plot.ScaleFactor = options.ScaleFactor;
        using Image image = figure.Render(options.Width, options.Height);
        AtomicFile.WriteAllBytes(pngPath, image.GetImageBytes(ImageFormat.Png, 100));
        return pngPath;
    }
}
