namespace ImmutableId.Core.Jobs;

/// <summary>A job's progress: items per status and per guardrail code.</summary>
/// <param name="ByStatus">Items per <see cref="JobItemStatus"/> (every status present, zeros included).</param>
/// <param name="ByCode">Items per guardrail code (an item with two codes counts under both).</param>
/// <param name="LastCompletedAt">When the latest item ended, for the rate.</param>
public sealed record JobCounts(
    IReadOnlyDictionary<JobItemStatus, int> ByStatus,
    IReadOnlyDictionary<string, int> ByCode,
    DateTimeOffset? LastCompletedAt)
{
    /// <summary>Items that have their outcome.</summary>
    public int Done => ByStatus.Where(p => p.Key.IsTerminal()).Sum(p => p.Value);

    /// <summary>Counts from a list of items (for stores that read them all).</summary>
    public static JobCounts From(IEnumerable<JobItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var byStatus = Enum.GetValues<JobItemStatus>().ToDictionary(s => s, _ => 0);
        var byCode = new SortedDictionary<string, int>(StringComparer.Ordinal);
        DateTimeOffset? last = null;
        foreach (var item in items)
        {
            byStatus[item.Status]++;
            foreach (var code in item.CodeList)
            {
                byCode[code] = byCode.GetValueOrDefault(code) + 1;
            }

            if (item.CompletedAt is { } at && (last is null || at > last))
            {
                last = at;
            }
        }

        return new JobCounts(byStatus, byCode, last);
    }
}
