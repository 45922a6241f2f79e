namespace ImmutableId.Core.Webhooks;

/// <summary>One try at sending a delivery.</summary>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">The receiver's HTTP status; null when no answer came (refused address, connection error, timeout).</param>
/// <param name="Error">Why it failed, in a few words (never the URL's query or the secret); null on success.</param>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, string? Error);
