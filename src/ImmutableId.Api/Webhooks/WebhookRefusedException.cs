namespace ImmutableId.Api.Webhooks;

/// <summary>Thrown by the sender's connect step when the host's addresses are refused; answered as a failed attempt.</summary>
internal sealed class WebhookRefusedException(WebhookRefusal refusal) : Exception(refusal.Detail)
{
    public WebhookRefusal Refusal { get; } = refusal;
}
