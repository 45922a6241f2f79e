using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ImmutableId.Core.Audit;

namespace ImmutableId.Storage;

/// <summary>
/// The sort key both stores order audit records by (newest first) and the continuation tokens built from it:
/// the inverted millisecond of the version-7 operation id, then the id.
/// </summary>
internal static class AuditKeys
{
    private const long MaxMilliseconds = 999_999_999_999_999; // 15 digits: far beyond year 9999 in Unix ms.
    private const int MaxDays = 999_999;
    private const string TokenPrefix = "a1:";

    /// <summary>The operation's instant, from its version-7 id.</summary>
    public static DateTimeOffset TimeOf(Guid operationId) =>
        AuditRecord.TimeOf(operationId) ?? throw new ArgumentException("Audit operation ids must be version-7 GUIDs (AuditRecord.NewOperationId).", nameof(operationId));

    /// <summary>
    /// Whether a provisioning may be recorded on <paramref name="record"/>: its outcome is final and it holds no
    /// provisioning yet, or a pending one (a final provisioning is never overwritten).
    /// </summary>
    public static bool AcceptsProvisioning(AuditRecord record) =>
        record.Outcome != AuditOutcome.Pending && record.Provisioning is null or { Outcome: AuditOutcome.Pending };

    /// <summary>The sort key: smaller is newer.</summary>
    public static string SortKey(Guid operationId) =>
        (MaxMilliseconds - TimeOf(operationId).ToUnixTimeMilliseconds()).ToString("D15", CultureInfo.InvariantCulture) + "_" + operationId.ToString("N");

    /// <summary>The day bucket (Azure Tables partition key): smaller is newer.</summary>
    public static string DayKey(Guid operationId) =>
        (MaxDays - (int)(TimeOf(operationId).ToUnixTimeMilliseconds() / 86_400_000)).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>
    /// How far a record's <c>Time</c> may lie from its id's instant (both are taken at the start of the attempt), so
    /// that a time bound can also bound the keys: a query seeks to the key range and filters the exact time.
    /// </summary>
    public static readonly TimeSpan KeySlack = TimeSpan.FromHours(1);

    /// <summary>The smallest sort key a record that started before <paramref name="to"/> can have (with <see cref="KeySlack"/>).</summary>
    public static string SortKeyFloor(DateTimeOffset to) =>
        (MaxMilliseconds - Math.Min(MaxMilliseconds, (to + KeySlack).ToUnixTimeMilliseconds())).ToString("D15", CultureInfo.InvariantCulture);

    /// <summary>The smallest day key a record that started before <paramref name="to"/> can have (with <see cref="KeySlack"/>).</summary>
    public static string DayKeyFloor(DateTimeOffset to) =>
        (MaxDays - (int)((to + KeySlack).ToUnixTimeMilliseconds() / 86_400_000)).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The operation id a sort key names.</summary>
    public static Guid OperationIdOf(string sortKey) => Guid.ParseExact(sortKey[16..], "N");

    public static string ToToken(string sortKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(TokenPrefix + sortKey));

    /// <summary>The sort key a continuation token carries.</summary>
    /// <exception cref="ArgumentException">The token was not issued by this log.</exception>
    public static string FromToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(TokenPrefix, StringComparison.Ordinal))
            {
                var key = text[TokenPrefix.Length..];
                if (key.Length == 48 && key[15] == '_' && long.TryParse(key.AsSpan(0, 15), NumberStyles.None, CultureInfo.InvariantCulture, out _) &&
                    Guid.TryParseExact(key[16..], "N", out _))
                {
                    return key;
                }
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException("The continuation token is not one this audit log issued; start again without it.", nameof(token));
    }

    public static void Validate(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > AuditQuery.MaxPageSize)
        {
            throw new ArgumentException($"The page size must be between 1 and {AuditQuery.MaxPageSize}.", nameof(query));
        }
    }

    public static void ValidateForDelete(AuditOutcome outcome, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (outcome == AuditOutcome.Pending)
        {
            throw new ArgumentException("Pending intents are never deleted by retention: they are reconciled.", nameof(outcome));
        }
    }

    public static void ValidateForWrite(AuditRecord record, bool intent)
    {
        ArgumentNullException.ThrowIfNull(record);
        _ = TimeOf(record.OperationId);
        if (intent && record.Outcome != AuditOutcome.Pending)
        {
            throw new ArgumentException("An intent must be Pending; record final outcomes with WriteOutcomeAsync.", nameof(record));
        }

        if (!intent && record.Outcome == AuditOutcome.Pending)
        {
            throw new ArgumentException("An outcome cannot be Pending; record intents with WriteIntentAsync.", nameof(record));
        }
    }

    /// <summary>The UPN as the stores index it: lower-case, so that the UPN filter is case-insensitive.</summary>
    public static string? UpnKey(string? upn) => upn?.Trim().ToLowerInvariant();
}
