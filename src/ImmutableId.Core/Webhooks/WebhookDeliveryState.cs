namespace ImmutableId.Core.Webhooks;

/// <summary>Where a delivery is.</summary>
public enum WebhookDeliveryState
{
    /// <summary>Not yet accepted by the receiver; sent when <see cref="WebhookDelivery.NextAttemptAt"/> comes.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed (or the receiver answered 410 Gone, or its address is refused): nothing more is tried.</summary>
    Failed,

    /// <summary>Its subscription was deleted before it was delivered.</summary>
    Abandoned,
}
