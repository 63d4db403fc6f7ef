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

    [Option("dpi", Default = 96, HelpText = "Resolution: PNGs get width x height x dpi/96 pixels and record the DPI (96 = 1:1, 192 or 300 for print).")]
    public int Dpi { get; set; }

    [Option("svg", HelpText = "Also write an SVG beside every PNG figure.")]
    public bool Svg { get; set; }

    public FigureOptions Figure => new(Width, Height, Dpi, Svg);
}
