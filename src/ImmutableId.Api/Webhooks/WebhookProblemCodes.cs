namespace ImmutableId.Api.Webhooks;

/// <summary>The stable problem codes of the webhooks API (RFC 9457 <c>code</c>).</summary>
public static class WebhookProblemCodes
{
    /// <summary>The url is missing, not absolute, too long, or carries user info or a fragment.</summary>
    public const string WebhookUrlInvalid = "WebhookUrlInvalid";

    /// <summary>The url is not https.</summary>
    public const string WebhookUrlNotHttps = "WebhookUrlNotHttps";

    /// <summary>The host is not in Webhooks:AllowedHosts.</summary>
    public const string WebhookHostNotAllowed = "WebhookHostNotAllowed";

    /// <summary>The host is, or resolves to, a refused address (loopback, private, link-local, CGNAT, multicast…).</summary>
    public const string WebhookAddressForbidden = "WebhookAddressForbidden";

    /// <summary>The host does not resolve.</summary>
    public const string WebhookHostUnresolvable = "WebhookHostUnresolvable";

    /// <summary>An event name this API does not send.</summary>
    public const string WebhookEventUnknown = "WebhookEventUnknown";

    /// <summary>The subscription id is not a GUID.</summary>
    public const string InvalidWebhookId = "InvalidWebhookId";

    /// <summary>The caller has no subscription with this id.</summary>
    public const string WebhookNotFound = "WebhookNotFound";

    /// <summary>The caller holds the most subscriptions allowed.</summary>
    public const string TooManyWebhooks = "TooManyWebhooks";
}
