using System.Security.Cryptography;
using System.Text;

namespace ImmutableId.Core.Webhooks;

/// <summary>
/// One event for one subscription: the outbox record, written durably before anything is sent, then updated after each
/// attempt. Its <see cref="Id"/> is the Standard Webhooks <c>webhook-id</c>: the same on every retry, so a receiver
/// dedupes, and derived from subscription, job and event, so recording it twice stores it once.
/// </summary>
/// <param name="Id">The message id (<c>msg_</c> + 32 hex digits).</param>
/// <param name="SubscriptionId">The subscription it goes to.</param>
/// <param name="JobId">The job it is about.</param>
/// <param name="Event">The event (<see cref="WebhookEvents"/>).</param>
/// <param name="Payload">The exact body sent on every attempt (JSON).</param>
/// <param name="State">Pending, delivered, failed or abandoned.</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="NextAttemptAt">When the next attempt is due (pending only).</param>
/// <param name="Attempts">Every attempt so far, oldest first.</param>
public sealed record WebhookDelivery(
    string Id,
    Guid SubscriptionId,
    Guid JobId,
    string Event,
    string Payload,
    WebhookDeliveryState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    IReadOnlyList<WebhookAttempt> Attempts)
{
    /// <summary>The message id of <paramref name="eventName"/> about <paramref name="jobId"/> for <paramref name="subscriptionId"/>: the same every time.</summary>
    public static string MessageId(Guid subscriptionId, Guid jobId, string eventName)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{subscriptionId:N}/{jobId:N}/{eventName}"));
        return "msg_" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
