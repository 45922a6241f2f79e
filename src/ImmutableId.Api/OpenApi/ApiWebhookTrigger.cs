namespace ImmutableId.Api.OpenApi;

/// <summary>
/// Marks a subscription operation as a webhook trigger for Power Automate and Logic Apps (<c>x-ms-trigger: single</c>):
/// the platform calls it with its callback URL in <paramref name="UrlProperty"/> (<c>x-ms-notification-url</c>) when a
/// flow is saved, and DELETEs the 201's Location when the flow is turned off or deleted.
/// </summary>
/// <param name="Notification">The body POSTed to the callback URL (<c>x-ms-notification-content</c>): the trigger's outputs.</param>
/// <param name="UrlProperty">The request body property the platform fills with its callback URL.</param>
/// <param name="Hint">What to do to see the trigger fire (<c>x-ms-trigger-hint</c>).</param>
/// <param name="NotificationDescription">What the notification is (the description of <c>x-ms-notification-content</c>).</param>
public sealed record ApiWebhookTrigger(Type Notification, string UrlProperty, string Hint, string NotificationDescription);
