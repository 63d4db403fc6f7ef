using ScottPlot;
using SkiaSharp;

namespace SparseGpu.Plotting;

/// <summary>
/// Writes a figure atomically in the format its extension names (.png or .svg), an SVG beside a PNG when asked,
/// and always FIGURE.figure.csv with the numbers drawn (<see cref="FigureCsv"/>). Single- and multi-panel figures
/// go the same way: the canvas is scaled by DPI/96 and the figure laid out at its nominal size, so panels never
/// overlap whatever the DPI. Every panel gets the figure font (<see cref="FigureFont"/>).
/// </summary>
internal static class FigureFile
{
    /// <returns>The image files written (the CSV is always <see cref="FigureCsv.Of"/>(image)).</returns>
    public static IReadOnlyList<string> Save(Multiplot figure, string path, FigureOptions options, FigureTable table)
    {
        FigureOutput.RequireImageExtension(path);
        // Here, not in each figure: no panel can be left to the system's font choice (a serif face on some).
        foreach (Plot plot in figure.GetPlots())
            FigureFont.Apply(plot);
        var files = new List<string>();
        if (FigureOutput.IsSvg(path))
        {
            WriteSvg(figure, path, options);
            files.Add(path);
        }
        else
        {
            WritePng(figure, path, options);
            files.Add(path);
            if (options.Svg)
            {
                string svg = Path.ChangeExtension(path, ".svg");
                WriteSvg(figure, svg, options);
                files.Add(svg);
            }
        }
        AtomicFile.WriteAllText(FigureCsv.Of(path), table.ToString());
        return files;
    }

    /// <summary>A figure not drawn from series: its CSV holds the numbers read back from its plottables.</summary>
    public static IReadOnlyList<string> Save(Multiplot figure, string path, FigureOptions options) =>
        Save(figure, path, options, FigureTable.Drawn(figure));

    public static IReadOnlyList<string> Save(Plot plot, string path, FigureOptions options) =>
        Save(new Multiplot(plot), path, options);

    private static PixelRect Nominal(FigureOptions options) => new(0, options.Width, options.Height, 0);

    private static void WritePng(Multiplot figure, string path, FigureOptions options)
    {
        var info = new SKImageInfo(options.PixelWidth, options.PixelHeight, SKColorType.Rgba8888, SKAlphaType.Premul);
        using SKSurface surface =
            SKSurface.Create(info)
            ?? throw new SparseGpuException(
                $"{path}: cannot allocate a {options.PixelWidth}x{options.PixelHeight} image"
            );
        surface.Canvas.Scale((float)options.ScaleFactor);
        figure.Render(surface.Canvas, Nominal(options));
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, PngDensity.Embed(data.ToArray(), options.Dpi));
    }

    private static void WriteSvg(Multiplot figure, string path, FigureOptions options)
    {
        using var stream = new MemoryStream();
        using (SKCanvas canvas = SKSvgCanvas.Create(SKRect.Create(options.Width, options.Height), stream))
            figure.Render(canvas, Nominal(options));
        AtomicFile.WriteAllBytes(path, stream.ToArray());
    }
}
