namespace ImmutableId.Api.Webhooks;

/// <summary>The body of every delivery (the Standard Webhooks shape: type, timestamp, data).</summary>
/// <param name="Type">The event: job.ended.</param>
/// <param name="Timestamp">When the event was recorded.</param>
/// <param name="SubscriptionId">The subscription it was sent for.</param>
/// <param name="Data">The job.</param>
public sealed record WebhookEventPayload(string Type, DateTimeOffset Timestamp, Guid SubscriptionId, WebhookJobView Data);
