namespace ImmutableId.Api.Webhooks;

/// <summary>A webhook subscription.</summary>
/// <param name="Id">The subscription id.</param>
/// <param name="Url">Where events go (its query string is not shown: it may hold a signature, as Power Automate's callback URLs do).</param>
/// <param name="Events">The events sent.</param>
/// <param name="JobId">The one job it watches; null for every job of yours.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Secret">The signing secret (whsec_…): shown only in the answer to POST /api/webhooks. Keep it to verify webhook-signature.</param>
/// <param name="Self">The subscription: GET it for its deliveries, DELETE it to unsubscribe.</param>
/// <param name="Deliveries">The newest deliveries (at most 20), newest first; empty in lists.</param>
public sealed record WebhookView(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    Guid? JobId,
    DateTimeOffset CreatedAt,
    string? Secret,
    string Self,
    IReadOnlyList<WebhookDeliveryView> Deliveries);
