namespace SparseGpu.Plotting;

/// <summary>
/// Size of a figure and its resolution. Width and height are in points at 96 DPI (ScottPlot's 1:1 scale); a PNG
/// is Width·Dpi/96 × Height·Dpi/96 pixels, drawn at that scale, with the DPI recorded in the file, so a higher DPI
/// gives the same figure with more pixels. SVG is vector and keeps Width × Height. Svg: also write an SVG beside
/// every PNG.
/// </summary>
public sealed record FigureOptions(int Width = 900, int Height = 600, int Dpi = 96, bool Svg = false)
{
    public void Validate()
    {
        if (Width < 100 || Height < 100 || Width > 20000 || Height > 20000)
            throw new InvalidSettingException(
                $"--width and --height must be between 100 and 20000 pixels, got {Width}x{Height}"
            );
        if (Dpi < 24 || Dpi > 1200)
            throw new InvalidSettingException($"--dpi must be between 24 and 1200, got {Dpi}");
        if ((long)PixelWidth * PixelHeight > 400_000_000)
            throw new InvalidSettingException(
                $"--width x --height at --dpi {Dpi} gives {PixelWidth}x{PixelHeight} pixels; at most 400 million"
            );
    }

    public double ScaleFactor => Dpi / 96.0;

    public int PixelWidth => (int)Math.Round(Width * ScaleFactor);

    public int PixelHeight => (int)Math.Round(Height * ScaleFactor);
}
