using System.Net;

namespace Switchboard.Media.Ice;

/// <summary>
/// The remote transport addresses that have sent us a valid check, each with the time of its latest one, and the one
/// the peer nominated (RFC 8445 §7.3.2). On an ICE-lite agent, the tuple of a pair is the sender's address on the
/// socket the agent serves, so a remote <see cref="IPEndPoint"/> identifies the pair.
/// </summary>
/// <remarks>
/// Written only by the thread that handles requests; <see cref="Selected"/> and <see cref="SelectedLastCheck"/> may be
/// read from any thread. Bounded: at most <see cref="Capacity"/> tuples, evicting the stalest non-selected one (only
/// authenticated checks get here, so this bounds a peer that walks through many ports, e.g. a NAT rebinding).
/// Looking up a known tuple allocates nothing; a new tuple costs one copy of its address, because the caller may
/// reuse its <see cref="IPEndPoint"/> for the next datagram.
/// </remarks>
internal sealed class ValidatedTuples
{
    public const int Capacity = 16;

    private readonly Dictionary<IPEndPoint, Tuple> _tuples = new(Capacity);
    private Tuple? _selected;

    /// <summary>The nominated tuple, or null before the first USE-CANDIDATE.</summary>
    public IPEndPoint? Selected => Volatile.Read(ref _selected)?.EndPoint;

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the selected tuple's latest valid check, if any.</summary>
    public long? SelectedLastCheck => Volatile.Read(ref _selected) is { } selected ? selected.LastCheck : null;

    /// <summary>How many tuples are tracked.</summary>
    public int Count => _tuples.Count;

    /// <summary>The timestamp of the latest valid check from <paramref name="endPoint"/>, if it is tracked.</summary>
    public long? GetLastCheck(IPEndPoint endPoint) => _tuples.TryGetValue(endPoint, out var tuple) ? tuple.LastCheck : null;

    /// <summary>
    /// Records a valid check from <paramref name="from"/> at <paramref name="timestamp"/>; with
    /// <paramref name="nominate"/> the tuple becomes the selected one (a later nomination of another tuple replaces it:
    /// Chrome moves after a network change). Returns whether the selection changed.
    /// </summary>
    public bool RecordValidCheck(IPEndPoint from, long timestamp, bool nominate)
    {
        if (!_tuples.TryGetValue(from, out var tuple))
        {
            if (_tuples.Count >= Capacity)
            {
                EvictStalest();
            }

            tuple = new Tuple(new IPEndPoint(from.Address, from.Port));
            _tuples.Add(tuple.EndPoint, tuple);
        }

        tuple.LastCheck = timestamp;
        if (!nominate || ReferenceEquals(_selected, tuple))
        {
            return false;
        }

        Volatile.Write(ref _selected, tuple);
        return true;
    }

    private void EvictStalest()
    {
        Tuple? stalest = null;
        foreach (var tuple in _tuples.Values)
        {
            if (!ReferenceEquals(tuple, _selected) && (stalest is null || tuple.LastCheck < stalest.LastCheck))
            {
                stalest = tuple;
            }
        }

        if (stalest is not null)
        {
            _tuples.Remove(stalest.EndPoint);
        }
    }

    private sealed class Tuple(IPEndPoint endPoint)
    {
        private long _lastCheck;

        public IPEndPoint EndPoint { get; } = endPoint;

        public long LastCheck
        {
            get => Volatile.Read(ref _lastCheck);
            set => Volatile.Write(ref _lastCheck, value);
        }
    }
}
