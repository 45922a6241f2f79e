using ImmutableId.Api.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary>
/// Timer: one webhook delivery pass every 30 seconds (record ended jobs' events, send due deliveries). A timer rather
/// than a hosted service: a Functions app scales to zero and runs hosted services only while an instance is up, while
/// the timer wakes it; the store's claims keep two instances from sending the same attempt.
/// </summary>
public sealed class WebhookDeliveryFunction(WebhookDispatcher dispatcher)
{
    /// <summary>NCRONTAB (with seconds): every 30 seconds.</summary>
    public const string Schedule = "*/30 * * * * *";

    [Function("WebhookDelivery")]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.RunOnceAsync(cancellationToken);
}
