namespace SparseGpu.Model;

/// <summary>
/// The links of one layer, stored sparsely: links grouped by output neuron (row offsets + input index per link, as
/// the forward pass reads them) and a transpose index grouped by input neuron (as the backward pass and path
/// counting read them). Memory is O(links + neurons); nothing here is ever n_in × n_out.
/// A link's key is output × Inputs + input, so sorted keys are exactly the storage order. Immutable.
/// </summary>
public sealed class LayerTopology
{
    private readonly int[] _rowOffsets;
    private readonly int[] _columns;
    private readonly int[] _rows;
    private readonly int[] _transposeOffsets;
    private readonly int[] _transposeLinks;
    private readonly int[] _transposeRows;

    private LayerTopology(int inputs, int outputs, int[] rowOffsets, int[] columns)
    {
        Inputs = inputs;
        Outputs = outputs;
        _rowOffsets = rowOffsets;
        _columns = columns;
        int links = columns.Length;
        _rows = new int[links];
        for (int row = 0; row < outputs; row++)
            Array.Fill(_rows, row, rowOffsets[row], rowOffsets[row + 1] - rowOffsets[row]);

        // Counting sort by input neuron; links of one input stay in ascending output order.
        _transposeOffsets = new int[inputs + 1];
        foreach (int column in columns)
            _transposeOffsets[column + 1]++;
        for (int i = 0; i < inputs; i++)
            _transposeOffsets[i + 1] += _transposeOffsets[i];
        _transposeLinks = new int[links];
        _transposeRows = new int[links];
        int[] next = _transposeOffsets[..inputs];
        for (int link = 0; link < links; link++)
        {
            int position = next[columns[link]]++;
            _transposeLinks[position] = link;
            _transposeRows[position] = _rows[link];
        }
    }

    public int Inputs { get; }
    public int Outputs { get; }
    public int LinkCount => _columns.Length;
    public long PossibleLinks => (long)Inputs * Outputs;

    /// <summary>Outputs + 1 offsets into the link arrays; row r's links are [RowOffsets[r], RowOffsets[r+1]).</summary>
    public ReadOnlySpan<int> RowOffsets => _rowOffsets;

    /// <summary>Input neuron of each link.</summary>
    public ReadOnlySpan<int> Columns => _columns;

    /// <summary>Output neuron of each link.</summary>
    public ReadOnlySpan<int> Rows => _rows;

    /// <summary>Inputs + 1 offsets into the transpose arrays.</summary>
    public ReadOnlySpan<int> TransposeOffsets => _transposeOffsets;

    /// <summary>Link ids grouped by input neuron, ascending output within an input.</summary>
    public ReadOnlySpan<int> TransposeLinks => _transposeLinks;

    /// <summary>Output neuron of each entry of <see cref="TransposeLinks"/> (saves one indirection in the backward
    /// pass).</summary>
    public ReadOnlySpan<int> TransposeRows => _transposeRows;

    /// <summary>
    /// The index arrays themselves, for formulas shared with the kernels that take element storage rather than spans
    /// (<see cref="Kernels.Ch3L3Row"/>). Callers must not write to them.
    /// </summary>
    internal (int[] RowOffsets, int[] Columns, int[] TransposeOffsets, int[] TransposeRows) SharedArrays() =>
        (_rowOffsets, _columns, _transposeOffsets, _transposeRows);

    public int InDegree(int output) => _rowOffsets[output + 1] - _rowOffsets[output];

    public int OutDegree(int input) => _transposeOffsets[input + 1] - _transposeOffsets[input];

    public long KeyOf(int link) => Key(_columns[link], _rows[link]);

    public long Key(int input, int output) => (long)output * Inputs + input;

    public (int Input, int Output) LinkOfKey(long key) => ((int)(key % Inputs), (int)(key / Inputs));

    /// <summary>All link keys in storage order (ascending).</summary>
    public long[] Keys()
    {
        long[] keys = new long[LinkCount];
        for (int link = 0; link < keys.Length; link++)
            keys[link] = KeyOf(link);
        return keys;
    }

    /// <summary>The link id of (input, output), or -1 when absent. O(log in-degree).</summary>
    public int FindLink(int input, int output)
    {
        int start = _rowOffsets[output];
        int found = Array.BinarySearch(_columns, start, _rowOffsets[output + 1] - start, input);
        return found >= 0 ? found : -1;
    }

    public bool Contains(int input, int output) => FindLink(input, output) >= 0;

    /// <summary>Builds a topology from strictly ascending keys (the caller's order is the storage order).</summary>
    public static LayerTopology FromSortedKeys(int inputs, int outputs, ReadOnlySpan<long> sortedKeys)
    {
        if (inputs <= 0 || outputs <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputs), "layer sizes must be positive");
        long possible = (long)inputs * outputs;
        int[] rowOffsets = new int[outputs + 1];
        int[] columns = new int[sortedKeys.Length];
        long previous = -1;
        for (int link = 0; link < sortedKeys.Length; link++)
        {
            long key = sortedKeys[link];
            if (key <= previous)
                throw new ArgumentException($"keys must be strictly ascending (key {key} after {previous})");
            if (key >= possible)
                throw new ArgumentException($"key {key} is outside a {inputs}x{outputs} layer");
            previous = key;
            columns[link] = (int)(key % inputs);
            rowOffsets[(int)(key / inputs) + 1]++;
        }
        for (int row = 0; row < outputs; row++)
            rowOffsets[row + 1] += rowOffsets[row];
        return new LayerTopology(inputs, outputs, rowOffsets, columns);
    }

    /// <summary>Builds a topology from (input, output) pairs in any order; duplicates are an error.</summary>
    public static LayerTopology FromLinks(int inputs, int outputs, IEnumerable<(int Input, int Output)> links)
    {
        var keys = new List<long>();
        foreach (var (input, output) in links)
        {
            if ((uint)input >= (uint)inputs || (uint)output >= (uint)outputs)
                throw new ArgumentException($"link ({input},{output}) is outside a {inputs}x{outputs} layer");
            keys.Add((long)output * inputs + input);
        }
        keys.Sort();
        return FromSortedKeys(inputs, outputs, keys.ToArray());
    }

    /// <summary>Every possible link: the dense read-out is this structure at density 1.</summary>
    public static LayerTopology Dense(int inputs, int outputs)
    {
        long[] keys = new long[checked(inputs * outputs)];
        for (int k = 0; k < keys.Length; k++)
            keys[k] = k;
        return FromSortedKeys(inputs, outputs, keys);
    }
}
