namespace ImmutableId.Api.Webhooks;

/// <summary>One attempt at a delivery.</summary>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">The receiver's HTTP status; null when no answer came.</param>
/// <param name="Error">Why it failed; null when it was accepted.</param>
public sealed record WebhookAttemptView(DateTimeOffset At, int? StatusCode, string? Error);
