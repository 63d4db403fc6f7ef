namespace SparseGpu.LinkPrediction;

/// <summary>
/// Keeps the <see cref="Capacity"/> best candidates offered so far (a bounded heap whose root is the worst kept),
/// so selecting the top k of millions of candidates needs memory for k only.
/// </summary>
public sealed class BestLinks
{
    private readonly LinkRanking _ranking;
    private readonly PriorityQueue<ScoredLink, ScoredLink> _kept;

    public BestLinks(int capacity, LinkRanking ranking)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _ranking = ranking;
        // The queue dequeues its smallest priority first: make "smallest" mean "ranked last".
        _kept = new PriorityQueue<ScoredLink, ScoredLink>(Comparer<ScoredLink>.Create((a, b) => ranking.Compare(b, a)));
    }

    public int Capacity { get; }
    public int Count => _kept.Count;

    public void Offer(ScoredLink link)
    {
        if (Capacity == 0)
            return;
        if (_kept.Count < Capacity)
        {
            _kept.Enqueue(link, link);
            return;
        }
        ScoredLink worst = _kept.Peek();
        if (_ranking.Compare(link, worst) < 0)
            _kept.EnqueueDequeue(link, link);
    }

    public void Merge(BestLinks other)
    {
        foreach (var (link, _) in other._kept.UnorderedItems)
            Offer(link);
    }

    /// <summary>The kept candidates, best first.</summary>
    public ScoredLink[] Ranked()
    {
        ScoredLink[] result = _kept.UnorderedItems.Select(item => item.Element).ToArray();
        Array.Sort(result, _ranking.Compare);
        return result;
    }
}
