using CommandLine;
using SparseGpu.Cli.Arguments;
using SparseGpu.Plotting;

namespace SparseGpu.Cli.Verbs;

/// <summary>Figure size options shared by the verbs that draw (for verbs with sub-verbs: those that draw).</summary>
public abstract class FigureSizeOptions
{
    [AppliesTo("training", "robustness", "aggregate")]
    [Option("width", MetaValue = "PIXELS", Default = 900, HelpText = "Figure width in pixels (the robustness grid grows to fit its panels).")]
    public int Width { get; set; }

    [AppliesTo("training", "robustness", "aggregate")]
    [Option("height", MetaValue = "PIXELS", Default = 600, HelpText = "Figure height in pixels.")]
    public int Height { get; set; }

    [AppliesTo("training", "robustness", "aggregate")]
    [Option("dpi", MetaValue = "N", Default = 96, HelpText = "Resolution: scales text and lines (96 = 1:1, 192 for print).")]
    public int Dpi { get; set; }

    [AppliesTo("training", "robustness", "aggregate")]
    [Option("svg", HelpText = "Also write SVG versions of the single-panel figures.")]
    public bool Svg { get; set; }

    public FigureOptions Figure => new(Width, Height, Dpi, Svg);
}
