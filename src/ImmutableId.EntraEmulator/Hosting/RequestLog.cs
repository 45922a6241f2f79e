namespace ImmutableId.EntraEmulator.Hosting;

/// <summary>Every Graph request received (HTTP round trips and the requests inside <c>$batch</c>), for tests to assert on.</summary>
public sealed class RequestLog(int capacity = RequestLog.DefaultCapacity)
{
    /// <summary>How many entries a log keeps unless told otherwise (the oldest tenth goes when it is full).</summary>
    public const int DefaultCapacity = 100_000;

    private readonly int _capacity = Math.Max(10, capacity);
    private readonly object _gate = new();
    private readonly List<RequestLogEntry> _entries = [];
    private long _sequence;

    /// <summary>A snapshot of the log in arrival order (a <c>$batch</c> comes before the requests it carried).</summary>
    public IReadOnlyList<RequestLogEntry> Entries
    {
        get { lock (_gate) { return _entries.OrderBy(e => e.Sequence).ToList(); } }
    }

    /// <summary>HTTP round trips only (a <c>$batch</c> counts once).</summary>
    public IReadOnlyList<RequestLogEntry> RoundTrips => Entries.Where(e => e.IsRoundTrip).ToList();

    /// <summary>Requests with this method, inside batches or not (e.g. <c>PATCH</c>: every write attempted).</summary>
    public IReadOnlyList<RequestLogEntry> WithMethod(string method) =>
        Entries.Where(e => string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    internal void Add(RequestLogEntry entry)
    {
        lock (_gate)
        {
            if (_entries.Count >= _capacity)
            {
                _entries.RemoveRange(0, _capacity / 10);
            }

            _entries.Add(entry);
        }
    }
}
