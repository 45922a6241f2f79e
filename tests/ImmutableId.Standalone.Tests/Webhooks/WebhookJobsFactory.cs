using ImmutableId.Standalone.Tests.Jobs;

namespace ImmutableId.Standalone.Tests.Webhooks;

/// <summary>
/// <see cref="JobsFactory"/> (Development environment, the hosted job worker) with the webhook worker polling every
/// 100 ms, retries 0.1 s apart and the test switch that lets callbacks go to a loopback receiver over http.
/// </summary>
public sealed class WebhookJobsFactory : JobsFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(HostSettings)
    {
        ["Webhooks:AllowLoopbackForTests"] = "true",
        ["Webhooks:PollMilliseconds"] = "100",
        ["Webhooks:FirstRetrySeconds"] = "0.1",
    };
}
