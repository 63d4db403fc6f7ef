using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using SparseGpu.Model;

namespace SparseGpu.Export;

/// <summary>The formats of `sparsegpu export`.</summary>
public static class ExportFormats
{
    public const string EdgeList = "edgelist";
    public const string GraphMl = "graphml";
    public const string Npz = "npz";
    public static readonly IReadOnlyList<string> All = [EdgeList, GraphMl, Npz];

    public static string Require(string format)
    {
        string name = format.ToLowerInvariant();
        if (!All.Contains(name))
            throw new InvalidSettingException("format", $" '{format}' is not valid; valid: {string.Join(", ", All)}");
        return name;
    }
}

/// <summary>
/// Writes a trained network for other tools (formats in the README), atomically. Layers are numbered 1..L+1, the
/// dense read-out last; neuron ids are 0-based within each layer (0 = input pixels in GraphML's layer attribute).
/// Weights are written so that they read back to the same float32 value.
/// </summary>
public static class ModelExport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(Network network, string format, string path)
    {
        switch (ExportFormats.Require(format))
        {
            case ExportFormats.EdgeList:
                AtomicFile.Write(path, s => WriteEdgeList(network, s));
                break;
            case ExportFormats.GraphMl:
                AtomicFile.Write(path, s => WriteGraphMl(network, s));
                break;
            default:
                AtomicFile.Write(path, s => WriteNpz(network, s));
                break;
        }
    }

    /// <summary>CSV layer,input,output,weight: one row per link, layer by layer, rows in storage (output-major)
    /// order.</summary>
    public static void WriteEdgeList(Network network, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.Write("layer,input,output,weight\n");
        for (int k = 0; k < network.Layers.Count; k++)
        {
            Layer layer = network.Layers[k];
            LayerTopology t = layer.Topology;
            string number = (k + 1).ToString(Invariant);
            for (int link = 0; link < t.LinkCount; link++)
            {
                writer.Write(number);
                writer.Write(',');
                writer.Write(t.Columns[link].ToString(Invariant));
                writer.Write(',');
                writer.Write(t.Rows[link].ToString(Invariant));
                writer.Write(',');
                writer.Write(layer.Weights[link].ToString("R", Invariant));
                writer.Write('\n');
            }
        }
    }

    /// <summary>One directed GraphML graph: node "n{layer}_{index}" per neuron, an edge with its weight per
    /// link.</summary>
    public static void WriteGraphMl(Network network, Stream stream)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = false,
            NewLineChars = "\n",
        };
        using XmlWriter xml = XmlWriter.Create(stream, settings);
        const string ns = "http://graphml.graphdrawing.org/xmlns";
        xml.WriteStartDocument();
        xml.WriteStartElement("graphml", ns);
        Key(xml, "layer", "node", "int");
        Key(xml, "index", "node", "int");
        Key(xml, "weight", "edge", "double");
        xml.WriteStartElement("graph", ns);
        xml.WriteAttributeString("id", "sparsegpu");
        xml.WriteAttributeString("edgedefault", "directed");
        int[] sizes = [network.Inputs, .. network.Layers.Select(l => l.Outputs)];
        for (int level = 0; level < sizes.Length; level++)
        for (int i = 0; i < sizes[level]; i++)
        {
            xml.WriteStartElement("node", ns);
            xml.WriteAttributeString("id", NodeId(level, i));
            Data(xml, "layer", level.ToString(Invariant));
            Data(xml, "index", i.ToString(Invariant));
            xml.WriteEndElement();
        }
        for (int k = 0; k < network.Layers.Count; k++)
        {
            Layer layer = network.Layers[k];
            LayerTopology t = layer.Topology;
            for (int link = 0; link < t.LinkCount; link++)
            {
                xml.WriteStartElement("edge", ns);
                xml.WriteAttributeString("source", NodeId(k, t.Columns[link]));
                xml.WriteAttributeString("target", NodeId(k + 1, t.Rows[link]));
                Data(xml, "weight", layer.Weights[link].ToString("R", Invariant));
                xml.WriteEndElement();
            }
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    public static string NodeId(int level, int index) => string.Create(Invariant, $"n{level}_{index}");

    private static void Key(XmlWriter xml, string name, string domain, string type)
    {
        xml.WriteStartElement("key", "http://graphml.graphdrawing.org/xmlns");
        xml.WriteAttributeString("id", name);
        xml.WriteAttributeString("for", domain);
        xml.WriteAttributeString("attr.name", name);
        xml.WriteAttributeString("attr.type", type);
        xml.WriteEndElement();
    }

    private static void Data(XmlWriter xml, string key, string value)
    {
        xml.WriteStartElement("data", "http://graphml.graphdrawing.org/xmlns");
        xml.WriteAttributeString("key", key);
        xml.WriteString(value);
        xml.WriteEndElement();
    }

    /// <summary>
    /// A zip of .npy arrays: per sparse layer k, layer{k}_indptr, _indices (int32, CSR with rows = output neurons),
    /// _weights, _bias (float32) and _shape (int64 [outputs, inputs]); readout_weights (float32 [classes, inputs],
    /// absent links 0) and readout_bias.
    /// </summary>
    public static void WriteNpz(Network network, Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        void Entry(string name, Action<Stream> write)
        {
            using Stream entry = zip.CreateEntry(name + ".npy", CompressionLevel.Fastest).Open();
            write(entry);
        }
        for (int k = 0; k < network.Layers.Count - 1; k++)
        {
            Layer layer = network.Layers[k];
            string prefix = string.Create(Invariant, $"layer{k + 1}_");
            Entry(prefix + "indptr", s => NpyFormat.Write(s, layer.Topology.RowOffsets));
            Entry(prefix + "indices", s => NpyFormat.Write(s, layer.Topology.Columns));
            Entry(prefix + "weights", s => NpyFormat.Write(s, layer.Weights));
            Entry(prefix + "bias", s => NpyFormat.Write(s, layer.Bias));
            Entry(prefix + "shape", s => NpyFormat.Write(s, new long[] { layer.Outputs, layer.Inputs }));
        }
        Layer readout = network.Layers[^1];
        float[] dense = new float[checked(readout.Outputs * readout.Inputs)];
        for (int link = 0; link < readout.LinkCount; link++)
            dense[readout.Topology.Rows[link] * readout.Inputs + readout.Topology.Columns[link]] = readout.Weights[
                link
            ];
        Entry("readout_weights", s => NpyFormat.Write(s, dense, readout.Outputs, readout.Inputs));
        Entry("readout_bias", s => NpyFormat.Write(s, readout.Bias));
    }
}
