using CommandLine;
using SparseGpu.Cli.Arguments;
using SparseGpu.Plotting;

namespace SparseGpu.Cli.Verbs;

/// <summary>Figure size options shared by the verbs that draw (for verbs with sub-verbs: those that draw).</summary>
public abstract class FigureSizeOptions
{
    [AppliesTo("training", "robustness", "aggregate", "report")]
    [Option(
        "width",
        MetaValue = "PIXELS",
        Default = 900,
        HelpText = "Figure width in pixels (the robustness grid grows to fit its panels)."
    )]
    public int Width { get; set; }

    [AppliesTo("training", "robustness", "aggregate", "report")]
    [Option("height", MetaValue = "PIXELS", Default = 600, HelpText = "Figure height in pixels.")]
    public int Height { get; set; }

    [AppliesTo("training", "robustness", "aggregate", "report")]
    [Option(
        "dpi",
        MetaValue = "N",
        Default = 96,
        HelpText = "Resolution: PNGs get width x height x dpi/96 pixels and record the DPI (96 = 1:1, 192 or 300 "
            + "for print)."
    )]
    public int Dpi { get; set; }

    [AppliesTo("training", "robustness", "aggregate", "report")]
    [Option("svg", HelpText = "Also write an SVG beside every PNG figure.")]
    public bool Svg { get; set; }

    public FigureOptions Figure => new(Width, Height, Dpi, Svg);
}
