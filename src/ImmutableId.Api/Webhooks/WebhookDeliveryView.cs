namespace ImmutableId.Api.Webhooks;

/// <summary>One event sent (or to be sent) to a subscription.</summary>
/// <param name="Id">The message id: the webhook-id header, the same on every retry.</param>
/// <param name="Event">The event: job.ended.</param>
/// <param name="JobId">The job it is about.</param>
/// <param name="State">pending, delivered, failed or abandoned.</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="NextAttemptAt">When it is tried next; null unless pending.</param>
/// <param name="Attempts">Every attempt, oldest first.</param>
public sealed record WebhookDeliveryView(
    string Id,
    string Event,
    Guid JobId,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<WebhookAttemptView> Attempts);
