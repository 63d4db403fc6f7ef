using CommandLine;
using SparseGpu.Plotting;

namespace SparseGpu.Cli.Verbs;

/// <summary>Figure size options shared by the verbs that draw.</summary>
public abstract class FigureSizeOptions
{
    [Option("width", Default = 900, HelpText = "Figure width in pixels (the robustness grid grows to fit its panels).")]
    public int Width { get; set; }

    [Option("height", Default = 600, HelpText = "Figure height in pixels.")]
    public int Height { get; set; }

    [Option("dpi", Default = 96, HelpText = "Resolution: scales text and lines (96 = 1:1, 192 for print).")]
    public int Dpi { get; set; }

    [Option("svg", HelpText = "Also write SVG versions of the single-panel figures.")]
    public bool Svg { get; set; }

    public FigureOptions Figure => new(Width, Height, Dpi, Svg);
}
