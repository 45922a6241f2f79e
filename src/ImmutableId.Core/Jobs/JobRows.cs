using ImmutableId.Core.Tickets;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Core.Jobs;

/// <summary>
/// Validates a job's rows up front, all of them, so the caller gets every offending row in one answer and nothing is
/// queued unless all are valid: user syntax, source, objectGUID hint, ticket length, and duplicates — the same person
/// named twice by the same kind of name (a GUID in another form or case, a UPN in another case).
/// </summary>
/// <remarks>
/// A person named once by UPN and once by objectGUID is only known to be the same after resolution; the per-user
/// lease and the re-read inside it make the second item a no-change then (never a second write).
/// </remarks>
public static class JobRows
{
    /// <summary>The items, or every error (empty items then).</summary>
    public static (IReadOnlyList<JobItem> Items, IReadOnlyList<JobRowError> Errors) Validate(Guid jobId, IReadOnlyList<JobRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var errors = new List<JobRowError>();
        var items = new List<JobItem>(rows.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var text = row.User?.Trim();
            if (!UserKey.TryParse(text, out var key, out var error))
            {
                errors.Add(new JobRowError(row.Row, "InvalidUser", error, Cut(row.User)));
                continue;
            }

            var identity = key.IsObjectGuid ? "guid:" + key.ObjectGuid.Value.ToString("N") : "upn:" + key.UserPrincipalName.ToUpperInvariant();
            if (seen.TryGetValue(identity, out var first))
            {
                errors.Add(new JobRowError(row.Row, "DuplicateUser", $"The same user is already named in row {first}; name each user once.", Cut(row.User)));
                continue;
            }

            seen[identity] = row.Row;
            AnchorSourcePreference? source = null;
            if (!string.IsNullOrWhiteSpace(row.Source))
            {
                if (!Enum.TryParse<AnchorSourcePreference>(row.Source.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(row.Source, out _))
                {
                    errors.Add(new JobRowError(row.Row, "InvalidSource", "source is auto, consistencyGuid or objectGuid (or empty for the job's source).", Cut(row.Source)));
                    continue;
                }

                source = parsed;
            }

            Guid? hint = null;
            if (!string.IsNullOrWhiteSpace(row.ObjectGuid))
            {
                if (!UserKey.TryParseGuid(row.ObjectGuid.Trim(), out var guid) || guid == Guid.Empty)
                {
                    errors.Add(new JobRowError(row.Row, "InvalidObjectGuid", "objectGuid is the AD object's GUID, e.g. 35918bc9-196d-40ea-9779-889d79b753f0 (or empty).", Cut(row.ObjectGuid)));
                    continue;
                }

                hint = guid;
            }

            var ticket = string.IsNullOrWhiteSpace(row.Ticket) ? null : row.Ticket.Trim();
            if (!TicketReference.IsValid(ticket))
            {
                errors.Add(new JobRowError(row.Row, "InvalidTicket", TicketReference.Error, Cut(row.Ticket)));
                continue;
            }

            items.Add(new JobItem(jobId, items.Count, key.ToString(), source, hint, ticket));
        }

        return errors.Count > 0 ? ([], errors) : (items, errors);
    }

    private static string? Cut(string? value) => value is { Length: > 256 } ? value[..256] : value;
}
