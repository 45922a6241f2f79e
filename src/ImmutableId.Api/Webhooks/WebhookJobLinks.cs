namespace ImmutableId.Api.Webhooks;

/// <summary>Where to read the job an event is about (absolute, on the host the subscription was created on).</summary>
/// <param name="Self">The job (GET /api/jobs/{id}).</param>
/// <param name="Items">Its users as JSON, paged.</param>
/// <param name="ItemsCsv">Its users as CSV.</param>
/// <param name="Report">Its readiness report as HTML.</param>
public sealed record WebhookJobLinks(string Self, string Items, string ItemsCsv, string Report);
