using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb("evaluate", HelpText = "Test loss and accuracy of a checkpoint.")]
[Example(
    "sparsegpu evaluate --model runs/mnist-rlr-seed1-20261126-014241-a3f9/model.ckpt",
    "Test a trained model on the test set of the data set it was trained on."
)]
[Example("sparsegpu evaluate --model model.ckpt --dataset mnist --json", "The same as one JSON object.")]
[Example(
    "sparsegpu evaluate --model model.ckpt --per-class --out eval/",
    "Per-class scores, and the confusion matrix as CSV and figure in eval/."
)]
public sealed class EvaluateOptions
{
    [Option("model", MetaValue = "FILE", Required = true, HelpText = "Checkpoint file (model.ckpt of a run).")]
    public string Model { get; set; } = "";

    [Option(
        "dataset",
        MetaValue = "NAME|PATH",
        HelpText = "Data set to test on: a catalogue name, or own data (a folder of IDX files or an .npz)."
    )]
    [DefaultText("the one the model was trained on")]
    public string? Dataset { get; set; }

    [SharedOption("device")]
    public string Device { get; set; } = "auto";

    [SharedOption("data-dir")]
    public string? DataDir { get; set; }

    [SharedOption("no-download")]
    public bool NoDownload { get; set; }

    [Option("json", HelpText = "Print the result as JSON.")]
    public bool Json { get; set; }

    [Option(
        "per-class",
        HelpText = "Also each class's support, correct answers, recall and precision, and the confusion matrix."
    )]
    public bool PerClass { get; set; }

    [SharedOption(
        "out",
        HelpText = "Write evaluation.json, per-class.csv, confusion.csv and confusion-matrix.png here (implies "
            + "--per-class); a folder holding other files is refused."
    )]
    public string? Out { get; set; }

    [Option("no-plots", HelpText = "With --out: no confusion-matrix figure.")]
    public bool NoPlots { get; set; }

    [SharedOption("progress-every")]
    public double? ProgressEvery { get; set; }
}
