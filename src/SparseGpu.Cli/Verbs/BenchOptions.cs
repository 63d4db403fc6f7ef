using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("bench", HelpText = "Measure training speed: samples/s, seconds per epoch and per topology update, per-operation times, width scaling.")]
public sealed class BenchOptions
{
    [Option("suite", Default = "training", HelpText = "training | linkpred (CH3-L3 scoring of square layers of growing size).")]
    public string Suite { get; set; } = "training";

    [Option("sizes", Default = "1000,3000,10000,30000,100000", HelpText = "linkpred: layer sizes (inputs = outputs), 10 links per neuron.")]
    public string Sizes { get; set; } = "1000,3000,10000,30000,100000";

    [Option("device", Default = "auto", HelpText = "auto | cuda | opencl | cpu | ilgpu-cpu.")]
    public string Device { get; set; } = "auto";

    [Option("batch", Default = 32, HelpText = "Mini-batch size.")]
    public int Batch { get; set; }

    [Option("widths", Default = "1000,2000,4000,8000", HelpText = "Hidden widths for the scaling table (links per neuron fixed).")]
    public string Widths { get; set; } = "1000,2000,4000,8000";

    [Option("scaling-samples", Default = 20000, HelpText = "Samples trained per width in the scaling table.")]
    public int ScalingSamples { get; set; }

    [Option("hidden", HelpText = "Hidden widths of the timed network, comma-separated (default: the default network's).")]
    public string? Hidden { get; set; }

    [Option("epoch-samples", Default = 0, HelpText = "Samples in the timed epoch (0: the whole training set).")]
    public int EpochSamples { get; set; }

    [Option("threads", Default = 0, HelpText = "Threads of the fast CPU path (0: all cores).")]
    public int Threads { get; set; }

    [Option("data-dir", HelpText = "Data directory holding mnist/ (random images are used when it is absent).")]
    public string? DataDir { get; set; }
}
