namespace ImmutableId.Api.Webhooks;

/// <summary>The caller's webhook subscriptions.</summary>
/// <param name="Value">The subscriptions, oldest first (no secrets, no deliveries).</param>
public sealed record WebhookList(IReadOnlyList<WebhookView> Value);
