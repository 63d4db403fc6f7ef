using System.Globalization;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>A layer read from an edge list, and what reading it noticed.</summary>
public sealed record EdgeList(LayerTopology Topology, int Duplicates, int FirstDuplicateLine);

/// <summary>
/// Reads a bipartite layer from CSV: a header whose first two columns are input,output, then one link per line
/// as 0-based integer ids (further columns ignored); or `sparsegpu export`'s own edge list (layer,input,output,
/// weight), of which one layer is read. Errors name the file and line.
/// </summary>
public static class EdgeListCsv
{
    /// <param name="checkSize">Called with (inputs, outputs, links) before the layer is built, to refuse sizes that
    /// would not fit in memory.</param>
    /// <param name="layer">The layer (1-based) to read from an export edge list; null for a plain one.</param>
    public static EdgeList Read(
        string path,
        int? inputs,
        int? outputs,
        Action<int, int, int>? checkSize = null,
        int? layer = null
    )
    {
        string[] lines = InputFile.ReadAllLines(path);
        return Parse(lines, path, inputs, outputs, checkSize, layer);
    }

    public static EdgeList Parse(
        IReadOnlyList<string> lines,
        string path,
        int? inputs,
        int? outputs,
        Action<int, int, int>? checkSize = null,
        int? layer = null
    )
    {
        if (inputs is <= 0)
            throw new InvalidSettingException("inputs", $" must be positive, got {inputs}");
        if (outputs is <= 0)
            throw new InvalidSettingException("outputs", $" must be positive, got {outputs}");
        int first = 0;
        while (first < lines.Count && string.IsNullOrWhiteSpace(lines[first]))
            first++;
        if (first == lines.Count)
            throw new SparseGpuException($"{path}: empty file (expected a header 'input,output' and links)");
        string[] header = lines[first].Split(',');
        // export's edge list: a leading layer column, and one layer of it is scored.
        bool layered =
            header.Length >= 3 && Is(header[0], "layer") && Is(header[1], "input") && Is(header[2], "output");
        int skip = layered ? 1 : 0;
        if (!layered && (header.Length < 2 || !Is(header[0], "input") || !Is(header[1], "output")))
            throw new SparseGpuException(
                $"{path}:{first + 1}: the header must start with 'input,output' (or 'layer,input,output', as export "
                    + $"writes it), got '{lines[first].Trim()}'"
            );
        if (layered && layer is null)
            throw new SparseGpuException(
                $"{path}: an edge list of several layers (layer,input,output); give --layer N to score one"
            );
        if (!layered && layer is not null)
            throw new SparseGpuException(
                $"--layer {layer}: {path} holds one layer (input,output); --layer goes with --model or an export "
                    + "edge list"
            );

        var links = new List<(int Input, int Output, int Line)>();
        var layersSeen = new SortedSet<int>();
        for (int i = first + 1; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            string[] fields = lines[i].Split(',');
            if (fields.Length < 2 + skip)
                throw new SparseGpuException(
                    $"{path}:{i + 1}: expected '{(layered ? "layer," : "")}input,output', got '{lines[i].Trim()}'"
                );
            if (layered)
            {
                int rowLayer = Id(fields[0], "layer", path, i + 1);
                layersSeen.Add(rowLayer);
                if (rowLayer != layer)
                    continue;
            }
            links.Add((Id(fields[skip], "input", path, i + 1), Id(fields[skip + 1], "output", path, i + 1), i + 1));
        }
        if (links.Count == 0 && layered)
            throw new SparseGpuException(
                $"{path}: no links of layer {layer} (the file has layers {string.Join(", ", layersSeen)})"
            );
        if (links.Count == 0)
            throw new SparseGpuException($"{path}: no links after the header");

        int inputCount = inputs ?? links.Max(l => l.Input) + 1;
        int outputCount = outputs ?? links.Max(l => l.Output) + 1;
        checkSize?.Invoke(inputCount, outputCount, links.Count);
        foreach (var (input, output, line) in links)
        {
            if (input >= inputCount)
                throw new SparseGpuException($"{path}:{line}: input id {input} is not below --inputs {inputCount}");
            if (output >= outputCount)
                throw new SparseGpuException($"{path}:{line}: output id {output} is not below --outputs {outputCount}");
        }

        var seen = new HashSet<long>();
        var keys = new List<long>();
        int duplicates = 0,
            firstDuplicate = 0;
        foreach (var (input, output, line) in links)
        {
            long key = (long)output * inputCount + input;
            if (seen.Add(key))
                keys.Add(key);
            else if (duplicates++ == 0)
                firstDuplicate = line;
        }
        keys.Sort();
        return new EdgeList(
            LayerTopology.FromSortedKeys(inputCount, outputCount, keys.ToArray()),
            duplicates,
            firstDuplicate
        );
    }

    private static bool Is(string field, string name) =>
        string.Equals(field.Trim().Trim('"'), name, StringComparison.OrdinalIgnoreCase);

    private static int Id(string field, string column, string path, int line)
    {
        string text = field.Trim();
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int id))
            throw new SparseGpuException($"{path}:{line}: {column} id '{text}' is not an integer");
        if (id < 0)
            throw new SparseGpuException($"{path}:{line}: {column} id {id} is negative");
        // The node count is the largest id + 1, which must itself be an int.
        if (id == int.MaxValue)
            throw new SparseGpuException($"{path}:{line}: {column} id {id} is too large (at most {int.MaxValue - 1})");
        return id;
    }
}
