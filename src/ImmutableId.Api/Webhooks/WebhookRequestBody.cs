namespace ImmutableId.Api.Webhooks;

/// <summary>The body of POST /api/webhooks.</summary>
/// <param name="Url">The https URL each event is POSTed to (signed: webhook-id, webhook-timestamp, webhook-signature). In a Power Automate flow, the trigger fills it in.</param>
/// <param name="Events">The events to send: job.ended (the default).</param>
/// <param name="JobId">Only this job (one of yours); without it, every job of yours that ends from now on.</param>
public sealed record WebhookRequestBody(string? Url, IReadOnlyList<string>? Events = null, Guid? JobId = null);
