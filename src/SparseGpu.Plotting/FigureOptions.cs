namespace SparseGpu.Plotting;

/// <summary>Size of a figure in pixels and its resolution: DPI scales text and lines (96 = ScottPlot's 1:1).</summary>
public sealed record FigureOptions(int Width = 900, int Height = 600, int Dpi = 96, bool Svg = false)
{
    public void Validate()
    {
        if (Width < 100 || Height < 100 || Width > 20000 || Height > 20000)
            throw new InvalidSettingException($"--width and --height must be between 100 and 20000 pixels, got {Width}x{Height}");
        if (Dpi < 24 || Dpi > 1200) throw new InvalidSettingException($"--dpi must be between 24 and 1200, got {Dpi}");
    }

    public double ScaleFactor => Dpi / 96.0;
}
