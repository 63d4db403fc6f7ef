using SparseGpu.Model;
using System.Runtime.CompilerServices;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// Scores every candidate of one output neuron v at a time, in work proportional to the paths through v. It uses
/// the closed form of the definition: for a path v–a–b–u, 1+e(a) = deg(a) − |N(a) ∩ N(u)| and
/// 1+e(b) = deg(b) − |N(b) ∩ N(v)| (every link between a community input and a community output lies on a path,
/// so "links to the community" are exactly those shared neighbours). Per v it counts |N(b) ∩ N(v)| over the
/// outputs two steps away, then for each a ∈ N(v) counts |N(a) ∩ N(u)| over the inputs three steps away and adds
/// 1/√(product) to u's score, a and b in ascending order, in double precision. The ILGPU kernel does the same
/// steps in the same order, so both give bit-identical scores. Scratch is O(inputs + outputs), reused across
/// outputs through generation stamps instead of clearing.
/// </summary>
internal sealed class Ch3L3RowScorer
{
    private readonly LayerTopology _t;
    private readonly ExcludedLinks _excluded;
    private readonly int[] _inputState;      // 2g: u blocked (linked to v or excluded); 2g+1: u has a score for v
    private readonly double[] _score;
    private readonly int[] _sharedWithAStamp;
    private readonly int[] _sharedWithA;     // |N(a) ∩ N(u)| for the current a
    private readonly int[] _sharedWithVStamp;
    private readonly int[] _sharedWithV;     // |N(b) ∩ N(v)| for the current v
    private readonly List<int> _touched = [];

    public Ch3L3RowScorer(LayerTopology topology, ExcludedLinks excluded)
    {
        _t = topology;
        _excluded = excluded;
        _inputState = new int[topology.Inputs];
        _score = new double[topology.Inputs];
        _sharedWithAStamp = new int[topology.Inputs];
        _sharedWithA = new int[topology.Inputs];
        _sharedWithVStamp = new int[topology.Outputs];
        _sharedWithV = new int[topology.Outputs];
    }

    /// <summary>Scores the candidates of output <paramref name="v"/> and offers each positive one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScoreOutput(int v, Action<ScoredLink> offer)
    {
        ReadOnlySpan<int> rowOffsets = _t.RowOffsets, columns = _t.Columns;
        ReadOnlySpan<int> tOffsets = _t.TransposeOffsets, tRows = _t.TransposeRows;
        int blocked = 2 * (v + 1), scored = blocked + 1;

        for (int p = rowOffsets[v]; p < rowOffsets[v + 1]; p++) _inputState[columns[p]] = blocked;
        for (int p = _excluded.RowOffsets[v]; p < _excluded.RowOffsets[v + 1]; p++) _inputState[_excluded.Inputs[p]] = blocked;

        // |N(b) ∩ N(v)| for every output b two steps from v.
        for (int p = rowOffsets[v]; p < rowOffsets[v + 1]; p++)
        {
            int a = columns[p];
            for (int q = tOffsets[a]; q < tOffsets[a + 1]; q++)
            {
                int b = tRows[q];
                if (_sharedWithVStamp[b] != v + 1)
                {
                    _sharedWithVStamp[b] = v + 1;
                    _sharedWithV[b] = 0;
                }
                _sharedWithV[b]++;
            }
        }

        _touched.Clear();
        for (int p = rowOffsets[v]; p < rowOffsets[v + 1]; p++)
        {
            int a = columns[p];
            int degreeA = tOffsets[a + 1] - tOffsets[a];
            int stamp = p + 1; // the link (a, v) is unique: a stamp no other (v, a) pair uses

            // |N(a) ∩ N(u)| for every input u three steps from v through a.
            for (int q = tOffsets[a]; q < tOffsets[a + 1]; q++)
            {
                int b = tRows[q];
                if (b == v) continue;
                for (int r = rowOffsets[b]; r < rowOffsets[b + 1]; r++)
                {
                    int u = columns[r];
                    if (_sharedWithAStamp[u] != stamp)
                    {
                        _sharedWithAStamp[u] = stamp;
                        _sharedWithA[u] = 0;
                    }
                    _sharedWithA[u]++;
                }
            }

            for (int q = tOffsets[a]; q < tOffsets[a + 1]; q++)
            {
                int b = tRows[q];
                if (b == v) continue;
                int outerB = rowOffsets[b + 1] - rowOffsets[b] - _sharedWithV[b];
                for (int r = rowOffsets[b]; r < rowOffsets[b + 1]; r++)
                {
                    int u = columns[r];
                    int state = _inputState[u];
                    if (state == blocked) continue;
                    if (state != scored)
                    {
                        _inputState[u] = scored;
                        _score[u] = 0.0;
                        _touched.Add(u);
                    }
                    _score[u] += 1.0 / Math.Sqrt((double)((long)(degreeA - _sharedWithA[u]) * outerB));
                }
            }
        }

        long rowKey = (long)v * _t.Inputs;
        foreach (int u in _touched) offer(new ScoredLink(rowKey + u, _score[u]));
    }
}
