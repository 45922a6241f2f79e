using ImmutableId.Core.Entra;
using Microsoft.Graph.Models.ODataErrors;

namespace ImmutableId.Entra.Graph;

/// <summary>
/// Maps a refused PATCH of onPremisesImmutableId to its outcome by the error's structure — HTTP status,
/// <c>error.code</c>, <c>details[].code</c>/<c>target</c> — and falls back to the message only where Graph gives
/// no structural marker (the synced-user 400 has none).
/// </summary>
internal static class GraphWriteErrors
{
    private const string Property = "onPremisesImmutableId";

    public static EntraWriteResult Map(ODataError error)
    {
        var status = error.ResponseStatusCode;
        var code = error.Error?.Code;
        var message = error.Error?.Message ?? error.Message;
        var details = error.Error?.Details ?? [];
        var requestId = error.Error?.InnerError?.RequestId ?? Header(error, "request-id");

        EntraWriteResult Result(EntraWriteStatus s, string? conflicting = null) => new(s, requestId, message, null, conflicting);

        switch (status)
        {
            case 404:
                return Result(EntraWriteStatus.UserNotFound);
            case 401 or 403:
                // 403 Authorization_RequestDenied: the target holds a privileged role and our identity may not change
                // its sensitive properties (or the identity lacks User.ReadWrite.All).
                return Result(EntraWriteStatus.Forbidden);
            case 400:
                if (details.Any(d => Is(d.Code, "ObjectConflict") && Is(d.Target, Property)))
                {
                    var holder = details.FirstOrDefault(d => Is(d.Code, "ConflictingObjects"))?.Target;
                    return Result(EntraWriteStatus.AnchorInUse, ObjectIdFromTarget(holder));
                }

                if (details.Any(d => Is(d.Code, "FederatedDomain")) || message.Contains("federated", StringComparison.OrdinalIgnoreCase))
                {
                    return Result(EntraWriteStatus.FederatedDomain);
                }

                if (details.Any(d => Is(d.Code, "InvalidValue") && Is(d.Target, Property)) ||
                    message.Contains($"Invalid value specified for property '{Property}'", StringComparison.OrdinalIgnoreCase))
                {
                    return Result(EntraWriteStatus.InvalidValue);
                }

                if (message.Contains("on-premises mastered", StringComparison.OrdinalIgnoreCase) || message.Contains("Directory Sync", StringComparison.OrdinalIgnoreCase))
                {
                    return Result(EntraWriteStatus.SyncedUser);
                }

                // Any other 400 (code Request_BadRequest or BadRequest): Graph refused the value or the request.
                return Result(EntraWriteStatus.InvalidValue);
            default:
                return Result(status == 429 ? EntraWriteStatus.Throttled : EntraWriteStatus.Unavailable);
        }
    }

    /// <summary><c>User_1234…</c> (Graph's ConflictingObjects target) → <c>1234…</c>.</summary>
    internal static string? ObjectIdFromTarget(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return null;
        }

        var underscore = target.IndexOf('_', StringComparison.Ordinal);
        var id = underscore >= 0 ? target[(underscore + 1)..] : target;
        return Guid.TryParse(id, out var guid) ? guid.ToString() : null;
    }

    private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private static string? Header(ODataError error, string name) =>
        GraphHeaders.Value(error.ResponseHeaders, name);
}
