using System.Numerics;
using SparseGpu.Engines.Cpu;
using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// <see cref="Ch3L3FewInputs"/> for one output at a time, with O(inputs + outputs) scratch reused across outputs
/// through stamps (v + 1 marks "this output"), plus the (input pair, output) entries of the current output.
/// </summary>
internal sealed class FewInputsRowScorer : IRowScorer
{
    /// <summary>Outputs whose links are prefetched ahead of their correction (row offsets twice as far).</summary>
    private const int OutputsAhead = 16;

    private readonly InputPairTables _tables;
    private readonly ExcludedLinks _excluded;
    private readonly int[] _rowOffsets;
    private readonly int[] _columns;
    private readonly double[] _score;
    private readonly int[] _paths;
    private readonly int[] _blockedStamp;
    private readonly int[] _ofVStamp;
    private int[] _entryOutputs = new int[1024];
    private int[] _entryPairs = new int[1024];
    private readonly int[] _sharedInputs;

    public FewInputsRowScorer(LayerTopology topology, InputPairTables tables, ExcludedLinks excluded)
    {
        _tables = tables;
        _excluded = excluded;
        (_rowOffsets, _columns, _, _) = topology.SharedArrays();
        int n = topology.Inputs;
        _score = new double[n];
        _paths = new int[n];
        _blockedStamp = new int[n];
        _ofVStamp = new int[n];
        _sharedInputs = new int[n];
    }

    /// <summary>Scores the candidates of output <paramref name="v"/> and offers each one that has a path.</summary>
    public void ScoreOutput(int v, Action<ScoredLink> offer)
    {
        int n = _tables.Inputs,
            stamp = v + 1;
        ReadOnlySpan<int> row = _columns.AsSpan(_rowOffsets[v], _rowOffsets[v + 1] - _rowOffsets[v]);
        if (row.Length == 0)
            return;
        foreach (int a in row)
            _ofVStamp[a] = _blockedStamp[a] = stamp;
        for (int p = _excluded.RowOffsets[v]; p < _excluded.RowOffsets[v + 1]; p++)
            _blockedStamp[_excluded.Inputs[p]] = stamp;

        // Every path counted as if its b shared only a with v: the table rows of v's inputs, a ascending.
        Array.Clear(_score);
        Array.Clear(_paths);
        foreach (int a in row)
        {
            AddRow(_tables.Base.AsSpan(a * n, n), _score);
            AddRow(_tables.Shared.AsSpan(a * n, n), _paths);
        }

        // The outputs b ≠ v sharing two or more inputs with v, each once: at the pair of its two smallest shared
        // inputs. Gathered first, so that b's links (a random read each) can be fetched ahead and the misses
        // overlap instead of queueing.
        int entries = 0;
        for (int i = 0; i < row.Length; i++)
        for (int j = i + 1; j < row.Length; j++)
        {
            int cell = row[i] * n + row[j];
            int from = _tables.PairOffsets[cell],
                to = _tables.PairOffsets[cell + 1];
            EnsureEntries(entries + to - from);
            for (int q = from; q < to; q++)
            {
                _entryOutputs[entries] = _tables.PairOutputs[q];
                _entryPairs[entries++] = cell;
            }
        }
        for (int k = 0; k < entries; k++)
        {
            if (k + 2 * OutputsAhead < entries)
                Simd.Prefetch(_rowOffsets, _entryOutputs[k + 2 * OutputsAhead]);
            if (k + OutputsAhead < entries)
                Simd.Prefetch(_columns, _rowOffsets[_entryOutputs[k + OutputsAhead]]);
            int b = _entryOutputs[k];
            if (b != v)
                Correct(b, _entryPairs[k], stamp);
        }

        long rowKey = (long)v * n;
        for (int u = 0; u < n; u++)
            if (_paths[u] > 0 && _blockedStamp[u] != stamp)
                offer(new ScoredLink(rowKey + u, _score[u]));
    }

    /// <summary>Replaces (deg b − 1)^-½ by (deg b − S)^-½ on every path through b, S = |N(b) ∩ N(v)|, when
    /// <paramref name="pairCell"/> (a·n + a') holds b's two smallest inputs shared with v.</summary>
    private void Correct(int b, int pairCell, int stamp)
    {
        int n = _tables.Inputs;
        ReadOnlySpan<int> bRow = _columns.AsSpan(_rowOffsets[b], _rowOffsets[b + 1] - _rowOffsets[b]);
        int shared = 0;
        foreach (int a in bRow)
            if (_ofVStamp[a] == stamp)
                _sharedInputs[shared++] = a;
        if (_sharedInputs[0] * n + _sharedInputs[1] != pairCell || shared == bRow.Length)
            return; // corrected at another of its pairs; or every input of b is v's, so no candidate is behind b
        double delta = 1.0 / Math.Sqrt(bRow.Length - shared) - 1.0 / Math.Sqrt(bRow.Length - 1);
        foreach (int u in bRow)
        {
            if (_blockedStamp[u] == stamp)
                continue;
            for (int k = 0; k < shared; k++)
                _score[u] += _tables.InverseOuterA[_sharedInputs[k] * n + u] * delta;
        }
    }

    private void EnsureEntries(int count)
    {
        if (count <= _entryOutputs.Length)
            return;
        int size = Math.Max(count, 2 * _entryOutputs.Length);
        Array.Resize(ref _entryOutputs, size);
        Array.Resize(ref _entryPairs, size);
    }

    private static void AddRow<T>(ReadOnlySpan<T> source, Span<T> target)
        where T : struct, INumber<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= source.Length - Vector<T>.Count; i += Vector<T>.Count)
                (new Vector<T>(source[i..]) + new Vector<T>(target[i..])).CopyTo(target[i..]);
        for (; i < source.Length; i++)
            target[i] += source[i];
    }
}
