using ImmutableId.Core.Audit;

namespace ImmutableId.Core.Webhooks;

/// <summary>
/// A caller's request to be told about events: where to send them, which events, optionally for one job only.
/// It belongs to the app and principal that created it (<see cref="AuditCaller.ScopeKey"/>): only they read or delete
/// it, and it hears only about their own jobs.
/// </summary>
/// <param name="Id">A version-7 GUID.</param>
/// <param name="Owner">Who subscribed.</param>
/// <param name="Url">The https callback URL (validated against the address rules when created and at each delivery).</param>
/// <param name="Events">The events to send (<see cref="WebhookEvents"/>).</param>
/// <param name="JobId">Only this job's events; null for every job of the owner.</param>
/// <param name="Secret">The Standard Webhooks signing secret (<c>whsec_</c> + base64 of 32 random bytes); shown once to the caller.</param>
/// <param name="ApiBaseUrl">The API's absolute base as the caller reached it (scheme, host, path base): the links in each payload start with it.</param>
/// <param name="CreatedAt">When it was created: jobs that ended before are not announced (except the one job it watches).</param>
public sealed record WebhookSubscription(
    Guid Id,
    AuditCaller Owner,
    Uri Url,
    IReadOnlyList<string> Events,
    Guid? JobId,
    string Secret,
    string ApiBaseUrl,
    DateTimeOffset CreatedAt)
{
    /// <summary>How many subscriptions one caller may hold.</summary>
    public const int MaxPerOwner = 25;
}
