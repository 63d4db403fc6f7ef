using System.Globalization;
using System.Xml.Linq;
using SparseGpu.Cli;
using SparseGpu.Export;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Analysis;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Export;

/// <summary>`sparsegpu export`: each format reads back to the numbers written, by our own readers and by numpy /
/// networkx.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly Network _network = HandBuiltNetworks.Build(HandBuiltNetworks.Random([16, 9, 7, 4], 0.3, 21));

    public ExportTests()
    {
        for (int k = 0; k < _network.Layers.Count; k++)
        for (int o = 0; o < _network.Layers[k].Outputs; o++)
            _network.Layers[k].Bias[o] = 0.1f * (k + 1) - 0.03f * o;
    }

    public void Dispose() => _temp.Dispose();

    private IEnumerable<(int Layer, int Input, int Output, float Weight)> Links() =>
        _network.Layers.SelectMany(
            (l, k) =>
                Enumerable
                    .Range(0, l.LinkCount)
                    .Select(i => (k + 1, l.Topology.Columns[i], l.Topology.Rows[i], l.Weights[i]))
        );

    [Fact]
    public void The_edge_list_reads_back_to_every_link_and_weight()
    {
        string path = _temp.File("net.csv");
        ModelExport.Write(_network, "edgelist", path);
        string[] lines = File.ReadAllLines(path);
        Assert.Equal("layer,input,output,weight", lines[0]);
        var read = lines
            .Skip(1)
            .Select(l => l.Split(','))
            .Select(f =>
                (
                    int.Parse(f[0], CultureInfo.InvariantCulture),
                    int.Parse(f[1], CultureInfo.InvariantCulture),
                    int.Parse(f[2], CultureInfo.InvariantCulture),
                    float.Parse(f[3], CultureInfo.InvariantCulture)
                )
            );
        Assert.Equal(Links(), read);
    }

    [Fact]
    public void The_graphml_holds_every_neuron_and_link()
    {
        string path = _temp.File("net.graphml");
        ModelExport.Write(_network, "GraphML", path);
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        XElement graph = XDocument.Load(path).Root!.Element(ns + "graph")!;
        Assert.Equal("directed", graph.Attribute("edgedefault")!.Value);
        Assert.Equal(16 + 9 + 7 + 4, graph.Elements(ns + "node").Count());
        var edges = graph
            .Elements(ns + "edge")
            .Select(e =>
                (
                    e.Attribute("source")!.Value,
                    e.Attribute("target")!.Value,
                    float.Parse(e.Element(ns + "data")!.Value, CultureInfo.InvariantCulture)
                )
            );
        Assert.Equal(
            Links()
                .Select(l =>
                    (ModelExport.NodeId(l.Layer - 1, l.Input), ModelExport.NodeId(l.Layer, l.Output), l.Weight)
                ),
            edges
        );
        XElement pixel = graph.Elements(ns + "node").First();
        Assert.Equal(["0", "0"], pixel.Elements(ns + "data").Select(d => d.Value));
    }

    [Fact]
    public void The_npz_holds_csr_layers_and_the_dense_readout()
    {
        string path = _temp.File("net.npz");
        ModelExport.Write(_network, "npz", path);
        Dictionary<string, NpyArray> arrays = NpzReader.Read(path);
        Assert.Equal(2 * 5 + 2, arrays.Count); // two sparse layers, then the read-out
        for (int k = 0; k < 2; k++)
        {
            Layer layer = _network.Layers[k];
            string p = $"layer{k + 1}_";
            Assert.Equal(layer.Topology.RowOffsets.ToArray().Select(v => (double)v), arrays[p + "indptr"].Values);
            Assert.Equal(layer.Topology.Columns.ToArray().Select(v => (double)v), arrays[p + "indices"].Values);
            Assert.Equal(layer.Weights.Select(v => (double)v), arrays[p + "weights"].Values);
            Assert.Equal(layer.Bias.Select(v => (double)v), arrays[p + "bias"].Values);
            Assert.Equal([layer.Outputs, layer.Inputs], arrays[p + "shape"].Values.Select(v => (int)v));
            Assert.Equal(("<i4", "<f4"), (arrays[p + "indices"].Descr, arrays[p + "weights"].Descr));
        }
        Layer readout = _network.Layers[^1];
        Assert.Equal([4, 7], arrays["readout_weights"].Shape);
        for (int link = 0; link < readout.LinkCount; link++)
            Assert.Equal(
                readout.Weights[link],
                arrays["readout_weights"].Values[readout.Topology.Rows[link] * 7 + readout.Topology.Columns[link]]
            );
        Assert.Equal(readout.Bias.Select(v => (double)v), arrays["readout_bias"].Values);
    }

    [Fact]
    public void Numpy_scipy_and_networkx_load_the_exports()
    {
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3");
        ExternalTool.RequireThat(
            Python.Has(python, "import numpy, scipy.sparse, networkx"),
            "python3 with numpy, scipy and networkx"
        );
        string npz = _temp.File("net.npz"),
            graphml = _temp.File("net.graphml"),
            csv = _temp.File("net.csv");
        ModelExport.Write(_network, "npz", npz);
        ModelExport.Write(_network, "graphml", graphml);
        ModelExport.Write(_network, "edgelist", csv);
        Layer first = _network.Layers[0];
        int sample = first.LinkCount / 2;
        string script = string.Join(
            "\n",
            "import sys, numpy as np, scipy.sparse as sp, networkx as nx",
            "z = np.load(sys.argv[1])",
            "m = sp.csr_matrix((z['layer1_weights'], z['layer1_indices'], z['layer1_indptr']), "
                + "shape=tuple(z['layer1_shape']))",
            "g = nx.read_graphml(sys.argv[2])",
            "e = np.loadtxt(sys.argv[3], delimiter=',', skiprows=1)",
            "print(m.nnz, m.shape[0], m.shape[1], repr(float(m[int(sys.argv[4]), int(sys.argv[5])])), "
                + "z['readout_weights'].shape[0],",
            "      g.number_of_nodes(), g.number_of_edges(), repr(g.edges[sys.argv[6], sys.argv[7]]['weight']), "
                + "g.nodes['n1_3']['layer'],",
            "      len(e), repr(float(np.float32(e[int(sys.argv[8]), 3]))))"
        );
        File.WriteAllText(_temp.File("check.py"), script);
        int row = first.Topology.Rows[sample],
            column = first.Topology.Columns[sample];
        string output = Python.Run(
            python,
            _temp.File("check.py"),
            npz,
            graphml,
            csv,
            row.ToString(CultureInfo.InvariantCulture),
            column.ToString(CultureInfo.InvariantCulture),
            ModelExport.NodeId(0, column),
            ModelExport.NodeId(1, row),
            sample.ToString(CultureInfo.InvariantCulture)
        );
        string[] f = output.Trim().Split(' ');
        Assert.Equal(first.LinkCount.ToString(CultureInfo.InvariantCulture), f[0]);
        Assert.Equal(("9", "16", "4"), (f[1], f[2], f[4]));
        Assert.Equal((double)first.Weights[sample], double.Parse(f[3], CultureInfo.InvariantCulture));
        Assert.Equal((16 + 9 + 7 + 4).ToString(CultureInfo.InvariantCulture), f[5]);
        Assert.Equal(_network.TotalLinks.ToString(CultureInfo.InvariantCulture), f[6]);
        // GraphML and CSV carry the shortest text that reads back to the float32 weight.
        Assert.Equal(first.Weights[sample], float.Parse(f[7], CultureInfo.InvariantCulture));
        Assert.Equal("1", f[8]);
        Assert.Equal(_network.TotalLinks.ToString(CultureInfo.InvariantCulture), f[9]);
        Assert.Equal((double)first.Weights[sample], double.Parse(f[10], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_cli_exports_a_checkpoint_and_refuses_bad_input_in_one_line()
    {
        string model = _temp.File("model.ckpt");
        CheckpointFile.Write(
            model,
            new TrainingSettings { Hidden = [9, 7], Density = 0.3 },
            new TrainingState(_network)
        );
        CliRunner.Result ok = CliRunner.Run(
            "export",
            "--model",
            model,
            "--format",
            "npz",
            "--out",
            _temp.File("out.npz")
        );
        Assert.True(ok.ExitCode == CliApp.Success, ok.Error);
        Assert.True(File.Exists(_temp.File("out.npz")));

        CliRunner.Result badFormat = CliRunner.Run(
            "export",
            "--model",
            model,
            "--format",
            "gexf",
            "--out",
            _temp.File("x")
        );
        Assert.Equal(CliApp.UsageError, badFormat.ExitCode); // an invalid option value is a usage error
        Assert.Equal(
            ["error: --format 'gexf' is not valid; valid: edgelist, graphml, npz; see sparsegpu export --help"],
            badFormat.ErrorLines
        );

        File.WriteAllBytes(_temp.File("bad.ckpt"), File.ReadAllBytes(model)[..100]);
        CliRunner.Result corrupt = CliRunner.Run(
            "export",
            "--model",
            _temp.File("bad.ckpt"),
            "--format",
            "edgelist",
            "--out",
            _temp.File("y.csv")
        );
        Assert.Equal(CliApp.Failure, corrupt.ExitCode);
        Assert.Single(corrupt.ErrorLines);
        Assert.StartsWith(
            $"error: {_temp.File("bad.ckpt")}: checkpoint is truncated or corrupt",
            corrupt.ErrorLines[0]
        );
        Assert.False(File.Exists(_temp.File("y.csv")));
    }
}
